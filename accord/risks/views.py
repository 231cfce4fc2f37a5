"""Pages that are not the plain registers: a risk with its mitigations, the heat map, the
register's scale, and raising an action from a risk. One function per page serves both
registers (the register object says which)."""

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
from accord.core.history import history_for, history_window
from accord.core.permissions import Perm
from accord.core.scoping import collaboration_view, org_view
from accord.risks import heatmap, selectors, services
from accord.risks.forms import JointMitigationForm, OwnMitigationForm, RaiseActionForm, ScaleForm
from accord.risks.models import JointMitigation, band
from accord.risks.registers import RiskRegisterBase, joint_risks, own_risks


def _mark(view: Any, register: Any) -> Any:
    """Tie a page to a register so the scope test opens it on the register's sample record."""
    view.accord_register = register
    return view


def _party(register: RiskRegisterBase, scope: Any) -> Any:
    return scope.party if register.scope == "collaboration" else None


def _get_risk(register: RiskRegisterBase, scope: Any, pk: int) -> Any:
    risk = register.queryset(scope).filter(pk=pk).first()
    if risk is None:
        raise Http404
    return risk


def _nav(register: RiskRegisterBase, scope: Any) -> dict[str, Any]:
    owner = register.owner(scope)
    return {
        "org" if register.scope == "org" else "collaboration": owner,
        "owner": owner,
        "register": register,
    }


def _detail_name(register: RiskRegisterBase) -> str:
    return register.name[:-1]  # joint_risk / own_risk


def _mitigation_form(register: RiskRegisterBase, scope: Any, data: Any = None, instance: Any = None) -> Any:
    if register.scope == "collaboration":
        return JointMitigationForm(data, instance=instance, party=scope.party)
    return OwnMitigationForm(data, instance=instance, organization=scope.organization)


def _editable_mitigations(register: RiskRegisterBase, scope: Any, risk: Any) -> Any:
    """The mitigations the caller may change: in a joint register, its own party's only."""
    queryset = selectors.risk_mitigations(risk, _party(register, scope))
    return queryset.filter(party=scope.party) if register.scope == "collaboration" else queryset


def _write(form: Any, save: Any) -> Any:
    try:
        return save()
    except ConflictError:
        raise
    except ApplicationError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
    except ValidationError as error:
        for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
            form.add_error(field if field in form.fields else None, errors)
    return None


def _risk_page(
    request: HttpRequest,
    scope: Any,
    register: RiskRegisterBase,
    pk: int,
    *,
    form: Any = None,
    editing: Any = None,
    action_form: Any = None,
    conflict: Any = None,
) -> HttpResponse:
    risk = _get_risk(register, scope, pk)
    can_edit = scope.can(Perm.EDIT)
    party = _party(register, scope)
    mitigations = selectors.risk_mitigations(risk, party)
    if party is not None:
        mitigations = mitigations.select_related("party__organization")
    mitigation_list = list(mitigations)
    if editing is None and can_edit and request.GET.get("edit", "").isdigit():
        editing = _editable_mitigations(register, scope, risk).filter(pk=int(request.GET["edit"])).first()
    if form is None and can_edit:
        form = _mitigation_form(register, scope, instance=editing)
    top = services.scale_max(register.owner(scope))
    name = _detail_name(register)
    owner_arg = register.owner_arg(scope)
    mitigation_model = type(risk).mitigations.rel.related_model
    history_records = mitigation_model.history.filter(risk_id=risk.pk)
    if party is not None:
        # The mitigations' history shows only what the caller may see now and saw then.
        hidden = JointMitigation.history.filter(risk_id=risk.pk, private=True).exclude(party_id=party.pk)
        history_records = history_records.exclude(id__in=hidden.values("id"))
    context = {
        **_nav(register, scope),
        "risk": risk,
        "joint": register.scope == "collaboration",
        "party": party,
        "band": band(risk.score, top),
        "residual_band": band(risk.residual_score, top),
        "scale_max": top,
        "mitigations": mitigation_list,
        "can_edit": can_edit,
        "form": form,
        "editing": editing,
        "conflict": conflict,
        "action_form": action_form if action_form is not None else (RaiseActionForm() if can_edit else None),
        "actions": _actions(risk),
        "mitigation_url": reverse(f"risks:{name}_mitigation", args=[owner_arg, pk]),
        "mitigation_delete_url": reverse(f"risks:{name}_mitigation_delete", args=[owner_arg, pk]),
        "action_url": reverse(f"risks:{name}_action", args=[owner_arg, pk]),
        "edit_url": register.url(scope, "_edit", pk) if can_edit else None,
        "list_url": register.url(scope),
        "history": history_for(risk, limit=20),
        "mitigation_history": history_window(history_records, mitigation_model, limit=20),
        "objectives": list(risk.objectives.all()),
        "value_items": list(risk.value_items.all()) if register.scope == "collaboration" else [],
    }
    status = form_status(form, action_form, conflict=conflict)
    return render(request, "risks/risk_detail.html", context, status=status)


