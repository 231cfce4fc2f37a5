"""The value creation API: the four registers (initiatives, definitions of value, expected
and realised values; built with the register kit), an initiative's status step and the
totals. Every operation states its scope and permission through ``router.scoped``."""

from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import Schema
from pydantic import Field

from accord.core.api import FieldErrors, Message, PathId, ScopedRouter
from accord.core.permissions import Perm
from accord.value import selectors, services
from accord.value.models import InitiativeStatus, ValueInitiative
from accord.value.registers import REGISTERS
from accord.value.schemas import InitiativeOut

router = ScopedRouter(tags=["value"])

for register in REGISTERS:
    register.api(router)


class StatusIn(Schema):
    status: InitiativeStatus
    version: int = Field(description="The version you read; a stale one gives 409.")


@router.scoped(
    "POST",
    "/collaborations/{collaboration_id}/value/initiatives/{initiative_id}/status",
    scope="collaboration",
    perm=Perm.DECIDE,
    response={200: InitiativeOut, 400: FieldErrors, 409: Message},
)
def initiative_status(
    request: HttpRequest, collaboration_id: PathId, initiative_id: PathId, payload: StatusIn
):
    """Move an initiative one step: idea → assessed → approved → in progress → realised, or
    dropped (a 400 names the steps allowed from where it stands)."""
    item = ValueInitiative.objects.in_scope(request.scope.collaboration).filter(pk=initiative_id).first()
    if item is None:
        raise Http404
    item = services.initiative_set_status(item=item, status=payload.status, expected_version=payload.version)
    return (
        ValueInitiative.objects.in_scope(request.scope.collaboration)
        .select_related("proposer__organization")
        .get(pk=item.pk)
    )


class PairOut(Schema):
    label: str
    key: str | int | None = None
    expected: Decimal
    realised: Decimal


class MeasureTotalsOut(Schema):
    measure: str = Field(
        description="The currency code or the unit; amounts of different measures are never added."
    )
    is_money: bool
    expected: Decimal
    realised: Decimal
    by_party: list[PairOut]
    by_category: list[PairOut]


class QuarterOut(Schema):
    quarter: str
    start: str
    realised_cumulative: dict[str, Decimal] = Field(description="Party id -> cumulative realised value.")


class OverTimeOut(Schema):
    measure: str
    is_money: bool
    quarters: list[QuarterOut]


class TotalsOut(Schema):
    totals: list[MeasureTotalsOut]
    over_time: list[OverTimeOut]
    initiatives_per_status: dict[str, int]


@router.scoped(
    "GET",
    "/collaborations/{collaboration_id}/value/totals",
    scope="collaboration",
    perm=Perm.VIEW,
    response=TotalsOut,
)
def value_totals(request: HttpRequest, collaboration_id: PathId):
    """Expected and realised value per currency or unit, split per party and per benefit
    category (dropped initiatives leave the expected totals), and realised value per quarter,
    cumulative, per party."""
    collaboration = request.scope.collaboration
    parties = selectors.collaboration_parties(collaboration)
    totals, over_time = selectors.value_summary(collaboration, parties)
    return {
        "totals": [
            {
                "measure": t.measure,
                "is_money": t.is_money,
                "expected": t.total.expected,
                "realised": t.total.realised,
                "by_party": [vars(p) for p in t.by_party],
                "by_category": [vars(c) for c in t.by_category],
            }
            for t in totals
        ],
        "over_time": [
            {
                "measure": o.measure,
                "is_money": o.is_money,
                "quarters": [
                    {
                        "quarter": q.label,
                        "start": q.start.isoformat(),
                        "realised_cumulative": {str(k): v for k, v in q.values.items()},
                    }
                    for q in o.quarters
                ],
            }
            for o in over_time
        ],
        "initiatives_per_status": selectors.status_counts(collaboration),
    }
