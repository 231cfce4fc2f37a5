"""Governance pages that are not plain registers: the overview (forums, decision rights,
ladder), the roles matrix grid, an issue's page (escalation timeline, escalate, resolve,
reopen, actions) and a change request's page (per-party approvals)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.errors import ApplicationError, ConflictError
from accord.core.forms import form_status
from accord.core.permissions import Perm
from accord.core.scoping import collaboration_view
from accord.governance import selectors, services
from accord.governance.forms import (
    EscalateForm,
    IssueActionForm,
    OptionalOutcomeForm,
    OutcomeForm,
    ReopenForm,
    ResolveForm,
)
from accord.governance.models import ChangeRequest, ChangeStatus, EscalationLevel, Issue, Raci, RaciActivity
from accord.governance.registers import (
    agreements,
    changes,
    decision_rights,
    forum_members,
    forums,
    issues,
    ladder,
    ladder_people,
    raci_activities,
)


def _refuse(form: Any, error: Exception) -> None:
    if isinstance(error, ApplicationError):
        form.add_error(error.field if error.field in form.fields else None, error.message)
    elif isinstance(error, ValidationError):
        form.add_error(None, " ".join(error.messages))
    else:  # pragma: no cover
        raise error


# --- overview --------------------------------------------------------------------------------


@collaboration_view(Perm.VIEW)
def overview(request: HttpRequest, scope: Any) -> HttpResponse:
    collaboration = scope.collaboration
    parties = selectors.active_parties(collaboration)
    context = {
        "collaboration": collaboration,
        "scope": scope,
        "parties": parties,
        "forums": selectors.forums_with_members(collaboration, parties),
        "rights": selectors.decision_rights(collaboration),
        "ladder": selectors.ladder_with_people(collaboration, parties),
        "can_edit": scope.can(Perm.EDIT),
        "links": {
            "forums": forums.url(scope),
            "forum_members": forum_members.url(scope),
            "decision_rights": decision_rights.url(scope),
            "ladder": ladder.url(scope),
            "ladder_people": ladder_people.url(scope),
            "roles": reverse("governance:roles", args=[collaboration.pk]),
            "agreements": agreements.url(scope),
            "issues": issues.url(scope),
            "changes": changes.url(scope),
        },
    }
    return render(request, "governance/overview.html", context)


@collaboration_view(Perm.EDIT)
@require_POST
def ladder_standard(request: HttpRequest, scope: Any) -> HttpResponse:
    try:
        services.ladder_standard(collaboration=scope.collaboration)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The usual three levels are on the ladder: adjust their target times."))
    return redirect(reverse("governance:overview", args=[scope.collaboration.pk]) + "#ladder")


# --- roles matrix ----------------------------------------------------------------------------


@collaboration_view(Perm.VIEW)
def roles(request: HttpRequest, scope: Any) -> HttpResponse:
    """The RACI grid. Each party sets its own column (people with the edit right)."""
    collaboration = scope.collaboration
    parties = selectors.active_parties(collaboration)
    can_edit = scope.can(Perm.EDIT)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if not can_edit:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        activities = {a.pk: a for a in RaciActivity.objects.in_scope(collaboration)}
        wanted: dict[int, str] = {}
        for key, value in request.POST.items():
            if not key.startswith("role-"):
                continue
            try:
                pk = int(key.removeprefix("role-"))
            except ValueError:
                continue
            if pk not in activities:
                continue
            if value not in ("", *Raci.values):
                errors.append(_("Choose R, A, C or I for %(activity)s.") % {"activity": activities[pk].name})
                continue
            wanted[pk] = value
        if not wanted and not errors:
            errors.append(_("Nothing to save: set your party's role in an activity first."))
        if not errors:
            for pk, value in wanted.items():
                services.raci_set(
                    collaboration=collaboration, party=scope.party, activity=activities[pk], role=value
                )
            messages.success(request, _("Your party's column is saved."))
            return redirect(reverse("governance:roles", args=[collaboration.pk]))
        status = 422
    matrix = selectors.roles_matrix(collaboration, parties)
    return render(
        request,
        "governance/roles.html",
        {
            "collaboration": collaboration,
            "scope": scope,
            "parties": parties,
            "matrix": matrix,
            "choices": Raci.choices,
            "can_edit": can_edit,
            "errors": errors,
            "activities_url": raci_activities.url(scope),
        },
        status=status,
    )


# --- issues ----------------------------------------------------------------------------------


def _issue(scope: Any, pk: int) -> Issue:
    issue = (
        Issue.objects.in_scope(scope.collaboration)
        .select_related("raised_by_party__organization", "raised_by", "resolved_by")
        .filter(pk=pk)
        .first()
    )
    if issue is None:
        raise Http404
    return issue


def _issue_page(
    request: HttpRequest, scope: Any, issue: Issue, conflict: bool = False, **forms: Any
) -> HttpResponse:
    from accord.actions.selectors import actions_for_source

    collaboration = scope.collaboration
    can_edit = scope.can(Perm.EDIT)
    levels = {lv.number: lv for lv in EscalationLevel.objects.in_scope(collaboration).order_by("number")}
    higher = sorted(n for n in levels if n > issue.level)
    timeline = selectors.issue_timeline(issue, levels)
    parties = selectors.active_parties(collaboration)
    current = levels.get(issue.level)
    people = []
    if current is not None:
        people = selectors._by_party(
            parties, list(current.contacts.filter(party__in=parties).order_by("name"))
        )
    initial = {"version": issue.version}
    context = {
        "collaboration": collaboration,
        "scope": scope,
        "issue": issue,
        "current_level": current,
        "next_level": levels.get(higher[0]) if higher else None,
        "timeline": timeline,
        "people": people,
        "actions": list(
            actions_for_source(collaboration, "issue", issue.pk).select_related(
                "owner_party__organization", "owner_user"
            )
        ),
        "can_edit": can_edit,
        "escalate_form": forms.get("escalate_form")
        or (EscalateForm(initial=initial) if can_edit and issue.is_open and higher else None),
        "resolve_form": forms.get("resolve_form")
        or (ResolveForm(initial=initial) if can_edit and issue.is_open else None),
        "reopen_form": forms.get("reopen_form")
        or (ReopenForm(initial=initial) if can_edit and not issue.is_open else None),
        "action_form": forms.get("action_form")
        or (
            IssueActionForm(collaboration=collaboration, initial={"owner_party": scope.party})
            if can_edit
            else None
        ),
        "edit_url": issues.url(scope, "_edit", issue.pk),
        "list_url": issues.url(scope),
        "ladder_url": ladder.url(scope),
    }
    return render(
        request,
        "governance/issue_detail.html",
        context,
        status=form_status(*forms.values(), conflict=conflict),
    )


def _back_to_issue(scope: Any, issue: Issue, anchor: str = "") -> HttpResponse:
    return redirect(reverse("governance:issue", args=[scope.collaboration.pk, issue.pk]) + anchor)


@collaboration_view(Perm.VIEW)
def issue(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _issue_page(request, scope, _issue(scope, pk))


def _issue_step(
    request: HttpRequest, scope: Any, pk: int, form_class: type, form_key: str, run: Any, done: str
) -> HttpResponse:
    item = _issue(scope, pk)
    form = form_class(request.POST)
    conflict = False
    if form.is_valid():
        try:
            run(item, form.cleaned_data)
        except ConflictError as error:
            form.add_error(None, error.message)
            conflict = True
            item = _issue(scope, pk)
        except (ApplicationError, ValidationError) as error:
            _refuse(form, error)
        else:
            messages.success(request, done)
            return _back_to_issue(scope, item)
    return _issue_page(request, scope, item, conflict=conflict, **{form_key: form})


@collaboration_view(Perm.EDIT)
@require_POST
def issue_escalate(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _issue_step(
        request,
        scope,
        pk,
        EscalateForm,
        "escalate_form",
        lambda item, data: services.issue_escalate(
            issue=item,
            party=scope.party,
            user=request.user,
            reason=data["reason"],
            expected_version=data.get("version"),
        ),
        _("Escalated one level."),
    )


@collaboration_view(Perm.EDIT)
@require_POST
def issue_resolve(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _issue_step(
        request,
        scope,
        pk,
        ResolveForm,
        "resolve_form",
        lambda item, data: services.issue_resolve(
            issue=item, user=request.user, resolution=data["resolution"], expected_version=data.get("version")
        ),
        _("Issue resolved."),
    )


@collaboration_view(Perm.EDIT)
@require_POST
def issue_reopen(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _issue_step(
        request,
        scope,
        pk,
        ReopenForm,
        "reopen_form",
        lambda item, data: services.issue_reopen(
            issue=item, user=request.user, expected_version=data.get("version")
        ),
        _("Issue reopened."),
    )


@collaboration_view(Perm.EDIT)
@require_POST
def issue_action(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _issue_step(
        request,
        scope,
        pk,
        lambda data: IssueActionForm(data, collaboration=scope.collaboration),
        "action_form",
        lambda item, data: services.issue_action_create(issue=item, user=request.user, **data),
        _("Action added."),
    )


# --- change requests -------------------------------------------------------------------------


def _change(scope: Any, pk: int) -> ChangeRequest:
    item = (
        ChangeRequest.objects.in_scope(scope.collaboration)
        .select_related("raised_by_party__organization", "created_by", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    return item


def _change_page(request: HttpRequest, scope: Any, item: ChangeRequest, **forms: Any) -> HttpResponse:
    parties = selectors.active_parties(scope.collaboration)
    table = selectors.approvals_table(item, parties)
    own = next((row for row in table if row["party"].pk == scope.party.pk), None)
    is_ser = scope.party.ser_id == request.user.pk
    submitted = item.status == ChangeStatus.SUBMITTED
    raiser = item.raised_by_party_id == scope.party.pk and scope.can(Perm.EDIT)
    context = {
        "collaboration": scope.collaboration,
        "scope": scope,
        "item": item,
        "table": table,
        "can_submit": raiser and item.status == ChangeStatus.DRAFT,
        "can_approve": submitted and is_ser and own is not None and own["approval"] is None,
        "can_reject": submitted and is_ser,
        "can_withdraw": raiser and item.status in (ChangeStatus.DRAFT, ChangeStatus.SUBMITTED),
        "reject_form": forms.get("reject_form") or OutcomeForm(),
        "withdraw_form": forms.get("withdraw_form") or OptionalOutcomeForm(),
        "edit_url": changes.url(scope, "_edit", item.pk)
        if raiser and item.status == ChangeStatus.DRAFT
        else None,
        "list_url": changes.url(scope),
        "is_ser": is_ser,
    }
    return render(request, "governance/change_detail.html", context, status=form_status(*forms.values()))


def _back_to_change(scope: Any, item: ChangeRequest) -> HttpResponse:
    return redirect(reverse("governance:change", args=[scope.collaboration.pk, item.pk]))


@collaboration_view(Perm.VIEW)
def change(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _change_page(request, scope, _change(scope, pk))


def _change_step(
    request: HttpRequest, scope: Any, pk: int, form_class: Any, form_key: str, run: Any, done: str
) -> HttpResponse:
    item = _change(scope, pk)
    form = form_class(request.POST) if form_class else None
    if form is None or form.is_valid():
        try:
            run(item, form.cleaned_data if form else {})
        except (ApplicationError, ValidationError) as error:
            if form is None:
                messages.error(request, getattr(error, "message", " ".join(getattr(error, "messages", []))))
                return _back_to_change(scope, item)
            _refuse(form, error)
        else:
            messages.success(request, done)
            return _back_to_change(scope, item)
    return _change_page(request, scope, item, **{form_key: form})


@collaboration_view(Perm.EDIT)
@require_POST
def change_submit(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _change_step(
        request,
        scope,
        pk,
        None,
        "",
        lambda item, data: services.change_submit(item=item, party=scope.party, user=request.user),
        _("Submitted: every party's SER is asked to approve it."),
    )


@collaboration_view(Perm.VIEW)
@require_POST
def change_approve(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _change_step(
        request,
        scope,
        pk,
        None,
        "",
        lambda item, data: services.change_approve(item=item, party=scope.party, user=request.user),
        _("Your party's approval is recorded."),
    )


@collaboration_view(Perm.VIEW)
@require_POST
def change_reject(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _change_step(
        request,
        scope,
        pk,
        OutcomeForm,
        "reject_form",
        lambda item, data: services.change_reject(
            item=item, party=scope.party, user=request.user, outcome=data["outcome"]
        ),
        _("The change request is rejected."),
    )


@collaboration_view(Perm.EDIT)
@require_POST
def change_withdraw(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _change_step(
        request,
        scope,
        pk,
        OptionalOutcomeForm,
        "withdraw_form",
        lambda item, data: services.change_withdraw(
            item=item, party=scope.party, user=request.user, outcome=data.get("outcome", "")
        ),
        _("The change request is withdrawn."),
    )


# The scope test opens these pages with the sample records of the registers.
for _view in (issue, issue_escalate, issue_resolve, issue_reopen, issue_action):
    _view.accord_register = issues  # type: ignore[attr-defined]
for _view in (change, change_submit, change_approve, change_reject, change_withdraw):
    _view.accord_register = changes  # type: ignore[attr-defined]
