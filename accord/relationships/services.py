"""Writes on the relationship register: entries, tags, scores, criteria and decisions."""

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core.errors import ApplicationError
from accord.core.services import versioned_update
from accord.organizations.models import Organization
from accord.relationships.models import (
    SCORE_MAX,
    SCORE_MIN,
    Decision,
    Relationship,
    Score,
    SegmentationCriterion,
    Tag,
    segment_for,
)

DEFAULT_CRITERIA = [
    (
        gettext_lazy("Value to the business"),
        gettext_lazy("How much this relationship contributes to revenue, margin or capability."),
        3,
    ),
    (
        gettext_lazy("Collaboration potential"),
        gettext_lazy("How much more both sides could gain by working together closely."),
        3,
    ),
    (
        gettext_lazy("Dependency"),
        gettext_lazy("How hard it would be to replace this counterpart or do without them."),
        2,
    ),
    (
        gettext_lazy("Risk"),
        gettext_lazy("How much could go wrong if the relationship is not managed closely."),
        2,
    ),
]

RELATIONSHIP_FIELDS = ["counterpart_name", "kind", "status", "contacts", "notes", "owner"]


def criteria_create_defaults(*, organization: Organization) -> list[SegmentationCriterion]:
    return SegmentationCriterion.objects.bulk_create(
        SegmentationCriterion(
            organization=organization,
            name=str(name),
            description=str(description),
            weight=weight,
            position=index,
        )
        for index, (name, description, weight) in enumerate(DEFAULT_CRITERIA)
    )


def _weighted_score(values: Mapping[int, int], criteria: Iterable[SegmentationCriterion]) -> Decimal | None:
    """0–100: the weighted mean of the 1–5 scores given, rescaled. None until the scored
    criteria carry at least half of the total weight, so that adding a criterion does not
    unscore a whole register, while one score alone does not place an entry."""
    all_weight = 0
    total_weight = 0
    total = 0
    for criterion in criteria:
        all_weight += criterion.weight
        value = values.get(criterion.pk)
        if value is None or criterion.weight == 0:
            continue
        total_weight += criterion.weight
        total += criterion.weight * (value - SCORE_MIN)
    if total_weight == 0 or total_weight * 2 < all_weight:
        return None
    score = Decimal(total * 100) / Decimal(total_weight * (SCORE_MAX - SCORE_MIN))
    return score.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def relationships_rescore(*, organization: Organization, ids: Iterable[int] | None = None) -> int:
    """Recompute weighted score and segment (all entries, or only ``ids``)."""
    criteria = list(SegmentationCriterion.objects.in_scope(organization))
    entries = Relationship.objects.in_scope(organization)
    scores = Score.objects.in_scope(organization)
    if ids is not None:
        ids = list(ids)
        entries = entries.filter(pk__in=ids)
        scores = scores.filter(relationship_id__in=ids)
    by_entry: dict[int, dict[int, int]] = {}
    for rel_id, crit_id, value in scores.values_list("relationship_id", "criterion_id", "value"):
        by_entry.setdefault(rel_id, {})[crit_id] = value
    changed = []
    for entry in entries.only("id", "weighted_score", "segment"):
        score = _weighted_score(by_entry.get(entry.pk, {}), criteria)
        segment = segment_for(score)
        if entry.weighted_score != score or entry.segment != segment:
            entry.weighted_score, entry.segment = score, segment
            changed.append(entry)
    Relationship.unscoped.bulk_update(changed, ["weighted_score", "segment"], batch_size=500)
    return len(changed)


TAG_MAX_LENGTH = 50


def tags_clean(names: Iterable[str]) -> list[str]:
    """Tag names under the one rule for text: one line each, at most 50 characters (refused,
    never cut), blanks dropped, duplicates merged. ApplicationError names the tag at fault."""
    from accord.core.text import TextRuleError, check_length, clean_line

    out: dict[str, str] = {}
    for raw in names:
        try:
            name = clean_line(raw)
            check_length(name, TAG_MAX_LENGTH)
        except TextRuleError as error:
            shown = str(raw)[:40].replace("\n", " ")
            raise ApplicationError(
                _("Tag “%(tag)s”: %(error)s") % {"tag": shown, "error": error}, field="tags"
            ) from None
        if name:
            out.setdefault(name.lower(), name)
    return sorted(out.values(), key=str.lower)


def tags_resolve(*, organization: Organization, names: Iterable[str]) -> list[Tag]:
    clean = tags_clean(names)
    existing = {t.name.lower(): t for t in Tag.objects.in_scope(organization).filter(name__in=clean)}
    tags = []
    for name in clean:
        tag = existing.get(name.lower())
        if tag is None:
            tag = Tag.objects.create(organization=organization, name=name)
            existing[name.lower()] = tag
        tags.append(tag)
    return tags


def _check_owner(organization: Organization, owner: Any) -> None:
    if owner is not None and not owner.memberships.filter(organization=organization).exists():
        raise ApplicationError(_("The owner must be a member of the organization."), field="owner")


