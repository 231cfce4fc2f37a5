"""Server-side SVG charts from plain Python data.

The charts use presentation attributes only (no ``<style>`` element, no ``style=""``
attribute), so they render under the strict Content Security Policy of the pages and in
WeasyPrint's PDFs alike. Every chart is ``role="img"`` with a ``<title>`` and a ``<desc>``
that says in words what it shows; ``table=True`` adds the numbers as an HTML table after the
picture for people who cannot see it (and for anyone who wants the figures). Every label is
escaped. Empty data gives a small empty-state picture, never an error.

- ``line_chart``: time series over shared period labels; ``None`` values leave a gap;
  optional target line and threshold bands.
- ``bar_chart``: grouped bars (e.g. expected against realised value per party).
- ``sparkline``: a tiny trend line for a table cell.
- ``radar_chart``: scores on several axes (e.g. the 12 principles), one outline per series.
"""

import math
from collections.abc import Mapping, Sequence
from itertools import count
from typing import Any

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from accord.core.i18n import colon

# Colour-blind-safe palette (Okabe-Ito, darkened where needed for contrast on white); a
# series also gets its own dash pattern so colour is never the only difference.
PALETTE = ["#0055a4", "#c25700", "#00785a", "#a3356e", "#5c4fa8", "#7a6a00", "#1f6f8b", "#555555"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "4 4", "1 2"]
TONES = {"good": "#dcf2e6", "warn": "#fdf0d5", "bad": "#fbe0dc", "neutral": "#eef1f5"}
TARGET_COLOUR = "#1b1b1b"
AXIS_COLOUR = "#6b7280"
GRID_COLOUR = "#e5e7eb"
TEXT_COLOUR = "#1f2937"
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'

_ids = count(1)


# --- small helpers ---------------------------------------------------------------------------


def _num(value: float) -> str:
    """A coordinate with at most two decimals (short markup, stable output)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_value(value: float | None) -> str:
    """A value for people: integers without decimals, others with up to two, with the decimal
    mark of the active language (3.5 in English, 3,5 in French) and a thin space between
    thousands."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u202f")
    text = f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "\u202f")
    return text.replace(".", str(formats.get_format("DECIMAL_SEPARATOR")))


