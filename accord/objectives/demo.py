"""Objectives' part of the demo world and of the benchmark data (registered in
``ObjectivesConfig.ready``). The demo goes through the services, acting as the people of the
world contract (``accord/demo``), so the history names who did what."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from django.utils import timezone

from accord.collaborations.models import Party, PartyStatus
from accord.objectives import services
from accord.objectives.models import (
    JointObjective,
    JointObjectiveAgreement,
    JointStatus,
    Objective,
    ObjectiveAlignment,
    ObjectiveStatus,
    Priority,
    Relation,
    SharedObjective,
)


@contextmanager
def _acting(world: Any, user: Any) -> Iterator[None]:
    acting = getattr(world, "acting_as", None)
    context = acting(user) if acting is not None else nullcontext()
    with context if hasattr(context, "__enter__") else nullcontext():
        yield


def _party(world: Any, collaboration: Any, organization: Any) -> Party:
    parties = getattr(world, "parties", {}) or {}
    party = parties.get(collaboration.pk, {}).get(organization.pk)
    if party is None:
        party = Party.objects.in_scope(collaboration).get(organization=organization)
    return party


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _own(world: Any, user: Any, organization: Any, title: str, **data: Any) -> Objective:
    with _acting(world, user):
        return services.objective_create(
            organization=organization, data={"title": title, "owner": user, **data}
        )


def _share(
    world: Any, user: Any, objective: Objective, collaboration: Any, rationale: str
) -> SharedObjective:
    with _acting(world, user):
        return services.objective_share(
            organization=objective.organization,
            objective=objective,
            collaboration=collaboration,
            title=objective.title,
            rationale=rationale,
            user=user,
        )


def _joint(
    world: Any, user: Any, collaboration: Any, party: Party, title: str, **data: Any
) -> JointObjective:
    with _acting(world, user):
        return services.joint_objective_create(
            collaboration=collaboration, party=party, data={"title": title, **data}
        )


def _agree(world: Any, joint: JointObjective, signers: list[tuple[Party, Any]]) -> JointObjective:
    for party, user in signers:
        with _acting(world, user):
            joint = services.joint_objective_agree(joint=joint, party=party, user=user)
    return joint


def _mark(
    world: Any,
    user: Any,
    party: Party,
    shared: SharedObjective,
    joint: JointObjective,
    relation: str,
    note: str = "",
) -> None:
    with _acting(world, user):
        services.alignment_set(
            collaboration=shared.collaboration,
            party=party,
            shared=shared,
            joint=joint,
            relation=relation,
            note=note,
            user=user,
        )


def demo(world: Any) -> None:
    _scenario_1(world)
    if getattr(world, "valley_larder", None) is not None:
        _scenario_2(world)
    if getattr(world, "quillsoft_hospital", None) is not None:
        _scenario_3(world)


def _scenario_1(world: Any) -> None:
    """Brightwave and Lumen in the Northline bid: the know-how conflict shows."""
    ana, jo = world.ana, world.jo
    bw, lu = world.brightwave, world.lumen
    entries = getattr(world, "brightwave_entries", {}) or {}
    lumen_entry = entries.get("Lumen Coatings")
    know_how = _own(
        world,
        ana,
        bw,
        "Keep the coating know-how in-house",
        rationale="Our surface-finish recipes are what customers pay a premium for; "
        "losing control of them would turn us into a price-taker.",
        desired_outcome="Recipes and process settings stay Brightwave's; partners get finished parts.",
        priority=Priority.HIGH,
        benefits="Margin protection on precision work.",
        risks="A partner learns the process and competes with us.",
        status=ObjectiveStatus.ACTIVE,
        relationship=lumen_entry,
        due_date=_in(365),
    )
    rail = _own(
        world,
        ana,
        bw,
        "Grow rail work to a third of turnover",
        rationale="Rail contracts are long and steady; automotive orders swing every quarter.",
        desired_outcome="Rail above 33% of turnover within two years.",
        priority=Priority.HIGH,
        benefits="Steadier workload, fewer layoffs in slow quarters.",
        risks="Rail tenders need references we do not have alone.",
        status=ObjectiveStatus.ACTIVE,
        due_date=_in(540),
    )
    _own(
        world,
        ana,
        bw,
        "Cut scrap on coated parts below 2%",
        rationale="Scrap on coated parts costs us about 40,000 a year.",
        desired_outcome="Scrap below 2% for three months in a row.",
        priority=Priority.MEDIUM,
        status=ObjectiveStatus.ACTIVE,
        relationship=lumen_entry,
        due_date=_in(20),
    )
    _own(
        world,
        ana,
        bw,
        "Train two more machinists on five-axis work",
        priority=Priority.LOW,
        status=ObjectiveStatus.PROPOSED,
        due_date=_in(-10),
    )
    _own(
        world,
        ana,
        bw,
        "Sell the old lathe",
        priority=Priority.LOW,
        status=ObjectiveStatus.DROPPED,
        rationale="Private: we may need it for the rail prototypes after all.",
    )

    ip = _own(
        world,
        jo,
        lu,
        "Co-own the new process IP",
        rationale="We put two years of chemistry into the new coating; we want a share of what it earns.",
        desired_outcome="Joint ownership of the process patent filed for the bid.",
        priority=Priority.HIGH,
        status=ObjectiveStatus.ACTIVE,
        due_date=_in(300),
    )
    lumen_rail = _own(
        world,
        jo,
        lu,
        "Enter the rail market",
        rationale="Rail is the one market where our coatings have no local competitor.",
        desired_outcome="A first rail contract within eighteen months.",
        priority=Priority.MEDIUM,
        status=ObjectiveStatus.ACTIVE,
        due_date=_in(540),
    )

    northline = world.northline
    p_bw, p_lu = _party(world, northline, bw), _party(world, northline, lu)
    s_know_how = _share(
        world,
        ana,
        know_how,
        northline,
        "Coating know-how is our core skill: we will share finished parts and results, not recipes.",
    )
    s_rail = _share(world, ana, rail, northline, "Rail gives us steady, long contracts.")
    s_ip = _share(
        world, jo, ip, northline, "Lumen invests its chemistry in the new process and wants a fair share."
    )
    s_lumen_rail = _share(world, jo, lumen_rail, northline, "Rail is a new market for our coatings.")

    tender = _joint(
        world,
        ana,
        northline,
        p_bw,
        "Win the Northline Rail tender",
        description="A joint bid for the bogie component package.",
        desired_outcome="Contract awarded to the Brightwave–Lumen consortium.",
        measure_of_success="Award letter received.",
        due_date=_in(120),
    )
    first_articles = _joint(
        world,
        jo,
        northline,
        p_lu,
        "Deliver first articles on time",
        desired_outcome="First-article inspection passed at the first attempt.",
        measure_of_success="FAI report signed by Northline; delivery on the agreed date.",
        due_date=_in(240),
    )
    process_ip = _joint(
        world,
        jo,
        northline,
        p_lu,
        "Develop and protect the new coating process together",
        description="Develop the low-temperature coating process for the bid and file a patent.",
        desired_outcome="A process both parties can use for rail work.",
        measure_of_success="Patent application filed.",
        due_date=_in(300),
    )
    tender = _agree(world, tender, [(p_bw, ana), (p_lu, jo)])
    first_articles = _agree(world, first_articles, [(p_lu, jo), (p_bw, ana)])
    _agree(world, process_ip, [(p_lu, jo)])

    _mark(world, ana, p_bw, s_rail, tender, Relation.DEPENDENT, "Rail growth depends on winning this tender.")
    _mark(world, ana, p_bw, s_rail, first_articles, Relation.COMPATIBLE)
    _mark(
        world,
        ana,
        p_bw,
        s_know_how,
        process_ip,
        Relation.CONFLICTING,
        "A joint patent would put our coating recipes in the open.",
    )
    _mark(world, jo, p_lu, s_ip, process_ip, Relation.COMPATIBLE, "This is exactly what we want.")
    _mark(world, jo, p_lu, s_lumen_rail, tender, Relation.DEPENDENT)
    world.objectives_northline = {
        "conflict": (s_know_how, process_ip),
        "agreed": [tender, first_articles],
    }


def _scenario_2(world: Any) -> None:
    """Valley Larder: the producers share their objectives around the shared van."""
    valley = world.valley_larder
    producers = list(world.valley_producers)
    people = world.valley_people
    coordinator_org = world.valley_coordinator
    coordinator = people.get(coordinator_org.slug) or next(iter(people.values()))
    p_coordinator = _party(world, valley, coordinator_org)
    van = _joint(
        world,
        coordinator,
        valley,
        p_coordinator,
        "Fill the shared cold-chain van on every run",
        desired_outcome="The van leaves at least 80% full on every delivery run.",
        measure_of_success="Average load factor per month from the van log.",
        due_date=_in(180),
    )
    shops = _joint(
        world,
        coordinator,
        valley,
        p_coordinator,
        "Open three new farm-shop outlets together",
        desired_outcome="Three shops stock the Valley Larder range.",
        measure_of_success="Signed supply agreements.",
        due_date=_in(365),
    )
    signers = []
    for index, org in enumerate(producers):
        owner = people[org.slug]
        party = _party(world, valley, org)
        signers.append((party, owner))
        own = _own(
            world,
            owner,
            org,
            "Halve our delivery costs" if index % 2 == 0 else "Reach shops beyond the valley",
            rationale="Delivery eats most of our margin on small orders."
            if index % 2 == 0
            else "Our local market is saturated.",
            priority=Priority.HIGH,
            status=ObjectiveStatus.ACTIVE,
            due_date=_in(200 + 30 * index),
        )
        shared = _share(world, owner, own, valley, own.rationale)
        _mark(world, owner, party, shared, van if index % 2 == 0 else shops, Relation.DEPENDENT)
        _own(
            world,
            owner,
            org,
            "Launch a winter product line",
            priority=Priority.MEDIUM,
            status=ObjectiveStatus.PROPOSED,
            due_date=_in(90),
        )
    signers.append((p_coordinator, coordinator))
    _agree(world, van, signers)


def _scenario_3(world: Any) -> None:
    """Quillsoft and the hospital group: availability and ticket turnaround."""
    collaboration = world.quillsoft_hospital
    quill_people, hospital_people = world.quillsoft_people, world.hospital_people
    q_user = quill_people.get("owner") or next(iter(quill_people.values()))
    h_user = (
        hospital_people.get("ser")
        or hospital_people.get("manager")
        or hospital_people.get("owner")
        or next(iter(hospital_people.values()))
    )
    p_q, p_h = _party(world, collaboration, world.quillsoft), _party(world, collaboration, world.hospital)
    availability = _joint(
        world,
        h_user,
        collaboration,
        p_h,
        "Scheduling system available 99.8% of clinic hours",
        desired_outcome="Clinics never wait on the scheduling system.",
        measure_of_success="Monthly availability in clinic hours, from the monitoring report.",
        due_date=_in(365),
    )
    tickets = _joint(
        world,
        q_user,
        collaboration,
        p_q,
        "Close priority tickets within one working day",
        desired_outcome="Ward staff get fixes the next day at the latest.",
        measure_of_success="Share of priority tickets closed within 8 working hours.",
        due_date=_in(180),
    )
    _agree(world, availability, [(p_h, h_user), (p_q, q_user)])
    _agree(world, tickets, [(p_q, q_user), (p_h, h_user)])
    q_own = _own(
        world,
        q_user,
        world.quillsoft,
        "Make the hospital group a reference customer",
        rationale="A public reference opens the other regional health boards.",
        priority=Priority.HIGH,
        status=ObjectiveStatus.ACTIVE,
        due_date=_in(400),
    )
    h_own = _own(
        world,
        h_user,
        world.hospital,
        "Cut missed outpatient appointments by 15%",
        rationale="Missed appointments cost the group a clinic day a week.",
        priority=Priority.HIGH,
        status=ObjectiveStatus.ACTIVE,
        due_date=_in(365),
    )
    _own(
        world,
        h_user,
        world.hospital,
        "Consolidate scheduling suppliers",
        rationale="Private: procurement review of all scheduling contracts next year.",
        priority=Priority.MEDIUM,
        status=ObjectiveStatus.PROPOSED,
    )
    s_q = _share(world, q_user, q_own, collaboration, "A public reference helps us grow in the region.")
    s_h = _share(world, h_user, h_own, collaboration, "Missed appointments are our biggest avoidable cost.")
    _mark(world, q_user, p_q, s_q, availability, Relation.DEPENDENT)
    _mark(world, h_user, p_h, s_h, availability, Relation.DEPENDENT)


def bench(world: Any) -> None:
    """200 own objectives for Heavy Industries; 50 joint objectives with shared objectives,
    agreements and marks in the benchmark collaboration (bulk inserts, no history)."""
    heavy = world.heavy
    rng = world.rng
    users = list(getattr(world, "heavy_users", {}).values())
    priorities, statuses = list(Priority.values), list(ObjectiveStatus.values)
    today = timezone.localdate()
    Objective.unscoped.bulk_create(
        [
            Objective(
                organization=heavy,
                title=f"Objective {i:03d}: improve line {i % 17}",
                rationale="Generated for the benchmark.",
                desired_outcome=f"Outcome {i}",
                priority=rng.choice(priorities),
                status=rng.choice(statuses),
                owner=rng.choice(users) if users else None,
                due_date=today + datetime.timedelta(days=rng.randint(-60, 400)),
            )
            for i in range(200)
        ],
        batch_size=500,
    )
    collaboration = world.bench_collaboration
    parties = list(
        Party.unscoped.filter(collaboration=collaboration, status=PartyStatus.ACTIVE).order_by("id")
    )
    joint = JointObjective.unscoped.bulk_create(
        [
            JointObjective(
                collaboration=collaboration,
                title=f"Joint objective {i:02d}",
                desired_outcome=f"Joint outcome {i}",
                measure_of_success="Measured monthly.",
                due_date=today + datetime.timedelta(days=30 + 7 * i),
                status=JointStatus.AGREED if i % 2 == 0 else JointStatus.DRAFT,
                proposed_by=parties[i % len(parties)] if parties else None,
            )
            for i in range(50)
        ],
        batch_size=500,
    )
    shared = SharedObjective.unscoped.bulk_create(
        [
            SharedObjective(
                collaboration=collaboration,
                party=party,
                title=f"{party.pk}-{i:02d} shared objective",
                rationale="Generated for the benchmark.",
            )
            for party in parties
            for i in range(10)
        ],
        batch_size=500,
    )
    JointObjectiveAgreement.unscoped.bulk_create(
        [
            JointObjectiveAgreement(collaboration=collaboration, joint_objective=j, party=party)
            for index, j in enumerate(joint)
            if index % 2 == 0
            for party in parties
        ],
        batch_size=500,
    )
    relations = list(Relation.values)
    ObjectiveAlignment.unscoped.bulk_create(
        [
            ObjectiveAlignment(
                collaboration=collaboration,
                shared_objective=s,
                joint_objective=j,
                party_id=s.party_id,
                relation=rng.choice(relations),
            )
            for s in shared
            for j in rng.sample(joint, 3)
        ],
        batch_size=500,
    )
