"""Pages of the exit strategy and of the stage gates (the registers come from the kit)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.collaborations.models import Collaboration, Party, Stage
from accord.core.converters import parse_id
from accord.core.errors import ApplicationError, ConflictError
from accord.core.forms import form_status, rebase_on_current
from accord.core.permissions import Perm, Role
from accord.core.scoping import CollaborationScope, OrgScope, collaboration_view, org_view
from accord.exits import gates, selectors, services
from accord.exits.forms import (
    ActivationForm,
    ConfirmForm,
    ContingencyForm,
    MoveForm,
    ReviewForm,
    RevokeForm,
    StrategyForm,
)
from accord.exits.models import (
    ActivationKind,
    ActivationStatus,
    ContingencyPlan,
    ExitActivation,
    ExitAsset,
    ExitCopy,
    ExitCopyContent,
    ExitTrigger,
    GateConfirmation,
    OrgGateConfirmation,
    PostExitReview,
    StageOverride,
    TransitionStep,
)


def _error_to_form(form: Any, error: ApplicationError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


# --- the joint exit strategy ------------------------------------------------------------------


@collaboration_view(Perm.VIEW)
def strategy_page(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    collaboration = scope.collaboration
    activations = list(
        ExitActivation.objects.in_scope(collaboration).select_related(
            "leaving_party__organization", "activated_by"
        )
    )
    reviews = list(PostExitReview.objects.in_scope(collaboration).select_related("party__organization"))
    for activation in activations:
        activation.review_list = [r for r in reviews if r.activation_id == activation.pk]
        activation.own_review = next(
            (r for r in activation.review_list if r.party_id == scope.party.pk), None
        )
    return render(
        request,
        "exits/strategy.html",
        {
            "collaboration": collaboration,
            "party": scope.party,
            "strategy": services.strategy_for(collaboration),
            "triggers": list(
                ExitTrigger.objects.in_scope(collaboration).select_related(
                    "monitored_by_party__organization"
                )[:50]
            ),
            "steps": list(
                TransitionStep.objects.in_scope(collaboration).select_related(
                    "owner_party__organization", "owner_user"
                )[:50]
            ),
            "assets": list(
                ExitAsset.objects.in_scope(collaboration).select_related(
                    "contribution", "to_party__organization"
                )[:50]
            ),
            "activations": activations,
            "can_edit": scope.can(Perm.EDIT),
            "can_decide": scope.can(Perm.DECIDE),
        },
    )


@collaboration_view(Perm.EDIT)
def strategy_edit(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    collaboration = scope.collaboration
    strategy = services.strategy_for(collaboration)
    form = StrategyForm(request.POST if request.method == "POST" else None, instance=strategy)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_save(
                collaboration=collaboration,
                data=form.changes,
                expected_version=form.cleaned_data.get("version"),
            )
        except ConflictError as error:
            conflict = error.current
            form.add_error(None, error.message)
            rebase_on_current(form, error.current)
        except ApplicationError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("Exit strategy saved."))
            return redirect("exits:strategy", collaboration.pk)
    return render(
        request,
        "exits/strategy_form.html",
        {"collaboration": collaboration, "form": form, "conflict": conflict},
        status=form_status(form, conflict=conflict),
    )


# --- activation ------------------------------------------------------------------------------


@collaboration_view(Perm.DECIDE)
def activate(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    collaboration = scope.collaboration
    form = ActivationForm(request.POST if request.method == "POST" else None, collaboration=collaboration)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activation = services.activation_create(
                collaboration=collaboration,
                party=scope.party,
                user=request.user,
                kind=data["kind"],
                exit_date=data["exit_date"],
                leaving_party=data.get("leaving_party"),
                trigger=data.get("trigger"),
                trigger_text=data.get("trigger_text") or "",
                reason=data.get("reason") or "",
            )
        except ApplicationError as error:
            _error_to_form(form, error)
        else:
            leaving_self = activation.status == ActivationStatus.DONE and (
                activation.kind == ActivationKind.COLLABORATION_ENDS
                or activation.leaving_party.organization_id == scope.organization.pk
            )
            if leaving_self:
                messages.success(
                    request, _("The exit has taken effect. Your copy of the joint data is kept here.")
                )
                return redirect("exits:org_exits", scope.organization.slug)
            messages.success(request, _("Exit activated: the transition steps are now actions."))
            return redirect("exits:strategy", collaboration.pk)
    return render(
        request,
        "exits/activate.html",
        {
            "collaboration": collaboration,
            "form": form,
            "steps": TransitionStep.objects.in_scope(collaboration).count(),
        },
        status=form_status(form),
    )


@collaboration_view(Perm.DECIDE)
@require_POST
def activation_cancel(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    pk = parse_id(request.POST.get("activation"))
    activation = ExitActivation.objects.in_scope(scope.collaboration).filter(pk=pk).first() if pk else None
    if activation is None:
        raise Http404
    try:
        services.activation_cancel(activation=activation)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The scheduled exit is cancelled."))
    return redirect("exits:strategy", scope.collaboration.pk)


# --- post-exit reviews -------------------------------------------------------------------------


def _review_form_page(
    request: HttpRequest,
    *,
    activation: ExitActivation,
    party: Party,
    template: str,
    context: dict[str, Any],
    done_url: str,
) -> HttpResponse:
    existing = (
        PostExitReview.objects.in_scope(activation.collaboration_id)
        .filter(activation=activation, party=party)
        .first()
    )
    form = ReviewForm(request.POST if request.method == "POST" else None, instance=existing)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.review_save(
                activation=activation,
                party=party,
                user=request.user,
                data=form.changes,
                expected_version=form.cleaned_data.get("version"),
            )
        except ConflictError as error:
            conflict = error.current
            form.add_error(None, error.message)
            rebase_on_current(form, error.current)
        except ApplicationError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("Post-exit review saved."))
            return redirect(done_url)
    return render(
        request,
        template,
        {**context, "form": form, "activation": activation, "conflict": conflict},
        status=form_status(form, conflict=conflict),
    )


@collaboration_view(Perm.EDIT)
def review(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    """A remaining party's post-exit review of a past exit (``?activation=``, else the latest)."""
    collaboration = scope.collaboration
    done = ExitActivation.objects.in_scope(collaboration).filter(status=ActivationStatus.DONE)
    pk = parse_id(request.GET.get("activation") or request.POST.get("activation"))
    activation = (
        (done.filter(pk=pk) if pk else done.order_by("-exit_date", "-id"))
        .select_related("leaving_party__organization")
        .first()
    )
    if activation is None:
        return render(request, "exits/review.html", {"collaboration": collaboration, "activation": None})
    return _review_form_page(
        request,
        activation=activation,
        party=scope.party,
        template="exits/review.html",
        context={"collaboration": collaboration},
        done_url=reverse("exits:strategy", args=[collaboration.pk]),
    )


