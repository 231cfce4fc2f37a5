from typing import Any

from django import template
from django.http import QueryDict

from accord.guidance import library

register = template.Library()


@register.inclusion_tag("components/guidance.html")
def guidance(key: str, open: bool = False) -> dict[str, Any]:
    """A short, collapsible guidance note for the screen, with the clause it comes from."""
    topic = library.topic(key)
    return {"topic": topic, "principle": library.principle(topic.principle), "open": open}


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (pagination, sorting)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None
