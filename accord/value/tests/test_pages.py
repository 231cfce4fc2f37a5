"""Value creation pages and API: the register, the initiative page, the overview with its
charts; each party changes only its own records; outsiders get 404; query counts stay flat."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accord.collaborations.models import Party, PartyStatus
from accord.value import services
from accord.value.models import (
    InitiativeStatus,
    ValueDefinition,
    ValueEstimate,
    ValueInitiative,
    ValueRealisation,
)
from accord.value.tests.helpers import initiative, money, parties
from tests.factories import UserFactory, make_org


def _fill(world, n: int) -> None:
    bw, lumen = parties(world)
    for i in range(n):
        item = initiative(world, bw if i % 2 else lumen, f"Idea {i}", "cost" if i % 3 else "market")
        services.estimate_set(initiative=item, party=bw, data=money(str(100 + i), "EUR" if i % 4 else "GBP"))
        services.estimate_set(
            initiative=item, party=lumen, data={"kind": "quantity", "amount": Decimal(3), "unit": "h"}
        )
        services.realisation_add(
            initiative=item,
            party=bw,
            data={
                "amount": Decimal(10),
                "evidence": "invoice",
                "realised_on": date(2025 + i % 2, 1 + i % 12, 1),
            },
        )


def _url(name: str, world, *args) -> str:
    return reverse(name, args=[world.collaboration.pk, *args])


def test_empty_pages_say_what_to_do(client, world):
    client.force_login(world.ana)
    page = client.get(_url("value:overview", world)).content.decode()
    assert "Add the first idea to the value register" in page
    assert "Say what value means to you" in page
    page = client.get(_url("value:initiatives", world)).content.decode()
    assert "No idea or initiative yet" in page


def test_add_initiative_then_record_values_and_move_status(client, world):
    bw, lumen = parties(world)
    client.force_login(world.ana)
    response = client.post(
        _url("value:initiatives_add", world),
        {
            "title": "Shared van",
            "category": "cost",
            "proposed_on": "2026-01-05",
            "owner_party": lumen.pk,
            "owner_name": "Jo",
        },
    )
    assert response.status_code == 302
    item = ValueInitiative.objects.in_scope(world.collaboration).get()
    assert item.proposer == bw and item.owner_party == lumen and item.status == "idea"
    detail = _url("value:initiative", world, item.pk)
    response = client.post(
        _url("value:estimate", world, item.pk),
        {"expected-kind": "money", "expected-amount": "1200", "expected-currency": "eur"},
    )
    assert response.status_code == 302, response.content.decode()
    assert ValueEstimate.objects.in_scope(world.collaboration).get().currency == "EUR"
    response = client.post(
        _url("value:realisation_add", world, item.pk),
        {
            "realised-amount": "300",
            "realised-evidence": "Fuel invoices",
            "realised-realised_on": "2026-02-01",
        },
    )
    assert response.status_code == 302
    realised = ValueRealisation.objects.in_scope(world.collaboration).get()
    assert realised.currency == "EUR" and realised.party == bw
    # Invalid input keeps the form (422).
    response = client.post(
        _url("value:estimate", world, item.pk), {"expected-kind": "money", "expected-amount": "5"}
    )
    assert response.status_code == 422
    # Status: one step at a time; a skipped step is refused with the allowed ones named.
    response = client.post(
        _url("value:initiative_status", world, item.pk), {"status": "realised", "version": item.version}
    )
    assert response.status_code == 422 and "cannot become realised" in response.content.decode()
    response = client.post(
        _url("value:initiative_status", world, item.pk), {"status": "assessed", "version": item.version}
    )
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "1\u202f200 EUR" in page or "1,200.00 EUR" in page
    assert "Fuel invoices" in page and "Assessed" in page
    # A stale version: 409.
    response = client.post(
        _url("value:initiative_status", world, item.pk), {"status": "approved", "version": item.version}
    )
    assert response.status_code == 409


def test_a_party_cannot_change_another_partys_records(client, world):
    bw, lumen = parties(world)
    item = initiative(world, bw)
    definition = services.definition_create(
        collaboration=world.collaboration, party=bw, data={"statement": "Ours"}
    )
    estimate = services.estimate_set(initiative=item, party=bw, data=money("10"))
    realised = services.realisation_add(
        initiative=item, party=bw, data={"amount": Decimal(1), "evidence": "x"}
    )
    client.force_login(world.jo)  # Lumen's owner
    for name, pk in (
        ("definitions", definition.pk),
        ("estimates", estimate.pk),
        ("realisations", realised.pk),
    ):
        assert client.get(_url(f"value:{name}_edit", world, pk)).status_code == 404
        assert (
            client.post(
                _url(f"value:{name}_edit", world, pk), {"statement": "Theirs", "version": 1}
            ).status_code
            == 404
        )
        assert client.post(_url(f"value:{name}_delete", world, pk)).status_code == 404
    # Lumen's expected value through the initiative's page is Lumen's own, never Brightwave's.
    client.post(
        _url("value:estimate", world, item.pk),
        {"expected-kind": "money", "expected-amount": "7", "expected-currency": "EUR"},
    )
    assert ValueEstimate.objects.in_scope(world.collaboration).get(party=bw).amount == Decimal(10)
    assert ValueEstimate.objects.in_scope(world.collaboration).get(party=lumen).amount == Decimal(7)
    assert ValueDefinition.objects.in_scope(world.collaboration).get().statement == "Ours"
    # API: another party's record answers 404 on PATCH and DELETE.
    for path, pk in (
        ("definitions", definition.pk),
        ("estimates", estimate.pk),
        ("realisations", realised.pk),
    ):
        url = f"/api/v1/collaborations/{world.collaboration.pk}/value/{path}/{pk}"
        assert (
            client.patch(url, data=json.dumps({"version": 1}), content_type="application/json").status_code
            == 404
        )
        assert client.delete(url).status_code == 404
        assert client.get(url).status_code == 200  # but reads it


def test_viewer_cannot_record_values(client, world):
    bw, _ = parties(world)
    item = initiative(world, bw)
    client.force_login(world.lou)  # Lumen's viewer
    assert client.post(_url("value:estimate", world, item.pk), {}).status_code == 403
    assert client.post(_url("value:realisation_add", world, item.pk), {}).status_code == 403
    client.force_login(world.roles["contributor"])
    assert (
        client.post(
            _url("value:initiative_status", world, item.pk), {"status": "assessed", "version": 1}
        ).status_code
        == 403
    )


@pytest.mark.parametrize("who", ["mallory", "departed"])
def test_outsiders_get_404(client, world, who):
    bw, _ = parties(world)
    item = initiative(world, bw)
    if who == "mallory":
        user = world.mallory
    else:
        user = UserFactory(email="dee@departed.test")
        Party.objects.create(
            collaboration=world.collaboration,
            organization=make_org("Departed", user),
            status=PartyStatus.LEFT,
        )
    client.force_login(user)
    for name, args in (
        ("value:overview", ()),
        ("value:initiative", (item.pk,)),
        ("value:initiatives", ()),
        ("value:initiative_status", (item.pk,)),
        ("value:estimate", (item.pk,)),
        ("value:estimate_delete", (item.pk,)),
        ("value:realisation_add", (item.pk,)),
    ):
        assert client.get(_url(name, world, *args)).status_code == 404, name
        assert client.post(_url(name, world, *args), {}).status_code == 404, name
    base = f"/api/v1/collaborations/{world.collaboration.pk}/value"
    assert client.get(f"{base}/totals").status_code == 404
    response = client.post(f"{base}/initiatives/{item.pk}/status", data="{}", content_type="application/json")
    assert response.status_code == 404


def test_api_create_patch_conflict_and_status(client, world):
    bw, lumen = parties(world)
    client.force_login(world.ana)
    base = f"/api/v1/collaborations/{world.collaboration.pk}/value"
    response = client.post(
        f"{base}/initiatives",
        data=json.dumps({"title": "Van", "category": "cost", "owner_party_id": lumen.pk}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["status"] == "idea"
        and body["proposer"] == world.brightwave.name
        and body["owner_party_id"] == lumen.pk
    )
    pk = body["id"]
    response = client.patch(
        f"{base}/initiatives/{pk}",
        data=json.dumps({"version": 1, "title": "Cold van"}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    response = client.patch(
        f"{base}/initiatives/{pk}",
        data=json.dumps({"version": 1, "title": "Stale"}),
        content_type="application/json",
    )
    assert response.status_code == 409
    response = client.post(
        f"{base}/initiatives/{pk}/status",
        data=json.dumps({"status": "approved", "version": 2}),
        content_type="application/json",
    )
    assert response.status_code == 400 and "status" in response.json()["errors"]
    response = client.post(
        f"{base}/initiatives/{pk}/status",
        data=json.dumps({"status": "assessed", "version": 2}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "assessed"
    # Owner party from another collaboration: refused.
    response = client.post(
        f"{base}/initiatives",
        data=json.dumps({"title": "X", "category": "cost", "owner_party_id": 999999}),
        content_type="application/json",
    )
    assert response.status_code == 400
    # Expected and realised value of the caller's own party.
    response = client.post(
        f"{base}/estimates",
        data=json.dumps({"initiative_id": pk, "amount": "1000", "currency": "eur"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["currency"] == "EUR" and response.json()["party_id"] == bw.pk
    again = client.post(
        f"{base}/estimates",
        data=json.dumps({"initiative_id": pk, "amount": "1", "currency": "EUR"}),
        content_type="application/json",
    )
    assert again.status_code == 400
    response = client.post(
        f"{base}/realisations",
        data=json.dumps(
            {"initiative_id": pk, "amount": "250", "evidence": "Invoices", "realised_on": "2026-03-01"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["currency"] == "EUR"
    response = client.post(
        f"{base}/realisations",
        data=json.dumps({"initiative_id": 999999, "evidence": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    totals = client.get(f"{base}/totals").json()
    eur = totals["totals"][0]
    assert eur["measure"] == "EUR" and Decimal(eur["expected"]) == 1000 and Decimal(eur["realised"]) == 250
    assert totals["over_time"][0]["quarters"][0]["quarter"] == "2026 Q1"
    assert totals["initiatives_per_status"]["assessed"] == 1
    response = client.post(
        f"{base}/definitions", data=json.dumps({"statement": "Lower cost"}), content_type="application/json"
    )
    assert response.status_code == 201
    response = client.post(
        f"{base}/definitions", data=json.dumps({"statement": "Again"}), content_type="application/json"
    )
    assert response.status_code == 400


def test_status_transitions_allowed_in_the_form(client, world):
    bw, _ = parties(world)
    item = initiative(world, bw)
    client.force_login(world.ana)
    page = client.get(_url("value:initiative", world, item.pk)).content.decode()
    assert 'value="assessed"' in page and 'value="dropped"' in page and 'value="realised"' not in page


def test_overview_shows_charts_and_totals(client, world):
    _fill(world, 4)
    client.force_login(world.ana)
    page = client.get(_url("value:overview", world)).content.decode()
    assert page.count("<svg") >= 6  # per party, per category, over time; in EUR, GBP (no time in h)
    assert "In EUR" in page and "In GBP" in page and "In h" in page


def test_query_counts_do_not_grow_with_rows(client, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.ana)
    pages = [
        _url("value:overview", world),
        _url("value:initiatives", world),
        _url("value:estimates", world),
        _url("value:realisations", world),
        _url("value:initiatives_export", world, "csv"),
    ]
    _fill(world, 3)
    counts = {}
    for url in pages:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        assert response.status_code == 200
        counts[url] = len(captured)
    _fill(world, 30)
    item = ValueInitiative.objects.in_scope(world.collaboration).first()
    pages.append(_url("value:initiative", world, item.pk))
    for url in pages[:-1]:
        with django_assert_max_num_queries(counts[url]):
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
    with CaptureQueriesContext(connection) as captured:
        client.get(pages[-1])
    few = len(captured)
    for _ in range(5):
        services.realisation_add(
            initiative=item, party=parties(world)[0], data={"amount": Decimal(1), "evidence": "e"}
        )
    with django_assert_max_num_queries(few):
        client.get(pages[-1])


def test_plan_source_lines_hold_joint_data(world):
    from accord.value import plugins

    bw, lumen = parties(world)
    services.definition_create(
        collaboration=world.collaboration, party=lumen, data={"statement": "New\nmarkets"}
    )
    item = initiative(world, bw, "Van", gain_sharing="Split by use")
    services.estimate_set(initiative=item, party=bw, data=money("1000"))
    services.realisation_add(
        initiative=item, party=lumen, data={"amount": Decimal(5), "unit": "h", "evidence": "log"}
    )
    services.initiative_set_status(item=item, status=InitiativeStatus.ASSESSED, expected_version=None)
    rows = plugins.jrmp_load(world.collaboration, None)
    lines = plugins.jrmp_lines(rows)
    assert lines[0] == "What value means to Lumen Coatings: New markets"
    assert lines[1].startswith("Van (assessed; cost and efficiency)")
    assert "Brightwave Engineering: expects 1\u202f000 EUR" in lines[1]
    assert "Lumen Coatings: realised 5 h" in lines[1]
    assert lines[1].endswith("gains shared: Split by use")
    assert all(isinstance(line, str) and "\n" not in line for line in lines)


def test_gate_answers_through_the_registry(world):
    from accord.core.registry import registry

    bw, _ = parties(world)
    keys = {"value_defined", "idea_register_in_use", "benefits_tracked"}
    assert registry.answer_gates(world.collaboration, bw, keys) == dict.fromkeys(keys, False)
    initiative(world, bw)
    assert registry.answer_gates(world.collaboration, bw, keys)["idea_register_in_use"]


def test_joint_plan_and_overview_show_value(client, world):
    bw, _ = parties(world)
    item = initiative(world, bw, "Shared cold van")
    services.estimate_set(initiative=item, party=bw, data=money("900"))
    client.force_login(world.jo)
    plan = client.get(reverse("plans:jrmp_plan", args=[world.collaboration.pk])).content.decode()
    assert "Shared cold van" in plan and "expects" in plan
    overview = client.get(reverse("collaborations:overview", args=[world.collaboration.pk])).content.decode()
    assert "Value creation" in overview and "900" in overview


def test_records_of_one_initiative(client, world):
    bw, _ = parties(world)
    van, stand = initiative(world, bw, "Van"), initiative(world, bw, "Stand")
    for item in (van, stand):
        services.realisation_add(
            initiative=item, party=bw, data={"amount": Decimal(3), "currency": "EUR", "evidence": item.title}
        )
    client.force_login(world.jo)
    page = client.get(_url("value:realisations", world) + f"?initiative={van.pk}").content.decode()
    assert "1 record" in page and ">Van</a>" in page and ">Stand</a>" not in page
    api = client.get(
        f"/api/v1/collaborations/{world.collaboration.pk}/value/realisations?initiative={stand.pk}"
    ).json()
    assert api["count"] == 1 and api["items"][0]["initiative"] == "Stand"
    assert client.get(_url("value:realisations", world) + "?initiative=abc").status_code == 200


def test_joint_plan_keeps_the_value_lines_when_sent_for_review(world):
    from accord.plans.services.versions import frozen_sources

    bw, _ = parties(world)
    services.definition_create(collaboration=world.collaboration, party=bw, data={"statement": "Lower cost"})
    initiative(world, bw, "Shared van")
    frozen = frozen_sources(world.collaboration)
    lines = [line for key, values in frozen.items() if "value" in key for line in values]
    assert "What value means to Brightwave Engineering: Lower cost" in lines
    assert any(line.startswith("Shared van (idea;") for line in lines)
