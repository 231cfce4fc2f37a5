"""A trust pulse answered by two parties in the browser (ISO 44003 5.7): each answers on a
phone-sized screen (saved as they go), submits, and Brightwave sees both parties' views side
by side with the perception gap. The anonymity threshold is lowered to one answer here so two
people are enough; the rule itself is tested in accord/assessments/tests."""

import pytest
from playwright.sync_api import Browser, Page, expect

from accord.assessments import services
from accord.assessments.models import Answer
from accord.collaborations.models import Party
from tests.browser.test_flows import log_in
from tests.factories import build_world


@pytest.fixture
def pulse_world(transactional_db, settings):
    settings.ASSESSMENT_MIN_RESPONDENTS = 1
    world = build_world()
    world.pulse = services.campaign_create(
        owner=world.collaboration, organization=world.brightwave, template="trust_pulse", user=world.ana
    )
    for org, user in ((world.brightwave, world.ana), (world.lumen, world.jo)):
        party = Party.objects.in_scope(world.collaboration).get(organization=org)
        services.respondents_set(
            campaign=world.pulse, organization=org, party=party, user_ids=[user.pk], notify=False
        )
    return world


def answer_pulse(page: Page, url, collaboration_id: int, campaign_id: int, value: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url(f"/c/{collaboration_id}/assessments/{campaign_id}/answer/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trust and behaviour pulse")
    # Nothing wider than a phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for question in ("trust_word", "trust_motive", "open_early", "fair_gains"):
        page.locator(f'input[name="q_{question}"][value="{value}"]').check()
        expect(page.locator(f"#saved-{question}")).to_contain_text("Saved")
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.locator("body")).to_contain_text("your answers are submitted")


@pytest.mark.browser
def test_two_parties_answer_a_pulse_and_see_the_gap(page: Page, browser: Browser, url, pulse_world):
    w = pulse_world
    cid, pk = w.collaboration.pk, w.pulse.pk
    log_in(page, url, w.ana.email)
    answer_pulse(page, url, cid, pk, "5")
    assert Answer.objects.filter(respondent__joint_campaign=w.pulse).count() == 4

    partner = browser.new_context().new_page()
    log_in(partner, url, w.jo.email)
    answer_pulse(partner, url, cid, pk, "2")

    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(url(f"/c/{cid}/assessments/{pk}/results/"))
    chart = page.get_by_role("img", name="Each party's view, side by side")
    expect(chart).to_be_visible()
    table = page.locator("#dimension-table")
    expect(table).to_contain_text("Gap")
    expect(table).to_contain_text("Trust")
    expect(table).to_contain_text("3.0")  # 5 against 2 on every trust question
    # The partner's page shows the same aggregates and no names.
    partner.goto(url(f"/c/{cid}/assessments/{pk}/results/"))
    expect(partner.get_by_role("img", name="Each party's view, side by side")).to_be_visible()
    expect(partner.locator("main")).not_to_contain_text(w.ana.email)
