"""Writing a first plan with help: prompts, text suggested from records, starting templates,
the confirmation asked before a plan with empty sections goes on, and the next steps past
the firm's own plan."""

import pytest
from django.urls import reverse

from accord.core.permissions import Role
from accord.plans import services
from accord.plans.models import PlanStatus, RelationshipManagementPlanVersion
from accord.plans.prompts import JRMP_PROMPTS, RMP_PROMPTS
from accord.plans.sections import JRMP_SECTIONS, RMP_SECTIONS
from accord.plans.starters import STARTING_TEMPLATE_CHOICES, starter_text
from accord.plans.tests.helpers import in_review, write
from accord.relationships.models import Decision, Segment

pytestmark = pytest.mark.django_db


def _rmp(org):
    return RelationshipManagementPlanVersion.objects.in_scope(org).order_by("-number").first()


def test_every_section_has_prompts_and_every_template_a_text_for_it():
    for sections, prompts in ((RMP_SECTIONS, RMP_PROMPTS), (JRMP_SECTIONS, JRMP_PROMPTS)):
        assert {s.key for s in sections} == set(prompts)
        for prompt in prompts.values():
            assert 2 <= len(prompt.questions) <= 4 and prompt.example and prompt.good
    for model, _label in STARTING_TEMPLATE_CHOICES:
        for kind, sections in (("rmp", RMP_SECTIONS), ("jrmp", JRMP_SECTIONS)):
            assert all(starter_text(model, kind, s.key) for s in sections), (model, kind)


def test_the_editor_shows_prompts_and_suggests_text_from_the_profile_without_saving(client, world):
    org = world.brightwave
    org.stakeholders = "Customers: on-time delivery\nStaff: stable work"
    org.vision = "The partner of choice for small-batch rail parts"
    org.values = "Reliability\nOpenness"
    org.save()
    client.force_login(world.ana)
    page = client.get(reverse("plans:rmp_section", args=[org.slug, "stakeholders"])).content.decode()
    assert "How to write this section" in page  # one click away, in a disclosure
    assert str(RMP_PROMPTS["stakeholders"].questions[0]) in page
    assert "Suggested from your records" in page
    assert "- Customers: on-time delivery" in page and "- Staff: stable work" in page
    page = client.get(reverse("plans:rmp_section", args=[org.slug, "vision_values"])).content.decode()
    assert "Our vision: The partner of choice for small-batch rail parts" in page and "- Openness" in page
    # Suggested is not saved: the plan is still empty until the person saves.
    assert not any(_rmp(org).sections.values())
    response = client.post(
        reverse("plans:rmp_section", args=[org.slug, "stakeholders"]),
        {"text": "Customers: on-time delivery (confirmed)", "revision": 0},
    )
    assert response.status_code == 302
    assert _rmp(org).sections["stakeholders"] == "Customers: on-time delivery (confirmed)"
    # A written section opens with its text, not a suggestion.
    page = client.get(reverse("plans:rmp_section", args=[org.slug, "stakeholders"])).content.decode()
    assert "Suggested from your records" not in page and "(confirmed)" in page


def test_relationships_in_the_collaborate_segment_and_their_decisions_are_suggested(client, world):
    entry = world.entry
    entry.segment, entry.decision = Segment.COLLABORATE, Decision.YES
    entry.decision_rationale = "High value, hard to replace."
    entry.save()
    from tests.factories import RelationshipFactory

    RelationshipFactory(
        organization=world.brightwave, counterpart_name="Northwind", segment=Segment.COLLABORATE
    )
    client.force_login(world.ana)
    page = client.get(reverse("plans:rmp_section", args=[world.brightwave.slug, "opportunities"]))
    body = page.content.decode()
    assert "2 relationships in our register are in the “collaborate” segment." in body
    # The chosen one's reason is in the records block below the text: the text names it once.
    assert "We chose a collaborative approach with Lumen Coatings; our reason is shown below." in body
    assert body.count("High value, hard to replace.") == 1
    assert "Still to decide:\n- Northwind" in body


def test_the_context_reads_as_one_sentence_and_the_ser_is_not_repeated(client, world):
    org = world.brightwave
    org.size_class, org.sector, org.country = "micro", "Mechanical engineering", "United Kingdom"
    org.ser, org.ser_authority = world.ana, "Commits up to 10,000 a year."
    org.save()
    client.force_login(world.ana)
    page = client.get(reverse("plans:rmp_section", args=[org.slug, "context"])).content.decode()
    assert "We are a micro firm (fewer than 10 people) in mechanical engineering, United Kingdom." in page
    page = client.get(reverse("plans:rmp_section", args=[org.slug, "leadership"])).content.decode()
    assert "their role and authority are shown below" in page
    assert page.count("Commits up to 10,000 a year.") == 1


