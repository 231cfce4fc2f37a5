"""Every page and every API operation, as every kind of caller.

Routes are read from the URL configuration and the OpenAPI schema, so a route added later is
covered without anyone remembering: it must declare its scope (org_view, collaboration_view,
user_view, public_view, ScopedRouter.scoped) or this test fails.

Expected: anonymous → login (pages) or 401 (API); outsiders (Globex, a member of the partner
for private routes, a party that left) → 404; members without the role → 403; members with
the role → the page.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from accord.accounts.services import api_token_create
from accord.collaborations.models import Party, PartyStatus
from accord.core.permissions import Perm, Role, role_allows
from accord.core.registry import registry
from accord.core.scoping import resolve_collaboration, resolve_org
from accord.organizations.models import MemberInvitation, Membership
from accord.relationships.models import SegmentationCriterion
from config.api import api
from tests.factories import UserFactory, make_org


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    params: tuple[str, ...]
    view: Any


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> list[Route]:
    routes = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith("api/"):
                continue  # the API is checked from its OpenAPI schema below
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            routes += _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            routes.append(
                Route(
                    name=namespace + (entry.name or ""),
                    pattern=prefix + str(entry.pattern),
                    params=tuple(entry.pattern.converters) if hasattr(entry.pattern, "converters") else (),
                    view=entry.callback,
                )
            )
    return routes


PAGE_ROUTES = _walk(get_resolver().url_patterns)
API_OPERATIONS = [
    (path, method.upper(), op)
    for path, methods in api.get_openapi_schema()["paths"].items()
    for method, op in methods.items()
]


class Setting:
    """The shared world plus the ids each URL parameter takes."""

    def __init__(self, world: Any):
        self.world = world
        org = world.brightwave
        self.criterion = SegmentationCriterion.objects.in_scope(org).first()
        self.membership = Membership.objects.get(organization=org, user=world.roles[Role.VIEWER])
        self.invitation = MemberInvitation.objects.create(
            organization=org, email="x@example.test", token_hash="0" * 64, expires_at="2099-01-01T00:00Z"
        )
        from accord.collaborations.models import PartyInvitation

        self.party_invitation = PartyInvitation.objects.create(
            collaboration=world.collaboration,
            email="y@example.test",
            token_hash="1" * 64,
            invited_by_organization=org,
            expires_at="2099-01-01T00:00Z",
        )
        from accord.plans.models import BusinessCase

        self.business_case = BusinessCase.objects.create(organization=org, title="Rail bid")
        # One record of every register built with the register kit, made from its ``sample``
        # by Brightwave's owner (in the joint space, for Brightwave's party).
        # Made when a route asks for it (one register's record per test, not all of them).
        self._samples: dict[str, Any] = {}
        from accord.plans.services import plan_working_version

        plan_working_version(owner=org)
        plan_working_version(owner=world.collaboration)
        # A firm that took part and left: its members are outsiders now.
        self.departed = UserFactory(email="dee@departed.test")
        departed_org = make_org("Departed Ltd", self.departed)
        Party.objects.create(
            collaboration=world.collaboration, organization=departed_org, status=PartyStatus.LEFT
        )

    def sample(self, register: Any) -> Any:
        """A record of ``register`` made from its ``sample`` by Brightwave's owner (in the
        joint space, for Brightwave's party)."""
        key = register.url_name()
        # A register's sample may need one of an earlier register of its app (a value
        # estimate needs an initiative): those are made first, in registration order.
        for earlier in registry.registers():
            if earlier is register:
                break
            if earlier.app == register.app and earlier.url_name() not in self._samples:
                self._make(earlier)
        if key not in self._samples:
            self._make(register)
        return self._samples[key]

    def _make(self, register: Any) -> None:
        key = register.url_name()
        if key not in self._samples:
            w = self.world
            scope = (
                resolve_org(w.ana, w.brightwave.slug)
                if register.scope == "org"
                else resolve_collaboration(w.ana, w.collaboration.pk)
            )
            self._samples[key] = register.create(scope, dict(register.sample), w.ana)

    def document_build(self, name: str) -> Any:
        """A plan document being built (the RMP's or the JRMP's), for its progress page."""
        from accord.plans import builds

        owner = self.world.brightwave if name.startswith("plans:rmp_") else self.world.collaboration
        model = builds.document_model(builds.kind_of(owner))
        from accord.plans.services import plan_working_version

        working = plan_working_version(owner=owner)
        return model.objects.create(
            **{model.scope_field: owner},
            version=working,
            fmt="pdf",
            language="en",
            plan_status=working.status,
        ).pk

    def page_kwargs(self, route: Route) -> dict[str, Any]:
        w = self.world
        pk_by_route = {
            "organizations:member_role": self.membership.pk,
            "organizations:member_remove": self.membership.pk,
            "organizations:member_invitation_revoke": self.invitation.pk,
            "collaborations:invitation_revoke": self.party_invitation.pk,
            "relationships:criterion_edit": self.criterion.pk,
            "relationships:criterion_delete": self.criterion.pk,
            "accounts:token_revoke": 999999,
            "plans:business_case": self.business_case.pk,
            "plans:business_case_edit": self.business_case.pk,
            "plans:business_case_print": self.business_case.pk,
            "plans:business_case_pdf": self.business_case.pk,
            "plans:business_case_docx": self.business_case.pk,
            "plans:business_case_delete": self.business_case.pk,
        }
        register = getattr(route.view, "accord_register", None)
        if register is not None:
            pk_by_route[route.name] = self.sample(register).pk
        values = {
            "org": w.brightwave.slug,
            "collaboration": w.collaboration.pk,
            "pk": pk_by_route.get(route.name, w.entry.pk),
            "key": "context" if route.name.startswith("plans:") else "relationship_management",
            "number": 1,
            "token": "not-a-real-token",
            "uidb64": "MQ",
            "fmt": "csv",
            "build": self.document_build(route.name) if route.name.endswith("_build") else None,
        }
        missing = [p for p in route.params if p not in values]
        assert not missing, f"{route.name}: teach the scope test a value for {missing}"
        return {p: values[p] for p in route.params}

    def api_params(self, path: str) -> str:
        values = {
            "org": self.world.brightwave.slug,
            "collaboration_id": self.world.collaboration.pk,
            "entry_id": self.world.entry.pk,
            "criterion_id": self.criterion.pk,
            "member_id": self.membership.pk,
            "token_id": 999999,
            "number": 1,
            "key": "context",
            "case_id": self.business_case.pk,
            "mitigation_id": 999999,  # a risk's mitigation: outsiders 404 before any lookup
        }
        for register in registry.registers():
            if register.api_id and "{" + register.api_id + "}" in path:
                values[register.api_id] = self.sample(register).pk
        for key, value in values.items():
            path = path.replace("{" + key + "}", str(value))
        assert "{" not in path, f"teach the scope test a value for {path}"
        return path


