"""Results of a campaign: aggregates only, computed in the database, under the anonymity rule.

The arithmetic (tests check it by hand):

- only submitted answers count, and only the numeric ones (1–5): "don't know" and "not
  applicable" are counted apart and never enter a mean;
- a respondent's score on a dimension (a principle, stage, competency or theme) is the mean
  of their numeric answers to its questions; a side's score is the mean of its respondents'
  scores (each person weighs the same, however many questions they could answer);
- the spread of a side on a dimension is its respondents' population standard deviation; per
  question likewise over the respondents' answers (the lowest and highest are stored, never
  shown: with few people they give answers away); a dimension or question fewer people than
  the threshold answered shows its counts only;
- a side's overall score is the mean of its dimension scores;
- the perception gap on a dimension is the highest side score minus the lowest, among the
  sides shown.

``compute`` stores the aggregates on the campaign (``summary``) at every submission; a side
below the anonymity threshold keeps only its count. ``present`` reads that summary for a
viewer; it never reads an answer.
"""

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, F, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext

from accord.assessments import anonymity, engine
from accord.assessments.models import Answer, JointCampaign, OwnCampaign, Respondent

TREND_LIMIT = 12
DISAGREEMENT_SD = 1.0  # a standard deviation this large means people see it differently
WEAK_SCORE = 3.0
HIDDEN_STATS = ("min", "max")  # computed for the record, never shown (see ``dimension_shown``)


def dimension_shown(stat: dict[str, Any] | None) -> dict[str, Any] | None:
    """What a viewer reads of one side's score on a dimension: nothing when fewer people than
    the threshold answered its questions (some may have said "don't know" to all of them), and
    never the lowest and highest person's score (with three people, those and the mean give
    each one's score away). Summaries stored before this rule keep them; they are dropped here."""
    if not stat or not anonymity.enough(stat.get("n", 0)):
        return None
    return {key: value for key, value in stat.items() if key not in HIDDEN_STATS}


def _question_shown(stat: dict[str, Any] | None) -> dict[str, Any] | None:
    """The same for one question: below the threshold, only how many answered (and how many
    did not know or found it not applicable), no mean or spread."""
    if not stat:
        return stat
    shown = {key: value for key, value in stat.items() if key not in HIDDEN_STATS}
    if not anonymity.enough(stat.get("n", 0)):
        shown.update(mean=None, sd=None, too_few=True)
    return shown


def _campaign_filter(campaign: Any, prefix: str = "") -> dict[str, Any]:
    name = "own_campaign" if isinstance(campaign, OwnCampaign) else "joint_campaign"
    return {f"{prefix}{name}": campaign}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _spread(values: list[float]) -> dict[str, Any]:
    return {
        "mean": _round(statistics.fmean(values)),
        "min": _round(min(values)),
        "max": _round(max(values)),
        "sd": _round(statistics.pstdev(values)) if len(values) > 1 else 0.0,
        "n": len(values),
    }


def compute(campaign: Any) -> dict[str, Any]:
    """The campaign's aggregates per side (four queries, whatever the number of answers)."""
    from accord.organizations.models import Organization

    submitted = Respondent.objects.filter(**_campaign_filter(campaign), submitted_at__isnull=False)
    counts = {
        row["organization_id"]: row["n"]
        for row in submitted.values("organization_id").annotate(n=Count("user", distinct=True))
    }
    answers = Answer.objects.filter(
        **_campaign_filter(campaign, "respondent__"), respondent__submitted_at__isnull=False
    )
    per_person: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for row in (
        answers.filter(value__isnull=False)
        .exclude(dimension="")
        .values("respondent__organization_id", "respondent_id", "dimension")
        .annotate(avg=Avg("value"))
    ):
        per_person[row["respondent__organization_id"]][row["dimension"]].append(float(row["avg"]))
    per_question: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in answers.values("respondent__organization_id", "question").annotate(
        n=Count("value"),
        avg=Avg("value"),
        sq=Avg(F("value") * F("value")),
        lo=Min("value"),
        hi=Max("value"),
        dk=Count("id", filter=Q(special=engine.DONT_KNOW)),
        na=Count("id", filter=Q(special=engine.NOT_APPLICABLE)),
    ):
        n = row["n"]
        mean = float(row["avg"]) if n else None
        sd = math.sqrt(max(float(row["sq"]) - mean * mean, 0.0)) if n else None
        per_question[row["respondent__organization_id"]][row["question"]] = {
            "mean": _round(mean),
            "min": row["lo"],
            "max": row["hi"],
            "sd": _round(sd),
            "n": n,
            "dk": row["dk"],
            "na": row["na"],
        }
    sides_ids = _side_ids(campaign) | set(counts)
    names = dict(Organization.objects.filter(pk__in=sides_ids).values_list("pk", "name"))
    sides = []
    for org_id in sorted(sides_ids, key=lambda pk: names.get(pk, "")):
        count = counts.get(org_id, 0)
        side: dict[str, Any] = {"org_id": org_id, "name": names.get(org_id, ""), "count": count}
        if anonymity.enough(count):
            dimensions = {key: _spread(values) for key, values in per_person[org_id].items()}
            side["shown"] = True
            side["dimensions"] = dimensions
            side["questions"] = per_question[org_id]
            means = [d["mean"] for d in dimensions.values()]
            side["overall"] = _round(statistics.fmean(means)) if means else None
        else:
            side["shown"] = False
        sides.append(side)
    return {
        "computed_at": timezone.now().isoformat(),
        "threshold": anonymity.min_respondents(),
        "sides": sides,
    }


