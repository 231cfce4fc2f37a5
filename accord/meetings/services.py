"""Every write on meetings, attendance and decisions; a meeting's actions are joint actions
made through ``accord.actions.services.action_create`` with source ``meeting``."""

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accord.actions.services import action_create
from accord.core.errors import ApplicationError
from accord.core.services import versioned_update
from accord.meetings.models import Attendance, Attendee, Decision, Meeting

MEETING_FIELDS = ["title", "forum", "starts_at", "ends_at", "location", "link", "agenda", "minutes"]
DECISION_FIELDS = ["text", "decided_at"]


def meeting_fields() -> list[str]:
    return MEETING_FIELDS


def _check_forum(collaboration: Any, data: dict[str, Any]) -> None:
    forum = data.get("forum")
    if forum is not None and forum.collaboration_id != collaboration.pk:
        raise ApplicationError(_("Choose a forum of this collaboration."), field="forum")


def meeting_create(*, collaboration: Any, data: dict[str, Any], user: Any = None) -> Meeting:
    fields = {k: v for k, v in data.items() if k in meeting_fields()}
    _check_forum(collaboration, fields)
    meeting = Meeting(collaboration=collaboration, created_by=user, **fields)
    with transaction.atomic():
        meeting.full_clean()
        meeting.save()
    return meeting


def meeting_update(
    *, meeting: Meeting, data: dict[str, Any], expected_version: int | None, user: Any = None
) -> Meeting:
    data = {k: v for k, v in data.items() if k in meeting_fields()}
    _check_forum(meeting.collaboration, data)
    return versioned_update(meeting, data=data, expected_version=expected_version, fields=meeting_fields())


def meeting_delete(*, meeting: Meeting, user: Any = None) -> None:
    """The meeting with its attendance and decisions; its actions stay (they may be open)."""
    meeting.delete()


# --- attendance ------------------------------------------------------------------------------


def _check_person(party: Any, user: Any) -> None:
    from accord.organizations.models import Membership

    if (
        user is not None
        and not Membership.objects.filter(user=user, organization_id=party.organization_id).exists()
    ):
        raise ApplicationError(_("Choose a member of your own organization."), field="user")


def attendee_add(
    *, meeting: Meeting, party: Any, name: str = "", user: Any = None, attendance: str = Attendance.EXPECTED
) -> Attendee:
    """One of ``party``'s people at the meeting (by name, or a member chosen by account)."""
    _check_person(party, user)
    if not (name or "").strip() and user is not None:
        name = user.display_name
    attendee = Attendee(
        collaboration_id=meeting.collaboration_id,
        meeting=meeting,
        party=party,
        name=name,
        user=user,
        attendance=attendance,
    )
    attendee.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            attendee.save()
    except IntegrityError:
        raise ApplicationError(_("This person is on the list already."), field="name") from None
    return attendee


def attendee_mark(*, attendee: Attendee, party: Any, attendance: str) -> Attendee:
    """Present, absent or invited; only the person's own party marks them."""
    if attendee.party_id != party.pk:
        raise ApplicationError(_("Each party records its own people's attendance."))
    if attendance not in Attendance.values:
        raise ApplicationError(_("Choose present, absent or invited."), field="attendance")
    attendee.attendance = attendance
    attendee.save(update_fields=["attendance", "updated_at"])
    return attendee


def attendee_remove(*, attendee: Attendee, party: Any) -> None:
    if attendee.party_id != party.pk:
        raise ApplicationError(_("Each party records its own people's attendance."))
    attendee.delete()


def attendance_set(*, meeting: Meeting, party: Any, people: list[dict[str, Any]]) -> list[Attendee]:
    """Replace ``party``'s attendance list at the meeting (the API's PUT)."""
    with transaction.atomic():
        Attendee.objects.in_scope(meeting.collaboration).filter(meeting=meeting, party=party).delete()
        return [
            attendee_add(
                meeting=meeting,
                party=party,
                name=p.get("name", ""),
                user=p.get("user"),
                attendance=p.get("attendance", Attendance.EXPECTED),
            )
            for p in people
        ]


# --- decisions and actions -------------------------------------------------------------------


def decision_create(
    *, meeting: Meeting, text: str, decided_at: datetime.datetime | None = None, user: Any = None
) -> Decision:
    decision = Decision(
        collaboration_id=meeting.collaboration_id,
        meeting=meeting,
        text=text,
        decided_at=decided_at or meeting.starts_at,
    )
    decision.full_clean()
    decision.save()
    return decision


def decision_update(*, decision: Decision, data: dict[str, Any], expected_version: int | None) -> Decision:
    return versioned_update(decision, data=data, expected_version=expected_version, fields=DECISION_FIELDS)


def meeting_action_create(
    *,
    meeting: Meeting,
    title: str,
    owner_party: Any = None,
    owner_user: Any = None,
    due_date: datetime.date | None = None,
    description: str = "",
    user: Any = None,
) -> Any:
    return action_create(
        owner=meeting.collaboration,
        title=title,
        source_kind="meeting",
        source_id=meeting.pk,
        source_label=meeting.title[:200],
        owner_party=owner_party,
        owner_user=owner_user,
        due_date=due_date,
        description=description,
        created_by=user,
    )
