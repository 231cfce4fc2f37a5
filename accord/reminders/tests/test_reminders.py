import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accord.core.registry import Due, registry
from accord.reminders import services
from accord.reminders.models import ReminderSent
from accord.risks import services as risks

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2030, 1, 7)
TUESDAY = MONDAY + datetime.timedelta(days=1)


@pytest.fixture
def risk_due(world):
    from accord.collaborations.models import Party

    lumen = Party.objects.in_scope(world.collaboration).get(organization=world.lumen)
    brightwave = Party.objects.in_scope(world.collaboration).get(organization=world.brightwave)
    risk = risks.risk_create(
        owner=world.collaboration,
        data={
            "title": "Lab slots run out",
            "category": "operational",
            "likelihood": 3,
            "impact": 4,
            "owner_party": lumen,
            "owner_user": world.jo,
            "review_date": TUESDAY + datetime.timedelta(days=3),
        },
    )
    # Brightwave's private mitigation must never reach Lumen's inbox.
    risks.mitigation_create(risk=risk, party=brightwave, data={"action": "SECRET plan B", "private": True})
    return risk


def test_a_review_reminder_is_sent_once_when_the_pass_runs_twice(world, risk_due):
    first = services.reminder_pass(today=TUESDAY)
    second = services.reminder_pass(today=TUESDAY)
    assert len(first.sent) == 1 and second.sent == []
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.jo.email] and "Lab slots run out" in message.subject
    assert "SECRET" not in message.body and "SECRET" not in message.subject
    # Overdue is a new reminder (once more), not a repeat of the same one.
    late = TUESDAY + datetime.timedelta(days=4)
    assert len(services.reminder_pass(today=late).sent) == 1
    assert len(services.reminder_pass(today=late).sent) == 0


def test_another_worker_that_sent_first_wins(world, risk_due):
    """Two workers at once: the key another worker inserted first stops this one sending."""
    kind = next(k for k in registry.reminders() if k.kind == "risk_review")
    (due,) = kind.collect(TUESDAY)
    ReminderSent.objects.create(key=due.key, user=world.jo, kind="risk_review")
    assert services.reminder_pass(today=TUESDAY).sent == []
    assert mail.outbox == []


def test_send_once_is_atomic_with_the_insert(world, monkeypatch):
    due = Due(user=world.jo, subject="s", body="b", key="k:1")

    def broken(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(services, "send_mail", broken)
    with pytest.raises(ConnectionError):
        services.send_once(due, "x")
    assert not ReminderSent.objects.filter(key="k:1").exists()  # the next pass tries again
    monkeypatch.undo()
    assert services.send_once(due, "x") and not services.send_once(due, "x")
    assert len(mail.outbox) == 1


def test_preferences_turn_a_kind_off(client, world, risk_due):
    client.force_login(world.jo)
    url = reverse("reminders:preferences")
    assert "Risk reviews due or overdue" in client.get(url).content.decode()
    assert client.post(url, {"digest": "on"}).status_code == 302  # every kind unticked
    assert services.reminder_pass(today=TUESDAY).sent == []
    assert mail.outbox == []
    client.post(url, {"kind_risk_review": "on"})
    assert len(services.reminder_pass(today=TUESDAY).sent) == 1


def test_weekly_digest_lists_what_is_due_and_can_be_turned_off(client, world, risk_due):
    result = services.reminder_pass(today=MONDAY)
    digests = [m for m in mail.outbox if "this week" in m.subject]
    assert len(digests) == 1 and digests[0].to == [world.jo.email]
    assert "Lab slots run out" in digests[0].body and "SECRET" not in digests[0].body
    assert services.digest_key(world.jo, MONDAY) in result.sent
    assert not services.reminder_pass(today=MONDAY).sent  # once per week
    mail.outbox.clear()
    client.force_login(world.jo)
    client.post(reverse("reminders:preferences"), {"kind_risk_review": "on"})  # digest off
    services.reminder_pass(today=MONDAY + datetime.timedelta(days=7))
    assert not [m for m in mail.outbox if "this week" in m.subject]


def test_the_task_and_the_commands(world, risk_due):
    from accord.reminders.tasks import send_reminders

    result = send_reminders.enqueue(today=TUESDAY.isoformat())  # the tests' immediate backend
    assert result.return_value == 1
    call_command("run_reminders", "--now", "--date", TUESDAY.isoformat())
    assert len(mail.outbox) == 1


# The worker, like django-tasks-db's, closes connections that are not in autocommit: it must run
# outside the test's transaction, or on PostgreSQL it closes the connection every later test uses.
@pytest.mark.django_db(transaction=True)
def test_the_worker_command_runs_a_pass(world, risk_due, monkeypatch):
    import signal

    from accord.reminders import services as reminder_services

    monkeypatch.setattr(reminder_services.timezone, "localdate", lambda: TUESDAY)
    before = signal.getsignal(signal.SIGINT)
    call_command("accord_worker", "--once")
    assert len(mail.outbox) == 1  # the pass it enqueued ran (the tests' immediate backend)
    assert signal.getsignal(signal.SIGINT) is before  # its signal handlers are undone
