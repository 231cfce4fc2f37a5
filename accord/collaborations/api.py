from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Schema, Status
from pydantic import Field

from accord.collaborations import services
from accord.collaborations.models import Collaboration, Party, PartyStatus, Stage, WorkingModel
from accord.core.api import Email, FieldErrors, Line, Message, PathId, ScopedRouter, Text, patch_data
from accord.core.errors import ApplicationError
from accord.core.permissions import Perm
from accord.relationships.models import Relationship

router = ScopedRouter(tags=["collaborations"])


class CollaborationOut(Schema):
    id: int
    name: str
    description: str
    working_model: WorkingModel
    stage: Stage
    version: int
    created_at: datetime


class CollaborationIn(Schema):
    name: Line(200, required=True)
    description: Text(10000) = ""
    working_model: WorkingModel = WorkingModel.ONE_TO_ONE
    stage: Stage = Stage.PARTNER_SELECTION
    from_relationship_id: int | None = Field(
        None, description="Your register entry this starts from (stays private)."
    )


class CollaborationPatch(Schema):
    version: int = Field(description="The version you read; a stale one gives 409.")
    name: Line(200, required=True) | None = None
    description: Text(10000) | None = None
    working_model: WorkingModel | None = None
    stage: Stage | None = None


class PartyOut(Schema):
    id: int
    organization_name: str
    organization_slug: str
    status: PartyStatus
    # People appear by name in the joint space, in every channel: no partner's e-mail address.
    ser_name: str | None
    is_initiator: bool
    joined_at: datetime
    left_at: datetime | None

    @staticmethod
    def resolve_organization_name(obj: Party) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_organization_slug(obj: Party) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_ser_name(obj: Party) -> str | None:
        return obj.ser.display_name if obj.ser else None


class InvitationIn(Schema):
    email: Email
    organization_name: Line(200) = ""
    message: Text(2000) = ""


class InvitationOut(Schema):
    id: int
    email: str
    expires_at: datetime


@router.scoped("GET", "/collaborations", scope="user", response=list[CollaborationOut])
def collaboration_list(request: HttpRequest):
    """Collaborations in which one of the caller's organizations is an active party."""
    return list(Collaboration.objects.visible_to_user(request.auth).order_by("name", "id"))


@router.scoped(
    "POST",
    "/organizations/{org}/collaborations",
    scope="org",
    perm=Perm.DECIDE,
    response={201: CollaborationOut, 400: FieldErrors},
)
def collaboration_create(request: HttpRequest, org: str, payload: CollaborationIn):
    data = payload.dict()
    entry_id = data.pop("from_relationship_id")
    entry = None
    if entry_id is not None:
        entry = Relationship.objects.in_scope(request.scope.organization).filter(pk=entry_id).first()
        if entry is None:
            raise ApplicationError(gettext("Unknown register entry."), field="from_relationship_id")
    collaboration = services.collaboration_create(
        organization=request.scope.organization, user=request.auth, data=data, from_entry=entry
    )
    return Status(201, collaboration)


@router.scoped(
    "GET",
    "/collaborations/{collaboration_id}",
    scope="collaboration",
    perm=Perm.VIEW,
    response=CollaborationOut,
)
def collaboration_get(request: HttpRequest, collaboration_id: PathId):
    return request.scope.collaboration


@router.scoped(
    "PATCH",
    "/collaborations/{collaboration_id}",
    scope="collaboration",
    perm=Perm.DECIDE,
    response={200: CollaborationOut, 400: FieldErrors, 409: Message},
)
def collaboration_patch(request: HttpRequest, collaboration_id: PathId, payload: CollaborationPatch):
    data = patch_data(payload, Collaboration)
    version = data.pop("version", None)
    return services.collaboration_update(
        collaboration=request.scope.collaboration, data=data, expected_version=version, user=request.user
    )


@router.scoped(
    "GET",
    "/collaborations/{collaboration_id}/parties",
    scope="collaboration",
    perm=Perm.VIEW,
    response=list[PartyOut],
)
def party_list(request: HttpRequest, collaboration_id: PathId):
    return list(
        Party.objects.in_scope(request.scope.collaboration)
        .select_related("organization", "ser")
        .order_by("joined_at", "id")
    )


@router.scoped(
    "POST",
    "/collaborations/{collaboration_id}/invitations",
    scope="collaboration",
    perm=Perm.DECIDE,
    response={201: InvitationOut, 400: FieldErrors, 429: Message},
)
def invitation_create(request: HttpRequest, collaboration_id: PathId, payload: InvitationIn):
    invitation = services.party_invitation_create(
        collaboration=request.scope.collaboration,
        organization=request.scope.organization,
        user=request.auth,
        base_url=request.build_absolute_uri("/")[:-1],
        **payload.dict(),
    )
    return Status(201, invitation)


@router.scoped(
    "POST",
    "/collaborations/{collaboration_id}/leave",
    scope="collaboration",
    perm=Perm.ADMIN,
    response={200: PartyOut, 400: Message},
)
def party_leave(request: HttpRequest, collaboration_id: PathId):
    """Your organization leaves; its members lose access at once."""
    return services.party_leave(
        party=request.scope.party, actor=request.user, base_url=request.build_absolute_uri("/")[:-1]
    )
