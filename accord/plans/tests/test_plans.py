import io

import pytest
from django.urls import reverse

from accord.collaborations.models import Party
from accord.core.errors import ApplicationError, ConflictError
from accord.core.permissions import Role
from accord.plans import services
from accord.plans.models import JointPlanVersion, PlanStatus, RelationshipManagementPlanVersion
from accord.plans.tests.helpers import in_review, party, write
from accord.relationships.models import Decision


def test_jrmp_needs_every_party_ser(world):
    write(world.collaboration, "objectives", "Win the rail bid together.", world.ana)
    services.plan_submit(owner=world.collaboration, user=world.ana)
    version = services.jrmp_approve(
        reviewed=in_review(world.collaboration),
        collaboration=world.collaboration,
        party=party(world, world.brightwave),
        user=world.ana,
    )
    assert version.status == PlanStatus.IN_REVIEW  # one SER is not enough
    version = services.jrmp_approve(
        reviewed=in_review(world.collaboration),
        collaboration=world.collaboration,
        party=party(world, world.lumen),
        user=world.jo,
    )
    assert version.status == PlanStatus.APPROVED and version.approved_at


def test_only_the_party_ser_approves(world):
    write(world.collaboration, "objectives", "x", world.ana)
    services.plan_submit(owner=world.collaboration, user=world.ana)
    with pytest.raises(ApplicationError, match="senior executive responsible"):
        services.jrmp_approve(
            reviewed=in_review(world.collaboration),
            collaboration=world.collaboration,
            party=party(world, world.lumen),
            user=world.lou,
        )


def test_contributor_cannot_approve_and_outsider_gets_404(client, world):
    write(world.collaboration, "objectives", "x", world.ana)
    services.plan_submit(owner=world.collaboration, user=world.ana)
    url = reverse("plans:jrmp_approve", args=[world.collaboration.pk])
    client.force_login(world.roles[Role.CONTRIBUTOR])
    assert client.post(url).status_code == 403
    client.force_login(world.mallory)
    assert client.post(url).status_code == 404
    assert JointPlanVersion.objects.in_scope(world.collaboration).get().status == PlanStatus.IN_REVIEW


def test_edit_after_approval_starts_a_new_draft_and_approval_supersedes(world):
    org = world.brightwave
    write(org, "policy", "We collaborate where it creates value.", world.ana)
    services.plan_submit(owner=org, user=world.ana)
    v1 = services.rmp_approve(reviewed=in_review(org), organization=org, user=world.ana)
    v2 = write(org, "policy", "We collaborate where it creates value for both sides.", world.ana)
    assert (v1.number, v2.number, v2.status) == (1, 2, PlanStatus.DRAFT)
    assert v2.sections["policy"].endswith("both sides.")
    services.plan_submit(owner=org, user=world.ana)
    services.rmp_approve(reviewed=in_review(org), organization=org, user=world.ana)
    statuses = dict(RelationshipManagementPlanVersion.objects.in_scope(org).values_list("number", "status"))
    assert statuses == {1: PlanStatus.SUPERSEDED, 2: PlanStatus.APPROVED}


def test_rmp_approval_is_for_the_named_ser(world):
    write(world.brightwave, "policy", "x", world.ana)
    services.plan_submit(owner=world.brightwave, user=world.ana)
    with pytest.raises(ApplicationError):
        services.rmp_approve(
            reviewed=in_review(world.brightwave),
            organization=world.brightwave,
            user=world.roles[Role.MANAGER],
        )


def test_editing_in_review_sends_back_to_draft_and_clears_approvals(world):
    write(world.collaboration, "objectives", "x", world.ana)
    services.plan_submit(owner=world.collaboration, user=world.ana)
    services.jrmp_approve(
        reviewed=in_review(world.collaboration),
        collaboration=world.collaboration,
        party=party(world, world.brightwave),
        user=world.ana,
    )
    version = write(world.collaboration, "governance", "Monthly meeting.", world.jo)
    assert version.status == PlanStatus.DRAFT and not version.approvals.exists()


