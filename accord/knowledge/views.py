"""Pages of the knowledge app that are not a plain register: uploading, a document's page
with its versions and downloads, the scoped download, and agreeing to the knowledge map."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.core.errors import ApplicationError
from accord.core.forms import form_status
from accord.core.permissions import Perm
from accord.core.scoping import CollaborationScope, OrgScope, collaboration_view, org_view
from accord.knowledge import selectors, services
from accord.knowledge.forms import UploadForm, VersionForm
from accord.knowledge.models import Access
from accord.knowledge.registers import joint_documents, knowledge_map, own_documents
from accord.knowledge.uploads import refusal

CHUNK = 64 * 1024


def _is_joint(scope: Any) -> bool:
    return isinstance(scope, CollaborationScope)


def _register(scope: Any) -> Any:
    return joint_documents if _is_joint(scope) else own_documents


def _upload_form(request: HttpRequest | None, scope: Any) -> UploadForm:
    data = (request.POST, request.FILES) if request is not None and request.method == "POST" else (None, None)
    if _is_joint(scope):
        return UploadForm(*data, collaboration=scope.collaboration, party=scope.party)
    return UploadForm(*data)


def list_context(request: HttpRequest, scope: Any, register: Any) -> dict[str, Any]:
    context: dict[str, Any] = {"form": None, "is_joint": _is_joint(scope)}
    if scope.can(register.add_perm):
        context["upload_form"] = _upload_form(None, scope)
    if _is_joint(scope):
        context["own_about"] = selectors.own_documents_about(scope.organization, scope.collaboration)
        context["collaboration"] = scope.collaboration
    return context


def upload(request: HttpRequest, scope: Any, register: Any) -> HttpResponse:
    """The register's add page: a new document from an uploaded file."""
    form = _upload_form(request, scope)
    if request.method == "POST" and form.is_valid():
        try:
            why = refusal(request)
            if why:
                raise ApplicationError(why, field="file")
            data = form.cleaned_data
            common = {
                "uploaded": data.get("file"),
                "user": request.user,
                "title": data.get("title", ""),
                "description": data.get("description", ""),
            }
            if _is_joint(scope) and data.get("access") != Access.OWN:
                document = services.joint_document_upload(
                    collaboration=scope.collaboration,
                    party=scope.party,
                    access=data["access"],
                    parties=data.get("parties") or [],
                    **common,
                )
                url = reverse("knowledge:document", args=[scope.collaboration.pk, document.pk])
            else:
                document = services.own_document_upload(
                    organization=scope.organization,
                    collaboration=scope.collaboration if _is_joint(scope) else None,
                    **common,
                )
                url = reverse("knowledge:own_document", args=[scope.organization.slug, document.pk])
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Uploaded: %(name)s.") % {"name": document.title})
            return redirect(url)
    elif request.method == "POST" and refusal(request):
        form.add_error("file", refusal(request))
    return render(
        request,
        "knowledge/upload.html",
        {**register._nav(scope), "scope": scope, "form": form, "back_url": register.url(scope)},
        status=form_status(form) if request.method == "POST" else 200,
    )


# --- A document ---------------------------------------------------------------------------


def get_document(scope: Any, pk: int) -> Any:
    """The document if the caller may see it, else 404 (another party's or organization's
    documents do not exist for the caller)."""
    if _is_joint(scope):
        document = joint_documents.queryset(scope).filter(pk=pk).first()
    else:
        document = own_documents.queryset(scope).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def _can_change(scope: Any, document: Any) -> bool:
    return _register(scope).can_change(scope, document)


def _owner_args(scope: Any) -> list[Any]:
    return [scope.collaboration.pk] if _is_joint(scope) else [scope.organization.slug]


