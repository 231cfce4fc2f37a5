"""Collaborations: joint spaces shared by two or more party organizations."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.fields import LineField, TextBlockField
from accord.core.models import CollaborationScopedModel, TimeStampedModel, VersionedModel


class WorkingModel(models.TextChoices):
    ONE_TO_ONE = "one_to_one", _("One MSME with another")
    NETWORK = "network", _("Network or group of MSMEs")
    WITH_LARGER = "with_larger", _("MSME(s) with a larger organization")


class Stage(models.IntegerChoices):
    OPERATIONAL_AWARENESS = 1, _("1. Operational awareness")
    KNOWLEDGE = 2, _("2. Knowledge")
    INTERNAL_ASSESSMENT = 3, _("3. Internal assessment")
    PARTNER_SELECTION = 4, _("4. Partner selection")
    WORKING_TOGETHER = 5, _("5. Working together")
    VALUE_CREATION = 6, _("6. Value creation")
    STAYING_TOGETHER = 7, _("7. Staying together")
    EXIT_STRATEGY_ACTIVATION = 8, _("8. Exit strategy activation")


class CollaborationQuerySet(models.QuerySet):
    def visible_to_user(self, user) -> "CollaborationQuerySet":
        """Collaborations in which one of the user's organizations is an active party."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            parties__status=PartyStatus.ACTIVE,
            parties__organization__memberships__user=user,
        ).distinct()

    def for_organization(self, organization) -> "CollaborationQuerySet":
        return self.filter(parties__status=PartyStatus.ACTIVE, parties__organization=organization)


class Collaboration(TimeStampedModel, VersionedModel):
    """A joint space. Its data is seen by the members of its active parties only."""

    name = LineField(_("name"), max_length=200)
    description = TextBlockField(_("purpose"), blank=True, max_length=5000)
    working_model = models.CharField(
        _("working model"), max_length=12, choices=WorkingModel.choices, default=WorkingModel.ONE_TO_ONE
    )
    stage = models.PositiveSmallIntegerField(
        _("life-cycle stage"), choices=Stage.choices, default=Stage.PARTNER_SELECTION
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = CollaborationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    # Straight from the enums (get_FOO_display() hashes every lazy label on each call).
    @property
    def working_model_label(self) -> str:
        return WorkingModel(self.working_model).label

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label


class PartyStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    LEFT = "left", _("Left")


class Party(CollaborationScopedModel):
    """An organization taking part in a collaboration, with its senior executive responsible."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="parties"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=PartyStatus.choices, default=PartyStatus.ACTIVE
    )
    ser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("senior executive responsible"),
    )
    is_initiator = models.BooleanField(default=False)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["joined_at", "id"]
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "organization"], name="unique_party_per_collaboration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} in {self.collaboration}"

    HISTORY_SELECT_RELATED = ("organization",)

    @property
    def history_label(self) -> str:
        """How a joint record's history names the party it belongs to."""
        return self.organization.name


class PartyInvitation(CollaborationScopedModel):
    """An e-mailed, expiring, single-use link inviting another organization to be a party."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("partner's e-mail"))
    organization_name = LineField(_("partner organization"), max_length=200, blank=True)
    message = TextBlockField(_("message"), blank=True, max_length=2000)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_by_organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
