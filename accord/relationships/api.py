from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Query, Schema, Status
from pydantic import Field

from accord.accounts.models import User
from accord.core.api import FieldErrors, Line, Message, Page, PathId, ScopedRouter, Text, paginate, patch_data
from accord.core.errors import ApplicationError
from accord.core.permissions import Perm
from accord.relationships import selectors, services
from accord.relationships.models import (
    SCORE_MAX,
    SCORE_MIN,
    Decision,
    Kind,
    Relationship,
    Segment,
    SegmentationCriterion,
)
from accord.relationships.models import Status as EntryStatus

router = ScopedRouter(tags=["relationship register"])


class RelationshipOut(Schema):
    id: int
    counterpart_name: str
    kind: Kind
    status: EntryStatus
    contacts: str
    notes: str
    owner_email: str | None
    tags: list[str]
    weighted_score: Decimal | None
    segment: Segment
    decision: Decision
    decision_rationale: str
    decided_at: datetime | None
    version: int
    updated_at: datetime

    @staticmethod
    def resolve_owner_email(obj: Relationship) -> str | None:
        return obj.owner.email if obj.owner else None

    @staticmethod
    def resolve_tags(obj: Relationship) -> list[str]:
        return [t.name for t in obj.tags.all()]


class RelationshipIn(Schema):
    counterpart_name: Line(200, required=True)
    kind: Kind
    status: EntryStatus = EntryStatus.CURRENT
    contacts: Text(10000) = ""
    notes: Text(20000) = ""
    owner_email: str | None = Field(None, max_length=254, description="A member's e-mail; empty: no owner.")
    tags: list[str] = Field(default_factory=list, max_length=50)


class RelationshipPatch(Schema):
    version: int = Field(description="The version you read; a stale one gives 409.")
    counterpart_name: Line(200, required=True) | None = None
    kind: Kind | None = None
    status: EntryStatus | None = None
    contacts: Text(10000) | None = None
    notes: Text(20000) | None = None
    owner_email: str | None = Field(None, max_length=254, description="A member's e-mail; empty: no owner.")
    tags: list[str] | None = Field(None, max_length=50)


class RelationshipFilterIn(Schema):
    q: str | None = Field(None, max_length=200)
    kind: Kind | None = None
    status: EntryStatus | None = None
    segment: Segment | None = None
    decision: str | None = Field(None, description="yes, no, not_yet or none")
    tag: str | None = Field(None, max_length=50)
    owner: int | None = Field(None, ge=1, le=2**63 - 1)
    cell: str | None = Field(
        None,
        max_length=80,
        description="One cell of the portfolio matrix: '<criterion id>:<score>:<criterion id>:<score>'.",
    )
    sort: str | None = Field(
        None,
        description="counterpart_name, -counterpart_name, -weighted_score, weighted_score, kind, status, -updated_at",
    )
    page: int = Field(1, ge=1)
    page_size: int = Field(25, ge=1, le=100)


class ScoreIn(Schema):
    criterion_id: int
    value: int | None = Field(None, ge=SCORE_MIN, le=SCORE_MAX, description="null clears the score")


class ScoresIn(Schema):
    version: int = Field(description="The entry's version you read; a stale one gives 409.")
    scores: list[ScoreIn] = Field(max_length=100)


class DecisionIn(Schema):
    version: int = Field(description="The entry's version you read; a stale one gives 409.")
    decision: Decision
    rationale: Text(5000) = ""


class CriterionOut(Schema):
    id: int
    version: int
    name: str
    description: str
    weight: int
    position: int


class CriterionIn(Schema):
    name: Line(100, required=True)
    description: Text(2000) = ""
    weight: int = Field(1, ge=0, le=10)
    position: int = Field(0, ge=0, le=1000)


class CriterionPatch(Schema):
    version: int = Field(description="The criterion's version you read; a stale one gives 409.")
    name: Line(100, required=True) | None = None
    description: Text(2000) | None = None
    weight: int | None = Field(None, ge=0, le=10)
    position: int | None = Field(None, ge=0, le=1000)


def _owner(organization, email: str | None):
    if not email:
        return None
    user = User.objects.filter(email__iexact=email, memberships__organization=organization).first()
    if user is None:
        raise ApplicationError(
            gettext("The owner must be a member of the organization."), field="owner_email"
        )
    return user


def _entry(request: HttpRequest, entry_id: PathId) -> Relationship:
    return selectors.relationship_get(organization=request.scope.organization, pk=entry_id)


@router.scoped(
    "GET",
    "/organizations/{org}/relationships",
    scope="org",
    perm=Perm.VIEW,
    response={200: Page[RelationshipOut], 400: FieldErrors},
)
def relationship_list(request: HttpRequest, org: str, filters: Query[RelationshipFilterIn]):
    """Register entries, with the same filters and sorting as the register page."""
    params = {k: (v.value if hasattr(v, "value") else v) for k, v in filters.dict(exclude_none=True).items()}
    page, page_size = params.pop("page", 1), params.pop("page_size", 25)
    entries = selectors.relationship_list(organization=request.scope.organization, filters=params)
    return paginate(entries, page, page_size)


