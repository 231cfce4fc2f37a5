import datetime
import io

import pytest
from django.urls import reverse

from accord.actions.models import JointAction
from accord.collaborations.models import Collaboration, Party
from accord.meetings import services
from accord.meetings.ics import fold, meeting_ics
from accord.meetings.models import Attendance, Attendee, Meeting
from accord.organizations.models import Organization

START = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def parties(world):
    parties = {p.organization_id: p for p in Party.objects.in_scope(world.collaboration)}
    return parties[world.brightwave.pk], parties[world.lumen.pk]


@pytest.fixture
def meeting(world):
    return services.meeting_create(
        collaboration=world.collaboration,
        data={
            "title": "JMT; budget, plan \\ review",
            "starts_at": START,
            "ends_at": START + datetime.timedelta(hours=1),
            "location": "Room 1, level 2",
            "agenda": "1. Budget\n2. " + "A long agenda line with ünïcödé " * 6,
            "minutes": "We met.",
        },
    )


def _unfold(text: str) -> list[str]:
    assert "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_parses(meeting):
    text = meeting_ics(meeting, host="accord.test")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    lines = _unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    props = dict(line.split(":", 1) for line in lines if line)
    assert props["DTSTART"] == "20260302T093000Z"
    assert props["DTEND"] == "20260302T103000Z"
    assert props["SUMMARY"] == "JMT\\; budget\\, plan \\\\ review"
    assert props["DESCRIPTION"].startswith("1. Budget\\n2. A long agenda line with ünïcödé")
    assert props["LOCATION"] == "Room 1\\, level 2"


def test_fold_never_splits_a_character():
    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    for chunk in folded.split("\r\n"):
        chunk.encode("utf-8").decode("utf-8")
        assert len(chunk.encode("utf-8")) <= 75
    assert folded.replace("\r\n ", "") == line


def test_ics_download_and_outsider(client, world, meeting):
    url = reverse("meetings:meeting_ics", args=[world.collaboration.pk, meeting.pk])
    client.force_login(world.jo)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    client.force_login(world.mallory)
    for name in ("meeting", "meeting_ics", "meeting_minutes_pdf"):
        assert (
            client.get(reverse(f"meetings:{name}", args=[world.collaboration.pk, meeting.pk])).status_code
            == 404
        )
    assert (
        client.post(
            reverse("meetings:meeting_decision", args=[world.collaboration.pk, meeting.pk]), {"text": "x"}
        ).status_code
        == 404
    )


