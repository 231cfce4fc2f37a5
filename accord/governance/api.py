"""The governance API: the registers from the register kit, plus an issue's escalation
timeline and its escalate / resolve / reopen operations, a change request's approvals and its
submit / approve / reject / withdraw operations, and the roles matrix (each party sets its
own column)."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Schema

from accord.core.api import FieldErrors, Message, PathId, ScopedRouter, Text
from accord.core.errors import ApplicationError
from accord.core.permissions import Perm
from accord.governance import selectors, services
from accord.governance.models import ChangeRequest, EscalationLevel, Issue, Raci, RaciActivity
from accord.governance.registers import REGISTERS
from accord.governance.schemas import ChangeRequestOut, IssueOut

router = ScopedRouter(tags=["governance"])

for register in REGISTERS:
    register.api(router)

ISSUE = "/collaborations/{collaboration_id}/issues/{issue_id}"
CHANGE = "/collaborations/{collaboration_id}/change-requests/{change_request_id}"
C = "collaboration"


def _issue(request: HttpRequest, pk: int) -> Issue:
    issue = (
        Issue.objects.in_scope(request.scope.collaboration)
        .select_related("raised_by_party__organization")
        .filter(pk=pk)
        .first()
    )
    if issue is None:
        raise Http404
    return issue


def _change(request: HttpRequest, pk: int) -> ChangeRequest:
    item = (
        ChangeRequest.objects.in_scope(request.scope.collaboration)
        .select_related("raised_by_party__organization")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    return item


class LevelTimeOut(Schema):
    level: int
    name: str
    start: datetime.datetime
    end: datetime.datetime | None
    due: datetime.datetime | None
    target: str
    met: bool | None
    late: bool
    reason: str
    escalated_by: str | None

    @staticmethod
    def resolve_reason(obj: Any) -> str:
        return obj.escalation.reason if obj.escalation else ""

    @staticmethod
    def resolve_escalated_by(obj: Any) -> str | None:
        e = obj.escalation
        return e.by.display_name if e and e.by else None


class EscalateIn(Schema):
    reason: Text(5000, required=True)
    version: int | None = None


class ResolveIn(Schema):
    resolution: Text(20_000, required=True)
    version: int | None = None


class ReopenIn(Schema):
    version: int | None = None


class OutcomeIn(Schema):
    outcome: Text(20_000) = ""


@router.scoped("GET", ISSUE + "/timeline", scope=C, perm=Perm.VIEW, response=list[LevelTimeOut])
def issue_timeline(request: HttpRequest, collaboration_id: PathId, issue_id: PathId) -> list:
    """Each stay of the issue at a level of the ladder, met or missed against its target."""
    return selectors.issue_timeline(_issue(request, issue_id))


def _issue_again(request: HttpRequest, pk: int) -> Issue:
    return _issue(request, pk)


@router.scoped(
    "POST",
    ISSUE + "/escalate",
    scope=C,
    perm=Perm.EDIT,
    response={200: IssueOut, 400: FieldErrors, 409: Message},
)
def issue_escalate(
    request: HttpRequest, collaboration_id: PathId, issue_id: PathId, payload: EscalateIn
) -> Any:
    """One level up the ladder, with a reason (refused at the top or when resolved)."""
    issue = _issue(request, issue_id)
    services.issue_escalate(
        issue=issue,
        party=request.scope.party,
        user=request.user,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return _issue_again(request, issue_id)


@router.scoped(
    "POST",
    ISSUE + "/resolve",
    scope=C,
    perm=Perm.EDIT,
    response={200: IssueOut, 400: FieldErrors, 409: Message},
)
def issue_resolve(
    request: HttpRequest, collaboration_id: PathId, issue_id: PathId, payload: ResolveIn
) -> Any:
    issue = _issue(request, issue_id)
    services.issue_resolve(
        issue=issue, user=request.user, resolution=payload.resolution, expected_version=payload.version
    )
    return _issue_again(request, issue_id)


@router.scoped(
    "POST",
    ISSUE + "/reopen",
    scope=C,
    perm=Perm.EDIT,
    response={200: IssueOut, 400: FieldErrors, 409: Message},
)
def issue_reopen(request: HttpRequest, collaboration_id: PathId, issue_id: PathId, payload: ReopenIn) -> Any:
    issue = _issue(request, issue_id)
    services.issue_reopen(issue=issue, user=request.user, expected_version=payload.version)
    return _issue_again(request, issue_id)


class ApprovalOut(Schema):
    party_id: int
    organization: str
    ser: str | None
    approved: bool
    approved_by: str | None
    approved_at: datetime.datetime | None

    @staticmethod
    def resolve_party_id(obj: dict) -> int:
        return obj["party"].pk

    @staticmethod
    def resolve_organization(obj: dict) -> str:
        return obj["party"].organization.name

    @staticmethod
    def resolve_ser(obj: dict) -> str | None:
        ser = obj["party"].ser
        return ser.display_name if ser else None

    @staticmethod
    def resolve_approved(obj: dict) -> bool:
        return obj["approval"] is not None

    @staticmethod
    def resolve_approved_by(obj: dict) -> str | None:
        a = obj["approval"]
        return a.approved_by.display_name if a and a.approved_by else None

    @staticmethod
    def resolve_approved_at(obj: dict) -> datetime.datetime | None:
        a = obj["approval"]
        return a.approved_at if a else None


@router.scoped("GET", CHANGE + "/approvals", scope=C, perm=Perm.VIEW, response=list[ApprovalOut])
def change_approvals(request: HttpRequest, collaboration_id: PathId, change_request_id: PathId) -> list:
    """Per active party: its SER and whether they approved."""
    item = _change(request, change_request_id)
    return selectors.approvals_table(item, selectors.active_parties(request.scope.collaboration))


def _change_op(name: str, perm: Perm, body: type | None, run: Any, doc: str) -> None:
    if body is None:

        def operation(request: HttpRequest, collaboration_id: PathId, change_request_id: PathId) -> Any:
            run(request, _change(request, change_request_id), "")
            return _change(request, change_request_id)

    else:

        def operation(
            request: HttpRequest, collaboration_id: PathId, change_request_id: PathId, payload: OutcomeIn
        ) -> Any:
            run(request, _change(request, change_request_id), payload.outcome)
            return _change(request, change_request_id)

    operation.__name__ = f"change_{name}"
    operation.__doc__ = doc
    router.scoped(
        "POST",
        f"{CHANGE}/{name}",
        scope=C,
        perm=perm,
        response={200: ChangeRequestOut, 400: FieldErrors},
        operation_id=f"governance_change_{name}",
    )(operation)


_change_op(
    "submit",
    Perm.EDIT,
    None,
    lambda r, item, _o: services.change_submit(item=item, party=r.scope.party, user=r.user),
    "The raising party submits its draft for every party's SER to approve.",
)
_change_op(
    "approve",
    Perm.VIEW,
    None,
    lambda r, item, _o: services.change_approve(item=item, party=r.scope.party, user=r.user),
    "Your party's SER approves; approved when every active party's SER has.",
)
_change_op(
    "reject",
    Perm.VIEW,
    OutcomeIn,
    lambda r, item, o: services.change_reject(item=item, party=r.scope.party, user=r.user, outcome=o),
    "Your party's SER rejects it, saying why.",
)
_change_op(
    "withdraw",
    Perm.EDIT,
    OutcomeIn,
    lambda r, item, o: services.change_withdraw(item=item, party=r.scope.party, user=r.user, outcome=o),
    "The raising party withdraws it.",
)


# --- roles matrix ----------------------------------------------------------------------------


class MatrixCellOut(Schema):
    party_id: int
    organization: str
    role: str


class MatrixRowOut(Schema):
    activity_id: int
    activity: str
    problem: str = ""
    cells: list[MatrixCellOut]


class RoleIn(Schema):
    role: str = ""


@router.scoped(
    "GET", "/collaborations/{collaboration_id}/roles", scope=C, perm=Perm.VIEW, response=list[MatrixRowOut]
)
def roles_matrix(request: HttpRequest, collaboration_id: PathId) -> list:
    """The roles matrix: activities × active parties, R/A/C/I; ``problem`` is "none" or
    "several" when an activity does not have exactly one A."""
    parties = selectors.active_parties(request.scope.collaboration)
    matrix = selectors.roles_matrix(request.scope.collaboration, parties)
    return [
        {
            "activity_id": row["activity"].pk,
            "activity": row["activity"].name,
            "problem": row["problem"],
            "cells": [
                {"party_id": c["party"].pk, "organization": c["party"].organization.name, "role": c["role"]}
                for c in row["cells"]
            ],
        }
        for row in matrix["rows"]
    ]


@router.scoped(
    "PUT",
    "/collaborations/{collaboration_id}/roles/{raci_activity_id}",
    scope=C,
    perm=Perm.EDIT,
    response={200: MatrixCellOut, 400: FieldErrors},
)
def roles_set(
    request: HttpRequest, collaboration_id: PathId, raci_activity_id: PathId, payload: RoleIn
) -> Any:
    """Set your own party's role in one activity (R, A, C, I; empty clears it)."""
    activity = RaciActivity.objects.in_scope(request.scope.collaboration).filter(pk=raci_activity_id).first()
    if activity is None:
        raise Http404
    if payload.role not in ("", *Raci.values):
        raise ApplicationError(gettext("Choose R, A, C or I."), field="role")
    party = request.scope.party
    services.raci_set(
        collaboration=request.scope.collaboration, party=party, activity=activity, role=payload.role
    )
    return {"party_id": party.pk, "organization": party.organization.name, "role": payload.role}


__all__ = ["EscalationLevel", "router"]