def _side_ids(campaign: Any) -> set[int]:
    if isinstance(campaign, OwnCampaign):
        return {campaign.organization_id}
    from accord.collaborations.models import Party

    return set(
        Party.objects.in_scope(campaign.collaboration_id)
        .filter(status="active")
        .values_list("organization_id", flat=True)
    )


def refresh(campaign: Any) -> None:
    """Recompute and store the aggregates (after a submission, or when the campaign closes)."""
    summary = compute(campaign)
    type(campaign).objects.in_scope(getattr(campaign, campaign.scope_field + "_id")).filter(
        pk=campaign.pk
    ).update(summary=summary)
    campaign.summary = summary


# --- reading the aggregates -------------------------------------------------------------------


@dataclass
class DimensionRow:
    key: str
    label: str
    scores: list[dict[str, Any] | None]  # one per side, None when the side is not shown
    gap: float | None = None
    change: float | None = None  # against the previous campaign (own side)
    suggestions: list[str] = field(default_factory=list)
    guidance_url: str = ""

    @property
    def disagreement(self) -> bool:
        return any(s and s.get("n", 0) > 1 and (s.get("sd") or 0) >= DISAGREEMENT_SD for s in self.scores)


@dataclass
class QuestionRow:
    id: str
    text: str
    section: str
    scale: str
    dimension: str
    scores: list[dict[str, Any] | None]


@dataclass
class Results:
    campaign: Any
    sides: list[dict[str, Any]]  # name, count, shown, overall, own
    dimensions: list[DimensionRow]
    questions: list[QuestionRow]
    threshold: int
    trend: list[dict[str, Any]] = field(default_factory=list)
    previous: Any = None

    @property
    def any_shown(self) -> bool:
        return any(s["shown"] for s in self.sides)

    @property
    def shown_sides(self) -> list[dict[str, Any]]:
        return [s for s in self.sides if s["shown"]]


def _visible(side: dict[str, Any]) -> bool:
    return bool(side.get("shown")) and anonymity.enough(side.get("count", 0))


def present(campaign: Any, viewer_org_id: int | None = None, *, with_trend: bool = True) -> Results:
    """The campaign's results for a member of ``viewer_org_id`` (their own side first)."""
    definition = campaign.definition
    summary = campaign.summary or {}
    raw_sides = list(summary.get("sides", []))
    raw_sides.sort(key=lambda s: (s["org_id"] != viewer_org_id, s.get("name", "")))
    sides = [
        {
            "org_id": s["org_id"],
            "name": s.get("name", ""),
            "count": s.get("count", 0),
            "shown": _visible(s),
            "overall": s.get("overall") if _visible(s) else None,
            "own": s["org_id"] == viewer_org_id,
        }
        for s in raw_sides
    ]
    order: list[str] = []
    for question in engine.questions(definition):
        key = engine.question_dimension(definition, question)
        if key and key not in order:
            order.append(key)
    dimensions = []
    for key in order:
        scores = [
            dimension_shown(s.get("dimensions", {}).get(key)) if _visible(s) else None for s in raw_sides
        ]
        means = [x["mean"] for x in scores if x]
        gap = _round(max(means) - min(means)) if len(means) > 1 else None
        dimensions.append(DimensionRow(key, engine.dimension_label(definition, key), scores, gap))
    questions = []
    for section in definition.get("sections", []):
        for q in section["questions"]:
            questions.append(
                QuestionRow(
                    q["id"],
                    gettext(q["text"]),  # a questionnaire Accord ships reads in French too
                    gettext(section["title"]),
                    q["scale"],
                    engine.question_dimension(definition, q),
                    [
                        _question_shown(s.get("questions", {}).get(q["id"])) if _visible(s) else None
                        for s in raw_sides
                    ],
                )
            )
    results = Results(campaign, sides, dimensions, questions, anonymity.min_respondents())
    if with_trend:
        _add_trend(results, viewer_org_id)
    if definition.get("kind") == "capability":
        _add_suggestions(results)
    return results