# --- an organization's own exit pages ----------------------------------------------------------


@org_view(Perm.VIEW)
def org_exits(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    """The organization's exits: the copies it kept (download: ``?download=<id>&fmt=json|pdf``)
    and its post-exit reviews (``?review=<copy id>``)."""
    organization = scope.organization
    copies_qs = ExitCopy.objects.in_scope(organization).select_related("activation")
    download = request.GET.get("download")
    if download is not None:
        pk = parse_id(download)
        content = (
            ExitCopyContent.objects.in_scope(organization).filter(copy_id=pk).select_related("copy").first()
            if pk
            else None
        )
        if content is None:
            raise Http404
        return _copy_response(content, request.GET.get("fmt", "json"))
    page = Paginator(copies_qs, 25).get_page(request.GET.get("page"))
    copies = list(page.object_list)
    reviews = selectors.own_reviews(organization, copies)
    for copy in copies:
        copy.own_review = reviews.get(copy.activation_id)
    review_pk = parse_id(request.GET.get("review") or request.POST.get("review"))
    if review_pk or request.method == "POST":
        if not scope.can(Perm.EDIT):
            raise PermissionDenied
        copy = next((c for c in copies if c.pk == review_pk), None) or (
            copies_qs.filter(pk=review_pk).first() if review_pk else None
        )
        if copy is None or copy.activation is None:
            form = ReviewForm(request.POST if request.method == "POST" else None)
            form.is_valid()
            form.add_error(None, _("Choose one of your exits."))
            return render(
                request,
                "exits/org_exits.html",
                {"org": organization, "page_obj": page, "copies": copies, "form": form},
                status=422,
            )
        party = Party.objects.in_scope(copy.collaboration_id).filter(organization=organization).first()
        return _review_form_page(
            request,
            activation=copy.activation,
            party=party,
            template="exits/org_exits.html",
            context={"org": organization, "page_obj": page, "copies": copies, "review_copy": copy},
            done_url=reverse("exits:org_exits", args=[organization.slug]),
        )
    return render(
        request,
        "exits/org_exits.html",
        {"org": organization, "page_obj": page, "copies": copies, "can_edit": scope.can(Perm.EDIT)},
    )


def _copy_response(content: ExitCopyContent, fmt: str) -> HttpResponse:
    copy = content.copy
    name = slugify(copy.collaboration_name) or f"collaboration-{copy.collaboration_id}"
    if fmt == "pdf":
        if not content.pdf:
            raise Http404
        response = HttpResponse(bytes(content.pdf), content_type="application/pdf")
    elif fmt == "json":
        response = HttpResponse(content.data, content_type="application/json; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}-exit-copy.{fmt}"'
    return response


@org_view(Perm.VIEW)
def contingency(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    """The organization's private contingency exit plans, one per collaboration it is in
    (``?collaboration=<id>`` edits one)."""
    organization = scope.organization
    collaborations = list(Collaboration.objects.for_organization(organization).order_by("name", "id")[:200])
    plans = {p.collaboration_id: p for p in ContingencyPlan.objects.in_scope(organization)}
    rows = [(c, plans.get(c.pk)) for c in collaborations]
    pk = parse_id(request.GET.get("collaboration") or request.POST.get("collaboration"))
    chosen = next((c for c in collaborations if c.pk == pk), None)
    form = None
    conflict = None
    status = 200
    if request.method == "POST" or pk:
        if not scope.can(Perm.EDIT):
            raise PermissionDenied
        form = ContingencyForm(
            request.POST if request.method == "POST" else None, instance=plans.get(pk) if chosen else None
        )
        if chosen is None:
            form.is_valid()
            form.add_error(None, _("Choose a collaboration your organization is in."))
        elif request.method == "POST" and form.is_valid():
            try:
                services.contingency_save(
                    organization=organization,
                    collaboration=chosen,
                    data=form.changes,
                    expected_version=form.cleaned_data.get("version"),
                )
            except ConflictError as error:
                conflict = error.current
                form.add_error(None, error.message)
                rebase_on_current(form, error.current)
            except ApplicationError as error:
                _error_to_form(form, error)
            else:
                messages.success(request, _("Contingency plan saved."))
                return redirect("exits:contingency", organization.slug)
        status = form_status(form, conflict=conflict)
    return render(
        request,
        "exits/contingency.html",
        {
            "org": organization,
            "rows": rows,
            "form": form,
            "chosen": chosen,
            "conflict": conflict,
            "can_edit": scope.can(Perm.EDIT),
        },
        status=status,
    )


# --- stages ------------------------------------------------------------------------------------


def _stages_page(
    request: HttpRequest,
    scope: CollaborationScope,
    *,
    error: str = "",
    status: int = 200,
    move_form: Any = None,
) -> HttpResponse:
    collaboration = scope.collaboration
    confirmations = list(
        GateConfirmation.objects.in_scope(collaboration)
        .filter(revoked_at__isnull=True)
        .select_related("confirmed_by", "party__organization")
    )
    stage_gates = gates.collaboration_gates(collaboration, scope.party, confirmations=confirmations)
    overrides = list(
        StageOverride.objects.in_scope(collaboration).select_related("decided_by", "party__organization")[:20]
    )
    return render(
        request,
        "exits/stages.html",
        {
            "collaboration": collaboration,
            "gates": stage_gates,
            "current": collaboration.stage,
            "overrides": overrides,
            "error": error,
            "can_edit": scope.can(Perm.EDIT),
            "can_decide": scope.can(Perm.DECIDE),
            "is_ser": _is_ser(scope),
            "move_form": move_form or MoveForm(initial={"stage": min(collaboration.stage + 1, 8)}),
            "confirm_url": reverse("exits:stage_confirm", args=[collaboration.pk]),
            "revoke_url": reverse("exits:stage_revoke", args=[collaboration.pk]),
            "move_url": reverse("exits:stage_move", args=[collaboration.pk]),
        },
        status=status,
    )


def _is_ser(scope: CollaborationScope) -> bool:
    return scope.role in (Role.SER, Role.OWNER) or scope.party.ser_id == scope.membership.user_id


@collaboration_view(Perm.VIEW)
def stages(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    return _stages_page(request, scope)


@collaboration_view(Perm.EDIT)
@require_POST
def stage_confirm(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _stages_page(request, scope, error=_("Say what shows the item is met."), status=422)
    try:
        services.confirm(
            owner=scope.collaboration,
            party=scope.party,
            stage=form.cleaned_data["stage"],
            key=form.cleaned_data["item_key"],
            note=form.cleaned_data["note"],
            user=request.user,
        )
    except ApplicationError as error:
        return _stages_page(request, scope, error=error.message, status=422)
    messages.success(request, _("Item confirmed."))
    return redirect(
        reverse("exits:stages", args=[scope.collaboration.pk]) + f"#stage-{form.cleaned_data['stage']}"
    )


@collaboration_view(Perm.EDIT)
@require_POST
def stage_revoke(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    form = RevokeForm(request.POST)
    confirmation = None
    if form.is_valid():
        confirmation = (
            GateConfirmation.objects.in_scope(scope.collaboration)
            .filter(pk=form.cleaned_data["confirmation"], revoked_at__isnull=True)
            .first()
        )
    if confirmation is None:
        return _stages_page(request, scope, error=_("Choose a confirmation to withdraw."), status=422)
    services.revoke(confirmation=confirmation, user=request.user)
    messages.success(request, _("Confirmation withdrawn."))
    return redirect(reverse("exits:stages", args=[scope.collaboration.pk]) + f"#stage-{confirmation.stage}")


@collaboration_view(Perm.DECIDE)
@require_POST
def stage_move(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _stages_page(request, scope, error=_("Choose a stage."), status=422, move_form=form)
    collaboration = Collaboration.objects.get(pk=scope.collaboration.pk)
    to_stage = form.cleaned_data["stage"]
    try:
        if form.cleaned_data.get("override"):
            services.stage_override(
                collaboration=collaboration,
                party=scope.party,
                membership=scope.membership,
                to_stage=to_stage,
                reason=form.cleaned_data.get("reason") or "",
                user=request.user,
            )
        else:
            services.stage_move(collaboration=collaboration, to_stage=to_stage, user=request.user)
    except ApplicationError as error:
        return _stages_page(request, scope, error=error.message, status=422, move_form=form)
    messages.success(
        request, _("The collaboration is now at stage %(stage)s.") % {"stage": Stage(to_stage).label}
    )
    return redirect("exits:stages", collaboration.pk)


# --- the organization's own stages and its readiness -------------------------------------------


def _org_stages_page(
    request: HttpRequest, scope: OrgScope, *, error: str = "", status: int = 200
) -> HttpResponse:
    organization = scope.organization
    confirmations = list(
        OrgGateConfirmation.objects.in_scope(organization)
        .filter(revoked_at__isnull=True)
        .select_related("confirmed_by")
    )
    return render(
        request,
        "exits/org_stages.html",
        {
            "org": organization,
            "gates": gates.organization_gates(organization, confirmations=confirmations),
            "error": error,
            "can_edit": scope.can(Perm.EDIT),
            "confirm_url": reverse("exits:org_stage_confirm", args=[organization.slug]),
            "revoke_url": reverse("exits:org_stage_revoke", args=[organization.slug]),
        },
        status=status,
    )


@org_view(Perm.VIEW)
def org_stages(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    return _org_stages_page(request, scope)


@org_view(Perm.EDIT)
@require_POST
def org_stage_confirm(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _org_stages_page(request, scope, error=_("Say what shows the item is met."), status=422)
    try:
        services.confirm(
            owner=scope.organization,
            stage=form.cleaned_data["stage"],
            key=form.cleaned_data["item_key"],
            note=form.cleaned_data["note"],
            user=request.user,
        )
    except ApplicationError as error:
        return _org_stages_page(request, scope, error=error.message, status=422)
    messages.success(request, _("Item confirmed."))
    return redirect(
        reverse("exits:org_stages", args=[scope.organization.slug]) + f"#stage-{form.cleaned_data['stage']}"
    )


@org_view(Perm.EDIT)
@require_POST
def org_stage_revoke(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    form = RevokeForm(request.POST)
    confirmation = None
    if form.is_valid():
        confirmation = (
            OrgGateConfirmation.objects.in_scope(scope.organization)
            .filter(pk=form.cleaned_data["confirmation"], revoked_at__isnull=True)
            .first()
        )
    if confirmation is None:
        return _org_stages_page(request, scope, error=_("Choose a confirmation to withdraw."), status=422)
    services.revoke(confirmation=confirmation, user=request.user)
    messages.success(request, _("Confirmation withdrawn."))
    return redirect("exits:org_stages", scope.organization.slug)


@org_view(Perm.VIEW)
def readiness(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    """Across the organization's collaborations (a page of them): each stage's gate, how
    much is evidenced and what is missing."""
    organization = scope.organization
    page, rows = selectors.readiness(organization, page_number=request.GET.get("page"))
    own = gates.organization_gates(organization)
    return render(
        request,
        "exits/readiness.html",
        {"org": organization, "page_obj": page, "rows": rows, "own": own, "stage_numbers": list(range(1, 9))},
    )
