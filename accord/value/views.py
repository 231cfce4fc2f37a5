"""Pages of value creation that are not a plain register: the overview with each party's
definition of value, the totals and charts; an initiative's page
with the expected and realised value of each party and its status steps. (The value
register's list, add, edit, delete and export come from the register kit: registers.py.)"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core import charts
from accord.core.errors import ApplicationError, ConflictError
from accord.core.forms import rebase_on_current
from accord.core.history import history_window
from accord.core.permissions import Perm
from accord.core.scoping import CollaborationScope, collaboration_view
from accord.value import selectors, services
from accord.value.forms import StatusForm, ValueEstimateForm, ValueRealisationForm
from accord.value.models import (
    InitiativeStatus,
    ValueEstimate,
    ValueInitiative,
)
from accord.value.registers import initiatives


def _form_error(form: Any, error: Exception) -> None:
    if isinstance(error, ApplicationError):
        form.add_error(error.field if error.field in form.fields else None, error.message)
    elif isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)


# Overview ---------------------------------------------------------------------------------


def overview_charts(
    totals: list[selectors.MeasureTotals], over_time: list[selectors.OverTime]
) -> list[dict[str, Any]]:
    """Per currency or unit: expected against realised per party and per category, and the
    realised value over time (SVG, with the figures as a table)."""
    series = [_("Expected"), _("Realised")]
    out = []
    timelines = {(o.is_money, o.measure): o for o in over_time}
    for t in totals:
        key = (t.is_money, t.measure)
        timeline = timelines.get(key)
        out.append(
            {
                "measure": t.measure,
                "totals": t,
                "by_party": charts.bar_chart(
                    [(p.label, [p.expected, p.realised]) for p in t.by_party],
                    series_labels=series,
                    y_label=t.measure,
                    title=_("Expected and realised value per party (%(m)s)") % {"m": t.measure},
                    table=True,
                    chart_id=f"value-party-{len(out)}",
                ),
                "by_category": charts.bar_chart(
                    [(c.label, [c.expected, c.realised]) for c in t.by_category],
                    series_labels=series,
                    y_label=t.measure,
                    title=_("Expected and realised value per benefit category (%(m)s)") % {"m": t.measure},
                    table=True,
                    chart_id=f"value-category-{len(out)}",
                ),
                "over_time": charts.line_chart(
                    [
                        (p.label, [(q.label, q.values.get(p.key)) for q in timeline.quarters])
                        for p in timeline.parties
                    ],
                    y_label=t.measure,
                    title=_("Realised value over time, cumulative (%(m)s)") % {"m": t.measure},
                    table=True,
                    chart_id=f"value-time-{len(out)}",
                )
                if timeline
                else None,
            }
        )
    return out


@collaboration_view()
def overview(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    collaboration = scope.collaboration
    parties = selectors.collaboration_parties(collaboration)
    definitions = {d.party_id: d for d in selectors.definitions(collaboration)}
    totals, over_time = selectors.value_summary(collaboration, parties)
    counts = selectors.status_counts(collaboration)
    return render(
        request,
        "value/overview.html",
        {
            "collaboration": collaboration,
            "party": scope.party,
            "can_edit": scope.can(Perm.EDIT),
            "definitions": [
                (p, definitions.get(p.pk)) for p in parties if p.status == "active" or p.pk in definitions
            ],
            "own_definition": definitions.get(scope.party.pk),
            "charts": overview_charts(totals, over_time),
            "counts": [(InitiativeStatus(k).label, v) for k, v in counts.items()],
            "initiative_count": sum(counts.values()),
        },
    )


# One initiative ---------------------------------------------------------------------------


def _initiative(scope: CollaborationScope, pk: int) -> ValueInitiative:
    item = selectors.initiative_detail(scope.collaboration, pk)
    if item is None:
        raise Http404
    return item


def _own_estimate(scope: CollaborationScope, item: ValueInitiative) -> ValueEstimate | None:
    return (
        ValueEstimate.objects.in_scope(scope.collaboration).filter(initiative=item, party=scope.party).first()
    )


def _detail(
    request: HttpRequest,
    scope: CollaborationScope,
    item: ValueInitiative,
    *,
    estimate_form: ValueEstimateForm | None = None,
    realisation_form: ValueRealisationForm | None = None,
    status_form: StatusForm | None = None,
    status: int = 200,
) -> HttpResponse:
    collaboration = scope.collaboration
    parties = selectors.collaboration_parties(collaboration)
    values = selectors.initiative_values(item, parties)
    own = next((v for v in values if v["party"].pk == scope.party.pk), None)
    can_edit = scope.can(Perm.EDIT)
    allowed = services.allowed_statuses(item.status)
    if status_form is None:
        status_form = StatusForm(initial={"version": item.version, "status": allowed[0] if allowed else None})
    status_form.fields["status"].choices = [(s, InitiativeStatus(s).label) for s in allowed]
    if estimate_form is None and can_edit:
        estimate = own["estimate"] if own else None
        estimate_form = ValueEstimateForm(instance=estimate, prefix="expected")
    if realisation_form is None and can_edit:
        realisation_form = ValueRealisationForm(prefix="realised")
    return render(
        request,
        "value/initiative_detail.html",
        {
            "collaboration": collaboration,
            "party": scope.party,
            "item": item,
            "values": values,
            "can_edit": can_edit,
            "can_decide": scope.can(Perm.DECIDE),
            "status_form": status_form if allowed else None,
            "estimate_form": estimate_form,
            "realisation_form": realisation_form,
            "history": history_window(
                ValueInitiative.history.filter(collaboration_id=collaboration.pk, id=item.pk), ValueInitiative
            ),
        },
        status=status,
    )


@collaboration_view()
def initiative_detail(request: HttpRequest, scope: CollaborationScope, pk: int) -> HttpResponse:
    return _detail(request, scope, _initiative(scope, pk))


@collaboration_view(Perm.DECIDE)
@require_POST
def initiative_status(request: HttpRequest, scope: CollaborationScope, pk: int) -> HttpResponse:
    item = _initiative(scope, pk)
    form = StatusForm(request.POST)
    form.fields["status"].choices = InitiativeStatus.choices
    if form.is_valid():
        try:
            services.initiative_set_status(
                item=item, status=form.cleaned_data["status"], expected_version=form.cleaned_data["version"]
            )
        except ConflictError as error:
            messages.error(request, error.message)
            return _detail(request, scope, _initiative(scope, pk), status=409)
        except ApplicationError as error:
            form.add_error("status", error.message)
        else:
            messages.success(request, _("Status changed."))
            return redirect("value:initiative", scope.collaboration.pk, item.pk)
    return _detail(request, scope, item, status_form=form, status=422)


@collaboration_view(Perm.EDIT)
@require_POST
def estimate_set(request: HttpRequest, scope: CollaborationScope, pk: int) -> HttpResponse:
    """Record or change the value the caller's own party expects from the initiative."""
    item = _initiative(scope, pk)
    existing = _own_estimate(scope, item)
    form = ValueEstimateForm(request.POST, instance=existing, prefix="expected")
    if form.is_valid():
        try:
            services.estimate_set(
                initiative=item,
                party=scope.party,
                data=form.changes,
                expected_version=form.cleaned_data.get("version"),
            )
        except ConflictError as error:
            form.add_error(None, error.message)
            rebase_on_current(form, error.current)
            return _detail(request, scope, item, estimate_form=form, status=409)
        except (ApplicationError, ValidationError) as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Your expected value is saved."))
            return redirect("value:initiative", scope.collaboration.pk, item.pk)
    return _detail(request, scope, item, estimate_form=form, status=422)


