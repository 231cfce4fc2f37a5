"""The API's request and response bodies of the exits registers, imported only when the API is
first used (the pages never need them)."""

from ninja import Schema

from accord.core.api import BodyId, Line, Text
from accord.exits.models import (
    AssetArrangement,
    AssetStatus,
    ExitTrigger,
    TransitionStep,
    TriggerStatus,
)
from accord.exits.registers import _party_name


class TriggerOut(Schema):
    id: int
    description: str
    monitoring: str
    monitored_by_party_id: int | None
    monitored_by_party_name: str = ""
    monitored_by: str
    status: TriggerStatus
    version: int

    @staticmethod
    def resolve_monitored_by_party_name(obj: ExitTrigger) -> str:
        return _party_name(obj.monitored_by_party)


class TriggerIn(Schema):
    description: Line(300, required=True)
    monitoring: Text(2000) = ""
    monitored_by_party_id: BodyId | None = None
    monitored_by: Line(200) = ""
    status: TriggerStatus = TriggerStatus.NOT_TRIGGERED


class StepOut(Schema):
    id: int
    title: str
    description: str
    owner_party_id: int | None
    owner_party_name: str = ""
    owner_user_id: int | None
    offset_days: int
    timing: str
    version: int

    @staticmethod
    def resolve_owner_party_name(obj: TransitionStep) -> str:
        return _party_name(obj.owner_party)


class StepIn(Schema):
    title: Line(200, required=True)
    description: Text(5000) = ""
    owner_party_id: BodyId | None = None
    owner_user_id: BodyId | None = None
    offset_days: int = 0


class AssetOut(Schema):
    id: int
    description: str
    contribution_id: int | None
    link: str
    arrangement: AssetArrangement
    to_party_id: int | None
    status: AssetStatus
    notes: str
    version: int


class AssetIn(Schema):
    description: Line(300, required=True)
    contribution_id: BodyId | None = None
    link: Line(500) = ""
    arrangement: AssetArrangement = AssetArrangement.RETURN
    to_party_id: BodyId | None = None
    status: AssetStatus = AssetStatus.PLANNED
    notes: Text(2000) = ""
