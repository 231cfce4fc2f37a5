"""Long lists of register entries and people: the searchable select (tom-select, from npm)
used with the keyboard alone, under the site's real Content-Security-Policy.

An earlier attempt was removed because a keyboard Save after a keyboard choice sent nothing:
tom-select searched 300 ms after the last key and kept its list open after a choice, so the
Enter meant to send the form chose again instead. These tests walk that path."""

import pytest
from playwright.sync_api import Browser, Page, expect

from accord.accounts.models import User
from accord.core.permissions import Role
from accord.organizations.models import Membership
from accord.plans.models import BusinessCase, JointTeamMember
from tests.browser.test_accessibility import _axe
from tests.browser.test_flows import log_in
from tests.factories import RelationshipFactory, UserFactory, build_world

pytestmark = pytest.mark.browser

TOWNS = [
    "Ashford",
    "Bexley",
    "Carlow",
    "Dunmore",
    "Elmstead",
    "Fairview",
    "Glenbrook",
    "Hollins",
    "Ivybridge",
]
TRADES = ["Steel", "Coatings", "Freight", "Timber", "Print"]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def long_lists(transactional_db):
    """45 entries in Brightwave's register (Lumen Coatings, 42 others and the two Harbours the
    tests look for) and 45 people in Brightwave (the world's 5, 39 others and Zoe Quinton)."""
    w = build_world()
    names = [f"{town} {trade}" for town in TOWNS for trade in TRADES][:42]
    for name in [*names, "Harbour Logistics", "Harbour Steel Works"]:
        RelationshipFactory(organization=w.brightwave, counterpart_name=name)
    for i in range(39):
        person = UserFactory(full_name=f"{TOWNS[i % 9]} Person {i:02d}")
        Membership.objects.create(organization=w.brightwave, user=person, role=Role.CONTRIBUTOR)
    w.zoe = UserFactory(full_name="Zoe Quinton")
    Membership.objects.create(organization=w.brightwave, user=w.zoe, role=Role.CONTRIBUTOR)
    return w


def _pick_the_two_harbours(page: Page) -> None:
    """Type part of a name, move with the arrows, choose with Enter; twice."""
    field = page.get_by_role("combobox", name="Candidate partners")
    field.focus()
    page.keyboard.type("harb")
    listbox = page.get_by_role("listbox", name="Candidate partners")
    expect(listbox.get_by_role("option")).to_have_count(2)
    page.keyboard.press("ArrowDown")
    expect(listbox.get_by_role("option", name="Harbour Steel Works")).to_have_class("option active")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    expect(listbox).to_be_hidden()  # the list closes after a choice
    page.keyboard.type("harb")
    expect(listbox.get_by_role("option")).to_have_count(1)  # the chosen one is not offered again
    page.keyboard.press("Enter")
    expect(page.locator(".ts-control .item")).to_have_text(["Harbour Logistics×", "Harbour Steel Works×"])


def test_candidates_found_by_typing_chosen_and_saved_with_the_keyboard(page: Page, url, long_lists):
    w = long_lists
    log_in(page, url, w.ana.email)
    page.goto(url(f"/o/{w.brightwave.slug}/business-cases/new/"))
    expect(page.locator("select[data-searchable] option")).to_have_count(45)
    page.get_by_label("Title").fill("Harbour expansion")
    _pick_the_two_harbours(page)
    page.keyboard.press("Tab")
    save = page.get_by_role("button", name="Save", exact=True)
    expect(save).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Business case created.")).to_be_visible()
    case = BusinessCase.objects.in_scope(w.brightwave).get(title="Harbour expansion")
    assert sorted(case.candidates.values_list("counterpart_name", flat=True)) == [
        "Harbour Logistics",
        "Harbour Steel Works",
    ]

    # Editing (the form carries the version it was read at): Backspace removes the last
    # choice, and Enter in the field right after sends the form.
    page.goto(url(f"/o/{w.brightwave.slug}/business-cases/{case.pk}/edit/"))
    expect(page.locator(".ts-control .item")).to_have_count(2)
    page.get_by_role("combobox", name="Candidate partners").focus()
    page.keyboard.press("Backspace")
    expect(page.locator(".ts-control .item")).to_have_count(1)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Business case saved.")).to_be_visible()
    assert list(case.candidates.values_list("counterpart_name", flat=True)) == ["Harbour Logistics"]