def _detail(request: HttpRequest, scope: Any, pk: int, version_form: Any = None) -> HttpResponse:
    document = get_document(scope, pk)
    register = _register(scope)
    prefix = "document" if _is_joint(scope) else "own_document"
    can_change = _can_change(scope, document)
    context = {
        **register._nav(scope),
        "scope": scope,
        "document": document,
        "is_joint": _is_joint(scope),
        "versions": list(document.versions.select_related("uploaded_by").order_by("-number")),
        "downloads": selectors.downloads(document),
        "can_change": can_change,
        "version_form": version_form if version_form is not None else (VersionForm() if can_change else None),
        "download_url": reverse(f"knowledge:{prefix}_download", args=[*_owner_args(scope), document.pk]),
        "version_url": reverse(f"knowledge:{prefix}_version", args=[*_owner_args(scope), document.pk]),
        "edit_url": register.url(scope, "_edit", document.pk) if can_change else None,
        "list_url": register.url(scope),
    }
    return render(request, "knowledge/document_detail.html", context, status=form_status(version_form))


def _new_version(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    document = get_document(scope, pk)
    if not _can_change(scope, document):
        raise Http404
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            why = refusal(request)
            if why:
                raise ApplicationError(why, field="file")
            version = services.document_new_version(
                document=document,
                uploaded=form.cleaned_data.get("file"),
                user=request.user,
                note=form.cleaned_data.get("note", ""),
            )
        except ApplicationError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("Version %(n)s uploaded.") % {"n": version.number})
            return redirect(request.path.rsplit("/version/", 1)[0] + "/")
    return _detail(request, scope, pk, version_form=form)


def _download(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    """Streams a version's file (the current one unless ``?v=<number>``) from the storage in
    chunks, after checking the caller may see the document; the download is recorded."""
    document = get_document(scope, pk)
    number = request.GET.get("v")
    versions = document.versions.all()
    if number:
        if not number.isdigit():
            raise Http404
        version = versions.filter(number=int(number)).first()
    else:
        version = versions.order_by("-number").first()
    if version is None:
        raise Http404
    try:
        handle = version.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    services.download_record(
        document=document, version=version, user=request.user, party=scope.party if _is_joint(scope) else None
    )
    response = FileResponse(
        handle, as_attachment=True, filename=version.filename, content_type=version.content_type
    )
    response.block_size = CHUNK
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@collaboration_view(Perm.VIEW)
def document(request: HttpRequest, scope: CollaborationScope, pk: int) -> HttpResponse:
    return _detail(request, scope, pk)


@collaboration_view(Perm.EDIT)
@require_POST
def document_version(request: HttpRequest, scope: CollaborationScope, pk: int) -> HttpResponse:
    return _new_version(request, scope, pk)


@collaboration_view(Perm.VIEW)
@require_GET
def document_download(request: HttpRequest, scope: CollaborationScope, pk: int) -> HttpResponse:
    return _download(request, scope, pk)


@org_view(Perm.VIEW)
def own_document(request: HttpRequest, scope: OrgScope, pk: int) -> HttpResponse:
    return _detail(request, scope, pk)


@org_view(Perm.EDIT)
@require_POST
def own_document_version(request: HttpRequest, scope: OrgScope, pk: int) -> HttpResponse:
    return _new_version(request, scope, pk)


@org_view(Perm.VIEW)
@require_GET
def own_document_download(request: HttpRequest, scope: OrgScope, pk: int) -> HttpResponse:
    return _download(request, scope, pk)


for _view in (document, document_version, document_download):
    _view.accord_register = joint_documents  # the scope test opens its sample record
for _view in (own_document, own_document_version, own_document_download):
    _view.accord_register = own_documents


# --- Agreeing to the knowledge map ------------------------------------------------------------


@collaboration_view(Perm.DECIDE)
@require_POST
def map_agree(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    if request.POST.get("withdraw"):
        services.map_withdraw(collaboration=scope.collaboration, party=scope.party)
        messages.success(request, _("Your organization's agreement is withdrawn."))
    else:
        try:
            services.map_agree(collaboration=scope.collaboration, party=scope.party, user=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your organization agrees to the knowledge map as it stands."))
    return redirect(knowledge_map.url(scope))