@collaboration_view(Perm.EDIT)
@require_POST
def estimate_delete(request: HttpRequest, scope: CollaborationScope, pk: int) -> HttpResponse:
    item = _initiative(scope, pk)
    existing = _own_estimate(scope, item)
    if existing is not None:
        services.estimate_delete(item=existing)
        messages.success(request, _("Your expected value is removed."))
    return redirect("value:initiative", scope.collaboration.pk, item.pk)


@collaboration_view(Perm.EDIT)
@require_POST
def realisation_add(request: HttpRequest, scope: CollaborationScope, pk: int) -> HttpResponse:
    """Record value the caller's own party has realised from the initiative."""
    item = _initiative(scope, pk)
    form = ValueRealisationForm(request.POST, prefix="realised")
    if form.is_valid():
        try:
            services.realisation_add(initiative=item, party=scope.party, data=form.changes)
        except (ApplicationError, ValidationError) as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Realised value recorded."))
            return redirect("value:initiative", scope.collaboration.pk, item.pk)
    return _detail(request, scope, item, realisation_form=form, status=422)


# These pages take an initiative's id: the register they belong to tells the generic scope
# test which record to open (accord/core/tests/test_scope_matrix.py).
for _view in (initiative_detail, initiative_status, estimate_set, estimate_delete, realisation_add):
    _view.accord_register = initiatives  # type: ignore[attr-defined]
