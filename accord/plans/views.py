"""Plan pages. The RMP (organization scope) and the JRMP (collaboration scope) share one set
of views; ``_space`` says which plan a request is about."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.collaborations.models import Party, PartyStatus
from accord.core.converters import parse_id
from accord.core.errors import ApplicationError, ConflictError
from accord.core.history import history_for, history_window
from accord.core.permissions import Perm
from accord.core.scoping import CollaborationScope, OrgScope, collaboration_view, org_view
from accord.plans import documents, selectors, services
from accord.plans.forms import (
    BusinessCaseForm,
    ContributionForm,
    ResourceForm,
    SectionForm,
    SendBackForm,
    TeamMemberForm,
)
from accord.plans.models import (
    BusinessCase,
    Contribution,
    JointTeamMember,
    PlanStatus,
    ResourceCommitment,
)
from accord.plans.sections import section, sections_for

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


def _sources(space: PlanSpace, *, limit: int | None = None) -> dict[str, Any]:
    if space.kind == "rmp":
        return selectors.rmp_sources(space.owner)
    return selectors.jrmp_sources(space.owner, limit=limit)


def _version(space: PlanSpace, number: Any, working: Any) -> Any:
    """The version ``number`` (with its text) and the list of all versions (without)."""
    versions = services.plan_versions(space.owner, with_text=False)
    if str(number) == str(working.number):
        return working, versions
    found = next((v for v in versions if str(v.number) == str(number)), None)
    if found is None:
        raise Http404
    return type(found).objects.in_scope(space.owner).get(pk=found.pk), versions


def plan_page(request: HttpRequest, scope: Any, number: Any = None) -> HttpResponse:
    space = _space(scope)
    working = services.plan_working_version(owner=space.owner, user=request.user)
    version, versions = _version(space, number or working.number, working)
    sources = _sources(space, limit=SOURCE_ROWS_ON_PAGE)
    filled_keys, total = selectors.completeness(version, space.kind, sources)
    filled = len(filled_keys)
    context = {
        "space": space,
        "version": version,
        "working": working,
        "versions": versions,
        "sections": sections_for(space.kind),
        "sources": sources,
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
    }
    # Approving is offered only to the one who can do it: the SER, once per review.
    if space.kind == "jrmp":
        context["approvals"] = selectors.approvals_for(version, sources["parties"])
        context["my_party"] = scope.party
        mine = next((row for row in context["approvals"] if row["party"].pk == scope.party.pk), None)
        context["can_approve"] = (
            scope.party.ser_id == request.user.pk and mine is not None and mine["approval"] is None
        )
    else:
        context["can_approve"] = space.owner.ser_id == request.user.pk
    return render(request, "plans/plan.html", context)


def section_edit(request: HttpRequest, scope: Any, key: str) -> HttpResponse:
    space = _space(scope)
    sec = section(space.kind, key)
    if sec is None:
        raise Http404
    working = services.plan_working_version(owner=space.owner, user=request.user)
    initial = {"text": working.sections.get(key, ""), "revision": working.revisions.get(key, 0)}
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
            form.add_error(None, error.message)
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
            # What the section already shows from records, so the text does not repeat it.
            "sources": _sources(space, limit=SOURCE_ROWS_ON_PAGE) if sec.source else {},
        },
        status=409 if conflict else 200,
    )


def submit(request: HttpRequest, scope: Any) -> HttpResponse:
    space = _space(scope)
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
        sources = _sources(space)
        live = {
            s.key: documents.source_lines(s.source, sources) for s in sections_for(space.kind) if s.source
        }
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
    context = documents.plan_document_context(space=space, version=version, sources=_sources(space))
    name = (
        space.owner.slug
        if space.kind == "rmp"
        else slugify(space.owner.name) or f"collaboration-{space.owner.pk}"
    )
    context["back_url"] = space.url("plan")
    return documents.respond(request, context, fmt, filename=f"{name}-{space.kind}-v{version.number}")


# RMP routes (organization scope) --------------------------------------------------------

rmp_plan = org_view()(plan_page)
rmp_version = org_view()(plan_page)
rmp_section = org_view(Perm.DECIDE)(section_edit)
rmp_submit = org_view(Perm.DECIDE)(require_POST(submit))
rmp_approve = org_view(Perm.DECIDE)(require_POST(approve))
rmp_return = org_view(Perm.DECIDE)(require_POST(send_back))
rmp_compare = org_view()(compare)
rmp_export = org_view()(export)

# JRMP routes (collaboration scope) ------------------------------------------------------

jrmp_plan = collaboration_view()(plan_page)
jrmp_version = collaboration_view()(plan_page)
jrmp_section = collaboration_view(Perm.DECIDE)(section_edit)
jrmp_submit = collaboration_view(Perm.DECIDE)(require_POST(submit))
jrmp_approve = collaboration_view(Perm.DECIDE)(require_POST(approve))
jrmp_return = collaboration_view(Perm.DECIDE)(require_POST(send_back))
jrmp_compare = collaboration_view()(compare)
jrmp_export = collaboration_view()(export)


# Business cases -------------------------------------------------------------------------


@org_view()
def business_case_list(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    cases = BusinessCase.objects.in_scope(scope.organization).prefetch_related("candidates")
    return render(
        request,
        "plans/business_case_list.html",
        {"org": scope.organization, "cases": cases, "can_edit": scope.can(Perm.EDIT)},
    )


@org_view(Perm.EDIT)
def business_case_create(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    org = scope.organization
    form = BusinessCaseForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"candidates", "version"}}
        try:
            case = services.business_case_create(
                organization=org,
                data=data,
                candidates=form.cleaned_data["candidates"],
                user=request.user,
                may_decide=scope.can(Perm.DECIDE),
            )
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Business case created."))
            return redirect("plans:business_case", org.slug, case.pk)
    return render(request, "plans/business_case_form.html", {"org": org, "form": form})


def _case(scope: OrgScope, pk: int) -> BusinessCase:
    return get_object_or_404(
        BusinessCase.objects.in_scope(scope.organization).prefetch_related("candidates"), pk=pk
    )


@org_view()
def business_case_detail(request: HttpRequest, scope: OrgScope, pk: int) -> HttpResponse:
    case = _case(scope, pk)
    return render(
        request,
        "plans/business_case_detail.html",
        {
            "org": scope.organization,
            "case": case,
            "can_edit": scope.can(Perm.EDIT),
            "history": history_for(case),
        },
    )


@org_view(Perm.EDIT)
def business_case_edit(request: HttpRequest, scope: OrgScope, pk: int) -> HttpResponse:
    case = _case(scope, pk)
    old_status = case.status  # the form writes the new one onto ``case``
    form = BusinessCaseForm(request.POST or None, instance=case, organization=scope.organization)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"candidates", "version"}}
        try:
            services.business_case_update(
                case=_case(scope, pk),
                data=data,
                expected_version=form.cleaned_data["version"],
                candidates=form.cleaned_data["candidates"],
                user=request.user,
                may_decide=scope.can(Perm.DECIDE),
            )
        except ConflictError as error:
            from accord.core.forms import rebase_on_current

            conflict = error.current
            form.add_error(None, error.message)
            rebase_on_current(form, error.current)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            saved = BusinessCase.objects.in_scope(scope.organization).get(pk=pk)
            if saved.decided_by_id and saved.status != old_status:
                messages.success(
                    request,
                    _("Business case %(status)s: your decision is recorded.")
                    % {"status": saved.get_status_display().lower()},
                )
            else:
                messages.success(request, _("Business case saved."))
            return redirect("plans:business_case", scope.organization.slug, pk)
    return render(
        request,
        "plans/business_case_form.html",
        {"org": scope.organization, "form": form, "case": case, "conflict": conflict},
    )


@org_view(Perm.EDIT)
@require_POST
def business_case_delete(request: HttpRequest, scope: OrgScope, pk: int) -> HttpResponse:
    case = _case(scope, pk)
    try:
        services.business_case_delete(case=case, may_decide=scope.can(Perm.DECIDE))
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("plans:business_case", scope.organization.slug, pk)
    messages.success(request, _("Business case “%(title)s” deleted.") % {"title": case.title})
    return redirect("plans:business_cases", scope.organization.slug)


@org_view()
def business_case_export(request: HttpRequest, scope: OrgScope, pk: int, fmt: str) -> HttpResponse:
    case = _case(scope, pk)
    context = documents.business_case_context(case=case)
    context["back_url"] = reverse("plans:business_case", args=[scope.organization.slug, case.pk])
    filename = f"{scope.organization.slug}-business-case-{case.pk}-{slugify(case.title)}".rstrip("-")
    return documents.respond(request, context, fmt, filename=filename)


# Resources ------------------------------------------------------------------------------


def _resources_page(request: HttpRequest, scope: OrgScope, form: ResourceForm) -> HttpResponse:
    org = scope.organization
    items = ResourceCommitment.objects.in_scope(org).select_related("person")
    return render(
        request,
        "plans/resources.html",
        {
            "org": org,
            "items": items,
            "form": form,
            "can_edit": scope.can(Perm.EDIT),
            "history": history_window(
                ResourceCommitment.history.filter(organization_id=org.pk), ResourceCommitment
            ),
        },
        status=400 if form.is_bound else 200,
    )


@org_view()
def resources(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    return _resources_page(request, scope, ResourceForm(organization=scope.organization))


@org_view(Perm.EDIT)
@require_POST
def resource_add(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    org = scope.organization
    form = ResourceForm(request.POST, organization=org)
    if form.is_valid():
        try:
            services.resource_create(organization=org, data=form.cleaned_data)
        except (ApplicationError, ValidationError) as error:
            form.add_error(None, getattr(error, "message", None) or error.messages[0])
        else:
            messages.success(request, _("Resource added."))
            return redirect("plans:resources", org.slug)
    return _resources_page(request, scope, form)


def _record_edit(
    request: HttpRequest,
    *,
    form: Any,
    save: Any,
    back_url: str,
    heading: str,
    nav: dict[str, Any],
) -> HttpResponse:
    """The edit page of one record of a register (resource, team member, contribution):
    ``save(changes, version)`` writes through the service; a stale version shows the stored
    record beside the form (409) and keeps the user's input."""
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            save(form.changes, form.cleaned_data["version"])
        except ObjectDoesNotExist:
            form.add_error(
                None,
                _(
                    "Someone removed this record while you were editing it. Your input is below if you want to add it again."
                ),
            )
            return render(
                request,
                "plans/record_form.html",
                {
                    **nav,
                    "form": form,
                    "conflict": None,
                    "heading": heading,
                    "back_url": back_url,
                    "removed": True,
                },
                status=409,
            )
        except ConflictError as error:
            from accord.core.forms import rebase_on_current

            conflict = form.conflict_rows(error.current)
            form.add_error(None, error.message)
            rebase_on_current(form, error.current)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
            return redirect(back_url)
    return render(
        request,
        "plans/record_form.html",
        {**nav, "form": form, "conflict": conflict, "heading": heading, "back_url": back_url},
        status=409 if conflict else 200,
    )


