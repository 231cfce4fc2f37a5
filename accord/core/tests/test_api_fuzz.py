"""Schema-driven fuzzing of the whole API (schemathesis): every operation of the OpenAPI
schema gets generated input, valid and not, from a caller of every role inside the scope, the
partner and an outsider. No answer may be a server error, and every documented answer must
match the schema. Bounded to about a minute for the whole API (see MAX_EXAMPLES)."""

import itertools

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from accord.accounts.services import api_token_create

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

# Each generated request goes out as the next caller in turn: with as many examples as callers,
# every operation is tried by every role, the partner and the outsider.
MAX_EXAMPLES = 7


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Calling the WSGI app fires request_started/finished, whose close_old_connections would
    close the test's connection (it is inside the test's transaction); Django's test client
    disconnects them the same way."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def callers(world):
    """Bearer headers of Brightwave's people (one per role), its partner and an outsider, and
    the path values that put generated requests inside the shared world."""
    people = {f"brightwave-{role}": user for role, user in world.roles.items()}
    people["lumen-owner"] = world.jo
    people["globex-owner"] = world.mallory
    headers = {
        name: {"Authorization": f"Bearer {api_token_create(user=user, name='fuzz')[1]}"}
        for name, user in people.items()
    }
    paths = {"org": world.brightwave.slug, "collaboration_id": world.collaboration.pk}
    return itertools.cycle(headers.items()), paths


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_never_fails_and_matches_its_schema(case, callers):
    headers, paths = callers
    if case.path_parameters:
        for name, value in paths.items():
            if name in case.path_parameters:
                case.path_parameters[name] = value
    who, auth = next(headers)
    response = case.call(headers=auth)
    assert response.status_code < 500, f"{who}: {case.method} {case.formatted_path} -> {response.status_code}"
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
