"""Pages that are not a plain register: one measure (values, missing periods, chart), the
CSV upload of values, a joint review with its snapshot and improvement actions.

Joint and private measures share every view below; the register (``joint_measures`` or
``own_measures``) says which model, scope and URLs."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accord.core.errors import ApplicationError, ConflictError
from accord.core.history import history_for, history_rows, history_window
from accord.core.permissions import Perm
from accord.core.scoping import collaboration_view, org_view
from accord.measures import imports, selectors, services
from accord.measures.forms import ActionForm, UploadForm, ValueDeleteForm, ValueForm
from accord.measures.models import ImprovementActionStatus, JointReview
from accord.measures.periods import period_label
from accord.measures.registers import MeasureRegister, actions, joint_measures, own_measures, reviews

UPLOAD_SESSION_KEY = "measure_values_upload"


def _mark(view: Any, register: Any) -> Any:
    """Tie a page to a register so the scope test opens it on the register's sample record."""
    view.accord_register = register
    return view


def _get_measure(register: MeasureRegister, scope: Any, pk: int) -> Any:
    measure = register.queryset(scope).filter(pk=pk).first()
    if measure is None:
        raise Http404
    return measure


def _nav(register: MeasureRegister, scope: Any) -> dict[str, Any]:
    owner = register.owner(scope)
    return {
        "org" if register.scope == "org" else "collaboration": owner,
        "owner": owner,
        "register": register,
    }


def _value_history(value_model: type, measure: Any) -> list[dict[str, Any]]:
    """The latest changes to a measure's values, each named by its period."""
    rows = history_window(value_model.history.filter(measure_id=measure.pk), value_model, limit=30)
    for row in rows:
        row["label"] = period_label(row["record"].period, measure.frequency)
    return rows


def _value_form(request: HttpRequest, measure: Any, series: list[Any]) -> ValueForm:
    """The empty form, or (``?correct=<period>``) the form filled with the value to correct and
    the version it was read at, so a correction made meanwhile is not overwritten."""
    wanted = request.GET.get("correct", "")
    point = next((p for p in series if p.value is not None and p.period.isoformat() == wanted), None)
    if point is None:
        return ValueForm(frequency=measure.frequency)
    value = point.value
    return ValueForm(
        frequency=measure.frequency,
        initial={"period": point.label, "value": value.value, "note": value.note, "version": value.version},
    )


def _measure_page(
    request: HttpRequest, scope: Any, register: MeasureRegister, pk: int, form: Any = None, status: int = 200
) -> HttpResponse:
    measure = _get_measure(register, scope, pk)
    today = timezone.localdate()
    series = selectors.measure_series(measure, today=today)
    missing = selectors.missing_periods(series, today, measure.frequency)
    latest = next((p.value for p in reversed(series) if p.value is not None), None)
    can_edit = scope.can(Perm.EDIT)
    value_model = register.value_model
    context = {
        **_nav(register, scope),
        "measure": measure,
        "series": list(reversed(series)),
        "missing": missing,
        "latest": latest,
        "status": selectors.latest_status(measure, latest, today),
        "chart": selectors.measure_chart(measure, series),
        "can_edit": can_edit,
        "form": form if form is not None else (_value_form(request, measure, series) if can_edit else None),
        "value_url": reverse(f"measures:{register.detail_name}_value", args=[register.owner_arg(scope), pk]),
        "value_delete_url": reverse(
            f"measures:{register.detail_name}_value_delete", args=[register.owner_arg(scope), pk]
        ),
        "edit_url": register.url(scope, "_edit", pk) if can_edit else None,
        "list_url": register.url(scope),
        "history": history_for(measure, limit=20),
        "value_history": _value_history(value_model, measure),
        "objectives": list(measure.objectives.all()),
    }
    return render(request, "measures/measure_detail.html", context, status=status)


