"""Writes on organizations, members and member invitations."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.accounts.limits import check_invitation_limits
from accord.core.errors import ApplicationError
from accord.core.i18n import in_language_of_address
from accord.core.permissions import Perm, Role, role_allows
from accord.core.services import versioned_update
from accord.core.text import one_line
from accord.core.tokens import hash_token, new_token
from accord.organizations.models import MemberInvitation, Membership, Organization

PROFILE_FIELDS = [
    "name",
    "size_class",
    "sector",
    "country",
    "market",
    "stakeholders",
    "vision",
    "values",
    "ser",
    "ser_responsibility",
    "ser_authority",
    "time_zone",
]

# Lazy: read in the language of the request that hits it.
LAST_OWNER = gettext_lazy("An organization needs at least one owner: make someone else owner first.")


def unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "org"
    slug, n = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def organization_create(*, name: str, owner: Any, **profile: Any) -> Organization:
    """Create an organization with ``owner`` as its owner and the default segmentation criteria."""
    from accord.relationships.services import criteria_create_defaults

    organization = Organization(name=name.strip(), slug=unique_slug(name), **profile)
    organization.full_clean(exclude=["ser"])
    organization.save()
    Membership.objects.create(organization=organization, user=owner, role=Role.OWNER)
    # The founder sponsors collaboration until someone else is named.
    organization.ser = owner
    organization.save(update_fields=["ser"])
    criteria_create_defaults(organization=organization)
    owner.last_organization = organization
    owner.save(update_fields=["last_organization"])
    return organization


def organization_update(
    *, organization: Organization, data: dict[str, Any], expected_version: int | None
) -> Organization:
    ser = data.get("ser")
    if ser is not None and not Membership.objects.filter(organization=organization, user=ser).exists():
        raise ApplicationError(_("The SER must be a member of the organization."), field="ser")
    return versioned_update(organization, data=data, expected_version=expected_version, fields=PROFILE_FIELDS)


def _owner_count(organization: Organization) -> int:
    """Owners, with their rows locked so two owners cannot demote each other at once."""
    return len(Membership.objects.select_for_update().filter(organization=organization, role=Role.OWNER))


def _withdraw_invitations_sent_by(organization: Organization, user: Any) -> None:
    """Someone who leaves (or is no longer owner) leaves no working invitation behind."""
    MemberInvitation.objects.filter(
        organization=organization, invited_by=user, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def _withdraw_party_invitations_sent_by(organization: Organization, user: Any) -> None:
    """Someone who leaves, or may no longer invite partners, leaves no working invitation into
    a joint space behind: otherwise they could invite an address of their own before going and
    join the collaboration afterwards."""
    from accord.collaborations.models import PartyInvitation

    PartyInvitation.unscoped.filter(
        invited_by_organization=organization,
        invited_by=user,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=timezone.now())


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    if role not in Role.values:
        raise ApplicationError(_("Unknown role."), field="role")
    if membership.role == Role.OWNER and role != Role.OWNER and _owner_count(membership.organization) <= 1:
        raise ApplicationError(str(LAST_OWNER), field="role")
    if membership.role == Role.OWNER and role != Role.OWNER:
        _withdraw_invitations_sent_by(membership.organization, membership.user)
    if role_allows(membership.role, Perm.DECIDE) and not role_allows(role, Perm.DECIDE):
        _withdraw_party_invitations_sent_by(membership.organization, membership.user)
    membership.role = role
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    if membership.role == Role.OWNER and _owner_count(membership.organization) <= 1:
        raise ApplicationError(str(LAST_OWNER))
    from accord.collaborations.models import Party

    user = membership.user
    organization = membership.organization
    membership.delete()
    _withdraw_invitations_sent_by(organization, user)
    _withdraw_party_invitations_sent_by(organization, user)
    # Saved one by one (not .update()) so that the history records the change.
    if organization.ser_id == user.pk:
        organization.ser = None
        organization.version += 1
        organization.save()
    for party in Party.unscoped.filter(organization=organization, ser=user):
        party.ser = organization.ser
        party.save()
    if user.last_organization_id == membership.organization_id:
        user.last_organization = None
        user.save(update_fields=["last_organization"])


@transaction.atomic
def member_invitation_create(
    *, organization: Organization, email: str, role: str, invited_by: Any, base_url: str
) -> MemberInvitation:
    email = email.strip().lower()
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise ApplicationError(_("This person is already a member."), field="email")
    check_invitation_limits(sender=invited_by, organization=organization, email=email)
    raw, hashed = new_token()
    invitation = MemberInvitation.objects.create(
        organization=organization,
        email=email,
        role=role,
        token_hash=hashed,
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.ACCORD_INVITATION_DAYS),
    )
    link = base_url + reverse("organizations:invitation_accept", args=[raw])
    with in_language_of_address(email):
        _send_member_invitation(invitation, invited_by, organization, link)
    invitation.raw_token = raw  # shown to the inviter, e.g. to copy the link
    return invitation


def _send_member_invitation(
    invitation: MemberInvitation, invited_by: Any, organization: Organization, link: str
) -> None:
    email = invitation.email
    send_mail(
        one_line(
            _("%(who)s of %(org)s invites you to join %(org)s on Accord")
            % {"who": invited_by.display_name, "org": organization}
        ),
        _(
            "Hello,\n\n%(who)s of %(org)s invites you to join the organization %(org)s on Accord "
            "as %(role)s.\n\n"
            "Open this link to see the invitation and accept it (it works once and expires in "
            "%(days)s days). If you have no Accord account yet, you can create one there with "
            "this address:\n%(link)s\n"
        )
        % {
            "who": invited_by.display_name,
            "org": organization,
            "role": invitation.get_role_display(),
            "days": settings.ACCORD_INVITATION_DAYS,
            "link": link,
        },
        None,
        [email],
    )


def member_invitation_get(raw_token: str) -> MemberInvitation | None:
    return (
        MemberInvitation.objects.select_related("organization", "invited_by")
        .filter(token_hash=hash_token(raw_token))
        .first()
    )


@transaction.atomic
def member_invitation_accept(*, invitation: MemberInvitation, user: Any) -> Membership:
    invitation = MemberInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ApplicationError(_("This invitation has expired or was already used."))
    if invitation.email.lower() != user.email.lower():
        raise ApplicationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    membership, created = Membership.objects.get_or_create(
        organization=invitation.organization, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save()
    user.last_organization = invitation.organization
    user.save(update_fields=["last_organization"])
    return membership


def member_invitation_revoke(*, invitation: MemberInvitation) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])


def organization_set_two_factor(*, organization: Organization, required: bool) -> Organization:
    """Require (or stop requiring) two-factor sign-in from the organization's members for its
    pages and joint spaces (checked in accord.core.scoping)."""
    organization = Organization.objects.get(pk=organization.pk)
    if organization.require_two_factor != required:
        organization.require_two_factor = required
        organization.version += 1
        organization.save()
    return organization
