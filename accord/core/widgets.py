"""Select widgets for long lists of people or register entries.

A form opts in with one line, e.g. ``widgets = {"candidates": SearchableSelectMultiple}`` or
``self.fields["user"].widget = SearchableSelect()``. The widget renders the plain ``<select>``
(which works without JavaScript) with a ``data-searchable`` attribute; accord.js then loads
tom-select (from npm, served from ``static/vendor``) and turns it into a field one can type in
to filter the list, with the keyboard alone: arrows to move, Enter to choose, Backspace to
remove the last choice. The texts tom-select shows are passed along translated.
"""

from typing import Any

from django import forms
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
