"""The API's request and response bodies of the knowledge registers, imported only when the API is
first used (the pages never need them)."""

import datetime

from ninja import Schema
from pydantic import Field

from accord.core.api import BodyId, Line, Text
from accord.knowledge.models import (
    Access,
    CommunicationFrequency,
    CommunicationItem,
    Confidentiality,
    IpOwner,
    KnowledgeItem,
    Lesson,
    Principle,
    ShareCategory,
)
from accord.knowledge.registers import party_name


class KnowledgeItemOut(Schema):
    id: int
    title: str
    description: str
    category: ShareCategory
    conditions: str
    owner_party_id: int | None
    owner_party: str
    confidentiality: Confidentiality
    jointly_created: bool
    ip_owner: str
    ip_owner_party_id: int | None
    at_exit: str
    version: int

    @staticmethod
    def resolve_owner_party(obj: KnowledgeItem) -> str:
        return party_name(obj.owner_party)


class KnowledgeItemIn(Schema):
    title: Line(200, required=True)
    description: Text(5000) = ""
    category: ShareCategory = ShareCategory.CAN
    conditions: Text(2000) = ""
    owner_party_id: BodyId | None = Field(None, description="A party of the collaboration.")
    confidentiality: Confidentiality = Confidentiality.INTERNAL
    jointly_created: bool = False
    ip_owner: IpOwner | None = Field(None, description="For jointly created material.")
    ip_owner_party_id: BodyId | None = Field(None, description="When one party owns the IP.")
    at_exit: Text(2000) = ""


class CommunicationOut(Schema):
    id: int
    audience: str
    message: str
    channel: str
    frequency: CommunicationFrequency
    owner_party_id: int | None
    owner_party: str
    owner_person: str
    version: int

    @staticmethod
    def resolve_owner_party(obj: CommunicationItem) -> str:
        return party_name(obj.owner_party)


class CommunicationIn(Schema):
    audience: Line(200, required=True)
    message: Text(2000, required=True)
    channel: Line(120) = ""
    frequency: CommunicationFrequency = CommunicationFrequency.MONTHLY
    owner_party_id: BodyId | None = None
    owner_person: Line(150) = ""


class LessonOut(Schema):
    id: int
    what_happened: str
    lesson: str
    stage: int | None
    principle: str
    party_id: int
    party: str
    recorded_on: datetime.date
    version: int

    @staticmethod
    def resolve_party(obj: Lesson) -> str:
        return party_name(obj.party)


class LessonIn(Schema):
    what_happened: Text(5000, required=True)
    lesson: Text(5000, required=True)
    stage: int | None = Field(None, ge=1, le=8)
    principle: Principle | None = None
    recorded_on: datetime.date | None = Field(None, description="Today when left out.")


class DocumentOut(Schema):
    id: int
    title: str
    description: str
    access: str
    owner_party_id: int | None = None
    parties: list[int] = []
    number: int = Field(description="The current version's number.")
    filename: str
    size: int
    content_type: str
    updated_at: datetime.datetime
    version: int


class JointDocumentIn(Schema):
    title: Line(200) = ""
    description: Text(2000) = ""
    access: str = Field(Access.ALL, pattern="^(all|named)$")
    parties: list[BodyId] = []


class OwnDocumentIn(Schema):
    title: Line(200) = ""
    description: Text(2000) = ""
