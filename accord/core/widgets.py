"""Select widgets for long lists of people or register entries.

A form opts in with one line, e.g. ``widgets = {"candidates": SearchableSelectMultiple}`` or
``self.fields["user"].widget = SearchableSelect()``. The widget renders the plain ``<select>``
(which works without JavaScript) with a ``data-searchable`` attribute; accord.js then loads
tom-select (from npm, served from ``static/vendor``) and turns it into a field one can type in
to filter the list, with the keyboard alone: arrows to move, Enter to choose, Backspace to
remove the last choice. The texts tom-select shows are passed along translated.

Selects of hundreds of plain options (an organization's members) are written out in Python
instead (``option_tags``, ``PlainSelect``): the same markup as Django's select template.
"""

import html
from collections.abc import Collection, Iterable
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def _searchable_attrs() -> dict[str, str]:
    # Read at render time, so that they follow the language of the request.
    return {
        "data-searchable": True,
        "data-searchable-placeholder": _("Type to search…"),
        "data-searchable-no-results": _("Nothing matches."),
        "data-searchable-remove": _("Remove"),
    }


class SearchableSelect(forms.Select):
    """One choice out of a long list, searchable once accord.js has run."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"] = {**_searchable_attrs(), **context["widget"]["attrs"]}
        return context


class SearchableSelectMultiple(forms.SelectMultiple):
    """Several choices out of a long list, searchable once accord.js has run; without
    JavaScript the browser's own multiple select (Ctrl or ⌘ to choose several)."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"] = {**_searchable_attrs(), **context["widget"]["attrs"]}
        return context


def escape(value: Any) -> str:
    """Django's ``conditional_escape`` without its lazy-text wrapper, which costs more than the
    escaping in a loop over hundreds of options: safe text as it is, the rest escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def option_tags(choices: Iterable[tuple[Any, Any]], selected: Collection[str]) -> SafeString:
    """``<option>`` elements for plain (value, label) pairs, as Django's select template writes
    them, in one step instead of a template per option (selects with hundreds of options). The
    first option whose value as text (``None`` as "") is in ``selected`` is selected, as in
    ``Select.optgroups``."""
    tags = []
    for value, label in choices:
        value = "" if value is None else str(value)
        if value in selected:
            selected = ()  # the first match only
            tags.append(f'<option value="{escape(value)}" selected>{escape(label)}</option>')
        else:
            tags.append(f'<option value="{escape(value)}">{escape(label)}</option>')
    return mark_safe("".join(tags))  # noqa: S308 - every value and label is escaped above


class PlainSelect(forms.Select):
    """A select of plain choices (no groups, one value) written out in Python: the same
    markup as the select template, without building and rendering a context per option
    (the SER's list holds every member of an organization, hundreds in a large one)."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> SafeString:
        choices = list(self.choices)
        if self.allow_multiple_selected or any(isinstance(label, (list, tuple)) for _v, label in choices):
            return super().render(name, value, attrs, renderer)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            option_tags(choices, set(self.format_value(value))),
        )
