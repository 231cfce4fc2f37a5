"""API for the RMP and the JRMP: sections, review, approval, versions."""

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Schema
from pydantic import Field

from accord.core.api import FieldErrors, Message, PathId
from accord.core.permissions import Perm
from accord.plans import services
from accord.plans.api.router import router
from accord.plans.models import (
    PlanStatus,
)


class PlanVersionOut(Schema):
    number: int
    status: PlanStatus
    sections: dict[str, str]
    revisions: dict[str, int]
    submitted_at: datetime | None
    approved_at: datetime | None
    returned_reason: str = Field(description="Why a reviewer last sent it back to draft (until resubmitted).")
    returned_at: datetime | None
    approved_incomplete: bool = Field(
        description="Approved although some sections were empty (the approver confirmed it)."
    )
    empty_at_approval: list[str] = Field(
        description="The keys of the sections that were empty when the version was approved."
    )
    starting_template: str = Field(
        description="The starting template picked for the empty plan: one_to_one, network, "
        "with_larger, or empty when none was."
    )


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
