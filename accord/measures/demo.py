"""Measures in the demo world (step order 240) and in the benchmark data.

- Scenario 1 (Northline Rail joint bid): monthly delivery KPIs and a trust score, and
  Brightwave's private margin on the bid, which Lumen never sees.
- Scenario 2 (Valley Larder): monthly measures of the shared cold-chain van and of trust
  between the producers.
- Scenario 3 (Quillsoft and the hospital group): quarterly KPIs with targets and two years
  of values, two joint reviews with findings, lessons and improvement actions.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accord.collaborations.models import Party
from accord.measures import services
from accord.measures.models import (
    ImprovementActionStatus,
    JointMeasure,
    JointMeasureValue,
    MeasureKind,
    PrivateMeasure,
)
from accord.measures.periods import Frequency, latest_due_period, next_period, period_end


@contextmanager
def _acting(world: Any, user: Any) -> Iterator[None]:
    acting = getattr(world, "acting_as", None)
    context = acting(user) if acting is not None and user is not None else nullcontext()
    with context if hasattr(context, "__enter__") else nullcontext():
        yield


def _party(world: Any, collaboration: Any, organization: Any) -> Party:
    party = (getattr(world, "parties", {}) or {}).get(collaboration.pk, {}).get(organization.pk)
    return party or Party.objects.in_scope(collaboration).get(organization=organization)


def _periods_back(frequency: str, count: int, today: datetime.date) -> list[datetime.date]:
    """The last ``count`` periods that have ended by ``today``, oldest first."""
    last = latest_due_period(datetime.date(1990, 1, 1), frequency, today)
    periods = [last]
    step = {"monthly": 1, "quarterly": 3, "yearly": 12}[frequency]
    while len(periods) < count:
        total = periods[-1].year * 12 + periods[-1].month - 1 - step
        periods.append(datetime.date(total // 12, total % 12 + 1, 1))
    return list(reversed(periods))


def _series(world: Any, start: float, end: float, count: int, noise: float, places: int = 1) -> list[Decimal]:
    """A trend from ``start`` to ``end`` with some noise, rounded."""
    out = []
    for n in range(count):
        base = start + (end - start) * n / max(count - 1, 1)
        out.append(Decimal(str(round(base + world.rng.uniform(-noise, noise), places))))
    return out


def _measure(world: Any, user: Any, owner: Any, model: type, **data: Any) -> Any:
    with _acting(world, user):
        return services.measure_create(owner=owner, model=model, data=data, user=user)


def _values(
    world: Any, user: Any, measure: Any, periods: list[datetime.date], values: list[Decimal | None]
) -> None:
    with _acting(world, user):
        for period, value in zip(periods, values, strict=True):
            if value is not None:
                services.value_record(measure=measure, period=period, value=value, user=user)


def _joint_objective(collaboration: Any, *words: str) -> list[Any]:
    """A joint objective of the demo whose title has one of ``words`` (if the objectives
    step made one), for the measures that evidence it."""
    try:
        from accord.objectives.models import JointObjective
    except ImportError:  # pragma: no cover - the objectives app is always installed
        return []
    for objective in JointObjective.objects.in_scope(collaboration):
        if any(word.lower() in objective.title.lower() for word in words):
            return [objective]
    return []


# Scenario 1 --------------------------------------------------------------------------------------


def _northline(world: Any) -> None:
    collaboration = world.northline
    bw = _party(world, collaboration, world.brightwave)
    lumen = _party(world, collaboration, world.lumen)
    today = timezone.localdate()
    months = _periods_back(Frequency.MONTHLY, 12, today)
    start = months[0]
    on_time = _measure(
        world,
        world.ana,
        collaboration,
        JointMeasure,
        name="Bid milestones met on time",
        kind=MeasureKind.DELIVERY,
        unit="%",
        direction="higher",
        target=Decimal("90"),
        warning=Decimal("80"),
        frequency=Frequency.MONTHLY,
        start_date=start,
        owner_party=bw,
        data_owner=world.ana,
        description="Milestones of the bid plan due in the month and met by their date, as a share of all due.",
        objectives=_joint_objective(collaboration, "bid", "win", "tender"),
    )
    _values(world, world.ana, on_time, months, _series(world, 72, 94, 12, 4, 0))
    defects = _measure(
        world,
        world.jo,
        collaboration,
        JointMeasure,
        name="Coating samples rejected",
        kind=MeasureKind.DELIVERY,
        unit="samples",
        direction="lower",
        target=Decimal("2"),
        warning=Decimal("4"),
        frequency=Frequency.MONTHLY,
        start_date=start,
        owner_party=lumen,
        data_owner_name="Lumen quality lab",
        objectives=_joint_objective(collaboration, "first articles", "coating"),
    )
    rejected = [Decimal(max(0, round(6 - n * 0.45 + world.rng.uniform(-1, 1)))) for n in range(12)]
    rejected[-1] = None  # the lab has not sent last month's figure yet: shown as missing
    _values(world, world.jo, defects, months, rejected)
    trust = _measure(
        world,
        world.ana,
        collaboration,
        JointMeasure,
        name="Trust score (joint pulse survey)",
        kind=MeasureKind.HEALTH,
        unit="score 1-5",
        direction="higher",
        target=Decimal("4"),
        warning=Decimal("3.5"),
        frequency=Frequency.MONTHLY,
        start_date=start,
        owner_party=bw,
        data_owner_name="Joint management team",
        description="Average answer of both teams to 'I can rely on the other party to do what it says'.",
    )
    _values(world, world.jo, trust, months, _series(world, 3.3, 4.2, 12, 0.15, 1))
    # Brightwave's own margin on the bid: private, never in the joint space.
    entries = getattr(world, "brightwave_entries", {}) or {}
    entry = next(
        (e for name, e in entries.items() if "lumen" in name.lower() or "northline" in name.lower()), None
    )
    margin = _measure(
        world,
        world.ana,
        world.brightwave,
        PrivateMeasure,
        name="Our margin on the Northline bid",
        kind=MeasureKind.DELIVERY,
        unit="%",
        direction="higher",
        target=Decimal("18"),
        warning=Decimal("12"),
        frequency=Frequency.MONTHLY,
        start_date=start,
        relationship=entry,
        data_owner=world.ana,
        description="Projected gross margin of our share of the bid, from the cost model.",
    )
    _values(world, world.ana, margin, months, _series(world, 21, 13, 12, 1.2, 1))


# Scenario 2 --------------------------------------------------------------------------------------


def _valley_larder(world: Any) -> None:
    collaboration = world.valley_larder
    coordinator = world.valley_coordinator
    coord_party = _party(world, collaboration, coordinator)
    people = getattr(world, "valley_people", {}) or {}
    coord_user = people.get(getattr(coordinator, "slug", ""))
    today = timezone.localdate()
    months = _periods_back(Frequency.MONTHLY, 9, today)
    van = _measure(
        world,
        coord_user,
        collaboration,
        JointMeasure,
        name="Cold-chain van utilisation",
        kind=MeasureKind.DELIVERY,
        unit="%",
        direction="higher",
        target=Decimal("70"),
        warning=Decimal("55"),
        frequency=Frequency.MONTHLY,
        start_date=months[0],
        owner_party=coord_party,
        data_owner_name="Van booking sheet",
        description="Booked delivery slots as a share of the slots the van can do in the month.",
        objectives=_joint_objective(collaboration, "van"),
    )
    _values(world, coord_user, van, months, _series(world, 38, 74, 9, 5, 0))
    temperature = _measure(
        world,
        coord_user,
        collaboration,
        JointMeasure,
        name="Deliveries outside 0-5 °C",
        kind=MeasureKind.DELIVERY,
        unit="deliveries",
        direction="lower",
        target=Decimal("0"),
        warning=Decimal("2"),
        frequency=Frequency.MONTHLY,
        start_date=months[0],
        owner_party=coord_party,
        data_owner_name="Van temperature logger",
    )
    _values(world, coord_user, temperature, months, [Decimal(v) for v in (3, 1, 2, 0, 1, 0, 0, 1, 0)])
    trust = _measure(
        world,
        coord_user,
        collaboration,
        JointMeasure,
        name="Producers' trust in the shared van (survey)",
        kind=MeasureKind.HEALTH,
        unit="score 1-5",
        direction="higher",
        target=Decimal("4"),
        warning=Decimal("3"),
        frequency=Frequency.MONTHLY,
        start_date=months[0],
        owner_party=coord_party,
        data_owner_name="Coordinator",
    )
    values = _series(world, 3.1, 4.1, 9, 0.2, 1)
    values[4] = None  # no survey in the harvest month
    _values(world, coord_user, trust, months, values)


# Scenario 3 --------------------------------------------------------------------------------------


def _quillsoft_hospital(world: Any) -> None:
    collaboration = world.quillsoft_hospital
    qs = _party(world, collaboration, world.quillsoft)
    hospital = _party(world, collaboration, world.hospital)
    q_people = getattr(world, "quillsoft_people", {}) or {}
    h_people = getattr(world, "hospital_people", {}) or {}
    q_user = q_people.get("owner") or next(iter(q_people.values()), None)
    h_user = h_people.get("manager") or h_people.get("owner") or next(iter(h_people.values()), None)
    today = timezone.localdate()
    quarters = _periods_back(Frequency.QUARTERLY, 8, today)
    common = {"frequency": Frequency.QUARTERLY, "start_date": quarters[0]}
    availability = _measure(
        world,
        q_user,
        collaboration,
        JointMeasure,
        name="Service availability",
        kind=MeasureKind.DELIVERY,
        unit="%",
        direction="higher",
        target=Decimal("99.5"),
        warning=Decimal("99"),
        owner_party=qs,
        data_owner=q_user,
        description="Minutes the ward system was usable in the quarter, out of all minutes (planned maintenance excluded).",
        objectives=_joint_objective(collaboration, "available"),
        **common,
    )
    avail = [Decimal(v) for v in ("98.7", "99.1", "98.9", "99.3", "99.6", "99.4", "99.7", "99.8")]
    _values(world, q_user, availability, quarters, avail)
    tickets = _measure(
        world,
        q_user,
        collaboration,
        JointMeasure,
        name="Support tickets closed within 5 working days",
        kind=MeasureKind.DELIVERY,
        unit="%",
        direction="higher",
        target=Decimal("90"),
        warning=Decimal("80"),
        owner_party=qs,
        data_owner_name="Quillsoft service desk",
        objectives=_joint_objective(collaboration, "tickets"),
        **common,
    )
    _values(world, q_user, tickets, quarters, [Decimal(v) for v in (71, 76, 82, 85, 88, 91, 90, 93)])
    satisfaction = _measure(
        world,
        h_user,
        collaboration,
        JointMeasure,
        name="Ward staff satisfaction",
        kind=MeasureKind.HEALTH,
        unit="score 1-5",
        direction="higher",
        target=Decimal("4"),
        warning=Decimal("3.5"),
        owner_party=hospital,
        data_owner=h_user,
        description="Quarterly pulse survey of ward staff using the system.",
        **common,
    )
    sat = [Decimal(v) if v else None for v in ("3.2", "3.4", "3.6", "3.5", "3.8", "3.9", "4.1", "")]
    _values(world, h_user, satisfaction, quarters, sat)

    # Two joint reviews: the first year (closed, its actions done), and the last half-year
    # (held recently, actions open). A value corrected after the first review shows that the
    # review keeps the figures as they stood.
    first_start, first_end = quarters[0], period_end(quarters[3], Frequency.QUARTERLY)
    with _acting(world, h_user):
        first = services.review_create(
            collaboration=collaboration,
            data={
                "title": f"Annual joint review {first_start:%Y}–{first_end:%Y}",
                "period_start": first_start,
                "period_end": first_end,
                "held_on": next_period(quarters[3], Frequency.QUARTERLY) + datetime.timedelta(days=20),
                "findings": (
                    "Availability missed the 99.5 % target every quarter; two unplanned outages were "
                    "caused by certificate renewals.\nTicket closure improved but stays below target.\n"
                    "Staff satisfaction is rising slowly; training on the new discharge screen helped."
                ),
                "lessons": (
                    "Renewals and other routine changes need a shared calendar both teams can see.\n"
                    "Figures sent late make the review a discussion about data, not improvement: "
                    "agree the data owners and dates up front."
                ),
            },
        )
        for title, owner, due, user in (
            ("Shared change calendar for renewals and releases", qs, 30, q_user),
            ("Name a data owner and due date for every measure", hospital, 20, h_user),
            ("Second round of discharge-screen training", hospital, 60, h_user),
        ):
            action = services.action_create(
                review=first,
                data={
                    "title": title,
                    "owner_party": owner,
                    "owner_user": user,
                    "due_date": first.held_on + datetime.timedelta(days=due),
                },
            )
            services.action_update(
                action=action, data={"status": ImprovementActionStatus.DONE}, expected_version=None
            )
        services.review_close(review=first, expected_version=None)
    # Corrected later (the service desk found duplicates): the review keeps the old figure.
    with _acting(world, q_user):
        services.value_record(
            measure=tickets, period=quarters[2], value=Decimal("80"), note="Duplicates removed"
        )

    second_start, second_end = quarters[6], period_end(quarters[7], Frequency.QUARTERLY)
    with _acting(world, q_user):
        second = services.review_create(
            collaboration=collaboration,
            data={
                "title": f"Half-year joint review to {second_end:%B %Y}",
                "period_start": second_start,
                "period_end": second_end,
                "held_on": min(today, second_end + datetime.timedelta(days=25)),
                "findings": (
                    "Availability above target two quarters running since the change calendar.\n"
                    "Ticket closure met the target.\nThe last staff survey has not been run yet."
                ),
                "lessons": "Small routine agreements (a shared calendar) did more than the big fixes.",
            },
        )
        for title, owner, due, user in (
            ("Run the delayed staff survey", hospital, 21, h_user),
            ("Propose a target for discharge letters drafted automatically", qs, 45, q_user),
        ):
            services.action_create(
                review=second,
                data={
                    "title": title,
                    "owner_party": owner,
                    "owner_user": user,
                    "due_date": second.held_on + datetime.timedelta(days=due),
                },
            )


def run(world: Any) -> None:
    for attribute, scenario in (
        ("northline", _northline),
        ("valley_larder", _valley_larder),
        ("quillsoft_hospital", _quillsoft_hospital),
    ):
        if getattr(world, attribute, None) is not None:
            scenario(world)


# Benchmark data ----------------------------------------------------------------------------------

BENCH_MEASURES = 50
BENCH_MONTHS = 60


def bench(world: Any, months: int = BENCH_MONTHS) -> None:
    """50 joint measures with five years of monthly values each in ``world.bench_collaboration``
    (``months``: fewer, for a small data set to compare query counts with)."""
    collaboration = world.bench_collaboration
    rng = world.rng
    parties = list(Party.unscoped.filter(collaboration=collaboration).order_by("pk"))
    today = timezone.localdate()
    months = _periods_back(Frequency.MONTHLY, months, today)
    JointMeasure.unscoped.bulk_create(
        JointMeasure(
            collaboration=collaboration,
            name=f"Measure {n:02d}: {rng.choice(['on-time delivery', 'defects', 'trust', 'cost', 'response time'])}",
            kind=MeasureKind.HEALTH if n % 5 == 0 else MeasureKind.DELIVERY,
            unit="%",
            direction="lower" if n % 4 == 0 else "higher",
            target=Decimal(50),
            warning=Decimal(40) if n % 4 else Decimal(60),
            frequency=Frequency.MONTHLY,
            start_date=months[0],
            owner_party=parties[n % len(parties)] if parties else None,
            data_owner_name=f"Data owner {n}",
        )
        for n in range(BENCH_MEASURES)
    )
    measures = list(JointMeasure.unscoped.filter(collaboration=collaboration).order_by("pk"))
    JointMeasureValue.unscoped.bulk_create(
        (
            JointMeasureValue(
                collaboration=collaboration,
                measure=measure,
                period=period,
                value=Decimal(str(round(rng.uniform(30, 70), 2))),
            )
            for measure in measures
            for period in months
        ),
        batch_size=2000,
    )
