"""API for plans: the RMP and the JRMP (sections, review, approval, versions), business
cases, resources, the joint management team and contributions."""

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Schema, Status
from pydantic import Field

from accord.core.api import BodyId, FieldErrors, Message, PathId, ScopedRouter, patch_data
from accord.core.permissions import Perm
from accord.plans import services
from accord.plans.models import (
    BusinessCase,
    BusinessCaseStatus,
    Contribution,
    ContributionKind,
    JointTeamMember,
    PlanStatus,
    ResourceCommitment,
    ResourceKind,
)

router = ScopedRouter(tags=["plans"])


class PlanVersionOut(Schema):
    number: int
    status: PlanStatus
    sections: dict[str, str]
    revisions: dict[str, int]
    submitted_at: datetime | None
    approved_at: datetime | None
    returned_reason: str = Field(description="Why a reviewer last sent it back to draft (until resubmitted).")
    returned_at: datetime | None


class ApproveIn(Schema):
    submitted_at: datetime = Field(
        description="The submitted_at of the version in review that you read: if it was sent back "
        "to draft and resubmitted since, the approval is refused with 409."
    )


class ReturnIn(Schema):
    reason: str = Field(
        min_length=1, max_length=services.MAX_RETURN_REASON, description="What should change."
    )


class SectionIn(Schema):
    text: str = Field(max_length=services.MAX_SECTION_LENGTH)
    revision: int = Field(ge=0, description="The section's revision you read; a stale one gives 409.")


class BusinessCaseOut(Schema):
    id: int
    title: str
    status: BusinessCaseStatus
    opportunity: str
    objectives: str
    value: str
    risks: str
    resources: str
    candidate_ids: list[int]
    version: int
    decided_by_email: str | None = Field(None, description="Who approved or rejected it.")
    decided_at: datetime | None

    @staticmethod
    def resolve_decided_by_email(obj: BusinessCase) -> str | None:
        return obj.decided_by.email if obj.decided_by else None

    @staticmethod
    def resolve_candidate_ids(obj: BusinessCase) -> list[int]:
        return [c.pk for c in obj.candidates.all()]


class BusinessCaseIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    status: BusinessCaseStatus = BusinessCaseStatus.IDEA
    opportunity: str = Field("", max_length=20000)
    objectives: str = Field("", max_length=20000)
    value: str = Field("", max_length=20000)
    risks: str = Field("", max_length=20000)
    resources: str = Field("", max_length=20000)
    candidate_ids: list[BodyId] = Field(default_factory=list, max_length=200)


class BusinessCasePatch(Schema):
    version: int = Field(description="The version you read; a stale one gives 409.")
    title: str | None = Field(None, min_length=1, max_length=200)
    status: BusinessCaseStatus | None = None
    opportunity: str | None = Field(None, max_length=20000)
    objectives: str | None = Field(None, max_length=20000)
    value: str | None = Field(None, max_length=20000)
    risks: str | None = Field(None, max_length=20000)
    resources: str | None = Field(None, max_length=20000)
    candidate_ids: list[BodyId] | None = Field(None, max_length=200)


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


def _plan_owner(request: HttpRequest) -> Any:
    return request.scope.collaboration if hasattr(request.scope, "party") else request.scope.organization


def _plan_get(request: HttpRequest) -> Any:
    return services.plan_working_version(owner=_plan_owner(request), user=request.auth)


def _plan_version(request: HttpRequest, number: int) -> Any:
    found = next((v for v in services.plan_versions(_plan_owner(request)) if v.number == number), None)
    if found is None:
        raise Http404
    return found


def _plan_section(request: HttpRequest, key: str, payload: SectionIn) -> Any:
    return services.plan_section_save(
        owner=_plan_owner(request),
        key=key,
        text=payload.text,
        expected_revision=payload.revision,
        user=request.auth,
        base_url=request.build_absolute_uri("/")[:-1],
    )


