"""Status badges for measures: the word and a coloured dot drawn in SVG (presentation
attributes only, so the strict CSP and PDFs render it; colour is never the only signal)."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from accord.measures.selectors import plain
from accord.measures.status import Status

register = template.Library()

COLOURS = {
    Status.ON_TRACK: "#1a7f37",
    Status.AT_RISK: "#b86e00",
    Status.OFF_TRACK: "#c62828",
    Status.MISSING: "#6b7280",
    Status.NOT_RATED: "#9ca3af",
    Status.NO_DATA: "#d1d5db",
}
# A shape per status as well as a colour: filled circle, triangle, square, hollow circle.
SHAPES = {
    Status.ON_TRACK: '<circle cx="5" cy="5" r="4.5" fill="{c}"/>',
    Status.AT_RISK: '<path d="M5 0.5 L9.5 9.5 L0.5 9.5 Z" fill="{c}"/>',
    Status.OFF_TRACK: '<rect x="0.5" y="0.5" width="9" height="9" fill="{c}"/>',
}
HOLLOW = '<circle cx="5" cy="5" r="4" fill="none" stroke="{c}" stroke-width="1.5"/>'


@register.simple_tag
def status_badge(status: Any) -> SafeString:
    status = Status(status)
    colour = COLOURS[status]
    shape = SHAPES.get(status, HOLLOW).format(c=colour)
    return format_html(
        '<span class="badge measure-status status-{}"><svg xmlns="http://www.w3.org/2000/svg" width="10" '
        'height="10" viewBox="0 0 10 10" aria-hidden="true" focusable="false">{}</svg> {}</span>',
        status.value,
        SafeString(shape),
        status.label,
    )


@register.filter
def number(value: Any) -> str:
    """A decimal without trailing zeros; empty for None."""
    if value is None or value == "":
        return ""
    try:
        return plain(value)
    except AttributeError:
        return str(value)
