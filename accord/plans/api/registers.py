"""API for resources, the joint management team and contributions (each party changes its
own records)."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Schema, Status
from pydantic import Field

from accord.core.api import FieldErrors, Message, PathId, patch_data
from accord.core.permissions import Perm
from accord.plans import services
from accord.plans.api.router import router
from accord.plans.models import (
    Contribution,
    ContributionKind,
    JointTeamMember,
    ResourceCommitment,
    ResourceKind,
)


class ResourceOut(Schema):
    id: int
    kind: ResourceKind
    description: str
    person_email: str | None
    capability: str
    capacity: str
    version: int

    @staticmethod
    def resolve_person_email(obj: ResourceCommitment) -> str | None:
        return obj.person.email if obj.person else None


class ResourceIn(Schema):
    kind: ResourceKind
    description: str = Field(min_length=1, max_length=300)
    capability: str = Field("", max_length=5000)
    capacity: str = Field("", max_length=200)


class ResourcePatch(Schema):
    version: int = Field(description="The version you read; a stale one gives 409.")
    kind: ResourceKind | None = None
    description: str | None = Field(None, min_length=1, max_length=300)
    capability: str | None = Field(None, max_length=5000)
    capacity: str | None = Field(None, max_length=200)


class TeamMemberOut(Schema):
    id: int
    party_organization: str
    name: str
    role: str
    responsibilities: str
    authority: str
    is_ser_representative: bool
    version: int

    @staticmethod
    def resolve_party_organization(obj: JointTeamMember) -> str:
        return obj.party.organization.name


class TeamMemberIn(Schema):
    name: str = Field(min_length=1, max_length=150)
    role: str = Field(min_length=1, max_length=150)
    responsibilities: str = Field("", max_length=5000)
    authority: str = Field("", max_length=5000)
    is_ser_representative: bool = False


class TeamMemberPatch(Schema):
    version: int = Field(description="The version you read; a stale one gives 409.")
    name: str | None = Field(None, min_length=1, max_length=150)
    role: str | None = Field(None, min_length=1, max_length=150)
    responsibilities: str | None = Field(None, max_length=5000)
    authority: str | None = Field(None, max_length=5000)
    is_ser_representative: bool | None = None


class ContributionOut(Schema):
    id: int
    party_organization: str
    kind: ContributionKind
    description: str
    terms_of_use: str
    return_at_exit: str
    version: int

    @staticmethod
    def resolve_party_organization(obj: Contribution) -> str:
        return obj.party.organization.name


class ContributionIn(Schema):
    kind: ContributionKind
    description: str = Field(min_length=1, max_length=300)
    terms_of_use: str = Field("", max_length=5000)
    return_at_exit: str = Field("", max_length=5000)


class ContributionPatch(Schema):
    version: int = Field(description="The version you read; a stale one gives 409.")
    kind: ContributionKind | None = None
    description: str | None = Field(None, min_length=1, max_length=300)
    terms_of_use: str | None = Field(None, max_length=5000)
    return_at_exit: str | None = Field(None, max_length=5000)


def _own_party_record(request: HttpRequest, model: type, pk: int) -> Any:
    """A team member or contribution of the caller's own party (each party changes only its
    own records; another party's answers 404)."""
    return get_object_or_404(
        model.objects.in_scope(request.scope.collaboration), pk=pk, party=request.scope.party
    )


@router.scoped(
    "GET", "/organizations/{org}/resources", scope="org", perm=Perm.VIEW, response=list[ResourceOut]
)
def resource_list(request: HttpRequest, org: str):
    return list(ResourceCommitment.objects.in_scope(request.scope.organization).select_related("person"))


@router.scoped(
    "POST",
    "/organizations/{org}/resources",
    scope="org",
    perm=Perm.EDIT,
    response={201: ResourceOut, 400: FieldErrors},
)
def resource_create(request: HttpRequest, org: str, payload: ResourceIn):
    return Status(201, services.resource_create(organization=request.scope.organization, data=payload.dict()))


@router.scoped(
    "PATCH",
    "/organizations/{org}/resources/{resource_id}",
    scope="org",
    perm=Perm.EDIT,
    response={200: ResourceOut, 400: FieldErrors, 409: Message},
)
def resource_patch(request: HttpRequest, org: str, resource_id: PathId, payload: ResourcePatch):
    item = get_object_or_404(ResourceCommitment.objects.in_scope(request.scope.organization), pk=resource_id)
    data = patch_data(payload, ResourceCommitment)
    version = data.pop("version")
    return services.resource_update(item=item, data=data, expected_version=version)


