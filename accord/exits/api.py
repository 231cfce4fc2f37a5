"""The exits API: the exit strategy and its registers, activations, post-exit reviews, a
party's contingency plans and exit copies, and the stage gates. Every operation goes through
``router.scoped``; record ids travel in the body, so every path names only its scope."""

import datetime
import json
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Query, Schema, Status
from pydantic import Field

from accord.collaborations.models import Collaboration, Party
from accord.core.api import BodyId, FieldErrors, Line, Message, Page, PathId, ScopedRouter, Text, paginate
from accord.core.errors import ApplicationError
from accord.core.permissions import Perm
from accord.exits import gates, selectors, services
from accord.exits.models import (
    ActivationKind,
    ContingencyPlan,
    ExitActivation,
    ExitCopy,
    ExitTrigger,
    GateConfirmation,
    OrgGateConfirmation,
    PostExitReview,
    ValuesRespected,
    Willingness,
)
from accord.exits.registers import assets, steps, triggers

router = ScopedRouter(tags=["exits"])

for register in (triggers, steps, assets):
    register.api(router)


# --- strategy ----------------------------------------------------------------------------------


class StrategyOut(Schema):
    boundaries: str
    continuity: str
    people: str
    communication: str
    door_open: str
    version: int | None


class StrategyIn(Schema):
    boundaries: Text(5000) = ""
    continuity: Text(5000) = ""
    people: Text(5000) = ""
    communication: Text(5000) = ""
    door_open: Text(5000) = ""
    version: int | None = Field(None, description="The version you read (none for the first save).")


def _strategy_out(strategy: Any) -> dict[str, Any]:
    return {
        **{
            name: getattr(strategy, name)
            for name in ("boundaries", "continuity", "people", "communication", "door_open")
        },
        "version": strategy.version if strategy.pk else None,
    }


@router.scoped(
    "GET",
    "/collaborations/{collaboration_id}/exit/strategy",
    scope="collaboration",
    perm=Perm.VIEW,
    response=StrategyOut,
)
def strategy_read(request: HttpRequest, collaboration_id: PathId) -> Any:
    """The joint exit strategy as a whole (empty texts when none is written yet)."""
    return _strategy_out(services.strategy_for(request.scope.collaboration))


@router.scoped(
    "PUT",
    "/collaborations/{collaboration_id}/exit/strategy",
    scope="collaboration",
    perm=Perm.EDIT,
    response={200: StrategyOut, 400: FieldErrors, 409: Message},
)
def strategy_write(request: HttpRequest, collaboration_id: PathId, payload: StrategyIn) -> Any:
    data = payload.dict()
    version = data.pop("version")
    return _strategy_out(
        services.strategy_save(collaboration=request.scope.collaboration, data=data, expected_version=version)
    )


# --- activations -------------------------------------------------------------------------------


class ActivationOut(Schema):
    id: int
    kind: ActivationKind
    leaving_party_id: int | None
    leaving_organization: str | None = None
    trigger_id: int | None
    trigger_text: str
    exit_date: datetime.date
    reason: str
    status: str

    @staticmethod
    def resolve_leaving_organization(obj: ExitActivation) -> str | None:
        return obj.leaving_party.organization.name if obj.leaving_party_id else None


class ActivationIn(Schema):
    kind: ActivationKind
    leaving_party_id: BodyId | None = None
    trigger_id: BodyId | None = None
    trigger_text: Line(300) = ""
    exit_date: datetime.date
    reason: Text(5000) = ""


class ActivationRef(Schema):
    activation_id: BodyId


@router.scoped(
    "GET",
    "/collaborations/{collaboration_id}/exit/activations",
    scope="collaboration",
    perm=Perm.VIEW,
    response=list[ActivationOut],
)
def activation_list(request: HttpRequest, collaboration_id: PathId) -> Any:
    return list(
        ExitActivation.objects.in_scope(request.scope.collaboration).select_related(
            "leaving_party__organization"
        )[:100]
    )


@router.scoped(
    "POST",
    "/collaborations/{collaboration_id}/exit/activations",
    scope="collaboration",
    perm=Perm.DECIDE,
    response={201: ActivationOut, 400: FieldErrors},
)
def activation_create(request: HttpRequest, collaboration_id: PathId, payload: ActivationIn) -> Any:
    """Activate the exit: one party leaves, or the whole collaboration ends, on ``exit_date``.
    The transition steps become joint actions; on the exit date (at once when it has come)
    the leaving organization gets its copy and loses access."""
    collaboration = request.scope.collaboration
    leaving = None
    if payload.leaving_party_id is not None:
        leaving = Party.objects.in_scope(collaboration).filter(pk=payload.leaving_party_id).first()
        if leaving is None:
            raise ApplicationError(gettext("Choose a party of this collaboration."), field="leaving_party_id")
    trigger = None
    if payload.trigger_id is not None:
        trigger = ExitTrigger.objects.in_scope(collaboration).filter(pk=payload.trigger_id).first()
        if trigger is None:
            raise ApplicationError(gettext("Choose a trigger of this collaboration."), field="trigger_id")
    activation = services.activation_create(
        collaboration=collaboration,
        party=request.scope.party,
        user=request.user,
        kind=payload.kind,
        exit_date=payload.exit_date,
        leaving_party=leaving,
        trigger=trigger,
        trigger_text=payload.trigger_text,
        reason=payload.reason,
    )
    return Status(201, activation)


