"""The private relationship register: entries, tags, segmentation criteria and scores.

Everything here belongs to one organization (ISO 44003 5.1.3.1–5.1.3.2) and is never shown
to another organization, partners included.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.fields import LineField, TextBlockField
from accord.core.models import OrganizationScopedModel, VersionedModel


class Kind(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    SUPPLIER = "supplier", _("Supplier")
    PARTNER = "partner", _("Partner")
    NETWORK = "network", _("Network")
    LARGER_ORGANIZATION = "larger_organization", _("Larger organization")
    INTERNAL_UNIT = "internal_unit", _("Internal unit")


class Status(models.TextChoices):
    CURRENT = "current", _("Current")
    FUTURE = "future", _("Future")
    APPROACHING = "approaching", _("Approaching")


class Segment(models.TextChoices):
    COLLABORATE = "collaborate", _("Collaborate")
    DEVELOP = "develop", _("Develop")
    MAINTAIN = "maintain", _("Maintain")
    TRANSACTIONAL = "transactional", _("Transactional")
    UNSCORED = "unscored", _("Not scored yet")


class Decision(models.TextChoices):
    UNDECIDED = "", _("No decision yet")
    YES = "yes", _("Yes, a collaborative approach is appropriate")
    NO = "no", _("No, keep it transactional")
    NOT_YET = "not_yet", _("Not yet")


DECISION_SHORT = {"": "—", "yes": _("Yes"), "no": _("No"), "not_yet": _("Not yet")}

# Weighted score (0–100) at or above which an entry falls in a segment, best first.
SEGMENT_THRESHOLDS: list[tuple[Segment, int]] = [
    (Segment.COLLABORATE, 75),
    (Segment.DEVELOP, 55),
    (Segment.MAINTAIN, 35),
    (Segment.TRANSACTIONAL, 0),
]
SCORE_MIN, SCORE_MAX = 1, 5


class Tag(OrganizationScopedModel):
    name = LineField(_("name"), max_length=50)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="unique_tag_per_org")]

    def __str__(self) -> str:
        return self.name


class SegmentationCriterion(OrganizationScopedModel, VersionedModel):
    """A criterion the organization scores its relationships on, with a weight. Versioned: a
    weight changes every entry's score and segment, so two managers' edits must not silently
    overwrite each other."""

    name = LineField(_("name"), max_length=100)
    description = TextBlockField(_("what a high score means"), blank=True, max_length=2000)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unique_criterion_name_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class Relationship(OrganizationScopedModel, VersionedModel):
    """One entry of the register: a counterpart the organization does business with."""

    counterpart_name = LineField(_("counterpart"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CURRENT)
    contacts = TextBlockField(
        _("contacts"), blank=True, help_text=_("One per line: name, role, e-mail or phone.")
    )
    notes = TextBlockField(_("private notes"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="relationships")

    # Computed from the scores by accord.relationships.services.relationship_rescore.
    weighted_score = models.DecimalField(
        _("weighted score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    segment = models.CharField(_("segment"), max_length=14, choices=Segment.choices, default=Segment.UNSCORED)

    decision = models.CharField(
        _("collaborative approach appropriate?"),
        max_length=8,
        choices=Decision.choices,
        default=Decision.UNDECIDED,
        blank=True,
    )
    decision_rationale = TextBlockField(_("rationale"), blank=True, max_length=5000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    collaboration = models.ForeignKey(
        "collaborations.Collaboration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The joint space started from this entry (the link stays private)."),
    )

    # No excluded_fields on scoped models: simple-history would re-read them through
    # `objects`, which refuses unscoped queries.
    history = HistoricalRecords(m2m_fields=[tags])

    class Meta:
        ordering = ["counterpart_name", "id"]
        indexes = [
            models.Index(fields=["organization", "counterpart_name"]),
            models.Index(fields=["organization", "segment"]),
            models.Index(fields=["organization", "weighted_score"]),
            models.Index(fields=["organization", "kind"]),
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["organization", "updated_at"]),
        ]

    def __str__(self) -> str:
        return self.counterpart_name

    @property
    def decision_short(self) -> str:
        return str(DECISION_SHORT[self.decision])

    # Labels straight from the enums: get_FOO_display() hashes every lazy choice label on
    # each call, which made up a third of the register page's time.
    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def segment_label(self) -> str:
        return Segment(self.segment).label


class Score(OrganizationScopedModel):
    """One entry's score on one criterion, 1 (low) to 5 (high)."""

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(SegmentationCriterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["relationship", "criterion"], name="unique_score"),
            models.CheckConstraint(
                condition=models.Q(value__gte=SCORE_MIN) & models.Q(value__lte=SCORE_MAX),
                name="score_in_range",
            ),
        ]


def segment_bands() -> list[tuple[str, int]]:
    """(segment label, lowest score) for each segment, highest first: what the entry page
    shows to explain where a score lands."""
    return [(str(Segment(segment).label), threshold) for segment, threshold in SEGMENT_THRESHOLDS]


def segment_for(score: Decimal | None) -> Segment:
    if score is None:
        return Segment.UNSCORED
    for segment, threshold in SEGMENT_THRESHOLDS:
        if score >= threshold:
            return segment
    return Segment.TRANSACTIONAL