def test_minutes_pdf_has_the_decisions(client, world, meeting):
    from pypdf import PdfReader

    services.decision_create(meeting=meeting, text="Adopt the shared savings model")
    client.force_login(world.ana)
    response = client.get(reverse("meetings:meeting_minutes_pdf", args=[world.collaboration.pk, meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Adopt the shared savings model" in text


def test_meeting_page_flow(client, world, meeting, parties):
    brightwave, lumen = parties
    page = reverse("meetings:meeting", args=[world.collaboration.pk, meeting.pk])
    client.force_login(world.ana)
    # Attendance: Ana adds herself for Brightwave and marks herself present.
    url = reverse("meetings:meeting_attendance", args=[world.collaboration.pk, meeting.pk])
    assert client.post(url, {"user": world.ana.pk, "attendance": "expected"}).status_code == 302
    person = Attendee.objects.in_scope(world.collaboration).get(meeting=meeting)
    assert person.party == brightwave and person.name == "Ana"
    assert client.post(url, {"attendee": person.pk, "attendance": "present"}).status_code == 302
    person.refresh_from_db()
    assert person.attendance == Attendance.PRESENT
    # Lumen cannot mark Brightwave's people.
    client.force_login(world.jo)
    assert client.post(url, {"attendee": person.pk, "attendance": "absent"}).status_code == 404
    assert client.post(url, {"user": world.ana.pk, "attendance": "present"}).status_code == 422
    # A decision and an action, inline.
    client.force_login(world.ana)
    assert (
        client.post(
            reverse("meetings:meeting_decision", args=[world.collaboration.pk, meeting.pk]),
            {"text": "Go ahead"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("meetings:meeting_action", args=[world.collaboration.pk, meeting.pk]),
            {
                "title": "Send the minutes",
                "owner_party": lumen.pk,
                "owner_user": world.jo.pk,
                "due_date": "2026-03-09",
            },
        ).status_code
        == 302
    )
    action = JointAction.objects.in_scope(world.collaboration).get()
    assert (action.source_kind, action.source_id, action.owner_user) == ("meeting", meeting.pk, world.jo)
    assert (
        client.post(
            reverse("meetings:meeting_decision", args=[world.collaboration.pk, meeting.pk]), {"text": ""}
        ).status_code
        == 422
    )
    body = client.get(page).content.decode()
    assert "Go ahead" in body and "Send the minutes" in body and "Present" in body
    # The action links back to the meeting from the joint actions list and Jo's "My actions".
    client.force_login(world.jo)
    mine = client.get(reverse("actions:mine")).content.decode()
    assert "Send the minutes" in mine and page in mine


def test_decision_log_search(client, world, meeting):
    other = services.meeting_create(
        collaboration=world.collaboration,
        data={
            "title": "Second",
            "starts_at": START + datetime.timedelta(days=30),
            "ends_at": START + datetime.timedelta(days=30, hours=1),
        },
    )
    services.decision_create(meeting=meeting, text="Adopt shared savings")
    services.decision_create(meeting=other, text="Hire a trainer")
    client.force_login(world.jo)
    url = reverse("meetings:decisions", args=[world.collaboration.pk])
    body = client.get(url + "?q=trainer").content.decode().split("<tbody>")[1].split("</tbody>")[0]
    assert "Hire a trainer" in body and "Adopt shared savings" not in body


def test_time_zone_labelled_and_stored_in_utc(client, world):
    # Times are entered and shown in the viewer's organization's zone (accord.core.zones).
    Organization.objects.filter(pk=world.brightwave.pk).update(time_zone="Europe/Paris")
    client.force_login(world.ana)
    response = client.post(
        reverse("meetings:meetings_add", args=[world.collaboration.pk]),
        {"title": "Paris time", "starts_at": "2026-07-01T10:00", "ends_at": "2026-07-01T11:00"},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    meeting = Meeting.objects.in_scope(world.collaboration).get(title="Paris time")
    assert meeting.starts_at == datetime.datetime(2026, 7, 1, 8, 0, tzinfo=datetime.UTC)
    url = reverse("meetings:meeting", args=[world.collaboration.pk, meeting.pk])
    body = client.get(url).content.decode()
    assert "10:00" in body and "Europe/Paris" in body
    # The partner, whose organization keeps UTC, sees the same meeting in its own zone.
    client.force_login(world.jo)
    body = client.get(url).content.decode()
    assert "08:00" in body and "UTC" in body and "Europe/Paris" not in body


def test_ends_after_start(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.meeting_create(
            collaboration=world.collaboration, data={"title": "x", "starts_at": START, "ends_at": START}
        )


def test_meetings_list_queries_bounded(client, world, django_assert_max_num_queries):
    client.force_login(world.ana)
    url = reverse("meetings:meetings", args=[world.collaboration.pk])

    def make(n, offset):
        Meeting.unscoped.bulk_create(
            Meeting(
                collaboration=world.collaboration,
                title=f"M{i}",
                starts_at=START + datetime.timedelta(days=i + offset),
                ends_at=START + datetime.timedelta(days=i + offset, hours=1),
            )
            for i in range(n)
        )

    make(2, 0)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    make(300, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    meeting = Meeting.objects.in_scope(world.collaboration).first()
    services.decision_create(meeting=meeting, text="x")
    page = reverse("meetings:meeting", args=[world.collaboration.pk, meeting.pk])
    with django_assert_max_num_queries(40):
        assert client.get(page).status_code == 200


def test_api(client, world, meeting, parties):
    brightwave, lumen = parties
    client.force_login(world.jo)
    base = f"/api/v1/collaborations/{world.collaboration.pk}/meetings/{meeting.pk}"
    response = client.put(
        base + "/attendance",
        {
            "people": [
                {"user_id": world.jo.pk, "attendance": "present"},
                {"name": "Lumen guest", "attendance": "absent"},
            ]
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert {p["name"] for p in response.json()} == {"Jo", "Lumen guest"}
    # Jo's PUT never touches Brightwave's people.
    services.attendee_add(meeting=meeting, party=brightwave, name="Ana")
    client.put(base + "/attendance", {"people": []}, content_type="application/json")
    assert [p["name"] for p in client.get(base + "/attendance").json()] == ["Ana"]
    created = client.post(
        base + "/actions",
        {"title": "Share the plan", "owner_party_id": lumen.pk, "owner_user_id": world.jo.pk},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["source_url"].endswith(f"/meetings/{meeting.pk}/")
    assert [a["title"] for a in client.get(base + "/actions").json()] == ["Share the plan"]
    decision = client.post(
        f"/api/v1/collaborations/{world.collaboration.pk}/decisions",
        {"meeting_id": meeting.pk, "text": "Agreed"},
        content_type="application/json",
    )
    assert decision.status_code == 201, decision.content
    assert decision.json()["decided_at"].startswith("2026-03-02T09:30")
    ics = client.get(base + "/ics")
    assert ics.status_code == 200 and b"DTSTART:20260302T093000Z" in ics.content
    client.force_login(world.mallory)
    assert client.get(base + "/attendance").status_code == 404


def test_gate_and_card(client, world, parties):
    from accord.meetings.plugins import gate_answers

    assert gate_answers(world.collaboration, parties[0], {"meetings_scheduled"}) == {
        "meetings_scheduled": False
    }
    from django.utils import timezone

    soon = timezone.now() + datetime.timedelta(days=3)
    services.meeting_create(
        collaboration=world.collaboration,
        data={"title": "Next JMT", "starts_at": soon, "ends_at": soon + datetime.timedelta(hours=1)},
    )
    assert gate_answers(world.collaboration, parties[0], {"meetings_scheduled"}) == {
        "meetings_scheduled": True
    }
    client.force_login(world.jo)
    body = client.get(reverse("collaborations:overview", args=[world.collaboration.pk])).content.decode()
    assert "Next JMT" in body


def test_a_meeting_belongs_to_a_forum_of_its_collaboration(client, world):
    from accord.core.errors import ApplicationError
    from accord.governance.models import Forum

    forum = Forum.objects.create(collaboration=world.collaboration, name="Joint management team", kind="jmt")
    other = Collaboration.objects.create(name="Other", created_by=world.mallory)
    foreign = Forum.objects.create(collaboration=other, name="Theirs", kind="jmt")
    data = {"title": "JMT", "starts_at": START, "ends_at": START + datetime.timedelta(hours=1)}
    meeting = services.meeting_create(collaboration=world.collaboration, data={**data, "forum": forum})
    assert meeting.forum == forum
    with pytest.raises(ApplicationError):
        services.meeting_create(collaboration=world.collaboration, data={**data, "forum": foreign})
    client.force_login(world.ana)
    url = f"/api/v1/collaborations/{world.collaboration.pk}/meetings"
    api = client.post(
        url,
        {
            **data,
            "starts_at": START.isoformat(),
            "ends_at": (START + datetime.timedelta(hours=1)).isoformat(),
            "forum_id": foreign.pk,
        },
        content_type="application/json",
    )
    assert api.status_code in (400, 422)
    body = client.get(
        reverse("meetings:meetings", args=[world.collaboration.pk]) + f"?forum={forum.pk}"
    ).content.decode()
    assert "Joint management team" in body