def test_enter_after_choosing_a_person_sends_the_form(page: Page, url, long_lists):
    """The exact path that failed: type, Enter to choose (before a slow search would have
    run), then Enter again a moment later to send."""
    w = long_lists
    log_in(page, url, w.ana.email)
    page.goto(url(f"/c/{w.collaboration.pk}/team/add/"))
    expect(page.locator("select[data-searchable] option")).to_have_count(46)  # 45 and "none"
    page.get_by_label("Role").fill("Quality lead")
    person = page.get_by_role("combobox", name="Person from your organization")
    person.focus()
    page.keyboard.type("quint")
    page.wait_for_timeout(100)
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("cell", name="Zoe Quinton", exact=True)).to_be_visible()
    member = JointTeamMember.objects.in_scope(w.collaboration).get(role="Quality lead")
    assert member.user == User.objects.get(pk=w.zoe.pk)


def test_on_a_phone_and_after_an_htmx_swap(browser: Browser, url, long_lists):
    w = long_lists
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, url, w.ana.email)
    page.goto(url(f"/o/{w.brightwave.slug}/business-cases/new/"))
    _pick_the_two_harbours(page)
    page.keyboard.press("ArrowDown")  # the list open too
    overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(overflow) <= 0

    # A form that HTMX swaps in is enhanced too (htmx:load), once.
    page.evaluate(
        "htmx.ajax('GET', location.pathname, {target: '#main', swap: 'innerHTML', select: '#main > *'})"
    )
    expect(page.locator(".ts-control .item")).to_have_count(0)
    expect(page.locator(".ts-wrapper")).to_have_count(1)
    page.get_by_role("combobox", name="Candidate partners").focus()
    page.keyboard.type("steel works")
    page.keyboard.press("Enter")
    expect(page.locator(".ts-control .item")).to_have_text(["Harbour Steel Works×"])
    assert page.evaluate(overflow) <= 0
    context.close()


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE], ids=["1280px", "390px"])
def test_no_axe_violations_with_the_list_open_and_choices_made(browser: Browser, url, long_lists, viewport):
    w = long_lists
    context = browser.new_context(viewport=viewport, bypass_csp=True)  # to inject axe-core only
    page = context.new_page()
    log_in(page, url, w.ana.email)
    problems = {}
    page.goto(url(f"/o/{w.brightwave.slug}/business-cases/new/"))
    expect(page.locator(".ts-wrapper")).to_have_count(1)
    problems["business case, enhanced"] = _axe(page)
    _pick_the_two_harbours(page)
    page.keyboard.type("a")  # the list open, an option active
    expect(page.get_by_role("listbox", name="Candidate partners")).to_be_visible()
    problems["business case, list open"] = _axe(page)
    page.goto(url(f"/c/{w.collaboration.pk}/team/add/"))
    page.get_by_role("combobox", name="Person from your organization").focus()
    page.keyboard.type("quint")
    page.keyboard.press("Enter")
    problems["team member, chosen"] = _axe(page)
    for path in ["objectives/add/", "own-measures/add/"]:  # one register entry among 45
        page.goto(url(f"/o/{w.brightwave.slug}/{path}"))
        page.get_by_role("combobox", name="Relationship").focus()
        page.keyboard.type("harbour l")
        page.keyboard.press("Enter")
        expect(page.locator("#id_relationship + .ts-wrapper .item")).to_have_text("Harbour Logistics")
        problems[path] = _axe(page)
    context.close()
    assert not any(problems.values()), problems