@router.scoped(
    "POST",
    "/collaborations/{collaboration_id}/exit/activations/cancel",
    scope="collaboration",
    perm=Perm.DECIDE,
    response={200: ActivationOut, 400: FieldErrors},
)
def activation_cancel(request: HttpRequest, collaboration_id: PathId, payload: ActivationRef) -> Any:
    activation = (
        ExitActivation.objects.in_scope(request.scope.collaboration).filter(pk=payload.activation_id).first()
    )
    if activation is None:
        raise Http404
    return services.activation_cancel(activation=activation)


# --- post-exit reviews -------------------------------------------------------------------------


class ExitReviewOut(Schema):
    id: int
    activation_id: int
    party_id: int
    organization: str
    worked_well: str
    lessons: str
    values_respected: ValuesRespected
    values_note: str
    work_again: Willingness
    version: int

    @staticmethod
    def resolve_organization(obj: PostExitReview) -> str:
        return obj.party.organization.name


class ExitReviewIn(Schema):
    worked_well: Text(5000) = ""
    lessons: Text(5000) = ""
    values_respected: ValuesRespected
    values_note: Text(2000) = ""
    work_again: Willingness
    version: int | None = None


class JointExitReviewIn(ExitReviewIn):
    activation_id: BodyId


class OwnExitReviewIn(ExitReviewIn):
    copy_id: BodyId = Field(description="The exit copy of the exit reviewed.")


def _review_data(payload: ExitReviewIn) -> tuple[dict[str, Any], int | None]:
    data = payload.dict(include={"worked_well", "lessons", "values_respected", "values_note", "work_again"})
    return data, payload.version


@router.scoped(
    "GET",
    "/collaborations/{collaboration_id}/exit/reviews",
    scope="collaboration",
    perm=Perm.VIEW,
    response=list[ExitReviewOut],
)
def review_list(request: HttpRequest, collaboration_id: PathId) -> Any:
    return list(
        PostExitReview.objects.in_scope(request.scope.collaboration).select_related("party__organization")[
            :200
        ]
    )


@router.scoped(
    "POST",
    "/collaborations/{collaboration_id}/exit/reviews",
    scope="collaboration",
    perm=Perm.EDIT,
    response={200: ExitReviewOut, 400: FieldErrors, 409: Message},
)
def review_write(request: HttpRequest, collaboration_id: PathId, payload: JointExitReviewIn) -> Any:
    """This party's post-exit review of a past exit (written again: send the version)."""
    activation = (
        ExitActivation.objects.in_scope(request.scope.collaboration).filter(pk=payload.activation_id).first()
    )
    if activation is None:
        raise Http404
    data, version = _review_data(payload)
    return services.review_save(
        activation=activation,
        party=request.scope.party,
        user=request.user,
        data=data,
        expected_version=version,
    )


# --- an organization's own: contingency plans, exit copies, reviews ---------------------------------


class ContingencyOut(Schema):
    collaboration_id: PathId
    warning_signs: str
    plan: str
    alternatives: str
    owner_name: str
    version: int


class ContingencyIn(Schema):
    collaboration_id: BodyId
    warning_signs: Text(5000) = ""
    plan: Text(10000) = ""
    alternatives: Text(5000) = ""
    owner_name: Line(200) = ""
    version: int | None = None


@router.scoped(
    "GET",
    "/organizations/{org}/exit/contingency-plans",
    scope="org",
    perm=Perm.VIEW,
    response=list[ContingencyOut],
)
def contingency_list(request: HttpRequest, org: str) -> Any:
    """The organization's private contingency exit plans (never seen by any partner)."""
    return list(ContingencyPlan.objects.in_scope(request.scope.organization)[:200])


