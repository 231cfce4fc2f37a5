"""Writes on accounts: sign-up and personal API tokens."""

from django.db import transaction
from django.utils import timezone

from accord.accounts.models import ApiToken, User
from accord.core.tokens import hash_token, new_token
from accord.core.zones import clean_browser_zone
from accord.organizations.models import Organization
from accord.organizations.services import organization_create


@transaction.atomic
def user_signup(
    *,
    email: str,
    password: str,
    full_name: str = "",
    organization_name: str | None,
    verified: bool = False,
    time_zone: str = "",
) -> tuple[User, Organization | None]:
    """Create a user and, when ``organization_name`` is given, their first organization.

    An unverified account (the default) cannot act yet: the organization is created when the
    address is confirmed (``accord.accounts.verification.confirm_email``), in the time zone
    the browser gave at sign-up (``time_zone``; the site's when unknown).
    """
    time_zone = clean_browser_zone(time_zone)
    user = User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name.strip(),
        email_verified=verified,
        signup_organization_name="" if verified else (organization_name or "").strip(),
        signup_time_zone="" if verified else time_zone,
    )
    organization = None
    if organization_name and verified:
        organization = organization_create(name=organization_name, owner=user, time_zone=time_zone)
    return user, organization


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Return the token and its raw value, which is shown once and never stored."""
    raw, hashed = new_token()
    token = ApiToken.objects.create(
        user=user, name=name.strip() or "API token", token_hash=hashed, prefix=raw[:8]
    )
    return token, raw


def api_token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])


def api_token_authenticate(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            token_hash=hash_token(raw),
            revoked_at__isnull=True,
            user__is_active=True,
            user__email_verified=True,
        )
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
