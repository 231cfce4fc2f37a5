"""The API's request and response bodies of the value registers, imported only when the API is
first used (the pages never need them)."""

import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from accord.core.api import BodyId, Line, Text
from accord.value.models import (
    BenefitCategory,
    InitiativeStatus,
    ValueDefinition,
    ValueEstimate,
    ValueInitiative,
    ValueKind,
    ValueRealisation,
)
from accord.value.registers import _label_of

Amount = Field(None, ge=0, max_digits=14, decimal_places=2)
Currency = Field("", pattern=r"^([A-Za-z]{3})?$", description="ISO 4217 code, such as EUR.")


class InitiativeOut(Schema):
    id: int
    title: str
    description: str
    category: BenefitCategory
    status: InitiativeStatus
    proposer_id: int = Field(description="The proposing party's id.")
    proposer: str
    owner_party_id: int | None
    owner_name: str
    gain_sharing: str
    proposed_on: datetime.date
    target_on: datetime.date | None
    closed_on: datetime.date | None
    version: int

    @staticmethod
    def resolve_proposer(obj: ValueInitiative) -> str:
        return _label_of(obj, obj.proposer_id)


class InitiativeIn(Schema):
    title: Line(200, required=True)
    description: Text(10000) = ""
    category: BenefitCategory
    owner_party_id: BodyId | None = Field(None, description="A party of the collaboration.")
    owner_name: Line(150) = ""
    gain_sharing: Text(5000) = ""
    proposed_on: datetime.date | None = Field(None, description="Today when left out.")
    target_on: datetime.date | None = None


class DefinitionOut(Schema):
    id: int
    party_id: int
    party: str
    statement: str
    indicators: str
    version: int

    @staticmethod
    def resolve_party(obj: ValueDefinition) -> str:
        return obj.party.organization.name


class DefinitionIn(Schema):
    statement: Text(5000, required=True)
    indicators: Text(5000) = ""


class EstimateOut(Schema):
    id: int
    initiative_id: int
    initiative: str
    party_id: int
    party: str
    kind: ValueKind
    amount: Decimal | None
    currency: str
    unit: str
    description: str
    version: int

    @staticmethod
    def resolve_initiative(obj: ValueEstimate) -> str:
        return obj.initiative.title

    @staticmethod
    def resolve_party(obj: ValueEstimate) -> str:
        return obj.party.organization.name


class EstimateIn(Schema):
    initiative_id: BodyId
    kind: ValueKind = ValueKind.MONEY
    amount: Decimal | None = Amount
    currency: str = Currency
    unit: Line(40) = ""
    description: Text(5000) = ""


class RealisationOut(Schema):
    id: int
    initiative_id: int
    initiative: str
    party_id: int
    party: str
    amount: Decimal | None
    currency: str
    unit: str
    evidence: str
    realised_on: datetime.date
    version: int

    @staticmethod
    def resolve_initiative(obj: ValueRealisation) -> str:
        return obj.initiative.title

    @staticmethod
    def resolve_party(obj: ValueRealisation) -> str:
        return obj.party.organization.name


class RealisationIn(Schema):
    initiative_id: BodyId
    amount: Decimal | None = Amount
    currency: str = Field("", pattern=r"^([A-Za-z]{3})?$", description="Empty: that of your expected value.")
    unit: Line(40) = ""
    evidence: Text(5000, required=True)
    realised_on: datetime.date | None = Field(None, description="Today when left out.")
