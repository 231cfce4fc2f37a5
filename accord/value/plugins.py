"""What value creation adds to the shared pages (registered in ``ValueConfig.ready``): the
stage 6 gate checks, the card on the collaboration overview and the JRMP section "Value
creation". Everything here is joint data of the collaboration."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from accord.core.i18n import colon, semicolon
from accord.core.text import one_line
from accord.value import selectors
from accord.value.models import ValueInitiative

GATE_KEYS = ("value_defined", "idea_register_in_use", "benefits_tracked")


def gate_answers(collaboration: Any, party: Any, keys: set[str]) -> dict[str, bool]:
    return selectors.gate_answers(collaboration, keys)


def collaboration_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    """Expected against realised value per currency or unit, and the initiatives per status
    (three queries: the card needs no party names)."""
    collaboration = scope.collaboration
    counts = selectors.status_counts(collaboration)
    return {
        "collaboration": collaboration,
        "totals": selectors.value_totals(collaboration, parties=[]),
        "counts": counts,
        "initiatives": sum(counts.values()),
    }


# Plan source: the JRMP's "Value creation" section ------------------------------------------


def jrmp_load(collaboration: Any, limit: int | None) -> dict[str, Any]:
    """Each party's definition of value, and the initiatives with their expected and
    realised value per party (four queries; five when ``limit`` cuts the list)."""
    initiatives = selectors.initiatives_with_values(collaboration, limit=limit)
    cut = limit is not None and len(initiatives) >= limit
    return {
        "collaboration": collaboration,
        "definitions": selectors.definitions(collaboration),
        "initiatives": initiatives,
        "initiative_count": ValueInitiative.objects.in_scope(collaboration).count()
        if cut
        else len(initiatives),
    }


def jrmp_filled(rows: dict[str, Any]) -> bool:
    return bool(rows["definitions"] or rows["initiatives"])


def jrmp_lines(rows: dict[str, Any]) -> list[str]:
    """Plain lines: "What value means to <party>: …", then one line per initiative with its
    status and each party's expected and realised value."""
    lines = []
    for d in rows["definitions"]:
        lines.append(
            _("What value means to %(party)s: %(statement)s")
            % {"party": d.party.organization.name, "statement": one_line(d.statement)}
        )
    for item in rows["initiatives"]:
        details = [str(item.status_label).lower(), str(item.category_label).lower()]
        if item.owner_name:
            details.append(_("owner: %(name)s") % {"name": item.owner_name})
        text = f"{item.title} ({(semicolon() + ' ').join(details)})"
        for values in item.per_party.values():
            parts = []
            if values["expected"]:
                parts.append(_("expects %(value)s") % {"value": values["expected"]})
            if values["realised"]:
                parts.append(
                    _("realised %(value)s")
                    % {"value": ", ".join(selectors.format_amount(v, m) for m, v in values["realised"])}
                )
            if parts:
                text += f" — {values['label']}{colon()} {', '.join(parts)}"
        if item.gain_sharing:
            text += " — " + _("gains shared: %(how)s") % {"how": one_line(item.gain_sharing)}
        lines.append(text)
    return lines
