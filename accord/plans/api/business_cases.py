"""API for business cases."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Schema, Status
from pydantic import BeforeValidator, Field

from accord.core.api import BodyId, FieldErrors, Line, Message, PathId, Text, patch_data
from accord.core.permissions import Perm
from accord.plans import services
from accord.plans.api.router import router
from accord.plans.models import (
    BusinessCase,
    BusinessCaseStatus,
)


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


# The expected value as a figure: an amount and its ISO 4217 currency (given in any case).
Amount = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
Currency = Annotated[str, BeforeValidator(_upper), Field(pattern=r"^([A-Z]{3})?$", max_length=3)]


class BusinessCaseOut(Schema):
    id: int
    title: str
    status: BusinessCaseStatus
    opportunity: str
    objectives: str
    value: str
    expected_amount: Decimal | None = Field(description="The expected value as a figure, if any.")
    expected_currency: str = Field(description="ISO 4217 code of the expected amount; empty without one.")
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
    title: Line(200, required=True)
    status: BusinessCaseStatus = BusinessCaseStatus.IDEA
    opportunity: Text(20000) = ""
    objectives: Text(20000) = ""
    value: Text(20000) = ""
    expected_amount: Amount | None = None
    expected_currency: Currency = ""
    risks: Text(20000) = ""
    resources: Text(20000) = ""
    candidate_ids: list[BodyId] = Field(default_factory=list, max_length=200)


class BusinessCasePatch(Schema):
    version: int = Field(description="The version you read; a stale one gives 409.")
    title: Line(200, required=True) | None = None
    status: BusinessCaseStatus | None = None
    opportunity: Text(20000) | None = None
    objectives: Text(20000) | None = None
    value: Text(20000) | None = None
    expected_amount: Amount | None = None
    expected_currency: Currency | None = None
    risks: Text(20000) | None = None
    resources: Text(20000) | None = None
    candidate_ids: list[BodyId] | None = Field(None, max_length=200)


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
