"""Status badges for measures: the word and a coloured dot drawn in SVG (presentation
attributes only, so the strict CSP and PDFs render it; colour is never the only signal)."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from accord.core.i18n import colon
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


# Tables with many rows are built here rather than in template loops: the same markup, a
# fraction of the rendering time (the measures page and the review page show hundreds of cells).


def _csrf_input(context: Any) -> SafeString:
    token = context.get("csrf_token")
    return (
        format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
        if token
        else SafeString("")
    )


def _remove_form(url: str, confirm: str, label: str, csrf: SafeString, extra: str = "") -> SafeString:
    return format_html(
        '<form method="post" action="{}" data-confirm="{}">{}{}<button type="submit" class="secondary outline">{}</button></form>',
        url,
        confirm,
        csrf,
        extra,
        label,
    )


@register.simple_tag(takes_context=True)
def measure_page_rows(context: Any) -> list[Any]:
    """The measures on the register's page (the kit's ``rows``) as measure rows with their
    latest value, status and trend (one query for all of them)."""
    register_ = context["register"]
    return register_.page_rows(context["scope"], [row["obj"] for row in context.get("rows", [])])


@register.simple_tag
def status_counts(rows: list[Any]) -> list[tuple[str, int]]:
    """(status, how many) of the rows, worst first, leaving out the statuses nobody has."""
    from accord.measures.selectors import status_summary

    return [(key, n) for key, n in status_summary(rows).items() if n]


@register.simple_tag(takes_context=True)
def measure_rows_html(context: Any, rows: list[Any], private: bool) -> SafeString:
    """The body rows of a measures register page."""
    from django.utils.translation import gettext as _

    csrf = _csrf_input(context)
    edit, remove = _("Edit"), _("Remove")
    confirm = _("Remove this measure and its values? Their history is kept.")
    out = []
    for row in rows:
        m = row.measure
        meta = " · ".join(str(x) for x in (m.kind_label, m.frequency_label, m.unit) if x)
        if row.latest is not None:
            latest = format_html(
                '{}{} <small class="muted">({})</small>',
                number(row.latest.value),
                f" {m.unit}" if m.unit else "",
                row.latest_label,
            )
        else:
            latest = "—"
        if private:
            owner = m.relationship.counterpart_name if m.relationship_id else "—"
        else:
            owner = m.owner_party.organization.name if m.owner_party_id else "—"
        actions = SafeString("")
        if row.edit_url:
            actions += format_html('<a href="{}">{}</a> ', row.edit_url, edit)
        if row.delete_url:
            actions += _remove_form(row.delete_url, confirm, remove, csrf)
        out.append(
            format_html(
                '<tr><td><a href="{}">{}</a><br><small class="muted">{}</small></td><td>{}</td><td>{}</td>'
                "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                row.detail_url,
                m.name,
                meta,
                m.thresholds_text() or "—",
                latest,
                status_badge(row.status),
                row.trend,
                owner,
                actions,
            )
        )
    return SafeString("".join(out))


@register.simple_tag(takes_context=True)
def series_rows_html(context: Any, series: list[Any], can_edit: bool, delete_url: str) -> SafeString:
    """The body rows of a measure's values table (newest first)."""
    from django.utils.translation import gettext as _

    csrf = _csrf_input(context)
    confirm, remove = _("Remove this value? It stays in the history."), _("Remove")
    correct = _("Correct")
    out = []
    for p in series:
        value = p.value
        cells = format_html(
            '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td>',
            p.label,
            number(value.value) if value else "—",
            status_badge(p.status),
            value.note if value else "",
            value.recorded_by.display_name if value and value.recorded_by_id and value.recorded_by else "",
        )
        if can_edit:
            form = SafeString("")
            if value:
                period = format_html('<input type="hidden" name="period" value="{}">', p.period.isoformat())
                form = format_html(
                    '<a href="?correct={}#value-heading">{}</a> ', p.period.isoformat(), correct
                ) + _remove_form(delete_url, confirm, remove, csrf, period)
            cells += format_html("<td>{}</td>", form)
        out.append(cells + SafeString("</tr>"))
    return SafeString("".join(out))


@register.simple_tag
def snapshot_rows_html(snapshot: list[dict[str, Any]]) -> SafeString:
    """The body rows of a review's frozen table of measures (hundreds of cells: built with
    plain escaping rather than one ``format_html`` per cell)."""
    from html import escape

    from django.utils.translation import gettext as _

    missing, warning = escape(_("missing")), escape(_("warning"))
    badges = {status.value: str(status_badge(status)) for status in Status}
    out = []
    for m in snapshot:
        name = escape(m["name"])
        if m.get("unit"):
            name += f' <small class="muted">({escape(m["unit"])})</small>'
        if m.get("owner_party"):
            name += f'<br><small class="muted">{escape(m["owner_party"])}</small>'
        if m.get("target") is not None:
            target = f"{'≥' if m['direction'] == 'higher' else '≤'} {escape(str(m['target']))}"
            if m.get("warning") is not None:
                target += f' <small class="muted">({warning} {escape(str(m["warning"]))})</small>'
        else:
            target = "—"
        values = "<br>".join(
            f"{escape(v['label'])}{colon()} "
            + (escape(str(v["value"])) if v["value"] is not None else f"<em>{missing}</em>")
            + f' <small class="muted">({escape(v["status_label"])})</small>'
            for v in m["values"]
        )
        out.append(
            f'<tr><th scope="row">{name}</th><td>{target}</td><td>{values or "—"}</td>'
            f"<td>{badges[m['status']]}</td></tr>"
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
