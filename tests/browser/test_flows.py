"""End-to-end flows in Chromium, driven the way a person would: by labels, roles and link text.

Using accessible selectors only (no test ids) also checks that the forms are labelled.
"""

import re
import warnings
from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import TIMEOUT_MS
from tests.factories import PASSWORD, RelationshipFactory, UserFactory, make_org

pytestmark = [
    pytest.mark.browser,
    # Raised by pytest-playwright's own base_url fixture, not by these tests.
    pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods"),
]

# Plain groups only: Playwright hands the pattern to JavaScript, which has no (?P<name>...).
ENTRY_URL = re.compile(r"/o/([\w-]+)/register/(\d+)/$")
INVITATION_LINK = re.compile(r"https?://[^/\s]+(?P<path>/invitations/collaboration/[^/\s]+/)")
VERIFY_LINK = re.compile(r"https?://[^/\s]+(?P<path>/accounts/verify/[^/\s]+/)")

# Default criteria (weights 3, 3, 2, 2) in their order on the scores form.
CRITERIA = ["Value to the business", "Collaboration potential", "Dependency", "Risk"]


# --- helpers ---------------------------------------------------------------------------------


def main_nav(page: Page):
    return page.get_by_role("navigation", name="Main")


def sign_up(page: Page, *, name: str, email: str, password: str, organization: str) -> None:
    page.get_by_label("Your name").fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Your organization").fill(organization)
    page.get_by_role("button", name="Create account").click()


