"""The guidance data stays well formed as every app appends its topics."""

from collections import Counter

from accord.guidance import library


def test_every_topic_key_is_unique_and_every_topic_names_a_principle():
    data = library._load("topics.yaml")["topics"]
    twice = [key for key, n in Counter(t["key"] for t in data).items() if n > 1]
    assert not twice, f"topics defined twice: {twice}"
    principles = {p.key for p in library.principles()}
    assert all(t["principle"] in principles for t in data), "a topic names an unknown principle"


def test_every_gate_check_key_is_answered_by_some_app():
    from accord.core.registry import registry

    keys = {g.check for s in library.stages() for g in s.gate_checks if g.check}
    unanswered = keys - registry.gate_keys()
    assert not unanswered, f"gate checks no app answers: {sorted(unanswered)}"
