"""The API's request and response bodies of the assessments registers, imported only when the API is
first used (the pages never need them)."""

import datetime
from typing import Any

from ninja import Schema

from accord.assessments.models import CampaignStatus
from accord.core.api import Line, Text


class CampaignOut(Schema):
    id: int
    title: str
    template_key: str
    template_version: int
    kind: str
    status: CampaignStatus
    due_date: datetime.date | None
    note: str
    answered: int = 0
    version: int
    created_at: datetime.datetime

    @staticmethod
    def resolve_answered(obj: Any) -> int:
        return getattr(obj, "answered", 0) or 0


class CampaignIn(Schema):
    template: Line(100, required=True)
    title: Line(200) = ""
    due_date: datetime.date | None = None
    note: Text(2000) = ""
