"""What assessments add to the shared pages: gate answers, cards, the JRMP's "vision and
values" section and the action source. Each reads a fixed number of queries and only
aggregates stored under the anonymity rule (``results.compute``)."""

import datetime
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from accord.assessments import anonymity, engine, results
from accord.assessments.models import CampaignStatus, JointCampaign, OwnCampaign, Respondent
from accord.core import charts
from accord.core.i18n import colon, semicolon
from accord.core.registry import PlanSource

GATE_KEYS = {"capability_assessed", "values_compatibility", "relationship_survey"}
SURVEY_FRESH_DAYS = 122  # a quarter and a month's slack, as the joint reviews' check
CARD_LIMIT = 6
PULSE_POINTS = 8


def _shown_sides(summary: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        s for s in (summary or {}).get("sides", []) if s.get("shown") and anonymity.enough(s.get("count", 0))
    ]


def gate_answers(collaboration: Any, party: Any, keys: set[str]) -> dict[str, bool]:
    """``capability_assessed``: the party's own organization ran the capability
    self-assessment with enough answers; ``values_compatibility``: a compatibility check in this
    collaboration has results of at least two parties; ``relationship_survey``: a pulse or a
    health check with results in the last four months. One query each."""
    answers: dict[str, bool] = {}
    if "capability_assessed" in keys:
        answers["capability_assessed"] = (
            OwnCampaign.objects.in_scope(party.organization_id)
            .filter(kind="capability")
            .annotate(
                n=Count("respondents__user", filter=Q(respondents__submitted_at__isnull=False), distinct=True)
            )
            .filter(n__gte=anonymity.min_respondents())
            .exists()
        )
    joint = JointCampaign.objects.in_scope(collaboration)
    if "values_compatibility" in keys:
        summaries = (
            joint.filter(kind="compatibility").order_by("-created_at").values_list("summary", flat=True)[:5]
        )
        answers["values_compatibility"] = any(len(_shown_sides(s)) >= 2 for s in summaries)
    if "relationship_survey" in keys:
        since = timezone.now() - datetime.timedelta(days=SURVEY_FRESH_DAYS)
        summaries = (
            joint.filter(kind__in=["pulse", "health"], created_at__gte=since)
            .order_by("-created_at")
            .values_list("summary", flat=True)[:5]
        )
        answers["relationship_survey"] = any(_shown_sides(s) for s in summaries)
    return answers


# --- cards ----------------------------------------------------------------------------------------


def waiting_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    """Campaigns waiting for my answer in this organization and its collaborations (one query)."""
    organization = scope.organization
    rows = list(
        Respondent.objects.filter(user=request.user, organization=organization, submitted_at__isnull=True)
        .filter(
            Q(own_campaign__organization=organization, own_campaign__status=CampaignStatus.OPEN)
            | Q(
                joint_campaign__status=CampaignStatus.OPEN,
                joint_campaign__collaboration__parties__organization=organization,
                joint_campaign__collaboration__parties__status="active",
            )
        )
        .select_related("own_campaign", "joint_campaign__collaboration")
        .defer(
            "own_campaign__summary",
            "own_campaign__definition",
            "joint_campaign__summary",
            "joint_campaign__definition",
        )
        .order_by("id")[:50]
    )
    seen: set[tuple[str, int]] = set()
    out = []
    for row in rows:
        campaign = row.own_campaign or row.joint_campaign
        key = ("own" if row.own_campaign_id else "joint", campaign.pk)
        if key in seen:
            continue
        seen.add(key)
        if row.own_campaign_id:
            url = reverse("assessments:own_answer", args=[organization.slug, campaign.pk])
            where = ""
        else:
            url = reverse("assessments:joint_answer", args=[campaign.collaboration_id, campaign.pk])
            where = campaign.collaboration.name
        out.append({"title": campaign.title, "url": url, "where": where, "due_date": campaign.due_date})
    if not out:
        return None
    return {"title": _("Questionnaires waiting for your answers"), "rows": out[:CARD_LIMIT]}


