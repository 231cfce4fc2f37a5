from typing import Annotated

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Schema, Status
from pydantic import AfterValidator, Field

from accord.core.api import FieldErrors, Line, Message, PathId, ScopedRouter, Text, patch_data
from accord.core.errors import ApplicationError
from accord.core.permissions import Perm, Role
from accord.core.zones import is_known, site_zone
from accord.organizations import services
from accord.organizations.models import Membership, Organization, SizeClass

router = ScopedRouter(tags=["organizations"])


def _zone(value: str) -> str:
    if not is_known(value):
        raise ValueError(f"{value!r} is not an IANA time zone name this server knows, e.g. 'Europe/Paris'.")
    return value


TimeZoneName = Annotated[
    str,
    Field(
        max_length=64,
        description="An IANA time zone name: the organization's members see times of day in it.",
        examples=["Europe/Paris"],
    ),
    AfterValidator(_zone),
]


class OrganizationOut(Schema):
    slug: str
    name: str
    size_class: SizeClass
    sector: str
    country: str
    market: str
    stakeholders: str
    vision: str
    values: str
    ser_email: str | None
    time_zone: str
    version: int

    @staticmethod
    def resolve_ser_email(obj: Organization) -> str | None:
        return obj.ser.email if obj.ser else None


class OrganizationSummary(Schema):
    slug: str
    name: str
    role: Role


class OrganizationCreate(Schema):
    name: Line(200, required=True)
    size_class: SizeClass = SizeClass.MICRO
    sector: Line(200) = ""
    country: Line(100) = ""
    time_zone: TimeZoneName | None = Field(None, description="Empty: the site's zone (UTC).")


class OrganizationPatch(Schema):
    version: int = Field(description="The version you read; a stale one gives 409.")
    name: Line(200, required=True) | None = None
    size_class: SizeClass | None = None
    sector: Line(200) | None = None
    country: Line(100) | None = None
    market: Text(20000) | None = None
    stakeholders: Text(20000) | None = None
    vision: Text(20000) | None = None
    values: Text(20000) | None = None
    ser_email: str | None = Field(
        None, max_length=254, description="A member's e-mail: the organization's SER."
    )
    time_zone: TimeZoneName | None = None


class MemberOut(Schema):
    id: int
    email: str
    full_name: str
    role: Role

    @staticmethod
    def resolve_email(obj: Membership) -> str:
        return obj.user.email

    @staticmethod
    def resolve_full_name(obj: Membership) -> str:
        return obj.user.full_name


class MemberPatch(Schema):
    role: Role


@router.scoped("GET", "/organizations", scope="user", response=list[OrganizationSummary])
def organization_list(request: HttpRequest):
    """The caller's organizations and their role in each."""
    return [
        {"slug": m.organization.slug, "name": m.organization.name, "role": m.role}
        for m in Membership.objects.filter(user=request.auth)
        .select_related("organization")
        .order_by("organization__name")
    ]


@router.scoped("POST", "/organizations", scope="user", response={201: OrganizationOut, 400: FieldErrors})
def organization_create(request: HttpRequest, payload: OrganizationCreate):
    data = payload.dict()
    data["time_zone"] = data["time_zone"] or site_zone()
    return Status(201, services.organization_create(name=data.pop("name"), owner=request.auth, **data))


@router.scoped("GET", "/organizations/{org}", scope="org", perm=Perm.VIEW, response=OrganizationOut)
def organization_get(request: HttpRequest, org: str):
    return request.scope.organization


@router.scoped(
    "PATCH",
    "/organizations/{org}",
    scope="org",
    perm=Perm.MANAGE,
    response={200: OrganizationOut, 400: FieldErrors, 409: Message},
)
def organization_patch(request: HttpRequest, org: str, payload: OrganizationPatch):
    data = patch_data(payload, Organization)
    version = data.pop("version", None)
    if "ser_email" in data:
        email = data.pop("ser_email")
        data["ser"] = (
            Membership.objects.filter(
                organization=request.scope.organization, user__email__iexact=email or ""
            )
            .select_related("user")
            .first()
        )
        if data["ser"] is None:
            raise ApplicationError(
                gettext("The SER must be a member of the organization."), field="ser_email"
            )
        data["ser"] = data["ser"].user
    return services.organization_update(
        organization=request.scope.organization, data=data, expected_version=version
    )


@router.scoped("GET", "/organizations/{org}/members", scope="org", perm=Perm.VIEW, response=list[MemberOut])
def member_list(request: HttpRequest, org: str):
    return list(Membership.objects.filter(organization=request.scope.organization).select_related("user"))


@router.scoped(
    "PATCH",
    "/organizations/{org}/members/{member_id}",
    scope="org",
    perm=Perm.ADMIN,
    response={200: MemberOut, 400: FieldErrors},
)
def member_patch(request: HttpRequest, org: str, member_id: PathId, payload: MemberPatch):
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=member_id, organization=request.scope.organization
    )
    return services.membership_change_role(membership=membership, role=payload.role)


@router.scoped(
    "DELETE",
    "/organizations/{org}/members/{member_id}",
    scope="org",
    perm=Perm.ADMIN,
    response={204: None, 400: FieldErrors},
)
def member_delete(request: HttpRequest, org: str, member_id: PathId):
    membership = get_object_or_404(Membership, pk=member_id, organization=request.scope.organization)
    services.membership_remove(membership=membership)
    return Status(204, None)


__all__ = ["router", "Organization"]
