from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.accounts.forms import TwoFactorPolicyForm
from accord.accounts.verification import confirm_email
from accord.collaborations.selectors import organization_collaborations
from accord.core.errors import ApplicationError, ConflictError, RateLimited
from accord.core.forms import form_status, rebase_on_current
from accord.core.history import history_csv_response, history_for
from accord.core.permissions import ROLE_HELP, Perm, Role
from accord.core.registry import ORG, registry
from accord.core.scoping import OrgScope, org_view, public_view, user_view
from accord.organizations import services
from accord.organizations.forms import MemberInviteForm, OrganizationCreateForm, ProfileForm, RoleForm
from accord.organizations.models import MemberInvitation, Membership, Organization
from accord.relationships.models import Relationship, Segment


@public_view
def home(request: HttpRequest) -> HttpResponse:
    """Landing page for visitors; members go to their last (or first) organization."""
    if not request.user.is_authenticated:
        return render(request, "organizations/welcome.html")
    org = request.user.last_organization
    if org is None or not Membership.objects.filter(user=request.user, organization=org).exists():
        membership = request.user.memberships.select_related("organization").first()
        org = membership.organization if membership else None
    if org is None:
        return redirect("organizations:create")
    return redirect("organizations:dashboard", org.slug)


@user_view
def organization_create(request: HttpRequest) -> HttpResponse:
    form = OrganizationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = services.organization_create(
            name=form.cleaned_data["name"],
            owner=request.user,
            **{k: v for k, v in form.cleaned_data.items() if k != "name"},
        )
        messages.success(request, _("%(org)s was created. You are its owner.") % {"org": org})
        return redirect("organizations:profile_edit", org.slug)
    return render(request, "organizations/create.html", {"form": form}, status=form_status(form))