def pulse_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    """The trust pulse's trend, party by party (one query; no card before a pulse has results)."""
    campaigns = list(
        JointCampaign.objects.in_scope(scope.collaboration)
        .filter(kind="pulse")
        .exclude(summary={})
        .order_by("-created_at", "-id")
        .only("id", "title", "created_at", "summary", "collaboration_id")[:PULSE_POINTS]
    )
    if not campaigns or not any(_shown_sides(c.summary) for c in campaigns):
        return None
    campaigns.reverse()
    names: list[str] = []
    for c in campaigns:
        for s in c.summary.get("sides", []):
            if s.get("name") not in names:
                names.append(s.get("name"))
    series = []
    for name in names:
        points = []
        for c in campaigns:
            side = next((s for s in _shown_sides(c.summary) if s.get("name") == name), None)
            points.append((c.created_at.strftime("%Y-%m"), side.get("overall") if side else None))
        series.append({"label": name, "points": points})
    return {
        "title": _("Trust pulse"),
        "chart": charts.line_chart(
            series, title=_("Trust pulse, overall score by party (1–5)"), width=560, height=240
        ),
        "url": reverse("assessments:joint_results", args=[scope.collaboration.pk, campaigns[-1].pk]),
    }


# --- JRMP: vision and values ------------------------------------------------------------------------


def _vision_values(collaboration: Any, limit: int | None) -> list[str]:
    campaign = (
        JointCampaign.objects.in_scope(collaboration)
        .filter(kind="compatibility")
        .exclude(summary={})
        .order_by("-created_at", "-id")
        .only("id", "title", "created_at", "summary", "definition", "collaboration_id")
        .first()
    )
    if campaign is None:
        return []
    return compatibility_lines(campaign)


def compatibility_lines(campaign: Any) -> list[str]:
    """Plain lines of a compatibility result: aggregates of the parties shown, never an answer."""
    sides = campaign.summary.get("sides", [])
    shown = _shown_sides(campaign.summary)
    head = (
        f"{campaign.title} ({date_format(campaign.created_at, 'DATE_FORMAT')}){colon()} "
        + f"{semicolon()} ".join(
            _("%(name)s %(score)s of 5 (%(n)s answered)")
            % {"name": s["name"], "score": number_format(s["overall"]), "n": s["count"]}
            if s in shown and s.get("overall") is not None
            else _("%(name)s not enough answers yet (%(n)s)") % {"name": s["name"], "n": s["count"]}
            for s in sides
        )
    )
    lines = [head]
    keys: list[str] = []
    for question in engine.questions(campaign.definition):
        key = engine.question_dimension(campaign.definition, question)
        if key and key not in keys:
            keys.append(key)
    for key in keys:
        scores = [(s["name"], results.dimension_shown(s.get("dimensions", {}).get(key))) for s in shown]
        scores = [(n, d["mean"]) for n, d in scores if d]
        if not scores:
            continue
        text = ", ".join(f"{n} {number_format(m)}" for n, m in scores)
        if len(scores) > 1:
            gap = round(max(m for _, m in scores) - min(m for _, m in scores), 2)
            text += (
                " ("
                + (_("gap %(gap)s, to discuss") if gap >= 1 else _("gap %(gap)s"))
                % {"gap": number_format(gap)}
                + ")"
            )
        lines.append(f"{engine.dimension_label(campaign.definition, key)}{colon()} {text}")
    return lines


SOURCES = [
    PlanSource(
        "jrmp",
        "vision_values",
        "compatibility_assessment",
        _vision_values,
        lambda rows: list(rows),
        "assessments/sources/vision_values.html",
        order=100,
    )
]


def action_url(action: Any) -> str | None:
    if not action.source_id:
        return None
    if getattr(action, "collaboration_id", None):
        return reverse("assessments:joint_results", args=[action.collaboration_id, action.source_id])
    organization = action._state.fields_cache.get("organization")
    return (
        reverse("assessments:own_results", args=[organization.slug, action.source_id])
        if organization
        else None
    )
