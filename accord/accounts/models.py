"""People who log in (by e-mail) and their personal API tokens."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.core.fields import LineField
from accord.core.models import TimeStampedModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person. Logs in with e-mail; may belong to several organizations."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = LineField(_("full name"), max_length=150, blank=True)
    last_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The organization the user worked in last; opened after login."),
    )

    # Only sign-up creates unverified accounts (it sets False): people created otherwise
    # (existing rows, invitations followed from the invited address, the demo, administrators)
    # count as verified.
    email_verified = models.BooleanField(
        _("e-mail verified"),
        default=True,
        help_text=_("The person confirmed the address through the link e-mailed to it."),
    )
    email_verification_sent_at = models.DateTimeField(null=True, blank=True)
    signup_organization_name = LineField(
        _("organization to create"),
        max_length=200,
        blank=True,
        help_text=_("Named at sign-up; created when the address is confirmed."),
    )
    # The browser's zone at sign-up: the organization created on confirmation gets it.
    signup_time_zone = models.CharField(max_length=64, blank=True, default="")

    # Blank: follow the browser (Accept-Language). A choice here wins over the browser and is
    # the language of the e-mails and documents this person receives.
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        help_text=_("The language of your pages and e-mails. Empty: your browser's language."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs) -> None:
        # A new password (reset or change) also ends every API token issued before it.
        password_changed = self.pk is not None and self._password is not None
        super().save(*args, **kwargs)
        if password_changed:
            from django.utils import timezone

            self.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


class ApiToken(TimeStampedModel):
    """A personal API token; only its hash is stored, the raw value is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = LineField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text=_("First characters, to recognise it."))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