@router.scoped(
    "POST",
    "/organizations/{org}/relationships",
    scope="org",
    perm=Perm.EDIT,
    response={201: RelationshipOut, 400: FieldErrors},
)
def relationship_create(request: HttpRequest, org: str, payload: RelationshipIn):
    organization = request.scope.organization
    data = payload.dict()
    tags = data.pop("tags")
    data["owner"] = _owner(organization, data.pop("owner_email"))
    entry = services.relationship_create(organization=organization, data=data, tags=tags)
    return Status(201, selectors.relationship_get(organization=organization, pk=entry.pk))


@router.scoped(
    "GET",
    "/organizations/{org}/relationships/{entry_id}",
    scope="org",
    perm=Perm.VIEW,
    response=RelationshipOut,
)
def relationship_get(request: HttpRequest, org: str, entry_id: PathId):
    return _entry(request, entry_id)


@router.scoped(
    "PATCH",
    "/organizations/{org}/relationships/{entry_id}",
    scope="org",
    perm=Perm.EDIT,
    response={200: RelationshipOut, 400: FieldErrors, 409: Message},
)
def relationship_patch(request: HttpRequest, org: str, entry_id: PathId, payload: RelationshipPatch):
    entry = _entry(request, entry_id)
    data = patch_data(payload, Relationship)
    version = data.pop("version", None)
    tags = data.pop("tags", None)
    if "owner_email" in data:
        data["owner"] = _owner(entry.organization, data.pop("owner_email"))
    services.relationship_update(entry=entry, data=data, expected_version=version, tags=tags)
    return _entry(request, entry_id)


@router.scoped(
    "DELETE",
    "/organizations/{org}/relationships/{entry_id}",
    scope="org",
    perm=Perm.DECIDE,
    response={204: None},
)
def relationship_delete(request: HttpRequest, org: str, entry_id: PathId):
    services.relationship_delete(entry=_entry(request, entry_id))
    return Status(204, None)


@router.scoped(
    "PUT",
    "/organizations/{org}/relationships/{entry_id}/scores",
    scope="org",
    perm=Perm.EDIT,
    response={200: RelationshipOut, 400: FieldErrors, 409: Message},
)
def relationship_scores(request: HttpRequest, org: str, entry_id: PathId, payload: ScoresIn):
    """Set scores (1–5) by criterion; the weighted score and segment are recomputed."""
    entry = _entry(request, entry_id)
    services.relationship_set_scores(
        entry=entry,
        values={s.criterion_id: s.value for s in payload.scores},
        expected_version=payload.version,
    )
    return _entry(request, entry_id)


@router.scoped(
    "PUT",
    "/organizations/{org}/relationships/{entry_id}/decision",
    scope="org",
    perm=Perm.DECIDE,
    response={200: RelationshipOut, 400: FieldErrors, 409: Message},
)
def relationship_decision(request: HttpRequest, org: str, entry_id: PathId, payload: DecisionIn):
    entry = _entry(request, entry_id)
    services.relationship_decide(
        entry=entry,
        decision=payload.decision,
        rationale=payload.rationale,
        user=request.auth,
        expected_version=payload.version,
    )
    return _entry(request, entry_id)


@router.scoped(
    "GET", "/organizations/{org}/criteria", scope="org", perm=Perm.VIEW, response=list[CriterionOut]
)
def criterion_list(request: HttpRequest, org: str):
    return selectors.criteria_list(organization=request.scope.organization)


@router.scoped(
    "POST",
    "/organizations/{org}/criteria",
    scope="org",
    perm=Perm.MANAGE,
    response={201: CriterionOut, 400: FieldErrors},
)
def criterion_create(request: HttpRequest, org: str, payload: CriterionIn):
    return Status(
        201, services.criterion_create(organization=request.scope.organization, data=payload.dict())
    )


@router.scoped(
    "PATCH",
    "/organizations/{org}/criteria/{criterion_id}",
    scope="org",
    perm=Perm.MANAGE,
    response={200: CriterionOut, 400: FieldErrors, 409: Message},
)
def criterion_patch(request: HttpRequest, org: str, criterion_id: PathId, payload: CriterionPatch):
    """Change a criterion (send the ``version`` you read); every entry is rescored."""
    criterion = get_object_or_404(
        SegmentationCriterion.objects.in_scope(request.scope.organization), pk=criterion_id
    )
    data = patch_data(payload, SegmentationCriterion)
    version = data.pop("version")
    return services.criterion_update(criterion=criterion, data=data, expected_version=version)


@router.scoped(
    "DELETE",
    "/organizations/{org}/criteria/{criterion_id}",
    scope="org",
    perm=Perm.MANAGE,
    response={204: None, 400: FieldErrors},
)
def criterion_delete(request: HttpRequest, org: str, criterion_id: PathId):
    criterion = get_object_or_404(
        SegmentationCriterion.objects.in_scope(request.scope.organization), pk=criterion_id
    )
    services.criterion_delete(criterion=criterion)
    return Status(204, None)
