"""Reads of measures: the register rows with their latest status and a short trend, one
measure's series with its missing periods, and the snapshot a joint review keeps. Each
function runs a fixed number of queries whatever the number of values."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils.safestring import SafeString

from accord.core.charts import line_chart, sparkline
from accord.measures.models import JointMeasure, MeasureBase, MeasureValueBase
from accord.measures.periods import (
    due_periods,
    latest_due_period,
    next_period,
    period_end,
    period_label,
    period_start,
)
from accord.measures.status import SEVERITY, Direction, Status, value_status

SPARK_POINTS = 12


def with_latest(queryset: QuerySet, owner: Any) -> QuerySet:
    """Each measure with its latest value and that value's period (``latest_value``,
    ``latest_period``), read in the same query."""
    value_model = queryset.model.values.field.model
    latest = value_model.objects.in_scope(owner).filter(measure=OuterRef("pk")).order_by("-period")
    return queryset.annotate(
        latest_period=Subquery(latest.values("period")[:1]),
        latest_value=Subquery(latest.values("value")[:1]),
    )


def measure_list(*, owner: Any, model: type[MeasureBase]) -> QuerySet:
    """The measures of a collaboration or organization, with what their rows show (the
    latest value included)."""
    related = ["owner_party__organization"] if model is JointMeasure else ["relationship"]
    return with_latest(model.objects.in_scope(owner).select_related("data_owner", *related), owner)


def latest_status(measure: MeasureBase, latest: Any, today: datetime.date) -> Status:
    """The measure's status now: missing when the last period that has ended has no value
    (and no later value exists), else the status of the latest value."""
    due = latest_due_period(measure.start_date, measure.frequency, today)
    if latest is None or (due is not None and latest.period < due):
        return Status.MISSING if due is not None else Status.NO_DATA
    return measure.status_of(latest.value)


@dataclass(frozen=True)
class Point:
    """A value of a period, without the rest of its row."""

    period: datetime.date
    value: Decimal


@dataclass
class MeasureRow:
    measure: MeasureBase
    latest: Point | None
    status: Status
    recent: list[tuple[datetime.date, Decimal | None]] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def latest_label(self) -> str:
        return period_label(self.latest.period, self.measure.frequency) if self.latest else ""

    @property
    def trend(self) -> SafeString:
        return sparkline(
            [v for _p, v in self.recent],
            label=self.measure.name,
            target=float(self.measure.target) if self.measure.target is not None else None,
        )


def measure_rows(
    measures: list[MeasureBase], *, today: datetime.date, points: int = SPARK_POINTS
) -> list[MeasureRow]:
    """Rows for a page of measures: latest value, status and the last ``points`` periods
    (gaps as None) — one query for all of them, however long their series.

    Measures read through a register's queryset carry their latest value already
    (``latest_period``/``latest_value``); the query then reads only the periods the trend
    shows, per frequency, instead of ranking every value of every measure."""
    if not measures:
        return []
    model = type(measures[0]).values.field.model
    annotated = all(hasattr(m, "latest_period") for m in measures)
    if annotated and points <= 1:
        # The latest value is all that is asked for, and the measures carry it: no query.
        return [
            MeasureRow(
                measure=m,
                latest=(latest := Point(m.latest_period, m.latest_value) if m.latest_period else None),
                status=latest_status(m, latest, today),
            )
            for m in measures
        ]
    owner = getattr(measures[0], measures[0].scope_field)
    recent = model.objects.in_scope(owner)
    if annotated:
        by_frequency: dict[str, list[int]] = defaultdict(list)
        for measure in measures:
            by_frequency[measure.frequency].append(measure.pk)
        condition = Q()
        for frequency, ids in by_frequency.items():
            cutoff = period_start(today, frequency)
            for _n in range(points):
                cutoff = _previous_period(cutoff, frequency)
            condition |= Q(measure__in=ids, period__gte=cutoff)
        recent = recent.filter(condition)
    else:
        recent = recent.filter(measure__in=[m.pk for m in measures])
    recent = (
        recent.annotate(rank=Window(RowNumber(), partition_by=[F("measure_id")], order_by=F("period").desc()))
        .filter(rank__lte=points)
        .values_list("measure_id", "period", "value")
    )
    by_measure: dict[int, list[Point]] = defaultdict(list)
    for measure_id, period, value in recent:
        by_measure[measure_id].append(Point(period, value))
    rows = []
    for measure in measures:
        values = sorted(by_measure.get(measure.pk, []), key=lambda v: v.period)
        if annotated:
            latest = Point(measure.latest_period, measure.latest_value) if measure.latest_period else None
        else:
            latest = values[-1] if values else None
        rows.append(
            MeasureRow(
                measure=measure,
                latest=latest,
                status=latest_status(measure, latest, today),
                recent=_fill_gaps(measure, values, today, points),
            )
        )
    return rows


def _fill_gaps(
    measure: MeasureBase, values: list[Point], today: datetime.date, points: int
) -> list[tuple[datetime.date, Decimal | None]]:
    """The last ``points`` periods up to the latest due one (or the latest value), with None
    where a value is missing."""
    if not values:
        return []
    known = {v.period: v.value for v in values}
    due = latest_due_period(measure.start_date, measure.frequency, today)
    last = max(values[-1].period, due) if due else values[-1].period
    periods = [last]
    while len(periods) < points:
        previous = _previous_period(periods[-1], measure.frequency)
        if previous < values[0].period:
            break
        periods.append(previous)
    return [(p, known.get(p)) for p in reversed(periods)]


def _previous_period(start: datetime.date, frequency: str) -> datetime.date:
    months = {"monthly": 1, "quarterly": 3, "yearly": 12}[frequency]
    total = start.year * 12 + start.month - 1 - months
    return datetime.date(total // 12, total % 12 + 1, 1)


def status_summary(rows: list[MeasureRow]) -> dict[str, int]:
    """How many measures are in each status, worst first."""
    counts = {status.value: 0 for status in SEVERITY}
    for row in rows:
        counts[row.status.value] += 1
    return counts


# --- one measure ----------------------------------------------------------------------------


@dataclass
class SeriesPoint:
    period: datetime.date
    label: str
    value: MeasureValueBase | None
    status: Status


def measure_series(measure: MeasureBase, *, today: datetime.date) -> list[SeriesPoint]:
    """Every period from the measure's start to the latest due period (or the latest value),
    with its value or as missing, oldest first. One query."""
    values = list(
        type(measure)
        .values.field.model.objects.in_scope(getattr(measure, measure.scope_field))
        .filter(measure=measure)
        .select_related("recorded_by")
        .order_by("period")
    )
    for value in values:
        value.measure = measure
    by_period = {v.period: v for v in values}
    periods = list(due_periods(measure.start_date, measure.frequency, today))
    extra = sorted(p for p in by_period if not periods or p > periods[-1] or p < periods[0])
    all_periods = sorted(set(periods) | set(extra))
    return [
        SeriesPoint(
            period=p,
            label=period_label(p, measure.frequency),
            value=by_period.get(p),
            status=measure.status_of(by_period[p].value if p in by_period else None),
        )
        for p in all_periods
    ]


def missing_periods(series: list[SeriesPoint], today: datetime.date, frequency: str) -> list[SeriesPoint]:
    """The due periods without a value."""
    return [p for p in series if p.value is None and next_period(p.period, frequency) <= today]


def threshold_bands(measure: MeasureBase) -> list[dict[str, Any]]:
    """The on-track, at-risk and off-track bands of a measure, for the chart."""
    from django.utils.translation import gettext as _

    if measure.target is None:
        return []
    target = float(measure.target)
    warning = float(measure.warning) if measure.warning is not None else None
    on, risk, off = _("On track"), _("At risk"), _("Off track")
    if measure.direction == Direction.HIGHER:
        bands = [{"low": target, "high": None, "tone": "good", "label": on}]
        if warning is not None:
            bands.append({"low": warning, "high": target, "tone": "warn", "label": risk})
        bands.append(
            {"low": None, "high": warning if warning is not None else target, "tone": "bad", "label": off}
        )
    else:
        bands = [{"low": None, "high": target, "tone": "good", "label": on}]
        if warning is not None:
            bands.append({"low": target, "high": warning, "tone": "warn", "label": risk})
        bands.append(
            {"low": warning if warning is not None else target, "high": None, "tone": "bad", "label": off}
        )
    return bands


def measure_chart(
    measure: MeasureBase, series: list[SeriesPoint], *, width: int = 720, height: int = 300
) -> SafeString:
    """The trend of one measure with its target line and threshold bands."""
    from django.utils.translation import gettext as _

    return line_chart(
        [{"label": measure.name, "points": [(p.label, p.value.value if p.value else None) for p in series]}],
        target={"value": measure.target, "label": _("Target")} if measure.target is not None else None,
        thresholds=threshold_bands(measure),
        width=width,
        height=height,
        y_label=measure.unit or measure.name,
        title=measure.name,
        table=False,
        chart_id=f"measure-{measure.pk}",
    )


# --- joint review snapshot ------------------------------------------------------------------


def review_snapshot_data(
    *, collaboration: Any, start: datetime.date, end: datetime.date, today: datetime.date
) -> dict[str, Any]:
    """Every joint measure with its values and status for the periods that start within
    [start, end], the due periods without a value marked missing, and the measure's status
    at the end of the period (its last period's status). Plain JSON: a review keeps it as
    it was. Two queries."""
    measures = list(
        JointMeasure.objects.in_scope(collaboration)
        .select_related("owner_party__organization")
        .order_by("kind", "name", "id")
    )
    values = (
        JointMeasure.values.field.model.objects.in_scope(collaboration)
        .filter(period__gte=start, period__lte=end)
        .order_by("measure_id", "period")
    )
    by_measure: dict[int, dict[datetime.date, Decimal]] = defaultdict(dict)
    for value in values:
        by_measure[value.measure_id][value.period] = value.value
    out = []
    for measure in measures:
        known = by_measure.get(measure.pk, {})
        periods = [
            p
            for p in due_periods(
                measure.start_date, measure.frequency, min(today, end + datetime.timedelta(days=1))
            )
            if start <= p <= end
        ]
        periods = sorted(set(periods) | set(known))
        rows = []
        for p in periods:
            number = known.get(p)
            rows.append(
                {
                    "period": p.isoformat(),
                    "label": period_label(p, measure.frequency),
                    "period_end": period_end(p, measure.frequency).isoformat(),
                    "value": None if number is None else plain(number),
                    "status": value_status(
                        number, direction=measure.direction, target=measure.target, warning=measure.warning
                    ).value,
                }
            )
        out.append(
            {
                "id": measure.pk,
                "name": measure.name,
                "kind": measure.kind,
                "unit": measure.unit,
                "direction": measure.direction,
                "target": None if measure.target is None else plain(measure.target),
                "warning": None if measure.warning is None else plain(measure.warning),
                "frequency": measure.frequency,
                "owner_party": measure.owner_party.organization.name if measure.owner_party else "",
                "values": rows,
                "status": rows[-1]["status"] if rows else Status.NO_DATA.value,
            }
        )
    return {"start": start.isoformat(), "end": end.isoformat(), "measures": out}


def plain(number: Decimal) -> str:
    """A decimal without trailing zeros (``99.50`` → ``99.5``), never in exponent form."""
    return format(number.normalize(), "f")


def snapshot_rows(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """The snapshot's measures with status labels, for templates."""
    labels = {status.value: str(status.label) for status in Status}
    rows = []
    for item in snapshot.get("measures", []):
        rows.append(
            {
                **item,
                "status_label": labels[item["status"]],
                "values": [{**v, "status_label": labels[v["status"]]} for v in item["values"]],
                "missing": [v["label"] for v in item["values"] if v["value"] is None],
            }
        )
    return rows
