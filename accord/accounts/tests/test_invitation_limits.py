"""Defect 9: invitations are limited per sender, per organization and per address."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accord.accounts.services import api_token_create
from accord.collaborations.models import PartyInvitation
from accord.organizations.models import MemberInvitation


def _invite_member(client, world, email):
    return client.post(
        reverse("organizations:member_invite", args=[world.brightwave.slug]),
        {"email": email, "role": "viewer"},
    )


def _invite_partner(client, world, email):
    return client.post(
        reverse("collaborations:invite", args=[world.collaboration.pk]),
        {"email": email, "organization_name": "NewCo", "message": "Join us"},
    )


def test_eleventh_invitation_within_the_hour_is_refused(client, world):
    client.force_login(world.ana)
    # Member and partner invitations count together for the sender.
    for n in range(5):
        assert _invite_member(client, world, f"m{n}@example.test").status_code == 302
        assert _invite_partner(client, world, f"p{n}@example.test").status_code == 302
    refused = _invite_partner(client, world, "p10@example.test")
    assert refused.status_code == 429
    assert "10 invitations in the last hour" in refused.content.decode()
    refused = _invite_member(client, world, "m10@example.test")
    assert refused.status_code == 429
    assert len(mail.outbox) == 10
    # An hour later the sender may invite again.
    an_hour_ago = timezone.now() - timedelta(minutes=61)
    MemberInvitation.objects.update(created_at=an_hour_ago)
    PartyInvitation.unscoped.update(created_at=an_hour_ago)
    assert _invite_member(client, world, "m10@example.test").status_code == 302


def test_organization_daily_limit(client, world, settings):
    settings.ACCORD_INVITATIONS_PER_ORGANIZATION_PER_DAY = 3
    client.force_login(world.ana)
    for n in range(3):
        assert _invite_member(client, world, f"m{n}@example.test").status_code == 302
    # Another owner of the same organization is stopped too.
    client.force_login(world.roles["ser"])
    refused = _invite_partner(client, world, "p@example.test")
    assert refused.status_code == 429
    assert "Brightwave Engineering sent 3 invitations in the last 24 hours" in refused.content.decode()


def test_same_address_twice_is_refused_during_the_cooling_off(client, world):
    client.force_login(world.ana)
    assert _invite_partner(client, world, "same@example.test").status_code == 302
    again = _invite_partner(client, world, "Same@Example.test")
    assert again.status_code == 429
    body = again.content.decode()
    assert "a moment ago" in body and "You can send another one after" in body
    assert _invite_member(client, world, "same@example.test").status_code == 429
    assert len(mail.outbox) == 1
    PartyInvitation.unscoped.update(created_at=timezone.now() - timedelta(minutes=11))
    assert _invite_partner(client, world, "same@example.test").status_code == 302


def test_api_answers_429_json(client, world):
    _token, raw = api_token_create(user=world.ana, name="t")
    url = f"/api/v1/collaborations/{world.collaboration.pk}/invitations"
    headers = {"Authorization": f"Bearer {raw}"}
    first = client.post(url, {"email": "x@example.test"}, content_type="application/json", headers=headers)
    assert first.status_code == 201
    second = client.post(url, {"email": "x@example.test"}, content_type="application/json", headers=headers)
    assert second.status_code == 429
    assert second["Content-Type"].startswith("application/json")
    assert "You can send another one after" in second.json()["detail"]
