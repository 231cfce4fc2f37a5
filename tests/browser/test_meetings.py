"""A governance meeting (ISO 44003 5.4.3.3, 5.5) that produces a decision and an action: Ana
schedules it, marks herself present, records a decision and an action owned by Jo of the
partner; the action shows on Jo's "My actions", linked back to the meeting."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_flows import log_in
from tests.factories import build_world


@pytest.fixture
def meeting_world(transactional_db):
    return build_world()


@pytest.mark.browser
def test_a_meeting_produces_a_decision_and_an_action(page: Page, browser: Browser, url, meeting_world):
    w = meeting_world
    cid = w.collaboration.pk
    log_in(page, url, w.ana.email)
    page.goto(url(f"/c/{cid}/meetings/"))
    expect(page.get_by_role("heading", level=1, name="Meetings")).to_be_visible()
    day = timezone.localdate() + datetime.timedelta(days=2)
    page.get_by_label("Title").fill("Joint management team")
    page.get_by_label("Starts (UTC)").fill(f"{day:%Y-%m-%d}T09:00")
    page.get_by_label("Ends (UTC)").fill(f"{day:%Y-%m-%d}T10:00")
    page.get_by_role("button", name="Add", exact=True).click()
    page.locator("#upcoming-heading + ul").get_by_role("link", name="Joint management team").click()
    expect(page.get_by_role("heading", level=1, name="Joint management team")).to_be_visible()
    expect(page.locator("main, body").first).to_contain_text("UTC")

    # Attendance: Ana adds herself for Brightwave, then marks herself present.
    attendance = page.locator("#attendance")
    attendance.get_by_text("Add a person").click()
    attendance.get_by_label("Member").select_option(label="Ana")
    attendance.get_by_label("Attendance").select_option("expected")
    attendance.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#attendance")).to_contain_text("Ana — Invited")
    page.locator("#attendance").get_by_role("button", name="Present").click()
    expect(page.locator("#attendance")).to_contain_text("Ana — Present")

    # A decision and an action owned by Jo of Lumen.
    decisions = page.locator("#decisions")
    decisions.get_by_label("Decision").fill("Price the bid on a shared-savings basis.")
    decisions.get_by_role("button", name="Add the decision").click()
    expect(page.locator("#decisions ol")).to_contain_text("Price the bid on a shared-savings basis.")
    actions = page.locator("#actions")
    actions.get_by_label("Action").fill("Confirm the coating specification")
    actions.get_by_label("Owner party").select_option(label="Lumen Coatings")
    actions.get_by_label("Owner", exact=True).select_option(label="Jo")
    actions.get_by_label("Due date").fill(f"{day:%Y-%m-%d}")
    actions.get_by_role("button", name="Add the action").click()
    expect(page.locator("#actions table")).to_contain_text("Confirm the coating specification")
    meeting_path = page.url.split("#")[0].removeprefix(url(""))

    # Jo finds the action on "My actions", due this week, linked back to the meeting.
    partner = browser.new_context().new_page()
    log_in(partner, url, w.jo.email)
    partner.goto(url("/me/actions/"))
    expect(partner.get_by_role("heading", level=2, name="Due this week")).to_be_visible()
    row = partner.locator("tr", has_text="Confirm the coating specification")
    expect(row).to_be_visible()
    row.get_by_role("link", name="Joint management team").click()
    expect(partner.get_by_role("heading", level=1, name="Joint management team")).to_be_visible()
    assert partner.url.startswith(url(meeting_path))
    expect(partner.locator("#decisions")).to_contain_text("shared-savings")
