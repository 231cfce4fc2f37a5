"""E-mail reminders of actions due soon and overdue: to the owner only, once each, never to
an owner whose party has left."""

import datetime

from django.core import mail

from accord.actions.services import action_create
from accord.collaborations import services as collaborations
from accord.collaborations.models import Party
from accord.reminders import services

TODAY = datetime.date(2026, 12, 1)


def _party(world, org):
    return Party.objects.in_scope(world.collaboration).get(organization=org)


def test_owners_are_reminded_once_before_and_once_after_the_due_date(world):
    action_create(
        owner=world.collaboration,
        title="Send the coating specification",
        source_kind="other",
        owner_user=world.jo,
        owner_party=_party(world, world.lumen),
        due_date=TODAY + datetime.timedelta(days=2),
        created_by=world.ana,
    )
    action_create(
        owner=world.brightwave,
        title="Later",
        source_kind="other",
        owner_user=world.ana,
        due_date=TODAY + datetime.timedelta(days=30),
        created_by=world.ana,
    )
    services.reminder_pass(today=TODAY)
    services.reminder_pass(today=TODAY)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([world.jo.email], "Due soon: Send the coating specification")
    ]
    mail.outbox.clear()
    late = TODAY + datetime.timedelta(days=5)
    services.reminder_pass(today=late)
    services.reminder_pass(today=late)
    assert [m.subject for m in mail.outbox] == ["Overdue: Send the coating specification"]


def test_no_reminder_once_the_owners_party_has_left(world):
    action_create(
        owner=world.collaboration,
        title="Return the fixtures",
        source_kind="other",
        owner_user=world.jo,
        owner_party=_party(world, world.lumen),
        due_date=TODAY,
        created_by=world.ana,
    )
    collaborations.party_leave(party=_party(world, world.lumen), actor=world.jo)
    services.reminder_pass(today=TODAY)
    assert not [m for m in mail.outbox if "Return the fixtures" in m.subject]