@router.scoped(
    "PUT",
    "/organizations/{org}/exit/contingency-plans",
    scope="org",
    perm=Perm.EDIT,
    response={200: ContingencyOut, 400: FieldErrors, 409: Message},
)
def contingency_write(request: HttpRequest, org: str, payload: ContingencyIn) -> Any:
    organization = request.scope.organization
    collaboration = (
        Collaboration.objects.for_organization(organization).filter(pk=payload.collaboration_id).first()
    )
    if collaboration is None:
        raise ApplicationError(
            "Your organization is not a party of that collaboration.", field="collaboration_id"
        )
    data = payload.dict(include={"warning_signs", "plan", "alternatives", "owner_name"})
    return services.contingency_save(
        organization=organization, collaboration=collaboration, data=data, expected_version=payload.version
    )


class CopyOut(Schema):
    id: int
    collaboration_id: PathId
    collaboration_name: str
    exit_date: datetime.date | None = None
    created_at: datetime.datetime
    has_pdf: bool | None = Field(None, description="Whether a PDF was kept (with with_data=true only).")
    data: Any = None

    @staticmethod
    def resolve_exit_date(obj: ExitCopy) -> datetime.date | None:
        return obj.activation.exit_date if obj.activation_id else None


class CopyFilter(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)
    with_data: bool = Field(False, description="Include each copy's joint data (JSON).")


@router.scoped("GET", "/organizations/{org}/exit/copies", scope="org", perm=Perm.VIEW, response=Page[CopyOut])
def copy_list(request: HttpRequest, org: str, filters: Query[CopyFilter]) -> Any:
    """The read-only copies of joint data the organization kept when it left collaborations."""
    queryset = ExitCopy.objects.in_scope(request.scope.organization).select_related("activation")
    if filters.with_data:
        queryset = queryset.select_related("content")
    result = paginate(queryset, filters.page, filters.page_size)
    items = []
    for copy in result["items"]:
        items.append(
            {
                "id": copy.pk,
                "collaboration_id": copy.collaboration_id,
                "collaboration_name": copy.collaboration_name,
                "exit_date": copy.activation.exit_date if copy.activation_id else None,
                "created_at": copy.created_at,
                "has_pdf": bool(copy.content.pdf) if filters.with_data else None,
                "data": json.loads(copy.content.data) if filters.with_data else None,
            }
        )
    return {**result, "items": items}


@router.scoped(
    "POST",
    "/organizations/{org}/exit/reviews",
    scope="org",
    perm=Perm.EDIT,
    response={200: ExitReviewOut, 400: FieldErrors, 409: Message},
)
def own_review_write(request: HttpRequest, org: str, payload: OwnExitReviewIn) -> Any:
    """The organization's post-exit review of a collaboration it has left (named by its copy)."""
    organization = request.scope.organization
    copy = (
        ExitCopy.objects.in_scope(organization)
        .filter(pk=payload.copy_id)
        .select_related("activation")
        .first()
    )
    if copy is None or copy.activation is None:
        raise Http404
    party = Party.objects.in_scope(copy.collaboration_id).filter(organization=organization).first()
    data, version = _review_data(payload)
    return services.review_save(
        activation=copy.activation, party=party, user=request.user, data=data, expected_version=version
    )


# --- stage gates -------------------------------------------------------------------------------


class ItemOut(Schema):
    key: str
    text: str
    met: bool
    answered_by_records: bool
    evidence: str
    url: str | None
    confirmation_id: int | None = None
    confirmation_note: str = ""


class StageOut(Schema):
    number: int
    name: str
    clause: str
    met: bool
    items: list[ItemOut]


class StagesOut(Schema):
    current: int | None
    stages: list[StageOut]


def _stages_out(stage_gates: list[gates.StageGate], current: int | None) -> dict[str, Any]:
    return {
        "current": current,
        "stages": [
            {
                "number": g.number,
                "name": g.name,
                "clause": g.clause,
                "met": g.met,
                "items": [
                    {
                        "key": i.key,
                        "text": i.text,
                        "met": i.met,
                        "answered_by_records": i.answered_by_records,
                        "evidence": i.evidence,
                        "url": i.url,
                        "confirmation_id": i.confirmation.pk if i.confirmation else None,
                        "confirmation_note": i.confirmation.note if i.confirmation else "",
                    }
                    for i in g.items
                ],
            }
            for g in stage_gates
        ],
    }


class ConfirmIn(Schema):
    stage: int = Field(ge=1, le=8)
    item_key: Line(40, required=True)
    note: Text(2000, required=True)


class RevokeIn(Schema):
    confirmation_id: BodyId


class MoveIn(Schema):
    stage: int = Field(ge=1, le=8)
    override: bool = False
    reason: Text(2000) = ""


class ConfirmationOut(Schema):
    id: int
    stage: int
    item_key: str
    item_text: str
    note: str
    revoked_at: datetime.datetime | None


