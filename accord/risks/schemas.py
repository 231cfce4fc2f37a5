"""The API's request and response bodies of the risks registers, imported only when the API is
first used (the pages never need them)."""

import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from accord.core.api import BodyId, Line, Text
from accord.risks.models import RiskCategory, RiskStatus


class RiskOut(Schema):
    id: int
    title: str
    description: str
    category: RiskCategory
    cause: str
    consequence: str
    likelihood: int
    impact: int
    score: int
    residual_likelihood: int | None
    residual_impact: int | None
    residual_score: int | None
    owner_user_id: int | None
    owner: str = Field(description="The owner's name.")
    status: RiskStatus
    review_date: datetime.date | None
    review_overdue: bool
    objective_ids: list[int]
    version: int

    @staticmethod
    def resolve_owner(obj: Any) -> str:
        return obj.owner_display

    @staticmethod
    def resolve_objective_ids(obj: Any) -> list[int]:
        return [o.pk for o in obj.objectives.all()]


class JointRiskOut(RiskOut):
    owner_party_id: int | None
    value_item_ids: list[int]

    @staticmethod
    def resolve_value_item_ids(obj: Any) -> list[int]:
        return [o.pk for o in obj.value_items.all()]


class OwnRiskIn(Schema):
    title: Line(200, required=True)
    description: Text(20_000) = ""
    category: RiskCategory
    cause: Text(5000) = ""
    consequence: Text(5000) = ""
    likelihood: int = Field(ge=1, le=10)
    impact: int = Field(ge=1, le=10)
    owner_user_id: BodyId | None = None
    status: RiskStatus = RiskStatus.OPEN
    review_date: datetime.date | None = None
    residual_likelihood: int | None = Field(None, ge=1, le=10)
    residual_impact: int | None = Field(None, ge=1, le=10)
    objective_ids: list[BodyId] = Field(default_factory=list, max_length=200)


class JointRiskIn(OwnRiskIn):
    owner_party_id: BodyId | None = None
    value_item_ids: list[BodyId] = Field(default_factory=list, max_length=200)
