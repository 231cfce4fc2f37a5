"""Switching the language in the browser: logged out with the footer's switcher, then logged in,
where the choice is kept on the account."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods"),
]


def test_a_person_switches_to_french_and_back(page: Page, url, transactional_db):
    claire = UserFactory(email="claire@example.test", full_name="Claire")
    page.goto(url("/accounts/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    switcher = page.locator("footer form.language-switcher")
    # The label and both languages sit on one line, as links do (not full-width buttons).
    boxes = [
        switcher.locator(css).bounding_box() for css in ("small", "button[value=en]", "button[value=fr]")
    ]
    assert max(b["y"] for b in boxes) - min(b["y"] for b in boxes) < 10
    assert all(b["width"] < 200 for b in boxes[1:])
    switcher.get_by_role("button", name="Français").click()

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("link", name="Mot de passe oublié\u00a0?")).to_be_visible()
    page.get_by_label("E-mail").fill(claire.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.goto(url("/accounts/settings/"))
    expect(page.get_by_role("heading", name="Votre compte")).to_be_visible()
    page.locator("footer form.language-switcher").get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    claire.refresh_from_db()
    assert claire.language == "en"

    # The account's choice now wins over the cookie the switcher set before logging in.
    page.context.clear_cookies(name="django_language")
    page.reload()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(page.get_by_label("Language")).to_have_value("en")