@transaction.atomic
def relationship_create(
    *, organization: Organization, data: dict[str, Any], tags: Iterable[str] = ()
) -> Relationship:
    _check_owner(organization, data.get("owner"))
    entry = Relationship(
        organization=organization, **{k: v for k, v in data.items() if k in RELATIONSHIP_FIELDS}
    )
    entry.full_clean()
    entry.save()
    entry.tags.set(tags_resolve(organization=organization, names=tags))
    relationships_rescore(organization=organization, ids=[entry.pk])
    return entry


@transaction.atomic
def relationship_update(
    *,
    entry: Relationship,
    data: dict[str, Any],
    expected_version: int | None,
    tags: Iterable[str] | None = None,
) -> Relationship:
    if "owner" in data:
        _check_owner(entry.organization, data["owner"])
    entry = versioned_update(entry, data=data, expected_version=expected_version, fields=RELATIONSHIP_FIELDS)
    if tags is not None:
        entry.tags.set(tags_resolve(organization=entry.organization, names=tags))
    return entry


@transaction.atomic
def relationship_delete(*, entry: Relationship) -> None:
    entry.delete()


@transaction.atomic
def relationship_set_scores(
    *, entry: Relationship, values: Mapping[int, int | None], expected_version: int | None = None
) -> Relationship:
    """Set scores by criterion id; None clears a score. Scoring counts as an edit of the
    entry: a stale ``expected_version`` is refused and the version moves on."""
    versioned_update(entry, data={}, expected_version=expected_version, fields=[])
    criteria = {c.pk: c for c in SegmentationCriterion.objects.in_scope(entry.organization)}
    existing = {
        s.criterion_id: s for s in Score.objects.in_scope(entry.organization).filter(relationship=entry)
    }
    for criterion_id, value in values.items():
        if criterion_id not in criteria:
            raise ApplicationError(_("Unknown criterion."), field=str(criterion_id))
        if value is not None and not (SCORE_MIN <= int(value) <= SCORE_MAX):
            raise ApplicationError(
                _("Scores go from %(min)s to %(max)s.") % {"min": SCORE_MIN, "max": SCORE_MAX},
                field=str(criterion_id),
            )
    for criterion_id, value in values.items():
        score = existing.get(criterion_id)
        if value is None:
            if score:
                score.delete()
        elif score is None:
            Score.objects.create(
                organization=entry.organization, relationship=entry, criterion_id=criterion_id, value=value
            )
        elif score.value != value:
            score.value = value
            score.save()
    relationships_rescore(organization=entry.organization, ids=[entry.pk])
    entry.refresh_from_db()
    return entry


@transaction.atomic
def relationship_decide(
    *, entry: Relationship, decision: str, rationale: str, user: Any, expected_version: int | None = None
) -> Relationship:
    if decision not in Decision.values:
        raise ApplicationError(_("Choose yes, no or not yet."), field="decision")
    if decision and not rationale.strip():
        raise ApplicationError(_("Say why: the rationale is part of the decision."), field="rationale")
    return versioned_update(
        entry,
        data={
            "decision": decision,
            "decision_rationale": rationale.strip(),
            "decided_by": user if decision else None,
            "decided_at": timezone.now() if decision else None,
        },
        expected_version=expected_version,
        fields=["decision", "decision_rationale", "decided_by", "decided_at"],
    )


CRITERION_FIELDS = ["name", "description", "weight", "position"]


@transaction.atomic
def criterion_create(*, organization: Organization, data: dict[str, Any]) -> SegmentationCriterion:
    if (
        SegmentationCriterion.objects.in_scope(organization)
        .filter(name__iexact=data.get("name", "").strip())
        .exists()
    ):
        raise ApplicationError(_("A criterion with this name exists already."), field="name")
    criterion = SegmentationCriterion(
        organization=organization, **{k: v for k, v in data.items() if k in CRITERION_FIELDS}
    )
    criterion.full_clean()
    criterion.save()
    relationships_rescore(organization=organization)
    return criterion


@transaction.atomic
def criterion_update(
    *, criterion: SegmentationCriterion, data: dict[str, Any], expected_version: int | None = None
) -> SegmentationCriterion:
    """Save the changes and rescore the register; ``expected_version``: the version the caller
    read (ConflictError when someone saved meanwhile; None for internal callers)."""
    name = data.get("name")
    if (
        name
        and SegmentationCriterion.objects.in_scope(criterion.organization)
        .filter(name__iexact=name.strip())
        .exclude(pk=criterion.pk)
        .exists()
    ):
        raise ApplicationError(_("A criterion with this name exists already."), field="name")
    for key, value in data.items():
        if key in CRITERION_FIELDS:
            setattr(criterion, key, value)
    criterion.full_clean()
    criterion = versioned_update(
        criterion, data=data, expected_version=expected_version, fields=CRITERION_FIELDS
    )
    relationships_rescore(organization=criterion.organization)
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: SegmentationCriterion) -> None:
    organization = criterion.organization
    if SegmentationCriterion.objects.in_scope(organization).count() <= 1:
        raise ApplicationError(_("Keep at least one criterion to score on."))
    criterion.delete()
    relationships_rescore(organization=organization)
