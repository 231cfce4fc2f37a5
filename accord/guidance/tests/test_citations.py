"""Every clause Accord cites is in the checked list (data/clauses.yaml), with its topic."""

from collections import Counter

import pytest

from accord.guidance import citations
from accord.guidance.library import _load


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("(ISO 44003 5.1.3.1, 5.3.3.2)", ["ISO 44003 5.1.3.1", "ISO 44003 5.3.3.2"]),
        ("ISO 44003 5.12; ISO 44001 8.4, 8.10", ["ISO 44003 5.12", "ISO 44001 8.4", "ISO 44001 8.10"]),
        ("ISO 44001 8.3–8.10", ["ISO 44001 8.3", "ISO 44001 8.10"]),
        ("ISO 44003 5.1 to 5.12", ["ISO 44003 5.1", "ISO 44003 5.12"]),
        ("(ISO 44003 5.1.3.3 f) and more", ["ISO 44003 5.1.3.3", "ISO 44003 5.1.3.3 f"]),
        ("duties (5.1.3.3 b–c)", ["ISO 44003 5.1.3.3", "ISO 44003 5.1.3.3 b", "ISO 44003 5.1.3.3 c"]),
        ("ISO 44003 5.4.3.3 senior meetings", ["ISO 44003 5.4.3.3"]),
        ("the twelve principles of ISO/TR 44000", ["ISO/TR 44000"]),
        ("ISO 44003 Introduction", ["ISO 44003 Introduction"]),
        ("following ISO 44001 and ISO 44003.", ["ISO 44001", "ISO 44003"]),
        ("ISO 44001 clause 8", ["ISO 44001 8"]),
        ("a 1.5 ratio (3.2 kg)", []),
    ],
)
def test_citations_are_read_in_every_form_the_product_uses(text, refs):
    assert [c.ref for c in citations.citations(text)] == refs


def test_the_checked_list_gives_each_clause_once_with_its_topic():
    data = _load("clauses.yaml")["clauses"]
    twice = [ref for ref, n in Counter(c["ref"] for c in data).items() if n > 1]
    assert not twice, f"clauses listed twice: {twice}"
    assert all(c["topic"].strip() for c in data), "a clause has no topic"
    # A listed clause reads back as itself, so that it can ever match.
    assert all([c.ref for c in citations.citations(ref)][-1] == ref for ref in citations.checked())


def test_every_citation_in_the_product_is_in_the_checked_list():
    """Guidance data, templates, section definitions, help text, questionnaires: a clause
    outside data/clauses.yaml is either a mistake or must be checked and added there."""
    assert any(p.name == "sections.py" for p in citations.cited_files())
    bad = citations.unchecked()
    assert not bad, "citations not in guidance/data/clauses.yaml:\n" + "\n".join(
        f"  {path}:{line}: {ref}" for path, line, ref in bad
    )
