"""The objectives API: the three registers (own objectives, shared objectives, joint
objectives) from the register kit, plus sharing, agreeing, alignment marks and the flags of
the joint objectives process. Every operation goes through ``router.scoped``."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Schema
from ninja.responses import Status
from pydantic import Field

from accord.collaborations.models import Collaboration
from accord.core.api import BodyId, FieldErrors, Line, PathId, ScopedRouter, Text
from accord.core.permissions import Perm
from accord.objectives import selectors, services
from accord.objectives.models import (
    TITLE_MAX,
    JointObjective,
    Objective,
    ObjectiveAlignment,
    Relation,
    SharedObjective,
)
from accord.objectives.registers import (
    joint,
    objectives,
    shared,
)
from accord.objectives.schemas import JointObjectiveOut, SharedObjectiveOut

router = ScopedRouter(tags=["objectives"])

objectives.api(router)
shared.api(router)
joint.api(router)


class ShareIn(Schema):
    collaboration_id: BodyId = Field(description="A collaboration your organization is an active party of.")
    title: Line(TITLE_MAX, required=True) = Field(description="The title the partners see.")
    rationale: Text() = Field("", description="Why it matters to you, as the partners will read it.")


@router.scoped(
    "POST",
    "/organizations/{org}/objectives/{objective_id}/share",
    scope="org",
    perm=Perm.EDIT,
    response={201: SharedObjectiveOut, 400: FieldErrors},
)
def objective_share(request: HttpRequest, org: str, objective_id: PathId, payload: ShareIn) -> Any:
    """Share one of the organization's objectives into a joint space: only ``title`` and
    ``rationale`` are copied there."""
    organization = request.scope.organization
    objective = Objective.objects.in_scope(organization).filter(pk=objective_id).first()
    if objective is None:
        raise Http404
    item = services.objective_share(
        organization=organization,
        objective=objective,
        collaboration=payload.collaboration_id,
        title=payload.title,
        rationale=payload.rationale,
        user=request.user,
    )
    return Status(201, item)


def _joint_item(request: HttpRequest, joint_objective_id: int) -> JointObjective:
    item = joint.queryset(request.scope).filter(pk=joint_objective_id).first()
    if item is None:
        raise Http404
    return item


@router.scoped(
    "POST",
    "/collaborations/{collaboration_id}/objectives/joint/{joint_objective_id}/agreement",
    scope="collaboration",
    perm=Perm.DECIDE,
    response={200: JointObjectiveOut, 400: FieldErrors},
)
def joint_objective_agree(request: HttpRequest, collaboration_id: PathId, joint_objective_id: PathId) -> Any:
    """The caller's party agrees the joint objective as it reads now."""
    services.joint_objective_agree(
        joint=_joint_item(request, joint_objective_id), party=request.scope.party, user=request.user
    )
    return _joint_item(request, joint_objective_id)


@router.scoped(
    "DELETE",
    "/collaborations/{collaboration_id}/objectives/joint/{joint_objective_id}/agreement",
    scope="collaboration",
    perm=Perm.DECIDE,
    response={200: JointObjectiveOut},
)
def joint_objective_unagree(
    request: HttpRequest, collaboration_id: PathId, joint_objective_id: PathId
) -> Any:
    """The caller's party withdraws its agreement."""
    services.joint_objective_withdraw_agreement(
        joint=_joint_item(request, joint_objective_id), party=request.scope.party
    )
    return _joint_item(request, joint_objective_id)


class AlignmentOut(Schema):
    id: int
    shared_objective_id: int
    joint_objective_id: int
    party_id: int
    relation: Relation
    note: str
    recorded_by: str | None
    updated_at: datetime.datetime

    @staticmethod
    def resolve_recorded_by(obj: ObjectiveAlignment) -> str | None:
        return obj.recorded_by.display_name if obj.recorded_by else None


class AlignmentIn(Schema):
    shared_objective_id: BodyId = Field(description="One of your own party's shared objectives.")
    joint_objective_id: BodyId
    relation: Relation | None = Field(None, description="null clears the mark.")
    note: Text(2000) = ""


