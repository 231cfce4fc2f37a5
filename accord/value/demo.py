"""Value creation's part of the demo world and of the benchmark data (registered in
``ValueConfig.ready``). The demo goes through the services, acting as the people of the world
contract (``accord/demo``), so the history names who did what. Each scenario is skipped when
the world does not hold it."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accord.collaborations.models import Party
from accord.value import services
from accord.value.models import (
    BenefitCategory,
    InitiativeStatus,
    ValueEstimate,
    ValueInitiative,
    ValueKind,
    ValueRealisation,
)

S = InitiativeStatus
PATH = [S.IDEA, S.ASSESSED, S.APPROVED, S.IN_PROGRESS, S.REALISED]


@contextmanager
def _acting(world: Any, user: Any) -> Iterator[None]:
    acting = getattr(world, "acting_as", None)
    context = acting(user) if acting is not None else nullcontext()
    with context if hasattr(context, "__enter__") else nullcontext():
        yield


def _party(world: Any, collaboration: Any, organization: Any) -> Party:
    party = (getattr(world, "parties", {}) or {}).get(collaboration.pk, {}).get(organization.pk)
    return party or Party.objects.in_scope(collaboration).get(organization=organization)


def _ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _define(
    world: Any, user: Any, collaboration: Any, party: Party, statement: str, indicators: str = ""
) -> None:
    with _acting(world, user):
        services.definition_create(
            collaboration=collaboration, party=party, data={"statement": statement, "indicators": indicators}
        )


def _initiative(
    world: Any, user: Any, collaboration: Any, proposer: Party, status: str, **data: Any
) -> ValueInitiative:
    """Propose an initiative, then move it step by step to ``status`` (as the history would
    show it); a dropped one is dropped after assessment."""
    with _acting(world, user):
        item = services.initiative_create(collaboration=collaboration, proposer=proposer, data=data)
        steps = PATH[1 : PATH.index(status) + 1] if status in PATH else [S.ASSESSED, S.DROPPED]
        for step in steps:
            item = services.initiative_set_status(item=item, status=step, expected_version=None)
    return item


def _expect(world: Any, user: Any, item: ValueInitiative, party: Party, **data: Any) -> None:
    with _acting(world, user):
        services.estimate_set(initiative=item, party=party, data=data)


def _realise(
    world: Any,
    user: Any,
    item: ValueInitiative,
    party: Party,
    amount: Any,
    evidence: str,
    on: datetime.date,
    **data: Any,
) -> None:
    with _acting(world, user):
        services.realisation_add(
            initiative=item,
            party=party,
            data={"amount": Decimal(str(amount)), "evidence": evidence, "realised_on": on, **data},
        )


def money(amount: Any, currency: str) -> dict[str, Any]:
    return {"kind": ValueKind.MONEY, "amount": Decimal(str(amount)), "currency": currency}


def hours(amount: Any, unit: str = "hours saved") -> dict[str, Any]:
    return {"kind": ValueKind.QUANTITY, "amount": Decimal(str(amount)), "unit": unit}


# Scenario 2: Valley Larder -------------------------------------------------------------------

PRODUCER_VALUE = [
    ("Cheaper, cold deliveries to the city shops without running our own van.", "Delivery cost per crate"),
    ("Reach hotel and restaurant buyers we are too small to serve alone.", "New trade customers per year"),
    ("Less time on the road, more time making cheese.", "Hours a week spent delivering"),
    (
        "A steady outlet for our seasonal fruit, and shared know-how on food safety.",
        "Fruit sold instead of wasted",
    ),
    ("Lower packaging and transport costs, and a stronger local brand.", "Cost per jar delivered"),
]


def _valley_larder(world: Any) -> None:
    collaboration = world.valley_larder
    producers = list(world.valley_producers)
    coordinator = world.valley_coordinator
    people = world.valley_people
    owner = {org.pk: people.get(org.slug) for org in [*producers, coordinator]}
    parties = {org.pk: _party(world, collaboration, org) for org in [*producers, coordinator]}
    coord_party, coord_user = parties[coordinator.pk], owner[coordinator.pk]

    for org, (statement, indicator) in zip(producers, PRODUCER_VALUE, strict=False):
        _define(world, owner[org.pk], collaboration, parties[org.pk], statement, indicator)
    _define(
        world,
        coord_user,
        collaboration,
        coord_party,
        "A network that pays for itself: the members' savings and sales cover the coordination fee.",
        "Members' total realised savings against the yearly fee",
    )

    # The shared cold-chain van: each producer expects its own saving; realised savings are
    # recorded month by month over the past year.
    van = _initiative(
        world,
        coord_user,
        collaboration,
        coord_party,
        S.IN_PROGRESS,
        title="Shared cold-chain van",
        description=(
            "One refrigerated van, leased jointly, runs a fixed round twice a week and replaces "
            "five separate delivery trips to the city shops."
        ),
        category=BenefitCategory.COST,
        owner_party=coord_party,
        owner_name=coord_user.display_name if coord_user else "",
        gain_sharing=(
            "Lease and running costs are split by pallet-kilometres each month; each producer "
            "keeps its own savings. The coordinator keeps the booking calendar."
        ),
        proposed_on=_ago(400),
        target_on=_ago(-60),
    )
    expected = [3600, 2400, 3000, 1800, 2700]
    monthly = [260, 150, 230, 120, 210]
    for i, org in enumerate(producers):
        party, user = parties[org.pk], owner[org.pk]
        _expect(world, user, van, party, **money(expected[i % 5], "EUR"))
        for month in range(12, 0, -1):
            saving = monthly[i % 5] + world.rng.randint(-40, 40)
            _realise(
                world,
                user,
                van,
                party,
                saving,
                "Fuel and courier invoices against last year's same month.",
                _ago(month * 30 - 10),
                currency="EUR",
            )
    _expect(world, coord_user, van, coord_party, **hours(240))
    for month in (9, 6, 3):
        _realise(
            world,
            coord_user,
            van,
            coord_party,
            50 + month,
            "Timesheets of the booking desk: calls and re-routing no longer needed.",
            _ago(month * 30),
            unit="hours saved",
        )

    stand = _initiative(
        world,
        owner[producers[1].pk],
        collaboration,
        parties[producers[1].pk],
        S.APPROVED,
        title="Joint stand at the regional food fair",
        description="One shared stand with a tasting table instead of five small ones.",
        category=BenefitCategory.MARKET,
        owner_name=owner[producers[1].pk].display_name if owner[producers[1].pk] else "",
        owner_party=parties[producers[1].pk],
        gain_sharing="Stand costs split equally; orders go straight to each producer.",
        proposed_on=_ago(120),
        target_on=_ago(-90),
    )
    for org in producers[:3]:
        _expect(world, owner[org.pk], stand, parties[org.pk], **money(1500, "EUR"))
    training = _initiative(
        world,
        coord_user,
        collaboration,
        coord_party,
        S.REALISED,
        title="Shared food-safety training",
        category=BenefitCategory.CAPABILITY,
        owner_name=coord_user.display_name if coord_user else "",
        owner_party=coord_party,
        gain_sharing="Trainer's fee split equally between the producers.",
        proposed_on=_ago(300),
    )
    for org in producers:
        _expect(
            world,
            owner[org.pk],
            training,
            parties[org.pk],
            kind=ValueKind.QUALITATIVE,
            description="Staff trained to the same standard; audits pass first time.",
        )
        _realise(
            world,
            owner[org.pk],
            training,
            parties[org.pk],
            400,
            "Invoice of the trainer we no longer pay alone.",
            _ago(200),
            currency="EUR",
        )
    _initiative(
        world,
        owner[producers[4].pk],
        collaboration,
        parties[producers[4].pk],
        S.ASSESSED,
        title="Bulk purchase of glass jars and labels",
        category=BenefitCategory.COST,
        gain_sharing="Volume discount passed on in proportion to each order.",
        proposed_on=_ago(45),
    )
    _initiative(
        world,
        owner[producers[0].pk],
        collaboration,
        parties[producers[0].pk],
        S.DROPPED,
        title="Shared online shop",
        description="Dropped: the marketplace fees ate the margin for small orders.",
        category=BenefitCategory.MARKET,
        proposed_on=_ago(250),
    )
    _initiative(
        world,
        owner[producers[2].pk],
        collaboration,
        parties[producers[2].pk],
        S.IDEA,
        title="One label for hotel buyers",
        category=BenefitCategory.REPUTATION,
        proposed_on=_ago(10),
    )


# Scenario 1: Northline Rail joint bid ----------------------------------------------------------


def _northline(world: Any) -> None:
    collaboration = world.northline
    bw = _party(world, collaboration, world.brightwave)
    lumen = _party(world, collaboration, world.lumen)
    _define(
        world,
        world.ana,
        collaboration,
        bw,
        "Win rail work we cannot bid for alone, at a margin of at least 12 %.",
        "Rail turnover and margin",
    )
    _define(
        world,
        world.jo,
        collaboration,
        lumen,
        "A reference customer in rail for our new coating, and shared test costs.",
        "Qualified rail parts",
    )
    coating = _initiative(
        world,
        world.jo,
        collaboration,
        lumen,
        S.APPROVED,
        title="Coated bogie parts offered as one package",
        description="Brightwave machines, Lumen coats; one price and one warranty for Northline.",
        category=BenefitCategory.MARKET,
        owner_party=lumen,
        owner_name=world.jo.display_name,
        gain_sharing="Margin on the package split 60/40 (machining/coating), reviewed after the first order.",
        proposed_on=_ago(60),
        target_on=_ago(-180),
    )
    _expect(world, world.ana, coating, bw, **money(85000, "GBP"))
    _expect(world, world.jo, coating, lumen, **money(40000, "GBP"))
    rig = _initiative(
        world,
        world.ana,
        collaboration,
        bw,
        S.IN_PROGRESS,
        title="Shared salt-spray test rig",
        category=BenefitCategory.COST,
        owner_party=bw,
        owner_name=world.ana.display_name,
        gain_sharing="Booking by the week; each party pays its own test consumables.",
        proposed_on=_ago(90),
    )
    _expect(world, world.ana, rig, bw, **money(6000, "GBP"))
    _expect(world, world.jo, rig, lumen, **hours(200))
    _realise(
        world, world.ana, rig, bw, 1500, "Test house quote avoided (order 4711).", _ago(40), currency="GBP"
    )
    _realise(
        world,
        world.jo,
        rig,
        lumen,
        45,
        "Lab log: no more trips to the test house.",
        _ago(20),
        unit="hours saved",
    )


# Scenario 3: Quillsoft and the hospital group -------------------------------------------------


def _quillsoft_hospital(world: Any) -> None:
    collaboration = world.quillsoft_hospital
    qs = _party(world, collaboration, world.quillsoft)
    hospital = _party(world, collaboration, world.hospital)
    q_user = world.quillsoft_people.get("owner")
    h_user = world.hospital_people.get("owner") or world.hospital_people.get("ser")
    _define(
        world,
        q_user,
        collaboration,
        qs,
        "A long-term customer whose feedback shapes our product, and a reference site.",
        "Renewal and referrals",
    )
    _define(
        world,
        h_user,
        collaboration,
        hospital,
        "Less paperwork for clinical staff and fewer delayed discharges.",
        "Hours saved; discharge delays",
    )
    letters = _initiative(
        world,
        h_user,
        collaboration,
        hospital,
        S.IN_PROGRESS,
        title="Discharge letters drafted automatically",
        category=BenefitCategory.DELIVERY_QUALITY,
        owner_party=qs,
        owner_name=q_user.display_name if q_user else "",
        gain_sharing="Quillsoft develops at cost; the hospital group agrees to be a reference site.",
        proposed_on=_ago(200),
    )
    _expect(world, h_user, letters, hospital, **hours(1400))
    _expect(world, q_user, letters, qs, **money(30000, "GBP"))
    for quarter in (3, 2, 1):
        _realise(
            world,
            h_user,
            letters,
            hospital,
            90 * (4 - quarter),
            "Ward time study, quarterly sample.",
            _ago(quarter * 90),
            unit="hours saved",
        )
    _initiative(
        world,
        q_user,
        collaboration,
        qs,
        S.IDEA,
        title="Joint case study for the health-tech fair",
        category=BenefitCategory.REPUTATION,
        proposed_on=_ago(15),
    )
    sso = _initiative(
        world,
        h_user,
        collaboration,
        hospital,
        S.APPROVED,
        title="Single sign-on with the hospital's directory",
        category=BenefitCategory.RISK,
        proposed_on=_ago(50),
    )
    _expect(
        world,
        h_user,
        sso,
        hospital,
        kind=ValueKind.QUALITATIVE,
        description="No shared passwords on the wards.",
    )


def demo_step(world: Any) -> None:
    for attribute, scenario in (
        ("northline", _northline),
        ("valley_larder", _valley_larder),
        ("quillsoft_hospital", _quillsoft_hospital),
    ):
        if getattr(world, attribute, None) is not None:
            scenario(world)


# Benchmark data --------------------------------------------------------------------------------

BENCH_INITIATIVES = 500


def bench_step(world: Any) -> None:
    """500 initiatives with expected and realised values (about three parties each, four
    realised entries per party over two years) in ``world.bench_collaboration``."""
    collaboration = world.bench_collaboration
    rng = world.rng
    parties = list(Party.unscoped.filter(collaboration=collaboration).order_by("pk"))
    statuses = list(InitiativeStatus.values)
    categories = list(BenefitCategory.values)
    today = timezone.localdate()
    ValueInitiative.unscoped.bulk_create(
        ValueInitiative(
            collaboration=collaboration,
            title=f"Initiative {n:03d}: shared {rng.choice(['van', 'warehouse', 'training', 'purchase', 'stand'])}",
            description="Benchmark initiative.",
            proposer=parties[n % len(parties)],
            owner_party=parties[(n + 1) % len(parties)],
            owner_name=f"Owner {n}",
            category=categories[n % len(categories)],
            status=statuses[n % len(statuses)],
            gain_sharing="Split by volume.",
            proposed_on=today - datetime.timedelta(days=rng.randint(30, 900)),
        )
        for n in range(BENCH_INITIATIVES)
    )
    items = list(ValueInitiative.unscoped.filter(collaboration=collaboration).order_by("pk"))
    estimates, realisations = [], []
    for n, item in enumerate(items):
        for party in rng.sample(parties, min(3, len(parties))):
            currency = "GBP" if n % 10 == 0 else "EUR"
            if n % 7 == 0:
                expected, measure = Decimal(rng.randint(20, 400)), {"unit": "hours saved"}
                kind = ValueKind.QUANTITY
            else:
                expected, measure = Decimal(rng.randint(500, 50000)), {"currency": currency}
                kind = ValueKind.MONEY
            estimates.append(
                ValueEstimate(
                    collaboration=collaboration,
                    initiative=item,
                    party=party,
                    kind=kind,
                    amount=expected,
                    **measure,
                )
            )
            for _ in range(4):
                realisations.append(
                    ValueRealisation(
                        collaboration=collaboration,
                        initiative=item,
                        party=party,
                        amount=(expected * Decimal(rng.randint(5, 35)) / 100).quantize(Decimal("0.01")),
                        evidence="Invoice",
                        realised_on=today - datetime.timedelta(days=rng.randint(0, 730)),
                        **measure,
                    )
                )
    ValueEstimate.unscoped.bulk_create(estimates, batch_size=1000)
    ValueRealisation.unscoped.bulk_create(realisations, batch_size=1000)
