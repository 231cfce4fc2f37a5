"""The RMP (organization scope) and the JRMP (collaboration scope) share one set of views;
``_space`` says which plan a request is about."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accord.core.errors import ApplicationError, ConflictError
from accord.core.forms import form_status
from accord.core.history import history_for
from accord.core.permissions import Perm
from accord.core.scoping import OrgScope, collaboration_view, org_view
from accord.plans import builds, documents, selectors, services, sources
from accord.plans.forms import (
    SectionForm,
    SendBackForm,
)
from accord.plans.models import (
    DocumentBuildState,
    PlanStatus,
)
from accord.plans.sections import section, sections_for
from accord.plans.views import writing

SOURCE_ROWS_ON_PAGE = 10  # long source lists show their first rows and a count on the page


@dataclass
class PlanSpace:
    kind: str  # "rmp" or "jrmp"
    owner: Any
    scope: Any
    url_args: list

    def url(self, name: str, *extra: Any) -> str:
        return reverse(f"plans:{self.kind}_{name}", args=[*self.url_args, *extra])

    @property
    def title(self) -> str:
        if self.kind == "rmp":
            return _("Relationship management plan")
        return _("Joint relationship management plan")


def _space(scope: Any) -> PlanSpace:
    if isinstance(scope, OrgScope):
        return PlanSpace("rmp", scope.organization, scope, [scope.organization.slug])
    return PlanSpace("jrmp", scope.collaboration, scope, [scope.collaboration.pk])


def _shown(space: PlanSpace, *, limit: int | None = None, section: str | None = None) -> dict[str, Any]:
    """What the plan's sections show from records (per section key), from every app's
    registered sources."""
    return sources.shown(space.kind, space.owner, limit=limit, section=section)


def _version(space: PlanSpace, number: Any, working: Any) -> Any:
    """The version ``number`` (with its text) and the list of all versions (without)."""
    versions = services.plan_versions(space.owner, with_text=False)
    if str(number) == str(working.number):
        return working, versions
    found = next((v for v in versions if str(v.number) == str(number)), None)
    if found is None:
        raise Http404
    return type(found).objects.in_scope(space.owner).get(pk=found.pk), versions


def plan_page(
    request: HttpRequest,
    scope: Any,
    number: Any = None,
    *,
    refused: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The plan; ``refused`` (with ``status``) when a POST from it was refused: ``action``
    ("submit", "approve" or "start") and the ``message`` shown next to that form."""
    space = _space(scope)
    working = services.plan_working_version(owner=space.owner, user=request.user)
    version, versions = _version(space, number or working.number, working)
    shown = _shown(space, limit=SOURCE_ROWS_ON_PAGE)
    filled_keys, total = selectors.completeness(version, space.kind, shown)
    filled = len(filled_keys & selectors.required_keys(space.kind))
    context = {
        "space": space,
        "version": version,
        "working": working,
        "versions": versions,
        "sections": sections_for(space.kind),
        "shown": shown,
        "filled": filled,
        "filled_keys": filled_keys,
        "total": total,
        # The version in force while a newer one is being written or reviewed.
        "in_force": next(
            (v for v in versions if v.status == PlanStatus.APPROVED and v.number != version.number), None
        ),
        "percent": round(100 * filled / total) if total else 0,
        "can_edit": scope.can(Perm.DECIDE) and version.number == working.number,
        "has_text": any(text.strip() for text in version.sections.values()),
        "saved_key": request.GET.get("saved", ""),
        "can_send_back": scope.can(Perm.DECIDE),
        "history": history_for(version),
        **writing.plan_help(space, scope, version, working, filled_keys),
        "refused": refused or {},
    }
    # Approving is offered only to the one who can do it: the SER, once per review.
    if space.kind == "jrmp":
        context["approvals"] = selectors.approvals_for(version, selectors.active_parties(space.owner))
        context["my_party"] = scope.party
        mine = next((row for row in context["approvals"] if row["party"].pk == scope.party.pk), None)
        context["can_approve"] = (
            scope.party.ser_id == request.user.pk and mine is not None and mine["approval"] is None
        )
    else:
        context["can_approve"] = space.owner.ser_id == request.user.pk
    return render(request, "plans/plan.html", context, status=status)