@router.scoped(
    "DELETE",
    "/organizations/{org}/resources/{resource_id}",
    scope="org",
    perm=Perm.EDIT,
    response={204: None},
)
def resource_delete(request: HttpRequest, org: str, resource_id: PathId):
    get_object_or_404(
        ResourceCommitment.objects.in_scope(request.scope.organization), pk=resource_id
    ).delete()
    return Status(204, None)


@router.scoped(
    "GET",
    "/collaborations/{collaboration_id}/team",
    scope="collaboration",
    perm=Perm.VIEW,
    response=list[TeamMemberOut],
)
def team_list(request: HttpRequest, collaboration_id: PathId):
    return list(
        JointTeamMember.objects.in_scope(request.scope.collaboration).select_related("party__organization")
    )


@router.scoped(
    "POST",
    "/collaborations/{collaboration_id}/team",
    scope="collaboration",
    perm=Perm.DECIDE,
    response={201: TeamMemberOut, 400: FieldErrors},
)
def team_add(request: HttpRequest, collaboration_id: PathId, payload: TeamMemberIn):
    """Add someone to the joint management team for your own party."""
    member = services.team_member_add(
        collaboration=request.scope.collaboration, party=request.scope.party, data=payload.dict()
    )
    return Status(201, member)


@router.scoped(
    "PATCH",
    "/collaborations/{collaboration_id}/team/{team_member_id}",
    scope="collaboration",
    perm=Perm.DECIDE,
    response={200: TeamMemberOut, 400: FieldErrors, 409: Message},
)
def team_patch(
    request: HttpRequest, collaboration_id: PathId, team_member_id: PathId, payload: TeamMemberPatch
):
    """Change a member of the joint team from your own party."""
    member = _own_party_record(request, JointTeamMember, team_member_id)
    data = patch_data(payload, JointTeamMember)
    version = data.pop("version")
    if data.get("is_ser_representative") is None:
        data.pop("is_ser_representative", None)
    return services.team_member_update(member=member, data=data, expected_version=version)


@router.scoped(
    "DELETE",
    "/collaborations/{collaboration_id}/team/{team_member_id}",
    scope="collaboration",
    perm=Perm.DECIDE,
    response={204: None},
)
def team_remove(request: HttpRequest, collaboration_id: PathId, team_member_id: PathId):
    _own_party_record(request, JointTeamMember, team_member_id).delete()
    return Status(204, None)


@router.scoped(
    "GET",
    "/collaborations/{collaboration_id}/contributions",
    scope="collaboration",
    perm=Perm.VIEW,
    response=list[ContributionOut],
)
def contribution_list(request: HttpRequest, collaboration_id: PathId):
    return list(
        Contribution.objects.in_scope(request.scope.collaboration).select_related("party__organization")
    )


@router.scoped(
    "POST",
    "/collaborations/{collaboration_id}/contributions",
    scope="collaboration",
    perm=Perm.EDIT,
    response={201: ContributionOut, 400: FieldErrors},
)
def contribution_add(request: HttpRequest, collaboration_id: PathId, payload: ContributionIn):
    item = services.contribution_add(
        collaboration=request.scope.collaboration, party=request.scope.party, data=payload.dict()
    )
    return Status(201, item)


@router.scoped(
    "PATCH",
    "/collaborations/{collaboration_id}/contributions/{contribution_id}",
    scope="collaboration",
    perm=Perm.EDIT,
    response={200: ContributionOut, 400: FieldErrors, 409: Message},
)
def contribution_patch(
    request: HttpRequest, collaboration_id: PathId, contribution_id: PathId, payload: ContributionPatch
):
    """Change a contribution your own party recorded."""
    item = _own_party_record(request, Contribution, contribution_id)
    data = patch_data(payload, Contribution)
    version = data.pop("version")
    return services.contribution_update(item=item, data=data, expected_version=version)


@router.scoped(
    "DELETE",
    "/collaborations/{collaboration_id}/contributions/{contribution_id}",
    scope="collaboration",
    perm=Perm.EDIT,
    response={204: None},
)
def contribution_delete(request: HttpRequest, collaboration_id: PathId, contribution_id: PathId):
    _own_party_record(request, Contribution, contribution_id).delete()
    return Status(204, None)