def _plan_approve(request: HttpRequest, payload: ApproveIn) -> Any:
    if hasattr(request.scope, "party"):
        return services.jrmp_approve(
            collaboration=request.scope.collaboration,
            party=request.scope.party,
            user=request.auth,
            reviewed=payload.submitted_at,
            base_url=request.build_absolute_uri("/")[:-1],
        )
    return services.rmp_approve(
        organization=request.scope.organization,
        user=request.auth,
        reviewed=payload.submitted_at,
        base_url=request.build_absolute_uri("/")[:-1],
    )


def _plan_return(request: HttpRequest, payload: ReturnIn) -> Any:
    return services.plan_return(
        owner=_plan_owner(request),
        user=request.auth,
        reason=payload.reason,
        base_url=request.build_absolute_uri("/")[:-1],
    )


RMP, JRMP = "/organizations/{org}/plan", "/collaborations/{collaboration_id}/plan"
SECTION_RESPONSES = {200: PlanVersionOut, 400: FieldErrors, 409: Message}
ACTION_RESPONSES = {200: PlanVersionOut, 400: FieldErrors}
APPROVE_RESPONSES = {200: PlanVersionOut, 400: FieldErrors, 409: Message}


@router.scoped("GET", RMP, scope="org", perm=Perm.VIEW, response=PlanVersionOut)
def rmp_get(request: HttpRequest, org: str):
    """The working version of your relationship management plan (created empty if none)."""
    return _plan_get(request)


@router.scoped("GET", RMP + "/versions", scope="org", perm=Perm.VIEW, response=list[PlanVersionOut])
def rmp_versions(request: HttpRequest, org: str):
    return services.plan_versions(_plan_owner(request))


@router.scoped("GET", RMP + "/versions/{number}", scope="org", perm=Perm.VIEW, response=PlanVersionOut)
def rmp_version(request: HttpRequest, org: str, number: PathId):
    return _plan_version(request, number)


@router.scoped("PUT", RMP + "/sections/{key}", scope="org", perm=Perm.DECIDE, response=SECTION_RESPONSES)
def rmp_section(request: HttpRequest, org: str, key: str, payload: SectionIn):
    """Save one section. A stale revision gives 409 with the stored text in ``current``."""
    return _plan_section(request, key, payload)


@router.scoped("POST", RMP + "/submit", scope="org", perm=Perm.DECIDE, response=ACTION_RESPONSES)
def rmp_submit(request: HttpRequest, org: str):
    return services.plan_submit(
        owner=_plan_owner(request), user=request.auth, base_url=request.build_absolute_uri("/")[:-1]
    )


@router.scoped("POST", RMP + "/approve", scope="org", perm=Perm.DECIDE, response=APPROVE_RESPONSES)
def rmp_approve(request: HttpRequest, org: str, payload: ApproveIn):
    """Approve the version in review, as the organization's SER."""
    return _plan_approve(request, payload)


@router.scoped("POST", RMP + "/return", scope="org", perm=Perm.DECIDE, response=ACTION_RESPONSES)
def rmp_return(request: HttpRequest, org: str, payload: ReturnIn):
    """Send the version in review back to draft with a comment (its approval lapses)."""
    return _plan_return(request, payload)


@router.scoped("GET", JRMP, scope="collaboration", perm=Perm.VIEW, response=PlanVersionOut)
def jrmp_get(request: HttpRequest, collaboration_id: PathId):
    """The working version of the joint plan (created empty if none)."""
    return _plan_get(request)


@router.scoped(
    "GET", JRMP + "/versions", scope="collaboration", perm=Perm.VIEW, response=list[PlanVersionOut]
)
def jrmp_versions(request: HttpRequest, collaboration_id: PathId):
    return services.plan_versions(_plan_owner(request))


@router.scoped(
    "GET", JRMP + "/versions/{number}", scope="collaboration", perm=Perm.VIEW, response=PlanVersionOut
)
def jrmp_version(request: HttpRequest, collaboration_id: PathId, number: PathId):
    return _plan_version(request, number)


