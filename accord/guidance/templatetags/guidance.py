"""``{% guidance "topic.key" %}`` on every page and the ``glossed`` filter (a built-in
library: see settings.TEMPLATES)."""

import re
from functools import cache
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from accord.guidance import library

register = template.Library()


@register.inclusion_tag("components/guidance.html")
def guidance(key: str, open: bool = False) -> dict[str, Any]:
    """A short, collapsible guidance note for the screen, with the clause it comes from."""
    topic = library.topic(key)
    worksheets = [w for w in library.worksheets() if key in w.topics]
    return {
        "topic": topic,
        "principle": library.principle(topic.principle),
        "open": open,
        "worksheets": worksheets,
    }


@cache
def _term_patterns(language: str | None) -> tuple[tuple[re.Pattern[str], library.Term], ...]:
    """Each glossary term's pattern in ``language`` (the terms are translated), longest
    first: built once per language instead of on every page."""
    patterns = []
    for term in sorted(library.glossary(), key=lambda t: -len(str(t.term))):
        word = re.escape(conditional_escape(str(term.term)))
        patterns.append((re.compile(rf"(?<![\w-]){word}s?(?![\w-])", flags=re.IGNORECASE), term))
    return tuple(patterns)


def _spans(text: str) -> list[tuple[int, int, library.Term]]:
    """The first place each glossary term appears in ``text`` (whole words, a plural "s"
    allowed), longest terms first, never two overlapping."""
    spans: list[tuple[int, int, library.Term]] = []
    for pattern, term in _term_patterns(get_language()):
        match = pattern.search(text)
        if match and not any(a < match.end() and match.start() < b for a, b, _t in spans):
            spans.append((match.start(), match.end(), term))
    return sorted(spans, key=lambda s: s[0])


@register.filter
def glossed(value: Any) -> SafeString:
    """``value`` escaped, with the first use of each glossary term marked with its plain
    words (``<abbr title>``, a tooltip), linked to the glossary."""
    text = str(conditional_escape(str(value)))
    out, pos = [], 0
    for start, end, term in _spans(text):
        out.append(text[pos:start])
        out.append(
            format_html(
                '<a href="{}#term-{}" class="glossed"><abbr title="{}">{}</abbr></a>',
                reverse("guidance:glossary"),
                term.key,
                str(term.plain),
                mark_safe(text[start:end]),
            )
        )
        pos = end
    out.append(text[pos:])
    return mark_safe("".join(out))


@register.simple_tag
def glossary_terms(*values: Any) -> list[library.Term]:
    """The glossary terms that appear in any of ``values`` (for "Words used on this page")."""
    flat = [x for v in values for x in (v if isinstance(v, list | tuple) else [v])]
    text = " ".join(str(conditional_escape(str(v))) for v in flat)
    return [term for _s, _e, term in _spans(text)]
