"""The API's request and response bodies of the objectives registers, imported only when the API is
first used (the pages never need them)."""

import datetime

from ninja import Schema
from pydantic import Field

from accord.collaborations.models import PartyStatus
from accord.core.api import BodyId, Line, Text
from accord.objectives.models import (
    TITLE_MAX,
    JointObjective,
    JointObjectiveAgreement,
    JointStatus,
    Objective,
    ObjectiveStatus,
    Priority,
    SharedObjective,
)
from accord.objectives.registers import _agreed_by_all


class ObjectiveOut(Schema):
    id: int
    title: str
    rationale: str
    desired_outcome: str
    priority: Priority
    benefits: str
    risks: str
    owner_id: int | None
    owner_name: str | None
    due_date: datetime.date | None
    status: ObjectiveStatus
    relationship_id: int | None = Field(description="The register entry; null for an overall objective.")
    version: int

    @staticmethod
    def resolve_owner_name(obj: Objective) -> str | None:
        return obj.owner.display_name if obj.owner else None


class ObjectiveIn(Schema):
    title: Line(TITLE_MAX, required=True)
    rationale: Text() = ""
    desired_outcome: Text() = ""
    priority: Priority = Priority.MEDIUM
    benefits: Text() = ""
    risks: Text() = ""
    owner_id: BodyId | None = Field(None, description="A member of the organization.")
    due_date: datetime.date | None = None
    status: ObjectiveStatus = ObjectiveStatus.PROPOSED
    relationship_id: BodyId | None = Field(None, description="A register entry; null for overall.")


class SharedObjectiveOut(Schema):
    id: int
    party_id: int
    party_organization: str
    title: str
    rationale: str
    shared_by: str | None
    shared_at: datetime.datetime
    version: int

    @staticmethod
    def resolve_party_organization(obj: SharedObjective) -> str:
        return obj.party.organization.name

    @staticmethod
    def resolve_shared_by(obj: SharedObjective) -> str | None:
        return obj.shared_by.display_name if obj.shared_by else None


class SharedObjectiveIn(Schema):
    title: Line(TITLE_MAX, required=True)
    rationale: Text() = ""


class JointObjectiveAgreementOut(Schema):
    party_id: int
    party_organization: str
    agreed_by: str | None
    agreed_at: datetime.datetime

    @staticmethod
    def resolve_party_organization(obj: JointObjectiveAgreement) -> str:
        return obj.party.organization.name

    @staticmethod
    def resolve_agreed_by(obj: JointObjectiveAgreement) -> str | None:
        return obj.agreed_by.display_name if obj.agreed_by else None


class JointObjectiveOut(Schema):
    id: int
    title: str
    description: str
    desired_outcome: str
    measure_of_success: str
    due_date: datetime.date | None
    status: JointStatus
    proposed_by: str | None
    agreements: list[JointObjectiveAgreementOut] = Field(description="The active parties' agreements.")
    agreed_by_all: bool = Field(description="Every active party agreed the objective as it reads now.")
    version: int

    @staticmethod
    def resolve_proposed_by(obj: JointObjective) -> str | None:
        return obj.proposed_by.organization.name if obj.proposed_by else None

    @staticmethod
    def resolve_agreements(obj: JointObjective) -> list[JointObjectiveAgreement]:
        return [a for a in obj.agreements.all() if a.party.status == PartyStatus.ACTIVE]

    @staticmethod
    def resolve_agreed_by_all(obj: JointObjective) -> bool:
        return _agreed_by_all(obj)


class JointObjectiveIn(Schema):
    title: Line(TITLE_MAX, required=True)
    description: Text() = ""
    desired_outcome: Text() = ""
    measure_of_success: Text() = ""
    due_date: datetime.date | None = None
    status: JointStatus = JointStatus.DRAFT
