"""E-mail verification at sign-up, and invitation links that work logged out."""

import importlib
import re
import time
from datetime import timedelta

from django.apps import apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import User
from accord.organizations.models import MemberInvitation, Membership
from tests.factories import PASSWORD

STRONG = "a-long-unusual-passphrase-42"


def _signup(client, email="new@example.test", next_url="", organization_name="Newco"):
    url = reverse("accounts:signup") + (f"?next={next_url}" if next_url else "")
    return client.post(
        url,
        {"email": email, "password": STRONG, "organization_name": organization_name, "next": next_url},
    )


def _verify_link():
    return re.search(r"https?://[^/]+(/accounts/verify/\S+/)", mail.outbox[-1].body).group(1)


def test_unverified_account_cannot_act(client, db):
    response = _signup(client)
    assert response["Location"] == reverse("accounts:verify_pending")
    user = User.objects.get(email="new@example.test")
    assert not user.email_verified
    assert mail.outbox[-1].to == ["new@example.test"] and "Confirm your e-mail" in mail.outbox[-1].subject
    page = client.get(reverse("accounts:verify_pending"))
    assert "Check your inbox" in page.content.decode() and "new@example.test" in page.content.decode()
    # No organization, no token, no invitation, no API.
    for name in ("organizations:create", "accounts:settings", "accounts:two_factor"):
        assert client.get(reverse(name))["Location"] == reverse("accounts:verify_pending"), name
    assert (
        client.post(reverse("organizations:create"), {"name": "Sneaky", "size_class": "micro"}).status_code
        == 302
    )
    assert not Membership.objects.filter(user=user).exists()
    token = client.post(
        "/api/v1/auth/token",
        {"email": "new@example.test", "password": STRONG},
        content_type="application/json",
    )
    assert token.status_code == 403 and "Confirm your e-mail" in token.json()["detail"]
    api = client.post("/api/v1/organizations", {"name": "Sneaky"}, content_type="application/json")
    assert api.status_code == 403 and "Confirm your e-mail" in api.json()["detail"]
    assert client.get("/api/v1/me").status_code == 403
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_confirming_creates_the_organization_and_lets_the_person_act(client, db):
    _signup(client)
    response = client.get(_verify_link())
    user = User.objects.get(email="new@example.test")
    membership = Membership.objects.get(user=user)
    assert user.email_verified and user.signup_organization_name == ""
    assert response["Location"] == reverse("organizations:profile_edit", args=[membership.organization.slug])
    assert client.get(reverse("accounts:settings")).status_code == 200
    # Following the link again changes nothing.
    client.get(_verify_link())
    assert Membership.objects.filter(user=user).count() == 1


def test_link_works_logged_out_and_wrong_or_expired_links_say_so(client, db, monkeypatch):
    _signup(client)
    link = _verify_link()
    client.logout()
    bad = client.get(link[:-5] + "xxxx/")
    assert bad.status_code == 404 and "not valid" in bad.content.decode()
    later = time.time() + 4 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    expired = client.get(link)
    assert expired.status_code == 404 and "expired" in expired.content.decode()
    monkeypatch.undo()
    response = client.get(link)
    assert response["Location"] == reverse("accounts:login")
    assert User.objects.get(email="new@example.test").email_verified


def test_resend_is_rate_limited(client, db):
    _signup(client)
    assert len(mail.outbox) == 1
    again = client.post(reverse("accounts:verify_pending"), follow=True)
    assert again.status_code == 429 and "You can ask for another one after" in again.content.decode()
    assert len(mail.outbox) == 1
    User.objects.update(email_verification_sent_at=timezone.now() - timedelta(minutes=3))
    assert client.post(reverse("accounts:verify_pending")).status_code == 302
    assert len(mail.outbox) == 2


def test_existing_people_count_as_verified(db):
    migration = importlib.import_module("accord.accounts.migrations.0004_email_verification")
    user = User.objects.create_user(email="old@example.test", password=PASSWORD)
    User.objects.filter(pk=user.pk).update(email_verified=False)
    migration.existing_people_are_verified(apps, None)
    user.refresh_from_db()
    assert user.email_verified


