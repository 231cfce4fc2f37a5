from typing import Any

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from accord.actions.sources import source_label, source_url

register = template.Library()


@register.filter
def action_source_url(action: Any) -> str | None:
    return source_url(action)


@register.filter
def action_source(action: Any) -> str:
    return action.source_label or source_label(action.source_kind)


@register.simple_tag
def action_due(action: Any) -> str:
    """The due date; an overdue action says so in words and colour."""
    if action.due_date is None:
        return format_html('<span class="muted">{}</span>', _("no date"))
    day = date_format(action.due_date, "DATE_FORMAT")
    if action.overdue:
        return format_html('<span class="badge badge-overdue">{} — {}</span>', day, _("overdue"))
    return day
