"""Risk management (ISO 44003 5.10): an organization's own risk register (private) and each
collaboration's joint risk register, with mitigations per risk.

Both registers share their fields through ``RiskBase`` and ``MitigationBase``. A risk's
``score`` is likelihood × impact, its ``residual_score`` the same after mitigation; both are
stored (``save()`` computes them) so lists sort and filter on them in the database.

A party may keep its mitigation of a joint risk private. The one rule that hides it from the
other parties is ``JointMitigation.objects.in_scope(c).visible_to(party)``: every page, API
operation, export, plan source and e-mail reads joint mitigations through it.
"""

import datetime
from typing import Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accord.core.fields import LineField, TextBlockField
from accord.core.models import (
    CollaborationScopedModel,
    OrganizationScopedModel,
    ScopedQuerySet,
    VersionedModel,
)

TITLE_MAX = 200
DEFAULT_SCALE = 5
SCALE_MIN, SCALE_MAX = 3, 10
# How many days before its review date a risk's review counts as due.
REVIEW_DUE_DAYS = 7


class RiskCategory(models.TextChoices):
    """The categories of risks in collaborative relationships (domain notes §8)."""

    STRATEGIC = "strategic", _("Strategic alignment")
    INTERNAL = "internal", _("Internal readiness")
    PARTNER = "partner", _("Partner readiness or behaviour")
    CULTURE = "culture", _("Culture and people")
    DEPENDENCY = "dependency", _("Dependency and control")
    BENEFITS = "benefits", _("Benefit sharing")
    INFORMATION = "information", _("Information and IP")
    REPUTATION = "reputation", _("Reputation")
    OPERATIONAL = "operational", _("Operational")
    LEGAL = "legal", _("Legal and compliance")
    FINANCIAL = "financial", _("Financial")
    EXTERNAL = "external", _("External")
    EXIT = "exit", _("Exit")


class RiskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("risk status", "Open")
    MITIGATING = "mitigating", _("Mitigating")
    ACCEPTED = "accepted", _("Accepted")
    CLOSED = "closed", pgettext_lazy("risk status", "Closed")


class MitigationStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("mitigation status", "Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


ACTIVE_STATUSES = (RiskStatus.OPEN, RiskStatus.MITIGATING, RiskStatus.ACCEPTED)


class Band(models.TextChoices):
    """Where a score sits on its register's scale: shown in words and colour."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


def band_limits(scale_max: int) -> tuple[int, int]:
    """(lowest medium score, lowest high score) on a scale of ``scale_max``: on 1–5, medium
    from 5 and high from 12 (a fifth and about half of the largest score)."""
    top = scale_max * scale_max
    return max(2, round(top * 0.2)), max(3, round(top * 0.48))


def band(score: int | None, scale_max: int) -> str | None:
    if score is None:
        return None
    medium, high = band_limits(scale_max)
    return Band.HIGH if score >= high else Band.MEDIUM if score >= medium else Band.LOW


# --- the scale of a register -------------------------------------------------------------------


class RiskScaleBase(VersionedModel):
    scale_max = models.PositiveSmallIntegerField(
        _("largest likelihood and impact"),
        default=DEFAULT_SCALE,
        validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)],
        help_text=_("Likelihood and impact run from 1 to this number (3 to 10)."),
    )

    class Meta:
        abstract = True


class OwnRiskScale(OrganizationScopedModel, RiskScaleBase):
    """The scale of an organization's own risk register (none stored: 1–5)."""

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization"], name="one_own_risk_scale")]


class JointRiskScale(CollaborationScopedModel, RiskScaleBase):
    """The scale of a collaboration's joint risk register (none stored: 1–5)."""

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["collaboration"], name="one_joint_risk_scale")]


# --- risks -------------------------------------------------------------------------------------


def _level(label: Any, blank: bool = False) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        null=blank,
        blank=blank,
        validators=[MinValueValidator(1), MaxValueValidator(SCALE_MAX)],
    )


class RiskQuerySet(ScopedQuerySet):
    def active(self) -> Self:
        return self.filter(status__in=ACTIVE_STATUSES)

    def review_overdue(self, today: datetime.date | None = None) -> Self:
        """Active risks whose review date has passed (the review date itself is not late)."""
        today = today or timezone.localdate()
        return self.active().filter(review_date__lt=today)

    def high(self, scale_max: int) -> Self:
        return self.active().filter(score__gte=band_limits(scale_max)[1])


