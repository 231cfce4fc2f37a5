"""Defect 10: a locked-out API login answers 429 with the JSON body the schema declares."""

from tests.factories import PASSWORD, UserFactory


def _token(client, password):
    return client.post(
        "/api/v1/auth/token",
        {"email": "jo@example.test", "password": password},
        content_type="application/json",
    )


def test_locked_out_api_login_answers_json_429(client, db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(email="jo@example.test")
    for _ in range(3):
        _token(client, "nope")
    for password in ("nope", PASSWORD):
        response = _token(client, password)
        assert response.status_code == 429
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        assert set(body) == {"detail"} and "Too many failed attempts" in body["detail"]


def test_locked_out_page_login_keeps_the_explanatory_page(client, db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(email="jo@example.test")
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": "jo@example.test", "password": "nope"})
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
