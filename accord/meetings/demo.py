"""Meetings in the demo world: scenario 3's quarterly review meeting (attendance, minutes, two
decisions, three actions, one overdue) and scenario 1's monthly joint meeting; and the
benchmark's 300 meetings."""

import datetime
from typing import Any

from django.apps import apps
from django.utils import timezone

from accord.meetings import services
from accord.meetings.models import Attendance, Decision, Meeting

BENCH_MEETINGS = 300


def _forum(collaboration: Any, kind: str) -> Any:
    """The governance demo's forum of that kind, if it made one."""
    forum = apps.get_model("governance", "Forum")
    return forum.objects.in_scope(collaboration).filter(kind=kind).order_by("id").first()


def _at(day: datetime.date, hour: int, minutes: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minutes), tzinfo=datetime.UTC)


def run(world: Any) -> None:
    today = timezone.localdate()
    _quarterly_review(world, today)
    _northline_monthly(world, today)


def _quarterly_review(world: Any, today: datetime.date) -> None:
    collaboration = world.quillsoft_hospital
    parties = world.parties[collaboration.pk]
    quillsoft, hospital = parties[world.quillsoft.pk], parties[world.hospital.pk]
    qs, hp = world.quillsoft_people, world.hospital_people
    day = today - datetime.timedelta(days=21)
    with world.acting_as(qs["manager"]):
        meeting = services.meeting_create(
            collaboration=collaboration,
            user=qs["manager"],
            data={
                "title": "Quarterly review — joint management team",
                "forum": _forum(collaboration, "jmt"),
                "starts_at": _at(day, 9),
                "ends_at": _at(day, 11),
                "location": "Hospital board room, level 2",
                "agenda": (
                    "1. Service performance this quarter\n"
                    "2. Relationship health survey results\n"
                    "3. Open issues and the escalation on ward roll-out\n"
                    "4. Risks and next quarter's priorities"
                ),
                "minutes": (
                    "Availability met the target (99.6%). Ward roll-out is two weeks late; the "
                    "escalation to the SERs was resolved by adding a second trainer.\n"
                    "The survey shows trust improving; both parties want shorter response times "
                    "for change requests.\n"
                    "Next quarter: finish the roll-out and agree the data-sharing annex."
                ),
            },
        )
        for person in (qs["ser"], qs["manager"]):
            services.attendee_add(
                meeting=meeting, party=quillsoft, user=person, attendance=Attendance.PRESENT
            )
    with world.acting_as(hp["manager"]):
        services.attendee_add(
            meeting=meeting, party=hospital, user=hp["manager"], attendance=Attendance.PRESENT
        )
        services.attendee_add(meeting=meeting, party=hospital, user=hp["ser"], attendance=Attendance.ABSENT)
        services.attendee_add(
            meeting=meeting, party=hospital, name="Ward sister, Ward 7", attendance=Attendance.PRESENT
        )
    with world.acting_as(qs["manager"]):
        services.decision_create(
            meeting=meeting, text="Add a second trainer until the ward roll-out is complete."
        )
        services.decision_create(
            meeting=meeting, text="Change requests get an answer within five working days from next month."
        )
        for title, party, owner, due in (
            (
                "Schedule the second trainer for wards 8-10",
                quillsoft,
                qs["manager"],
                today - datetime.timedelta(days=4),
            ),
            (
                "Draft the data-sharing annex to the agreement",
                hospital,
                hp["manager"],
                today + datetime.timedelta(days=10),
            ),
            (
                "Publish the change request response times",
                quillsoft,
                qs["ser"],
                today + datetime.timedelta(days=30),
            ),
        ):
            services.meeting_action_create(
                meeting=meeting,
                title=title,
                owner_party=party,
                owner_user=owner,
                due_date=due,
                user=qs["manager"],
            )
    # The next quarterly review, scheduled.
    with world.acting_as(qs["manager"]):
        next_day = day + datetime.timedelta(days=91)
        services.meeting_create(
            collaboration=collaboration,
            user=qs["manager"],
            data={
                "title": "Quarterly review — joint management team",
                "forum": _forum(collaboration, "jmt"),
                "starts_at": _at(next_day, 9),
                "ends_at": _at(next_day, 11),
                "location": "Quillsoft office, meeting room 1",
                "agenda": "1. Service performance\n2. Roll-out close-out\n3. Data-sharing annex",
            },
        )
    world.quarterly_review_meeting = meeting


def _northline_monthly(world: Any, today: datetime.date) -> None:
    collaboration = world.northline
    parties = world.parties[collaboration.pk]
    brightwave, lumen = parties[world.brightwave.pk], parties[world.lumen.pk]
    day = today - datetime.timedelta(days=9)
    with world.acting_as(world.ana):
        meeting = services.meeting_create(
            collaboration=collaboration,
            user=world.ana,
            data={
                "title": "Monthly joint bid meeting",
                "forum": _forum(collaboration, "jmt"),
                "starts_at": _at(day, 14),
                "ends_at": _at(day, 15),
                "link": "https://meet.example.com/northline-monthly",
                "agenda": "1. Bid timetable\n2. Coating specification\n3. Pricing approach",
                "minutes": "Timetable on track. Lumen to confirm the coating specification before pricing.",
            },
        )
        services.attendee_add(
            meeting=meeting, party=brightwave, user=world.ana, attendance=Attendance.PRESENT
        )
        services.decision_create(meeting=meeting, text="Price the bid on a shared-savings basis.")
        services.meeting_action_create(
            meeting=meeting,
            title="Confirm the coating specification",
            owner_party=lumen,
            owner_user=world.jo,
            due_date=today + datetime.timedelta(days=5),
            user=world.ana,
        )
    with world.acting_as(world.jo):
        services.attendee_add(meeting=meeting, party=lumen, user=world.jo, attendance=Attendance.PRESENT)
    with world.acting_as(world.ana):
        next_day = day + datetime.timedelta(days=28)
        services.meeting_create(
            collaboration=collaboration,
            user=world.ana,
            data={
                "title": "Monthly joint bid meeting",
                "forum": _forum(collaboration, "jmt"),
                "starts_at": _at(next_day, 14),
                "ends_at": _at(next_day, 15),
                "link": "https://meet.example.com/northline-monthly",
                "agenda": "1. Bid timetable\n2. Pricing\n3. Risks",
            },
        )


def bench(world: Any) -> None:
    """300 meetings in ``world.bench_collaboration``, monthly-ish over the past and the next
    years, each with two decisions."""
    collaboration = world.bench_collaboration
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    Meeting.unscoped.bulk_create(
        (
            Meeting(
                collaboration=collaboration,
                title=f"Joint management team {n}",
                starts_at=now + datetime.timedelta(days=7 * (n - 250)),
                ends_at=now + datetime.timedelta(days=7 * (n - 250), hours=1),
                agenda="1. Performance\n2. Issues\n3. Actions",
                minutes="Notes of the meeting." if n < 250 else "",
            )
            for n in range(BENCH_MEETINGS)
        ),
        batch_size=500,
    )
    meetings = list(Meeting.unscoped.filter(collaboration=collaboration).values_list("pk", "starts_at"))
    Decision.unscoped.bulk_create(
        (
            Decision(
                collaboration=collaboration,
                meeting_id=pk,
                text=f"Decision {i} of meeting {pk}",
                decided_at=at,
            )
            for pk, at in meetings
            for i in (1, 2)
        ),
        batch_size=1000,
    )
