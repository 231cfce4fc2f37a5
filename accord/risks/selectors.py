"""Reads on risks: the heat map's counts, the mitigations a party may see, cards' lists."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from accord.risks.models import (
    DEFAULT_SCALE,
    JointMitigation,
    JointRisk,
    OwnMitigation,
    RiskBase,
    band,
    band_limits,
)
from accord.risks.services import is_joint, risk_model, scale_max, scale_max_subquery


def risks(owner: Any) -> Any:
    """Every risk of ``owner``'s register (scoped)."""
    return risk_model(owner).objects.in_scope(owner)


def mitigations(owner: Any, party: Any = None) -> Any:
    """The mitigations of ``owner``'s register a caller may see: for a collaboration, through
    the one rule (``visible_to``) — ``party=None`` sees the shared ones only."""
    if is_joint(owner):
        return JointMitigation.objects.in_scope(owner).visible_to(party)
    return OwnMitigation.objects.in_scope(owner)


def risk_mitigations(risk: RiskBase, party: Any = None) -> Any:
    owner = risk.collaboration if isinstance(risk, JointRisk) else risk.organization
    return mitigations(owner, party).filter(risk=risk).select_related("owner_user")


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    count: int
    score: int
    band: str


@dataclass(frozen=True)
class HeatMap:
    scale_max: int
    residual: bool
    cells: list[HeatCell]  # every cell of the grid, likelihood high → low, impact low → high
    total: int
    unrated: int  # active risks without residual levels (residual view only)


def heat_map(owner: Any, *, residual: bool = False, scale: int | None = None) -> HeatMap:
    """Counts of active risks per likelihood × impact cell (one query, plus one for the
    scale when not given)."""
    top = scale or scale_max(owner)
    first, second = ("residual_likelihood", "residual_impact") if residual else ("likelihood", "impact")
    counts: dict[tuple[int, int], int] = {}
    unrated = 0
    for row in risks(owner).active().values(first, second).annotate(n=Count("pk")).order_by():
        key = (row[first], row[second])
        if key[0] is None or key[1] is None:
            unrated += row["n"]
        else:
            counts[key] = counts.get(key, 0) + row["n"]
    cells = [
        HeatCell(lik, imp, counts.get((lik, imp), 0), lik * imp, band(lik * imp, top))
        for lik in range(top, 0, -1)
        for imp in range(1, top + 1)
    ]
    return HeatMap(top, residual, cells, sum(counts.values()), unrated)


def attention(owner: Any, *, limit: int = 5, today: datetime.date | None = None) -> dict[str, Any] | None:
    """What a card shows: the high risks and the overdue reviews, or None when there are
    neither. One query counts the active risks per score with the register's scale (so the
    high band is told by ``band_limits``, in one place); then one list query per kind that
    has any: one query when nothing needs attention, three at most."""
    today = today or timezone.localdate()
    queryset = risks(owner)
    per_score = list(
        queryset.active()
        .order_by()
        .values("score")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=Q(review_date__lt=today)),
            scale=scale_max_subquery(owner),
        )
    )
    if not per_score:
        return None
    top = per_score[0]["scale"] or DEFAULT_SCALE
    high_limit = band_limits(top)[1]
    high_count = sum(row["n"] for row in per_score if row["score"] >= high_limit)
    overdue_count = sum(row["overdue"] for row in per_score)
    if not high_count and not overdue_count:
        return None
    # A card shows a risk's title, score and review date only.
    shown = ("title", "score", "review_date")
    high = queryset.high(top).only(*shown).order_by("-score", "id")
    overdue = queryset.review_overdue(today).only(*shown).order_by("review_date", "id")
    return {
        "scale_max": top,
        "high_limit": high_limit,
        "high_count": high_count,
        "overdue_count": overdue_count,
        "high": list(high[:limit]) if high_count else [],
        "overdue": list(overdue[:limit]) if overdue_count else [],
    }
