"""Governance of a collaboration (ISO 44003 5.4.3.3, 5.5; 5.1.3.3 g).

Forums (who meets, why, how often, with named members of each party), decision rights, the
roles matrix (RACI), the escalation ladder with mirrored levels, the agreements register,
the issue log with its escalations, and change requests approved by every party's SER.
All of it is joint data: every active party sees it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.fields import LineField, TextBlockField
from accord.core.models import CollaborationScopedModel, VersionedModel

NAME_MAX = 200


class ForumKind(models.TextChoices):
    JOINT_MANAGEMENT_TEAM = "jmt", _("Joint management team")
    SER_REVIEW = "ser_review", _("SER review")
    WORKING_GROUP = "working_group", _("Working group")
    OTHER = "other", _("Other")


class Frequency(models.TextChoices):
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
        _("frequency"), max_length=11, choices=Frequency.choices, default=Frequency.MONTHLY
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
        return Frequency(self.frequency).label


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
