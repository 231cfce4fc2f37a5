"""Property-based: junk posted to every form and every API operation never gives a 500."""

import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.accounts.services import api_token_create
from accord.core.tests.test_scope_matrix import API_OPERATIONS, PAGE_ROUTES, Setting
from config.api import api

FIELDS = [
    "name",
    "email",
    "role",
    "counterpart_name",
    "kind",
    "status",
    "owner",
    "contacts",
    "notes",
    "tags",
    "version",
    "decision",
    "rationale",
    "weight",
    "position",
    "description",
    "working_model",
    "stage",
    "message",
    "organization",
    "new_organization_name",
    "ser",
    "confirm",
    "sector",
    "size_class",
    "country",
    "market",
    "stakeholders",
    "vision",
    "values",
    "password",
    "full_name",
    "organization_name",
    "organization_name",
    "create_token",
    "username",
    "next",
    "from",
    "c1",
    "c2",
    "page",
    "q",
    "sort",
    "party",
]
junk_scalar = st.one_of(
    st.text(max_size=300),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", "0", "-1", "yes", "new", "owner", "99999999999999999999", "1e309", "\x00", "null"]),
)
junk_form = st.dictionaries(st.sampled_from(FIELDS), junk_scalar, max_size=10)
junk_json = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False),
        st.text(max_size=200),
    ),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=20), inner, max_size=4),
    max_leaves=12,
)

FORM_ROUTES = [r for r in PAGE_ROUTES if r.view.accord_scope in {"org", "collaboration", "user", "public"}]
BODY_OPERATIONS = [(p, m, op) for p, m, op in API_OPERATIONS if m in {"POST", "PUT", "PATCH"}]
COMPONENTS = api.get_openapi_schema()["components"]["schemas"]
HYPOTHESIS = settings(
    max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


@pytest.mark.parametrize("route", FORM_ROUTES, ids=[r.name for r in FORM_ROUTES])
def test_junk_posted_to_pages_never_errors(route, client, world):
    setting = Setting(world)
    url = reverse(route.name, kwargs=setting.page_kwargs(route))
    client.force_login(world.ana)

    @HYPOTHESIS
    @given(data=junk_form)
    def post(data):
        response = client.post(url, data)
        assert response.status_code < 500, (url, data)
        query = client.get(url, data)
        assert query.status_code < 500, (url, data)

    post()


@pytest.mark.parametrize("path,method,op", BODY_OPERATIONS, ids=[f"{m} {p}" for p, m, _ in BODY_OPERATIONS])
def test_junk_sent_to_api_never_errors(path, method, op, client, world):
    setting = Setting(world)
    url = "/api/v1" + setting.api_params(path.removeprefix("/api/v1"))
    _token, raw = api_token_create(user=world.ana, name="fuzz")
    schema = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    if schema.get("type") == "array":
        schema = schema["items"]
    if "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    names = list(schema.get("properties", {})) or ["name", "email", "value", "criterion_id"]
    shaped = st.dictionaries(st.sampled_from(names), junk_json, max_size=len(names))

    @HYPOTHESIS
    @given(body=st.one_of(shaped, junk_json, st.lists(shaped, max_size=3)))
    def send(body):
        response = client.generic(
            method,
            url,
            data=json.dumps(body),
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )
        assert response.status_code < 500, (url, body, response.content[:300])

    send()
