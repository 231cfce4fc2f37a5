"""Plans: the organization's relationship management plan (RMP, private), business cases,
resources committed to collaboration, and per collaboration the joint plan (JRMP), its joint
management team and the contributions register.

A plan is the series of its versions: the newest is the working one. Versions move
draft → in review → approved → superseded; an edit after approval starts a new draft.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accord.core.fields import LineField, TextBlockField
from accord.core.models import CollaborationScopedModel, OrganizationScopedModel, VersionedModel
from accord.plans.sections import section as plan_section
from accord.plans.starters import STARTING_TEMPLATE_CHOICES


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")


class PlanVersionBase(models.Model):
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    # {section key: text}; and {section key: revision} for optimistic concurrency per section.
    sections = models.JSONField(default=dict, blank=True)
    revisions = models.JSONField(default=dict, blank=True)
    # {section key: [lines]}: what the source-backed sections showed when the version was sent
    # for review, so that what the SERs approve stays as they read it (empty while a draft).
    frozen_sources = models.JSONField(default=dict, blank=True)
    # Named for the history table, which labels each change by the field's verbose name.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True)
    # The last time a reviewer sent the version back to draft, and why (until it is resubmitted).
    returned_reason = TextBlockField(_("sent back because"), blank=True, max_length=2000)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent back by"),
    )
    returned_at = models.DateTimeField(_("sent back on"), null=True, blank=True)
    # Approved although some required sections were empty: the person who approved confirmed
    # it; the keys of the required sections that were empty then (in the plan's order).
    approved_incomplete = models.BooleanField(_("approved with required sections empty"), default=False)
    empty_at_approval = models.JSONField(_("required sections empty at approval"), default=list, blank=True)
    # The starting template a person picked for the empty plan (a working model), if any.
    starting_template = models.CharField(
        _("starting template"), max_length=16, blank=True, choices=STARTING_TEMPLATE_CHOICES
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"v{self.number} ({self.get_status_display()})"

    @property
    def is_frozen(self) -> bool:
        """Sent for review, approved or superseded: its source-backed sections show the
        records as they were when it was sent for review. (Versions sent before Accord kept
        these have no snapshot, and show the records as they are.)"""
        return self.status != PlanStatus.DRAFT and self.submitted_at is not None and bool(self.frozen_sources)

    @property
    def is_editable(self) -> bool:
        return self.status in {PlanStatus.DRAFT, PlanStatus.IN_REVIEW}

    PLAN_KIND = ""

    @classmethod
    def history_key_label(cls, field_name: str, key: str) -> str:
        """How the change history names one section of the plan: its title."""
        found = plan_section(cls.PLAN_KIND, key)
        return str(found.title) if found else key


class RelationshipManagementPlanVersion(OrganizationScopedModel, PlanVersionBase):
    """One version of the organization's own relationship management plan (ISO 44003 5.1.3.1)."""

    PLAN_KIND = "rmp"

    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["organization", "number"], name="unique_rmp_version")]


class JointPlanVersion(CollaborationScopedModel, PlanVersionBase):
    """One version of a collaboration's joint relationship management plan."""

    PLAN_KIND = "jrmp"

    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "number"], name="unique_jrmp_version")
        ]


class JointPlanApproval(CollaborationScopedModel):
    """A party's approval of a joint plan version, given by that party's SER."""

    version = models.ForeignKey(JointPlanVersion, on_delete=models.CASCADE, related_name="approvals")
    party = models.ForeignKey("collaborations.Party", on_delete=models.CASCADE, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["version", "party"], name="one_approval_per_party")]


class BusinessCaseStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    IN_PREPARATION = "in_preparation", _("In preparation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", pgettext_lazy("business case status", "Closed")


class BusinessCase(OrganizationScopedModel, VersionedModel):
    """The case for one collaborative opportunity (ISO 44003 5.3.3.2)."""

    title = LineField(_("title"), max_length=200)
    opportunity = TextBlockField(_("opportunity"), blank=True)
    objectives = TextBlockField(_("objectives"), blank=True)
    value = TextBlockField(_("expected value"), blank=True)
    # The expected value as a figure too (optional): an amount with its ISO 4217 currency.
    expected_amount = models.DecimalField(
        _("expected amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("The value you expect as a figure, if you can put one on it."),
    )
    expected_currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{3}$", _("Enter a three-letter ISO 4217 currency code, such as EUR or GBP.")
            )
        ],
    )
    risks = TextBlockField(_("risks"), blank=True)
    resources = TextBlockField(_("resources needed"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BusinessCaseStatus.choices, default=BusinessCaseStatus.IDEA
    )
    candidates = models.ManyToManyField(
        "relationships.Relationship", blank=True, related_name="+", verbose_name=_("candidate partners")
    )
    # Who approved or rejected the case, and when (cleared when it moves back to work).
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[candidates])

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.expected_amount is None:
            self.expected_currency = ""
        elif not self.expected_currency:
            raise ValidationError({"expected_currency": _("Enter the currency of the expected amount.")})

    @property
    def expected_amount_display(self) -> str:
        """The amount with its currency ("12,000.00 EUR"), or empty."""
        if self.expected_amount is None:
            return ""
        return f"{self.expected_amount:,.2f} {self.expected_currency}"


