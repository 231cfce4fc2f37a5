"""The demo and bench steps of meetings and actions, on a small world."""

import datetime
import random
from contextlib import nullcontext
from types import SimpleNamespace

from django.utils import timezone

from accord.actions import demo as actions_demo
from accord.actions.models import JointAction, OwnAction
from accord.collaborations.models import Collaboration, Party
from accord.meetings import demo
from accord.meetings.models import Attendee, Decision, Meeting
from tests.factories import UserFactory, add_member, make_org


def _demo_world(world):
    people = {}
    orgs = {}
    for key, name in (("quillsoft", "Quillsoft"), ("hospital", "Hospital group")):
        owner = UserFactory(email=f"owner@{key}.test")
        org = make_org(name, owner)
        people[key] = {
            "owner": owner,
            "ser": add_member(org, "ser", f"ser@{key}.test"),
            "manager": add_member(org, "manager", f"manager@{key}.test"),
        }
        orgs[key] = org
    qh = Collaboration.objects.create(name="Ward system", created_by=people["quillsoft"]["owner"])
    parties = {world.collaboration.pk: {}, qh.pk: {}}
    for i, org in enumerate(orgs.values()):
        parties[qh.pk][org.pk] = Party.objects.create(collaboration=qh, organization=org, is_initiator=i == 0)
    for party in Party.objects.in_scope(world.collaboration):
        parties[world.collaboration.pk][party.organization_id] = party
    return SimpleNamespace(
        rng=random.Random(1),
        acting_as=lambda user: nullcontext(),
        ana=world.ana,
        jo=world.jo,
        brightwave=world.brightwave,
        lumen=world.lumen,
        northline=world.collaboration,
        quillsoft=orgs["quillsoft"],
        hospital=orgs["hospital"],
        quillsoft_hospital=qh,
        quillsoft_people=people["quillsoft"],
        hospital_people=people["hospital"],
        parties=parties,
    )


def test_demo_quarterly_review_meeting(world):
    ns = _demo_world(world)
    demo.run(ns)
    actions_demo.run(ns)
    qh = ns.quillsoft_hospital
    meeting = ns.quarterly_review_meeting
    assert Meeting.objects.in_scope(qh).count() == 2  # held, and the next one scheduled
    assert Decision.objects.in_scope(qh).filter(meeting=meeting).count() == 2
    attendees = Attendee.objects.in_scope(qh).filter(meeting=meeting)
    assert {a.party.organization for a in attendees} == {ns.quillsoft, ns.hospital}
    assert attendees.filter(attendance="absent").count() == 1
    actions = JointAction.objects.in_scope(qh).filter(source_kind="meeting", source_id=meeting.pk)
    assert actions.count() == 3 and all(a.owner_user and a.due_date for a in actions)
    assert sum(a.is_overdue() for a in actions) == 1
    northline = Meeting.objects.in_scope(world.collaboration)
    assert northline.count() == 2 and northline.filter(title="Monthly joint bid meeting").count() == 2
    assert JointAction.objects.in_scope(world.collaboration).get().owner_user == world.jo
    assert OwnAction.objects.in_scope(world.brightwave).filter(owner_user=world.ana).count() == 2


def test_bench_steps(world):
    ns = SimpleNamespace(
        bench_collaboration=world.collaboration,
        heavy=world.brightwave,
        heavy_owner=world.ana,
        rng=random.Random(2),
    )
    demo.bench(ns)
    actions_demo.bench(ns)
    assert Meeting.objects.in_scope(world.collaboration).count() == demo.BENCH_MEETINGS
    assert Meeting.objects.in_scope(world.collaboration).filter(starts_at__gt=timezone.now()).exists()
    assert (
        JointAction.objects.in_scope(world.collaboration).filter(owner_user=world.ana).count()
        == actions_demo.BENCH_JOINT
    )
    assert OwnAction.objects.in_scope(world.brightwave).count() == actions_demo.BENCH_OWN
    assert (
        JointAction.objects.in_scope(world.collaboration)
        .filter(due_date__lt=timezone.localdate() - datetime.timedelta(days=1), status="open")
        .exists()
    )