def _owned_by_one_party(route: Route) -> bool:
    """A joint record that belongs to one party: every party sees it, only its own party
    edits or removes it (another party gets 404)."""
    register = getattr(route.view, "accord_register", None)
    return bool(register and register.own_party and route.name.endswith(("_edit", "_delete")))


def _insiders(world: Any, scope: str) -> dict[str, tuple[Any, str]]:
    """Callers inside the scope, with the role they act with."""
    people = {f"brightwave-{role}": (user, role) for role, user in world.roles.items()}
    if scope == "collaboration":
        people["lumen-owner"] = (world.jo, Role.OWNER)
        people["lumen-viewer"] = (world.lou, Role.VIEWER)
    return people


def _outsiders(world: Any, setting: Setting, scope: str) -> dict[str, Any]:
    people = {"globex-owner": world.mallory, "departed-owner": setting.departed}
    if scope == "org":
        people["partner-owner"] = world.jo  # a partner never sees the other's private data
    return people


def _path(route: Route, kwargs: dict[str, Any]) -> str:
    from django.urls import reverse

    return reverse(route.name, kwargs=kwargs)


def test_every_page_route_declares_its_scope():
    undeclared = [r.name for r in PAGE_ROUTES if not hasattr(r.view, "accord_scope")]
    assert not undeclared, f"routes without org_view/collaboration_view/user_view/public_view: {undeclared}"


