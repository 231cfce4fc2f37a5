"""The menus' links built from a URL reversed once are the URLs reverse() gives."""

import pytest
from django.urls import NoReverseMatch, reverse

from accord.core.registry import registry
from accord.core.reversing import reverse_with_key


def test_menu_links_are_the_reversed_urls():
    for scope, keys in (("org", ["brightwave", "a-b_c", "x1"]), ("collaboration", [1, 42, "7"])):
        for link in registry.nav_links(scope):
            for key in keys:
                assert reverse_with_key(link.url_name, key) == reverse(link.url_name, args=[key])


def test_a_key_that_is_not_a_plain_slug_goes_through_reverse():
    with pytest.raises(NoReverseMatch):  # as reverse() does: no URL for a key the pattern refuses
        reverse_with_key("organizations:dashboard", "a/b")
