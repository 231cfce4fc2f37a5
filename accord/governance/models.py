"""Governance of a collaboration (ISO 44003 5.4.3.3, 5.5; 5.1.3.3 g).

Forums (who meets, why, how often, with named members of each party), decision rights, the
roles matrix (RACI), the escalation ladder with mirrored levels, the agreements register,
the issue log with its escalations, and change requests approved by every party's SER.
All of it is joint data: every active party sees it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accord.core.fields import LineField, TextBlockField
from accord.core.models import CollaborationScopedModel, VersionedModel

NAME_MAX = 200


class ForumKind(models.TextChoices):
    JOINT_MANAGEMENT_TEAM = "jmt", _("Joint management team")
    SER_REVIEW = "ser_review", _("SER review")
    WORKING_GROUP = "working_group", _("Working group")
    OTHER = "other", _("Other")


class ForumFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")
    AS_NEEDED = "as_needed", _("As needed")


class Forum(CollaborationScopedModel, VersionedModel):
    """A regular meeting of named people of the parties, with a purpose and a rhythm."""

    name = LineField(_("name"), max_length=NAME_MAX)
    kind = models.CharField(
        _("kind"), max_length=13, choices=ForumKind.choices, default=ForumKind.WORKING_GROUP
    )
    purpose = TextBlockField(_("purpose"), blank=True, max_length=5000)
    frequency = models.CharField(
        _("frequency"), max_length=11, choices=ForumFrequency.choices, default=ForumFrequency.MONTHLY
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        return ForumKind(self.kind).label

    @property
    def frequency_label(self) -> str:
        return ForumFrequency(self.frequency).label


class ForumMember(CollaborationScopedModel, VersionedModel):
    """A person of one party in a forum; that party alone names its members."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="members")
    party = models.ForeignKey("collaborations.Party", on_delete=models.CASCADE, related_name="+")
    name = LineField(_("name"), max_length=NAME_MAX)
    role = LineField(_("role in the forum"), max_length=NAME_MAX, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["forum", "party", "name"], name="forum_member_once")]

    def __str__(self) -> str:
        return self.name


class DecisionRight(CollaborationScopedModel, VersionedModel):
    """Who decides what, who is consulted first, and within which limits."""

    area = LineField(_("decision area"), max_length=NAME_MAX)
    decides = LineField(_("who decides"), max_length=NAME_MAX)
    consulted = LineField(_("who is consulted"), max_length=NAME_MAX, blank=True)
    limits = TextBlockField(_("limits"), blank=True, max_length=5000)
    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "id"]

    def __str__(self) -> str:
        return self.area


class RaciActivity(CollaborationScopedModel, VersionedModel):
    """A row of the roles matrix: an activity the parties share out."""

    name = LineField(_("activity"), max_length=NAME_MAX)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name", "id"]
        verbose_name_plural = "RACI activities"

    def __str__(self) -> str:
        return self.name


class Raci(models.TextChoices):
    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class RaciCell(CollaborationScopedModel):
    """One party's role in one activity (R, A, C or I); that party alone sets it."""

    activity = models.ForeignKey(RaciActivity, on_delete=models.CASCADE, related_name="cells")
    party = models.ForeignKey("collaborations.Party", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=1, choices=Raci.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity_id", "party_id"]
        constraints = [models.UniqueConstraint(fields=["activity", "party"], name="raci_cell_once")]


class TargetUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    WORKING_DAYS = "working_days", _("working days")


class EscalationLevel(CollaborationScopedModel, VersionedModel):
    """A rung of the escalation ladder. Levels are mirrored: each party names its own people
    at every level (``LadderContact``); an issue stays at a level at most the target time."""

    number = models.PositiveSmallIntegerField(_("level"))
    name = LineField(_("name"), max_length=NAME_MAX)
    target_amount = models.PositiveIntegerField(_("target time"), default=5)
    target_unit = models.CharField(
        _("unit"), max_length=12, choices=TargetUnit.choices, default=TargetUnit.WORKING_DAYS
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "number"], name="escalation_level_once"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=9), name="escalation_level_range"
            ),
            models.CheckConstraint(
                condition=models.Q(target_amount__gte=1), name="escalation_target_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def target_text(self) -> str:
        return f"{self.target_amount} {TargetUnit(self.target_unit).label}"


class LadderContact(CollaborationScopedModel, VersionedModel):
    """A person of one party at one level of the ladder; that party alone names them."""

    level = models.ForeignKey(EscalationLevel, on_delete=models.CASCADE, related_name="contacts")
    party = models.ForeignKey("collaborations.Party", on_delete=models.CASCADE, related_name="+")
    name = LineField(_("name"), max_length=NAME_MAX)
    role = LineField(_("role"), max_length=NAME_MAX, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["level", "party", "name"], name="ladder_contact_once")]

    def __str__(self) -> str:
        return self.name


