"""Worksheets, plain words and "how to" steps that open the screen where each is done."""

import pytest
from django.urls import NoReverseMatch, reverse

from accord.guidance import library
from accord.guidance.views import screen_scope

SAMPLE_ARGS = {"": {}, "org": {"org": "brightwave"}, "collaboration": {"collaboration": 1}}


def test_every_how_to_step_links_to_a_screen_that_exists():
    """Each step's URL name resolves with the organization or collaboration it needs; a step
    naming a missing screen, or one that needs another argument, fails here."""
    steps = [(f"principle {p.key}", s) for p in library.principles() for s in p.how]
    steps += [(f"worksheet {w.key}", s) for w in library.worksheets() for s in w.steps]
    linked = [(where, s.screen) for where, s in steps if s.screen]
    assert len(linked) > 40
    broken = []
    for where, name in linked:
        scope = screen_scope(name)
        try:
            assert scope is not None
            reverse(name, kwargs=SAMPLE_ARGS[scope])
        except (AssertionError, NoReverseMatch):
            broken.append(f"{where}: {name}")
    assert not broken, f"steps pointing at no screen: {broken}"


def test_the_worksheets_the_issue_asks_for_are_there_with_their_clauses():
    sheets = {w.key: w for w in library.worksheets()}
    expected = {
        "segmentation": "5.2.2",
        "joint_objectives": "5.3.3.6",
        "benefits": "5.3.3.5",
        "business_case": "5.3.3.2",
        "owner_ser": "5.4.3.1",
        "resources_hours": "5.4.3.2",
        "duties_agenda": "5.1.3.3",
        "escalation": "5.4.3.3",
        "values_check": "5.2.3.2",
    }
    for key, clause in expected.items():
        assert clause in sheets[key].clause, key
    principles = {p.key for p in library.principles()}
    assert all(w.principle in principles for w in sheets.values())
    # The joint objectives worksheet gives the four steps in order and ends at the check.
    steps = [str(s) for s in sheets["joint_objectives"].steps]
    order = [next(i for i, t in enumerate(steps) if t.startswith(f"Step {n}")) for n in (1, 2, 3, 4)]
    assert order == sorted(order)
    assert sheets["joint_objectives"].steps[-1].screen == "objectives:alignment"
    # The agenda has the seven duties a to g.
    assert [str(i)[:2] for i in sheets["duties_agenda"].items[:7]] == [f"{c})" for c in "abcdefg"]


def test_jargon_has_plain_words_and_an_example():
    terms = {t.key: t for t in library.glossary()}
    for key in ("forum", "roles_matrix", "decision_rights", "pestle"):
        assert str(terms[key].plain).strip() and str(terms[key].example).strip()


@pytest.mark.django_db
def test_worksheet_pages_glossary_and_marked_jargon(client):
    body = client.get(reverse("guidance:worksheet", args=["escalation"])).content.decode()
    assert "2 working days" in body and "ISO 44003 5.4.3.3" in body
    assert f"{reverse('guidance:go')}?to=governance%3Aladder" in body
    assert client.get(reverse("guidance:worksheet", args=["nope"])).status_code == 404
    glossary = client.get(reverse("guidance:glossary")).content.decode()
    assert 'id="term-pestle"' in glossary and "insulation rules" in glossary
    # Where the words appear they carry their plain words, and the page lists them.
    principle = client.get(reverse("guidance:principle", args=["governance_processes"])).content.decode()
    assert '<abbr title="A regular meeting of named people' in principle
    assert "Words used on this page" in principle
    library_page = client.get(reverse("guidance:library")).content.decode()
    assert "ISO/TR 44000" in library_page and reverse("guidance:worksheet", args=["benefits"]) in library_page
    found = client.get(reverse("guidance:library"), {"q": "agenda"}).content.decode()
    assert reverse("guidance:worksheet", args=["duties_agenda"]) in found


def test_a_step_opens_the_screen_in_the_readers_organization_or_collaboration(client, world):
    go = reverse("guidance:go")
    assert client.get(go, {"to": "relationships:matrix"}).status_code == 302  # to log in
    client.force_login(world.ana)
    response = client.get(go, {"to": "relationships:matrix"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "relationships:matrix", args=[world.brightwave.slug]
    )
    response = client.get(go, {"to": "governance:ladder"})  # Ana is in one collaboration
    assert response["Location"] == reverse("governance:ladder", args=[world.collaboration.pk])
    assert client.get(go, {"to": "accounts:logout"}).status_code == 404  # not a guidance screen
    assert client.get(go).status_code == 404
    client.force_login(world.mallory)  # in no collaboration: told so, nothing opened
    assert "not in any collaboration" in client.get(go, {"to": "governance:ladder"}).content.decode()


def test_screens_guidance_notes_point_to_their_worksheets(client, world):
    topics = library.topics()
    assert all(t in topics for w in library.worksheets() for t in w.topics)
    client.force_login(world.ana)
    body = client.get(reverse("governance:ladder", args=[world.collaboration.pk])).content.decode()
    assert reverse("guidance:worksheet", args=["escalation"]) in body


def test_jargon_is_marked_in_the_readers_language_whichever_was_read_first():
    from django.utils import translation

    from accord.guidance.templatetags.guidance import glossed

    term = next(t for t in library.glossary() if t.key == "roles_matrix")
    for language in ("en", "fr", "en"):
        with translation.override(language):
            word = str(term.term)
            marked = glossed(f"See the {word} below; the {word} again.")
            assert marked.count("<abbr") == 1 and f">{word}</abbr>" in marked
            assert f'title="{term.plain}"' in marked
    with translation.override("fr"):
        assert str(term.term) != "roles matrix"
