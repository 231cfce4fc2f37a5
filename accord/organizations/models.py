"""Organizations (the tenants), their members and member invitations."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.fields import LineField, TextBlockField
from accord.core.models import TimeStampedModel, VersionedModel
from accord.core.permissions import Role
from accord.core.zones import site_zone, validate_time_zone


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro (fewer than 10 people)")
    SMALL = "small", _("Small (10–49 people)")
    MEDIUM = "medium", _("Medium (50–249 people)")
    LARGE = "large", _("Large (250 people or more)")


class OrganizationQuerySet(models.QuerySet):
    def for_user(self, user) -> "OrganizationQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Organization(TimeStampedModel, VersionedModel):
    """A firm that holds an Accord account. Its private workspace is visible to members only."""

    name = LineField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in links"), max_length=60, unique=True)
    size_class = models.CharField(
        _("size class"), max_length=10, choices=SizeClass.choices, default=SizeClass.MICRO
    )
    sector = LineField(_("sector"), max_length=200, blank=True)
    country = LineField(_("country"), max_length=100, blank=True)
    market = TextBlockField(
        _("market and business environment"),
        blank=True,
        help_text=_("Who you sell to, competitors, trends and pressures you face."),
    )
    stakeholders = TextBlockField(
        _("stakeholders and their expectations"),
        blank=True,
        help_text=_("One per line: who they are and what they expect from you."),
    )
    vision = TextBlockField(_("vision"), blank=True)
    values = TextBlockField(_("values"), blank=True, help_text=_("One value per line."))
    ser_responsibility = TextBlockField(
        _("SER's role and responsibility"),
        blank=True,
        help_text=_("What the senior executive responsible answers for in collaboration."),
    )
    ser_authority = TextBlockField(
        _("SER's authority"),
        blank=True,
        help_text=_("What the SER may decide and commit (money, people, contracts)."),
    )
    ser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("senior executive responsible"),
        help_text=_(
            "The senior person who makes sure the collaborative processes are in place, work "
            "and are followed (ISO 44003 5.4.3.1), and can commit resources. In a micro firm "
            "this is often the owner."
        ),
    )
    require_two_factor = models.BooleanField(
        _("members must use two-factor sign-in"),
        default=False,
        help_text=_(
            "Members without an authenticator app set up are asked to set one up before they "
            "open this organization's pages or its joint spaces."
        ),
    )

    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=site_zone,
        validators=[validate_time_zone],
        help_text=_(
            "The times of day your members see (history, meetings, approvals) are shown in this "
            "zone, and labelled with it. Partners in a joint space see times in their own zone."
        ),
    )

    objects = OrganizationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def profile_fields_filled(self) -> int:
        """How many of the six profile texts are filled in."""
        fields = [self.sector, self.country, self.market, self.stakeholders, self.vision, self.values]
        return sum(1 for value in fields if value.strip())


class Membership(TimeStampedModel):
    """A user's role in one organization."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.CONTRIBUTOR)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["organization", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organization} ({self.get_role_display()})"


class MemberInvitation(TimeStampedModel):
    """An e-mailed, expiring, single-use link that adds a person to an organization."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="member_invitations"
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.CONTRIBUTOR)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