@router.scoped(
    "GET",
    "/collaborations/{collaboration_id}/stages",
    scope="collaboration",
    perm=Perm.VIEW,
    response=StagesOut,
)
def stages_read(request: HttpRequest, collaboration_id: PathId) -> Any:
    """The eight stages with their gate items: answered from records (and by which) or by a
    person's confirmation."""
    scope = request.scope
    return _stages_out(gates.collaboration_gates(scope.collaboration, scope.party), scope.collaboration.stage)


@router.scoped(
    "POST",
    "/collaborations/{collaboration_id}/stages/confirmations",
    scope="collaboration",
    perm=Perm.EDIT,
    response={201: ConfirmationOut, 400: FieldErrors},
)
def stage_confirm(request: HttpRequest, collaboration_id: PathId, payload: ConfirmIn) -> Any:
    scope = request.scope
    return Status(
        201,
        services.confirm(
            owner=scope.collaboration,
            party=scope.party,
            stage=payload.stage,
            key=payload.item_key,
            note=payload.note,
            user=request.user,
        ),
    )


@router.scoped(
    "POST",
    "/collaborations/{collaboration_id}/stages/confirmations/revoke",
    scope="collaboration",
    perm=Perm.EDIT,
    response={200: ConfirmationOut, 400: FieldErrors},
)
def stage_revoke(request: HttpRequest, collaboration_id: PathId, payload: RevokeIn) -> Any:
    confirmation = (
        GateConfirmation.objects.in_scope(request.scope.collaboration)
        .filter(pk=payload.confirmation_id)
        .first()
    )
    if confirmation is None:
        raise Http404
    return services.revoke(confirmation=confirmation, user=request.user)


class MovedOut(Schema):
    stage: int
    overridden: bool


@router.scoped(
    "POST",
    "/collaborations/{collaboration_id}/stages/move",
    scope="collaboration",
    perm=Perm.DECIDE,
    response={200: MovedOut, 400: FieldErrors},
)
def stage_move(request: HttpRequest, collaboration_id: PathId, payload: MoveIn) -> Any:
    """Move to another stage: moving on needs the gate of each stage left behind, or
    ``override`` with a ``reason`` by a senior executive responsible (kept)."""
    scope = request.scope
    collaboration = Collaboration.objects.get(pk=scope.collaboration.pk)
    if payload.override:
        services.stage_override(
            collaboration=collaboration,
            party=scope.party,
            membership=scope.membership,
            to_stage=payload.stage,
            reason=payload.reason,
            user=request.user,
        )
    else:
        services.stage_move(collaboration=collaboration, to_stage=payload.stage, user=request.user)
    return {"stage": payload.stage, "overridden": payload.override}


@router.scoped("GET", "/organizations/{org}/stages", scope="org", perm=Perm.VIEW, response=StagesOut)
def org_stages_read(request: HttpRequest, org: str) -> Any:
    """The organization's own stages 1-3."""
    return _stages_out(gates.organization_gates(request.scope.organization), None)


@router.scoped(
    "POST",
    "/organizations/{org}/stages/confirmations",
    scope="org",
    perm=Perm.EDIT,
    response={201: ConfirmationOut, 400: FieldErrors},
)
def org_stage_confirm(request: HttpRequest, org: str, payload: ConfirmIn) -> Any:
    return Status(
        201,
        services.confirm(
            owner=request.scope.organization,
            stage=payload.stage,
            key=payload.item_key,
            note=payload.note,
            user=request.user,
        ),
    )


@router.scoped(
    "POST",
    "/organizations/{org}/stages/confirmations/revoke",
    scope="org",
    perm=Perm.EDIT,
    response={200: ConfirmationOut, 400: FieldErrors},
)
def org_stage_revoke(request: HttpRequest, org: str, payload: RevokeIn) -> Any:
    confirmation = (
        OrgGateConfirmation.objects.in_scope(request.scope.organization)
        .filter(pk=payload.confirmation_id)
        .first()
    )
    if confirmation is None:
        raise Http404
    return services.revoke(confirmation=confirmation, user=request.user)


class ReadinessOut(Schema):
    collaboration_id: PathId
    name: str
    current_stage: int
    stages: list[StageOut]


class ReadinessFilter(Schema):
    page: int = Field(1, ge=1)


@router.scoped(
    "GET", "/organizations/{org}/readiness", scope="org", perm=Perm.VIEW, response=Page[ReadinessOut]
)
def readiness(request: HttpRequest, org: str, filters: Query[ReadinessFilter]) -> Any:
    """Each collaboration of the organization (a page of 10) with its eight gates."""
    page, rows = selectors.readiness(request.scope.organization, page_number=filters.page)
    return {
        "items": [
            {
                "collaboration_id": r.collaboration.pk,
                "name": r.collaboration.name,
                "current_stage": r.collaboration.stage,
                "stages": _stages_out(r.gates, r.collaboration.stage)["stages"],
            }
            for r in rows
        ],
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
    }
