"""The records plans show from elsewhere: the organization's resources, and per collaboration
the joint management team and the contributions register."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.collaborations.models import Party, PartyStatus
from accord.core.converters import parse_id
from accord.core.errors import ApplicationError, ConflictError
from accord.core.history import history_window
from accord.core.permissions import Perm
from accord.core.scoping import CollaborationScope, OrgScope, collaboration_view, org_view
from accord.plans import selectors, services
from accord.plans.forms import (
    ContributionForm,
    ResourceForm,
    TeamMemberForm,
)
from accord.plans.models import (
    Contribution,
    JointTeamMember,
    ResourceCommitment,
)

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
