"""What meetings add to the shared pages: menus, the overview card (next meeting), the gate
check "Governance meetings scheduled?", history, and the action source "meeting"."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.meetings import selectors, zones
from accord.meetings.models import Meeting

GATE_KEYS = {"meetings_scheduled"}


def gate_answers(collaboration: Any, party: Any, keys: set[str]) -> dict[str, bool]:
    """``meetings_scheduled``: a meeting is scheduled from today on (one query)."""
    return {
        "meetings_scheduled": Meeting.objects.in_scope(collaboration)
        .filter(ends_at__gte=timezone.now())
        .exists()
    }


def next_meeting_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    """The next meeting (one query); none scheduled: a card that says so, with the link."""
    meetings = selectors.upcoming(scope.collaboration, limit=1)
    meeting = meetings[0] if meetings else None
    return {
        "title": _("Next meeting"),
        "meeting": meeting,
        "starts": zones.local(meeting.starts_at, scope.organization) if meeting else None,
        "zone_name": zones.zone_name(scope.organization),
        "url": reverse("meetings:meeting", args=[scope.collaboration.pk, meeting.pk]) if meeting else None,
        "all_url": reverse("meetings:meetings", args=[scope.collaboration.pk]),
    }


def _meeting_url(action: Any) -> str | None:
    if action.source_id is None or not getattr(action, "collaboration_id", None):
        return None
    return reverse("meetings:meeting", args=[action.collaboration_id, action.source_id])


def install() -> None:
    from accord.actions.sources import action_source
    from accord.core.registry import COLLABORATION, Card, registry
    from accord.meetings import demo
    from accord.meetings.models import Attendee
    from accord.meetings.registers import decisions, meetings

    registry.urls("accord.meetings.urls")
    registry.api_router("accord.meetings.api.router")
    registry.register(meetings)
    registry.register(decisions)
    registry.history(COLLABORATION, Attendee)
    registry.nav(COLLABORATION, gettext_lazy("Meetings"), "meetings:meetings", order=700)
    registry.gate_checks(
        GATE_KEYS,
        gate_answers,
        evidence={"meetings_scheduled": gettext_lazy("the meetings (one scheduled ahead)")},
    )
    registry.card(COLLABORATION, Card("meetings.next", "meetings/_card.html", next_meeting_card, order=30))
    action_source("meeting", gettext_lazy("Meeting"), _meeting_url)
    registry.demo("meetings", demo.run, order=260)
    registry.bench("meetings", demo.bench, order=260)
