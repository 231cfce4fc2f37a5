"""An exit (ISO 44003 5.12): Ana agrees a transition step, then activates the exit with
Lumen leaving today. The step becomes an action; Lumen's owner Jo no longer reaches the joint
space, and finds Lumen's read-only copy of the joint data on Lumen's own Exits page."""

import json
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accord.exits import copies
from tests.browser.test_flows import log_in
from tests.factories import build_world


@pytest.fixture
def exit_world(transactional_db, monkeypatch):
    # The PDF is laid out by WeasyPrint in the live server's thread: a stand-in keeps the
    # activation within the page timeout (the real document is tested in accord/exits).
    monkeypatch.setattr(copies, "build_pdf", lambda *args, **kwargs: b"%PDF-1.7 stand-in")
    return build_world()


@pytest.mark.browser
def test_an_exit_removes_access_and_leaves_a_copy(page: Page, browser: Browser, url, exit_world):
    w = exit_world
    cid = w.collaboration.pk
    log_in(page, url, w.ana.email)
    page.goto(url(f"/c/{cid}/exit/steps/"))
    expect(page.get_by_role("heading", level=1, name="Continuity and transition steps")).to_be_visible()
    page.locator("#id_title").fill("Hand over open orders")
    page.get_by_label("Owner party").select_option(label="Lumen Coatings")
    page.get_by_label("Timing (days from the exit date)").fill("-14")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("table").first).to_contain_text("2 weeks before")

    page.goto(url(f"/c/{cid}/exit/"))
    page.get_by_role("button", name="Activate the exit").click()
    expect(page.get_by_role("heading", level=1, name="Activate the exit")).to_be_visible()
    page.get_by_label("What happens").select_option("party_leaves")
    page.get_by_label("Leaving party").select_option(label="Lumen Coatings")
    page.get_by_label("Or describe the trigger").fill("Lumen is sold to a larger group")
    page.get_by_label("Exit date").fill(f"{timezone.localdate():%Y-%m-%d}")
    page.get_by_role("button", name="Activate", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Joint exit strategy")).to_be_visible()
    expect(page.locator("#activations-heading + div table")).to_contain_text("Lumen Coatings leaves")
    page.goto(url(f"/c/{cid}/actions/"))
    expect(page.locator("main")).to_contain_text("Hand over open orders")

    partner = browser.new_context(accept_downloads=True).new_page()
    log_in(partner, url, w.jo.email)
    response = partner.goto(url(f"/c/{cid}/exit/"))
    assert response is not None and response.status == 404
    partner.goto(url(f"/o/{w.lumen.slug}/exits/"))
    expect(partner.get_by_role("heading", level=1, name="Collaborations you have left")).to_be_visible()
    expect(partner.locator("table").first).to_contain_text("Rail bid")
    with partner.expect_download() as info:
        partner.get_by_role("link", name="Joint data (JSON)").click()
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert data["collaboration"]["id"] == cid and data["organization"] == "Lumen Coatings"
