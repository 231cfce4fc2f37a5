"""The heat map as SVG: a likelihood × impact grid with the count of risks in each cell.

Drawn like ``accord/core/charts.py``: presentation attributes only (no ``<style>``), a
``<title>`` and ``<desc>`` in words, every cell says its count and band in text (colour is
never the only signal: a band letter beside the count, and a legend), each cell with risks
links to the register filtered on it.
"""

from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.core.charts import AXIS_COLOUR, FONT, TEXT_COLOUR
from accord.risks.models import Band, band_limits
from accord.risks.selectors import HeatMap

FILL = {Band.LOW: "#dcf2e6", Band.MEDIUM: "#fdf0d5", Band.HIGH: "#fbe0dc"}
EDGE = {Band.LOW: "#00785a", Band.MEDIUM: "#7a6a00", Band.HIGH: "#b3261e"}
LETTER = {Band.LOW: "L", Band.MEDIUM: "M", Band.HIGH: "H"}
CELL, LEFT, TOP = 56, 70, 16


def band_label(value: str) -> str:
    return str(Band(value).label)


def svg(data: HeatMap, link: str = "") -> SafeString:
    """The grid; ``link``: the register's URL, cells with risks link to ``link?<filters>``."""
    n = data.scale_max
    width, height = LEFT + n * CELL + 10, TOP + n * CELL + 50
    kind = _("residual") if data.residual else _("inherent")
    title = _("Risk heat map (%(kind)s): likelihood by impact") % {"kind": kind}
    desc = ngettext(
        "%(total)s active risk on a %(n)s by %(n)s grid; likelihood rises upwards, impact to the right.",
        "%(total)s active risks on a %(n)s by %(n)s grid; likelihood rises upwards, impact to the right.",
        data.total,
    ) % {
        "total": data.total,
        "n": n,
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="heat-title heat-desc" {FONT} class="chart heat-map">',
        f'<title id="heat-title">{escape(title)}</title>',
        f'<desc id="heat-desc">{escape(desc)}</desc>',
    ]
    first, second = ("residual_likelihood", "residual_impact") if data.residual else ("likelihood", "impact")
    for cell in data.cells:
        x = LEFT + (cell.impact - 1) * CELL
        y = TOP + (n - cell.likelihood) * CELL
        label = ngettext(
            "Likelihood %(l)s, impact %(i)s: %(count)s risk (%(band)s)",
            "Likelihood %(l)s, impact %(i)s: %(count)s risks (%(band)s)",
            cell.count,
        ) % {
            "l": cell.likelihood,
            "i": cell.impact,
            "count": cell.count,
            "band": band_label(cell.band),
        }
        rect = (
            f'<rect x="{x}" y="{y}" width="{CELL - 2}" height="{CELL - 2}" fill="{FILL[cell.band]}" '
            f'stroke="{EDGE[cell.band]}" stroke-width="{2 if cell.count else 0.5}" rx="3"/>'
        )
        count = (
            f'<text x="{x + CELL // 2 - 1}" y="{y + CELL // 2 + 2}" text-anchor="middle" font-size="16" '
            f'font-weight="{"bold" if cell.count else "normal"}" fill="{TEXT_COLOUR}">{cell.count}</text>'
        )
        letter = (
            f'<text x="{x + CELL - 8}" y="{y + 13}" text-anchor="end" font-size="10" '
            f'fill="{EDGE[cell.band]}">{LETTER[cell.band]}</text>'
        )
        inner = f"<title>{escape(label)}</title>{rect}{count}{letter}"
        if cell.count and link:
            href = f"{link}?{first}={cell.likelihood}&{second}={cell.impact}"
            parts.append(f'<a href="{escape(href)}" aria-label="{escape(label)}">{inner}</a>')
        else:
            parts.append(f"<g>{inner}</g>")
    for level in range(1, n + 1):
        parts.append(
            f'<text x="{LEFT - 8}" y="{TOP + (n - level) * CELL + CELL // 2 + 2}" text-anchor="end" '
            f'font-size="12" fill="{AXIS_COLOUR}">{level}</text>'
        )
        parts.append(
            f'<text x="{LEFT + (level - 1) * CELL + CELL // 2 - 1}" y="{TOP + n * CELL + 14}" '
            f'text-anchor="middle" font-size="12" fill="{AXIS_COLOUR}">{level}</text>'
        )
    parts.append(
        f'<text x="{LEFT + n * CELL // 2}" y="{TOP + n * CELL + 34}" text-anchor="middle" font-size="12" '
        f'fill="{TEXT_COLOUR}">{escape(_("Impact"))} →</text>'
    )
    parts.append(
        f'<text x="14" y="{TOP + n * CELL // 2}" text-anchor="middle" font-size="12" fill="{TEXT_COLOUR}" '
        f'transform="rotate(-90 14 {TOP + n * CELL // 2})">{escape(_("Likelihood"))} →</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def legend(scale_max: int) -> list[dict[str, Any]]:
    """The bands in words, with their score ranges and the letter the cells carry."""
    medium, high = band_limits(scale_max)
    return [
        {
            "band": Band.LOW,
            "label": band_label(Band.LOW),
            "letter": "L",
            "fill": FILL[Band.LOW],
            "range": f"1–{medium - 1}",
        },
        {
            "band": Band.MEDIUM,
            "label": band_label(Band.MEDIUM),
            "letter": "M",
            "fill": FILL[Band.MEDIUM],
            "range": f"{medium}–{high - 1}",
        },
        {
            "band": Band.HIGH,
            "label": band_label(Band.HIGH),
            "letter": "H",
            "fill": FILL[Band.HIGH],
            "range": f"{high}–{scale_max * scale_max}",
        },
    ]