def section_edit(request: HttpRequest, scope: Any, key: str) -> HttpResponse:
    space = _space(scope)
    sec = section(space.kind, key)
    if sec is None:
        raise Http404
    working = services.plan_working_version(owner=space.owner, user=request.user)
    shown = _shown(space, limit=SOURCE_ROWS_ON_PAGE, section=key).get(key, [])
    help_ = writing.editor_help(space, key, working, shown)
    initial = {
        # An empty section opens with what the records suggest (saved only if the person saves).
        "text": working.sections.get(key, "") or help_["suggestion"],
        "revision": working.revisions.get(key, 0),
    }
    form = SectionForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.plan_section_save(
                owner=space.owner,
                key=key,
                text=form.cleaned_data["text"],
                expected_revision=form.cleaned_data["revision"],
                user=request.user,
                base_url=request.build_absolute_uri("/")[:-1],
            )
        except ConflictError as error:
            conflict = error.current
            form.add_error(None, error.message)
            data = form.data.copy()
            data["revision"] = str(conflict["revision"])
            form.data = data
        except ApplicationError as error:
            form.add_error("text" if error.field == "text" else None, error.message)
        else:
            # Confirmed next to the section the page jumps to (a message at the top would be
            # out of sight).
            if saved.number != working.number:  # the approved version stays; a draft started
                messages.info(
                    request,
                    _(
                        "Version %(old)s is approved, so your change started draft version %(new)s. "
                        "Version %(old)s stays in force until the new one is approved."
                    )
                    % {"old": working.number, "new": saved.number},
                )
            return redirect(space.url("plan") + f"?saved={key}#section-{key}")
    return render(
        request,
        "plans/section_form.html",
        {
            "space": space,
            "section": sec,
            "form": form,
            "conflict": conflict,
            "working": working,
            # What the section already shows from records, so the text does not repeat it;
            # the prompts, and the text suggested from records.
            **help_,
            "suggested": bool(help_["suggestion"]) and not form.is_bound,
        },
        status=form_status(form, conflict=conflict),
    )


