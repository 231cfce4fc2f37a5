"""French typography: a no-break space (U+00A0, as Django's French number format uses for
thousands) before : ; ? ! and inside « », so that a line never starts with the punctuation and
French readers see "Statut : ouvert", not "Statut: ouvert"."""

import re

import polib
from django.template import Context, Template
from django.utils import translation

from accord.core.i18n import colon, semicolon
from tests.i18n.catalogue import CATALOGUE

NBSP = "\u00a0"
# Punctuation that ends a word in running text: followed by a space, a line end, a closing
# mark or the end of the string. "12:30", "https://", "?page=2" and "{n:.1f}" are not.
PUNCTUATION = re.compile(r"[:;?!](?=\s|$|[\"')»<.,])")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sd]|\{[^{}]*\}")


def typography_problems(text: str) -> list[str]:
    """Where a French text breaks the rule: the punctuation and what stands before it."""
    bare = PLACEHOLDER.sub("x", text)
    found = [
        bare[max(0, m.start() - 12) : m.end()]
        for m in PUNCTUATION.finditer(bare)
        if m.start() == 0 or bare[m.start() - 1] != NBSP
    ]
    found += [m.group() for m in re.finditer(r"«[^\u00a0]|[^\u00a0]»", bare)]
    return found


def test_the_rule_allows_times_addresses_and_placeholders():
    assert typography_problems(f"Statut{NBSP}: ouvert{NBSP}; fermé{NBSP}? Oui{NBSP}!") == []
    assert typography_problems("à 12:30, voir https://example.org/?page=2&x=1") == []
    assert typography_problems(f"«{NBSP}%(name)s{NBSP}»{NBSP}: {{n:.1f}}") == []
    assert len(typography_problems("Statut : ouvert; fermé? « oui »")) == 5


def test_french_punctuation_has_a_no_break_space_before_it():
    wrong = []
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if found := typography_problems(text):
                wrong.append(f"{entry.msgid[:60]!r} → {found}")
    assert not wrong, (
        f"{len(wrong)} French strings need a no-break space (U+00A0) before : ; ? ! "
        "or inside « »:\n" + "\n".join(wrong[:100])
    )


def test_a_label_colon_follows_the_language():
    page = Template('{% load i18n accord %}{% translate "Owner" %}{% colon %} Ana')
    with translation.override("en"):
        assert page.render(Context()) == "Owner: Ana"
        assert colon() == ":"
    with translation.override("fr"):
        assert page.render(Context()) == f"Responsable{NBSP}: Ana"
        assert colon() == f"{NBSP}:"


def test_a_list_semicolon_follows_the_language():
    page = Template(
        "{% load accord %}{% for x in items %}{{ x }}{% if not forloop.last %}{% semicolon %} {% endif %}{% endfor %}"
    )
    context = Context({"items": ["a", "b"]})
    with translation.override("en"):
        assert page.render(context) == "a; b" and semicolon() == ";"
    with translation.override("fr"):
        assert page.render(context) == f"a{NBSP}; b"
