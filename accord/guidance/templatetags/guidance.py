"""``{% guidance "topic.key" %}`` on every page (a built-in library: see settings.TEMPLATES)."""

from typing import Any

from django import template

from accord.guidance import library

register = template.Library()


@register.inclusion_tag("components/guidance.html")
def guidance(key: str, open: bool = False) -> dict[str, Any]:
    """A short, collapsible guidance note for the screen, with the clause it comes from."""
    topic = library.topic(key)
    return {"topic": topic, "principle": library.principle(topic.principle), "open": open}
