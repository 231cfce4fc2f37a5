"""Resolving the scope of a request: the one place that decides who sees what.

Pages and API operations never look up an organization or a collaboration themselves. They
declare the scope and the permission they need (``org_view`` / ``collaboration_view`` for
pages, ``ScopedRouter`` for the API); this module resolves the scope for the current user and
answers 404 when the user is outside it, 403 when inside it without the role.
The generic scope test (accord/core/tests/test_scope_matrix.py) reads those declarations.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp import user_has_device

from accord.core.converters import parse_id
from accord.core.permissions import ROLE_RANK, Perm, role_allows
from accord.core.registry import registry
from accord.core.zones import activate_for

if TYPE_CHECKING:  # core imports no domain app at run time: models come from the app registry
    from accord.collaborations.models import Collaboration, Party
    from accord.organizations.models import Membership, Organization


@dataclass(frozen=True)
class OrgScope:
    """A request inside one organization's private workspace."""

    organization: "Organization"
    membership: "Membership"

    @property
    def role(self) -> str:
        return self.membership.role

    def can(self, perm: Perm) -> bool:
        return role_allows(self.role, perm)


@dataclass(frozen=True)
class CollaborationScope:
    """A request inside a joint space, acting for one party organization."""

    collaboration: "Collaboration"
    party: "Party"
    membership: "Membership"
    # What several parts of one page read (the overview and its cards): kept for this
    # request only, since a scope is resolved anew for each request. The parties are kept on
    # the collaboration object instead (``collaboration_parties``).
    memo: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def organization(self) -> "Organization":
        return self.party.organization

    @property
    def role(self) -> str:
        return self.membership.role

    def can(self, perm: Perm) -> bool:
        return role_allows(self.role, perm)

    def parties(self) -> list["Party"]:
        """Every party of the collaboration, former ones too, by joining date, with its
        organization and SER (``collaboration_parties``: one query, once per request)."""
        return collaboration_parties(self.collaboration)

    def active_parties(self) -> list["Party"]:
        """The active parties among ``parties()``, in the same order (no further query)."""
        return active_collaboration_parties(self.collaboration)

    def gate_answers(self, keys: set[str]) -> dict[str, bool]:
        """``registry.answer_gates`` for this collaboration as the acting party sees it: each
        key is asked once per request (the overview's stage list and its stage card ask for
        the same ones)."""
        answered: dict[str, bool] = self.memo.setdefault("gate_answers", {})
        asked: set[str] = self.memo.setdefault("gate_keys_asked", set())
        missing = (set(keys) & registry.gate_keys()) - asked
        if missing:
            answered.update(registry.answer_gates(self.collaboration, self.party, missing))
            asked.update(missing)
        return {key: answered[key] for key in keys if key in answered}


# The parties of a collaboration, kept on the collaboration object: the scope's is resolved
# anew for each request, and the collaborations app reads the same list
# (``accord.collaborations.selectors.active_parties``), so the overview, its cards and the
# joint plan's sections share one query.
_PARTIES = "_accord_parties"
_ACTIVE_PARTIES = "_accord_active_parties"


def collaboration_parties(collaboration: "Collaboration") -> list["Party"]:
    """Every party of the collaboration, former ones too, by joining date, with its
    organization and SER: one query, kept on the collaboration object for the request. The
    services that change a party forget it (``forget_collaboration_parties``)."""
    cached = collaboration.__dict__.get(_PARTIES)
    if cached is None:
        cached = list(
            apps.get_model("collaborations", "Party")
            .objects.in_scope(collaboration)
            .select_related("organization", "ser")
            .order_by("joined_at", "id")
        )
        collaboration.__dict__[_PARTIES] = cached
    return cached


def active_collaboration_parties(collaboration: "Collaboration") -> list["Party"]:
    """The active parties among ``collaboration_parties``, in the same order (no further
    query), kept too: the same list each time until a party changes."""
    cached = collaboration.__dict__.get(_ACTIVE_PARTIES)
    if cached is None:
        parties = collaboration_parties(collaboration)
        cached = [p for p in parties if p.status == "active"]  # PartyStatus.ACTIVE
        collaboration.__dict__[_ACTIVE_PARTIES] = cached
    return cached


def forget_collaboration_parties(collaboration: "Collaboration") -> None:
    """The next read of the collaboration's parties queries them again (no query)."""
    collaboration.__dict__.pop(_PARTIES, None)
    collaboration.__dict__.pop(_ACTIVE_PARTIES, None)


def user_memberships(user: Any) -> list["Membership"]:
    """The user's memberships with their organizations, by organization name: one query per
    request, shared by scope resolution and the organization switcher."""
    cached = getattr(user, "_accord_memberships", None)
    if cached is None:
        cached = list(
            apps.get_model("organizations", "Membership")
            .objects.filter(user=user)
            .select_related("organization")
            .order_by("organization__name", "organization_id")
        )
        user._accord_memberships = cached
    return cached


def resolve_org(user: Any, slug: str, perm: Perm = Perm.VIEW) -> OrgScope:
    """The caller's scope in organization ``slug``; Http404 if not a member."""
    if not user.is_authenticated:
        raise Http404
    membership = next((m for m in user_memberships(user) if m.organization.slug == slug), None)
    if membership is None:
        raise Http404
    scope = OrgScope(organization=membership.organization, membership=membership)
    _check_two_factor(user, scope.organization)
    if not scope.can(perm):
        raise PermissionDenied
    activate_for(scope.organization)  # the request's times in the organization's zone
    return scope