def _actions(risk: Any) -> list[Any]:
    try:
        from accord.actions.selectors import actions_for_source
    except ImportError:  # pragma: no cover (the actions app is installed with this one)
        return []
    owner = risk.collaboration if hasattr(risk, "collaboration_id") else risk.organization
    return list(actions_for_source(owner, "risk", risk.pk).select_related("owner_user"))


def _save_mitigation(request: HttpRequest, scope: Any, register: RiskRegisterBase, pk: int) -> HttpResponse:
    risk = _get_risk(register, scope, pk)
    raw_id = request.POST.get("mitigation", "")
    instance = None
    if raw_id:
        instance = (
            _editable_mitigations(register, scope, risk).filter(pk=raw_id if raw_id.isdigit() else 0).first()
        )
        if instance is None:
            raise Http404
    form = _mitigation_form(register, scope, request.POST, instance=instance)
    conflict = None
    if form.is_valid():
        try:
            if instance is None:
                saved = _write(
                    form,
                    lambda: services.mitigation_create(
                        risk=risk, data=form.changes, party=_party(register, scope), user=request.user
                    ),
                )
            else:
                saved = _write(
                    form,
                    lambda: services.mitigation_update(
                        mitigation=instance,
                        data=form.changes,
                        expected_version=form.cleaned_data.get("version"),
                        user=request.user,
                    ),
                )
        except ConflictError as error:
            conflict = form.conflict_rows(error.current)
            form.add_error(None, error.message)
            saved = None
        if saved is not None:
            messages.success(request, _("Mitigation saved."))
            return redirect(reverse(f"risks:{_detail_name(register)}", args=[register.owner_arg(scope), pk]))
    return _risk_page(request, scope, register, pk, form=form, editing=instance, conflict=conflict)


def _delete_mitigation(request: HttpRequest, scope: Any, register: RiskRegisterBase, pk: int) -> HttpResponse:
    risk = _get_risk(register, scope, pk)
    raw_id = request.POST.get("mitigation", "")
    mitigation = (
        _editable_mitigations(register, scope, risk).filter(pk=raw_id if raw_id.isdigit() else 0).first()
    )
    if mitigation is None:
        raise Http404
    services.mitigation_delete(mitigation=mitigation, user=request.user)
    messages.success(request, _("Mitigation removed."))
    return redirect(reverse(f"risks:{_detail_name(register)}", args=[register.owner_arg(scope), pk]))


def _raise_action(request: HttpRequest, scope: Any, register: RiskRegisterBase, pk: int) -> HttpResponse:
    risk = _get_risk(register, scope, pk)
    form = RaiseActionForm(request.POST)
    if form.is_valid():
        action = _write(
            form,
            lambda: services.risk_raise_action(
                risk=risk,
                title=form.cleaned_data["title"],
                due_date=form.cleaned_data["due_date"],
                user=request.user,
            ),
        )
        if action is not None:
            messages.success(request, _("Action added: %(name)s.") % {"name": action})
            return redirect(reverse(f"risks:{_detail_name(register)}", args=[register.owner_arg(scope), pk]))
    return _risk_page(request, scope, register, pk, action_form=form)