@router.scoped(
    "PUT", JRMP + "/sections/{key}", scope="collaboration", perm=Perm.DECIDE, response=SECTION_RESPONSES
)
def jrmp_section(request: HttpRequest, collaboration_id: PathId, key: str, payload: SectionIn):
    """Save one section. A stale revision gives 409 with the stored text in ``current``."""
    return _plan_section(request, key, payload)


@router.scoped("POST", JRMP + "/submit", scope="collaboration", perm=Perm.DECIDE, response=ACTION_RESPONSES)
def jrmp_submit(request: HttpRequest, collaboration_id: PathId):
    return services.plan_submit(
        owner=_plan_owner(request), user=request.auth, base_url=request.build_absolute_uri("/")[:-1]
    )


@router.scoped("POST", JRMP + "/approve", scope="collaboration", perm=Perm.DECIDE, response=APPROVE_RESPONSES)
def jrmp_approve(request: HttpRequest, collaboration_id: PathId, payload: ApproveIn):
    """Approve the version in review as your party's SER; approved once every party's SER has."""
    return _plan_approve(request, payload)


@router.scoped("POST", JRMP + "/return", scope="collaboration", perm=Perm.DECIDE, response=ACTION_RESPONSES)
def jrmp_return(request: HttpRequest, collaboration_id: PathId, payload: ReturnIn):
    """Send the version in review back to draft with a comment; approvals given so far lapse."""
    return _plan_return(request, payload)


# Business cases -------------------------------------------------------------------------


@router.scoped(
    "GET", "/organizations/{org}/business-cases", scope="org", perm=Perm.VIEW, response=list[BusinessCaseOut]
)
def business_case_list(request: HttpRequest, org: str):
    return list(BusinessCase.objects.in_scope(request.scope.organization).prefetch_related("candidates"))


@router.scoped(
    "POST",
    "/organizations/{org}/business-cases",
    scope="org",
    perm=Perm.EDIT,
    response={201: BusinessCaseOut, 400: FieldErrors},
)
def business_case_create(request: HttpRequest, org: str, payload: BusinessCaseIn):
    data = payload.dict()
    candidates = data.pop("candidate_ids")
    case = services.business_case_create(
        organization=request.scope.organization,
        data=data,
        candidates=candidates,
        user=request.auth,
        may_decide=request.scope.can(Perm.DECIDE),
    )
    return Status(201, case)


@router.scoped(
    "GET",
    "/organizations/{org}/business-cases/{case_id}",
    scope="org",
    perm=Perm.VIEW,
    response=BusinessCaseOut,
)
def business_case_get(request: HttpRequest, org: str, case_id: PathId):
    return get_object_or_404(BusinessCase.objects.in_scope(request.scope.organization), pk=case_id)


@router.scoped(
    "PATCH",
    "/organizations/{org}/business-cases/{case_id}",
    scope="org",
    perm=Perm.EDIT,
    response={200: BusinessCaseOut, 400: FieldErrors, 409: Message},
)
def business_case_patch(request: HttpRequest, org: str, case_id: PathId, payload: BusinessCasePatch):
    case = get_object_or_404(BusinessCase.objects.in_scope(request.scope.organization), pk=case_id)
    data = patch_data(payload, BusinessCase)
    version = data.pop("version")
    candidates = data.pop("candidate_ids", None)
    return services.business_case_update(
        case=case,
        data=data,
        expected_version=version,
        candidates=candidates,
        user=request.auth,
        may_decide=request.scope.can(Perm.DECIDE),
    )


@router.scoped(
    "DELETE",
    "/organizations/{org}/business-cases/{case_id}",
    scope="org",
    perm=Perm.EDIT,
    response={204: None, 400: FieldErrors},
)
def business_case_delete(request: HttpRequest, org: str, case_id: PathId):
    """Delete a business case (its history is kept); an approved one needs the decide role."""
    case = get_object_or_404(BusinessCase.objects.in_scope(request.scope.organization), pk=case_id)
    services.business_case_delete(case=case, may_decide=request.scope.can(Perm.DECIDE))
    return Status(204, None)


# Resources, joint team, contributions ---------------------------------------------------


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