@org_view()
def dashboard(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    org = scope.organization
    # One query: the entries per segment, and those of "collaborate" without a decision (the
    # segment tested first: the database reads the decision of those entries only).
    rows = (
        Relationship.objects.in_scope(org)
        .values_list("segment")
        .annotate(
            n=Count("id"), undecided=Count("id", filter=Q(segment=Segment.COLLABORATE) & Q(decision=""))
        )
        .order_by()
    )
    counts = {}
    undecided = 0
    for segment, n, no_decision in rows:
        counts[segment] = n
        undecided += no_decision
    segments = [(s, counts.get(s.value, 0)) for s in Segment]
    total = sum(counts.values())
    # The next steps read the same list (accord.collaborations.steps): one query for both.
    collaborations = organization_collaborations(org)[:5]
    has_ser = org.ser_id is not None
    return render(
        request,
        "organizations/dashboard.html",
        {
            "org": org,
            # What other apps add (cards are rendered by the template's plugin_cards).
            "next_steps": [(step, step.done(org)) for step in registry.next_steps()],
            "segments": segments,
            "total": total,
            "undecided": undecided,
            "collaborations": collaborations,
            "has_ser": has_ser,
        },
    )


@org_view()
def profile(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    return render(
        request,
        "organizations/profile.html",
        {
            "org": scope.organization,
            "history": history_for(scope.organization),
            "can_manage": scope.can(Perm.MANAGE),
            "can_admin": scope.can(Perm.ADMIN),
            "two_factor_form": TwoFactorPolicyForm(
                initial={"require_two_factor": scope.organization.require_two_factor}
            ),
        },
    )


@org_view(Perm.ADMIN)
@require_POST
def two_factor_policy(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    """The owner requires two-factor sign-in from the members (or stops requiring it)."""
    form = TwoFactorPolicyForm(request.POST)
    required = form.is_valid() and form.cleaned_data["require_two_factor"]
    if required and not request.user.is_verified():
        messages.error(
            request,
            _(
                "Set up two-factor sign-in for yourself first (and sign in with it), then require it from your members."
            ),
        )
        return redirect("accounts:two_factor")
    services.organization_set_two_factor(organization=scope.organization, required=required)
    if required:
        messages.success(
            request,
            _("Members of %(org)s now need two-factor sign-in to open its pages and joint spaces.")
            % {"org": scope.organization},
        )
    else:
        messages.success(request, _("Two-factor sign-in is no longer required; each member chooses."))
    return redirect("organizations:profile", scope.organization.slug)


@org_view(Perm.MANAGE)
def profile_edit(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    org = scope.organization
    conflict = None
    form = ProfileForm(request.POST or None, instance=org, initial={"version": org.version})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.organization_update(
                organization=Organization.objects.get(pk=org.pk),
                data=data,
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError as error:
            conflict = error.current
            form.add_error(None, error.message)
            rebase_on_current(form, error.current)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("organizations:profile", org.slug)
    return render(
        request,
        "organizations/profile_edit.html",
        {"org": org, "form": form, "conflict": conflict},
        status=form_status(form, conflict=conflict),
    )


def _members_page(request: HttpRequest, scope: OrgScope, form: MemberInviteForm) -> HttpResponse:
    org = scope.organization
    member_list = Membership.objects.filter(organization=org).select_related("user").order_by("user__email")
    invitations = [
        i
        for i in MemberInvitation.objects.filter(
            organization=org, accepted_at__isnull=True, revoked_at__isnull=True
        )
        if i.is_open
    ]
    return render(
        request,
        "organizations/members.html",
        {
            "org": org,
            "members": member_list,
            "invitations": invitations,
            "form": form,
            "roles": Role.choices,
            "role_help": ROLE_HELP,
            "can_admin": scope.can(Perm.ADMIN),
        },
        status=form_status(form),
    )


@org_view()
def members(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    return _members_page(request, scope, MemberInviteForm())


@org_view(Perm.ADMIN)
@require_POST
def member_invite(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    form = MemberInviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.member_invitation_create(
                organization=scope.organization,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
                base_url=request.build_absolute_uri("/")[:-1],
            )
        except ApplicationError as error:
            form.add_error(error.field, error.message)
            if isinstance(error, RateLimited):
                response = _members_page(request, scope, form)
                response.status_code = 429
                return response
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("organizations:members", scope.organization.slug)
    return _members_page(request, scope, form)


@org_view(Perm.ADMIN)
@require_POST
def member_role(request: HttpRequest, scope: OrgScope, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, organization=scope.organization)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_change_role(membership=membership, role=form.cleaned_data["role"])
            messages.success(request, _("Role changed."))
        except ApplicationError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Choose a valid role."))
    return redirect("organizations:members", scope.organization.slug)


@org_view(Perm.ADMIN)
@require_POST
def member_remove(request: HttpRequest, scope: OrgScope, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, organization=scope.organization)
    try:
        services.membership_remove(membership=membership)
        messages.success(request, _("%(user)s was removed.") % {"user": membership.user})
    except ApplicationError as error:
        messages.error(request, error.message)
    if membership.user_id == request.user.pk and not Membership.objects.filter(pk=membership.pk).exists():
        return redirect("home")
    return redirect("organizations:members", scope.organization.slug)


@org_view(Perm.ADMIN)
@require_POST
def member_invitation_revoke(request: HttpRequest, scope: OrgScope, pk: int) -> HttpResponse:
    invitation = get_object_or_404(MemberInvitation, pk=pk, organization=scope.organization)
    services.member_invitation_revoke(invitation=invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("organizations:members", scope.organization.slug)


@public_view
def member_invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link: a landing page that works logged out (who invites to what, with
    sign-up and log-in that come back here); accepting needs the invited, confirmed account."""
    invitation = services.member_invitation_get(token)
    if invitation is None or not invitation.is_open:
        return render(
            request, "organizations/invitation_invalid.html", {"invitation": invitation}, status=404
        )
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "organizations/invitation_accept.html", {"invitation": invitation})
    email_matches = invitation.email.lower() == request.user.email.lower()
    if email_matches and not request.user.email_verified:
        confirm_email(request.user)  # the link reached this address: that proves it
    if not request.user.email_verified:
        return redirect("accounts:verify_pending")
    if request.method == "POST":
        try:
            services.member_invitation_accept(invitation=invitation, user=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You joined %(org)s.") % {"org": invitation.organization})
            return redirect("organizations:dashboard", invitation.organization.slug)
    return render(
        request,
        "organizations/invitation_accept.html",
        {"invitation": invitation, "email_matches": email_matches},
    )


@org_view()
def history_export(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    """Every recorded change to the organization's own records (profile, members, and what
    each app adds to the export: register, plans, business cases, resources...), as CSV."""
    org = scope.organization
    return history_csv_response(f"{org.slug}-history.csv", registry.history_sources(ORG, org))
