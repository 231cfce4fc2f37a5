"""Reading meetings: the next ones, and one meeting with everything on its page."""

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from accord.actions.forms import active_parties
from accord.actions.selectors import actions_for_source
from accord.meetings.models import Attendee, Decision, Meeting


def upcoming(collaboration: Any, limit: int = 5) -> list[Meeting]:
    """Meetings not yet over, soonest first (one query)."""
    return list(
        Meeting.objects.in_scope(collaboration)
        .filter(ends_at__gte=timezone.now())
        .defer("agenda", "minutes")
        .order_by("starts_at", "id")[:limit]
    )


@dataclass
class PartyAttendance:
    party: Any
    people: list[Attendee] = field(default_factory=list)
    own: bool = False


def attendance(meeting: Meeting, own_party: Any = None) -> list[PartyAttendance]:
    """Each active party (and any party that left but had people at the meeting) with its
    people at the meeting (two queries)."""
    people = list(
        Attendee.objects.in_scope(meeting.collaboration)
        .filter(meeting=meeting)
        .select_related("party__organization")
        .order_by("name", "id")
    )
    groups = {
        p.pk: PartyAttendance(p, own=own_party is not None and p.pk == own_party.pk)
        for p in active_parties(meeting.collaboration)
    }
    for person in people:
        group = groups.setdefault(person.party_id, PartyAttendance(person.party))
        group.people.append(person)
    return list(groups.values())


def decisions_of(meeting: Meeting) -> list[Decision]:
    return list(
        Decision.objects.in_scope(meeting.collaboration).filter(meeting=meeting).order_by("decided_at", "id")
    )


def actions_of(meeting: Meeting) -> list[Any]:
    return list(actions_for_source(meeting.collaboration, "meeting", meeting.pk))
