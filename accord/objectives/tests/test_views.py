"""The objectives pages: own register, sharing, the joint objectives process; isolation and
query counts."""

import pytest
from django.urls import reverse

from accord.core.permissions import Role
from accord.objectives import services
from accord.objectives.models import (
    JointObjective,
    JointObjectiveAgreement,
    Objective,
    ObjectiveAlignment,
    SharedObjective,
)
from accord.objectives.tests.helpers import own, party, process


def test_own_objectives_register_adds_and_refuses_bad_titles(client, world):
    client.force_login(world.ana)
    url = reverse("objectives:objectives_add", args=[world.brightwave.slug])
    response = client.post(url, {"title": "Grow rail work", "priority": "high", "status": "active"})
    assert response.status_code == 302
    assert [o.title for o in Objective.objects.in_scope(world.brightwave)] == ["Grow rail work"]
    response = client.post(url, {"title": "   ", "priority": "high", "status": "active"})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    response = client.post(url, {"title": "Two\nlines", "priority": "high", "status": "active"})
    assert response.status_code == 422
    assert "Use a single line: line breaks are not allowed here." in response.content.decode()
    assert Objective.objects.in_scope(world.brightwave).count() == 1


def test_own_objectives_filters(client, world):
    own(world.brightwave, "High one", priority="high", status="active")
    own(world.brightwave, "Low one", priority="low", status="proposed", relationship=world.entry)
    client.force_login(world.ana)
    assert client.get(reverse("objectives:objectives", args=[world.brightwave.slug])).status_code == 200
    url = reverse("objectives:objectives_export", args=[world.brightwave.slug, "csv"])

    def titles(**query):
        text = b"".join(client.get(url, query).streaming_content).decode()
        return sorted(t for t in ("High one", "Low one") if t in text)

    assert titles(priority="high") == ["High one"]
    assert titles(status="proposed") == ["Low one"]
    assert titles(relationship=world.entry.pk) == ["Low one"]
    assert titles(relationship="null") == ["High one"]
    assert titles() == ["High one", "Low one"]


def test_share_page_copies_only_the_chosen_text(client, world):
    objective = own(world.brightwave, "Keep know-how", rationale="PRIVATE margin reason", benefits="PRIVATE")
    client.force_login(world.ana)
    url = reverse("objectives:share", args=[world.brightwave.slug])
    page = client.get(url, {"objective": objective.pk, "collaboration": world.collaboration.pk})
    assert page.status_code == 200 and "PRIVATE margin reason" in page.content.decode()  # to edit
    response = client.post(
        url,
        {
            "objective": objective.pk,
            "collaboration": world.collaboration.pk,
            "title": "Keep know-how",
            "rationale": "Our core skill.",
        },
    )
    assert response.status_code == 302
    shared = SharedObjective.objects.in_scope(world.collaboration).get()
    assert (shared.title, shared.rationale, shared.party.organization) == (
        "Keep know-how",
        "Our core skill.",
        world.brightwave,
    )
    # A title with a line break is refused with a clear message; nothing is shared twice.
    other = own(world.brightwave, "Other")
    response = client.post(
        url,
        {
            "objective": other.pk,
            "collaboration": world.collaboration.pk,
            "title": "a\nb",
            "rationale": "",
        },
    )
    assert response.status_code == 422
    assert "Use a single line" in response.content.decode()
    response = client.post(
        url,
        {
            "objective": objective.pk,
            "collaboration": world.collaboration.pk,
            "title": "Again",
            "rationale": "",
        },
    )
    assert response.status_code == 422
    assert "shared with Rail bid already" in response.content.decode()
    # Lumen's objectives and collaborations Brightwave is no party of are not choices.
    lumen_objective = own(world.lumen, "Lumen private")
    response = client.post(
        url,
        {
            "objective": lumen_objective.pk,
            "collaboration": world.collaboration.pk,
            "title": "x",
            "rationale": "",
        },
    )
    assert response.status_code == 422
    assert SharedObjective.objects.in_scope(world.collaboration).count() == 1


