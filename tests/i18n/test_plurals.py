"""Counts agree with their noun in both languages: French takes the singular for 0 and 1."""

import re

import polib
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import ngettext

from accord.exits.models import timing_text
from tests.i18n.catalogue import CATALOGUE


def test_french_plural_rule_is_singular_for_zero_and_one():
    with translation.override("fr"):
        said = [ngettext("%(n)s entry imported.", "%(n)s entries imported.", n) % {"n": n} for n in (0, 1, 2)]
    assert said == ["0 entrée importée.", "1 entrée importée.", "2 entrées importées."]
    with translation.override("en"):
        assert (
            ngettext("%(n)s entry imported.", "%(n)s entries imported.", 1) % {"n": 1} == "1 entry imported."
        )


def test_exit_timings_count_weeks_and_days():
    with translation.override("fr"):
        assert [timing_text(d) for d in (-7, -14, 1, 3)] == [
            "1 semaine avant",
            "2 semaines avant",
            "1 jour après",
            "3 jours après",
        ]
    with translation.override("en"):
        assert [timing_text(d) for d in (-7, 3)] == ["1 week before", "3 days after"]


def test_a_page_count_renders_singular_and_plural_in_french():
    page = Template(
        "{% load i18n %}{% blocktranslate count n=k %}{{ n }} question{% plural %}{{ n }} questions"
        "{% endblocktranslate %} · {% blocktranslate count n=k %}{{ n }} item open{% plural %}"
        "{{ n }} items open{% endblocktranslate %}"
    )
    with translation.override("fr"):
        one, two = (page.render(Context({"k": k})) for k in (1, 2))
    assert one == "1 question · 1 élément ouvert"
    assert two == "2 questions · 2 éléments ouverts"


def test_no_string_counts_with_a_parenthesised_plural():
    """ "item(s)" reads badly and cannot agree in French: use ngettext or blocktranslate count."""
    counting = re.compile(r"%\(\w+\)[sd][^%]*\b\w+\(s\)")
    found = [e.msgid for e in polib.pofile(str(CATALOGUE)) if not e.obsolete and counting.search(e.msgid)]
    assert not found, found
