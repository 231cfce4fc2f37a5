"""The risks API: both registers from the register kit, each risk's mitigations (a joint
risk's through the one visibility rule) and the heat map's counts."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Query, Schema, Status
from pydantic import Field

from accord.core.api import BodyId, FieldErrors, Line, Message, PathId, ScopedRouter, patch_data
from accord.core.errors import ApplicationError
from accord.core.permissions import Perm
from accord.risks import selectors, services
from accord.risks.models import JointMitigation, MitigationStatus, OwnMitigation
from accord.risks.registers import RiskRegisterBase, joint_risks, own_risks

router = ScopedRouter(tags=["risks"])

for _register in (joint_risks, own_risks):
    _register.api(router)


class MitigationOut(Schema):
    id: int
    risk_id: int
    action: str
    owner_user_id: int | None
    due_date: datetime.date | None
    status: MitigationStatus
    version: int


class JointMitigationOut(MitigationOut):
    party_id: int = Field(description="The party that owns the mitigation.")
    private: bool = Field(description="Only the owner party's members see a private mitigation.")


class MitigationIn(Schema):
    action: Line(300, required=True)
    owner_user_id: BodyId | None = None
    due_date: datetime.date | None = None
    status: MitigationStatus = MitigationStatus.PLANNED


class JointMitigationIn(MitigationIn):
    private: bool = False


class MitigationPatch(Schema):
    version: int
    action: Line(300) | None = None
    owner_user_id: BodyId | None = None
    due_date: datetime.date | None = None
    status: MitigationStatus | None = None


class JointMitigationPatch(MitigationPatch):
    private: bool | None = None


class HeatCellOut(Schema):
    likelihood: int
    impact: int
    score: int
    band: str
    count: int


class HeatMapOut(Schema):
    scale_max: int
    residual: bool
    total: int
    unrated: int = Field(description="Active risks without residual levels (residual view).")
    cells: list[HeatCellOut]


class HeatQuery(Schema):
    residual: bool = False


def _owner_user(data: dict[str, Any]) -> dict[str, Any]:
    if "owner_user_id" in data:
        from django.apps import apps

        pk = data.pop("owner_user_id")
        user = None
        if pk is not None:
            user = apps.get_model("accounts", "User").objects.filter(pk=pk).first()
            if user is None:
                raise ApplicationError(gettext("Choose a member as the owner."), field="owner_user_id")
        data["owner_user"] = user
    return data


def _risk(register: RiskRegisterBase, scope: Any, pk: int) -> Any:
    risk = register.queryset(scope).filter(pk=pk).first()
    if risk is None:
        raise Http404
    return risk


def _party(register: RiskRegisterBase, scope: Any) -> Any:
    return scope.party if register.scope == "collaboration" else None


def _editable(register: RiskRegisterBase, scope: Any, risk: Any, pk: int) -> Any:
    queryset = selectors.risk_mitigations(risk, _party(register, scope))
    if register.scope == "collaboration":
        queryset = queryset.filter(party=scope.party)
    mitigation = queryset.filter(pk=pk).first()
    if mitigation is None:
        raise Http404
    return mitigation


# --- joint ------------------------------------------------------------------------------------

JOINT = "/collaborations/{collaboration_id}/risks/{joint_risk_id}/mitigations"


@router.scoped(
    "GET",
    JOINT,
    scope="collaboration",
    perm=Perm.VIEW,
    response=list[JointMitigationOut],
    operation_id="risks_joint_mitigations_list",
)
def joint_mitigations(request: HttpRequest, collaboration_id: PathId, joint_risk_id: PathId) -> Any:
    """The mitigations of a joint risk the caller's party may see (its own private ones too)."""
    risk = _risk(joint_risks, request.scope, joint_risk_id)
    return selectors.risk_mitigations(risk, request.scope.party)


@router.scoped(
    "POST",
    JOINT,
    scope="collaboration",
    perm=Perm.EDIT,
    response={201: JointMitigationOut, 400: FieldErrors},
    operation_id="risks_joint_mitigations_create",
)
def joint_mitigation_create(
    request: HttpRequest, collaboration_id: PathId, joint_risk_id: PathId, payload: JointMitigationIn
) -> Any:
    """A mitigation owned by the caller's party; ``private``: only its members see it."""
    risk = _risk(joint_risks, request.scope, joint_risk_id)
    data = _owner_user(payload.dict())
    return Status(
        201, services.mitigation_create(risk=risk, data=data, party=request.scope.party, user=request.user)
    )


