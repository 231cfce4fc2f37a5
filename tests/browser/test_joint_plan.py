"""Two parties write and approve their joint relationship management plan together."""

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_flows import log_in
from tests.factories import build_world


@pytest.fixture
def joint_world(transactional_db):
    return build_world()


def edit_section(page: Page, url, collaboration_id: int, key: str, text: str) -> None:
    page.goto(url(f"/c/{collaboration_id}/plan/"))
    page.locator(f"#section-{key}").get_by_role("link", name="Edit this section").click()
    page.get_by_label("Text").fill(text)
    page.get_by_role("button", name="Save section").click()
    expect(page.locator(f"#section-{key}")).to_contain_text(text)


@pytest.mark.browser
def test_two_parties_co_edit_and_approve_the_joint_plan(page: Page, browser: Browser, url, joint_world):
    w = joint_world
    cid = w.collaboration.pk
    log_in(page, url, w.ana.email)
    edit_section(page, url, cid, "objectives", "Win the Northline rail bid together.")

    partner = browser.new_context().new_page()
    log_in(partner, url, w.jo.email)
    edit_section(partner, url, cid, "governance", "A monthly joint meeting; SERs meet each quarter.")

    # Both edit the same section from the same starting point: the second save is refused
    # with both texts shown, and nothing is lost.
    page.goto(url(f"/c/{cid}/plan/sections/exit/"))
    partner.goto(url(f"/c/{cid}/plan/sections/exit/"))
    page.get_by_label("Text").fill("Hand over open orders within 30 days.")
    page.get_by_role("button", name="Save section").click()
    partner.get_by_label("Text").fill("Return the spray booth within 60 days.")
    partner.get_by_role("button", name="Save section").click()
    expect(partner.get_by_role("heading", name=f"Saved meanwhile by {w.ana.display_name}")).to_be_visible()
    expect(partner.locator(".conflict")).to_contain_text("Hand over open orders within 30 days.")
    partner.get_by_label("Text").fill(
        "Hand over open orders within 30 days.\n\nReturn the spray booth within 60 days."
    )
    partner.get_by_role("button", name="Save section").click()
    expect(partner.locator("#section-exit")).to_contain_text("Return the spray booth")

    page.goto(url(f"/c/{cid}/plan/"))
    # Sections are still empty: Accord names them and asks to confirm.
    page.get_by_label("I know; send it for review with these sections empty").check()
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text("In review").first).to_be_visible()
    page.get_by_label("I know; approve it with these sections empty", exact=False).check()
    # Approving asks first: cancelling approves nothing.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Approve as senior executive responsible").click()
    expect(page.get_by_text("the other parties' SERs still need to approve")).to_have_count(0)
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Approve as senior executive responsible").click()
    expect(page.get_by_text("the other parties' SERs still need to approve")).to_be_visible()
    assert "An approved version never changes" in asked[0]

    partner.goto(url(f"/c/{cid}/plan/"))
    partner.get_by_label("I know; approve it with these sections empty", exact=False).check()
    partner.once("dialog", lambda dialog: dialog.accept())
    partner.get_by_role("button", name="Approve as senior executive responsible").click()
    expect(partner.get_by_text("Version 1 is approved.")).to_be_visible()
    approvals = partner.get_by_role("region", name="Approval by each party's SER")
    expect(approvals).to_contain_text("Brightwave Engineering")
    expect(approvals).to_contain_text("Lumen Coatings")

    # The print view of the approved plan carries both parties' approval.
    partner.goto(url(f"/c/{cid}/plan/print/?v=1"))
    expect(partner.get_by_text("Return the spray booth within 60 days.")).to_be_visible()
    partner.context.close()
