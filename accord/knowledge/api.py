"""The knowledge app's API: the knowledge map, communication plan and lessons (register kit),
and documents — upload (multipart), read, change, remove, versions, and the streamed download —
joint ones under ``/collaborations/{collaboration_id}/documents``, an organization's own under
``/organizations/{org}/documents``. Every operation goes through ``router.scoped``."""

import inspect
from typing import Any

from django.http import Http404, HttpRequest
from ninja import File, Form, Query, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from accord.core.api import FieldErrors, Message, Page, PathId, ScopedRouter, paginate, patch_data
from accord.core.errors import ApplicationError
from accord.core.permissions import Perm
from accord.knowledge import services, views
from accord.knowledge.models import Access
from accord.knowledge.registers import (
    communication,
    joint_documents,
    knowledge_map,
    lessons,
    own_documents,
)
from accord.knowledge.schemas import DocumentOut
from accord.knowledge.uploads import refusal

router = ScopedRouter(tags=["knowledge"])

knowledge_map.api(router)
communication.api(router)
lessons.api(router)


class VersionOut(Schema):
    number: int
    filename: str
    size: int
    content_type: str
    sha256: str
    note: str
    uploaded_by: str | None
    created_at: Any

    @staticmethod
    def resolve_uploaded_by(obj: Any) -> str | None:
        return obj.uploaded_by.email if obj.uploaded_by_id and obj.uploaded_by else None


class DocumentPatch(Schema):
    version: int = Field(description="The version you read; a stale one gives 409.")
    title: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=2000)
    access: str | None = Field(None, pattern="^(all|named)$")
    parties: list[int] | None = None


class DocumentListQuery(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(25, ge=1, le=100)
    q: str = Field("", max_length=200)


def _out(document: Any) -> dict[str, Any]:
    parties = [p.pk for p in document.parties.all()] if hasattr(document, "parties") else []
    return {
        "id": document.pk,
        "title": document.title,
        "description": document.description,
        "access": getattr(document, "access", Access.OWN),
        "owner_party_id": getattr(document, "owner_party_id", None),
        "parties": parties,
        "number": document.number,
        "filename": document.filename,
        "size": document.size,
        "content_type": document.content_type,
        "updated_at": document.updated_at,
        "version": document.version,
    }


def _too_large(request: HttpRequest) -> Any:
    why = refusal(request)
    return Status(413, {"detail": why}) if why else None


def _refused(error: ApplicationError) -> Any:
    return Status(400, {"detail": error.message, "errors": {error.field or "__all__": [error.message]}})


def _signed(func: Any, owner: inspect.Parameter, *extra: inspect.Parameter) -> Any:
    """Declares the path parameters ninja reads (the owner and the document's id)."""
    params = [p for p in inspect.signature(func).parameters.values() if p.kind != p.VAR_KEYWORD]
    request, rest = params[0], params[1:]
    rest = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in rest]
    func.__signature__ = inspect.Signature([request, owner, *extra, *rest])
    return func