def test_private_objectives_are_invisible_to_the_partner_on_pages(client, world):
    p = process(world)
    client.force_login(world.jo)
    for name in ("joint_process", "shared", "joint"):
        body = client.get(reverse(f"objectives:{name}", args=[world.collaboration.pk])).content.decode()
        assert "PRIVATE" not in body
        assert "Secret expansion plan" not in body
    body = client.get(reverse("objectives:joint_process", args=[world.collaboration.pk])).content.decode()
    assert "Keep the coating know-how in-house" in body  # the shared copy
    assert "Coating is our core skill." in body
    export = client.get(reverse("objectives:shared_export", args=[world.collaboration.pk, "csv"]))
    text = b"".join(export.streaming_content).decode()
    assert "PRIVATE" not in text and "Secret" not in text
    # Lumen never reaches Brightwave's private routes.
    for url in (
        reverse("objectives:objectives", args=[world.brightwave.slug]),
        reverse("objectives:objectives_edit", args=[world.brightwave.slug, p.know_how.pk]),
        reverse("objectives:share", args=[world.brightwave.slug]),
    ):
        assert client.get(url).status_code == 404


def test_joint_history_export_holds_no_private_data(client, world):
    process(world)
    client.force_login(world.jo)
    response = client.get(reverse("collaborations:history_export", args=[world.collaboration.pk]))
    assert response.status_code == 200
    body = (
        response.content.decode() if not response.streaming else b"".join(response.streaming_content).decode()
    )
    assert "Keep the coating know-how in-house" in body
    assert "PRIVATE" not in body and "Secret expansion plan" not in body


def test_outsiders_get_404_on_the_process_routes(client, world):
    p = process(world)
    c = world.collaboration.pk
    posts = [
        (reverse("objectives:joint_agree", args=[c, p.joint_bid.pk]), {}),
        (reverse("objectives:joint_unagree", args=[c, p.joint_bid.pk]), {}),
        (
            reverse("objectives:alignment", args=[c]),
            {"shared": p.shared_bw.pk, f"relation_{p.joint_bid.pk}": "compatible"},
        ),
    ]
    client.force_login(world.mallory)
    assert client.get(reverse("objectives:joint_process", args=[c])).status_code == 404
    for url, data in posts:
        assert client.post(url, data).status_code == 404
    assert client.get(reverse("objectives:share", args=[world.brightwave.slug])).status_code == 404
    assert not JointObjectiveAgreement.objects.in_scope(world.collaboration).exists()


def test_agree_buttons_and_roles(client, world):
    p = process(world)
    c = world.collaboration.pk
    url = reverse("objectives:joint_agree", args=[c, p.joint_bid.pk])
    client.force_login(world.roles[Role.CONTRIBUTOR])
    assert client.post(url).status_code == 403
    client.force_login(world.roles[Role.MANAGER])
    assert client.post(url).status_code == 302
    client.force_login(world.jo)
    assert client.post(url).status_code == 302
    p.joint_bid.refresh_from_db()
    assert p.joint_bid.status == "agreed"
    body = client.get(reverse("objectives:joint_process", args=[c])).content.decode()
    assert "Agreed by every party" in body