def _save_value(request: HttpRequest, scope: Any, register: MeasureRegister, pk: int) -> HttpResponse:
    measure = _get_measure(register, scope, pk)
    form = ValueForm(request.POST, frequency=measure.frequency)
    if not form.is_valid():
        return _measure_page(request, scope, register, pk, form=form, status=422)
    data = form.cleaned_data
    try:
        _value, created = services.value_record(
            measure=measure,
            period=data["period"],
            value=data["value"],
            note=data["note"],
            user=request.user,
            expected_version=data.get("version"),
        )
    except ConflictError as error:
        form.add_error(None, error.message)
        return _measure_page(request, scope, register, pk, form=form, status=409)
    except ApplicationError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _measure_page(request, scope, register, pk, form=form, status=422)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _measure_page(request, scope, register, pk, form=form, status=422)
    label = period_label(data["period"], measure.frequency)
    if created:
        messages.success(request, _("Value recorded for %(period)s.") % {"period": label})
    else:
        messages.success(
            request,
            _("Value for %(period)s corrected; the earlier figure is in the history.") % {"period": label},
        )
    return redirect(reverse(f"measures:{register.detail_name}", args=[register.owner_arg(scope), pk]))


def _delete_value(request: HttpRequest, scope: Any, register: MeasureRegister, pk: int) -> HttpResponse:
    measure = _get_measure(register, scope, pk)
    form = ValueDeleteForm(request.POST)
    target = reverse(f"measures:{register.detail_name}", args=[register.owner_arg(scope), pk])
    if not form.is_valid():
        messages.error(request, _("Choose the period whose value to remove."))
        return redirect(target)
    value = (
        register.value_model.objects.in_scope(register.owner(scope))
        .filter(measure=measure, period=form.cleaned_data["period"])
        .first()
    )
    if value is None:
        messages.error(request, _("There is no value for that period (anymore)."))
        return redirect(target)
    services.value_delete(value=value, user=request.user)
    messages.success(
        request,
        _("Value for %(period)s removed; it stays in the history.")
        % {"period": period_label(value.period, measure.frequency)},
    )
    return redirect(target)


def _upload(request: HttpRequest, scope: Any, register: MeasureRegister) -> HttpResponse:
    owner = register.owner(scope)
    key = f"{register.scope}:{owner.pk}"
    form = UploadForm()
    preview = None
    if request.method == "POST" and "confirm" in request.POST:
        text = request.session.get(UPLOAD_SESSION_KEY, {}).get(key)
        if not text:
            messages.error(request, _("Upload the file again: the preview expired."))
            return redirect(request.path)
        try:
            count = imports.values_commit(owner=owner, model=register.model, text=text, user=request.user)
        except ApplicationError:
            messages.error(request, _("The file has errors; nothing was written."))
            return redirect(request.path)
        request.session.pop(UPLOAD_SESSION_KEY, None)
        messages.success(
            request, ngettext("%(n)s value recorded.", "%(n)s values recorded.", count) % {"n": count}
        )
        return redirect(register.url(scope))
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                text = imports.decode(form.cleaned_data["file"].read())
            except ApplicationError as error:
                form.add_error("file", error.message)
            else:
                preview = imports.values_preview(owner=owner, model=register.model, text=text)
                if preview.is_clean:
                    request.session[UPLOAD_SESSION_KEY] = {key: text}
                else:
                    request.session.pop(UPLOAD_SESSION_KEY, None)
    return render(
        request,
        "measures/upload.html",
        {**_nav(register, scope), "form": form, "preview": preview, "list_url": register.url(scope)},
        status=422 if form.errors or (preview and not preview.is_clean) else 200,
    )


# --- joint measures ---------------------------------------------------------------------------


