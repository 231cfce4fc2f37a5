from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.accounts.models import User
from accord.accounts.verification import confirm_email
from accord.collaborations import services
from accord.collaborations.forms import AcceptForm, CollaborationForm, PartyInviteForm, SerForm
from accord.collaborations.models import Collaboration, PartyInvitation, PartyStatus
from accord.collaborations.selectors import collaboration_history
from accord.core.converters import parse_id
from accord.core.errors import ApplicationError, ConflictError, RateLimited
from accord.core.forms import form_status, rebase_on_current
from accord.core.history import history_csv_response
from accord.core.permissions import Perm, Role
from accord.core.registry import COLLABORATION, registry
from accord.core.scoping import CollaborationScope, OrgScope, collaboration_view, org_view, public_view
from accord.guidance import library
from accord.organizations.models import Membership, Organization
from accord.organizations.services import organization_create
from accord.relationships.models import Relationship


@org_view()
def collaboration_list(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    org = scope.organization
    collaborations = (
        Collaboration.objects.for_organization(org)
        .prefetch_related("parties__organization")
        .order_by("name", "id")
    )
    page = Paginator(collaborations, settings.ACCORD_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "collaborations/collaboration_list.html",
        {
            "org": org,
            "collaborations": page.object_list,
            "page_obj": page,
            "can_decide": scope.can(Perm.DECIDE),
        },
    )


@org_view(Perm.DECIDE)
def collaboration_create(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    org = scope.organization
    entry = None
    from_id = request.GET.get("from") or request.POST.get("from")
    if from_id:
        entry = Relationship.objects.in_scope(org).filter(pk=parse_id(from_id) or 0).first()
    initial = {"stage": 4}
    form = CollaborationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        collaboration = services.collaboration_create(
            organization=org, user=request.user, data=data, from_entry=entry
        )
        messages.success(request, _("Joint space created. Invite your partner to join it."))
        return redirect("collaborations:invite", collaboration.pk)
    return render(
        request,
        "collaborations/collaboration_form.html",
        {"org": org, "form": form, "entry": entry},
        status=form_status(form),
    )


MEMBERS_SHOWN = 8


def _members_shown(organization_ids: list[int]) -> tuple[dict[int, list], dict[int, int]]:
    """The first members of each organization (by e-mail) and how many each has, in one query
    whatever the organizations' size: a network of fifty firms stays one page."""
    by_org = {"partition_by": F("organization_id")}
    ranked = (
        Membership.objects.filter(organization_id__in=organization_ids)
        .annotate(
            rank=Window(RowNumber(), order_by=F("user__email").asc(), **by_org),
            total=Window(Count("id"), **by_org),
        )
        .filter(rank__lte=MEMBERS_SHOWN)
        .select_related("user")
        .only("organization_id", "role", "user__email", "user__full_name")  # what the page shows
        .order_by("organization_id", "user__email")
    )
    shown: dict[int, list] = {}
    counts: dict[int, int] = {}
    for m in ranked:
        shown.setdefault(m.organization_id, []).append(m)
        counts[m.organization_id] = m.total
    return shown, counts


@collaboration_view()
def collaboration_overview(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    collaboration = scope.collaboration
    parties = scope.parties()  # the cards read them too
    active = [p for p in parties if p.status == PartyStatus.ACTIVE]
    members_by_org, member_counts = _members_shown([p.organization_id for p in active])
    invitations = [
        i
        for i in PartyInvitation.objects.in_scope(collaboration)
        .filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("invited_by_organization")
        if i.is_open
    ]
    stage = library.stage(collaboration.stage)
    return render(
        request,
        "collaborations/overview.html",
        {
            "collaboration": collaboration,
            "party": scope.party,
            "parties": [
                (p, members_by_org.get(p.organization_id, []), member_counts.get(p.organization_id, 0))
                for p in active
            ],
            "former_parties": [p for p in parties if p.status != PartyStatus.ACTIVE],
            "invitations": invitations,
            "stage": stage,
            "can_decide": scope.can(Perm.DECIDE),
            "can_admin": scope.can(Perm.ADMIN),
            # Every member of the viewer's own organization may be named SER: built only for
            # those who may name one.
            "ser_form": SimpleLazyObject(
                lambda: SerForm(
                    # Only what the choice shows (display_name): hundreds in a large organization.
                    members=User.objects.filter(memberships__organization_id=scope.party.organization_id)
                    .only("id", "email", "full_name")
                    .order_by("email"),
                    initial={"ser": scope.party.ser_id},
                )
            ),
            "history": collaboration_history(collaboration=collaboration, parties=parties),
            # The stage card asks for the same answers: computed once (per request).
            "gate_answers": scope.gate_answers(
                {g.check for g in stage.gate_checks if g.check} if stage else set()
            ),
        },
    )


@collaboration_view(Perm.DECIDE)
def collaboration_edit(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    collaboration = scope.collaboration
    form = CollaborationForm(
        request.POST or None, instance=collaboration, initial={"version": collaboration.version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.collaboration_update(
                collaboration=Collaboration.objects.get(pk=collaboration.pk),
                data=data,
                expected_version=form.cleaned_data.get("version"),
                user=request.user,
            )
        except ConflictError as error:
            conflict = error.current
            form.add_error(None, error.message)
            rebase_on_current(form, error.current)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Collaboration saved."))
            return redirect("collaborations:overview", collaboration.pk)
    return render(
        request,
        "collaborations/collaboration_form.html",
        {"collaboration": collaboration, "form": form, "conflict": conflict, "stages": library.stages()},
        status=form_status(form, conflict=conflict),
    )


@collaboration_view(Perm.DECIDE)
def collaboration_invite(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    form = PartyInviteForm(request.POST or None)
    invitation = None
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = 422
    elif request.method == "POST":
        try:
            invitation = services.party_invitation_create(
                collaboration=scope.collaboration,
                organization=scope.organization,
                user=request.user,
                base_url=request.build_absolute_uri("/")[:-1],
                **form.cleaned_data,
            )
        except ApplicationError as error:
            form.add_error(error.field, error.message)
            status = 429 if isinstance(error, RateLimited) else 422
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("collaborations:overview", scope.collaboration.pk)
    return render(
        request,
        "collaborations/invite.html",
        {"collaboration": scope.collaboration, "form": form},
        status=status,
    )


@collaboration_view(Perm.DECIDE)
@require_POST
def invitation_revoke(request: HttpRequest, scope: CollaborationScope, pk: int) -> HttpResponse:
    invitation = get_object_or_404(PartyInvitation.objects.in_scope(scope.collaboration), pk=pk)
    services.party_invitation_revoke(invitation=invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("collaborations:overview", scope.collaboration.pk)


@collaboration_view(Perm.ADMIN)
@require_POST
def party_ser(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    """An owner names their own party's SER (never another party's)."""
    party = scope.party
    members = list(User.objects.filter(memberships__organization=party.organization_id))
    form = SerForm(request.POST, members=members)
    if form.is_valid():
        user = next(u for u in members if str(u.pk) == form.cleaned_data["ser"])
        services.party_set_ser(party=party, user=user)
        messages.success(
            request,
            _("%(user)s is now %(org)s's senior executive responsible here.")
            % {"user": user, "org": party.organization},
        )
    else:
        messages.error(request, _("Choose a member of your organization."))
    return redirect("collaborations:overview", scope.collaboration.pk)


@collaboration_view(Perm.ADMIN)
def party_leave(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    if request.method == "POST":
        services.party_leave(
            party=scope.party, actor=request.user, base_url=request.build_absolute_uri("/")[:-1]
        )
        messages.success(
            request,
            _("%(org)s left “%(collab)s”. Its members no longer see the joint space.")
            % {"org": scope.organization, "collab": scope.collaboration},
        )
        return redirect("collaborations:list", scope.organization.slug)
    return render(
        request, "collaborations/leave.html", {"collaboration": scope.collaboration, "party": scope.party}
    )


@public_view
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link: a landing page that works logged out (who invites to which joint
    space, with sign-up and log-in that come back here); accepting needs the invited,
    confirmed account."""
    invitation = services.party_invitation_get(token)
    if invitation is None or not invitation.is_open:
        return render(
            request, "organizations/invitation_invalid.html", {"invitation": invitation}, status=404
        )
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "collaborations/invitation_accept.html", {"invitation": invitation})
    if invitation.email.lower() == request.user.email.lower() and not request.user.email_verified:
        confirm_email(request.user)  # the link reached this address: that proves it
    if not request.user.email_verified:
        return redirect("accounts:verify_pending")
    owned = list(
        Organization.objects.filter(memberships__user=request.user, memberships__role=Role.OWNER).order_by(
            "name"
        )
    )
    form = AcceptForm(request.POST or None, owned=owned, suggested_name=invitation.organization_name)
    if request.method == "POST" and form.is_valid() and invitation.is_open:
        if invitation.email.lower() != request.user.email.lower():
            messages.error(
                request,
                _("This invitation was sent to %(email)s. Log in with that address to accept it.")
                % {"email": invitation.email},
            )
        else:
            try:
                if form.cleaned_data["organization"] == "new":
                    organization = organization_create(
                        name=form.cleaned_data["new_organization_name"], owner=request.user
                    )
                else:
                    organization = next(o for o in owned if str(o.pk) == form.cleaned_data["organization"])
                services.party_invitation_accept(
                    invitation=invitation, user=request.user, organization=organization
                )
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("%(org)s joined “%(collab)s”.")
                    % {"org": organization, "collab": invitation.collaboration},
                )
                return redirect("collaborations:overview", invitation.collaboration_id)
    return render(
        request,
        "collaborations/invitation_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "email_matches": invitation.email.lower() == request.user.email.lower(),
        },
    )


@collaboration_view()
def history_export(request: HttpRequest, scope: CollaborationScope) -> HttpResponse:
    """Every recorded change to the joint space (the collaboration, its parties, and what each
    app adds to the export: the joint plan and its approvals, the joint team...) as CSV. Joint
    records only: no party's private records are in it, and people appear by name."""
    collaboration = scope.collaboration
    return history_csv_response(
        f"collaboration-{collaboration.pk}-history.csv",
        registry.history_sources(COLLABORATION, collaboration),
        # People by name: a partner's e-mail addresses are not shown in the joint space.
        who=lambda user: user.display_name,
    )
