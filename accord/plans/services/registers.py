"""Resources committed to collaboration, the joint management team and the contributions
register: each party writes its own records."""

from typing import Any

from django.utils.translation import gettext as _

from accord.collaborations.models import Collaboration, Party
from accord.core.errors import ApplicationError
from accord.core.services import versioned_update
from accord.organizations.models import Membership, Organization
from accord.plans.models import (
    Contribution,
    JointTeamMember,
    ResourceCommitment,
)

# Resources, joint team, contributions ---------------------------------------------------


RESOURCE_FIELDS = ["kind", "description", "person", "capability", "capacity"]
TEAM_FIELDS = ["user", "name", "role", "responsibilities", "authority", "is_ser_representative"]
CONTRIBUTION_FIELDS = ["kind", "description", "terms_of_use", "return_at_exit"]


def _only(data: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in fields}


def _check_resource(organization_id: int, data: dict[str, Any]) -> None:
    person = data.get("person")
    if (
        person is not None
        and not Membership.objects.filter(organization=organization_id, user=person).exists()
    ):
        raise ApplicationError(_("The person must be a member of the organization."), field="person")


def resource_create(*, organization: Organization, data: dict[str, Any]) -> ResourceCommitment:
    _check_resource(organization.pk, data)
    item = ResourceCommitment(organization=organization, **_only(data, RESOURCE_FIELDS))
    item.full_clean()
    item.save()
    return item


def resource_update(
    *, item: ResourceCommitment, data: dict[str, Any], expected_version: int | None
) -> ResourceCommitment:
    _check_resource(item.organization_id, data)
    return versioned_update(item, data=data, expected_version=expected_version, fields=RESOURCE_FIELDS)


def _check_team_member(
    collaboration: Collaboration, party: Party, data: dict[str, Any], member_pk: Any
) -> None:
    """Each party puts its own people on the team, each person once; a person's name is
    filled from their account when left empty."""
    user = data.get("user")
    if user is None:
        return
    if not Membership.objects.filter(organization=party.organization_id, user=user).exists():
        raise ApplicationError(_("Add people from your own organization."), field="user")
    if (
        JointTeamMember.objects.in_scope(collaboration)
        .filter(party=party, user=user)
        .exclude(pk=member_pk)
        .exists()
    ):
        raise ApplicationError(
            _("%(name)s is already on the joint team.") % {"name": user.display_name}, field="user"
        )
    if not data.get("name"):
        data["name"] = user.display_name


def team_member_add(*, collaboration: Collaboration, party: Party, data: dict[str, Any]) -> JointTeamMember:
    data = _only(data, TEAM_FIELDS)
    _check_team_member(collaboration, party, data, None)
    member = JointTeamMember(collaboration=collaboration, party=party, **data)
    member.full_clean()
    member.save()
    return member


def team_member_update(
    *, member: JointTeamMember, data: dict[str, Any], expected_version: int | None
) -> JointTeamMember:
    data = _only(data, TEAM_FIELDS)
    _check_team_member(member.collaboration, member.party, data, member.pk)
    return versioned_update(member, data=data, expected_version=expected_version, fields=TEAM_FIELDS)


def contribution_add(*, collaboration: Collaboration, party: Party, data: dict[str, Any]) -> Contribution:
    item = Contribution(collaboration=collaboration, party=party, **_only(data, CONTRIBUTION_FIELDS))
    item.full_clean()
    item.save()
    return item


def contribution_update(
    *, item: Contribution, data: dict[str, Any], expected_version: int | None
) -> Contribution:
    return versioned_update(item, data=data, expected_version=expected_version, fields=CONTRIBUTION_FIELDS)