def log_in(page: Page, url: Callable[[str], str], email: str, password: str = PASSWORD) -> None:
    page.goto(url("/accounts/login/"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def add_relationship(page: Page, *, name: str, kind: str) -> int:
    """From any page inside the organization: Register → Add a relationship → Save."""
    main_nav(page).get_by_role("link", name="Register").click()
    expect(page.get_by_role("heading", name="Relationship register")).to_be_visible()
    page.get_by_role("button", name="Add a relationship").click()
    expect(page.get_by_role("heading", level=1, name="Add a relationship")).to_be_visible()
    page.get_by_label("Counterpart").fill(name)
    page.get_by_label("Kind").select_option(label=kind)
    page.get_by_label("Contacts").fill(f"Someone at {name}, someone@example.test")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    expect(page).to_have_url(ENTRY_URL)
    return int(ENTRY_URL.search(page.url)[2])


def score(page: Page, values: list[int]) -> None:
    """On a register entry: choose one score per criterion and save."""
    scores = page.get_by_role("region", name="Segmentation scores")
    for criterion, value in zip(CRITERIA, values, strict=True):
        scores.get_by_label(re.compile(rf"^{criterion}")).select_option(str(value))
    scores.get_by_role("button", name="Save scores").click()


def segment_badge(page: Page):
    # The badge right under the entry's heading (tags further down are badges too).
    return page.locator("main h1 + p .badge")


def warn_if_css_missing(page: Page, url: Callable[[str], str]) -> None:
    """The live server should serve static files; report, don't fail, when it does not."""
    for path in ("/static/vendor/pico/pico.min.css", "/static/accord/accord.css"):
        response = page.request.get(url(path))
        if response.status != 200 or "css" not in response.headers.get("content-type", ""):
            warnings.warn(f"{path} not served by live_server: {response.status}", stacklevel=2)
    applied = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    if applied in ("", "Times New Roman", '"Times New Roman"'):
        warnings.warn(f"Stylesheets seem not applied (body font: {applied!r})", stacklevel=2)


# --- the main flow ---------------------------------------------------------------------------


def test_from_sign_up_to_a_joint_space_with_a_partner(page: Page, browser: Browser, url, live_server):
    # 1. Sign up → profile edit page → fill the profile → profile page shows it.
    page.goto(url("/accounts/signup/"))
    expect(page.get_by_role("heading", name="Create your Accord account")).to_be_visible()
    sign_up(
        page,
        name="Ana Brightwave",
        email="ana@brightwave.test",
        password="Quiet-river-2049",
        organization="Brightwave Engineering",
    )
    # The address is confirmed through the e-mailed link before the account can act.
    expect(page.get_by_role("heading", level=1, name="Check your inbox")).to_be_visible()
    match = VERIFY_LINK.search(mail.outbox[-1].body)
    assert match, f"no confirmation link in the e-mail:\n{mail.outbox[-1].body}"
    page.goto(url(match["path"]))
    expect(page.get_by_role("heading", level=1, name="Edit profile")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/o/brightwave-engineering/profile/edit/$"))
    warn_if_css_missing(page, url)

    page.get_by_label("Sector", exact=True).fill("Precision engineering")
    page.get_by_label(re.compile(r"^Market and business environment")).fill("Rail and energy OEMs in Europe")
    page.get_by_label("Vision", exact=True).fill("The partner of choice for small-batch rail parts")
    page.get_by_label("Values", exact=True).fill("Reliability\nOpenness")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_role("heading", level=1, name="Profile: Brightwave Engineering")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Profile saved.")
    profile = page.locator("dl.profile")
    for text in (
        "Precision engineering",
        "Rail and energy OEMs in Europe",
        "The partner of choice for small-batch rail parts",
        "Reliability",
        "Openness",
    ):
        expect(profile).to_contain_text(text)

    # 2. Three register entries, each scored on its detail page; the segment follows the scores.
    entries = {
        # name: (kind, scores, expected segment); weighted score in the comment.
        "Lumen Coatings": ("Partner", [5, 5, 4, 4], "Collaborate"),  # 90
        "Northwind Freight": ("Supplier", [4, 4, 3, 3], "Develop"),  # 65
        "Acme Retail": ("Customer", [2, 2, 2, 2], "Transactional"),  # 25
    }
    ids = {}
    for name, (kind, values, segment) in entries.items():
        ids[name] = add_relationship(page, name=name, kind=kind)
        expect(segment_badge(page)).to_have_text("Not scored yet")
        score(page, values)
        expect(page.get_by_role("status")).to_contain_text(f"Scores saved. Segment: {segment}.")
        expect(segment_badge(page)).to_have_text(segment)
        # The form keeps the saved choices.
        scores = page.get_by_role("region", name="Segmentation scores")
        expect(scores.get_by_label(re.compile(rf"^{CRITERIA[0]}"))).to_have_value(str(values[0]))

    # 3. The portfolio matrix: one circle per scored entry, and the same data as a table.
    main_nav(page).get_by_role("link", name="Portfolio").click()
    expect(page.get_by_role("heading", level=1, name="Portfolio matrix")).to_be_visible()
    expect(page.locator("svg circle")).to_have_count(len(entries))
    expect(page.get_by_role("group", name=re.compile("Portfolio matrix"))).to_be_visible()
    table = page.get_by_role("table")  # the key under the chart, always shown
    for name in entries:
        expect(table.get_by_role("link", name=name)).to_be_visible()

    # 4. Decide "yes" on Lumen Coatings, start a collaboration from it and invite the partner.
    table.get_by_role("link", name="Lumen Coatings").click()
    expect(page.get_by_role("heading", level=1, name="Lumen Coatings")).to_be_visible()
    decision = page.get_by_role("region", name="Decision: collaborative approach?")
    expect(decision).to_contain_text("No decision yet.")
    decision.get_by_label("Is a collaborative approach appropriate?").select_option(
        label="Yes, a collaborative approach is appropriate"
    )
    decision.get_by_label("Rationale").fill("High value and both sides gain from joint planning.")
    decision.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("status")).to_contain_text("Decision recorded.")
    expect(decision).to_contain_text("Yes, a collaborative approach is appropriate")
    expect(decision).to_contain_text("High value and both sides gain from joint planning.")

    page.get_by_role("button", name="Start a collaboration").click()
    expect(page.get_by_role("heading", level=1, name="Start a collaboration")).to_be_visible()
    expect(page.get_by_text("Started from your register entry “Lumen Coatings”")).to_be_visible()
    collab_name = "Brightwave Engineering and Lumen Coatings"
    # get_by_label would read the aria-hidden "*" of required fields: use the accessible name.
    name_box = page.get_by_role("textbox", name="Name", exact=True)
    expect(name_box).to_have_value("")  # never pre-filled from the private register
    name_box.fill(collab_name)
    page.get_by_label("Purpose").fill("Bid together for the regional rail refurbishment tender.")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("heading", level=1, name=f"Invite a partner to {collab_name}")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Joint space created.")
    mail.outbox.clear()
    page.get_by_label("Partner's e-mail").fill("partner@lumen.test")
    page.get_by_label("Partner organization").fill("Lumen Coatings")
    page.get_by_label("Personal message").fill("Looking forward to the tender with you.")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text("Invitation sent to partner@lumen.test.")
    expect(page.get_by_role("heading", level=1, name=collab_name)).to_be_visible()
    collaboration_url = page.url

    assert mail.outbox, "no invitation e-mail was sent"
    message = mail.outbox[-1]
    assert message.to == ["partner@lumen.test"]
    match = INVITATION_LINK.search(message.body)
    assert match, f"no invitation link in the e-mail:\n{message.body}"
    invitation_url = url(match["path"])

    # The entry now links to the joint space instead of offering to start one.
    page.goto(url(f"/o/brightwave-engineering/register/{ids['Lumen Coatings']}/"))
    expect(page.get_by_role("link", name="Open the joint space")).to_be_visible()
    expect(page.get_by_role("button", name="Start a collaboration")).to_have_count(0)

    # 5. The partner, in a separate browser context: link → log in → sign up → accept.
    partner_context = browser.new_context()
    try:
        partner = partner_context.new_page()
        partner.set_default_timeout(TIMEOUT_MS)
        partner.goto(invitation_url)
        # The link works logged out: who invites to what, with sign-up and log-in.
        expect(partner.get_by_role("heading", level=1, name=f"Join “{collab_name}”")).to_be_visible()
        expect(
            partner.get_by_text(f"Brightwave Engineering invites you to the {collab_name} joint space.")
        ).to_be_visible()
        landing = partner.locator("#main")
        expect(landing.get_by_role("button", name="Log in")).to_be_visible()
        landing.get_by_role("button", name="Sign up").click()
        expect(partner.get_by_role("heading", name="Create your Accord account")).to_be_visible()
        expect(partner).to_have_url(
            re.compile(r"/accounts/signup/\?next=(/|%2F)invitations(/|%2F)collaboration(/|%2F)")
        )
        sign_up(
            partner,
            name="Jo Lumen",
            email="partner@lumen.test",
            password="Bright-coat-8812",
            organization="Lumen Coatings",
        )

        expect(partner.get_by_role("heading", level=1, name=f"Join “{collab_name}”")).to_be_visible()
        expect(partner).to_have_url(invitation_url)
        expect(partner.get_by_text("Looking forward to the tender with you.")).to_be_visible()
        partner.get_by_label("Accept on behalf of").select_option(label="Lumen Coatings")
        partner.get_by_role("button", name="Accept", exact=True).click()

        expect(partner.get_by_role("heading", level=1, name=collab_name)).to_be_visible()
        expect(partner.get_by_role("status")).to_contain_text(f"Lumen Coatings joined “{collab_name}”.")
        expect(partner).to_have_url(collaboration_url)
        parties = partner.get_by_role("region", name="Parties")
        expect(
            parties.get_by_role("heading", level=3, name=re.compile("^Brightwave Engineering"))
        ).to_be_visible()
        expect(parties.get_by_role("heading", level=3, name=re.compile("^Lumen Coatings"))).to_be_visible()
        expect(partner.get_by_text("you act for Lumen Coatings")).to_be_visible()

        # 6. The joint space does not open the first firm's private register to the partner.
        response = partner.goto(url(f"/o/brightwave-engineering/register/{ids['Lumen Coatings']}/"))
        assert response is not None and response.status == 404
        response = partner.goto(url("/o/brightwave-engineering/register/"))
        assert response is not None and response.status == 404
    finally:
        partner_context.close()

    # The initiator sees the partner as a party too.
    page.goto(collaboration_url)
    parties = page.get_by_role("region", name="Parties")
    expect(parties.get_by_role("heading", level=3, name=re.compile("^Lumen Coatings"))).to_be_visible()


# --- smaller flows ---------------------------------------------------------------------------


@pytest.fixture
def owner_with_register(transactional_db):
    """An owner whose organization has a register with entries of several kinds."""
    owner = UserFactory(email="owner@harbour.test", full_name="Hana Harbour")
    org = make_org("Harbour Tools", owner)
    for name, kind in [
        ("Atlas Steel", "supplier"),
        ("Birch Logistics", "supplier"),
        ("Cobalt Retail", "customer"),
        ("Delta Network", "network"),
    ]:
        RelationshipFactory(organization=org, counterpart_name=name, kind=kind, owner=owner)
    return owner, org


def test_register_filter_swaps_results_in_place(page: Page, url, owner_with_register):
    owner, org = owner_with_register
    log_in(page, url, owner.email)
    expect(page.get_by_role("heading", level=1, name="Harbour Tools")).to_be_visible()
    main_nav(page).get_by_role("link", name="Register").click()

    count = page.get_by_text(re.compile(r"^\s*\d+ entr(y|ies)\b"))
    entries = page.get_by_role("table", name="Register entries")
    expect(count).to_contain_text("4 entries")
    filters = page.get_by_role("search", name="Filter the register")
    heading = page.get_by_role("heading", level=1, name="Relationship register")
    heading.evaluate("el => { el.dataset.marker = 'same-page'; }")

    # The filter labels wrap their <select>, so the label text holds every option ("Sort by
    # Name (A–Z) … Kind …"): get_by_label("Kind") is ambiguous, the accessible name is not.
    kind = filters.get_by_role("combobox", name="Kind", exact=True)
    kind.select_option(label="Supplier")
    expect(count).to_contain_text("2 entries")
    expect(entries.get_by_role("link", name="Atlas Steel")).to_be_visible()
    expect(entries.get_by_role("link", name="Birch Logistics")).to_be_visible()
    expect(entries.get_by_role("link", name="Cobalt Retail")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"kind=supplier"))
    # htmx swapped the results only: the page itself was not reloaded.
    expect(heading).to_have_attribute("data-marker", "same-page")

    kind.select_option(label="Customer")
    expect(count).to_contain_text("1 entry")
    expect(entries.get_by_role("link", name="Cobalt Retail")).to_be_visible()
    expect(entries.get_by_role("link", name="Atlas Steel")).to_have_count(0)

    # The swapped fragment replaces the results region; it must not nest a second #results
    # (duplicate id, nested aria-live regions) inside the first.
    expect(page.locator("#results"), "the htmx swap nested #results in #results").to_have_count(1)

    page.get_by_role("link", name="Clear filters").click()
    expect(count).to_contain_text("4 entries")
    expect(kind).to_have_value("")


def test_login_with_a_wrong_password_shows_an_error(page: Page, url, transactional_db):
    user = UserFactory(email="sam@example.test")
    log_in(page, url, user.email, password="not-the-password")
    expect(page.get_by_role("heading", level=1, name="Log in")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    # The right password gets in; with no organization yet, home offers to create one.
    log_in(page, url, user.email)
    expect(page.get_by_role("heading", level=1, name="Create an organization")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)


def test_csv_import_preview_then_import(page: Page, url, owner_with_register):
    owner, org = owner_with_register
    log_in(page, url, owner.email)
    page.goto(url(f"/o/{org.slug}/register/"))
    page.get_by_role("link", name="Import CSV").click()
    expect(page.get_by_role("heading", level=1, name="Import relationships from CSV")).to_be_visible()

    bad = "counterpart_name,kind,status\nEcho Metals,supplier,current\nFoxtrot Labs,spaceship,current\n"
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "register.csv", "mimeType": "text/csv", "buffer": bad.encode()}]
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("alert")).to_contain_text("1 row has errors. Nothing was imported")
    preview = page.get_by_role("table", name="Preview")
    error_row = preview.get_by_role("row").filter(has_text="Foxtrot Labs")
    expect(error_row).to_contain_text("kind must be one of:")
    expect(page.get_by_role("button", name=re.compile(r"^Import \d"))).to_have_count(0)

    good = "counterpart_name,kind,tags\nEcho Metals,supplier,metal\nFoxtrot Labs,Partner,lab;r&d\n"
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "register.csv", "mimeType": "text/csv", "buffer": good.encode()}]
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_role("table", name="Preview")).to_contain_text("Foxtrot Labs")
    page.get_by_role("button", name="Import 2 entries").click()

    expect(page.get_by_role("heading", level=1, name="Relationship register")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("2 entries imported.")
    results = page.locator("#results")
    expect(results).to_contain_text("6 entries")
    expect(results.get_by_role("link", name="Foxtrot Labs")).to_be_visible()
