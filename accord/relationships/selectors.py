"""Reads on the register."""

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from accord.core.errors import ApplicationError
from accord.organizations.models import Organization
from accord.relationships.filters import RelationshipFilter
from accord.relationships.models import Relationship, Score, SegmentationCriterion, Tag


def relationship_list(*, organization: Organization, filters: Mapping[str, Any] | None = None) -> QuerySet:
    """Entries of ``organization`` matching ``filters`` (the RelationshipFilter fields).
    Raises ApplicationError listing the invalid filters."""
    base = (
        Relationship.objects.in_scope(organization)
        .select_related("owner")
        .prefetch_related(Prefetch("tags", queryset=Tag.unscoped.order_by("name")))
        .order_by("counterpart_name", "id")
    )
    filterset = RelationshipFilter(filters or {}, base, organization=organization)
    if not filterset.is_valid():
        raise ApplicationError(
            "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items()),
            extra={"errors": filterset.errors},
        )
    qs = filterset.qs
    if "tag" in (filters or {}) and (filters or {}).get("tag"):
        qs = qs.distinct()
    return qs


def relationship_get(*, organization: Organization, pk: Any) -> Relationship:
    from django.http import Http404

    from accord.core.converters import parse_id

    entry = (
        Relationship.objects.in_scope(organization)
        .select_related("owner", "decided_by", "organization")
        .prefetch_related("tags")
        .filter(pk=parse_id(pk) or 0)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def criteria_list(*, organization: Organization) -> list[SegmentationCriterion]:
    return list(SegmentationCriterion.objects.in_scope(organization))


def scores_by_criterion(*, entry: Relationship) -> dict[int, int]:
    return dict(
        Score.objects.in_scope(entry.organization)
        .filter(relationship=entry)
        .values_list("criterion_id", "value")
    )


def matrix_points(
    *, organization: Organization, x_criterion: SegmentationCriterion, y_criterion: SegmentationCriterion
) -> list[dict[str, Any]]:
    """Every entry with its scores on the two chosen axes (unscored entries left out), in one
    query joining the scores twice (one join per axis)."""
    from django.db.models import F, FilteredRelation, Q

    return list(
        Relationship.objects.in_scope(organization)
        .annotate(
            score_x=FilteredRelation("scores", condition=Q(scores__criterion=x_criterion)),
            score_y=FilteredRelation("scores", condition=Q(scores__criterion=y_criterion)),
        )
        .filter(score_x__value__isnull=False, score_y__value__isnull=False)
        .values("id", "counterpart_name", "segment", x=F("score_x__value"), y=F("score_y__value"))
    )


def relationship_history(
    *, entry: Relationship, criteria: list[SegmentationCriterion] | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """The entry's own changes merged with its score changes, newest first."""
    from accord.core.history import history_for

    rows = history_for(entry, limit=limit)
    if criteria is None:
        criteria = criteria_list(organization=entry.organization)
    names = {c.pk: c.name for c in criteria}
    records = list(
        Score.history.filter(relationship_id=entry.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")[: limit * 4]
    )
    last: dict[int, int | None] = {}
    for record in records:
        old = last.get(record.id)
        new = None if record.history_type == "-" else record.value
        last[record.id] = new
        if old == new:
            continue
        label = _("Score: %(criterion)s") % {
            "criterion": names.get(record.criterion_id, _("deleted criterion"))
        }
        rows.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "action": "~",
                "changes": [
                    {
                        "field": label,
                        "old": "" if old is None else str(old),
                        "new": "" if new is None else str(new),
                    }
                ],
            }
        )
    rows.sort(key=lambda row: row["when"], reverse=True)
    return rows[:limit]
