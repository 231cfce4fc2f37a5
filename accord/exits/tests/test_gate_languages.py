from django.utils import translation

from accord.exits import gates
from accord.guidance import library


def _keys_and_links(checks):
    return [(gates.item_key(c), gates.TEXT_LINKS.get(gates.source(c.text))) for c in checks]


def test_a_gate_items_key_and_link_do_not_change_with_the_language():
    """Confirmations are stored under the item's key: a person reading in French must find the
    confirmation a partner gave in English, and the item must keep its screen link."""
    checks = [c for s in library.stages() for c in s.gate_checks if not c.check]
    english = _keys_and_links(checks)
    assert any(link for _key, link in english)
    with translation.override("fr"):
        assert any(str(c.text) != gates.source(c.text) for c in checks)  # shown in French
        assert _keys_and_links(checks) == english
