"""The API's request and response bodies of the governance registers, imported only when the API is
first used (the pages never need them)."""

import datetime

from ninja import Schema

from accord.core.api import BodyId, Line, Text
from accord.governance.models import (
    ChangeRequest,
    ChangeStatus,
    ForumFrequency,
    ForumKind,
    ForumMember,
    Impact,
    Issue,
    IssueStatus,
    LadderContact,
    TargetUnit,
)
from accord.governance.registers import _overdue


class ForumOut(Schema):
    id: int
    name: str
    kind: ForumKind
    frequency: ForumFrequency
    purpose: str
    version: int


class ForumIn(Schema):
    name: Line(200, required=True)
    kind: ForumKind = ForumKind.WORKING_GROUP
    frequency: ForumFrequency = ForumFrequency.MONTHLY
    purpose: Text(5000) = ""


class ForumMemberOut(Schema):
    id: int
    forum_id: int
    party_organization: str
    name: str
    role: str
    version: int

    @staticmethod
    def resolve_party_organization(obj: ForumMember) -> str:
        return obj.party.organization.name


class ForumMemberIn(Schema):
    forum_id: BodyId
    name: Line(200, required=True)
    role: Line(200) = ""


class DecisionRightOut(Schema):
    id: int
    area: str
    decides: str
    consulted: str
    limits: str
    version: int


class DecisionRightIn(Schema):
    area: Line(200, required=True)
    decides: Line(200, required=True)
    consulted: Line(200) = ""
    limits: Text(5000) = ""


class LevelOut(Schema):
    id: int
    number: int
    name: str
    target_amount: int
    target_unit: TargetUnit
    version: int


class LevelIn(Schema):
    number: int | None = None
    name: Line(200, required=True)
    target_amount: int = 5
    target_unit: TargetUnit = TargetUnit.WORKING_DAYS


class LadderContactOut(Schema):
    id: int
    level_id: int
    party_organization: str
    name: str
    role: str
    version: int

    @staticmethod
    def resolve_party_organization(obj: LadderContact) -> str:
        return obj.party.organization.name


class LadderContactIn(Schema):
    level_id: BodyId
    name: Line(200, required=True)
    role: Line(200) = ""


class ActivityOut(Schema):
    id: int
    name: str
    position: int
    version: int


class ActivityIn(Schema):
    name: Line(200, required=True)
    position: int = 0


class AgreementOut(Schema):
    id: int
    reference: str
    title: str
    parties: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    renewal_date: datetime.date | None
    notice_period: str
    key_terms: str
    version: int


class AgreementIn(Schema):
    reference: Line(100, required=True)
    title: Line(200, required=True)
    parties: Line(500) = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    renewal_date: datetime.date | None = None
    notice_period: Line(100) = ""
    key_terms: Text(20_000) = ""


class IssueOut(Schema):
    id: int
    title: str
    description: str
    impact: Impact
    raised_by_party: str
    raised_at: datetime.datetime
    level: int
    level_since: datetime.datetime
    level_due_at: datetime.datetime | None
    overdue: bool
    status: IssueStatus
    resolution: str
    resolved_at: datetime.datetime | None
    version: int

    @staticmethod
    def resolve_raised_by_party(obj: Issue) -> str:
        return obj.raised_by_party.organization.name

    @staticmethod
    def resolve_overdue(obj: Issue) -> bool:
        return _overdue(obj)


class IssueIn(Schema):
    title: Line(200, required=True)
    impact: Impact = Impact.MEDIUM
    description: Text(20_000) = ""


class ChangeRequestOut(Schema):
    id: int
    title: str
    change: str
    rationale: str
    impact_plan: str
    impact_objectives: str
    impact_risks: str
    status: ChangeStatus
    raised_by_party: str
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    outcome: str
    version: int

    @staticmethod
    def resolve_raised_by_party(obj: ChangeRequest) -> str:
        return obj.raised_by_party.organization.name


class ChangeRequestIn(Schema):
    title: Line(200, required=True)
    change: Text(20_000, required=True)
    rationale: Text(20_000) = ""
    impact_plan: Text(20_000) = ""
    impact_objectives: Text(20_000) = ""
    impact_risks: Text(20_000) = ""