def _build(scope_name: str) -> None:
    joint = scope_name == "collaboration"
    register = joint_documents if joint else own_documents
    base = "/collaborations/{collaboration_id}/documents" if joint else "/organizations/{org}/documents"
    item = base + "/{" + register.api_id + "}"
    tag = {"tags": ["documents"]}
    suffix = "joint" if joint else "own"

    owner = (
        inspect.Parameter("collaboration_id", inspect.Parameter.KEYWORD_ONLY, annotation=PathId)
        if joint
        else inspect.Parameter("org", inspect.Parameter.KEYWORD_ONLY, annotation=str)
    )
    id_param = inspect.Parameter(register.api_id, inspect.Parameter.KEYWORD_ONLY, annotation=PathId)

    def collection(func: Any) -> Any:
        return _signed(func, owner)

    def one(func: Any) -> Any:
        return _signed(func, owner, id_param)

    def doc_id(kwargs: dict[str, Any]) -> int:
        return kwargs[register.api_id]

    @router.scoped(
        "GET",
        base,
        scope=scope_name,
        perm=Perm.VIEW,
        response=Page[DocumentOut],
        operation_id=f"documents_{suffix}_list",
        **tag,
    )
    @collection
    def list_documents(request: HttpRequest, query: Query[DocumentListQuery], **kwargs: Any) -> Any:
        queryset = register.queryset(request.scope)
        if query.q:
            queryset = queryset.filter(title__icontains=query.q)
        page = paginate(queryset, query.page, query.page_size)
        page["items"] = [_out(d) for d in page["items"]]
        return page

    @router.scoped(
        "POST",
        base,
        scope=scope_name,
        perm=Perm.EDIT,
        response={201: DocumentOut, 400: FieldErrors, 413: Message},
        operation_id=f"documents_{suffix}_upload",
        summary="Upload a document (multipart: file, title, description, access, parties)",
        **tag,
    )
    @collection
    def upload(
        request: HttpRequest,
        file: File[UploadedFile] = None,  # type: ignore[assignment]
        title: Form[str] = "",
        description: Form[str] = "",
        access: Form[str] = Access.ALL,
        parties: Form[list[int]] = [],  # noqa: B006
        **kwargs: Any,
    ) -> Any:
        refused = _too_large(request)
        if refused:
            return refused
        scope = request.scope
        try:
            common = {
                "uploaded": file,
                "user": request.user,
                "title": title[:200],
                "description": description[:2000],
            }
            if joint and access != Access.OWN:
                document = services.joint_document_upload(
                    collaboration=scope.collaboration,
                    party=scope.party,
                    access=access,
                    parties=parties,
                    **common,
                )
            elif joint:
                document = services.own_document_upload(
                    organization=scope.organization, collaboration=scope.collaboration, **common
                )
            else:
                document = services.own_document_upload(organization=scope.organization, **common)
        except ApplicationError as error:
            return _refused(error)
        return Status(201, _out(document))

    @router.scoped(
        "GET",
        item,
        scope=scope_name,
        perm=Perm.VIEW,
        response=DocumentOut,
        operation_id=f"documents_{suffix}_read",
        **tag,
    )
    @one
    def read(request: HttpRequest, **kwargs: Any) -> Any:
        return _out(views.get_document(request.scope, doc_id(kwargs)))

    @router.scoped(
        "PATCH",
        item,
        scope=scope_name,
        perm=Perm.EDIT,
        response={200: DocumentOut, 400: FieldErrors, 409: Message},
        operation_id=f"documents_{suffix}_patch",
        **tag,
    )
    @one
    def patch(request: HttpRequest, payload: DocumentPatch, **kwargs: Any) -> Any:
        document = views.get_document(request.scope, doc_id(kwargs))
        if not register.can_change(request.scope, document):
            raise Http404
        data = patch_data(payload, type(document))
        version = data.pop("version")
        if not joint:
            data.pop("access", None)
            data.pop("parties", None)
        try:
            document = services.document_update(document=document, data=data, expected_version=version)
        except ApplicationError as error:
            if error.__class__.__name__ == "ConflictError":
                raise
            return _refused(error)
        return _out(document)

    @router.scoped(
        "DELETE",
        item,
        scope=scope_name,
        perm=Perm.DECIDE,
        response={204: None},
        operation_id=f"documents_{suffix}_delete",
        **tag,
    )
    @one
    def delete(request: HttpRequest, **kwargs: Any) -> Any:
        document = views.get_document(request.scope, doc_id(kwargs))
        if not register.can_change(request.scope, document) and joint:
            raise Http404
        services.document_delete(document=document)
        return Status(204, None)

    @router.scoped(
        "GET",
        item + "/versions",
        scope=scope_name,
        perm=Perm.VIEW,
        response=list[VersionOut],
        operation_id=f"documents_{suffix}_versions",
        **tag,
    )
    @one
    def versions(request: HttpRequest, **kwargs: Any) -> Any:
        document = views.get_document(request.scope, doc_id(kwargs))
        return list(document.versions.select_related("uploaded_by").order_by("-number"))

    @router.scoped(
        "POST",
        item + "/versions",
        scope=scope_name,
        perm=Perm.EDIT,
        response={201: VersionOut, 400: FieldErrors, 413: Message},
        operation_id=f"documents_{suffix}_new_version",
        summary="Upload a new version (multipart: file, note)",
        **tag,
    )
    @one
    def new_version(
        request: HttpRequest,
        file: File[UploadedFile] = None,  # type: ignore[assignment]
        note: Form[str] = "",
        **kwargs: Any,
    ) -> Any:
        refused = _too_large(request)
        if refused:
            return refused
        document = views.get_document(request.scope, doc_id(kwargs))
        if not register.can_change(request.scope, document):
            raise Http404
        try:
            version = services.document_new_version(
                document=document, uploaded=file, user=request.user, note=note[:300]
            )
        except ApplicationError as error:
            return _refused(error)
        return Status(201, version)

    @router.scoped(
        "GET",
        item + "/download",
        scope=scope_name,
        perm=Perm.VIEW,
        operation_id=f"documents_{suffix}_download",
        summary="The file, streamed (the current version unless ?v=<number>)",
        **tag,
    )
    @one
    def download(request: HttpRequest, v: int | None = None, **kwargs: Any) -> Any:
        return views._download(request, request.scope, doc_id(kwargs))


def _with_params(scope_name: str) -> None:
    _build(scope_name)


_with_params("collaboration")
_with_params("org")
