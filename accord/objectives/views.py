"""Pages of objectives that are not a plain register: sharing an own objective into a joint
space, and the joint objectives process (ISO 44003 5.3.3.6) with its agree buttons and the
compatibility matrix. The registers' pages come from ``accord.objectives.registers``."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.converters import parse_id
from accord.core.errors import ApplicationError
from accord.core.permissions import Perm
from accord.core.scoping import collaboration_view, org_view
from accord.objectives import selectors, services
from accord.objectives.forms import AlignmentForm, ShareForm
from accord.objectives.models import (
    JointObjective,
    JointStatus,
    Objective,
    ObjectiveAlignment,
    Relation,
    SharedObjective,
)


def _form_error(form: Any, error: Exception) -> None:
    if isinstance(error, ApplicationError):
        form.add_error(error.field if error.field in form.fields else None, error.message)
    elif isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))


@org_view(Perm.EDIT)
def share(request: HttpRequest, scope: Any) -> HttpResponse:
    """Share one of the organization's objectives with one of its collaborations: choose the
    collaboration, edit the title and rationale the partners will see, confirm."""
    organization = scope.organization
    if request.method == "POST":
        form = ShareForm(request.POST, organization=organization)
        if form.is_valid():
            try:
                shared = services.objective_share(
                    organization=organization,
                    objective=form.cleaned_data["objective"],
                    collaboration=form.cleaned_data["collaboration"],
                    title=form.cleaned_data["title"],
                    rationale=form.cleaned_data["rationale"],
                    user=request.user,
                )
            except (ApplicationError, ValidationError) as error:
                _form_error(form, error)
            else:
                messages.success(
                    request,
                    _("Shared with %(collaboration)s: %(title)s.")
                    % {"collaboration": shared.collaboration.name, "title": shared.title},
                )
                return redirect(reverse("objectives:joint_process", args=[shared.collaboration_id]))
        status = 422
    else:
        initial: dict[str, Any] = {}
        objective = None
        objective_id = parse_id(request.GET.get("objective", ""))
        if objective_id is not None:
            objective = Objective.objects.in_scope(organization).filter(pk=objective_id).first()
        if objective is not None:
            initial = {"objective": objective.pk, "title": objective.title, "rationale": objective.rationale}
        collaboration_id = parse_id(request.GET.get("collaboration", ""))
        if collaboration_id is not None:
            initial["collaboration"] = collaboration_id
        form = ShareForm(initial=initial, organization=organization)
        status = 200
    return render(
        request,
        "objectives/share.html",
        {"org": organization, "form": form, "scope": scope},
        status=status,
    )


@collaboration_view(Perm.VIEW)
def joint_process(request: HttpRequest, scope: Any) -> HttpResponse:
    """The four steps of the joint objectives process, in order, as one party sees them."""
    process = selectors.joint_process(scope.collaboration)
    live = [row for row in process.joint if row.live]
    return render(
        request,
        "objectives/joint_process.html",
        {
            "collaboration": scope.collaboration,
            "scope": scope,
            "party": scope.party,
            "process": process,
            "live": live,
            "relations": Relation.choices,
            "can_edit": scope.can(Perm.EDIT),
            "can_decide": scope.can(Perm.DECIDE),
            "share_url": reverse("objectives:share", args=[scope.organization.slug])
            + f"?collaboration={scope.collaboration.pk}",
        },
    )


def _back(scope: Any, anchor: str) -> HttpResponse:
    return redirect(reverse("objectives:joint_process", args=[scope.collaboration.pk]) + anchor)


def _joint(scope: Any, pk: int) -> JointObjective:
    joint = JointObjective.objects.in_scope(scope.collaboration).filter(pk=pk).first()
    if joint is None:
        raise Http404
    return joint


@collaboration_view(Perm.DECIDE)
@require_POST
def joint_agree(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    """The caller's party agrees a joint objective (its SER or a manager)."""
    joint = _joint(scope, pk)
    try:
        services.joint_objective_agree(joint=joint, party=scope.party, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(party)s agreed: %(title)s.") % {"party": scope.organization.name, "title": joint.title},
        )
    return _back(scope, "#step-3")


@collaboration_view(Perm.DECIDE)
@require_POST
def joint_unagree(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    joint = _joint(scope, pk)
    services.joint_objective_withdraw_agreement(joint=joint, party=scope.party)
    messages.success(
        request,
        _("%(party)s withdrew its agreement: %(title)s.")
        % {"party": scope.organization.name, "title": joint.title},
    )
    return _back(scope, "#step-3")


@collaboration_view(Perm.EDIT)
def alignment(request: HttpRequest, scope: Any) -> HttpResponse:
    """Step 4 for one of the party's own shared objectives (``?shared=<id>``): mark it
    compatible, dependent or conflicting against each joint objective, with a note. Without
    an objective named, the party's shared objectives to choose from."""
    collaboration = scope.collaboration
    own = SharedObjective.objects.in_scope(collaboration).filter(party=scope.party)
    shared_id = parse_id(
        request.POST.get("shared") if request.method == "POST" else request.GET.get("shared")
    )
    if shared_id is None:
        if request.method == "POST":
            raise Http404
        return render(
            request,
            "objectives/alignment.html",
            {"collaboration": collaboration, "choices": list(own.order_by("title", "id")), "shared": None},
        )
    shared = own.filter(pk=shared_id).first()
    if shared is None:
        raise Http404  # another party's objective, or one outside this collaboration
    joints = list(
        JointObjective.objects.in_scope(collaboration)
        .exclude(status=JointStatus.DROPPED)
        .order_by("due_date", "title", "id")
    )
    current = {
        a.joint_objective_id: a
        for a in ObjectiveAlignment.objects.in_scope(collaboration).filter(shared_objective=shared)
    }
    form = AlignmentForm(request.POST or None, joints=joints, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for joint in joints:
                    relation, note = form.mark(joint)
                    mark = current.get(joint.pk)
                    if mark is None and not relation:
                        continue
                    if mark is not None and (mark.relation, mark.note) == (relation, note):
                        continue
                    services.alignment_set(
                        collaboration=collaboration,
                        party=scope.party,
                        shared=shared,
                        joint=joint,
                        relation=relation,
                        note=note,
                        user=request.user,
                    )
        except (ApplicationError, ValidationError) as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Saved the marks of “%(shared)s”.") % {"shared": shared.title})
            return _back(scope, f"#shared-{shared.pk}")
    return render(
        request,
        "objectives/alignment.html",
        {"collaboration": collaboration, "shared": shared, "form": form, "rows": form.rows()},
        status=422 if form.is_bound else 200,
    )
