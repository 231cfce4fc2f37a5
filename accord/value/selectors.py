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

from django.db.models import Case, Count, Exists, Func, IntegerField, Subquery, Sum, When
from django.db.models.query import ModelIterable
from django.utils.translation import gettext

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


class QuarterIndex(Func):
    """year × 4 + quarter − 1 of a date, computed natively (Django's own date truncation runs
    a Python function per row on SQLite, where dates are ISO text: the digits are read
    directly)."""

    output_field = IntegerField()
    template = (
        "(CAST(EXTRACT(YEAR FROM %(expressions)s) AS integer) * 4 "
        "+ CAST(EXTRACT(QUARTER FROM %(expressions)s) AS integer) - 1)"
    )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template=(
                "(CAST(substr(%(expressions)s, 1, 4) AS integer) * 4 "
                "+ (CAST(substr(%(expressions)s, 6, 2) AS integer) - 1) / 3)"
            ),
            **extra,
        )


def _quarter_start(index: int) -> date:
    return date(index // 4, (index % 4) * 3 + 1, 1)


def _expected_rows(collaboration: Collaboration) -> Any:
    return (
        ValueEstimate.objects.in_scope(collaboration)
        .exclude(kind=ValueKind.QUALITATIVE)
        .exclude(amount__isnull=True)
        .exclude(initiative__status=InitiativeStatus.DROPPED)
        .values("party_id", "initiative__category", "kind", "currency", "unit")
        .annotate(total=Sum("amount"))
        .order_by()
    )


def _realised_rows(collaboration: Collaboration, *, quarters: bool) -> list[dict[str, Any]]:
    """Realised sums per party, category, currency or unit (and quarter): one query."""
    queryset = ValueRealisation.objects.in_scope(collaboration).exclude(amount__isnull=True)
    group = ["party_id", "initiative__category", "currency", "unit"]
    if quarters:
        queryset = queryset.annotate(quarter=QuarterIndex("realised_on"))
        group.append("quarter")
    return list(queryset.values(*group).annotate(total=Sum("amount")).order_by())


def _totals(
    expected_rows: Any, realised_rows: list[dict[str, Any]], parties: list[Party]
) -> list[MeasureTotals]:
    names = {p.pk: party_label(p) for p in parties}
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


def _over_time(realised_rows: list[dict[str, Any]], parties: list[Party]) -> list[OverTime]:
    names = {p.pk: party_label(p) for p in parties}
    per_measure: dict[tuple[bool, str], dict[int, dict[Any, Decimal]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(lambda: ZERO))
    )
    for row in realised_rows:
        key = _measure_key(bool(row["currency"]), row["currency"], row["unit"])
        per_measure[key][row["quarter"]][row["party_id"]] += row["total"]
    out = []
    for key in sorted(per_measure, key=lambda k: (not k[0], k[1])):
        by_quarter = per_measure[key]
        party_ids = [p.pk for p in parties if any(p.pk in v for v in by_quarter.values())]
        running = dict.fromkeys(party_ids, ZERO)
        quarters = []
        for index in range(min(by_quarter), max(by_quarter) + 1):
            for pk, amount in by_quarter.get(index, {}).items():
                running[pk] = running.get(pk, ZERO) + amount
            start = _quarter_start(index)
            quarters.append(Quarter(start, _quarter_label(start), dict(running)))
        out.append(
            OverTime(
                measure=key[1],
                is_money=key[0],
                parties=[Pair(names.get(pk, "?"), key=pk) for pk in party_ids],
                quarters=quarters,
            )
        )
    return out


def value_totals(collaboration: Collaboration, parties: list[Party] | None = None) -> list[MeasureTotals]:
    """Expected and realised totals per currency or unit, each split per party and per
    benefit category (three queries, two with ``parties`` given; ``parties=[]`` leaves the
    split per party out)."""
    parties = collaboration_parties(collaboration) if parties is None else parties
    return _totals(_expected_rows(collaboration), _realised_rows(collaboration, quarters=False), parties)


def realised_over_time(collaboration: Collaboration, parties: list[Party] | None = None) -> list[OverTime]:
    """Cumulative realised value per quarter and party, one series set per currency or
    unit; quarters without a realisation carry the total forward (one query, two without
    ``parties``)."""
    parties = collaboration_parties(collaboration) if parties is None else parties
    return _over_time(_realised_rows(collaboration, quarters=True), parties)


def value_summary(
    collaboration: Collaboration, parties: list[Party]
) -> tuple[list[MeasureTotals], list[OverTime]]:
    """Both of the above from one pass over the realised values (two queries)."""
    realised = _realised_rows(collaboration, quarters=True)
    return _totals(_expected_rows(collaboration), realised, parties), _over_time(realised, parties)


def _quarter_label(start: date) -> str:
    return f"{start.year} Q{(start.month - 1) // 3 + 1}"


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
    return name if status == "active" else gettext("%(org)s (former party)") % {"org": name}


def attach_values(initiatives: list[ValueInitiative]) -> list[ValueInitiative]:
    """Give each initiative ``per_party``: {party id: {"label": party name, "expected": text,
    "realised": [(currency or unit, total), ...]}}, parties in the order they joined, and
    ``party_labels`` {party id: name} (three small queries for any number of initiatives)."""
    ids = [i.pk for i in initiatives]
    per: dict[Any, dict[Any, dict[str, Any]]] = defaultdict(dict)
    parties: dict[Any, tuple[int, str]] = {}
    if ids:
        collaboration_id = initiatives[0].collaboration_id
        parties = {
            p["pk"]: (n, _label(p["organization__name"], p["status"]))
            for n, p in enumerate(
                Party.objects.in_scope(collaboration_id)
                .order_by("joined_at", "id")
                .values("pk", "organization__name", "status")
            )
        }
        values: dict[Any, dict[Any, dict[str, Any]]] = defaultdict(dict)

        def entry(initiative_id: Any, party_id: Any) -> dict[str, Any]:
            return values[initiative_id].setdefault(party_id, {"expected": "", "realised": []})

        estimates = (
            ValueEstimate.objects.in_scope(collaboration_id)
            .filter(initiative_id__in=ids)
            .values("initiative_id", "party_id", "kind", "amount", "currency", "unit", "description")
            .order_by()
        )
        for e in estimates:
            if e["kind"] == ValueKind.QUALITATIVE:
                text = one_line(e["description"])
            else:
                text = format_amount(
                    e["amount"], e["currency"] if e["kind"] == ValueKind.MONEY else e["unit"]
                )
            entry(e["initiative_id"], e["party_id"])["expected"] = text
        realised = (
            ValueRealisation.objects.in_scope(collaboration_id)
            .filter(initiative_id__in=ids, amount__isnull=False)
            .values("initiative_id", "party_id", "currency", "unit")
            .annotate(total=Sum("amount"))
            .order_by()
        )
        for row in sorted(realised, key=lambda r: r["currency"] or r["unit"]):
            entry(row["initiative_id"], row["party_id"])["realised"].append(
                (row["currency"] or row["unit"], row["total"])
            )
        for initiative_id, by_party in values.items():
            for party_id in sorted(by_party, key=lambda pk: parties.get(pk, (len(parties), ""))[0]):
                by_party[party_id]["label"] = parties.get(party_id, (0, "?"))[1]
                per[initiative_id][party_id] = by_party[party_id]
    # The parties' names, for the proposer and the owner (so pages need no join for them).
    labels = {pk: label for pk, (_n, label) in parties.items()}
    for item in initiatives:
        item.per_party = per.get(item.pk, {})
        item.party_labels = labels
    return initiatives


class WithValuesIterable(ModelIterable):
    """Initiatives that carry ``per_party`` (``attach_values``), fetched with two queries per
    500 initiatives: for register pages, exports and the API."""

    def __iter__(self) -> Any:
        chunk: list[ValueInitiative] = []
        for obj in super().__iter__():
            chunk.append(obj)
            if len(chunk) >= 500:
                yield from attach_values(chunk)
                chunk = []
        if chunk:
            yield from attach_values(chunk)


def with_values(queryset: Any) -> Any:
    """``queryset`` of initiatives whose rows carry their values per party when fetched."""
    queryset = queryset.all()
    queryset._iterable_class = WithValuesIterable
    return queryset


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
    """Stage 6 gate checks answered from the records (one query, each fact a subquery of the
    collaboration's row):

    - ``value_defined``: every active party has stated what value means to it;
    - ``idea_register_in_use``: the value register holds at least one initiative;
    - ``benefits_tracked``: some party has recorded an expected and a realised value.
    """
    facts: dict[str, Any] = {}
    if "value_defined" in keys:
        facts["active"] = _count(Party.objects.in_scope(collaboration).filter(status="active"), "pk")
        facts["defined"] = _count(
            ValueDefinition.objects.in_scope(collaboration).filter(party__status="active"), "party_id"
        )
    if "idea_register_in_use" in keys:
        facts["initiatives"] = Exists(ValueInitiative.objects.in_scope(collaboration))
    if "benefits_tracked" in keys:
        facts["estimates"] = Exists(ValueEstimate.objects.in_scope(collaboration))
        facts["realisations"] = Exists(ValueRealisation.objects.in_scope(collaboration))
    if not facts:
        return {}
    pk = getattr(collaboration, "pk", collaboration)
    row = Collaboration.objects.filter(pk=pk).annotate(**facts).values(*facts).first() or {}
    answers: dict[str, bool] = {}
    if "value_defined" in keys:
        active = row.get("active") or 0
        answers["value_defined"] = active > 0 and (row.get("defined") or 0) >= active
    if "idea_register_in_use" in keys:
        answers["idea_register_in_use"] = bool(row.get("initiatives"))
    if "benefits_tracked" in keys:
        answers["benefits_tracked"] = bool(row.get("estimates")) and bool(row.get("realisations"))
    return answers


def _count(queryset: Any, field: str) -> Subquery:
    """The number of distinct ``field`` values of a one-collaboration queryset, as a subquery."""
    return Subquery(
        queryset.order_by().values("collaboration").annotate(n=Count(field, distinct=True)).values("n"),
        output_field=IntegerField(),
    )
