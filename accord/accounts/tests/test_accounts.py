import re

import pytest
from django.core import mail
from django.urls import reverse

from accord.accounts.models import ApiToken, User
from accord.core.permissions import Role
from accord.organizations.models import Membership
from tests.factories import PASSWORD, UserFactory

STRONG = "a-long-unusual-passphrase-42"


def test_signup_creates_user_organization_and_ownership(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {
            "full_name": "Ana",
            "email": "Ana@Brightwave.test",
            "password": STRONG,
            "organization_name": "Brightwave",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify_pending")
    user = User.objects.get(email="ana@brightwave.test")
    # The organization waits for the confirmed address.
    assert not user.email_verified and not Membership.objects.filter(user=user).exists()
    assert mail.outbox[-1].body.startswith("Hello Ana,\n\nSomeone (we hope you) created")
    link = re.search(r"https?://[^/]+(/accounts/verify/\S+/)", mail.outbox[-1].body).group(1)
    response = client.get(link)
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.OWNER and membership.organization.name == "Brightwave"
    assert response["Location"] == reverse("organizations:profile_edit", args=[membership.organization.slug])
    assert user.password.startswith("md5$") or user.check_password(STRONG)


def test_signup_refuses_weak_password_and_duplicate_email(client, db):
    UserFactory(email="taken@example.test")
    response = client.post(
        reverse("accounts:signup"),
        {"email": "taken@example.test", "password": "password", "organization_name": "X"},
    )
    body = response.content.decode()
    assert "exists already" in body and "too common" in body
    assert User.objects.count() == 1


def test_passwords_are_hashed_with_argon2_by_default():
    # The test fixture swaps in a fast hasher; the project's own setting is Argon2.
    import config.settings as project

    assert project.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_login_and_logout(client, db):
    user = UserFactory(email="jo@example.test")
    response = client.post(reverse("accounts:login"), {"username": "jo@example.test", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("accounts:settings")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:settings")).status_code == 302
    assert user.is_authenticated


def test_repeated_failed_logins_lock_out(client, db, settings):
    UserFactory(email="jo@example.test")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        bad = client.post(reverse("accounts:login"), {"username": "jo@example.test", "password": "wrong"})
        assert bad.status_code == 422 and "Please enter a correct" in bad.content.decode()
    client.post(reverse("accounts:login"), {"username": "jo@example.test", "password": "wrong"})
    locked = client.post(reverse("accounts:login"), {"username": "jo@example.test", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many failed log-in attempts" in locked.content.decode()


def test_password_reset_by_email(client, db):
    user = UserFactory(email="jo@example.test")
    client.post(reverse("accounts:password_reset"), {"email": "jo@example.test"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(form.redirect_chain[-1][0], {"new_password1": STRONG, "new_password2": STRONG})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(STRONG)


def test_api_tokens_created_shown_once_and_revoked(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:settings"), {"create_token": "1", "name": "sheet sync"}, follow=True
    )
    raw = re.search(r'id="new-token">([^<]+)<', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=user)
    assert token.token_hash != raw and raw.startswith(token.prefix)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).json()["email"] == user.email
    assert raw not in client.get(reverse("accounts:settings")).content.decode()
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    client.logout()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_token_endpoint(client, db, settings):
    UserFactory(email="jo@example.test")
    ok = client.post(
        "/api/v1/auth/token",
        {"email": "jo@example.test", "password": PASSWORD},
        content_type="application/json",
    )
    assert ok.status_code == 200
    token = ok.json()["token"]
    orgs = client.get("/api/v1/organizations", headers={"Authorization": f"Bearer {token}"})
    assert orgs.status_code == 200 and orgs.json() == []
    bad = client.post(
        "/api/v1/auth/token",
        {"email": "jo@example.test", "password": "nope"},
        content_type="application/json",
    )
    assert bad.status_code == 401
    junk = client.post("/api/v1/auth/token", {"email": "not-an-email"}, content_type="application/json")
    assert junk.status_code == 422 and "email" in junk.json()["errors"]


@pytest.mark.parametrize("attempts", [6])
def test_token_endpoint_locks_out_too(client, db, settings, attempts):
    UserFactory(email="jo@example.test")
    statuses = [
        client.post(
            "/api/v1/auth/token",
            {"email": "jo@example.test", "password": "nope"},
            content_type="application/json",
        ).status_code
        for _ in range(attempts)
    ]
    assert statuses[0] == 401
    final = client.post(
        "/api/v1/auth/token",
        {"email": "jo@example.test", "password": PASSWORD},
        content_type="application/json",
    )
    assert final.status_code == 429