def _editable(own: Any, pk: int, request: HttpRequest, *, in_scope: Any = None) -> Any:
    """The record to edit among ``own``; None when a save arrives for a record removed
    meanwhile (the form then says so and keeps the input). 404 when someone opens a missing
    record, or one in the space that is not theirs to edit (``in_scope``: another party's)."""
    item = own.filter(pk=pk).first()
    if item is None:
        elsewhere = in_scope is not None and in_scope.filter(pk=pk).exists()
        if request.method != "POST" or elsewhere:
            raise Http404
    return item


@org_view(Perm.EDIT)
def resource_edit(request: HttpRequest, scope: OrgScope, pk: int) -> HttpResponse:
    org = scope.organization
    item = _editable(ResourceCommitment.objects.in_scope(org), pk, request)
    return _record_edit(
        request,
        form=ResourceForm(request.POST or None, instance=item, organization=org),
        save=lambda data, version: services.resource_update(
            item=ResourceCommitment.objects.in_scope(org).get(pk=pk), data=data, expected_version=version
        ),
        back_url=reverse("plans:resources", args=[org.slug]),
        heading=_("Edit the resource “%(name)s”") % {"name": item.description}
        if item
        else _("Edit a resource"),
        nav={"org": org},
    )


@org_view(Perm.EDIT)
@require_POST
def resource_delete(request: HttpRequest, scope: OrgScope, pk: int) -> HttpResponse:
    get_object_or_404(ResourceCommitment.objects.in_scope(scope.organization), pk=pk).delete()
    messages.success(request, _("Resource removed."))
    return redirect("plans:resources", scope.organization.slug)


