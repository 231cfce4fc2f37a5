"""The demo step on a small world, the bench step, gate answers, cards and JRMP lines."""

import datetime
import random
from contextlib import nullcontext
from types import SimpleNamespace

from django.utils import timezone

from accord.actions.models import JointAction
from accord.collaborations.models import Collaboration, Party
from accord.measures import demo, plugins, selectors, services
from accord.measures.models import (
    JointMeasure,
    JointMeasureValue,
    JointReview,
    PrivateMeasure,
)
from accord.measures.status import Status
from tests.factories import UserFactory, make_org

D = datetime.date


def _demo_world(world):
    q_owner = UserFactory(email="owner@quillsoft.test")
    h_owner = UserFactory(email="owner@hospital.test")
    quillsoft = make_org("Quillsoft", q_owner)
    hospital = make_org("Hospital group", h_owner)
    qh = Collaboration.objects.create(name="Ward system", created_by=q_owner)
    Party.objects.create(collaboration=qh, organization=quillsoft, ser=q_owner, is_initiator=True)
    Party.objects.create(collaboration=qh, organization=hospital, ser=h_owner)
    return SimpleNamespace(
        rng=random.Random(1),
        acting_as=lambda user: nullcontext(),
        ana=world.ana,
        jo=world.jo,
        brightwave=world.brightwave,
        lumen=world.lumen,
        northline=world.collaboration,
        brightwave_entries={"Lumen Coatings": world.entry},
        quillsoft=quillsoft,
        hospital=hospital,
        quillsoft_hospital=qh,
        quillsoft_people={"owner": q_owner},
        hospital_people={"owner": h_owner},
    )


def test_demo_step_tells_the_story(world):
    ns = _demo_world(world)
    demo.run(ns)
    northline = JointMeasure.objects.in_scope(world.collaboration)
    assert northline.count() == 3 and northline.filter(kind="health").exists()
    assert PrivateMeasure.objects.in_scope(world.brightwave).get().relationship == world.entry
    assert not PrivateMeasure.objects.in_scope(world.lumen).exists()
    qh = ns.quillsoft_hospital
    assert JointMeasure.objects.in_scope(qh).filter(frequency="quarterly").count() == 3
    assert JointMeasureValue.objects.in_scope(qh).count() == 23  # one survey still missing
    first, second = JointReview.objects.in_scope(qh).order_by("period_end")
    assert first.is_closed and not second.is_closed
    reviewed = JointAction.objects.in_scope(qh).filter(source_kind="review")
    assert reviewed.filter(source_id=first.pk, status="done").count() == 3
    assert reviewed.filter(source_id=second.pk, status="open").count() == 2
    # The correction made after the first review is not in its snapshot.
    tickets = next(m for m in first.snapshot["measures"] if m["name"].startswith("Support tickets"))
    assert tickets["values"][2]["value"] == "82"
    assert JointMeasureValue.objects.in_scope(qh).filter(value=80, note="Duplicates removed").exists()
    rows = selectors.measure_rows(list(JointMeasure.objects.in_scope(qh)), today=timezone.localdate())
    assert {r.measure.name: r.status for r in rows}["Ward staff satisfaction"] == Status.MISSING


def test_bench_step(world):
    demo.bench(SimpleNamespace(bench_collaboration=world.collaboration, rng=random.Random(2)), months=4)
    assert JointMeasure.objects.in_scope(world.collaboration).count() == demo.BENCH_MEASURES
    assert JointMeasureValue.objects.in_scope(world.collaboration).count() == demo.BENCH_MEASURES * 4


def test_gate_answers(world, joint_measure, party):
    c = world.collaboration
    keys = {"review_held", "review_actions_closed"}
    assert plugins.gate_answers(c, party, keys) == {"review_held": False, "review_actions_closed": False}
    today = timezone.localdate()
    review = services.review_create(
        collaboration=c,
        data={
            "title": "Last quarter",
            "period_start": today - datetime.timedelta(days=90),
            "period_end": today - datetime.timedelta(days=1),
            "held_on": today,
        },
    )
    action = services.action_create(review=review, data={"title": "Fix it"})
    assert plugins.gate_answers(c, party, keys) == {"review_held": True, "review_actions_closed": False}
    services.action_update(action=action, data={"status": "dropped"}, expected_version=action.version)
    assert plugins.gate_answers(c, party, keys) == {"review_held": True, "review_actions_closed": True}
    old = services.review_create(
        collaboration=c,
        data={
            "title": "Old",
            "period_start": D(2020, 1, 1),
            "period_end": D(2020, 3, 31),
            "held_on": D(2020, 4, 5),
        },
    )
    assert old.pk and plugins.gate_answers(c, party, {"review_held"}) == {"review_held": True}


def test_jrmp_lines_are_plain_joint_text(world, joint_measure, private_measure):
    services.value_record(measure=joint_measure, period=D(2024, 1, 1), value="99.7")
    review = services.review_create(
        collaboration=world.collaboration,
        data={
            "title": "Q1",
            "period_start": D(2024, 1, 1),
            "period_end": D(2024, 3, 31),
            "lessons": "Plan renewals.",
        },
    )
    services.action_create(review=review, data={"title": "Shared calendar", "owner_name": "Ana"})
    measurement, improvement = plugins.SOURCES
    lines = measurement.lines(measurement.load(world.collaboration, None))
    assert len(lines) == 1 and lines[0].startswith("Availability (Delivery KPI, %)")
    assert "target ≥ 99.5" in lines[0] and "Brightwave Engineering" in lines[0]
    text = "\n".join(improvement.lines(improvement.load(world.collaboration, None)))
    assert "Plan renewals." in text and "Open action: Shared calendar — Ana" in text
    assert all(isinstance(line, str) for line in lines)
    assert "margin" not in "\n".join(lines).lower()


def test_cards(rf, world, joint_measure, private_measure):
    from accord.core.scoping import resolve_collaboration, resolve_org

    request = rf.get("/")
    request.user = world.ana
    card = plugins.joint_card(request, resolve_collaboration(world.ana, world.collaboration.pk))
    assert [row.measure.name for row, _url in card["rows"]] == ["Availability"]  # missing values
    own = plugins.private_card(request, resolve_org(world.ana, world.brightwave.slug))
    assert [row.measure.name for row, _url in own["rows"]] == ["Our margin on Lumen"]