def _member_invitation(client, world, email="newbie@example.test"):
    client.force_login(world.ana)
    client.post(
        reverse("organizations:member_invite", args=[world.brightwave.slug]),
        {"email": email, "role": "manager"},
    )
    client.logout()
    return re.search(r"https?://[^/]+(/invitations/member/\S+/)", mail.outbox[-1].body).group(1)


def test_invitation_email_says_who_invites_to_what(client, world):
    _member_invitation(client, world)
    message = mail.outbox[-1]
    assert (
        message.subject
        == "Ana of Brightwave Engineering invites you to join Brightwave Engineering on Accord"
    )
    assert "Ana of Brightwave Engineering invites you to join the organization" in message.body
    assert "as Manager" in message.body
    client.force_login(world.ana)
    client.post(
        reverse("collaborations:invite", args=[world.collaboration.pk]),
        {"email": "partner@newco.test", "organization_name": "NewCo", "message": "Join us"},
    )
    message = mail.outbox[-1]
    assert message.subject == "Ana of Brightwave Engineering invites you to the Rail bid joint space"
    assert "Ana of Brightwave Engineering invites you to the Rail bid joint space" in message.body


def test_invitation_landing_works_logged_out(client, world):
    link = _member_invitation(client, world)
    page = client.get(link)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Brightwave Engineering invites you to join the organization as Manager" in body
    assert f'href="{reverse("accounts:signup")}?next={link}"' in body
    assert f'href="{reverse("accounts:login")}?next={link}"' in body
    # Accepting needs an account.
    assert "/accounts/login/" in client.post(link)["Location"]


def test_wrong_or_expired_invitation_links_say_so(client, world):
    link = _member_invitation(client, world)
    wrong = client.get("/invitations/member/not-a-token/")
    assert wrong.status_code == 404 and "The link is wrong or incomplete" in wrong.content.decode()
    MemberInvitation.objects.update(expires_at=timezone.now() - timedelta(days=1))
    expired = client.get(link)
    assert expired.status_code == 404 and "This invitation has expired" in expired.content.decode()
    gone = client.get(f"/invitations/collaboration/{'x' * 40}/")
    assert gone.status_code == 404


def test_signing_up_through_an_invitation_to_the_same_address_verifies_it(client, world):
    link = _member_invitation(client, world)
    sent = len(mail.outbox)
    response = _signup(client, email="newbie@example.test", next_url=link, organization_name="")
    assert response["Location"] == link
    user = User.objects.get(email="newbie@example.test")
    assert user.email_verified and len(mail.outbox) == sent  # no confirmation mail needed
    assert client.post(link)["Location"] == reverse("organizations:dashboard", args=[world.brightwave.slug])
    assert Membership.objects.get(user=user, organization=world.brightwave).role == "manager"


def test_signing_up_through_an_invitation_with_another_address_needs_verification(client, world):
    link = _member_invitation(client, world)
    response = _signup(client, email="other@example.test", next_url=link, organization_name="")
    assert response["Location"] == reverse("accounts:verify_pending")
    assert not User.objects.get(email="other@example.test").email_verified
    # The confirmation brings the person back to the invitation.
    assert client.get(_verify_link())["Location"] == link


def test_a_password_reset_confirms_the_address_but_not_a_squatters_organization(client, db):
    # Someone signs up with an address that is not theirs...
    _signup(client, email="owner@example.test", organization_name="Squatter Ltd")
    client.logout()
    mail.outbox.clear()
    # ...the owner of the address cannot sign up again, but can reset the password.
    client.post(reverse("accounts:password_reset"), {"email": "owner@example.test"})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": STRONG + "!", "new_password2": STRONG + "!"})
    user = User.objects.get(email="owner@example.test")
    assert user.email_verified and not Membership.objects.filter(user=user).exists()
    assert user.signup_organization_name == ""
