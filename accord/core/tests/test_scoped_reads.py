"""Reading a page writes nothing (issue 13): the organization a person last worked in is
remembered only when it changes, and no session or user row is saved on a plain GET."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.organizations.models import Membership

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _writes(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]


@pytest.fixture
def pages(world) -> list[str]:
    org, collaboration = world.brightwave.slug, world.collaboration.pk
    return [
        reverse("organizations:dashboard", args=[org]),
        reverse("relationships:list", args=[org]),
        reverse("relationships:detail", args=[org, world.entry.pk]),
        reverse("relationships:matrix", args=[org]),
        reverse("collaborations:list", args=[org]),
        reverse("collaborations:overview", args=[collaboration]),
        f"/api/v1/organizations/{org}/relationships",
    ]


def test_scoped_pages_write_nothing_once_the_organization_is_remembered(client, world, pages):
    client.force_login(world.ana)
    client.get(pages[0])  # the first visit may remember the organization
    for path in pages:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200, path
        assert _writes(captured) == [], path


def test_switching_organization_writes_the_user_row_once(client, world, pages):
    Membership.objects.create(organization=world.globex, user=world.ana, role="viewer")
    client.force_login(world.ana)
    client.get(pages[0])
    globex = reverse("organizations:dashboard", args=[world.globex.slug])
    with CaptureQueriesContext(connection) as captured:
        client.get(globex)
    writes = _writes(captured)
    assert len(writes) == 1 and "accounts_user" in writes[0] and "last_organization" in writes[0]
    with CaptureQueriesContext(connection) as captured:
        client.get(globex)
        client.get(reverse("relationships:list", args=[world.globex.slug]))
    assert _writes(captured) == []
    world.ana.refresh_from_db()
    assert world.ana.last_organization_id == world.globex.pk
