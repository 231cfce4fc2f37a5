import pytest

from accord.accounts.services import api_token_create
from accord.core.permissions import Role
from accord.relationships.models import Relationship, SegmentationCriterion
from tests.factories import RelationshipFactory


@pytest.fixture
def api(client, world):
    _token, raw = api_token_create(user=world.ana, name="test")

    def call(method, path, json=None, **params):
        return client.generic(
            method,
            "/api/v1" + path,
            data=__import__("json").dumps(json) if json is not None else "",
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
            QUERY_STRING="&".join(f"{k}={v}" for k, v in params.items()),
        )

    return call


def test_openapi_schema_and_docs(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/organizations/{org}/relationships" in schema["paths"]
    assert "BearerToken" in str(schema["components"]["securitySchemes"])
    assert client.get("/api/v1/docs").status_code == 200


def test_the_footer_links_to_the_api_docs_where_the_api_is_mounted(client, db):
    from django.urls import reverse

    from accord.core.templatetags.accord import api_docs_url

    assert api_docs_url() == reverse("api-1.0.0:openapi-view") == "/api/v1/docs"
    assert 'href="/api/v1/docs"' in client.get("/").content.decode()


def test_relationship_crud_through_the_api(api, world):
    org = world.brightwave.slug
    created = api(
        "POST",
        f"/organizations/{org}/relationships",
        {"counterpart_name": "Ferro", "kind": "supplier", "tags": ["metal"]},
    )
    assert created.status_code == 201, created.content
    entry = created.json()
    assert entry["segment"] == "unscored" and entry["tags"] == ["metal"] and entry["version"] == 1
    criteria = api("GET", f"/organizations/{org}/criteria").json()
    scored = api(
        "PUT",
        f"/organizations/{org}/relationships/{entry['id']}/scores",
        {"version": 1, "scores": [{"criterion_id": c["id"], "value": 5} for c in criteria]},
    )
    assert scored.json()["segment"] == "collaborate" and scored.json()["version"] == 2
    stale_scores = api(
        "PUT", f"/organizations/{org}/relationships/{entry['id']}/scores", {"version": 1, "scores": []}
    )
    assert stale_scores.status_code == 409
    patched = api(
        "PATCH", f"/organizations/{org}/relationships/{entry['id']}", {"status": "future", "version": 2}
    )
    assert patched.status_code == 200 and patched.json()["version"] == 3
    stale = api("PATCH", f"/organizations/{org}/relationships/{entry['id']}", {"notes": "late", "version": 2})
    assert stale.status_code == 409
    no_version = api("PATCH", f"/organizations/{org}/relationships/{entry['id']}", {"notes": "blind"})
    assert no_version.status_code == 422
    decided = api(
        "PUT",
        f"/organizations/{org}/relationships/{entry['id']}/decision",
        {"decision": "yes", "rationale": "Key supplier", "version": 3},
    )
    assert decided.json()["decision"] == "yes" and decided.json()["notes"] == ""
    assert api("DELETE", f"/organizations/{org}/relationships/{entry['id']}").status_code == 204
    assert api("GET", f"/organizations/{org}/relationships/{entry['id']}").status_code == 404


def test_api_field_errors_are_4xx(api, world):
    org = world.brightwave.slug
    bad = api("POST", f"/organizations/{org}/relationships", {"counterpart_name": "", "kind": "spaceship"})
    assert bad.status_code == 422
    assert set(bad.json()["errors"]) >= {"counterpart_name", "kind"}
    no_rationale = api(
        "PUT",
        f"/organizations/{org}/relationships/{world.entry.pk}/decision",
        {"decision": "yes", "version": 1},
    )
    assert no_rationale.status_code == 400 and "rationale" in no_rationale.json()["errors"]
    owner = api(
        "POST",
        f"/organizations/{org}/relationships",
        {"counterpart_name": "X", "kind": "customer", "owner_email": "mallory@globex.test"},
    )
    assert owner.status_code == 400 and "owner_email" in owner.json()["errors"]
    dup = api("POST", f"/organizations/{org}/criteria", {"name": "Risk"})
    assert dup.status_code == 400


def test_api_list_filters_like_the_page(api, world):
    org = world.brightwave
    for i in range(12):
        RelationshipFactory(organization=org, kind="customer" if i % 3 == 0 else "supplier")
    page = api("GET", f"/organizations/{org.slug}/relationships", page_size=5).json()
    assert page["count"] == 13 and len(page["items"]) == 5 and page["pages"] == 3
    customers = api("GET", f"/organizations/{org.slug}/relationships", kind="customer").json()
    assert customers["count"] == 4
    sorted_desc = api("GET", f"/organizations/{org.slug}/relationships", sort="-counterpart_name").json()
    names = [e["counterpart_name"] for e in sorted_desc["items"]]
    assert names == sorted(names, reverse=True)
    bad = api("GET", f"/organizations/{org.slug}/relationships", sort="nonsense")
    assert bad.status_code == 400


@pytest.mark.parametrize("rows", [3, 60])
def test_api_list_query_count_is_bounded(api, world, django_assert_max_num_queries, rows):
    for _ in range(rows):
        RelationshipFactory(organization=world.brightwave)
    with django_assert_max_num_queries(9):
        assert (
            api("GET", f"/organizations/{world.brightwave.slug}/relationships", page_size=100).status_code
            == 200
        )
    with django_assert_max_num_queries(6):
        assert api("GET", "/organizations").status_code == 200
    with django_assert_max_num_queries(7):
        assert api("GET", "/collaborations").status_code == 200
    with django_assert_max_num_queries(8):
        assert api("GET", f"/collaborations/{world.collaboration.pk}/parties").status_code == 200


def test_collaboration_api(api, world, client):
    org = world.brightwave.slug
    created = api(
        "POST",
        f"/organizations/{org}/collaborations",
        {"name": "Cluster", "working_model": "network", "from_relationship_id": world.entry.pk},
    )
    assert created.status_code == 201
    cid = created.json()["id"]
    assert [c["name"] for c in api("GET", "/collaborations").json()] == ["Cluster", "Rail bid"]
    invited = api("POST", f"/collaborations/{cid}/invitations", {"email": "jo@lumen.test"})
    assert invited.status_code == 201
    # Moving back needs no gate; a second edit from the same stale version is a conflict.
    moved = api("PATCH", f"/collaborations/{cid}", {"stage": 3, "version": 1})
    assert api("PATCH", f"/collaborations/{cid}", {"stage": 2, "version": 1}).status_code == 409
    assert moved.json()["stage"] == 3
    # Moving on past an unmet gate is refused with the reason (an SER may override on the page).
    onward = api("PATCH", f"/collaborations/{cid}", {"stage": 6, "version": 2})
    assert onward.status_code == 400
    parties = api("GET", f"/collaborations/{world.collaboration.pk}/parties").json()
    assert {p["organization_name"] for p in parties} == {"Brightwave Engineering", "Lumen Coatings"}
    assert "notes" not in str(parties)


def test_member_role_api_keeps_an_owner(api, world):
    from accord.organizations.models import Membership

    org = world.brightwave.slug
    members = api("GET", f"/organizations/{org}/members").json()
    ana = next(m for m in members if m["email"] == "ana@brightwave.test")
    assert api("PATCH", f"/organizations/{org}/members/{ana['id']}", {"role": "viewer"}).status_code == 400
    viewer = Membership.objects.get(user=world.roles[Role.VIEWER])
    assert (
        api("PATCH", f"/organizations/{org}/members/{viewer.pk}", {"role": "contributor"}).json()["role"]
        == "contributor"
    )


def test_session_auth_needs_csrf_for_writes(world):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(world.ana)
    assert csrf_client.get(f"/api/v1/organizations/{world.brightwave.slug}").status_code == 200
    response = csrf_client.post(
        f"/api/v1/organizations/{world.brightwave.slug}/relationships",
        {"counterpart_name": "X", "kind": "customer"},
        content_type="application/json",
    )
    assert response.status_code in {401, 403}
    assert Relationship.objects.in_scope(world.brightwave).count() == 1
    assert SegmentationCriterion.objects.in_scope(world.brightwave).count() == 4