def test_every_api_operation_declares_its_scope():
    undeclared = [f"{m} {p}" for p, m, op in API_OPERATIONS if "x-accord-scope" not in op]
    assert not undeclared, f"API operations not registered through ScopedRouter.scoped: {undeclared}"


@pytest.mark.parametrize("route", PAGE_ROUTES, ids=[r.name for r in PAGE_ROUTES])
def test_page_route_scope(route, client, world):
    setting = Setting(world)
    scope, perm = route.view.accord_scope, route.view.accord_perm
    url = _path(route, setting.page_kwargs(route))

    anonymous = client.get(url)
    if scope in {"org", "collaboration", "user"}:
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"], url
    else:
        assert anonymous.status_code < 500

    if scope in {"public", "user"}:
        client.force_login(world.mallory)
        assert client.get(url).status_code < 500
        return

    for name, user in _outsiders(world, setting, scope).items():
        client.force_login(user)
        assert client.get(url).status_code == 404, f"{name} GET {url}"
        assert client.post(url, {"name": "x", "role": "owner"}).status_code == 404, f"{name} POST {url}"

    for name, (user, role) in _insiders(world, scope).items():
        client.force_login(user)
        response = client.get(url)
        if role_allows(role, perm):
            # A record one party owns (Brightwave's here) is edited by that party only.
            other_party = _owned_by_one_party(route) and name.startswith("lumen-")
            expected = {404} if other_party and route.name.endswith("_edit") else {200, 405}
            assert response.status_code in expected, f"{name} GET {url}: {response.status_code}"
            if other_party:  # and it cannot change or remove it either
                assert client.post(url, {}).status_code == 404, f"{name} POST {url}"
        else:
            assert response.status_code == 403, f"{name} GET {url}: {response.status_code}"
            assert client.post(url, {}).status_code == 403, f"{name} POST {url}"


@pytest.mark.parametrize("path,method,op", API_OPERATIONS, ids=[f"{m} {p}" for p, m, _ in API_OPERATIONS])
def test_api_operation_scope(path, method, op, client, world):
    setting = Setting(world)
    scope, perm = op["x-accord-scope"], op.get("x-accord-perm")
    url = "/api/v1" + setting.api_params(path.removeprefix("/api/v1"))

    def call(user: Any | None) -> Any:
        headers = {}
        if user is not None:
            _token, raw = api_token_create(user=user, name="scope test")
            headers["Authorization"] = f"Bearer {raw}"
        return client.generic(method, url, data="{}", content_type="application/json", headers=headers)

    if scope == "public":
        assert call(None).status_code < 500
        return
    assert call(None).status_code == 401, f"anonymous {method} {url}"
    if scope == "user":
        assert call(world.mallory).status_code < 500
        return

    for name, user in _outsiders(world, setting, scope).items():
        assert call(user).status_code == 404, f"{name} {method} {url}"

    for name, (user, role) in _insiders(world, scope).items():
        allowed = role_allows(role, Perm(perm))
        if method == "GET":
            assert call(user).status_code == (200 if allowed else 403), f"{name} {method} {url}"
        elif not allowed:
            assert call(user).status_code == 403, f"{name} {method} {url}"


REFUSALS = ('class="form-errors"', 'class="field-error"')


@pytest.mark.parametrize(
    "route",
    [r for r in PAGE_ROUTES if getattr(r.view, "accord_scope", None) in {"org", "collaboration"}],
    ids=lambda r: r.name,
)
def test_a_refused_form_answers_422_on_every_page(route, client, world):
    """One rule for pages (issue 8, defect 11): a submitted form that is refused answers 422
    (a conflict 409), never 200 or 400, so a person, HTMX and a test all see the refusal."""
    setting = Setting(world)
    url = _path(route, setting.page_kwargs(route))
    client.force_login(world.ana)  # Brightwave's owner may do everything in both scopes
    response = client.post(url, {"version": "1"})
    streamed = getattr(response, "streaming", False)
    body = "" if streamed else response.content.decode(errors="replace")
    refused = any(marker in body for marker in REFUSALS)
    assert response.status_code != 400, f"{route.name}: 400 for a refused form"
    if refused:
        assert response.status_code in {409, 422, 429}, f"{route.name}: {response.status_code} with errors"