@router.scoped(
    "GET",
    "/collaborations/{collaboration_id}/objectives/alignments",
    scope="collaboration",
    perm=Perm.VIEW,
    response=list[AlignmentOut],
)
def alignment_list(request: HttpRequest, collaboration_id: PathId) -> Any:
    """Every party's marks of its shared objectives against the joint objectives."""
    return list(
        ObjectiveAlignment.objects.in_scope(request.scope.collaboration)
        .select_related("recorded_by")
        .order_by("shared_objective_id", "joint_objective_id")
    )


@router.scoped(
    "PUT",
    "/collaborations/{collaboration_id}/objectives/alignments",
    scope="collaboration",
    perm=Perm.EDIT,
    response={200: AlignmentOut, 204: None, 400: FieldErrors},
)
def alignment_put(request: HttpRequest, collaboration_id: PathId, payload: AlignmentIn) -> Any:
    """Mark one of your party's shared objectives against a joint objective (a null relation
    clears the mark: 204)."""
    collaboration: Collaboration = request.scope.collaboration
    item = SharedObjective.objects.in_scope(collaboration).filter(pk=payload.shared_objective_id).first()
    target = JointObjective.objects.in_scope(collaboration).filter(pk=payload.joint_objective_id).first()
    if item is None or target is None:
        raise Http404
    result = services.alignment_set(
        collaboration=collaboration,
        party=request.scope.party,
        shared=item,
        joint=target,
        relation=payload.relation or "",
        note=payload.note,
        user=request.user,
    )
    return Status(204, None) if result is None else result


class FlagConflict(Schema):
    shared_objective_id: int
    shared_objective: str
    party_organization: str
    joint_objective_id: int
    joint_objective: str
    note: str


class FlagShared(Schema):
    shared_objective_id: int
    shared_objective: str
    party_organization: str


class FlagJoint(Schema):
    joint_objective_id: int
    joint_objective: str


class ServedOut(Schema):
    shared_objective_id: int
    shared_objective: str
    served_by: list[FlagJoint]


class PartyServedOut(Schema):
    party_id: int
    party_organization: str
    objectives: list[ServedOut]


class FlagsOut(Schema):
    conflicts: list[FlagConflict]
    unmatched: list[FlagShared] = Field(description="Shared objectives no joint objective serves.")
    not_agreed: list[FlagJoint] = Field(description="Joint objectives not agreed by every active party.")
    served: list[PartyServedOut] = Field(
        description="Per party, which of its shared objectives the joint plan serves."
    )


@router.scoped(
    "GET",
    "/collaborations/{collaboration_id}/objectives/flags",
    scope="collaboration",
    perm=Perm.VIEW,
    response=FlagsOut,
)
def objective_flags(request: HttpRequest, collaboration_id: PathId) -> Any:
    """The flags of the joint objectives process and what the joint plan serves per party."""
    process = selectors.joint_process(request.scope.collaboration)

    def joint_ref(j: JointObjective) -> dict[str, Any]:
        return {"joint_objective_id": j.pk, "joint_objective": j.title}

    return {
        "conflicts": [
            {
                "shared_objective_id": a.shared_objective.pk,
                "shared_objective": a.shared_objective.title,
                "party_organization": a.shared_objective.party.organization.name,
                "joint_objective_id": a.joint_objective.pk,
                "joint_objective": a.joint_objective.title,
                "note": a.note,
            }
            for a in process.conflicts
        ],
        "unmatched": [
            {
                "shared_objective_id": s.pk,
                "shared_objective": s.title,
                "party_organization": s.party.organization.name,
            }
            for s in process.unmatched
        ],
        "not_agreed": [joint_ref(j) for j in process.not_agreed],
        "served": [
            {
                "party_id": side.party.pk,
                "party_organization": side.party.organization.name,
                "objectives": [
                    {
                        "shared_objective_id": row.objective.pk,
                        "shared_objective": row.objective.title,
                        "served_by": [joint_ref(j) for j in row.served_by],
                    }
                    for row in side.shared
                ],
            }
            for side in process.sides
        ],
    }