def _earlier(campaign: Any) -> Any:
    model = type(campaign)
    owner_id = getattr(campaign, campaign.scope_field + "_id")
    return (
        model.objects.in_scope(owner_id)
        .filter(template_key=campaign.template_key, created_at__lte=campaign.created_at)
        .exclude(pk=campaign.pk)
        .order_by("-created_at", "-id")
        .only("id", "title", "created_at", "summary", "due_date", model.scope_field)
    )


def _add_trend(results: Results, viewer_org_id: int | None) -> None:
    """Earlier campaigns of the same template (at most ``TREND_LIMIT`` - 1; one query)."""
    campaign = results.campaign
    earlier = list(_earlier(campaign)[: TREND_LIMIT - 1])
    points = []
    for item in [*reversed(earlier), campaign]:
        label = item.created_at.strftime("%Y-%m-%d") if item.created_at else ""
        values = {}
        for side in (item.summary or {}).get("sides", []):
            values[side.get("name", "")] = side.get("overall") if _visible(side) else None
        points.append({"id": item.pk, "label": label, "title": item.title, "values": values})
    results.trend = points
    if earlier:
        previous = earlier[0]
        results.previous = previous
        mine = next(
            (
                s
                for s in (previous.summary or {}).get("sides", [])
                if s["org_id"] == viewer_org_id and _visible(s)
            ),
            None,
        )
        index = next((i for i, s in enumerate(results.sides) if s["org_id"] == viewer_org_id), None)
        if mine and index is not None:
            for row in results.dimensions:
                now = row.scores[index]
                before = dimension_shown(mine.get("dimensions", {}).get(row.key))
                if now and before:
                    row.change = _round(now["mean"] - before["mean"])


def _add_suggestions(results: Results) -> None:
    from django.urls import reverse

    from accord.guidance.library import principle

    for row in results.dimensions:
        item = principle(engine.PRINCIPLE_KEYS.get(row.key, ""))
        if item is None:
            continue
        row.suggestions = list(item.how[:3])
        try:
            row.guidance_url = reverse("guidance:principle", args=[item.key])
        except Exception:  # noqa: BLE001 (no guidance page: no link)
            row.guidance_url = ""


def gap_analysis(results: Results) -> list[DimensionRow]:
    """Dimensions weakest first (own side), with those where answers disagree flagged."""
    index = next((i for i, s in enumerate(results.sides) if s["own"]), 0)
    rows = [r for r in results.dimensions if index < len(r.scores) and r.scores[index]]
    return sorted(rows, key=lambda r: (r.scores[index]["mean"], -(r.scores[index].get("sd") or 0), r.key))


def comments(campaign: Any, org_ids: list[int]) -> list[dict[str, str]]:
    """Comments of the given sides (those shown to the viewer), without names, by question."""
    if not org_ids:
        return []
    texts = {q["id"]: gettext(q["text"]) for q in engine.questions(campaign.definition)}
    rows = (
        Answer.objects.filter(
            **_campaign_filter(campaign, "respondent__"),
            respondent__submitted_at__isnull=False,
            respondent__organization_id__in=org_ids,
        )
        .exclude(comment="")
        .order_by("question", "comment")
        .values_list("question", "comment")[:500]
    )
    return [{"question": texts.get(q, q), "comment": c} for q, c in rows]


def side_counts(campaign: Any) -> list[dict[str, Any]]:
    """How many people of each side submitted (names and counts only)."""
    return [
        {"name": s.get("name", ""), "count": s.get("count", 0)}
        for s in (campaign.summary or {}).get("sides", [])
    ]


def latest_of(model: type, owner: Any, template_key: str) -> Any:
    return (
        model.objects.in_scope(owner)
        .filter(template_key=template_key)
        .exclude(summary={})
        .order_by("-created_at", "-id")
        .first()
    )


__all__ = ["JointCampaign", "OwnCampaign", "Results", "compute", "present", "refresh"]