def test_each_party_marks_only_its_own_objectives_on_the_page(client, world):
    p = process(world)
    url = reverse("objectives:alignment", args=[world.collaboration.pk])
    client.force_login(world.jo)
    # Lumen cannot open or mark Brightwave's objective.
    assert client.get(url, {"shared": p.shared_bw.pk}).status_code == 404
    response = client.post(url, {"shared": p.shared_bw.pk, f"relation_{p.joint_bid.pk}": "compatible"})
    assert response.status_code == 404
    chooser = client.get(url).content.decode()
    assert "Co-own the new process IP" in chooser and "Keep the coating" not in chooser
    page = client.get(url, {"shared": p.shared_lu.pk}).content.decode()
    assert "Win the Northline tender" in page and "Develop the process IP together" in page
    response = client.post(
        url,
        {
            "shared": p.shared_lu.pk,
            f"relation_{p.joint_bid.pk}": "conflicting",
            f"note_{p.joint_bid.pk}": "No",
            f"relation_{p.joint_ip.pk}": "compatible",
        },
    )
    assert response.status_code == 302
    marks = ObjectiveAlignment.objects.in_scope(world.collaboration)
    assert marks.filter(relation="conflicting").count() == 2
    assert marks.get(shared_objective=p.shared_lu, joint_objective=p.joint_bid).note == "No"
    # A bad choice is refused and changes nothing.
    response = client.post(url, {"shared": p.shared_lu.pk, f"relation_{p.joint_bid.pk}": "hostile"})
    assert response.status_code == 422
    assert marks.filter(relation="conflicting").count() == 2
    # Clearing a mark.
    client.post(url, {"shared": p.shared_lu.pk, f"relation_{p.joint_ip.pk}": "compatible"})
    assert not marks.filter(shared_objective=p.shared_lu, joint_objective=p.joint_bid).exists()
    client.force_login(world.ana)
    body = client.get(reverse("objectives:joint_process", args=[world.collaboration.pk])).content.decode()
    assert "⚠" in body and "Conflict" in body
    assert (
        "Brightwave Engineering’s “Keep the coating know-how in-house” conflicts with the joint objective"
        in body
    )


def _grow(world, p, n):
    bw = p.bw
    for i in range(n):
        shared = services.objective_share(
            organization=world.brightwave,
            objective=own(world.brightwave, f"Extra {i}"),
            collaboration=world.collaboration,
            title=f"Extra {i}",
            rationale="r",
            user=world.ana,
        )
        joint = services.joint_objective_create(
            collaboration=world.collaboration, party=bw, data={"title": f"J {i}"}
        )
        services.joint_objective_agree(joint=joint, party=bw, user=world.ana)
        services.alignment_set(
            collaboration=world.collaboration,
            party=bw,
            shared=shared,
            joint=joint,
            relation="dependent",
            user=world.ana,
        )


def _count(django_assert_max_num_queries, client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["ana", "jo"])
def test_joint_process_page_query_count_does_not_grow(client, world, who, django_assert_max_num_queries):
    p = process(world)
    client.force_login(getattr(world, who))
    url = reverse("objectives:joint_process", args=[world.collaboration.pk])
    small = _count(django_assert_max_num_queries, client, url)
    _grow(world, p, 12)
    assert _count(django_assert_max_num_queries, client, url) == small
    assert small <= 16


def test_own_objectives_list_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.ana)
    url = reverse("objectives:objectives", args=[world.brightwave.slug])
    p = process(world)
    own(world.brightwave, "First", owner=world.ana, relationship=world.entry)
    small = _count(django_assert_max_num_queries, client, url)
    _grow(world, p, 12)
    for i in range(10):
        own(world.brightwave, f"More {i}", owner=world.ana, relationship=world.entry)
    assert _count(django_assert_max_num_queries, client, url) == small
    assert small <= 20
    joint_url = reverse("objectives:joint", args=[world.collaboration.pk])
    assert _count(django_assert_max_num_queries, client, joint_url) <= 25


def test_jrmp_source_lines_hold_joint_data_only(world):
    from accord.objectives import plugins

    p = process(world)
    services.joint_objective_agree(joint=p.joint_bid, party=p.bw, user=world.ana)
    services.joint_objective_agree(joint=p.joint_bid, party=p.lu, user=world.jo)
    lines = plugins.jrmp_lines(plugins.jrmp_load(world.collaboration, None))
    text = "\n".join(lines)
    assert "Win the Northline tender" in text and "agreed by every party" in text
    assert "Conflict: Brightwave Engineering’s “Keep the coating know-how in-house”" in text
    assert "No joint counterpart yet" in text
    assert "PRIVATE" not in text and "Secret" not in text
    rmp = "\n".join(plugins.rmp_lines(plugins.rmp_load(world.brightwave, None)))
    assert "Keep the coating know-how in-house" in rmp and "Secret expansion plan" in rmp
    assert JointObjective.objects.in_scope(world.collaboration).count() == 2


