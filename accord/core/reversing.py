"""``reverse()`` once per URL name and key position: the menus of every page link to the same
twenty-odd pages of one organization or joint space, and reversing each of them on every
request cost about 40 µs a link (issue 13). The first call reverses with a placeholder key;
later calls put the key into that URL."""

import re
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Where the JSON API is mounted (config/urls.py); its pages are linked without reversing its
# URLs, which would import the whole API in a process that only serves pages.
API_PATH = "api/v1/"

# Digits match every converter the scoped URLs use for their key (slug, int, id).
_PLACEHOLDER = "918273645546372819"
_SAFE_KEY = re.compile(r"[-a-zA-Z0-9_]+")
_templates: dict[tuple[str, str, Any], tuple[str, str] | None] = {}


def reverse_with_key(url_name: str, key: Any) -> str:
    """``reverse(url_name, args=[key])`` for a URL whose only argument is an organization's
    slug or an id."""
    text = str(key)
    if not _SAFE_KEY.fullmatch(text):
        return reverse(url_name, args=[key])
    cache_key = (url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    parts = _templates.get(cache_key)
    if parts is None:
        url = reverse(url_name, args=[_PLACEHOLDER])
        before, found, after = url.partition(_PLACEHOLDER)
        if not found or _PLACEHOLDER in after:
            return reverse(url_name, args=[key])
        parts = _templates[cache_key] = (before, after)
    return parts[0] + text + parts[1]