@router.scoped(
    "PATCH",
    JOINT + "/{mitigation_id}",
    scope="collaboration",
    perm=Perm.EDIT,
    response={200: JointMitigationOut, 400: FieldErrors, 409: Message},
    operation_id="risks_joint_mitigations_patch",
)
def joint_mitigation_patch(
    request: HttpRequest,
    collaboration_id: PathId,
    joint_risk_id: PathId,
    mitigation_id: PathId,
    payload: JointMitigationPatch,
) -> Any:
    """Change one of the caller's party's mitigations (another party's: 404)."""
    risk = _risk(joint_risks, request.scope, joint_risk_id)
    mitigation = _editable(joint_risks, request.scope, risk, mitigation_id)
    data = _owner_user(patch_data(payload, JointMitigation))
    version = data.pop("version")
    return services.mitigation_update(
        mitigation=mitigation, data=data, expected_version=version, user=request.user
    )


@router.scoped(
    "DELETE",
    JOINT + "/{mitigation_id}",
    scope="collaboration",
    perm=Perm.EDIT,
    response={204: None},
    operation_id="risks_joint_mitigations_delete",
)
def joint_mitigation_delete(
    request: HttpRequest, collaboration_id: PathId, joint_risk_id: PathId, mitigation_id: PathId
) -> Any:
    risk = _risk(joint_risks, request.scope, joint_risk_id)
    services.mitigation_delete(mitigation=_editable(joint_risks, request.scope, risk, mitigation_id))
    return Status(204, None)


@router.scoped(
    "GET",
    "/collaborations/{collaboration_id}/risk-heat-map",
    scope="collaboration",
    perm=Perm.VIEW,
    response=HeatMapOut,
    operation_id="risks_joint_heat_map",
)
def joint_heat_map(request: HttpRequest, collaboration_id: PathId, query: Query[HeatQuery]) -> Any:
    """Active joint risks per likelihood × impact cell (``residual=true``: after mitigation)."""
    return selectors.heat_map(request.scope.collaboration, residual=query.residual)


# --- own --------------------------------------------------------------------------------------

OWN = "/organizations/{org}/risks/{own_risk_id}/mitigations"


@router.scoped(
    "GET",
    OWN,
    scope="org",
    perm=Perm.VIEW,
    response=list[MitigationOut],
    operation_id="risks_own_mitigations_list",
)
def own_mitigations(request: HttpRequest, org: str, own_risk_id: PathId) -> Any:
    risk = _risk(own_risks, request.scope, own_risk_id)
    return selectors.risk_mitigations(risk)


@router.scoped(
    "POST",
    OWN,
    scope="org",
    perm=Perm.EDIT,
    response={201: MitigationOut, 400: FieldErrors},
    operation_id="risks_own_mitigations_create",
)
def own_mitigation_create(request: HttpRequest, org: str, own_risk_id: PathId, payload: MitigationIn) -> Any:
    risk = _risk(own_risks, request.scope, own_risk_id)
    return Status(
        201, services.mitigation_create(risk=risk, data=_owner_user(payload.dict()), user=request.user)
    )


@router.scoped(
    "PATCH",
    OWN + "/{mitigation_id}",
    scope="org",
    perm=Perm.EDIT,
    response={200: MitigationOut, 400: FieldErrors, 409: Message},
    operation_id="risks_own_mitigations_patch",
)
def own_mitigation_patch(
    request: HttpRequest, org: str, own_risk_id: PathId, mitigation_id: PathId, payload: MitigationPatch
) -> Any:
    risk = _risk(own_risks, request.scope, own_risk_id)
    mitigation = _editable(own_risks, request.scope, risk, mitigation_id)
    data = _owner_user(patch_data(payload, OwnMitigation))
    version = data.pop("version")
    return services.mitigation_update(
        mitigation=mitigation, data=data, expected_version=version, user=request.user
    )


@router.scoped(
    "DELETE",
    OWN + "/{mitigation_id}",
    scope="org",
    perm=Perm.EDIT,
    response={204: None},
    operation_id="risks_own_mitigations_delete",
)
def own_mitigation_delete(request: HttpRequest, org: str, own_risk_id: PathId, mitigation_id: PathId) -> Any:
    risk = _risk(own_risks, request.scope, own_risk_id)
    services.mitigation_delete(mitigation=_editable(own_risks, request.scope, risk, mitigation_id))
    return Status(204, None)


@router.scoped(
    "GET",
    "/organizations/{org}/risk-heat-map",
    scope="org",
    perm=Perm.VIEW,
    response=HeatMapOut,
    operation_id="risks_own_heat_map",
)
def own_heat_map(request: HttpRequest, org: str, query: Query[HeatQuery]) -> Any:
    return selectors.heat_map(request.scope.organization, residual=query.residual)