def nice_ticks(low: float, high: float, wanted: int = 5) -> list[float]:
    """Round tick values covering [low, high] (1, 2, 2.5 or 5 times a power of ten)."""
    if not math.isfinite(low) or not math.isfinite(high):
        return [0.0]
    if high < low:
        low, high = high, low
    if high == low:
        spread = abs(high) or 1.0
        low, high = low - spread / 2, high + spread / 2
    raw = (high - low) / max(wanted, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 0.5:
        ticks.append(round(value, 10))
        value += step
        if len(ticks) > 50:  # defensive: never loop on odd floating-point input
            break
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _chart_id(chart_id: str | None) -> str:
    return escape(chart_id) if chart_id else f"chart{next(_ids)}"


def _open_svg(cid: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{cid}-title {cid}-desc" {FONT} class="chart">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(desc)}</desc>',
    ]


def _empty(cid: str, width: int, height: int, title: str, message: str | None = None) -> SafeString:
    message = message or gettext("No data to show yet.")
    parts = _open_svg(cid, width, height, title or message, message)
    parts.append(
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="#f9fafb" '
        f'stroke="{GRID_COLOUR}" rx="4"/>'
    )
    parts.append(
        f'<text x="{_num(width / 2)}" y="{_num(height / 2)}" text-anchor="middle" '
        f'dominant-baseline="middle" font-size="13" fill="{AXIS_COLOUR}">{escape(message)}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _table(caption: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in header)
    body = "".join(
        "<tr>"
        + f'<th scope="row">{escape(row[0])}</th>'
        + "".join(f"<td>{escape(cell)}</td>" for cell in row[1:])
        + "</tr>"
        for row in rows
    )
    return (
        f'<table class="chart-data"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _as_float(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _series_points(series: Mapping[str, Any] | Sequence[Any]) -> tuple[str, list[tuple[str, float | None]]]:
    """``{"label": ..., "points": [(period_label, value), ...]}`` or ``(label, points)``."""
    if isinstance(series, Mapping):
        label, points = series.get("label", ""), series.get("points", [])
    else:
        label, points = series
    return str(label), [(str(p), _as_float(v)) for p, v in points]


def _target_value(target: Any) -> tuple[float | None, str]:
    if isinstance(target, Mapping):
        return _as_float(target.get("value")), str(target.get("label") or gettext("Target"))
    return _as_float(target), gettext("Target")


# --- line chart ------------------------------------------------------------------------------


def line_chart(
    series: Sequence[Mapping[str, Any] | Sequence[Any]],
    *,
    target: float | Mapping[str, Any] | None = None,
    thresholds: Sequence[Mapping[str, Any]] | None = None,
    width: int = 640,
    height: int = 280,
    y_label: str = "",
    title: str = "",
    table: bool = False,
    chart_id: str | None = None,
    max_x_labels: int = 12,
) -> SafeString:
    """Time series over shared period labels.

    - ``series``: a list of ``{"label": "Availability", "points": [("2025 Q1", 99.2),
      ("2025 Q2", None), ...]}`` (or ``(label, points)`` pairs). The x axis is the union of
      the period labels in first-seen order; a ``None`` value leaves a gap in the line.
    - ``target``: a number or ``{"value": 99.5, "label": "Target"}``; drawn as a dashed line.
    - ``thresholds``: bands ``{"low": a|None, "high": b|None, "tone": "good"|"warn"|"bad"|
      "neutral", "label": "On track"}`` (None = the edge of the chart) drawn behind the lines.
    - ``table=True`` adds the figures as an HTML table after the SVG.
    """
    cid = _chart_id(chart_id)
    parsed = [_series_points(s) for s in series]
    periods: list[str] = []
    seen: set[str] = set()
    for _, points in parsed:
        for period, _value in points:
            if period not in seen:
                seen.add(period)
                periods.append(period)
    values = [v for _, points in parsed for _, v in points if v is not None]
    if not values:
        return _empty(cid, width, height, title)

    target_value, target_label = _target_value(target)
    bands = list(thresholds or [])
    scale_values = list(values)
    if target_value is not None:
        scale_values.append(target_value)
    for band in bands:
        scale_values.extend(
            v for v in (_as_float(band.get("low")), _as_float(band.get("high"))) if v is not None
        )
    ticks = nice_ticks(min(scale_values), max(scale_values))
    y_min, y_max = ticks[0], ticks[-1]

    left, right, top, bottom = 56, 16, 16, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    slots = max(len(periods), 1)

    def x_pos(index: int) -> float:
        return left + (plot_w * (index + 0.5) / slots)

    def y_pos(value: float) -> float:
        return top + plot_h - (value - y_min) / (y_max - y_min) * plot_h

    desc = _line_description(parsed, periods, target_value, y_label)
    parts = _open_svg(cid, width, height, title or y_label, desc)

    # Threshold bands behind everything, clipped to the axis range.
    for band in bands:
        low = _as_float(band.get("low"))
        high = _as_float(band.get("high"))
        low = y_min if low is None else max(min(low, y_max), y_min)
        high = y_max if high is None else max(min(high, y_max), y_min)
        if high <= low:
            continue
        colour = TONES.get(str(band.get("tone", "neutral")), str(band.get("colour") or TONES["neutral"]))
        label = escape(band.get("label") or "")
        parts.append(
            f'<rect x="{left}" y="{_num(y_pos(high))}" width="{plot_w}" height="{_num(y_pos(low) - y_pos(high))}" '
            f'fill="{escape(colour)}"><title>{label}</title></rect>'
        )

    # Grid and y axis.
    for tick in ticks:
        y = _num(y_pos(tick))
        parts.append(f'<line x1="{left}" y1="{y}" x2="{left + plot_w}" y2="{y}" stroke="{GRID_COLOUR}"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y}" text-anchor="end" dominant-baseline="middle" font-size="11" '
            f'fill="{TEXT_COLOUR}">{escape(format_value(tick))}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{AXIS_COLOUR}"/>'
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{AXIS_COLOUR}"/>'
    )
    if y_label:
        mid = _num(top + plot_h / 2)
        parts.append(
            f'<text x="12" y="{mid}" text-anchor="middle" font-size="12" fill="{TEXT_COLOUR}" '
            f'transform="rotate(-90 12 {mid})">{escape(y_label)}</text>'
        )

    # X labels: at most ``max_x_labels`` of them, evenly spaced, always the last one.
    every = max(1, math.ceil(len(periods) / max(max_x_labels, 1)))
    shown = list(range(0, len(periods), every))
    if shown[-1] != len(periods) - 1:
        if len(periods) - 1 - shown[-1] < every and len(shown) > 1:
            shown[-1] = len(periods) - 1
        else:
            shown.append(len(periods) - 1)
    for index in shown:
        parts.append(
            f'<text x="{_num(x_pos(index))}" y="{top + plot_h + 16}" text-anchor="middle" font-size="11" '
            f'fill="{TEXT_COLOUR}">{escape(periods[index])}</text>'
        )

    if target_value is not None:
        y = _num(y_pos(target_value))
        parts.append(
            f'<line x1="{left}" y1="{y}" x2="{left + plot_w}" y2="{y}" stroke="{TARGET_COLOUR}" '
            f'stroke-width="1.5" stroke-dasharray="8 4"><title>{escape(target_label)}{colon()} '
            f"{escape(format_value(target_value))}</title></line>"
        )
        parts.append(
            f'<text x="{left + plot_w - 4}" y="{_num(y_pos(target_value) - 4)}" text-anchor="end" '
            f'font-size="11" fill="{TARGET_COLOUR}">{escape(target_label)}</text>'
        )

    index_of = {period: i for i, period in enumerate(periods)}
    for number, (label, points) in enumerate(parsed):
        colour = PALETTE[number % len(PALETTE)]
        dash = DASHES[number % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        runs: list[list[tuple[float, float]]] = [[]]
        for period, value in points:
            if value is None:
                if runs[-1]:
                    runs.append([])
                continue
            runs[-1].append((x_pos(index_of[period]), y_pos(value)))
        for run in runs:
            if len(run) > 1:
                coords = " ".join(f"{_num(x)},{_num(y)}" for x, y in run)
                parts.append(
                    f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>'
                )
        # A point marker for each value, with its figure as a tooltip; markers are skipped
        # on dense series (they would merge) except where a value stands alone.
        dense = len(points) > 40
        for position, (period, value) in enumerate(points):
            if value is None:
                continue
            alone = (position == 0 or points[position - 1][1] is None) and (
                position == len(points) - 1 or points[position + 1][1] is None
            )
            if dense and not alone:
                continue
            parts.append(
                f'<circle cx="{_num(x_pos(index_of[period]))}" cy="{_num(y_pos(value))}" r="3" fill="{colour}">'
                f"<title>{escape(label)} {escape(period)}{colon()} {escape(format_value(value))}</title></circle>"
            )

    if len(parsed) > 1:
        parts.extend(_legend([label for label, _ in parsed], left, height - 10))
    parts.append("</svg>")
    out = "".join(parts)
    if table:
        header = [gettext("Period"), *[label for label, _ in parsed]]
        by_series = [dict(points) for _, points in parsed]
        rows = [[period, *[format_value(s.get(period)) for s in by_series]] for period in periods]
        out += _table(title or y_label, header, rows)
    return mark_safe(out)  # noqa: S308 - every text above is escaped


def _legend(labels: Sequence[str], x: int, y: int) -> list[str]:
    parts = []
    for number, label in enumerate(labels):
        colour = PALETTE[number % len(PALETTE)]
        dash = DASHES[number % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x}" y1="{y - 4}" x2="{x + 18}" y2="{y - 4}" stroke="{colour}" stroke-width="3"{dash_attr}/>'
            f'<text x="{x + 22}" y="{y}" font-size="11" fill="{TEXT_COLOUR}">{escape(label)}</text>'
        )
        x += 30 + 7 * len(label)
    return parts


def _line_description(
    parsed: list[tuple[str, list[tuple[str, float | None]]]],
    periods: list[str],
    target: float | None,
    y_label: str,
) -> str:
    sentences = []
    for label, points in parsed:
        known = [(p, v) for p, v in points if v is not None]
        if not known:
            sentences.append(gettext("%(label)s: no values.") % {"label": label or y_label})
            continue
        missing = len(points) - len(known)
        sentence = ngettext(
            "%(label)s: %(count)s value from %(first)s to %(last)s; lowest %(low)s, highest %(high)s, "
            "latest %(latest)s (%(period)s).",
            "%(label)s: %(count)s values from %(first)s to %(last)s; lowest %(low)s, highest %(high)s, "
            "latest %(latest)s (%(period)s).",
            len(known),
        ) % {
            "label": label or y_label,
            "count": len(known),
            "first": known[0][0],
            "last": known[-1][0],
            "low": format_value(min(v for _, v in known)),
            "high": format_value(max(v for _, v in known)),
            "latest": format_value(known[-1][1]),
            "period": known[-1][0],
        }
        if missing:
            sentence += " " + ngettext(
                "%(count)s period without a value.", "%(count)s periods without a value.", missing
            ) % {"count": missing}
        sentences.append(sentence)
    if target is not None:
        sentences.append(gettext("Target: %(target)s.") % {"target": format_value(target)})
    return " ".join(sentences)


# --- bar chart -------------------------------------------------------------------------------


def bar_chart(
    groups: Sequence[Mapping[str, Any] | Sequence[Any]],
    *,
    series_labels: Sequence[str],
    width: int = 640,
    height: int = 280,
    y_label: str = "",
    title: str = "",
    table: bool = False,
    chart_id: str | None = None,
) -> SafeString:
    """Grouped bars: ``groups`` is a list of ``{"label": "Brightwave", "values": [12000,
    8000]}`` (or ``(label, values)`` pairs), one value per entry of ``series_labels``
    (e.g. ``["Expected", "Realised"]``); ``None`` draws no bar. Negative values go below a
    zero line."""
    cid = _chart_id(chart_id)
    parsed: list[tuple[str, list[float | None]]] = []
    for group in groups:
        if isinstance(group, Mapping):
            label, values = group.get("label", ""), group.get("values", [])
        else:
            label, values = group
        parsed.append((str(label), [_as_float(v) for v in values]))
    numbers = [v for _, values in parsed for v in values if v is not None]
    if not numbers:
        return _empty(cid, width, height, title)

    ticks = nice_ticks(min(0.0, *numbers), max(0.0, *numbers))
    y_min, y_max = ticks[0], ticks[-1]
    left, right, top = 64, 16, 16
    bottom = 44 + (18 if len(series_labels) > 1 else 0)
    plot_w, plot_h = width - left - right, height - top - bottom

    def y_pos(value: float) -> float:
        return top + plot_h - (value - y_min) / (y_max - y_min) * plot_h

    desc = " ".join(
        f"{label}{colon()} "
        + ", ".join(
            f"{series_labels[i] if i < len(series_labels) else i + 1} {format_value(v)}"
            for i, v in enumerate(values)
        )
        + "."
        for label, values in parsed
    )
    parts = _open_svg(cid, width, height, title or y_label, desc)
    for tick in ticks:
        y = _num(y_pos(tick))
        parts.append(f'<line x1="{left}" y1="{y}" x2="{left + plot_w}" y2="{y}" stroke="{GRID_COLOUR}"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y}" text-anchor="end" dominant-baseline="middle" font-size="11" '
            f'fill="{TEXT_COLOUR}">{escape(format_value(tick))}</text>'
        )
    zero = _num(y_pos(0.0))
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{AXIS_COLOUR}"/>'
        f'<line x1="{left}" y1="{zero}" x2="{left + plot_w}" y2="{zero}" stroke="{AXIS_COLOUR}"/>'
    )
    if y_label:
        mid = _num(top + plot_h / 2)
        parts.append(
            f'<text x="12" y="{mid}" text-anchor="middle" font-size="12" fill="{TEXT_COLOUR}" '
            f'transform="rotate(-90 12 {mid})">{escape(y_label)}</text>'
        )
    group_w = plot_w / len(parsed)
    per_group = max(len(series_labels), max(len(v) for _, v in parsed), 1)
    bar_w = group_w * 0.8 / per_group
    for g, (label, values) in enumerate(parsed):
        x0 = left + g * group_w + group_w * 0.1
        for i, value in enumerate(values):
            if value is None:
                continue
            top_y, bottom_y = sorted((y_pos(value), y_pos(0.0)))
            name = series_labels[i] if i < len(series_labels) else str(i + 1)
            parts.append(
                f'<rect x="{_num(x0 + i * bar_w)}" y="{_num(top_y)}" width="{_num(max(bar_w - 2, 1))}" '
                f'height="{_num(max(bottom_y - top_y, 0.5))}" fill="{PALETTE[i % len(PALETTE)]}">'
                f"<title>{escape(label)}, {escape(name)}{colon()} {escape(format_value(value))}</title></rect>"
            )
        parts.append(
            f'<text x="{_num(x0 + group_w * 0.4)}" y="{top + plot_h + 16}" text-anchor="middle" font-size="11" '
            f'fill="{TEXT_COLOUR}">{escape(label)}</text>'
        )
    if len(series_labels) > 1:
        x, y = left, height - 10
        for i, name in enumerate(series_labels):
            parts.append(
                f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>'
                f'<text x="{x + 16}" y="{y}" font-size="11" fill="{TEXT_COLOUR}">{escape(name)}</text>'
            )
            x += 28 + 7 * len(str(name))
    parts.append("</svg>")
    out = "".join(parts)
    if table:
        header = ["", *[str(s) for s in series_labels]]
        rows = [[label, *[format_value(v) for v in values]] for label, values in parsed]
        out += _table(title or y_label, header, rows)
    return mark_safe(out)  # noqa: S308 - every text above is escaped


# --- sparkline -------------------------------------------------------------------------------


def sparkline(
    values: Sequence[float | None],
    *,
    width: int = 96,
    height: int = 24,
    label: str = "",
    target: float | None = None,
    colour: str = PALETTE[0],
) -> SafeString:
    """A tiny trend line (gaps for ``None``), with the last value marked; the accessible
    name says the trend in words. No values: an empty string (the cell shows nothing)."""
    points = [_as_float(v) for v in values]
    known = [v for v in points if v is not None]
    if not known:
        return mark_safe("")
    scale = [*known, *([target] if target is not None else [])]
    low, high = min(scale), max(scale)
    if high == low:
        low, high = low - 1, high + 1
    pad = 3
    step = (width - 2 * pad) / max(len(points) - 1, 1)

    def y_pos(value: float) -> float:
        return pad + (height - 2 * pad) * (1 - (value - low) / (high - low))

    words = ngettext(
        "%(label)s: %(count)s value, first %(first)s, latest %(latest)s",
        "%(label)s: %(count)s values, first %(first)s, latest %(latest)s",
        len(known),
    ) % {
        "label": label,
        "count": len(known),
        "first": format_value(known[0]),
        "latest": format_value(known[-1]),
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(words)}" class="sparkline"><title>{escape(words)}</title>'
    ]
    if target is not None:
        y = _num(y_pos(target))
        parts.append(
            f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="{AXIS_COLOUR}" stroke-dasharray="2 2"/>'
        )
    runs: list[list[str]] = [[]]
    last: tuple[float, float] | None = None
    for i, value in enumerate(points):
        if value is None:
            if runs[-1]:
                runs.append([])
            continue
        x, y = pad + i * step, y_pos(value)
        runs[-1].append(f"{_num(x)},{_num(y)}")
        last = (x, y)
    for run in runs:
        if len(run) > 1:
            parts.append(
                f'<polyline points="{" ".join(run)}" fill="none" stroke="{escape(colour)}" stroke-width="1.5"/>'
            )
    if last is not None:
        parts.append(f'<circle cx="{_num(last[0])}" cy="{_num(last[1])}" r="2.5" fill="{escape(colour)}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


# --- radar chart -----------------------------------------------------------------------------


def radar_chart(
    axes: Sequence[str],
    series: Sequence[Mapping[str, Any] | Sequence[Any]],
    *,
    min_value: float = 0.0,
    max_value: float = 5.0,
    rings: Sequence[float] | None = None,
    width: int = 460,
    height: int = 400,
    title: str = "",
    table: bool = False,
    chart_id: str | None = None,
) -> SafeString:
    """Scores on several axes (e.g. the 12 principles, 1–5), one polygon per series.

    ``axes``: the axis labels, clockwise from the top; ``series``: ``{"label": "Brightwave",
    "values": [3.2, None, 4.0, ...]}`` (or ``(label, values)`` pairs), one value per axis;
    ``None`` leaves the axis out of that series' outline (its point is not drawn). Values are
    clamped to [min_value, max_value]. Fewer than three axes draw a bar chart instead (a
    polygon needs three corners)."""
    cid = _chart_id(chart_id)
    labels = [str(a) for a in axes]
    parsed: list[tuple[str, list[float | None]]] = []
    for item in series:
        if isinstance(item, Mapping):
            label, values = item.get("label", ""), item.get("values", [])
        else:
            label, values = item
        values = [_as_float(v) for v in values]
        parsed.append((str(label), (values + [None] * len(labels))[: len(labels)]))
    if not any(v is not None for _, values in parsed for v in values):
        return _empty(cid, width, height, title)
    if len(labels) < 3:
        return bar_chart(
            [(axis, [values[i] for _, values in parsed]) for i, axis in enumerate(labels)],
            series_labels=[label for label, _ in parsed],
            width=width,
            height=height,
            title=title,
            table=table,
            chart_id=chart_id,
        )
    span = (max_value - min_value) or 1.0
    legend_h = 18 * len(parsed) if len(parsed) > 1 else 0
    cx, cy = width / 2, (height - legend_h) / 2
    radius = max(min(width / 2 - 110, (height - legend_h) / 2 - 28), 40)
    count_axes = len(labels)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count_axes
        share = (min(max(value, min_value), max_value) - min_value) / span
        return cx + radius * share * math.cos(angle), cy + radius * share * math.sin(angle)

    desc = " ".join(
        f"{label}{colon()} "
        + ", ".join(f"{labels[i]} {format_value(v)}" for i, v in enumerate(values) if v is not None)
        + "."
        for label, values in parsed
    )
    parts = _open_svg(cid, width, height, title or gettext("Scores by dimension"), desc)
    ring_values = list(rings) if rings is not None else [min_value + span * k / 5 for k in range(1, 6)]
    for ring in ring_values:
        corners = " ".join(f"{_num(x)},{_num(y)}" for x, y in (point(i, ring) for i in range(count_axes)))
        parts.append(f'<polygon points="{corners}" fill="none" stroke="{GRID_COLOUR}"/>')
        x, y = point(0, ring)
        parts.append(
            f'<text x="{_num(x + 4)}" y="{_num(y)}" font-size="10" fill="{AXIS_COLOUR}" '
            f'dominant-baseline="middle">{escape(format_value(ring))}</text>'
        )
    for i, label in enumerate(labels):
        x, y = point(i, max_value)
        parts.append(
            f'<line x1="{_num(cx)}" y1="{_num(cy)}" x2="{_num(x)}" y2="{_num(y)}" stroke="{GRID_COLOUR}"/>'
        )
        lx, ly = point(i, max_value + span * 0.08)
        cos = (lx - cx) / (radius or 1)
        anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
        short = label if len(label) <= 26 else label[:25] + "…"
        parts.append(
            f'<text x="{_num(lx)}" y="{_num(ly)}" text-anchor="{anchor}" dominant-baseline="middle" '
            f'font-size="11" fill="{TEXT_COLOUR}"><title>{escape(label)}</title>{escape(short)}</text>'
        )
    for number, (label, values) in enumerate(parsed):
        colour = PALETTE[number % len(PALETTE)]
        dash = DASHES[number % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        known = [(i, v) for i, v in enumerate(values) if v is not None]
        if len(known) >= 2:
            corners = " ".join(f"{_num(x)},{_num(y)}" for x, y in (point(i, v) for i, v in known))
            parts.append(
                f'<polygon points="{corners}" fill="{colour}" fill-opacity="0.12" stroke="{colour}" '
                f'stroke-width="2"{dash_attr}/>'
            )
        for i, v in known:
            x, y = point(i, v)
            parts.append(
                f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3" fill="{colour}">'
                f"<title>{escape(label)}, {escape(labels[i])}{colon()} {escape(format_value(v))}</title></circle>"
            )
    if len(parsed) > 1:
        y = height - legend_h + 12
        for number, (label, _values) in enumerate(parsed):
            colour = PALETTE[number % len(PALETTE)]
            dash = DASHES[number % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<line x1="12" y1="{y - 4}" x2="30" y2="{y - 4}" stroke="{colour}" stroke-width="3"{dash_attr}/>'
                f'<text x="36" y="{y}" font-size="11" fill="{TEXT_COLOUR}">{escape(label)}</text>'
            )
            y += 18
    parts.append("</svg>")
    out = "".join(parts)
    if table:
        header = ["", *[label for label, _ in parsed]]
        rows = [[axis, *[format_value(values[i]) for _, values in parsed]] for i, axis in enumerate(labels)]
        out += _table(title or gettext("Scores by dimension"), header, rows)
    return mark_safe(out)  # noqa: S308 - every text above is escaped
