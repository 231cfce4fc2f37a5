"""Measures, their values per period, and joint reviews (ISO 44003 5.11, 5.1.3.3 b, 5.3.3.7).

Joint measures and their values belong to a collaboration; an organization's private
measures (its own margin on a relationship, say) belong to the organization and never leave
it. Both share their fields through the abstract bases below, and one set of services and
selectors (``accord.measures.services`` / ``selectors``) serves both.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accord.actions.models import ActionStatus
from accord.core.fields import LineField, TextBlockField
from accord.core.models import CollaborationScopedModel, OrganizationScopedModel, VersionedModel
from accord.measures.periods import FIRST_YEAR, LAST_YEAR, Frequency, check_year, period_label, period_start
from accord.measures.status import Direction, Status, value_status

NAME_MAX = 200
UNIT_MAX = 40
VALUE_DIGITS, VALUE_PLACES = 18, 4


class MeasureKind(models.TextChoices):
    DELIVERY = "delivery", _("Delivery KPI")
    HEALTH = "health", _("Relationship health")


class MeasureBase(VersionedModel):
    """What every measure has: what it measures, which way is good, the target and the
    warning boundary, how often it is measured and who supplies the figures."""

    name = LineField(_("name"), max_length=NAME_MAX)
    kind = models.CharField(
        _("kind"), max_length=8, choices=MeasureKind.choices, default=MeasureKind.DELIVERY
    )
    description = TextBlockField(_("how it is measured"), blank=True)
    unit = LineField(
        _("unit"), max_length=UNIT_MAX, blank=True, help_text=_("e.g. %, tickets, days, score 1-5")
    )
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    target = models.DecimalField(
        _("target"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, null=True, blank=True
    )
    warning = models.DecimalField(
        _("off-track boundary"),
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        null=True,
        blank=True,
        help_text=_(
            "Between the target and this value the measure is at risk; beyond it, off track. "
            "Leave empty to call every miss of the target off track."
        ),
    )
    frequency = models.CharField(
        _("frequency"), max_length=9, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    start_date = models.DateField(
        _("measured from"),
        default=datetime.date.today,
        help_text=_("Values are due for every period that has ended since this date."),
    )
    data_owner_name = LineField(_("data owner"), max_length=NAME_MAX, blank=True)
    data_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("data owner (user)"),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.warning is not None:
            if self.target is None:
                raise ValidationError({"warning": _("Set a target before an off-track boundary.")})
            if self.direction == Direction.HIGHER and self.warning > self.target:
                raise ValidationError(
                    {"warning": _("When higher is better, the off-track boundary is at or below the target.")}
                )
            if self.direction == Direction.LOWER and self.warning < self.target:
                raise ValidationError(
                    {"warning": _("When lower is better, the off-track boundary is at or above the target.")}
                )
        if self.start_date and self.frequency:
            try:
                check_year(self.start_date)
            except ValueError:
                raise ValidationError(
                    {
                        "start_date": _("Choose a date between %(first)s and %(last)s.")
                        % {"first": FIRST_YEAR, "last": LAST_YEAR}
                    }
                )
            self.start_date = period_start(self.start_date, self.frequency)

    # Straight from the enums (get_FOO_display() hashes every lazy label on each call).
    @property
    def kind_label(self) -> str:
        return MeasureKind(self.kind).label

    @property
    def direction_label(self) -> str:
        return Direction(self.direction).label

    @property
    def frequency_label(self) -> str:
        return Frequency(self.frequency).label

    @property
    def data_owner_display(self) -> str:
        if self.data_owner_name:
            return self.data_owner_name
        if self.data_owner_id and self.data_owner is not None:
            return self.data_owner.display_name
        return ""

    def status_of(self, value: Decimal | None) -> Status:
        return value_status(value, direction=self.direction, target=self.target, warning=self.warning)

    def thresholds_text(self) -> str:
        """The rule in words, for tables and documents."""
        if self.target is None:
            return ""
        sign = "≥" if self.direction == Direction.HIGHER else "≤"
        text = f"{sign} {_fmt(self.target)}"
        if self.warning is not None:
            text += " · " + str(_("at risk to %(warning)s")) % {"warning": _fmt(self.warning)}
        return text


class MeasureValueBase(VersionedModel):
    """One measure's value for one period (the period's first day). A correction is an edit
    of the same row: the history keeps every earlier figure."""

    period = models.DateField(_("period"))
    value = models.DecimalField(_("value"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    note = LineField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"

    @property
    def period_label(self) -> str:
        return period_label(self.period, self.measure.frequency)


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)
    return text


# --- joint measures ------------------------------------------------------------------------


class JointMeasure(CollaborationScopedModel, MeasureBase):
    """A delivery KPI or relationship-health measure the parties track together."""

    owner_party = models.ForeignKey(
        "collaborations.Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner party"),
    )
    objectives = models.ManyToManyField(
        "objectives.JointObjective",
        blank=True,
        related_name="measures",
        verbose_name=_("joint objectives it evidences"),
    )
    history = HistoricalRecords(m2m_fields=[objectives])

    class Meta:
        ordering = ["kind", "name", "id"]
        indexes = [models.Index(fields=["collaboration", "name"])]


class JointMeasureValue(CollaborationScopedModel, MeasureValueBase):
    measure = models.ForeignKey(JointMeasure, on_delete=models.CASCADE, related_name="values")
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure_id", "period"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="joint_measure_value_period")
        ]


# --- private measures ----------------------------------------------------------------------


class PrivateMeasure(OrganizationScopedModel, MeasureBase):
    """A measure an organization keeps for itself (its margin on a relationship, say): never
    shown in a joint space."""

    relationship = models.ForeignKey(
        "relationships.Relationship",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("relationship"),
    )
    objectives = models.ManyToManyField(
        "objectives.Objective",
        blank=True,
        related_name="measures",
        verbose_name=_("own objectives it evidences"),
    )
    history = HistoricalRecords(m2m_fields=[objectives])

    class Meta:
        ordering = ["kind", "name", "id"]
        indexes = [models.Index(fields=["organization", "name"])]


class PrivateMeasureValue(OrganizationScopedModel, MeasureValueBase):
    measure = models.ForeignKey(PrivateMeasure, on_delete=models.CASCADE, related_name="values")
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure_id", "period"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="private_measure_value_period")
        ]


# --- joint reviews -------------------------------------------------------------------------


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", pgettext_lazy("review status", "Closed")


class JointReview(CollaborationScopedModel, VersionedModel):
    """A periodic joint review of performance (ISO 44003 5.11): the measures as they stood,
    what the parties found and learned. ``snapshot`` keeps every joint measure's values and
    status for the period as taken when the review was created (and again when it is
    closed); later corrections of values never change it."""

    title = LineField(_("title"), max_length=NAME_MAX)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    findings = TextBlockField(_("findings"), blank=True)
    lessons = TextBlockField(_("lessons learned"), blank=True)
    status = models.CharField(
        _("status"), max_length=6, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    snapshot = models.JSONField(default=dict, editable=False)
    snapshot_taken_at = models.DateTimeField(null=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")), name="joint_review_period_order"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise ValidationError({"period_end": _("The period ends after it starts.")})
        for name in ("period_start", "period_end"):
            day = getattr(self, name)
            if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
                raise ValidationError(
                    {
                        name: _("Choose a date between %(first)s and %(last)s.")
                        % {"first": FIRST_YEAR, "last": LAST_YEAR}
                    }
                )

    @property
    def status_label(self) -> str:
        return ReviewStatus(self.status).label

    @property
    def is_closed(self) -> bool:
        return self.status == ReviewStatus.CLOSED


# Improvement actions are joint actions with source "review" (accord.actions).
ImprovementActionStatus = ActionStatus