def test_a_starting_template_fills_only_the_empty_sections(client, world):
    org = world.brightwave
    org.stakeholders = "Customers: on-time delivery"
    org.save()
    client.force_login(world.ana)
    page = client.get(reverse("plans:rmp_plan", args=[org.slug])).content.decode()
    assert "Start from a template" in page and "A network or group of small firms" in page
    write(org, "policy", "Our own policy.", world.ana)
    response = client.post(reverse("plans:rmp_start", args=[org.slug]), {"template": "network"})
    assert response.status_code == 302
    version = _rmp(org)
    assert version.sections["policy"] == "Our own policy."  # never overwritten
    assert version.revisions["policy"] == 1
    assert "Customers: on-time delivery" in version.sections["stakeholders"]  # from records first
    assert version.sections["context"] == starter_text("network", "rmp", "context")  # then the template
    assert all(version.sections.get(s.key) for s in RMP_SECTIONS)
    assert version.starting_template == "network"
    # The plan is no longer empty: the templates are no longer offered.
    page = client.get(reverse("plans:rmp_plan", args=[org.slug])).content.decode()
    assert "Start from a template" not in page


def test_a_starting_template_refuses_odd_input_and_a_version_in_review(client, world):
    org = world.brightwave
    client.force_login(world.ana)
    url = reverse("plans:rmp_start", args=[org.slug])
    for data in ({}, {"template": "nonsense"}, {"template": "x" * 5000}, {"template": "net\x00work"}):
        response = client.post(url, data)
        assert response.status_code == 422
        assert "Choose one of the starting templates." in response.content.decode()
    assert not any(_rmp(org).sections.values())
    write(org, "policy", "Our own policy.", world.ana)
    services.plan_submit(owner=org, user=world.ana)
    response = client.post(url, {"template": "network"})
    assert response.status_code == 409
    assert _rmp(org).sections == {"policy": "Our own policy."}
    # Viewers cannot; outsiders do not see the plan.
    client.force_login(world.roles[Role.VIEWER])
    assert client.post(url, {"template": "network"}).status_code == 403
    client.force_login(world.mallory)
    assert client.post(url, {"template": "network"}).status_code == 404


def test_the_joint_plan_template_defaults_to_the_collaborations_working_model(client, world):
    c = world.collaboration
    c.working_model = "with_larger"
    c.save()
    client.force_login(world.ana)
    page = client.get(reverse("plans:jrmp_plan", args=[c.pk])).content.decode()
    assert 'value="with_larger" required checked' in page
    client.post(reverse("plans:jrmp_start", args=[c.pk]), {"template": "with_larger"})
    version = services.plan_working_version(owner=c)
    assert version.sections["governance"] == starter_text("with_larger", "jrmp", "governance")
    assert version.sections["context"].endswith("Life-cycle stage: 4. Partner selection.")  # from records


def test_sending_for_review_with_empty_sections_names_them_and_asks_to_confirm(client, world):
    org = world.brightwave
    write(org, "policy", "We collaborate.", world.ana)
    client.force_login(world.ana)
    page = client.get(reverse("plans:rmp_plan", args=[org.slug])).content.decode()
    assert "required sections are empty" in page and 'name="confirm_incomplete"' in page
    response = client.post(reverse("plans:rmp_submit", args=[org.slug]))
    assert response.status_code == 422
    body = response.content.decode()
    assert "These required sections are empty:" in body and "“Initial risks”" in body
    # Optional sections never hold the plan back; the SER (a record) fills the leadership one.
    assert "“Capability”" not in body and "“Roles and responsibilities”" not in body
    assert _rmp(org).status == PlanStatus.DRAFT
    response = client.post(reverse("plans:rmp_submit", args=[org.slug]), {"confirm_incomplete": "1"})
    assert response.status_code == 302 and _rmp(org).status == PlanStatus.IN_REVIEW