def test_gate_check_answers_from_agreement(world):
    from accord.objectives import plugins

    p = process(world)
    assert plugins.gate_answers(world.collaboration, p.bw, {"joint_objectives"}) == {
        "joint_objectives": False
    }
    services.joint_objective_agree(joint=p.joint_bid, party=p.bw, user=world.ana)
    services.joint_objective_agree(joint=p.joint_bid, party=p.lu, user=world.jo)
    assert plugins.gate_answers(world.collaboration, party(world, world.lumen), {"joint_objectives"}) == {
        "joint_objectives": True
    }


def test_cards_on_the_org_home_and_the_collaboration_overview(client, world):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    own(world.brightwave, "Late one", status="active", due_date=today - datetime.timedelta(days=3))
    own(world.brightwave, "Soon one", status="proposed", due_date=today + datetime.timedelta(days=5))
    own(world.brightwave, "Far one", status="active", due_date=today + datetime.timedelta(days=300))
    own(world.brightwave, "Done one", status="achieved", due_date=today - datetime.timedelta(days=3))
    client.force_login(world.roles[Role.VIEWER])
    body = client.get(reverse("organizations:dashboard", args=[world.brightwave.slug])).content.decode()
    assert "Objectives due" in body and "Late one" in body and "Soon one" in body
    assert "Far one" not in body and "Done one" not in body
    assert "/objectives/" in body and "/edit/" not in body.split("Objectives due")[1].split("</article>")[0]
    process(world)
    client.force_login(world.jo)
    body = client.get(reverse("collaborations:overview", args=[world.collaboration.pk])).content.decode()
    assert "1 conflict between a party" in body
    assert "Late one" not in body


def test_the_jrmp_sent_for_review_keeps_the_joint_objectives_as_they_were(world):
    from accord.plans import services as plan_services
    from accord.plans.models import JointPlanVersion, RelationshipManagementPlanVersion

    p = process(world)
    c = world.collaboration
    plan_services.plan_section_save(
        owner=c, key="objectives", text="Win together.", expected_revision=0, user=world.jo
    )
    plan_services.plan_submit(owner=c, user=world.jo)
    frozen = JointPlanVersion.objects.in_scope(c).get().frozen_sources["objectives"]
    assert any(line.startswith("Win the Northline tender") for line in frozen)
    assert any(line.startswith("Conflict:") for line in frozen)
    assert not any("PRIVATE" in line or "Secret" in line for line in frozen)
    services.joint_objective_update(joint=p.joint_bid, data={"title": "Renamed"}, expected_version=None)
    frozen = JointPlanVersion.objects.in_scope(c).get().frozen_sources["objectives"]
    assert not any(line.startswith("Renamed") for line in frozen)
    # The organization's own plan lists its active and proposed objectives.
    plan_services.plan_section_save(
        owner=world.brightwave, key="objectives", text="Ours.", expected_revision=0, user=world.ana
    )
    plan_services.plan_submit(owner=world.brightwave, user=world.ana)
    own_lines = (
        RelationshipManagementPlanVersion.objects.in_scope(world.brightwave)
        .get()
        .frozen_sources["objectives"]
    )
    assert any(line.startswith("Keep the coating know-how in-house") for line in own_lines)


def test_own_objectives_page_does_not_list_the_whole_register(client, world):
    """A firm with a long register: the list page offers the entries that have objectives in
    its filter and an 'Add' button (the add page holds the picker), not every entry twice."""
    from accord.relationships.models import Relationship

    for i in range(30):
        Relationship.objects.create(organization=world.brightwave, counterpart_name=f"Bystander {i:02}")
    own(world.brightwave, "Grow rail work", relationship=world.entry)
    client.force_login(world.ana)
    body = client.get(reverse("objectives:objectives", args=[world.brightwave.slug])).content.decode()
    assert "Bystander" not in body
    assert world.entry.counterpart_name in body  # in the filter: it has an objective
    add_url = reverse("objectives:objectives_add", args=[world.brightwave.slug])
    assert f'href="{add_url}"' in body and 'action="' + add_url + '"' not in body
    add_page = client.get(add_url).content.decode()
    assert "Bystander 29" in add_page  # the add form still offers every entry
