"""The API's request and response bodies of the actions registers, imported only when the API is
first used (the pages never need them)."""

import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from accord.actions.models import ActionStatus
from accord.actions.sources import source_url
from accord.core.api import BodyId, Line, Text


class OwnActionOut(Schema):
    id: int
    title: str
    description: str
    owner_user_id: int | None
    owner_name: str
    owner: str = Field(description="The owner's name.")
    due_date: datetime.date | None
    status: ActionStatus
    overdue: bool
    source_kind: str
    source_id: int | None
    source_label: str
    source_url: str | None
    version: int

    @staticmethod
    def resolve_owner(obj: Any) -> str:
        return obj.owner_display

    @staticmethod
    def resolve_source_url(obj: Any) -> str | None:
        return source_url(obj)


class JointActionOut(OwnActionOut):
    owner_party_id: int | None


class OwnActionIn(Schema):
    title: Line(200, required=True)
    description: Text(20_000) = ""
    owner_user_id: BodyId | None = None
    owner_name: Line(200) = ""
    due_date: datetime.date | None = None
    status: ActionStatus = ActionStatus.OPEN


class JointActionIn(OwnActionIn):
    owner_party_id: BodyId | None = None