# Joint management team and contributions ------------------------------------------------

TEAM_DUTIES = [
    (
        "a",
        _("Review the joint objectives and the value the collaboration creates"),
        "plans:jrmp_plan",
        "objectives",
    ),
    ("b", _("Agree the measures and how results are reported"), "plans:jrmp_plan", "measurement"),
    ("c", _("Identify further mutual objectives"), "plans:jrmp_plan", "objectives"),
    ("d", _("Set out roles and responsibilities"), "plans:jrmp_team", ""),
    ("e", _("Agree information needs and interdependencies"), "plans:jrmp_plan", "knowledge_sharing"),
    (
        "f",
        _("Record the resources, equipment, property and assets each party brings"),
        "plans:jrmp_contributions",
        "",
    ),
    ("g", _("Manage the relationship day to day"), "plans:jrmp_plan", "governance"),
]


def _team_page(request: HttpRequest, scope: CollaborationScope, form: TeamMemberForm) -> HttpResponse:
    collaboration = scope.collaboration
    members = list(
        JointTeamMember.objects.in_scope(collaboration).select_related("party__organization", "user")
    )
    sources = selectors.jrmp_sources(collaboration)
    working = services.plan_working_version(owner=collaboration, user=request.user)
    duties = []
    for letter, text, url_name, key in TEAM_DUTIES:
        url = reverse(url_name, args=[collaboration.pk]) + (f"#section-{key}" if key else "")
        done = (
            bool(working.sections.get(key, "").strip())
            if key
            else (bool(members) if letter == "d" else bool(sources["contributions"]))
        )
        duties.append({"letter": letter, "text": text, "url": url, "done": done})
    return render(
        request,
        "plans/team.html",
        {
            "collaboration": collaboration,
            "members": members,
            "parties": sources["parties"],
            "duties": duties,
            "form": form,
            "can_edit": scope.can(Perm.DECIDE),
            "party": scope.party,
            "history": history_window(
                JointTeamMember.history.filter(collaboration_id=collaboration.pk), JointTeamMember
            ),
        },
        status=400 if form.is_bound else 200,
    )


