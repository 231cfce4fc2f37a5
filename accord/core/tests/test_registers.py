"""The register kit, through two registers built with it: the organization's resources
(private) and the contributions register (joint, each party changes its own records)."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accord.accounts.services import api_token_create
from accord.core.registry import registry
from accord.plans.models import Contribution, ResourceCommitment
from accord.plans.tests.helpers import party


def _token(user):
    return {"Authorization": f"Bearer {api_token_create(user=user, name='t')[1]}"}


def _resources(org, n, **extra):
    ResourceCommitment.objects.bulk_create(
        [
            ResourceCommitment(organization=org, kind="people", description=f"Resource {i:03d}", **extra)
            for i in range(n)
        ]
    )


def test_every_kit_register_is_in_its_scopes_history_export():
    for register in registry.registers():
        assert register.model in registry.history_models(register.scope), register.name


def test_list_is_paginated_searchable_sortable_in_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    org = world.brightwave
    client.force_login(world.ana)
    url = reverse("plans:resources", args=[org.slug])
    _resources(org, 3)
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    _resources(org, 120, capacity="x")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "123 records" in text and "Page 1 of 5" in text
    found = client.get(url, {"q": "Resource 05"}).content.decode()
    assert "Resource 050" in found and "Resource 060" not in found
    newest_first = client.get(url, {"sort": "-description"}).content.decode()
    assert newest_first.index("Resource 119") < newest_first.index("Resource 118")
    assert "Nothing matches" in client.get(url, {"q": "zzz"}).content.decode()
    # Junk in the query string is ignored, never a 500.
    assert client.get(url, {"sort": "password", "page": "x", "kind": "nope"}).status_code == 200


def test_invalid_input_is_422_and_changes_nothing(client, world):
    org = world.brightwave
    client.force_login(world.ana)
    url = reverse("plans:resources_add", args=[org.slug])
    response = client.post(url, {"kind": "people", "description": "Line one\nLine two"})
    assert response.status_code == 422
    assert "single line" in response.content.decode()
    assert "Line one" in response.content.decode()  # what was typed is kept
    assert not ResourceCommitment.objects.in_scope(org).exists()


def test_a_stale_edit_is_409_and_shows_what_was_saved_meanwhile(client, world):
    org = world.brightwave
    item = ResourceCommitment.objects.create(organization=org, kind="people", description="Old")
    client.force_login(world.ana)
    url = reverse("plans:resources_edit", args=[org.slug, item.pk])
    first = {"kind": "people", "description": "Mine", "version": item.version}
    assert client.post(url, first).status_code == 302
    response = client.post(url, {"kind": "people", "description": "Theirs", "version": item.version})
    assert response.status_code == 409
    assert "Mine" in response.content.decode()  # the stored value, shown beside the form
    assert ResourceCommitment.objects.in_scope(org).get().description == "Mine"


def test_exports_hold_what_is_filtered_and_survive_control_characters(client, world):
    org = world.brightwave
    ResourceCommitment.objects.create(organization=org, kind="people", description="=cmd|' /C calc'!A0")
    ResourceCommitment.objects.create(
        organization=org, kind="system", description="ERP", capability="bell\x07 escape\x1b"
    )
    client.force_login(world.ana)
    base = reverse("plans:resources_export", args=[org.slug, "csv"])
    rows = list(csv.reader(io.StringIO(b"".join(client.get(base).streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["Kind", "What"]
    assert rows[1][:2] == ["People", "'=cmd|' /C calc'!A0"] or rows[2][:2] == [
        "People",
        "'=cmd|' /C calc'!A0",
    ]
    filtered = b"".join(client.get(base, {"kind": "system"}).streaming_content).decode("utf-8-sig")
    assert "ERP" in filtered and "calc" not in filtered
    xlsx = client.get(reverse("plans:resources_export", args=[org.slug, "xlsx"]))
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:2] == ["Kind", "What"] and len(values) == 3
    assert client.get(reverse("plans:resources_export", args=[org.slug, "pdf"])).status_code == 404


def test_one_party_changes_only_its_own_records_everyone_sees_them(client, world):
    c = world.collaboration
    item = Contribution.objects.create(
        collaboration=c, party=party(world, world.brightwave), kind="equipment", description="Fixture"
    )
    client.force_login(world.jo)
    listing = client.get(reverse("plans:jrmp_contributions", args=[c.pk])).content.decode()
    assert "Fixture" in listing
    assert reverse("plans:jrmp_contributions_edit", args=[c.pk, item.pk]) not in listing
    edit = reverse("plans:jrmp_contributions_edit", args=[c.pk, item.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"kind": "asset", "description": "Mine now", "version": 1}).status_code == 404
    api = f"/api/v1/collaborations/{c.pk}/contributions/{item.pk}"
    assert client.get(api, headers=_token(world.jo)).status_code == 200
    assert (
        client.patch(api, '{"version": 1, "description": "x"}', "application/json", headers=_token(world.jo))
    ).status_code == 404
    assert client.delete(api, headers=_token(world.jo)).status_code == 404
    assert Contribution.objects.in_scope(c).get().description == "Fixture"


def test_api_list_create_patch_delete(client, world):
    org = world.brightwave
    headers = _token(world.ana)
    url = f"/api/v1/organizations/{org.slug}/resources"
    created = client.post(
        url, {"kind": "people", "description": "  Ben  "}, "application/json", headers=headers
    )
    assert created.status_code == 201 and created.json()["description"] == "Ben"
    item = created.json()
    for bad in ({"kind": "people", "description": "   "}, {"kind": "people", "description": "a\nb"}):
        assert client.post(url, bad, "application/json", headers=headers).status_code == 422
    listing = client.get(url, {"page_size": 1, "q": "Ben"}, headers=headers).json()
    assert listing["count"] == 1 and listing["items"][0]["id"] == item["id"]
    one = f"{url}/{item['id']}"
    patched = client.patch(
        one,
        json.dumps({"version": item["version"], "capacity": "1 day"}),
        "application/json",
        headers=headers,
    )
    assert patched.status_code == 200 and patched.json()["capacity"] == "1 day"
    stale = client.patch(
        one,
        json.dumps({"version": item["version"], "capacity": "2 days"}),
        "application/json",
        headers=headers,
    )
    assert stale.status_code == 409
    assert client.delete(one, headers=headers).status_code == 204
    assert client.get(one, headers=headers).status_code == 404


@pytest.mark.parametrize("page_size", [1, 100])
def test_api_list_query_count_does_not_grow(client, world, page_size, django_assert_max_num_queries):
    org = world.brightwave
    _resources(org, 150)
    with django_assert_max_num_queries(8):
        response = client.get(
            f"/api/v1/organizations/{org.slug}/resources", {"page_size": page_size}, headers=_token(world.ana)
        )
    assert len(response.json()["items"]) == page_size


def test_a_delete_a_rule_refuses_says_why_and_keeps_the_record(client, world, monkeypatch):
    from accord.core.errors import ApplicationError
    from accord.plans.registers import resources

    org = world.brightwave
    item = ResourceCommitment.objects.create(organization=org, kind="people", description="Kept")

    def refuse(scope, obj, user):
        raise ApplicationError("This resource is still in use.")

    monkeypatch.setattr(resources, "delete", refuse)
    client.force_login(world.ana)
    response = client.post(reverse("plans:resources_delete", args=[org.slug, item.pk]), follow=True)
    assert response.status_code == 200 and "This resource is still in use." in response.content.decode()
    assert ResourceCommitment.objects.in_scope(org).filter(pk=item.pk).exists()
