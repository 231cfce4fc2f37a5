"""The value part of the demo world runs against a small world holding the three scenarios."""

import random
from types import SimpleNamespace

from accord.collaborations.models import Collaboration, Party
from accord.value import selectors
from accord.value.demo import demo_step
from accord.value.models import ValueInitiative
from tests.factories import UserFactory, make_org


def test_demo_step_tells_the_three_scenarios(world):
    owners = [UserFactory(email=f"p{i}@valley.test") for i in range(6)]
    producers = [make_org(f"Producer {i}", owners[i]) for i in range(5)]
    coordinator = make_org("Valley coordinator", owners[5])
    larder = Collaboration.objects.create(name="Valley Larder", working_model="network")
    for org in [*producers, coordinator]:
        Party.objects.create(collaboration=larder, organization=org)
    q_owner, h_owner = UserFactory(email="q@quill.test"), UserFactory(email="h@hosp.test")
    quillsoft, hospital = make_org("Quillsoft", q_owner), make_org("Hospital group", h_owner)
    qh = Collaboration.objects.create(name="Quillsoft and hospital")
    for org in (quillsoft, hospital):
        Party.objects.create(collaboration=qh, organization=org)
    authors = []
    demo = SimpleNamespace(
        rng=random.Random(7),
        acting_as=authors.append,
        ana=world.ana,
        jo=world.jo,
        brightwave=world.brightwave,
        lumen=world.lumen,
        northline=world.collaboration,
        valley_larder=larder,
        valley_producers=producers,
        valley_coordinator=coordinator,
        valley_people={org.slug: owners[i] for i, org in enumerate([*producers, coordinator])},
        quillsoft=quillsoft,
        hospital=hospital,
        quillsoft_hospital=qh,
        quillsoft_people={"owner": q_owner},
        hospital_people={"owner": h_owner},
    )
    demo_step(demo)
    assert ValueInitiative.objects.in_scope(world.collaboration).count() == 2
    van = ValueInitiative.objects.in_scope(larder).get(title="Shared cold-chain van")
    assert van.status == "in_progress" and van.realisations.count() == 5 * 12 + 3
    assert ValueInitiative.objects.in_scope(larder).count() == 6
    assert ValueInitiative.objects.in_scope(qh).count() == 3
    keys = {"value_defined", "idea_register_in_use", "benefits_tracked"}
    assert all(selectors.gate_answers(larder, keys).values())
    (eur, hours) = selectors.value_totals(larder)
    assert eur.measure == "EUR" and len(eur.by_party) == 5 and eur.total.realised > 0
    (over_time, _) = selectors.realised_over_time(larder)
    assert len(over_time.quarters) >= 4
    assert world.jo in authors and owners[5] in authors
