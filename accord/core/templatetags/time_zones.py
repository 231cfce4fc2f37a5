"""``{% time_zone_name %}``: the name of the zone the page shows times in (accord.core.zones),
written once next to times of day, e.g. in a column header."""

from django import template

from accord.core.zones import current_zone_name

register = template.Library()


@register.simple_tag
def time_zone_name() -> str:
    return current_zone_name()


@register.filter
def with_zone(text: str, style: str = "") -> str:
    """A formatted time of day followed by its zone: ``3 Dec 2026 14:00 (Europe/Paris)``;
    ``with_zone:"bare"`` leaves out the brackets (for a time already in brackets)."""
    if not text:
        return text
    return f"{text} {current_zone_name()}" if style == "bare" else f"{text} ({current_zone_name()})"
