"""What measures add to the shared pages: gate answers, cards and the JRMP's measurement and
improvement sections. Each reads a fixed number of queries."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.actions.models import OPEN_STATUSES, JointAction
from accord.core.registry import PlanSource
from accord.measures import selectors
from accord.measures.models import (
    JointMeasure,
    JointReview,
    PrivateMeasure,
)
from accord.measures.status import Status

# A joint review counts as "held this period" when it was held within this many days (a
# quarter, and a month's slack for the meeting to be arranged).
REVIEW_FRESH_DAYS = 122
GATE_KEYS = {"review_held", "review_actions_closed"}
CARD_LIMIT = 8


def gate_answers(collaboration: Any, party: Any, keys: set[str]) -> dict[str, bool]:
    """``review_held``: a joint review was held in the last four months; ``review_actions_closed``:
    the latest review's improvement actions are all done or dropped. Two queries at most."""
    today = timezone.localdate()
    reviews = JointReview.objects.in_scope(collaboration)
    answers: dict[str, bool] = {}
    if "review_held" in keys:
        answers["review_held"] = reviews.filter(
            held_on__gte=today - datetime.timedelta(days=REVIEW_FRESH_DAYS), held_on__lte=today
        ).exists()
    if "review_actions_closed" in keys:
        latest = reviews.order_by("-period_end", "-id").values("id").first()
        answers["review_actions_closed"] = bool(latest) and not (
            JointAction.objects.in_scope(collaboration)
            .filter(source_kind="review", source_id=latest["id"], status__in=OPEN_STATUSES)
            .exists()
        )
    return answers


# What a card's row shows and its status needs: the card reads only these.
CARD_FIELDS = ("name", "unit", "frequency", "start_date", "direction", "target", "warning")


def _attention(model: type, owner: Any) -> list[selectors.MeasureRow]:
    measures = list(
        selectors.with_latest(model.objects.in_scope(owner).only(model.scope_field, *CARD_FIELDS), owner)
    )
    rows = selectors.measure_rows(measures, today=timezone.localdate(), points=1)
    return [r for r in rows if r.status in (Status.OFF_TRACK, Status.MISSING, Status.AT_RISK)]


def joint_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    """Joint measures off track, at risk or missing a value (two queries); none: no card."""
    rows = _attention(JointMeasure, scope.collaboration)
    if not rows:
        return None
    order = {Status.OFF_TRACK: 0, Status.MISSING: 1, Status.AT_RISK: 2}
    rows.sort(key=lambda r: (order[r.status], r.measure.name))
    base = reverse("measures:joint_measure", args=[scope.collaboration.pk, 999999999])
    return {
        "title": _("Measures needing attention"),
        "rows": [(r, base.replace("999999999", str(r.measure.pk))) for r in rows[:CARD_LIMIT]],
        "more": max(len(rows) - CARD_LIMIT, 0),
        "all_url": reverse("measures:joint_measures", args=[scope.collaboration.pk]),
    }


def private_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    """The organization's own measures off track, at risk or missing (two queries)."""
    rows = _attention(PrivateMeasure, scope.organization)
    if not rows:
        return None
    order = {Status.OFF_TRACK: 0, Status.MISSING: 1, Status.AT_RISK: 2}
    rows.sort(key=lambda r: (order[r.status], r.measure.name))
    base = reverse("measures:own_measure", args=[scope.organization.slug, 999999999])
    return {
        "title": _("Own measures needing attention"),
        "rows": [(r, base.replace("999999999", str(r.measure.pk))) for r in rows[:CARD_LIMIT]],
        "more": max(len(rows) - CARD_LIMIT, 0),
        "all_url": reverse("measures:own_measures", args=[scope.organization.slug]),
    }


# --- JRMP sections ----------------------------------------------------------------------------


def _measurement(collaboration: Any, limit: int | None) -> list[selectors.MeasureRow]:
    measures = selectors.measure_list(owner=collaboration, model=JointMeasure)
    measures = list(measures[:limit] if limit else measures)
    return selectors.measure_rows(measures, today=timezone.localdate(), points=1)


def _measurement_lines(rows: list[selectors.MeasureRow]) -> list[str]:
    out = []
    for row in rows:
        m = row.measure
        parts = [f"{m.name} ({m.kind_label}"]
        if m.unit:
            parts[0] += f", {m.unit}"
        parts[0] += ")"
        if m.target is not None:
            parts.append(_("target %(t)s") % {"t": m.thresholds_text()})
        parts.append(str(m.frequency_label).lower())
        if m.owner_party_id:
            parts.append(_("owner %(party)s") % {"party": m.owner_party.organization.name})
        status = str(row.status.label)
        if row.latest is not None:
            status += ", " + _("latest %(value)s (%(period)s)") % {
                "value": selectors.plain(row.latest.value),
                "period": row.latest_label,
            }
        parts.append(status)
        out.append(" — ".join(parts))
    return out


def _measurement_count(collaboration: Any) -> int:
    return JointMeasure.objects.in_scope(collaboration).count()


REVIEWS_SHOWN = 3


def _improvement(collaboration: Any, limit: int | None) -> dict[str, Any]:
    reviews = list(
        JointReview.objects.in_scope(collaboration)
        .exclude(lessons="")
        .order_by("-period_end", "-id")
        .only("id", "title", "period_start", "period_end", "held_on", "lessons", "collaboration_id")[
            :REVIEWS_SHOWN
        ]
    )
    actions = (
        JointAction.objects.in_scope(collaboration)
        .filter(source_kind="review", status__in=OPEN_STATUSES)
        .select_related("owner_party__organization", "owner_user")
        .order_by("due_date", "id")
    )
    return {"reviews": reviews, "actions": list(actions[:limit] if limit else actions)}


def _improvement_lines(rows: dict[str, Any]) -> list[str]:
    out = []
    for review in rows["reviews"]:
        out.append(
            _("Lessons from %(title)s (%(start)s – %(end)s):")
            % {
                "title": review.title,
                "start": date_format(review.period_start, "DATE_FORMAT"),
                "end": date_format(review.period_end, "DATE_FORMAT"),
            }
        )
        out.extend(f"  {line}" for line in review.lessons.splitlines() if line.strip())
    for action in rows["actions"]:
        owner = ", ".join(
            x
            for x in (
                action.owner_party.organization.name if action.owner_party else "",
                action.owner_display,
            )
            if x
        )
        line = _("Open action: %(title)s") % {"title": action.title}
        if owner:
            line += f" — {owner}"
        if action.due_date:
            line += ", " + _("due %(date)s") % {"date": date_format(action.due_date, "DATE_FORMAT")}
        out.append(line)
    return out


SOURCES = [
    PlanSource(
        "jrmp",
        "measurement",
        "joint_measures",
        _measurement,
        _measurement_lines,
        "measures/sources/measurement.html",
        order=100,
        count=_measurement_count,
    ),
    PlanSource(
        "jrmp",
        "improvement",
        "joint_reviews",
        _improvement,
        _improvement_lines,
        "measures/sources/improvement.html",
        filled=lambda rows: bool(rows["reviews"] or rows["actions"]),
        order=100,
    ),
]