@collaboration_view(Perm.VIEW)
def joint_measure(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _measure_page(request, scope, joint_measures, pk)


@collaboration_view(Perm.EDIT)
@require_POST
def joint_measure_value(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _save_value(request, scope, joint_measures, pk)


@collaboration_view(Perm.EDIT)
@require_POST
def joint_measure_value_delete(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _delete_value(request, scope, joint_measures, pk)


@collaboration_view(Perm.EDIT)
def joint_measures_upload(request: HttpRequest, scope: Any) -> HttpResponse:
    return _upload(request, scope, joint_measures)


# --- own measures -----------------------------------------------------------------------------


@org_view(Perm.VIEW)
def own_measure(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _measure_page(request, scope, own_measures, pk)


@org_view(Perm.EDIT)
@require_POST
def own_measure_value(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _save_value(request, scope, own_measures, pk)


@org_view(Perm.EDIT)
@require_POST
def own_measure_value_delete(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _delete_value(request, scope, own_measures, pk)


@org_view(Perm.EDIT)
def own_measures_upload(request: HttpRequest, scope: Any) -> HttpResponse:
    return _upload(request, scope, own_measures)


# --- joint reviews ----------------------------------------------------------------------------


def _get_review(scope: Any, pk: int) -> JointReview:
    review = JointReview.objects.in_scope(scope.collaboration).filter(pk=pk).first()
    if review is None:
        raise Http404
    return review


@collaboration_view(Perm.VIEW)
def review(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    item = _get_review(scope, pk)
    can_edit = scope.can(Perm.EDIT)
    review_actions = list(services.review_actions(item))
    action_form = None
    if can_edit:
        action_form = ActionForm(collaboration=scope.collaboration, initial={"review": item.pk})
    collaboration = scope.collaboration.pk
    context = {
        "collaboration": scope.collaboration,
        "owner": scope.collaboration,
        "review": item,
        "snapshot": selectors.snapshot_rows(item.snapshot),
        "actions": review_actions,
        "action_form": action_form,
        "action_add_url": actions.url(scope, "_add"),
        "action_edit_base": reverse("measures:actions_edit", args=[collaboration, 999999999]),
        "can_edit": can_edit,
        "edit_url": reviews.url(scope, "_edit", pk) if can_edit and not item.is_closed else None,
        "close_url": reverse("measures:review_close", args=[collaboration, pk]),
        "reopen_url": reverse("measures:review_reopen", args=[collaboration, pk]),
        "list_url": reviews.url(scope),
        "action_statuses": ImprovementActionStatus.choices,
        "history": _review_history(item),
    }
    return render(request, "measures/review_detail.html", context)


def _review_history(item: JointReview, limit: int = 20) -> list[dict[str, Any]]:
    """The review's changes, without reading each version's copy of the snapshot."""
    records = list(
        item.history.defer("snapshot")
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    return history_rows(records, JointReview)[:limit]


def _review_state(request: HttpRequest, scope: Any, pk: int, change: Any, done: str) -> HttpResponse:
    item = _get_review(scope, pk)
    try:
        change(review=item, expected_version=int(request.POST.get("version") or 0) or None, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("measures:review", scope.collaboration.pk, pk)


@collaboration_view(Perm.EDIT)
@require_POST
def review_close(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _review_state(
        request, scope, pk, services.review_close, _("Review closed: its snapshot of the measures is final.")
    )


@collaboration_view(Perm.EDIT)
@require_POST
def review_reopen(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _review_state(request, scope, pk, services.review_reopen, _("Review reopened."))


@collaboration_view(Perm.EDIT)
@require_POST
def action_status(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    """Mark an improvement action done, dropped or open again (from the review page)."""
    action = actions.queryset(scope).filter(pk=pk).first()
    if action is None:
        raise Http404
    status = request.POST.get("status", "")
    if status not in ImprovementActionStatus.values:
        messages.error(request, _("Choose a status."))
    else:
        try:
            services.action_update(
                action=action,
                data={"status": status},
                expected_version=int(request.POST.get("version") or 0) or None,
                user=request.user,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Action updated: %(title)s.") % {"title": action.title})
    return redirect("measures:review", scope.collaboration.pk, action.source_id)


for _view, _register in (
    (joint_measure, joint_measures),
    (joint_measure_value, joint_measures),
    (joint_measure_value_delete, joint_measures),
    (own_measure, own_measures),
    (own_measure_value, own_measures),
    (own_measure_value_delete, own_measures),
    (review, reviews),
    (review_close, reviews),
    (review_reopen, reviews),
    (action_status, actions),
):
    _mark(_view, _register)