class Agreement(CollaborationScopedModel, VersionedModel):
    """An agreement or contract between the parties (or with others, for the collaboration)."""

    reference = LineField(_("reference"), max_length=100)
    title = LineField(_("title"), max_length=NAME_MAX)
    parties = LineField(_("parties"), max_length=500, blank=True, help_text=_("As named in the agreement."))
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    renewal_date = models.DateField(_("renewal date"), null=True, blank=True)
    notice_period = LineField(_("notice period"), max_length=100, blank=True, help_text=_("e.g. 3 months"))
    key_terms = TextBlockField(_("key terms"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["reference", "id"]
        indexes = [models.Index(fields=["renewal_date"], name="agreement_renewal")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The agreement ends after it starts.")})


class Impact(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class IssueStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("issue status", "Open")
    RESOLVED = "resolved", _("Resolved")


class Issue(CollaborationScopedModel, VersionedModel):
    """An issue one party raised; it climbs the ladder one level at a time until resolved."""

    title = LineField(_("title"), max_length=NAME_MAX)
    description = TextBlockField(_("description"), blank=True)
    impact = models.CharField(_("impact"), max_length=6, choices=Impact.choices, default=Impact.MEDIUM)
    raised_by_party = models.ForeignKey(
        "collaborations.Party", on_delete=models.CASCADE, related_name="+", verbose_name=_("raised by")
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised"))
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    # When the issue reached its current level (or was reopened at it) and when the ladder's
    # target time for that level runs out (None: the level has no target on the ladder).
    level_since = models.DateTimeField()
    level_due_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=IssueStatus.choices, default=IssueStatus.OPEN
    )
    resolution = TextBlockField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [
            models.Index(fields=["collaboration", "status", "level_due_at"], name="issue_status_due"),
            models.Index(fields=["collaboration", "raised_at"], name="issue_raised"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == IssueStatus.OPEN

    @property
    def impact_label(self) -> str:
        return Impact(self.impact).label

    @property
    def status_label(self) -> str:
        return IssueStatus(self.status).label


class Escalation(CollaborationScopedModel):
    """One step up the ladder: from, to, why, by whom and when."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="escalations")
    from_level = models.PositiveSmallIntegerField(_("from level"))
    to_level = models.PositiveSmallIntegerField(_("to level"))
    reason = TextBlockField(_("reason"), max_length=5000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_party = models.ForeignKey(
        "collaborations.Party", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("escalated"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["issue", "at"], name="escalation_issue_at")]


class ChangeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ChangeRequest(CollaborationScopedModel, VersionedModel):
    """A proposed change to the collaboration, approved by every active party's SER."""

    title = LineField(_("title"), max_length=NAME_MAX)
    change = TextBlockField(_("the change"))
    rationale = TextBlockField(_("rationale"), blank=True)
    impact_plan = TextBlockField(_("impact on the plan"), blank=True)
    impact_objectives = TextBlockField(_("impact on objectives"), blank=True)
    impact_risks = TextBlockField(_("impact on risks"), blank=True)
    status = models.CharField(
        _("status"), max_length=9, choices=ChangeStatus.choices, default=ChangeStatus.DRAFT
    )
    raised_by_party = models.ForeignKey(
        "collaborations.Party", on_delete=models.CASCADE, related_name="+", verbose_name=_("raised by")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = TextBlockField(_("outcome"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["collaboration", "status"], name="change_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self) -> str:
        return ChangeStatus(self.status).label


class ChangeApproval(CollaborationScopedModel):
    """One party's SER approved a submitted change request."""

    change_request = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="approvals")
    party = models.ForeignKey("collaborations.Party", on_delete=models.CASCADE, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["approved_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["change_request", "party"], name="change_approval_once")
        ]
