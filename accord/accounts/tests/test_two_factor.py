"""Two-factor sign-in: setup with a QR code or the secret, login with a code, recovery codes
that work once, organizations that require it, and the API token exchange."""

import re
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts import two_factor
from accord.core.permissions import Role
from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def code(device: TOTPDevice, step: int = 0) -> str:
    """The app's code ``step`` periods from now (a code is accepted once)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + step * device.step
    return f"{totp.token():0{device.digits}d}"


def set_up(client, user) -> tuple[TOTPDevice, list[str]]:
    client.force_login(user)
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(reverse("accounts:two_factor"), {"action": "confirm", "code": code(device)})
    page = client.get(reverse("accounts:two_factor")).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    return device, codes


def test_setup_shows_qr_and_secret_then_recovery_codes_once(client, db):
    user = UserFactory(email="ana@example.test")
    client.force_login(user)
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert '<svg width="' in page and "<img" not in page  # inline SVG, no external image
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert two_factor.secret_text(device).replace(" ", "") in page.replace(" ", "")
    assert not two_factor.has_two_factor(user)
    wrong = client.post(reverse("accounts:two_factor"), {"action": "confirm", "code": "000000"})
    assert wrong.status_code == 422 and "This code is not right" in wrong.content.decode()
    response = client.post(reverse("accounts:two_factor"), {"action": "confirm", "code": code(device)})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(codes) == 10 and StaticToken.objects.filter(device__user=user).count() == 10
    assert two_factor.has_two_factor(user)
    again = client.get(reverse("accounts:two_factor")).content.decode()
    assert not any(c in again for c in codes)  # shown once
    assert "Two-factor sign-in is on" in again
    assert "On: logging in asks for a code" in client.get(reverse("accounts:settings")).content.decode()


def test_login_asks_for_the_code_after_the_password(client, db):
    user = UserFactory(email="ana@example.test")
    device, codes = set_up(client, user)
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": "ana@example.test", "password": PASSWORD})
    assert response["Location"] == reverse("accounts:login_code")
    assert client.get(reverse("accounts:settings")).status_code == 302  # not logged in yet
    wrong = client.post(reverse("accounts:login_code"), {"code": "123456"})
    assert wrong.status_code == 422
    ok = client.post(reverse("accounts:login_code"), {"code": code(device, 1)})
    assert ok.status_code == 302
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_a_recovery_code_works_once(client, db):
    user = UserFactory(email="ana@example.test")
    _device, codes = set_up(client, user)
    for expected in (302, 422):
        client.logout()
        client.post(reverse("accounts:login"), {"username": "ana@example.test", "password": PASSWORD})
        response = client.post(reverse("accounts:login_code"), {"code": codes[0].upper()})
        assert response.status_code == expected
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_too_many_wrong_codes_end_the_attempt(client, db):
    user = UserFactory(email="ana@example.test")
    device, _codes = set_up(client, user)
    client.logout()
    client.post(reverse("accounts:login"), {"username": "ana@example.test", "password": PASSWORD})
    for _ in range(4):
        assert client.post(reverse("accounts:login_code"), {"code": "000000"}).status_code == 422
    last = client.post(reverse("accounts:login_code"), {"code": "000000"})
    assert last["Location"] == reverse("accounts:login")
    assert client.post(reverse("accounts:login_code"), {"code": code(device, 1)})["Location"] == reverse(
        "accounts:login"
    )


def test_turning_it_off_needs_a_code(client, db):
    user = UserFactory(email="ana@example.test")
    device, _codes = set_up(client, user)
    refused = client.post(reverse("accounts:two_factor"), {"action": "disable", "code": "000000"})
    assert refused.status_code == 422 and two_factor.has_two_factor(user)
    client.post(reverse("accounts:two_factor"), {"action": "disable", "code": code(device, 1)})
    assert not two_factor.has_two_factor(user)


def test_api_token_exchange_refuses_two_factor_accounts(client, db):
    user = UserFactory(email="ana@example.test")
    set_up(client, user)
    response = client.post(
        "/api/v1/auth/token",
        {"email": "ana@example.test", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "Account page" in response.json()["detail"]
    # Tokens made on the Account page keep working without a code (the machine path).
    client.post(reverse("accounts:settings"), {"create_token": "1", "name": "sync"})
    raw = client.get(reverse("accounts:settings")).context["new_token"]
    client.logout()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200


def test_organization_requires_it_for_its_pages_and_joint_spaces(client, world):
    org = world.brightwave
    policy = reverse("organizations:two_factor_policy", args=[org.slug])
    # Only the owner, and only once they use it themselves.
    client.force_login(world.roles[Role.MANAGER])
    assert client.post(policy, {"require_two_factor": "on"}).status_code == 403
    client.force_login(world.ana)
    assert client.post(policy, {"require_two_factor": "on"})["Location"] == reverse("accounts:two_factor")
    org.refresh_from_db()
    assert not org.require_two_factor
    set_up(client, world.ana)
    assert client.post(policy, {"require_two_factor": "on"}).status_code == 302
    org.refresh_from_db()
    assert org.require_two_factor
    assert client.get(reverse("organizations:dashboard", args=[org.slug])).status_code == 200

    member = world.roles[Role.VIEWER]
    client.force_login(member)
    for url in (
        reverse("organizations:dashboard", args=[org.slug]),
        reverse("collaborations:overview", args=[world.collaboration.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:two_factor") + "?next=")
    page = client.get(reverse("accounts:two_factor") + "?next=/o/x/").content.decode()
    assert "Brightwave Engineering requires two-factor sign-in" in page
    device, _codes = set_up(client, member)
    assert client.get(reverse("organizations:dashboard", args=[org.slug])).status_code == 200
    # The partner's people are not concerned by Brightwave's rule.
    client.force_login(world.jo)
    assert client.get(reverse("collaborations:overview", args=[world.collaboration.pk])).status_code == 200


def test_a_session_opened_without_a_code_enters_one(client, world):
    org = world.brightwave
    org.require_two_factor = True
    org.save()
    device, _codes = set_up(client, world.ana)
    client.logout()
    client.force_login(world.ana)  # e.g. a session from before the device existed
    response = client.get(reverse("organizations:members", args=[org.slug]))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "This session was opened without a code" in page
    answer = client.post(response["Location"], {"action": "verify", "code": code(device, 1)})
    assert answer["Location"] == reverse("organizations:members", args=[org.slug])
    assert client.get(answer["Location"]).status_code == 200


def _otp_queries(queries) -> int:
    return sum("otp_" in q["sql"] for q in queries)


def test_the_rule_costs_no_query_without_two_factor_and_one_with_it(client, world):
    url = reverse("organizations:dashboard", args=[world.brightwave.slug])
    client.force_login(world.roles[Role.VIEWER])
    with CaptureQueriesContext(connection) as plain:
        assert client.get(url).status_code == 200
    assert _otp_queries(plain.captured_queries) == 0
    world.brightwave.require_two_factor = True
    world.brightwave.save()
    set_up(client, world.roles[Role.VIEWER])
    with CaptureQueriesContext(connection) as guarded:
        assert client.get(url).status_code == 200
    assert _otp_queries(guarded.captured_queries) == 1  # the session's device, read once
    assert len(guarded.captured_queries) <= len(plain.captured_queries) + 1


def test_the_rule_holds_for_the_api_with_the_session_and_with_tokens(client, world):
    world.brightwave.require_two_factor = True
    world.brightwave.save()
    member = world.roles[Role.VIEWER]
    url = f"/api/v1/organizations/{world.brightwave.slug}"
    joint = f"/api/v1/collaborations/{world.collaboration.pk}"
    client.force_login(member)
    assert client.get(url).status_code == 403
    assert client.get(joint).status_code == 403
    client.logout()
    # A password alone still exchanges for a token (for organizations without the rule), but
    # that token does not open one that requires two-factor sign-in: it would bypass it.
    exchanged = client.post(
        "/api/v1/auth/token", {"email": member.email, "password": PASSWORD}, content_type="application/json"
    )
    assert exchanged.status_code == 200, exchanged.content
    bearer = {"Authorization": f"Bearer {exchanged.json()['token']}"}
    for refused in (client.get(url, headers=bearer), client.get(joint, headers=bearer)):
        assert refused.status_code == 403
        assert "requires two-factor sign-in" in refused.json()["detail"]
    assert client.get("/api/v1/me", headers=bearer).status_code == 200
    # Once the person has set it up, their tokens work there (no code asked per call).
    set_up(client, member)
    client.logout()
    assert client.get(url, headers=bearer).status_code == 200
    assert client.get(joint, headers=bearer).status_code == 200
