"""Business cases: one per opportunity, private to the organization (ISO 44003 5.3.3.2)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.errors import ApplicationError, ConflictError
from accord.core.forms import form_status
from accord.core.history import history_for
from accord.core.permissions import Perm
from accord.core.scoping import OrgScope, org_view
from accord.plans import documents, services
from accord.plans.forms import (
    BusinessCaseForm,
)
from accord.plans.models import (
    BusinessCase,
)

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
    return render(
        request, "plans/business_case_form.html", {"org": org, "form": form}, status=form_status(form)
    )


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
        status=form_status(form, conflict=conflict),
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