@collaboration_view()
def team(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    return _team_page(request, scope, TeamMemberForm(organization=scope.organization))


@collaboration_view(Perm.DECIDE)
@require_POST
def team_add(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    form = TeamMemberForm(request.POST, organization=scope.organization)
    if form.is_valid():
        try:
            services.team_member_add(collaboration=scope.collaboration, party=scope.party, data=form.changes)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("Added to the joint management team."))
            return redirect("plans:jrmp_team", scope.collaboration.pk)
    # The page again, with the errors and everything typed kept.
    return _team_page(request, scope, form)


@collaboration_view(Perm.DECIDE)
def team_edit(request: HttpRequest, scope: CollaborationScope, pk: int) -> HttpResponse:
    # Each party manages its own people only.
    members = JointTeamMember.objects.in_scope(scope.collaboration).filter(party=scope.party)
    member = _editable(members, pk, request, in_scope=JointTeamMember.objects.in_scope(scope.collaboration))
    return _record_edit(
        request,
        form=TeamMemberForm(request.POST or None, instance=member, organization=scope.organization),
        save=lambda data, version: services.team_member_update(
            member=members.get(pk=pk), data=data, expected_version=version
        ),
        back_url=reverse("plans:jrmp_team", args=[scope.collaboration.pk]),
        heading=_("Edit %(name)s on the joint team") % {"name": member.name}
        if member
        else _("Edit a team member"),
        nav={"collaboration": scope.collaboration},
    )


@collaboration_view(Perm.DECIDE)
@require_POST
def team_remove(request: HttpRequest, scope: CollaborationScope, pk: int) -> HttpResponse:
    # Each party manages its own people only.
    get_object_or_404(
        JointTeamMember.objects.in_scope(scope.collaboration), pk=pk, party=scope.party
    ).delete()
    messages.success(request, _("Removed from the joint management team."))
    return redirect("plans:jrmp_team", scope.collaboration.pk)


def _contributions_page(
    request: HttpRequest, scope: CollaborationScope, form: ContributionForm
) -> HttpResponse:
    collaboration = scope.collaboration
    items = Contribution.objects.in_scope(collaboration).select_related("party__organization")
    party = request.GET.get("party", "")
    if (party_id := parse_id(party)) is not None:
        items = items.filter(party_id=party_id)
    else:
        party = ""
    page = Paginator(items, settings.ACCORD_PAGE_SIZE).get_page(request.GET.get("page"))
    parties = (
        Party.objects.in_scope(collaboration)
        .filter(status=PartyStatus.ACTIVE)
        .select_related("organization")
        .order_by("joined_at", "id")
    )
    return render(
        request,
        "plans/contributions.html",
        {
            "collaboration": collaboration,
            "page_obj": page,
            "parties": parties,
            "selected_party": party,
            "form": form,
            "can_edit": scope.can(Perm.EDIT),
            "party": scope.party,
            "history": history_window(
                Contribution.history.filter(collaboration_id=collaboration.pk), Contribution
            ),
        },
        status=400 if form.is_bound else 200,
    )


@collaboration_view()
def contributions(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    return _contributions_page(request, scope, ContributionForm())


@collaboration_view(Perm.EDIT)
@require_POST
def contribution_add(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    form = ContributionForm(request.POST)
    if form.is_valid():
        services.contribution_add(
            collaboration=scope.collaboration, party=scope.party, data=form.cleaned_data
        )
        messages.success(request, _("Contribution recorded."))
        return redirect("plans:jrmp_contributions", scope.collaboration.pk)
    return _contributions_page(request, scope, form)


@collaboration_view(Perm.EDIT)
def contribution_edit(request: HttpRequest, scope: CollaborationScope, pk: int) -> HttpResponse:
    # Each party records and changes what it brings itself.
    items = Contribution.objects.in_scope(scope.collaboration).filter(party=scope.party)
    item = _editable(items, pk, request, in_scope=Contribution.objects.in_scope(scope.collaboration))
    return _record_edit(
        request,
        form=ContributionForm(request.POST or None, instance=item),
        save=lambda data, version: services.contribution_update(
            item=items.get(pk=pk), data=data, expected_version=version
        ),
        back_url=reverse("plans:jrmp_contributions", args=[scope.collaboration.pk]),
        heading=_("Edit the contribution “%(name)s”") % {"name": item.description}
        if item
        else _("Edit a contribution"),
        nav={"collaboration": scope.collaboration},
    )


@collaboration_view(Perm.EDIT)
@require_POST
def contribution_delete(request: HttpRequest, scope: CollaborationScope, pk: int) -> HttpResponse:
    get_object_or_404(Contribution.objects.in_scope(scope.collaboration), pk=pk, party=scope.party).delete()
    messages.success(request, _("Contribution removed."))
    return redirect("plans:jrmp_contributions", scope.collaboration.pk)
