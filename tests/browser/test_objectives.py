"""The joint objectives process (ISO 44003 5.3.3.6) with both parties: each shares one of its
own objectives, they agree a joint objective, Lumen marks a conflict, Brightwave sees it."""

import pytest
from playwright.sync_api import Browser, Page, expect

from accord.objectives import services
from accord.objectives.models import SharedObjective
from tests.browser.test_flows import log_in
from tests.factories import build_world


@pytest.fixture
def objectives_world(transactional_db):
    world = build_world()
    world.know_how = services.objective_create(
        organization=world.brightwave,
        data={
            "title": "Keep the coating know-how in-house",
            "rationale": "PRIVATE: our margin depends on it",
        },
    )
    world.ip = services.objective_create(
        organization=world.lumen, data={"title": "Co-own the new process IP", "rationale": "Lumen private"}
    )
    return world


def share(page: Page, url, org_slug: str, objective_id: int, collaboration_id: int, rationale: str) -> None:
    page.goto(
        url(f"/o/{org_slug}/objectives/share/?objective={objective_id}&collaboration={collaboration_id}")
    )
    page.get_by_label("Why it matters to us, as the partners will read it").fill(rationale)
    page.get_by_role("button", name="Share this text").click()
    expect(page.get_by_role("heading", level=1, name="Joint objectives")).to_be_visible()


@pytest.mark.browser
def test_two_parties_run_the_joint_objectives_process(page: Page, browser: Browser, url, objectives_world):
    w = objectives_world
    cid = w.collaboration.pk
    log_in(page, url, w.ana.email)
    share(page, url, w.brightwave.slug, w.know_how.pk, cid, "Coating is our core skill.")
    step_1 = page.locator("#step-1")
    expect(step_1).to_contain_text("Keep the coating know-how in-house")

    partner = browser.new_context().new_page()
    log_in(partner, url, w.jo.email)
    share(partner, url, w.lumen.slug, w.ip.pk, cid, "We invest our chemistry too.")
    expect(partner.locator("#step-2")).to_contain_text("Coating is our core skill.")
    expect(partner.locator("body")).not_to_contain_text("PRIVATE")

    # Ana proposes a joint objective and agrees it for Brightwave; Jo agrees for Lumen.
    page.goto(url(f"/c/{cid}/objectives/joint/"))
    page.get_by_label("Title").fill("Develop the process IP together")
    page.get_by_role("button", name="Add", exact=True).click()
    page.goto(url(f"/c/{cid}/objectives/"))
    page.get_by_role("button", name="Agree for Brightwave Engineering").click()
    expect(page.locator("#step-3")).to_contain_text("Agreed")
    partner.goto(url(f"/c/{cid}/objectives/"))
    partner.get_by_role("button", name="Agree for Lumen Coatings").click()
    expect(partner.locator("#step-3")).to_contain_text("Agreed by every party")

    # Jo marks Lumen's objective as conflicting with the joint one.
    lumen_shared = SharedObjective.objects.in_scope(w.collaboration).get(title="Co-own the new process IP")
    row = partner.locator(f"#shared-{lumen_shared.pk}")
    row.get_by_role("link", name="Mark against the joint objectives").click()
    partner.get_by_label("Relation to “Develop the process IP together”").select_option("conflicting")
    partner.get_by_label("Note on “Develop the process IP together”").fill("We need a share of the IP.")
    partner.get_by_role("button", name="Save the marks").click()
    expect(partner.locator(f"#shared-{lumen_shared.pk}")).to_contain_text("Conflict")

    # Ana sees the conflict flagged in words, not colour alone.
    page.goto(url(f"/c/{cid}/objectives/"))
    flags = page.locator("#flags")
    expect(flags).to_contain_text("Conflict")
    expect(flags).to_contain_text(
        "Lumen Coatings’s “Co-own the new process IP” conflicts with the joint objective "
        "“Develop the process IP together”"
    )
    partner.context.close()
