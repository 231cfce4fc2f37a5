"""Writes on collaborations: creating joint spaces, inviting and accepting parties, leaving."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.accounts.limits import check_invitation_limits
from accord.collaborations.models import Collaboration, Party, PartyInvitation, PartyStatus
from accord.collaborations.selectors import forget_active_parties
from accord.core.errors import ApplicationError
from accord.core.i18n import in_language_of_address
from accord.core.permissions import Role
from accord.core.registry import registry
from accord.core.services import versioned_update
from accord.core.text import one_line
from accord.core.tokens import hash_token, new_token
from accord.organizations.models import Membership, Organization
from accord.relationships.models import Relationship

COLLABORATION_FIELDS = ["name", "description", "working_model", "stage"]


@transaction.atomic
def collaboration_create(
    *,
    organization: Organization,
    user: Any,
    data: dict[str, Any],
    from_entry: Relationship | None = None,
) -> Collaboration:
    """Start a joint space with ``organization`` as its first party (and the user as its SER
    when the organization has none named yet)."""
    collaboration = Collaboration(
        created_by=user, **{k: v for k, v in data.items() if k in COLLABORATION_FIELDS}
    )
    collaboration.full_clean()
    collaboration.save()
    Party.objects.create(
        collaboration=collaboration,
        organization=organization,
        ser=_default_ser(organization, user),
        is_initiator=True,
    )
    if from_entry is not None:
        if from_entry.organization_id != organization.pk:
            raise ApplicationError(_("That register entry is not yours."))
        # The fresh row, not the caller's copy: the history record is made from the instance,
        # and a copy read before a decision would record that decision as undone.
        from_entry.refresh_from_db()
        from_entry.collaboration = collaboration
        from_entry.save(update_fields=["collaboration", "updated_at"])
    return collaboration


def _default_ser(organization: Organization, user: Any) -> Any:
    """The organization's named SER, else the person starting or accepting."""
    return organization.ser or user


# Checks other apps make before the life-cycle stage moves (the exits app: the gate of each
# stage left behind is met, or an SER overrode it with a reason):
# ``guard(collaboration, from_stage, to_stage, user)`` raises ApplicationError to refuse.
STAGE_GUARDS: list[Any] = []


def collaboration_update(
    *, collaboration: Collaboration, data: dict[str, Any], expected_version: int | None, user: Any = None
) -> Collaboration:
    with transaction.atomic():
        current = Collaboration._base_manager.select_for_update().get(pk=collaboration.pk)
        new_stage = data.get("stage")
        stale = expected_version is not None and current.version != expected_version
        # A stale edit is a conflict first (409, the stored values shown); only a current one
        # asks the stage gates.
        if not stale and new_stage is not None and int(new_stage) != current.stage:
            for guard in STAGE_GUARDS:
                guard(current, current.stage, int(new_stage), user)
        return versioned_update(
            current, data=data, expected_version=expected_version, fields=COLLABORATION_FIELDS
        )


@transaction.atomic
def party_invitation_create(
    *,
    collaboration: Collaboration,
    organization: Organization,
    user: Any,
    email: str,
    organization_name: str = "",
    message: str = "",
    base_url: str,
) -> PartyInvitation:
    email = email.strip().lower()
    if (
        Party.objects.in_scope(collaboration)
        .filter(status=PartyStatus.ACTIVE, organization__memberships__user__email__iexact=email)
        .exists()
    ):
        raise ApplicationError(_("This person's organization is already a party."), field="email")
    check_invitation_limits(sender=user, organization=organization, email=email)
    raw, hashed = new_token()
    invitation = PartyInvitation.objects.create(
        collaboration=collaboration,
        email=email,
        organization_name=organization_name.strip(),
        message=message.strip(),
        token_hash=hashed,
        invited_by=user,
        invited_by_organization=organization,
        expires_at=timezone.now() + timedelta(days=settings.ACCORD_INVITATION_DAYS),
    )
    link = base_url + reverse("collaborations:invitation_accept", args=[raw])
    with in_language_of_address(email):
        _send_party_invitation(invitation, user, organization, collaboration, link)
    invitation.raw_token = raw
    return invitation


