"""Pages a person trusts: axe-core (WCAG 2.2 AA) on every main page at desktop and phone
width, no sideways scrolling on a phone, and the error summary after a refused submit.

axe-core comes from npm (package.json, devDependency) and is read from node_modules: it is
injected by the test, never served to users and never fetched from a CDN. The contexts
bypass the Content-Security-Policy only so that the injected script may run.
"""

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from accord.collaborations.models import Party
from accord.collaborations.services import party_invitation_create
from accord.plans.models import JointTeamMember
from accord.relationships.models import Kind, SegmentationCriterion
from accord.relationships.services import relationship_create, relationship_set_scores
from tests.browser.test_flows import log_in
from tests.factories import build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods"),
]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def pages_world(transactional_db):
    w = build_world()
    criteria = list(SegmentationCriterion.objects.in_scope(w.brightwave))
    for i, name in enumerate(["Northline Rail", "Valley Steel Fabrication and Coatings Ltd", "Quill"]):
        entry = relationship_create(
            organization=w.brightwave,
            data={
                "counterpart_name": name,
                "kind": Kind.CUSTOMER,
                # Long unbroken words are what push a phone page sideways.
                "contacts": "procurement.and.supplier.development@valley-steel-fabrication.example.test",
                "notes": "https://example.test/a/very/long/address/that/does/not/break/anywhere/by/itself",
            },
        )
        relationship_set_scores(entry=entry, values={c.pk: 5 - i for c in criteria})
    relationship_set_scores(entry=w.entry, values={c.pk: 4 for c in criteria})
    party = Party.objects.in_scope(w.collaboration).get(organization=w.brightwave)
    JointTeamMember.unscoped.create(
        collaboration=w.collaboration,
        party=party,
        user=w.ana,
        name="Ana",
        role="Joint relationship manager",
        responsibilities="Runs the monthly joint meeting and keeps the joint plan up to date.",
        authority="May commit up to 20,000 EUR of engineering time without asking the board.",
    )
    w.invitation = party_invitation_create(
        collaboration=w.collaboration,
        organization=w.brightwave,
        user=w.ana,
        email="new.partner@example.test",
        organization_name="Harbour Logistics",
        message="We would like you in the rail bid.",
        base_url="http://testserver",
    )
    return w


def main_pages(w) -> list[str]:
    org, cid = w.brightwave.slug, w.collaboration.pk
    return [
        f"/o/{org}/",
        f"/o/{org}/register/",
        f"/o/{org}/register/{w.entry.pk}/",
        f"/o/{org}/register/new/",
        f"/o/{org}/portfolio/",
        f"/o/{org}/plan/",
        f"/o/{org}/business-cases/new/",
        f"/o/{org}/profile/",
        f"/o/{org}/collaborations/",
        f"/o/{org}/risks/",
        f"/o/{org}/actions/",
        f"/o/{org}/own-measures/",
        f"/c/{cid}/",
        f"/c/{cid}/plan/",
        f"/c/{cid}/team/",
        f"/c/{cid}/team/add/",
        f"/c/{cid}/risks/",
        f"/c/{cid}/actions/",
        f"/c/{cid}/measures/",
        f"/c/{cid}/objectives/",
        "/guidance/",
        "/guidance/stages/1/",
    ]


def public_pages(w) -> list[str]:
    return [
        "/accounts/login/",
        "/accounts/signup/",
        "/guidance/",
        f"/invitations/collaboration/{w.invitation.raw_token}/",
    ]


def _axe(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert len(result["passes"]) > 10, "axe-core did not run its checks"
    found = []
    for v in result["violations"]:
        targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
        found.append(f"{v['id']} ({v['impact']}): {v['help']} — {'; '.join(targets)}")
    return found


def _overflow(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _check(browser: Browser, url, viewport, paths, email=None) -> dict[str, list[str]]:
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    if email:
        log_in(page, url, email)
        expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    problems: dict[str, list[str]] = {}
    for path in paths:
        response = page.goto(url(path))
        assert response.status == 200, path
        found = _axe(page)
        if viewport is PHONE and (extra := _overflow(page)) > 0:
            found.append(f"scrolls sideways by {extra}px")
        if found:
            problems[path] = found
    context.close()
    return problems


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_main_pages_have_no_axe_violations_and_no_sideways_scroll(
    browser: Browser, url, pages_world, viewport
):
    w = pages_world
    problems = _check(browser, url, viewport, public_pages(w))
    problems |= _check(browser, url, viewport, main_pages(w), email=w.ana.email)
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


def test_a_refused_form_focuses_an_error_summary_that_links_to_each_field(page: Page, url, pages_world):
    w = pages_world
    log_in(page, url, w.ana.email)
    page.goto(url(f"/o/{w.brightwave.slug}/register/new/"))
    page.get_by_role("button", name="Save", exact=True).click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    summary.get_by_role("link", name="Counterpart").click()
    expect(page.get_by_label("Counterpart")).to_be_focused()

    # The register kit's pages share the summary (here the joint team's add page).
    page.goto(url(f"/c/{w.collaboration.pk}/team/add/"))
    page.get_by_role("button", name="Save", exact=True).click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).not_to_have_count(0)


def test_on_a_phone_one_menu_holds_the_site_and_page_menus(browser: Browser, url, pages_world):
    w = pages_world
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, url, w.ana.email)
    page.goto(url(f"/c/{w.collaboration.pk}/"))
    nav = page.get_by_role("navigation", name="Main")
    in_page_menu = page.get_by_role("navigation", name="Joint space")
    expect(in_page_menu).to_be_hidden()
    expect(nav.get_by_role("link", name="Register")).to_be_hidden()
    toggle = nav.get_by_role("button", name="Menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Register")).to_be_visible()
    joint_links = nav.get_by_role("list", name=w.collaboration.name).get_by_role("link")
    expect(joint_links).to_have_count(page.locator("main .subnav a").count())
    expect(joint_links.first).to_be_visible()

    # The register: name, segment and score first, the rest on demand.
    page.goto(url(f"/o/{w.brightwave.slug}/register/"))
    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader", name="Segment")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Score")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Owner")).to_be_hidden()
    page.get_by_label("Show all columns").check()
    expect(table.get_by_role("columnheader", name="Owner")).to_be_visible()
    context.close()