def resolve_collaboration(user: Any, pk: Any, perm: Perm = Perm.VIEW) -> CollaborationScope:
    """The caller's scope in collaboration ``pk``; Http404 unless one of the user's
    organizations is an active party. With several, the one where the user's role is highest
    (then the user's last organization) acts."""
    if not user.is_authenticated:
        raise Http404
    pk = parse_id(pk)
    if pk is None:
        raise Http404
    party_model = apps.get_model("collaborations", "Party")
    parties = list(
        party_model.objects.in_scope(pk)
        .filter(status="active", organization__memberships__user=user)  # PartyStatus.ACTIVE
        .select_related("collaboration", "organization")
    )
    if not parties:
        raise Http404
    memberships = {m.organization_id: m for m in user_memberships(user)}
    parties.sort(
        key=lambda p: (
            ROLE_RANK[memberships[p.organization_id].role],
            p.organization_id == user.last_organization_id,
        ),
        reverse=True,
    )
    party = parties[0]
    scope = CollaborationScope(
        collaboration=party.collaboration, party=party, membership=memberships[party.organization_id]
    )
    _check_two_factor(user, scope.organization)
    if not scope.can(perm):
        raise PermissionDenied
    # A joint space shows each party's people times in their own organization's zone.
    activate_for(scope.organization)
    return scope


def activate_for_user(user: Any) -> None:
    """Pages outside any organization (the account, one's actions) show times in the zone of
    the organization the person worked in last (else their first): from the memberships the
    header's organization switcher loads anyway, so no extra query."""
    memberships = user_memberships(user)
    current = next((m for m in memberships if m.organization_id == user.last_organization_id), None)
    current = current or (memberships[0] if memberships else None)
    activate_for(current.organization if current else None)


class TwoFactorRequired(PermissionDenied):
    """The organization requires two-factor sign-in and this session was opened without a
    second factor, or this API token belongs to a person who has not set it up. Pages send the
    person to set it up (or enter a code); the API answers 403. A token carries no session, so
    it is not asked for a code each time; but its owner must have set up two-factor sign-in,
    or a password alone (the token exchange) would open the organization."""

    def __init__(self, organization: "Organization"):
        super().__init__("Two-factor sign-in is required.")
        self.organization = organization


def _check_two_factor(user: Any, organization: "Organization") -> None:
    """No query for a session: the organization is loaded with the scope, and django-otp's
    middleware has already read the session's device (``user.is_verified`` exists on session
    users only). One query for a token, and only in an organization that requires it."""
    if not organization.require_two_factor:
        return
    is_verified = getattr(user, "is_verified", None)
    if is_verified is None:  # an API token
        if not user_has_device(user, confirmed=True):
            raise TwoFactorRequired(organization)
    elif not is_verified():
        raise TwoFactorRequired(organization)


def _two_factor_redirect(request: HttpRequest, organization: "Organization") -> HttpResponse:
    from django.urls import reverse
    from django.utils.http import urlencode

    request.session["two_factor_required_by"] = organization.name
    return redirect(reverse("accounts:two_factor") + "?" + urlencode({"next": request.get_full_path()}))


def _mark(view: Callable, scope: str, perm: Perm | None) -> Callable:
    view.accord_scope = scope  # type: ignore[attr-defined]
    view.accord_perm = perm  # type: ignore[attr-defined]
    return view


def org_view(perm: Perm = Perm.VIEW) -> Callable:
    """Page inside an organization: URL kwarg ``org`` (slug) becomes ``scope: OrgScope``."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, org: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            try:
                scope = resolve_org(request.user, org, perm)
            except TwoFactorRequired as required:
                return _two_factor_redirect(request, required.organization)
            if request.user.last_organization_id != scope.organization.pk:
                request.user.last_organization = scope.organization
                request.user.save(update_fields=["last_organization"])
            request.scope = scope  # type: ignore[attr-defined]
            return view(request, scope, *args, **kwargs)

        return _mark(wrapper, "org", perm)

    return decorator


def collaboration_view(perm: Perm = Perm.VIEW) -> Callable:
    """Page inside a joint space: URL kwarg ``collaboration`` (id) becomes
    ``scope: CollaborationScope``."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, collaboration: int, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            try:
                scope = resolve_collaboration(request.user, collaboration, perm)
            except TwoFactorRequired as required:
                return _two_factor_redirect(request, required.organization)
            request.scope = scope  # type: ignore[attr-defined]
            return view(request, scope, *args, **kwargs)

        return _mark(wrapper, "collaboration", perm)

    return decorator


def user_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Page of the logged-in person, outside any organization (settings, invitations)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not getattr(request.user, "email_verified", True):
            # A new account acts only once it confirmed its address (accord.accounts.verification).
            return redirect("accounts:verify_pending")
        activate_for_user(request.user)
        return view(request, *args, **kwargs)

    return _mark(wrapper, "user", None)


def public_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Page anyone may open (login, sign-up, guidance library)."""
    return _mark(view, "public", None)
