"""The knowledge map and its agreement (the information_sharing gate), the JRMP sources, the
demo and bench steps, and bounded queries on long lists."""

import random
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.collaborations.models import Party
from accord.core.registry import registry
from accord.knowledge import demo, services
from accord.knowledge.models import (
    CommunicationItem,
    JointDocument,
    JointDocumentVersion,
    KnowledgeItem,
    KnowledgeMapAgreement,
    Lesson,
)


def demo_world(world):
    return SimpleNamespace(
        rng=random.Random(1),
        ana=world.ana,
        jo=world.jo,
        brightwave=world.brightwave,
        lumen=world.lumen,
        northline=world.collaboration,
        parties={},
    )


def gate(world, party):
    return registry.answer_gates(world.collaboration, party, {"information_sharing"})["information_sharing"]


def test_the_gate_flips_with_every_partys_agreement(client, world, bw_party, lumen_party):
    c = world.collaboration
    assert gate(world, bw_party) is False
    item = services.item_create(collaboration=c, data={"title": "Drawings", "category": "can"})
    client.force_login(world.ana)
    response = client.post(reverse("knowledge:map_agree", args=[c.pk]))
    assert response.status_code == 302
    assert gate(world, bw_party) is False  # Lumen has not agreed yet
    client.force_login(world.jo)
    client.post(reverse("knowledge:map_agree", args=[c.pk]))
    assert gate(world, bw_party) is True
    # A change asks every party again (the agreements stay in the history).
    services.item_update(item=item, data={"title": "Drawings and schedules"}, expected_version=None)
    assert gate(world, bw_party) is False
    assert KnowledgeMapAgreement.history.filter(collaboration_id=c.pk, history_type="-").count() == 2
    # A viewer may not agree for its party.
    client.force_login(world.lou)
    assert client.post(reverse("knowledge:map_agree", args=[c.pk])).status_code == 403


def test_an_empty_map_cannot_be_agreed(world, bw_party):
    from accord.core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        services.map_agree(collaboration=world.collaboration, party=bw_party, user=world.ana)


def test_item_rules(world, bw_party):
    from django.core.exceptions import ValidationError

    c = world.collaboration
    with pytest.raises(ValidationError) as error:
        services.item_create(collaboration=c, data={"title": "Parameters", "category": "could"})
    assert "conditions" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.item_create(collaboration=c, data={"title": "Fixture", "jointly_created": True})
    assert "ip_owner" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.item_create(
            collaboration=c, data={"title": "Fixture", "jointly_created": True, "ip_owner": "party"}
        )
    item = services.item_create(
        collaboration=c,
        data={"title": "Fixture", "jointly_created": True, "ip_owner": "party", "ip_owner_party": bw_party},
    )
    assert item.ip_owner_party == bw_party


def test_map_page_filters_search_and_api(client, world, bw_party, lumen_party):
    c = world.collaboration
    services.item_create(
        collaboration=c, data={"title": "Drawings", "category": "can", "owner_party": bw_party}
    )
    services.item_create(
        collaboration=c,
        data={
            "title": "Recipes",
            "category": "cannot",
            "owner_party": lumen_party,
            "confidentiality": "restricted",
        },
    )
    client.force_login(world.jo)
    url = reverse("knowledge:map", args=[c.pk])

    def titles(**params) -> list[str]:
        return [row["obj"].title for row in client.get(url, params).context["rows"]]

    assert titles(category="cannot") == ["Recipes"]
    assert titles(owner_party=bw_party.pk) == ["Drawings"]
    assert titles(confidentiality="restricted", q="rec") == ["Recipes"]
    assert titles() == ["Drawings", "Recipes"]
    csv = b"".join(client.get(reverse("knowledge:map_export", args=[c.pk, "csv"])).streaming_content).decode()
    assert "Recipes" in csv and "Drawings" in csv
    response = client.post(
        f"/api/v1/collaborations/{c.pk}/knowledge/items",
        {
            "title": "Process parameters",
            "category": "could",
            "conditions": "Under NDA",
            "owner_party_id": lumen_party.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["owner_party"] == "Lumen Coatings"


def test_jrmp_sources_are_plain_joint_lines(world, bw_party):
    c = world.collaboration
    demo.run(demo_world(world))
    by_key = {s.key: s for s in registry.plan_sources("jrmp")}
    lines = by_key["knowledge_map"].lines(by_key["knowledge_map"].load(c, None))
    assert any("Coating recipes: Cannot share" in line for line in lines)
    assert any("IP: jointly" in line and "at exit" in line for line in lines)
    assert all(isinstance(line, str) for line in lines)
    communication = by_key["communication_plan"]
    assert communication.section == "communication"
    assert len(communication.lines(communication.load(c, None))) == 3
    lessons = by_key["lessons_learned"]
    assert lessons.section == "improvement"
    measures = [s for s in registry.plan_sources("jrmp", "improvement") if s.key != "lessons_learned"]
    assert all(s.order < lessons.order for s in measures)  # after the measures' lines
    assert len(lessons.lines(lessons.load(c, None))) == 2
    exit_lines = by_key["knowledge_at_exit"].lines(by_key["knowledge_at_exit"].load(c, None))
    assert any("Joint fixture design" in line for line in exit_lines)
    assert not any("Coating recipes" in line for line in exit_lines)


def test_demo_step_tells_the_story(client, world, bw_party):
    demo.run(demo_world(world))
    c = world.collaboration
    assert KnowledgeItem.objects.in_scope(c).count() == 4
    assert services.map_agreed(c)
    assert CommunicationItem.objects.in_scope(c).count() == 3
    assert Lesson.objects.in_scope(c).count() == 2
    assert JointDocument.objects.in_scope(c).count() == 2
    client.force_login(world.jo)
    body = client.get(reverse("collaborations:overview", args=[c.pk])).content.decode()
    assert "agreed by every party" in body and "Coating schedule" in body


def test_bench_step_and_bounded_queries(client, world, django_assert_max_num_queries):
    from accord.collaborations.models import Collaboration

    small = Collaboration.objects.create(name="Small", working_model="pair", stage=5)
    for party in Party.objects.in_scope(world.collaboration):
        Party.objects.create(collaboration=small, organization=party.organization, ser=party.ser)
    client.force_login(world.ana)

    def counts(c) -> list[int]:
        out = []
        for url in (
            reverse("knowledge:documents", args=[c.pk]),
            reverse("knowledge:map", args=[c.pk]),
            f"/api/v1/collaborations/{c.pk}/documents",
        ):
            client.get(url)  # warm-up (caches)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        # The overview's card.
        from accord.core.scoping import resolve_collaboration
        from accord.knowledge.plugins import overview_card

        scope = resolve_collaboration(world.ana, c.pk)
        with CaptureQueriesContext(connection) as ctx:
            card = overview_card(None, scope)
        assert len(card["documents"]) == 5
        out.append(len(ctx.captured_queries))
        return out

    c = world.collaboration
    demo.bench(SimpleNamespace(bench_collaboration=c, rng=random.Random(2)))
    demo.bench(SimpleNamespace(bench_collaboration=small, rng=random.Random(2)), documents=60, items=30)
    assert JointDocument.objects.in_scope(c).count() == demo.BENCH_DOCUMENTS
    assert JointDocumentVersion.objects.in_scope(c).count() == demo.BENCH_DOCUMENTS
    assert KnowledgeItem.objects.in_scope(c).count() == demo.BENCH_ITEMS
    with django_assert_max_num_queries(30):
        client.get(reverse("knowledge:documents", args=[c.pk]))
    # The same number of queries for 1,000 rows as for a page's worth.
    assert counts(c) == counts(small)
