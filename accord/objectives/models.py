"""Business objectives (ISO 44003 5.3): an organization's own objectives, private, and the
joint objectives process of a collaboration (ISO 44003 5.3.3.6).

- ``Objective`` belongs to one organization and never leaves it.
- ``SharedObjective`` is a copy of the title and of the rationale a party chose to show, made
  when the party shares one of its objectives into a joint space. The link back to the
  private objective is kept on the private side (``ObjectiveShare``), so nothing joint points
  at private data.
- ``JointObjective`` is agreed by the parties (one ``JointObjectiveAgreement`` per party);
  ``ObjectiveAlignment`` says how a shared objective stands against a joint one.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accord.core.fields import LineField, TextBlockField
from accord.core.models import CollaborationScopedModel, OrganizationScopedModel, VersionedModel

TITLE_MAX = 200


class Priority(models.TextChoices):
    HIGH = "high", pgettext_lazy("priority", "High")
    MEDIUM = "medium", pgettext_lazy("priority", "Medium")
    LOW = "low", pgettext_lazy("priority", "Low")


PRIORITY_RANK = {Priority.HIGH: 0, Priority.MEDIUM: 1, Priority.LOW: 2}


class ObjectiveStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", pgettext_lazy("objective status", "Active")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", pgettext_lazy("objective status", "Dropped")


class Objective(OrganizationScopedModel, VersionedModel):
    """One of the organization's own business objectives, overall or for one relationship
    (ISO 44003 5.3.3.1). Private: a partner sees only what is shared, as a copy."""

    title = LineField(_("title"), max_length=TITLE_MAX)
    rationale = TextBlockField(_("why it matters to us"), blank=True)
    desired_outcome = TextBlockField(_("desired outcome"), blank=True)
    priority = models.CharField(
        _("priority"), max_length=6, choices=Priority.choices, default=Priority.MEDIUM
    )
    benefits = TextBlockField(_("benefits"), blank=True)
    risks = TextBlockField(_("risks"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ObjectiveStatus.choices, default=ObjectiveStatus.PROPOSED
    )
    relationship = models.ForeignKey(
        "relationships.Relationship",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("relationship"),
        help_text=_("Leave empty for an objective of the business as a whole."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def priority_label(self) -> str:
        return Priority(self.priority).label

    @property
    def status_label(self) -> str:
        return ObjectiveStatus(self.status).label


class SharedObjective(CollaborationScopedModel, VersionedModel):
    """What a party chose to show of one of its own objectives in the joint space: a copy of
    the title and of the rationale, edited before sharing. Withdrawing deletes it."""

    party = models.ForeignKey(
        "collaborations.Party", on_delete=models.CASCADE, related_name="+", verbose_name=_("party")
    )
    title = LineField(_("title"), max_length=TITLE_MAX)
    rationale = TextBlockField(_("why it matters to us"), blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shared by"),
    )
    shared_at = models.DateTimeField(_("shared on"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["party_id", "title", "id"]

    def __str__(self) -> str:
        return self.title


class ObjectiveShare(OrganizationScopedModel):
    """Private link from an own objective to the copy shared into a joint space: only the
    sharing organization knows which of its objectives a shared one came from."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="shares")
    shared_objective = models.OneToOneField(SharedObjective, on_delete=models.CASCADE, related_name="+")
    collaboration = models.ForeignKey(
        "collaborations.Collaboration", on_delete=models.CASCADE, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "collaboration"], name="objective_shared_once_per_collaboration"
            )
        ]

    def __str__(self) -> str:
        return str(self.objective)


class JointStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", pgettext_lazy("objective status", "Dropped")


class JointObjective(CollaborationScopedModel, VersionedModel):
    """An objective the parties pursue together (ISO 44003 5.3.3.6). It is agreed when every
    active party has agreed it; changing what it says asks for agreement again."""

    title = LineField(_("title"), max_length=TITLE_MAX)
    description = TextBlockField(_("description"), blank=True)
    desired_outcome = TextBlockField(_("desired outcome"), blank=True)
    measure_of_success = TextBlockField(_("measure of success"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=JointStatus.choices, default=JointStatus.DRAFT
    )
    proposed_by = models.ForeignKey(
        "collaborations.Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "title", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self) -> str:
        return JointStatus(self.status).label


class JointObjectiveAgreement(CollaborationScopedModel):
    """One party's agreement to a joint objective as it reads now."""

    joint_objective = models.ForeignKey(JointObjective, on_delete=models.CASCADE, related_name="agreements")
    party = models.ForeignKey("collaborations.Party", on_delete=models.CASCADE, related_name="+")
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("agreed by"),
    )
    agreed_at = models.DateTimeField(_("agreed on"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["joint_objective", "party"], name="one_agreement_per_party")
        ]

    def __str__(self) -> str:
        return str(self.joint_objective)


class Relation(models.TextChoices):
    COMPATIBLE = "compatible", _("Compatible")
    DEPENDENT = "dependent", _("Dependent")
    CONFLICTING = "conflicting", _("Conflicting")


SERVING = (Relation.COMPATIBLE, Relation.DEPENDENT)


class ObjectiveAlignment(CollaborationScopedModel):
    """How one party's shared objective stands against a joint objective, as that party sees
    it: compatible, dependent on it, or in conflict with it (ISO 44003 5.3.3.6)."""

    shared_objective = models.ForeignKey(SharedObjective, on_delete=models.CASCADE, related_name="alignments")
    joint_objective = models.ForeignKey(JointObjective, on_delete=models.CASCADE, related_name="alignments")
    relation = models.CharField(_("relation"), max_length=11, choices=Relation.choices)
    note = TextBlockField(_("note"), max_length=2000, blank=True)
    party = models.ForeignKey("collaborations.Party", on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["shared_objective", "joint_objective"], name="one_alignment_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.shared_objective} / {self.joint_objective}"

    @property
    def relation_label(self) -> str:
        return Relation(self.relation).label