def _send_party_invitation(
    invitation: PartyInvitation, user: Any, organization: Organization, collaboration: Any, link: str
) -> None:
    body = _(
        "Hello,\n\n%(who)s of %(org)s invites you to the %(collab)s joint space on Accord, a "
        "shared space where your organization and theirs plan and run your relationship "
        "together.\n\n%(message)s\n\nOpen this link to see the invitation and accept it (it "
        "works once and expires in %(days)s days). If you have no Accord account yet, you can "
        "create one there with this address:\n%(link)s\n\nYou will only see what the "
        "organizations share in the joint space; each organization's own records stay private.\n"
    ) % {
        "who": user.display_name,
        "org": organization,
        "collab": collaboration,
        "message": invitation.message,
        "days": settings.ACCORD_INVITATION_DAYS,
        "link": link,
    }
    send_mail(
        one_line(
            _("%(who)s of %(org)s invites you to the %(collab)s joint space")
            % {"who": user.display_name, "org": organization, "collab": collaboration}
        ),
        body,
        None,
        [invitation.email],
    )


def party_invitation_get(raw_token: str) -> PartyInvitation | None:
    return (
        PartyInvitation.unscoped.select_related("collaboration", "invited_by", "invited_by_organization")
        .filter(token_hash=hash_token(raw_token))
        .first()
    )


@transaction.atomic
def party_invitation_accept(*, invitation: PartyInvitation, user: Any, organization: Organization) -> Party:
    """Accept on behalf of ``organization``; the user must be its owner."""
    invitation = PartyInvitation.unscoped.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ApplicationError(_("This invitation has expired or was already used."))
    if invitation.email.lower() != user.email.lower():
        raise ApplicationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    if not Membership.objects.filter(organization=organization, user=user, role=Role.OWNER).exists():
        raise ApplicationError(
            _("Only an owner can accept on behalf of an organization."), field="organization"
        )
    party = Party.objects.in_scope(invitation.collaboration).filter(organization=organization).first()
    if party is not None and party.status == PartyStatus.ACTIVE:
        raise ApplicationError(_("This organization is already a party."), field="organization")
    if party is None:
        party = Party.objects.create(
            collaboration=invitation.collaboration,
            organization=organization,
            ser=_default_ser(organization, user),
        )
    else:  # rejoining after having left
        party.status, party.left_at, party.joined_at = PartyStatus.ACTIVE, None, timezone.now()
        party.save()
    _forget_parties(party)
    invitation.accepted_at = timezone.now()
    invitation.accepted_party = party
    invitation.save()
    user.last_organization = organization
    user.save(update_fields=["last_organization"])
    return party


def party_invitation_revoke(*, invitation: PartyInvitation) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])


def _forget_parties(party: Party) -> None:
    """The collaboration object a request holds forgets the active parties it read (no query)."""
    collaboration = party._state.fields_cache.get("collaboration")
    if collaboration is not None:
        forget_active_parties(collaboration)


def party_set_ser(*, party: Party, user: Any) -> Party:
    if not Membership.objects.filter(organization=party.organization_id, user=user).exists():
        raise ApplicationError(_("The SER must be a member of the party's organization."), field="ser")
    party.ser = user
    party.save()
    _forget_parties(party)
    return party


@transaction.atomic
def party_leave(*, party: Party, actor: Any = None, base_url: str = "") -> Party:
    """The party leaves; its members lose access to the joint space at once."""
    if party.status != PartyStatus.ACTIVE:
        raise ApplicationError(_("This organization has already left."))
    party.status = PartyStatus.LEFT
    party.left_at = timezone.now()
    party.save()
    _forget_parties(party)
    # Invitations this party sent stop working with its departure.
    PartyInvitation.objects.in_scope(party.collaboration).filter(
        invited_by_organization=party.organization, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    # What waited on every party (a plan's approval) is decided again without this one.
    registry.parties_changed(party.collaboration, actor=actor, base_url=base_url)
    return party