def submit(request: HttpRequest, scope: Any) -> HttpResponse:
    space = _space(scope)
    empty = writing.unconfirmed_empty_sections(request, space)
    if empty:
        refused = {"action": "submit", "message": writing.refusal_message("submit", empty)}
        return plan_page(request, scope, refused=refused, status=422)
    try:
        services.plan_submit(
            owner=space.owner, user=request.user, base_url=request.build_absolute_uri("/")[:-1]
        )
        messages.success(
            request, _("The plan is in review: the senior executives responsible are asked to approve it.")
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(space.url("plan"))


def approve(request: HttpRequest, scope: Any) -> HttpResponse:
    space = _space(scope)
    # Asked only about the version the approver read (a stale one is refused below).
    working = services.plan_working_version(owner=space.owner)
    read = working.submitted_at and request.POST.get("submitted_at") == working.submitted_at.isoformat()
    empty = writing.unconfirmed_empty_sections(request, space) if read else []
    if empty and working.status == PlanStatus.IN_REVIEW:
        refused = {"action": "approve", "message": writing.refusal_message("approve", empty)}
        return plan_page(request, scope, refused=refused, status=422)
    try:
        reviewed = datetime.fromisoformat(request.POST.get("submitted_at", ""))
    except ValueError:
        reviewed = None  # refused below as a stale approval
    base_url = request.build_absolute_uri("/")[:-1]
    try:
        if space.kind == "rmp":
            version = services.rmp_approve(
                organization=space.owner, user=request.user, reviewed=reviewed, base_url=base_url
            )
        else:
            version = services.jrmp_approve(
                collaboration=space.owner,
                party=scope.party,
                user=request.user,
                reviewed=reviewed,
                base_url=base_url,
            )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if version.status == PlanStatus.APPROVED:
            messages.success(request, _("Version %(n)s is approved.") % {"n": version.number})
        else:
            messages.success(
                request, _("Your approval is recorded; the other parties' SERs still need to approve.")
            )
    return redirect(space.url("plan"))


def start(request: HttpRequest, scope: Any) -> HttpResponse:
    """Fill the empty sections of the draft with a starting template (and what the records
    suggest); nothing written is overwritten."""
    space = _space(scope)
    try:
        _version, filled = services.plan_apply_template(
            owner=space.owner, template=request.POST.get("template", ""), user=request.user
        )
    except ApplicationError as error:
        refused = {"action": "start", "message": error.message}
        return plan_page(request, scope, refused=refused, status=422 if error.field else 409)
    messages.success(
        request,
        ngettext(
            "%(n)s empty section now holds a first text, from your records where Accord had them and "
            "from the template elsewhere. Read it and make it yours.",
            "%(n)s empty sections now hold a first text, from your records where Accord had them and "
            "from the template elsewhere. Read each one and make it yours.",
            len(filled),
        )
        % {"n": len(filled)},
    )
    return redirect(space.url("plan"))


def send_back(request: HttpRequest, scope: Any) -> HttpResponse:
    space = _space(scope)
    form = SendBackForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError(" ".join(e for errors in form.errors.values() for e in errors))
        services.plan_return(
            owner=space.owner,
            user=request.user,
            reason=form.cleaned_data["reason"],
            base_url=request.build_absolute_uri("/")[:-1],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The plan is back in draft, with your comment shown at the top."))
    return redirect(space.url("plan"))


def compare(request: HttpRequest, scope: Any) -> HttpResponse:
    space = _space(scope)
    services.plan_working_version(owner=space.owner, user=request.user)
    versions = services.plan_versions(space.owner)
    by_number = {str(v.number): v for v in versions}
    right = by_number.get(request.GET.get("b", ""), versions[0])
    left = by_number.get(request.GET.get("a", ""), versions[1] if len(versions) > 1 else versions[0])
    if left.number > right.number:  # the older one always on the left
        left, right = right, left
    live: dict[str, list[str]] = {}
    if not (left.is_frozen and right.is_frozen):  # a draft shows today's records
        live = sources.lines(_shown(space))
    records = {v.number: v.frozen_sources if v.is_frozen else live for v in (left, right)}
    rows = services.plan_compare(left=left, right=right, kind=space.kind, records=records)
    changed_only = request.GET.get("changed") == "1"
    return render(
        request,
        "plans/compare.html",
        {
            "space": space,
            "versions": versions,
            "left": left,
            "right": right,
            "rows": [r for r in rows if r["changed"]] if changed_only else rows,
            "changed": sum(1 for r in rows if r["changed"]),
            "changed_only": changed_only,
        },
    )


def export(request: HttpRequest, scope: Any, fmt: str) -> HttpResponse:
    space = _space(scope)
    working = services.plan_working_version(owner=space.owner, user=request.user)
    version, _versions = _version(space, request.GET.get("v") or working.number, working)
    if fmt in builds.FORMATS:
        # An approved version's file is built once and served as stored; a draft's now.
        content = builds.kept_or_render(space.owner, version, fmt, request=request)
        return _file(content, builds.filename(space.owner, version, fmt), fmt)
    context = documents.plan_document_context(
        space=space,
        version=version,
        shown={} if version.is_frozen else _shown(space),
        parties=selectors.active_parties(space.owner) if space.kind == "jrmp" else None,
    )
    name = (
        space.owner.slug
        if space.kind == "rmp"
        else slugify(space.owner.name) or f"collaboration-{space.owner.pk}"
    )
    context["back_url"] = space.url("plan")
    return documents.respond(request, context, fmt, filename=f"{name}-{space.kind}-v{version.number}")


def _file(content: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=builds.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def prepare(request: HttpRequest, scope: Any) -> HttpResponse:
    """The plan's PDF (or Word file) prepared by the worker while the page shows progress:
    a stored one of an approved version at once, a draft's built for this request."""
    space = _space(scope)
    fmt = request.GET.get("fmt", "pdf")
    if fmt not in builds.FORMATS:
        raise Http404
    working = services.plan_working_version(owner=space.owner, user=request.user)
    version, _versions = _version(space, request.GET.get("v") or working.number, working)
    document = builds.request_build(space.owner, version, fmt)
    return _build_page(request, space, version, document)


def build_status(request: HttpRequest, scope: Any, build: Any) -> HttpResponse:
    """A build's progress (HTMX polls it every second), or its file once ready."""
    space = _space(scope)
    model = builds.document_model(space.kind)
    document = model.objects.in_scope(space.owner).filter(pk=build).select_related("version").first()
    if document is None:
        raise Http404
    document = builds.build_if_forgotten(document)
    if request.GET.get("download") == "1":
        if document.state != DocumentBuildState.READY:
            raise Http404
        return _file(bytes(document.content), document.filename, document.fmt)
    return _build_page(request, space, document.version, document)


def _build_page(request: HttpRequest, space: PlanSpace, version: Any, document: Any) -> HttpResponse:
    template = "plans/_document_build.html" if request.htmx else "plans/document_build.html"
    return render(
        request,
        template,
        {
            "space": space,
            "version": version,
            "document": document,
            "status_url": space.url("build", document.pk),
            "ready": document.state == DocumentBuildState.READY,
            "failed": document.state == DocumentBuildState.FAILED,
        },
    )


# RMP routes (organization scope) --------------------------------------------------------

rmp_plan = org_view()(plan_page)
rmp_version = org_view()(plan_page)
rmp_section = org_view(Perm.DECIDE)(section_edit)
rmp_submit = org_view(Perm.DECIDE)(require_POST(submit))
rmp_start = org_view(Perm.DECIDE)(require_POST(start))
rmp_approve = org_view(Perm.DECIDE)(require_POST(approve))
rmp_return = org_view(Perm.DECIDE)(require_POST(send_back))
rmp_compare = org_view()(compare)
rmp_export = org_view()(export)
rmp_prepare = org_view()(prepare)
rmp_build = org_view()(build_status)

# JRMP routes (collaboration scope) ------------------------------------------------------

jrmp_plan = collaboration_view()(plan_page)
jrmp_version = collaboration_view()(plan_page)
jrmp_section = collaboration_view(Perm.DECIDE)(section_edit)
jrmp_submit = collaboration_view(Perm.DECIDE)(require_POST(submit))
jrmp_start = collaboration_view(Perm.DECIDE)(require_POST(start))
jrmp_approve = collaboration_view(Perm.DECIDE)(require_POST(approve))
jrmp_return = collaboration_view(Perm.DECIDE)(require_POST(send_back))
jrmp_compare = collaboration_view()(compare)
jrmp_export = collaboration_view()(export)
jrmp_prepare = collaboration_view()(prepare)
jrmp_build = collaboration_view()(build_status)
