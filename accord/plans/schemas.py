"""The API's request and response bodies of the plans registers, imported only when the API is
first used (the pages never need them)."""

from ninja import Schema
from pydantic import Field

from accord.collaborations.models import PartyStatus
from accord.core.api import Line, Text
from accord.plans.models import (
    Contribution,
    ContributionKind,
    JointTeamMember,
    ResourceCommitment,
    ResourceKind,
)


class ResourceOut(Schema):
    id: int
    kind: ResourceKind
    description: str
    person_email: str | None
    capability: str
    capacity: str
    version: int

    @staticmethod
    def resolve_person_email(obj: ResourceCommitment) -> str | None:
        return obj.person.email if obj.person else None


class ResourceIn(Schema):
    kind: ResourceKind
    description: Line(300, required=True)
    capability: Text(5000) = ""
    capacity: Line(200) = ""


class TeamMemberOut(Schema):
    id: int
    party_organization: str
    name: str
    role: str
    responsibilities: str
    authority: str
    is_ser_representative: bool
    version: int

    @staticmethod
    def resolve_party_organization(obj: JointTeamMember) -> str:
        return obj.party.organization.name


class TeamMemberIn(Schema):
    name: Line(150, required=True)
    role: Line(150, required=True)
    responsibilities: Text(5000) = ""
    authority: Text(5000) = ""
    is_ser_representative: bool = False


class ContributionOut(Schema):
    id: int
    party_organization: str
    former_party: bool = Field(description="The party has left the collaboration.")
    kind: ContributionKind
    description: str
    terms_of_use: str
    return_at_exit: str
    version: int

    @staticmethod
    def resolve_party_organization(obj: Contribution) -> str:
        return obj.party.organization.name

    @staticmethod
    def resolve_former_party(obj: Contribution) -> bool:
        return obj.party.status != PartyStatus.ACTIVE


class ContributionIn(Schema):
    kind: ContributionKind
    description: Line(300, required=True)
    terms_of_use: Text(5000) = ""
    return_at_exit: Text(5000) = ""