class ResourceKind(models.TextChoices):
    PEOPLE = "people", _("People")
    STRUCTURE = "structure", _("Structure")
    PROCESS = "process", _("Process")
    SYSTEM = "system", _("System")


class ResourceCommitment(OrganizationScopedModel, VersionedModel):
    """People, structures, processes and systems committed to collaboration (ISO 44003 5.4.3.2)."""

    kind = models.CharField(_("kind"), max_length=10, choices=ResourceKind.choices)
    description = LineField(_("what"), max_length=300)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    capability = TextBlockField(_("capability and competence"), blank=True, max_length=5000)
    capacity = LineField(_("capacity"), max_length=200, blank=True, help_text=_("e.g. 2 days a month"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "description"]

    def __str__(self) -> str:
        return self.description

    @property
    def kind_label(self) -> str:
        return ResourceKind(self.kind).label


class JointTeamMember(CollaborationScopedModel, VersionedModel):
    """A member of the joint management team (ISO 44003 5.1.3.3), from one party."""

    party = models.ForeignKey("collaborations.Party", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = LineField(_("name"), max_length=150)
    role = LineField(_("role in the team"), max_length=150)
    responsibilities = TextBlockField(_("responsibilities"), blank=True, max_length=5000)
    authority = TextBlockField(
        _("authority"), blank=True, help_text=_("What this person may decide or commit.")
    )
    is_ser_representative = models.BooleanField(_("represents the party's SER"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["party_id", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class ContributionKind(models.TextChoices):
    RESOURCE = "resource", _("Resource")
    EQUIPMENT = "equipment", _("Equipment")
    PROPERTY = "property", _("Property")
    ASSET = "asset", _("Asset")
    KNOWLEDGE = "knowledge", _("Knowledge or IP")


class Contribution(CollaborationScopedModel, VersionedModel):
    """What one party brings to the collaboration, and what happens to it at exit."""

    party = models.ForeignKey("collaborations.Party", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=ContributionKind.choices)
    description = LineField(_("what"), max_length=300)
    terms_of_use = TextBlockField(_("terms of use"), blank=True, max_length=5000)
    return_at_exit = TextBlockField(
        _("at exit"), blank=True, max_length=5000, help_text=_("Returned, transferred, shared…")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["party_id", "kind", "description", "id"]

    def __str__(self) -> str:
        return self.description

    @property
    def kind_label(self) -> str:
        return ContributionKind(self.kind).label


class DocumentBuildState(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class PlanDocumentBase(models.Model):
    """A plan version laid out as a PDF or Word file, built by the task worker
    (``accord.plans.tasks.build_plan_document``). An approved or superseded version never
    changes, so its file is built once per format, language and status and then served as
    stored; a draft's file is built for the one request that asked (its records change).
    Generated output, not a record people edit: no history."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Generated values, never typed by a person (hence not editable).
    fmt = models.CharField(max_length=4, editable=False)  # "pdf" or "docx"
    language = models.CharField(max_length=10, editable=False)
    # The version's status when the build was asked for: a superseded version's document
    # says so, so it is another document than the one built while it was in force.
    plan_status = models.CharField(max_length=10, choices=PlanStatus.choices)
    state = models.CharField(
        max_length=10, choices=DocumentBuildState.choices, default=DocumentBuildState.PENDING
    )
    content = models.BinaryField(default=b"", editable=False)
    filename = models.CharField(max_length=200, blank=True, editable=False)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_kept(self) -> bool:
        """Built once and served from then on (the version can no longer change)."""
        return self.plan_status in KEPT_DOCUMENT_STATUSES


KEPT_DOCUMENT_STATUSES = {PlanStatus.APPROVED, PlanStatus.SUPERSEDED}


class RmpDocument(OrganizationScopedModel, PlanDocumentBase):
    version = models.ForeignKey(RelationshipManagementPlanVersion, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["version", "fmt", "language", "plan_status"], name="rmp_document_lookup")
        ]


class JrmpDocument(CollaborationScopedModel, PlanDocumentBase):
    version = models.ForeignKey(JointPlanVersion, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["version", "fmt", "language", "plan_status"], name="jrmp_document_lookup")
        ]
