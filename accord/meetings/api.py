"""The meetings API: meetings and the decision log from the register kit, plus a meeting's
attendance (each party sets its own people), its actions, and its .ics text."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Schema, Status

from accord.actions.schemas import JointActionOut
from accord.core.api import BodyId, FieldErrors, Line, PathId, ScopedRouter
from accord.core.errors import ApplicationError
from accord.core.permissions import Perm
from accord.meetings import selectors, services
from accord.meetings.ics import meeting_ics
from accord.meetings.models import Attendance, Meeting
from accord.meetings.registers import decisions, meetings

router = ScopedRouter(tags=["meetings"])

for register in (meetings, decisions):
    register.api(router)

ITEM = "/collaborations/{collaboration_id}/meetings/{meeting_id}"


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = Meeting.objects.in_scope(request.scope.collaboration).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


class AttendeeOut(Schema):
    id: int
    party_id: int
    organization: str
    name: str
    user_id: int | None
    attendance: Attendance

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return obj.party.organization.name


class AttendeeIn(Schema):
    name: Line(200) = ""
    user_id: BodyId | None = None
    attendance: Attendance = Attendance.EXPECTED


class AttendanceIn(Schema):
    people: list[AttendeeIn]


@router.scoped("GET", ITEM + "/attendance", scope="collaboration", perm=Perm.VIEW, response=list[AttendeeOut])
def attendance_list(request: HttpRequest, collaboration_id: PathId, meeting_id: PathId) -> list:
    meeting = _meeting(request, meeting_id)
    return [p for group in selectors.attendance(meeting) for p in group.people]


@router.scoped(
    "PUT",
    ITEM + "/attendance",
    scope="collaboration",
    perm=Perm.EDIT,
    response={200: list[AttendeeOut], 400: FieldErrors},
)
def attendance_put(
    request: HttpRequest, collaboration_id: PathId, meeting_id: PathId, payload: AttendanceIn
) -> list:
    """Replace your own party's people at the meeting (other parties' stay as they are)."""
    from accord.accounts.models import User

    meeting = _meeting(request, meeting_id)
    people = []
    for person in payload.people:
        user = None
        if person.user_id is not None:
            user = User.objects.filter(pk=person.user_id).first()
            if user is None:
                raise ApplicationError(gettext("Choose a member of your own organization."), field="user_id")
        if not person.name and user is None:
            raise ApplicationError(gettext("Give each person a name or a user_id."), field="name")
        people.append({"name": person.name, "user": user, "attendance": person.attendance})
    return services.attendance_set(meeting=meeting, party=request.scope.party, people=people)


class MeetingActionIn(Schema):
    title: Line(200, required=True)
    owner_party_id: BodyId | None = None
    owner_user_id: BodyId | None = None
    due_date: datetime.date | None = None


@router.scoped("GET", ITEM + "/actions", scope="collaboration", perm=Perm.VIEW, response=list[JointActionOut])
def meeting_actions(request: HttpRequest, collaboration_id: PathId, meeting_id: PathId) -> list:
    return selectors.actions_of(_meeting(request, meeting_id))


@router.scoped(
    "POST",
    ITEM + "/actions",
    scope="collaboration",
    perm=Perm.EDIT,
    response={201: JointActionOut, 400: FieldErrors},
)
def meeting_action_create(
    request: HttpRequest, collaboration_id: PathId, meeting_id: PathId, payload: MeetingActionIn
) -> Any:
    from accord.actions.registers import joint_actions

    meeting = _meeting(request, meeting_id)
    data = joint_actions.api_data(request.scope, payload.dict())
    action = services.meeting_action_create(meeting=meeting, user=request.user, **data)
    return Status(201, action)


@router.scoped("GET", ITEM + "/ics", scope="collaboration", perm=Perm.VIEW, response={200: None})
def meeting_ics_text(request: HttpRequest, collaboration_id: PathId, meeting_id: PathId) -> HttpResponse:
    """The meeting as an iCalendar file (text/calendar)."""
    meeting = _meeting(request, meeting_id)
    return HttpResponse(
        meeting_ics(meeting, host=request.get_host()), content_type="text/calendar; charset=utf-8"
    )
