"""Reads of value creation: totals per party and per benefit category, expected against
realised, and realised value over time. Sums are computed in SQL, in a fixed number of
queries whatever the number of initiatives; amounts in different currencies or units are
kept apart, never added together.

Expected totals leave out dropped initiatives (their value is no longer expected); realised
value counts whatever was realised, dropped or not.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, Sum, When
from django.db.models.functions import TruncQuarter

from accord.collaborations.models import Collaboration, Party
from accord.core.charts import format_value
from accord.core.text import one_line
from accord.value.models import (
    BenefitCategory,
    InitiativeStatus,
    ValueDefinition,
    ValueEstimate,
    ValueInitiative,
    ValueKind,
    ValueRealisation,
)

ZERO = Decimal("0")


@dataclass
class Pair:
    """Expected and realised value of something, in one currency or unit."""

    label: str
    expected: Decimal = ZERO
    realised: Decimal = ZERO
    key: Any = None

    @property
    def share(self) -> int | None:
        """Realised as a percentage of expected (None when nothing is expected)."""
        if not self.expected:
            return None
        return int(round(self.realised / self.expected * 100))


@dataclass
class MeasureTotals:
    """Totals in one currency (``is_money``) or one other unit."""

    measure: str
    is_money: bool
    total: Pair
    by_party: list[Pair] = field(default_factory=list)
    by_category: list[Pair] = field(default_factory=list)


@dataclass
class Quarter:
    start: date
    label: str
    values: dict[Any, Decimal]  # party id -> cumulative realised


@dataclass
class OverTime:
    """Realised value per quarter, cumulative, per party, in one currency or unit."""

    measure: str
    is_money: bool
    parties: list[Pair]
    quarters: list[Quarter]


def _measure_key(is_money: bool, currency: str, unit: str) -> tuple[bool, str]:
    return (True, currency) if is_money else (False, unit)


def collaboration_parties(collaboration: Collaboration) -> list[Party]:
    """All parties, departed ones too (their records stay), with their organizations."""
    return list(
        Party.objects.in_scope(collaboration).select_related("organization").order_by("joined_at", "id")
    )


def party_label(party: Party) -> str:
    return _label(party.organization.name, party.status)


def value_totals(collaboration: Collaboration, parties: list[Party] | None = None) -> list[MeasureTotals]:
    """Expected and realised totals per currency or unit, each split per party and per
    benefit category (three queries, two with ``parties`` given; ``parties=[]`` leaves the
    split per party out)."""
    parties = collaboration_parties(collaboration) if parties is None else parties
    names = {p.pk: party_label(p) for p in parties}
    expected_rows = (
        ValueEstimate.objects.in_scope(collaboration)
        .exclude(kind=ValueKind.QUALITATIVE)
        .exclude(amount__isnull=True)
        .exclude(initiative__status=InitiativeStatus.DROPPED)
        .values("party_id", "initiative__category", "kind", "currency", "unit")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    realised_rows = (
        ValueRealisation.objects.in_scope(collaboration)
        .exclude(amount__isnull=True)
        .values("party_id", "initiative__category", "currency", "unit")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    sums: dict[tuple[bool, str], dict[str, dict[Any, list[Decimal]]]] = defaultdict(
        lambda: {"party": defaultdict(lambda: [ZERO, ZERO]), "category": defaultdict(lambda: [ZERO, ZERO])}
    )
    for row in expected_rows:
        key = _measure_key(row["kind"] == ValueKind.MONEY, row["currency"], row["unit"])
        sums[key]["party"][row["party_id"]][0] += row["total"]
        sums[key]["category"][row["initiative__category"]][0] += row["total"]
    for row in realised_rows:
        key = _measure_key(bool(row["currency"]), row["currency"], row["unit"])
        sums[key]["party"][row["party_id"]][1] += row["total"]
        sums[key]["category"][row["initiative__category"]][1] += row["total"]
    out = []
    party_order = [p.pk for p in parties]
    category_order = list(BenefitCategory.values)
    # Money first, then the other units; each alphabetically.
    for key in sorted(sums, key=lambda k: (not k[0], k[1])):
        data = sums[key]
        by_party = [
            Pair(names.get(pk, "?"), *data["party"][pk], key=pk) for pk in party_order if pk in data["party"]
        ]
        by_category = [
            Pair(str(BenefitCategory(c).label), *data["category"][c], key=c)
            for c in category_order
            if c in data["category"]
        ]
        # From the categories: every row has one, whether or not ``parties`` names its party.
        total = Pair(
            key[1],
            sum((c.expected for c in by_category), ZERO),
            sum((c.realised for c in by_category), ZERO),
        )
        out.append(
            MeasureTotals(
                measure=key[1], is_money=key[0], total=total, by_party=by_party, by_category=by_category
            )
        )
    return out


def _quarter_label(start: date) -> str:
    return f"{start.year} Q{(start.month - 1) // 3 + 1}"


def _next_quarter(start: date) -> date:
    month = start.month + 3
    return date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def realised_over_time(collaboration: Collaboration, parties: list[Party] | None = None) -> list[OverTime]:
    """Cumulative realised value per quarter and party, one series set per currency or
    unit; quarters without a realisation carry the total forward (one query, two without
    ``parties``)."""
    parties = collaboration_parties(collaboration) if parties is None else parties
    names = {p.pk: party_label(p) for p in parties}
    rows = (
        ValueRealisation.objects.in_scope(collaboration)
        .exclude(amount__isnull=True)
        .annotate(quarter=TruncQuarter("realised_on"))
        .values("quarter", "party_id", "currency", "unit")
        .annotate(total=Sum("amount"))
        .order_by("quarter")
    )
    per_measure: dict[tuple[bool, str], dict[date, dict[Any, Decimal]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(lambda: ZERO))
    )
    for row in rows:
        quarter = row["quarter"]
        if hasattr(quarter, "date"):
            quarter = quarter.date()
        key = _measure_key(bool(row["currency"]), row["currency"], row["unit"])
        per_measure[key][quarter][row["party_id"]] += row["total"]
    out = []
    for key in sorted(per_measure, key=lambda k: (not k[0], k[1])):
        by_quarter = per_measure[key]
        party_ids = [p.pk for p in parties if any(p.pk in v for v in by_quarter.values())]
        running = dict.fromkeys(party_ids, ZERO)
        quarters = []
        current, last = min(by_quarter), max(by_quarter)
        while current <= last:
            for pk, amount in by_quarter.get(current, {}).items():
                running[pk] = running.get(pk, ZERO) + amount
            quarters.append(Quarter(current, _quarter_label(current), dict(running)))
            current = _next_quarter(current)
        out.append(
            OverTime(
                measure=key[1],
                is_money=key[0],
                parties=[Pair(names.get(pk, "?"), key=pk) for pk in party_ids],
                quarters=quarters,
            )
        )
    return out


def status_counts(collaboration: Collaboration) -> dict[str, int]:
    """Number of initiatives per status (one query)."""
    rows = ValueInitiative.objects.in_scope(collaboration).values("status").annotate(n=Count("id")).order_by()
    counts = dict.fromkeys(InitiativeStatus.values, 0)
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def definitions(collaboration: Collaboration) -> list[ValueDefinition]:
    return list(
        ValueDefinition.objects.in_scope(collaboration)
        .select_related("party__organization")
        .order_by("party__joined_at", "party_id")
    )


def initiative_detail(collaboration: Collaboration, pk: int) -> ValueInitiative | None:
    return (
        ValueInitiative.objects.in_scope(collaboration)
        .select_related("proposer__organization", "owner_party__organization")
        .filter(pk=pk)
        .first()
    )


def initiative_values(initiative: ValueInitiative, parties: list[Party]) -> list[dict[str, Any]]:
    """Per party: its expected value, its realised entries and their totals per currency or
    unit (two queries)."""
    estimates = {
        e.party_id: e
        for e in ValueEstimate.objects.in_scope(initiative.collaboration_id).filter(initiative=initiative)
    }
    realisations: dict[Any, list[ValueRealisation]] = defaultdict(list)
    for r in ValueRealisation.objects.in_scope(initiative.collaboration_id).filter(initiative=initiative):
        realisations[r.party_id].append(r)
    out = []
    for party in parties:
        estimate = estimates.get(party.pk)
        entries = realisations.get(party.pk, [])
        if party.status != "active" and estimate is None and not entries:
            continue
        totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for r in entries:
            if r.amount is not None:
                totals[r.measure] += r.amount
        out.append(
            {
                "party": party,
                "label": party_label(party),
                "estimate": estimate,
                "realisations": entries,
                "realised_totals": sorted(totals.items()),
            }
        )
    return out


def format_amount(value: Decimal | None, measure: str) -> str:
    """ "1 250.5 EUR": the figure as charts show it, then its currency or unit."""
    if value is None:
        return ""
    return f"{format_value(float(value))} {measure}".strip()


def _label(name: str, status: str) -> str:
    return name if status == "active" else f"{name} (left)"


def attach_values(initiatives: list[ValueInitiative]) -> list[ValueInitiative]:
    """Give each initiative ``per_party``: {party id: {"label": party name, "expected": text,
    "realised": [(currency or unit, total), ...]}} (two queries for any number of
    initiatives)."""
    ids = [i.pk for i in initiatives]
    per: dict[Any, dict[Any, dict[str, Any]]] = defaultdict(dict)

    def entry(initiative_id: Any, party_id: Any, name: str, status: str) -> dict[str, Any]:
        return per[initiative_id].setdefault(
            party_id, {"label": _label(name, status), "expected": "", "realised": []}
        )

    if ids:
        collaboration_id = initiatives[0].collaboration_id
        estimates = (
            ValueEstimate.objects.in_scope(collaboration_id)
            .filter(initiative_id__in=ids)
            .select_related("party__organization")
            .order_by("party__joined_at", "party_id")
        )
        for e in estimates:
            entry(e.initiative_id, e.party_id, e.party.organization.name, e.party.status)["expected"] = (
                format_amount(e.amount, e.measure)
                if e.kind != ValueKind.QUALITATIVE
                else one_line(e.description)
            )
        rows = (
            ValueRealisation.objects.in_scope(collaboration_id)
            .filter(initiative_id__in=ids, amount__isnull=False)
            .values(
                "initiative_id", "party_id", "party__organization__name", "party__status", "currency", "unit"
            )
            .annotate(total=Sum("amount"))
            .order_by("party__joined_at", "party_id", "currency", "unit")
        )
        for row in rows:
            entry(
                row["initiative_id"], row["party_id"], row["party__organization__name"], row["party__status"]
            )["realised"].append((row["currency"] or row["unit"], row["total"]))
    for item in initiatives:
        item.per_party = per.get(item.pk, {})
    return initiatives


def initiatives_with_values(
    collaboration: Collaboration, *, limit: int | None = None
) -> list[ValueInitiative]:
    """Initiatives (live ones first, newest first) with their values per party (three
    queries)."""
    qs = (
        ValueInitiative.objects.in_scope(collaboration)
        .select_related("proposer__organization", "owner_party__organization")
        .order_by(
            Case(When(status=InitiativeStatus.DROPPED, then=1), default=0),
            "-proposed_on",
            "-id",
        )
    )
    return attach_values(list(qs if limit is None else qs[:limit]))


def gate_answers(collaboration: Collaboration, keys: set[str]) -> dict[str, bool]:
    """Stage 6 gate checks answered from the records (at most three queries):

    - ``value_defined``: every active party has stated what value means to it;
    - ``idea_register_in_use``: the value register holds at least one initiative;
    - ``benefits_tracked``: some party has recorded an expected and a realised value.
    """
    answers: dict[str, bool] = {}
    if "value_defined" in keys:
        parties = Party.objects.in_scope(collaboration).filter(status="active")
        active = parties.count()
        defined = (
            ValueDefinition.objects.in_scope(collaboration)
            .filter(party__status="active")
            .aggregate(n=Count("party_id", distinct=True))["n"]
        )
        answers["value_defined"] = active > 0 and defined >= active
    if "idea_register_in_use" in keys:
        answers["idea_register_in_use"] = ValueInitiative.objects.in_scope(collaboration).exists()
    if "benefits_tracked" in keys:
        answers["benefits_tracked"] = (
            ValueEstimate.objects.in_scope(collaboration).exists()
            and ValueRealisation.objects.in_scope(collaboration).exists()
        )
    return answers
