"""The API's request and response bodies of the meetings registers, imported only when the API is
first used (the pages never need them)."""

import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from accord.core.api import BodyId, Line, Text


class MeetingOut(Schema):
    id: int
    title: str
    forum_id: int | None
    starts_at: datetime.datetime = Field(description="UTC.")
    ends_at: datetime.datetime = Field(description="UTC.")
    location: str
    link: str
    agenda: str
    minutes: str
    version: int


class MeetingIn(Schema):
    title: Line(200, required=True)
    forum_id: BodyId | None = None
    starts_at: datetime.datetime = Field(description="With a time zone offset; kept in UTC.")
    ends_at: datetime.datetime
    location: Line(300) = ""
    link: Line(500) = ""
    agenda: Text(20_000) = ""
    minutes: Text(50_000) = ""


class DecisionOut(Schema):
    id: int
    meeting_id: int
    meeting_title: str
    text: str
    decided_at: datetime.datetime
    version: int

    @staticmethod
    def resolve_meeting_title(obj: Any) -> str:
        return obj.meeting.title


class MeetingDecisionIn(Schema):
    meeting_id: BodyId
    text: Text(2000, required=True)
    decided_at: datetime.datetime | None = None