def _heat_map_page(request: HttpRequest, scope: Any, register: RiskRegisterBase) -> HttpResponse:
    owner = register.owner(scope)
    top = services.scale_max(owner)
    link = register.url(scope)
    inherent = selectors.heat_map(owner, scale=top)
    residual = selectors.heat_map(owner, residual=True, scale=top)
    context = {
        **_nav(register, scope),
        "inherent": inherent,
        "residual": residual,
        "inherent_svg": heatmap.svg(inherent, link),
        "residual_svg": heatmap.svg(residual, link),
        "legend": heatmap.legend(top),
        "list_url": link,
        "scale_max": top,
    }
    return render(request, "risks/heat_map.html", context)


def _scale(request: HttpRequest, scope: Any, register: RiskRegisterBase) -> HttpResponse:
    owner = register.owner(scope)
    form = ScaleForm(request.POST or None, initial={"scale_max": services.scale_max(owner)})
    if (
        request.method == "POST"
        and form.is_valid()
        and _write(
            form,
            lambda: services.scale_set(owner=owner, value=form.cleaned_data["scale_max"], user=request.user),
        )
    ):
        messages.success(request, _("Scale saved."))
        return redirect(register.url(scope))
    return render(
        request,
        "risks/scale.html",
        {**_nav(register, scope), "form": form, "list_url": register.url(scope)},
        status=form_status(form),
    )


# --- the pages, per register -------------------------------------------------------------------


@collaboration_view(Perm.VIEW)
def joint_risk(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _risk_page(request, scope, joint_risks, pk)


@org_view(Perm.VIEW)
def own_risk(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _risk_page(request, scope, own_risks, pk)


@collaboration_view(Perm.EDIT)
@require_POST
def joint_risk_mitigation(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _save_mitigation(request, scope, joint_risks, pk)


@org_view(Perm.EDIT)
@require_POST
def own_risk_mitigation(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _save_mitigation(request, scope, own_risks, pk)


@collaboration_view(Perm.EDIT)
@require_POST
def joint_risk_mitigation_delete(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _delete_mitigation(request, scope, joint_risks, pk)


@org_view(Perm.EDIT)
@require_POST
def own_risk_mitigation_delete(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _delete_mitigation(request, scope, own_risks, pk)


@collaboration_view(Perm.EDIT)
@require_POST
def joint_risk_action(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _raise_action(request, scope, joint_risks, pk)


@org_view(Perm.EDIT)
@require_POST
def own_risk_action(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _raise_action(request, scope, own_risks, pk)


@collaboration_view(Perm.VIEW)
def joint_risk_heat_map(request: HttpRequest, scope: Any) -> HttpResponse:
    return _heat_map_page(request, scope, joint_risks)


@org_view(Perm.VIEW)
def own_risk_heat_map(request: HttpRequest, scope: Any) -> HttpResponse:
    return _heat_map_page(request, scope, own_risks)


@collaboration_view(Perm.MANAGE)
def joint_risk_scale(request: HttpRequest, scope: Any) -> HttpResponse:
    return _scale(request, scope, joint_risks)


@org_view(Perm.MANAGE)
def own_risk_scale(request: HttpRequest, scope: Any) -> HttpResponse:
    return _scale(request, scope, own_risks)


for _view in (
    joint_risk,
    joint_risk_mitigation,
    joint_risk_mitigation_delete,
    joint_risk_action,
):
    _mark(_view, joint_risks)
for _view in (own_risk, own_risk_mitigation, own_risk_mitigation_delete, own_risk_action):
    _mark(_view, own_risks)
