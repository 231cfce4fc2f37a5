"""The API's request and response bodies of the measures registers, imported only when the API is
first used (the pages never need them)."""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, PlainSerializer

from accord.core.api import BodyId, Line, Text
from accord.measures import selectors
from accord.measures.models import (
    ImprovementActionStatus,
    JointMeasure,
    MeasureKind,
    ReviewStatus,
)
from accord.measures.periods import Frequency
from accord.measures.status import Direction

Amount = Annotated[Decimal, PlainSerializer(selectors.plain, return_type=str)]


class MeasureOut(Schema):
    id: int
    name: str
    kind: MeasureKind
    description: str
    unit: str
    direction: Direction
    target: Amount | None
    warning: Amount | None
    frequency: Frequency
    start_date: datetime.date
    data_owner_name: str
    latest_period: datetime.date | None = None
    latest_value: Amount | None = None
    version: int

    @staticmethod
    def resolve_latest_period(obj: Any) -> datetime.date | None:
        return getattr(obj, "latest_period", None)

    @staticmethod
    def resolve_latest_value(obj: Any) -> Decimal | None:
        return getattr(obj, "latest_value", None)


class JointMeasureOut(MeasureOut):
    owner_party_id: int | None
    owner_party_name: str | None = None

    @staticmethod
    def resolve_owner_party_name(obj: JointMeasure) -> str | None:
        return obj.owner_party.organization.name if obj.owner_party_id else None


class PrivateMeasureOut(MeasureOut):
    relationship_id: int | None


class MeasureIn(Schema):
    name: Line(200, required=True)
    kind: MeasureKind = MeasureKind.DELIVERY
    description: Text(20_000) = ""
    unit: Line(40) = ""
    direction: Direction = Direction.HIGHER
    target: Decimal | None = Field(None, max_digits=18, decimal_places=4)
    warning: Decimal | None = Field(None, max_digits=18, decimal_places=4)
    frequency: Frequency = Frequency.MONTHLY
    start_date: datetime.date | None = None
    data_owner_name: Line(200) = ""
    objective_ids: list[BodyId] | None = Field(None, max_length=200)


class JointMeasureIn(MeasureIn):
    owner_party_id: BodyId | None = None


class PrivateMeasureIn(MeasureIn):
    relationship_id: BodyId | None = None


class JointReviewOut(Schema):
    id: int
    title: str
    period_start: datetime.date
    period_end: datetime.date
    held_on: datetime.date | None
    findings: str
    lessons: str
    status: ReviewStatus
    snapshot: dict[str, Any]
    snapshot_taken_at: datetime.datetime | None
    version: int


class JointReviewIn(Schema):
    title: Line(200, required=True)
    period_start: datetime.date
    period_end: datetime.date
    held_on: datetime.date | None = None
    findings: Text(20_000) = ""
    lessons: Text(20_000) = ""


class ReviewActionOut(Schema):
    id: int
    review_id: int = Field(description="The joint review the action was agreed in.")
    title: str
    owner_party_id: int | None
    owner_name: str
    due_date: datetime.date | None
    status: ImprovementActionStatus
    version: int

    @staticmethod
    def resolve_review_id(obj: Any) -> int:
        return obj.source_id


class ReviewActionIn(Schema):
    review_id: BodyId
    title: Line(200, required=True)
    owner_party_id: BodyId | None = None
    owner_name: Line(200) = ""
    due_date: datetime.date | None = None
    status: ImprovementActionStatus = ImprovementActionStatus.OPEN