class RiskBase(VersionedModel):
    title = LineField(_("risk"), max_length=TITLE_MAX)
    description = TextBlockField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=12, choices=RiskCategory.choices)
    cause = TextBlockField(_("cause"), max_length=5000, blank=True)
    consequence = TextBlockField(_("consequence"), max_length=5000, blank=True)
    likelihood = _level(_("likelihood"))
    impact = _level(_("impact"))
    score = models.PositiveSmallIntegerField(_("score"), default=1, editable=False)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    status = models.CharField(_("status"), max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    residual_likelihood = _level(_("residual likelihood"), blank=True)
    residual_impact = _level(_("residual impact"), blank=True)
    residual_score = models.PositiveSmallIntegerField(
        _("residual score"), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.rescore()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "score", "residual_score"}
        super().save(*args, **kwargs)

    def rescore(self) -> None:
        """Score = likelihood × impact; the residual score only when both residual levels are set."""
        self.score = (self.likelihood or 0) * (self.impact or 0)
        if self.residual_likelihood and self.residual_impact:
            self.residual_score = self.residual_likelihood * self.residual_impact
        else:
            self.residual_score = None

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def review_is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_active and self.review_date is not None and self.review_date < today

    @property
    def review_overdue(self) -> bool:
        return self.review_is_overdue()

    @property
    def owner_display(self) -> str:
        return self.owner_user.display_name if self.owner_user_id and self.owner_user else ""


class JointRisk(CollaborationScopedModel, RiskBase):
    """A risk in a collaboration's joint register: every party sees it."""

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
        related_name="+",
        verbose_name=_("joint objectives threatened"),
    )
    value_items = models.ManyToManyField(
        "value.ValueInitiative", blank=True, related_name="+", verbose_name=_("value initiatives threatened")
    )
    history = HistoricalRecords()
    objects = models.Manager.from_queryset(RiskQuerySet)()

    class Meta:
        ordering = ["-score", "id"]
        indexes = [
            models.Index(fields=["collaboration", "status", "score"], name="jointrisk_status_score"),
            models.Index(fields=["collaboration", "likelihood", "impact"], name="jointrisk_cell"),
            models.Index(fields=["status", "review_date"], name="jointrisk_review"),
        ]


class OwnRisk(OrganizationScopedModel, RiskBase):
    """A risk in an organization's own register: private to its members."""

    objectives = models.ManyToManyField(
        "objectives.Objective", blank=True, related_name="+", verbose_name=_("objectives threatened")
    )
    history = HistoricalRecords()
    objects = models.Manager.from_queryset(RiskQuerySet)()

    class Meta:
        ordering = ["-score", "id"]
        indexes = [
            models.Index(fields=["organization", "status", "score"], name="ownrisk_status_score"),
            models.Index(fields=["organization", "likelihood", "impact"], name="ownrisk_cell"),
            models.Index(fields=["status", "review_date"], name="ownrisk_review"),
        ]


# --- mitigations -------------------------------------------------------------------------------


class MitigationBase(VersionedModel):
    action = LineField(_("mitigation"), max_length=300)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=11, choices=MitigationStatus.choices, default=MitigationStatus.PLANNED
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.action

    @property
    def owner_display(self) -> str:
        return self.owner_user.display_name if self.owner_user_id and self.owner_user else ""


class JointMitigationQuerySet(ScopedQuerySet):
    def visible_to(self, party: Any) -> Self:
        """THE rule for private mitigations: a party sees every shared mitigation and its own
        private ones; ``party=None`` (a plan document, a history export for everyone) sees
        the shared ones only."""
        if party is None:
            return self.filter(private=False)
        return self.filter(Q(private=False) | Q(party=party))


class JointMitigation(CollaborationScopedModel, MitigationBase):
    """A party's mitigation of a joint risk; ``private``: only that party's members see it."""

    risk = models.ForeignKey(JointRisk, on_delete=models.CASCADE, related_name="mitigations")
    party = models.ForeignKey(
        "collaborations.Party", on_delete=models.CASCADE, related_name="+", verbose_name=_("owner party")
    )
    private = models.BooleanField(
        _("private to our party"),
        default=False,
        help_text=_("Only your own organization's members see a private mitigation, anywhere."),
    )
    history = HistoricalRecords()
    objects = models.Manager.from_queryset(JointMitigationQuerySet)()

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["collaboration", "risk"], name="jointmitigation_risk")]


class OwnMitigation(OrganizationScopedModel, MitigationBase):
    """A mitigation of one of the organization's own risks."""

    risk = models.ForeignKey(OwnRisk, on_delete=models.CASCADE, related_name="mitigations")
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