def test_concurrent_section_edit_is_refused_with_both_texts(client, world):
    write(world.collaboration, "governance", "Monthly meeting.", world.ana)
    with pytest.raises(ConflictError) as error:
        write(world.collaboration, "governance", "Weekly call.", world.jo, revision=0)
    assert error.value.current["text"] == "Monthly meeting."
    client.force_login(world.jo)
    url = reverse("plans:jrmp_section", args=[world.collaboration.pk, "governance"])
    response = client.post(url, {"text": "Weekly call.", "revision": 0})
    body = response.content.decode()
    assert response.status_code == 409 and "Monthly meeting." in body and "Weekly call." in body


def test_api_section_conflict_returns_current_text(client, world):
    from accord.accounts.services import api_token_create

    write(world.collaboration, "governance", "Monthly meeting.", world.ana)
    _t, raw = api_token_create(user=world.jo, name="t")
    response = client.put(
        f"/api/v1/collaborations/{world.collaboration.pk}/plan/sections/governance",
        {"text": "Weekly call.", "revision": 0},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 409 and response.json()["current"]["text"] == "Monthly meeting."


def test_compare_flags_changed_sections(client, world):
    org = world.brightwave
    write(org, "policy", "First line\nSecond line", world.ana)
    write(org, "exit", "Stay friends.", world.ana)
    services.plan_submit(owner=org, user=world.ana)
    services.rmp_approve(reviewed=in_review(org), organization=org, user=world.ana)
    write(org, "policy", "First line\nSecond line changed", world.ana)
    client.force_login(world.ana)
    response = client.get(reverse("plans:rmp_compare", args=[org.slug]), {"a": 1, "b": 2})
    assert response.context["changed"] == 1
    body = response.content.decode()
    assert "<del>Second line</del>" in body and "<ins>Second line changed</ins>" in body


def test_rmp_shows_sources_without_copying(client, world):
    world.entry.decision = Decision.YES
    world.entry.decision_rationale = "Complementary coatings"
    world.entry.save()
    client.force_login(world.ana)
    body = client.get(reverse("plans:rmp_plan", args=[world.brightwave.slug])).content.decode()
    assert "Complementary coatings" in body
    # The decision fills an optional section: completeness counts the five required ones.
    assert "Complementary coatings" in body and "of 5 required sections written" in body


def test_joint_documents_hold_no_private_data(client, world):
    from docx import Document
    from pypdf import PdfReader

    world.entry.notes = "PRIVATE: Lumen is slow to pay"
    world.entry.decision = Decision.YES
    world.entry.decision_rationale = "PRIVATE rationale"
    world.entry.save()
    write(world.collaboration, "objectives", "Win the rail bid together.", world.ana)
    client.force_login(world.jo)
    pdf = client.get(reverse("plans:jrmp_pdf", args=[world.collaboration.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    docx = Document(io.BytesIO(client.get(reverse("plans:jrmp_docx", args=[world.collaboration.pk])).content))
    docx_text = "\n".join(p.text for p in docx.paragraphs)
    for document in (text, docx_text):
        assert "Win the rail bid together." in document
        assert "PRIVATE" not in document


@pytest.mark.parametrize("members", [2, 20])
def test_plan_pages_query_count_is_bounded(client, world, django_assert_max_num_queries, members):
    from accord.plans.models import Contribution, JointTeamMember

    p = party(world, world.brightwave)
    for i in range(members):
        JointTeamMember.objects.create(
            collaboration=world.collaboration, party=p, name=f"P{i}", role="Member"
        )
        Contribution.objects.create(
            collaboration=world.collaboration, party=p, kind="asset", description=f"A{i}"
        )
    client.force_login(world.jo)
    for name in ("plans:jrmp_plan", "plans:jrmp_team", "plans:jrmp_contributions", "plans:jrmp_compare"):
        url = reverse(name, args=[world.collaboration.pk])
        client.get(url)
        # The plan's own records plus a fixed few per section source other apps register
        # (about twenty sources, sharing the request's list of active parties): fixed,
        # whatever the number of rows (35 for the plan page with 20 members).
        with django_assert_max_num_queries(37):
            assert client.get(url).status_code == 200, name
    client.force_login(world.ana)
    for name in ("plans:rmp_plan", "plans:business_cases", "plans:resources"):
        url = reverse(name, args=[world.brightwave.slug])
        client.get(url)
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200, name


def test_odd_input_is_refused_cleanly_never_a_500(client, world):
    from accord.accounts.services import api_token_create
    from accord.plans.models import BusinessCase

    client.force_login(world.jo)
    url = reverse("plans:jrmp_contributions", args=[world.collaboration.pk])
    for odd in ["²", "9" * 40, "-1", "x"]:
        assert client.get(url, {"party": odd}).status_code == 200, odd
    _t, raw = api_token_create(user=world.ana, name="t")
    auth = {"Authorization": f"Bearer {raw}"}
    cases = f"/api/v1/organizations/{world.brightwave.slug}/business-cases"
    huge = client.post(
        cases, {"title": "x", "candidate_ids": [10**30]}, content_type="application/json", headers=auth
    )
    assert huge.status_code == 422
    nul = client.post(cases, {"title": "x", "risks": "a\x00b"}, content_type="application/json", headers=auth)
    assert nul.status_code == 422  # the body is refused before it reaches the database
    section = client.put(
        f"/api/v1/collaborations/{world.collaboration.pk}/plan/sections/objectives",
        {"text": "\x00", "revision": 0},
        content_type="application/json",
        headers=auth,
    )
    assert section.status_code == 422
    created = client.post(
        cases,
        {"title": "Depot", "opportunity": "Shared depot"},
        content_type="application/json",
        headers=auth,
    )
    assert created.status_code == 201
    case_url = f"{cases}/{created.json()['id']}"
    # null empties a text field; null for the required title is refused with a message.
    emptied = client.patch(
        case_url, {"version": 1, "opportunity": None}, content_type="application/json", headers=auth
    )
    assert emptied.status_code == 200 and emptied.json()["opportunity"] == ""
    refused = client.patch(
        case_url, {"version": 2, "title": None}, content_type="application/json", headers=auth
    )
    assert refused.status_code in {400, 422}
    assert BusinessCase.objects.in_scope(world.brightwave).get().title == "Depot"


def test_an_approved_version_keeps_the_records_it_was_approved_with(client, world):
    from accord.plans.models import Contribution

    c = world.collaboration
    lumen = party(world, world.lumen)
    Contribution.objects.create(collaboration=c, party=lumen, kind="equipment", description="Spray booth")
    write(c, "objectives", "Win the rail bid.", world.ana)
    services.plan_submit(owner=c, user=world.ana)
    for p, ser in ((party(world, world.brightwave), world.ana), (lumen, world.jo)):
        services.jrmp_approve(collaboration=c, party=p, user=ser, reviewed=in_review(c))
    # After approval: a new contribution, and Lumen leaves.
    Contribution.objects.create(collaboration=c, party=lumen, kind="asset", description="Keeps all bid IP")
    client.force_login(world.ana)
    approved = client.get(reverse("plans:jrmp_print", args=[c.pk]), {"v": 1}).content.decode()
    assert "Spray booth" in approved and "Keeps all bid IP" not in approved
    page = client.get(reverse("plans:jrmp_version", args=[c.pk, 1])).content.decode()
    assert "Spray booth" in page and "Keeps all bid IP" not in page
    Party.objects.in_scope(c).filter(pk=lumen.pk).update(status="left")
    approved = client.get(reverse("plans:jrmp_print", args=[c.pk]), {"v": 1}).content.decode()
    assert "Lumen Coatings" in approved  # its approval stays in the approval block
    # The next draft shows the records as they are now.
    write(c, "objectives", "Win the rail bid, on our own.", world.ana)
    draft = client.get(reverse("plans:jrmp_print", args=[c.pk]), {"v": 2}).content.decode()
    assert "Keeps all bid IP" in draft
    # A loose copy says whether it is in force, and when its records were taken.
    assert "Draft: not approved, not in force." in draft
    approved = client.get(reverse("plans:jrmp_print", args=[c.pk]), {"v": 1}).content.decode()
    assert "From the records in Accord, as they were on" in approved
    assert "not in force" not in approved


def test_plan_page_says_which_plan_and_which_version_is_in_force(client, world):
    org = world.brightwave
    write(org, "policy", "We collaborate where it creates value.", world.ana)
    services.plan_submit(owner=org, user=world.ana)
    services.rmp_approve(organization=org, user=world.ana, reviewed=in_review(org))
    write(org, "policy", "We collaborate where it creates value for both.", world.ana)
    client.force_login(world.ana)
    body = client.get(reverse("plans:rmp_plan", args=[org.slug])).content.decode()
    assert "Brightwave Engineering</small></h1>" in body
    assert "Version 1, approved on" in body and "stays in force until this one is approved" in body
    # A section filled from records is ticked and not called unwritten.
    pdf = client.get(reverse("plans:rmp_pdf", args=[org.slug]))
    assert pdf["Content-Disposition"] == f'attachment; filename="{org.slug}-rmp-v2.pdf"'
    joint = client.get(reverse("plans:jrmp_docx", args=[world.collaboration.pk]))
    assert joint["Content-Disposition"] == 'attachment; filename="rail-bid-jrmp-v1.docx"'
    printed = client.get(reverse("plans:rmp_print", args=[org.slug])).content.decode()
    assert "data-print" in printed and f'href="{reverse("plans:rmp_plan", args=[org.slug])}"' in printed


def test_source_backed_sections_count_as_filled_and_are_not_called_unwritten(client, world):
    from accord.plans.models import JointTeamMember

    c = world.collaboration
    JointTeamMember.objects.create(collaboration=c, party=party(world, world.lumen), name="Jo", role="Lead")
    client.force_login(world.jo)
    response = client.get(reverse("plans:jrmp_plan", args=[c.pk]))
    assert "organisation" in response.context["filled_keys"]  # the team is the organization section
    body = response.content.decode()
    section = body[body.index('id="section-organisation"') :]
    section = section[: section.index("</section>")]
    assert "Jo" in section and "Not written yet." not in section


def test_compare_and_section_saving_read_well(client, world):
    org = world.brightwave
    client.force_login(world.ana)
    compare = reverse("plans:rmp_compare", args=[org.slug])
    write(org, "policy", "First", world.ana)
    assert "nothing to compare yet" in client.get(compare).content.decode()
    services.plan_submit(owner=org, user=world.ana)
    services.rmp_approve(organization=org, user=world.ana, reviewed=in_review(org))
    write(org, "policy", "Second", world.ana)
    swapped = client.get(compare, {"a": 2, "b": 1})  # the older one goes left whatever the order
    assert (swapped.context["left"].number, swapped.context["right"].number) == (1, 2)
    only = client.get(compare, {"a": 1, "b": 2, "changed": "1"})
    assert [r["section"].key for r in only.context["rows"]] == ["policy"]
    # Saving a section confirms it next to the section the page jumps to.
    working = services.plan_working_version(owner=org)
    url = reverse("plans:rmp_section", args=[org.slug, "exit"])
    response = client.post(url, {"text": "Part well.", "revision": working.revisions.get("exit", 0)})
    assert response["Location"].endswith("?saved=exit#section-exit")
    page = client.get(response["Location"]).content.decode()
    assert "✓ “Exit considerations” saved." in page
    # A source-backed section's form shows the records it already includes.
    form = client.get(reverse("plans:rmp_section", args=[org.slug, "leadership"])).content.decode()
    assert "no need to copy them into the text" in form


def test_compare_includes_what_sections_show_from_records(client, world):
    from accord.plans.models import JointTeamMember

    c = world.collaboration
    write(c, "objectives", "Win the rail bid.", world.ana)
    services.plan_submit(owner=c, user=world.ana)
    for p, ser in ((party(world, world.brightwave), world.ana), (party(world, world.lumen), world.jo)):
        services.jrmp_approve(collaboration=c, party=p, user=ser, reviewed=in_review(c))
    JointTeamMember.objects.create(collaboration=c, party=party(world, world.lumen), name="Jo", role="Lead")
    write(c, "objectives", "Win the rail bid.\n\nAnd the next one.", world.ana)
    client.force_login(world.jo)
    response = client.get(reverse("plans:jrmp_compare", args=[c.pk]), {"a": 1, "b": 2, "changed": "1"})
    keys = [r["section"].key for r in response.context["rows"]]
    assert "objectives" in keys and "organisation" in keys  # the team joined after v1
    assert "<ins>• Jo (Lumen Coatings) — Lead</ins>" in response.content.decode()


def _section(body: str, key: str) -> str:
    part = body[body.index(f'id="section-{key}"') :]
    return part[: part.index("</section>")]


def test_contributions_show_in_the_joint_organization_not_in_value_creation(client, world):
    """What each party brings is part of the joint organization (ISO 44003 5.1.3.3 f), after
    the joint team, in the page, the documents and the copy kept for review; value created
    is another record (the value register)."""
    from accord.plans.models import Contribution, JointTeamMember

    c = world.collaboration
    p = party(world, world.lumen)
    JointTeamMember.objects.create(collaboration=c, party=p, name="Jo", role="Lead")
    Contribution.objects.create(collaboration=c, party=p, kind="asset", description="Spray booth")
    client.force_login(world.jo)
    body = client.get(reverse("plans:jrmp_plan", args=[c.pk])).content.decode()
    organisation = _section(body, "organisation")
    assert organisation.index("Jo (Lumen Coatings)") < organisation.index("Spray booth")
    assert "Spray booth" not in _section(body, "value_creation")
    printed = client.get(reverse("plans:jrmp_print", args=[c.pk])).content.decode()
    organisation = printed[
        printed.index('id="section-organisation"') : printed.index('id="section-contract"')
    ]
    assert "Jo (Lumen Coatings) — Lead" in organisation and "Spray booth" in organisation
    write(c, "objectives", "Win the rail bid.", world.jo)
    services.plan_submit(owner=c, user=world.jo)
    frozen = JointPlanVersion.objects.in_scope(c).get().frozen_sources
    assert frozen["organisation"] == ["Jo (Lumen Coatings) — Lead", "Lumen Coatings: Asset — Spray booth"]
    assert not frozen.get("value_creation")


def test_a_version_frozen_earlier_keeps_the_lines_it_stored(client, world):
    """A version sent for review before the sections' sources changed still shows (and
    counts) the lines it kept then, under the section it kept them for."""
    c = world.collaboration
    write(c, "objectives", "Win the rail bid.", world.ana)
    services.plan_submit(owner=c, user=world.ana)
    JointPlanVersion.objects.in_scope(c).update(
        frozen_sources={"value_creation": ["Lumen Coatings: Asset — Booth"]}
    )
    client.force_login(world.jo)
    response = client.get(reverse("plans:jrmp_plan", args=[c.pk]))
    assert "value_creation" in response.context["filled_keys"]
    assert "Lumen Coatings: Asset — Booth" in _section(response.content.decode(), "value_creation")
    printed = client.get(reverse("plans:jrmp_print", args=[c.pk])).content.decode()
    assert "Lumen Coatings: Asset — Booth" in printed
