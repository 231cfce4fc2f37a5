"""E-mail verification: a new account acts only after confirming its address.

The link carries a signed, expiring token (Django's signing) naming the account and the
address; changing the address would void it. Following an invitation that was sent to the
same address proves ownership as well (``confirm_email`` is called from there).
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.errors import RateLimited
from accord.core.i18n import in_language_of
from accord.core.text import one_line
from accord.core.zones import clean_browser_zone

SALT = "accord.accounts.verify-email"


def make_token(user: Any) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=SALT, compress=True)


def read_token(token: str) -> Any | None:
    """The account the token confirms, or None when it is forged, expired or outdated."""
    from accord.accounts.models import User

    try:
        data = signing.loads(
            token, salt=SALT, max_age=timedelta(days=settings.ACCORD_EMAIL_VERIFICATION_DAYS)
        )
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or user.email != data.get("e"):
        return None
    return user


def send_verification(user: Any, *, base_url: str, force: bool = False) -> None:
    """E-mail the confirmation link. A resend (``force=False``) waits for the interval."""
    now = timezone.now()
    wait = timedelta(seconds=settings.ACCORD_EMAIL_VERIFICATION_RESEND_SECONDS)
    if not force and user.email_verification_sent_at and now < user.email_verification_sent_at + wait:
        allowed = timezone.localtime(user.email_verification_sent_at + wait)
        raise RateLimited(
            _("We sent a link a moment ago. You can ask for another one after %(time)s (%(tz)s).")
            % {"time": allowed.strftime("%H:%M:%S"), "tz": allowed.tzname()}
        )
    link = base_url + reverse("accounts:verify_email", args=[make_token(user)])
    with in_language_of(user):
        # Greet by the name given at sign-up, when there is one.
        name = one_line(user.full_name or "")
        greeting = _("Hello %(name)s,") % {"name": name} if name else _("Hello,")
        send_mail(
            one_line(_("Confirm your e-mail address for Accord")),
            greeting
            + "\n\n"
            + _(
                "Someone (we hope you) created an Accord account with this address. "
                "Open this link to confirm it (it expires in %(days)s days):\n%(link)s\n\n"
                "If it was not you, ignore this message: nothing happens without the link.\n"
            )
            % {"days": settings.ACCORD_EMAIL_VERIFICATION_DAYS, "link": link},
            None,
            [user.email],
        )
    user.email_verification_sent_at = now
    user.save(update_fields=["email_verification_sent_at"])


@transaction.atomic
def confirm_email(user: Any) -> Any | None:
    """Mark the address as confirmed; create the organization named at sign-up, if any.
    Returns that organization (None if there is none)."""
    from accord.organizations.services import organization_create

    organization = None
    if not user.email_verified:
        user.email_verified = True
        name, time_zone = user.signup_organization_name, user.signup_time_zone
        user.signup_organization_name = user.signup_time_zone = ""
        user.save(update_fields=["email_verified", "signup_organization_name", "signup_time_zone"])
        if name and not user.memberships.exists():
            organization = organization_create(name=name, owner=user, time_zone=clean_browser_zone(time_zone))
    return organization


def invitation_for_path(path: str | None) -> Any | None:
    """The open invitation a link inside Accord points to (member or partner), or None."""
    if not path:
        return None
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return None
    token = match.kwargs.get("token")
    if match.view_name == "organizations:invitation_accept":
        from accord.organizations.services import member_invitation_get

        invitation = member_invitation_get(token)
    elif match.view_name == "collaborations:invitation_accept":
        from accord.collaborations.services import party_invitation_get

        invitation = party_invitation_get(token)
    else:
        return None
    return invitation if invitation is not None and invitation.is_open else None