def test_approving_with_empty_sections_is_confirmed_and_recorded(client, world):
    from accord.accounts.services import api_token_create

    org = world.brightwave
    write(org, "policy", "We collaborate.", world.ana)
    services.plan_submit(owner=org, user=world.ana)
    client.force_login(world.ana)
    url = reverse("plans:rmp_approve", args=[org.slug])
    token = in_review(org).isoformat()
    response = client.post(url, {"submitted_at": token})
    assert response.status_code == 422 and "approved incomplete" in response.content.decode()
    assert _rmp(org).status == PlanStatus.IN_REVIEW
    assert client.post(url, {"submitted_at": token, "confirm_incomplete": "1"}).status_code == 302
    version = _rmp(org)
    assert version.status == PlanStatus.APPROVED and version.approved_incomplete
    assert "risk" in version.empty_at_approval and "capability" not in version.empty_at_approval
    # Shown on the version's page, in its list of versions and in its history.
    page = client.get(reverse("plans:rmp_version", args=[org.slug, version.number])).content.decode()
    assert "Approved incomplete:" in page and '<a href="#section-risk">Initial risks</a>' in page
    assert "(with required sections empty)" in page
    assert "approved with required sections empty" in page.lower()
    # And in the API.
    key = api_token_create(user=world.ana, name="t")[1]
    data = client.get(f"/api/v1/organizations/{org.slug}/plan", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert data["approved_incomplete"] is True and "risk" in data["empty_at_approval"]
    assert data["starting_template"] == ""


def test_a_complete_plan_goes_through_without_a_question(client, world):
    org = world.brightwave
    client.force_login(world.ana)
    client.post(reverse("plans:rmp_start", args=[org.slug]), {"template": "one_to_one"})
    page = client.get(reverse("plans:rmp_plan", args=[org.slug])).content.decode()
    assert 'name="confirm_incomplete"' not in page
    assert client.post(reverse("plans:rmp_submit", args=[org.slug])).status_code == 302
    response = client.post(
        reverse("plans:rmp_approve", args=[org.slug]), {"submitted_at": in_review(org).isoformat()}
    )
    assert response.status_code == 302
    version = _rmp(org)
    assert version.status == PlanStatus.APPROVED and not version.approved_incomplete
    assert version.empty_at_approval == []


def test_send_for_review_explains_why_it_is_not_offered(client, world):
    org = world.brightwave
    client.force_login(world.ana)
    page = client.get(reverse("plans:rmp_plan", args=[org.slug])).content.decode()
    assert ">Send for review</button>" not in page
    assert "“Send for review” appears once at least one section is written" in page
    client.force_login(world.roles[Role.CONTRIBUTOR])
    page = client.get(reverse("plans:rmp_plan", args=[org.slug])).content.decode()
    assert "Sending the plan for review is for a manager" in page


def test_next_steps_go_past_the_firms_own_plan(client, world, django_assert_max_num_queries):
    c = world.collaboration
    client.force_login(world.ana)
    url = reverse("organizations:dashboard", args=[world.brightwave.slug])
    body = client.get(url).content.decode()
    steps = [
        "Write and approve your relationship management plan",
        "Start a joint space and invite a partner",
        "Agree the joint plan with your partner",
        "Agree early how the collaboration may end",
        "Work together: move a collaboration to stage 5",
        "Create value together (stage 6)",
        "Stay together",
    ]
    positions = [body.index(step) for step in steps]
    assert positions == sorted(positions)
    assert '✓ <a href="/o/brightwave-engineering/collaborations/">Start a joint space' in body
    assert '○ <a href="/o/brightwave-engineering/collaborations/">Agree the joint plan' in body
    write(c, "exit", "Three months' notice.", world.ana)
    services.plan_submit(owner=c, user=world.ana)
    services.jrmp_approve(
        collaboration=c,
        party=c.parties.get(organization=world.brightwave),
        user=world.ana,
        reviewed=in_review(c),
    )
    services.jrmp_approve(
        collaboration=c, party=c.parties.get(organization=world.lumen), user=world.jo, reviewed=in_review(c)
    )
    c.stage = 5
    c.save()
    with django_assert_max_num_queries(20):
        body = client.get(url).content.decode()
    assert '✓ <a href="/o/brightwave-engineering/collaborations/">Agree the joint plan' in body
    assert '✓ <a href="/o/brightwave-engineering/collaborations/">Agree early how' in body
    assert '✓ <a href="/o/brightwave-engineering/collaborations/">Work together' in body
    assert '○ <a href="/o/brightwave-engineering/collaborations/">Create value together' in body
    # An organization alone in its joint space has not invited a partner yet.
    globex_body = client.get(reverse("organizations:dashboard", args=[world.globex.slug]))
    assert globex_body.status_code == 404  # Ana is not a member: no peeking
