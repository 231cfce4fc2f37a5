"""The portfolio matrix as server-built SVG (presentation attributes only, so it renders
under a strict CSP and in PDFs alike)."""

import math
from collections import defaultdict
from typing import Any

from django.urls import reverse
from django.utils.html import escape

from accord.relationships.models import SCORE_MAX, SCORE_MIN

SEGMENT_COLOURS = {
    "collaborate": "#0b6e4f",
    "develop": "#2563eb",
    "maintain": "#b45309",
    "transactional": "#6b7280",
    "unscored": "#9ca3af",
}
SIZE, PAD = 520, 60
# Up to this many entries in a cell are drawn as dots, each a link to its entry; a fuller cell
# is one bubble with the count, linking to the register filtered on that cell (a portfolio
# of thousands stays readable, and the page stays fast).
MAX_DOTS_PER_CELL = 12


def matrix_svg(
    *,
    points: list[dict[str, Any]],
    x_label: str,
    y_label: str,
    org_slug: str,
    title: str,
    x_id: int = 0,
    y_id: int = 0,
    numbers: dict[int, int] | None = None,
) -> str:
    """``numbers`` (entry id → its number in the key under the chart) puts a number beside
    each dot, so that a person on a phone, who cannot hover, reads which entry it is."""
    numbers = numbers or {}
    span = SIZE - 2 * PAD
    steps = SCORE_MAX - SCORE_MIN

    def pos(value: int, axis: str) -> float:
        fraction = (value - SCORE_MIN) / steps
        return PAD + fraction * span if axis == "x" else SIZE - PAD - fraction * span

    cells: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for point in points:
        cells[(point["x"], point["y"])].append(point)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" role="group" '
        f'aria-labelledby="matrix-title"><title id="matrix-title">{escape(title)}</title>',
        f'<rect x="{PAD}" y="{PAD}" width="{span}" height="{span}" fill="#f8fafc" stroke="#94a3b8"/>',
        f'<rect x="{PAD + span / 2}" y="{PAD}" width="{span / 2}" height="{span / 2}" fill="#e7f5ee"/>',
    ]
    for v in range(SCORE_MIN, SCORE_MAX + 1):
        x, y = pos(v, "x"), pos(v, "y")
        parts.append(f'<line x1="{x}" y1="{PAD}" x2="{x}" y2="{SIZE - PAD}" stroke="#e2e8f0"/>')
        parts.append(f'<line x1="{PAD}" y1="{y}" x2="{SIZE - PAD}" y2="{y}" stroke="#e2e8f0"/>')
        parts.append(
            f'<text x="{x}" y="{SIZE - PAD + 18}" text-anchor="middle" font-size="12" fill="#334155">{v}</text>'
        )
        parts.append(
            f'<text x="{PAD - 12}" y="{y + 4}" text-anchor="end" font-size="12" fill="#334155">{v}</text>'
        )
    parts.append(
        f'<text x="{SIZE / 2}" y="{SIZE - 12}" text-anchor="middle" font-size="14" fill="#0f172a">{escape(x_label)} →</text>'
    )
    parts.append(
        f'<text x="16" y="{SIZE / 2}" text-anchor="middle" font-size="14" fill="#0f172a" '
        f'transform="rotate(-90 16 {SIZE / 2})">{escape(y_label)} →</text>'
    )
    # Entries sharing a cell are spread on a small circle so each stays clickable.
    url_prefix = reverse("relationships:detail", args=[org_slug, 0])[: -len("0/")]
    register_url = reverse("relationships:list", args=[org_slug])

    for (x_value, y_value), group in sorted(cells.items()):
        cx, cy = pos(x_value, "x"), pos(y_value, "y")
        if len(group) > MAX_DOTS_PER_CELL:
            counts: dict[str, int] = defaultdict(int)
            for point in group:
                counts[point["segment"]] += 1
            colour = SEGMENT_COLOURS.get(max(counts, key=counts.get), "#9ca3af")
            label = f"{len(group)} entries ({x_label} {x_value}, {y_label} {y_value})"
            parts.append(
                f'<a href="{register_url}?cell={x_id}:{x_value}:{y_id}:{y_value}" aria-label="{escape(label)}">'
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{min(28, 12 + math.sqrt(len(group))):.1f}" '
                f'fill="{colour}" stroke="#fff" stroke-width="2"><title>{escape(label)}</title></circle>'
                f'<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle" font-size="11" fill="#fff">'
                f"{len(group)}</text></a>"
            )
            continue
        radius = 0 if len(group) == 1 else min(26, 6 + 2 * len(group))
        # The circle of dots moves inward at the edges, so that it stays inside the plot, clear
        # of the axis labels, and no two dots land on the same spot.
        if radius:
            low, high = PAD + radius + 6, SIZE - PAD - radius - 6
            cx, cy = min(max(cx, low), high), min(max(cy, low), high)
        for index, point in enumerate(group):
            angle = 2 * math.pi * index / len(group)
            px, py = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
            url = f"{url_prefix}{point['id']}/"
            colour = SEGMENT_COLOURS.get(point["segment"], "#9ca3af")
            number = numbers.get(point["id"])
            label = f"{point['counterpart_name']} ({x_label} {x_value}, {y_label} {y_value})"
            if number:
                label = f"{number}. {label}"
            # The number sits outside the circle of dots (away from the cell's centre).
            nx = px + (9 if index == 0 or math.cos(angle) >= 0 else -9)
            ny = py + (-8 if len(group) == 1 or math.sin(angle) < 0 else 14)
            anchor = "start" if nx >= px else "end"
            number_text = (
                f'<text x="{nx:.1f}" y="{ny:.1f}" text-anchor="{anchor}" font-size="11" font-weight="600" '
                f'fill="#0f172a" aria-hidden="true">{number}</text>'
                if number
                else ""
            )
            parts.append(
                f'<a href="{url}" aria-label="{escape(label)}"><circle cx="{px:.1f}" cy="{py:.1f}" r="6" fill="{colour}" '
                f'stroke="#fff" stroke-width="1.5"><title>{escape(label)}</title></circle>{number_text}</a>'
            )
    parts.append("</svg>")
    return "".join(parts)
