import io

import pytest
from django.urls import reverse

from accord.collaborations.models import Party
from accord.core.errors import ApplicationError, ConflictError
from accord.core.permissions import Role
from accord.plans import services
from accord.plans.models import JointPlanVersion, PlanStatus, RelationshipManagementPlanVersion
from accord.relationships.models import Decision


def party(world, org):
    return Party.objects.in_scope(world.collaboration).get(organization=org)


def in_review(owner):
    """The submitted_at of the version in review, which an approval must name."""
    return services.plan_working_version(owner=owner).submitted_at


def write(owner, key, text, user, revision=None):
    working = services.plan_working_version(owner=owner, user=user)
    rev = working.revisions.get(key, 0) if revision is None else revision
    return services.plan_section_save(owner=owner, key=key, text=text, expected_revision=rev, user=user)


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
    assert "1 of 16 sections filled" in body or "2 of 16 sections filled" in body


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
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200, name
    client.force_login(world.ana)
    for name in ("plans:rmp_plan", "plans:business_cases", "plans:resources"):
        url = reverse(name, args=[world.brightwave.slug])
        client.get(url)
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200, name


def test_team_and_contributions_belong_to_the_adding_party(client, world):
    client.force_login(world.jo)
    client.post(
        reverse("plans:jrmp_team_add", args=[world.collaboration.pk]), {"user": world.jo.pk, "role": "Lead"}
    )
    client.post(
        reverse("plans:jrmp_contribution_add", args=[world.collaboration.pk]),
        {"kind": "equipment", "description": "Spray booth"},
    )
    from accord.plans.models import Contribution, JointTeamMember

    member = JointTeamMember.objects.in_scope(world.collaboration).get()
    assert member.party.organization == world.lumen and member.name == "Jo"
    item = Contribution.objects.in_scope(world.collaboration).get()
    assert item.party.organization == world.lumen
    client.force_login(world.ana)  # another party cannot remove Lumen's records
    assert (
        client.post(reverse("plans:jrmp_team_remove", args=[world.collaboration.pk, member.pk])).status_code
        == 404
    )
    assert (
        client.post(
            reverse("plans:jrmp_contribution_delete", args=[world.collaboration.pk, item.pk])
        ).status_code
        == 404
    )
    # Someone from another organization cannot be added to Lumen's side.
    client.force_login(world.jo)
    client.post(
        reverse("plans:jrmp_team_add", args=[world.collaboration.pk]), {"user": world.ana.pk, "role": "Spy"}
    )
    assert JointTeamMember.objects.in_scope(world.collaboration).count() == 1


def test_resources_page_adds_refuses_bad_input_and_viewers(client, world):
    from accord.plans.models import ResourceCommitment

    url = reverse("plans:resource_add", args=[world.brightwave.slug])
    client.force_login(world.ana)
    response = client.post(url, {"kind": "people", "description": "Ana, two days a week"})
    assert response.status_code == 302
    assert [r.description for r in ResourceCommitment.objects.in_scope(world.brightwave)] == [
        "Ana, two days a week"
    ]
    response = client.post(url, {"kind": "people", "description": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert ResourceCommitment.objects.in_scope(world.brightwave).count() == 1
    # A viewer sees the list but cannot add (and gets no form).
    client.force_login(world.roles[Role.VIEWER])
    assert (
        "Ana, two days a week"
        in client.get(reverse("plans:resources", args=[world.brightwave.slug])).content.decode()
    )
    assert client.post(url, {"kind": "system", "description": "CRM"}).status_code == 403
    assert ResourceCommitment.objects.in_scope(world.brightwave).count() == 1


def test_contributions_register_pages_filters_and_guards(client, world, settings):
    from accord.plans.models import Contribution

    settings.ACCORD_PAGE_SIZE = 5
    brightwave, lumen = party(world, world.brightwave), party(world, world.lumen)
    for i in range(7):
        Contribution.objects.create(
            collaboration=world.collaboration, party=brightwave, kind="equipment", description=f"Lathe {i}"
        )
    Contribution.objects.create(
        collaboration=world.collaboration, party=lumen, kind="equipment", description="Spray booth"
    )
    url = reverse("plans:jrmp_contributions", args=[world.collaboration.pk])
    client.force_login(world.lou)  # Lumen's viewer: sees everything, page by page
    first = client.get(url).content.decode()
    assert "8 contributions" in first and "Page 1 of 2" in first
    assert first.count("<td>Lathe ") == 5
    second = client.get(url, {"page": 2}).content.decode()
    assert "Lathe 5" in second and "Lathe 6" in second and "Spray booth" in second
    only_lumen = client.get(url, {"party": lumen.pk}).content.decode()
    assert "<td>Spray booth" in only_lumen and "<td>Lathe" not in only_lumen
    add = reverse("plans:jrmp_contribution_add", args=[world.collaboration.pk])
    assert client.post(add, {"kind": "asset", "description": "Van"}).status_code == 403
    client.force_login(world.jo)
    response = client.post(add, {"kind": "asset", "description": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert Contribution.objects.in_scope(world.collaboration).count() == 8


def test_business_case_candidates_come_from_own_register(client, world):
    client.force_login(world.ana)
    response = client.post(
        reverse("plans:business_case_create", args=[world.brightwave.slug]),
        {"title": "Rail bid", "status": "idea", "candidates": [world.entry.pk]},
    )
    assert response.status_code == 302
    from accord.plans.models import BusinessCase

    case = BusinessCase.objects.in_scope(world.brightwave).get()
    assert list(case.candidates.all()) == [world.entry]
    with pytest.raises(ApplicationError):
        services.business_case_create(
            organization=world.globex, data={"title": "Steal"}, candidates=[world.entry.pk]
        )


def test_an_approval_is_for_the_text_the_approver_read(client, world):
    write(world.collaboration, "objectives", "Share the bid 50/50.", world.ana)
    services.plan_submit(owner=world.collaboration, user=world.ana)
    client.force_login(world.jo)
    page = client.get(reverse("plans:jrmp_plan", args=[world.collaboration.pk]))
    token = page.context["version"].submitted_at.isoformat()
    assert f'name="submitted_at" value="{token}"' in page.content.decode()
    # Meanwhile the text changes and goes back to review.
    write(world.collaboration, "objectives", "Brightwave takes 90% of the revenue.", world.ana)
    services.plan_submit(owner=world.collaboration, user=world.ana)
    response = client.post(
        reverse("plans:jrmp_approve", args=[world.collaboration.pk]), {"submitted_at": token}, follow=True
    )
    assert "Read it again before approving." in response.content.decode()
    assert not JointPlanVersion.objects.in_scope(world.collaboration).get().approvals.exists()
    # Junk instead of the token is refused the same way.
    client.post(reverse("plans:jrmp_approve", args=[world.collaboration.pk]), {"submitted_at": "junk"})
    assert not JointPlanVersion.objects.in_scope(world.collaboration).get().approvals.exists()


def test_api_approval_names_the_reviewed_submission(client, world):
    from accord.accounts.services import api_token_create

    write(world.brightwave, "policy", "We collaborate where it creates value.", world.ana)
    submitted = services.plan_submit(owner=world.brightwave, user=world.ana).submitted_at
    _t, raw = api_token_create(user=world.ana, name="t")
    url = f"/api/v1/organizations/{world.brightwave.slug}/plan/approve"
    auth = {"Authorization": f"Bearer {raw}"}
    assert client.post(url, {}, content_type="application/json", headers=auth).status_code in {400, 422}
    stale = {"submitted_at": "2020-01-01T00:00:00+00:00"}
    response = client.post(url, stale, content_type="application/json", headers=auth)
    assert response.status_code == 409 and response.json()["current"]["number"] == 1
    response = client.post(
        url, {"submitted_at": submitted.isoformat()}, content_type="application/json", headers=auth
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"


def test_a_joint_plan_needs_a_partner_before_approval(world):
    Party.objects.in_scope(world.collaboration).filter(organization=world.lumen).update(status="left")
    write(world.collaboration, "objectives", "Alone.", world.ana)
    services.plan_submit(owner=world.collaboration, user=world.ana)
    with pytest.raises(ApplicationError, match="invite your partner"):
        services.jrmp_approve(
            collaboration=world.collaboration,
            party=party(world, world.brightwave),
            user=world.ana,
            reviewed=in_review(world.collaboration),
        )


def test_approve_is_offered_to_the_ser_once_and_submit_to_a_written_plan(client, world):
    url = reverse("plans:jrmp_plan", args=[world.collaboration.pk])
    client.force_login(world.ana)
    assert "Send for review" not in client.get(url).content.decode()  # nothing written yet
    write(world.collaboration, "objectives", "Win the rail bid.", world.ana)
    assert "Send for review" in client.get(url).content.decode()
    services.plan_submit(owner=world.collaboration, user=world.ana)
    assert "Approve as senior executive responsible" in client.get(url).content.decode()
    client.force_login(world.roles[Role.MANAGER])  # can edit, but is not the SER
    body = client.get(url).content.decode()
    assert "Approve as senior executive responsible" not in body and "each party's senior executive" in body
    services.jrmp_approve(
        collaboration=world.collaboration,
        party=party(world, world.brightwave),
        user=world.ana,
        reviewed=in_review(world.collaboration),
    )
    client.force_login(world.ana)  # approved already: no second button
    assert "Approve as senior executive responsible" not in client.get(url).content.decode()


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
    assert nul.status_code == 400  # the body is refused before it reaches the database
    section = client.put(
        f"/api/v1/collaborations/{world.collaboration.pk}/plan/sections/objectives",
        {"text": "\x00", "revision": 0},
        content_type="application/json",
        headers=auth,
    )
    assert section.status_code == 400
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


def test_submitting_tells_the_sers_and_their_dashboards_show_what_waits(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    c = world.collaboration
    write(c, "objectives", "Win the rail bid.", world.ana)
    client.force_login(world.ana)
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail leaves once committed
        client.post(reverse("plans:jrmp_submit", args=[c.pk]))
    # Jo (Lumen's SER) is asked by e-mail; Ana sent it, so she is not.
    assert [m.to for m in mailoutbox] == [["jo@lumen.test"]]
    assert "Approval needed" in mailoutbox[0].subject and f"/c/{c.pk}/plan/" in mailoutbox[0].body
    client.force_login(world.jo)
    body = client.get(reverse("organizations:dashboard", args=[world.lumen.slug])).content.decode()
    assert body.count("Joint plan of “Rail bid”, version 1") == 1
    assert "your approval is needed" in body
    client.force_login(world.roles[Role.MANAGER])  # Brightwave: its SER is Ana, not the manager
    body = client.get(reverse("organizations:dashboard", args=[world.brightwave.slug])).content.decode()
    assert (
        "Joint plan of “Rail bid”, version 1" in body
        and "waits for your senior executive responsible" in body
    )
    services.jrmp_approve(
        collaboration=c, party=party(world, world.brightwave), user=world.ana, reviewed=in_review(c)
    )
    body = client.get(reverse("organizations:dashboard", args=[world.brightwave.slug])).content.decode()
    assert "Waiting for approval" not in body  # Brightwave has approved; Lumen still has to
    client.force_login(world.jo)
    body = client.get(reverse("organizations:dashboard", args=[world.lumen.slug])).content.decode()
    assert "your approval is needed" in body
    # Globex, an outsider, sees nothing of it.
    client.force_login(world.mallory)
    body = client.get(reverse("organizations:dashboard", args=[world.globex.slug])).content.decode()
    assert "Rail bid" not in body


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


def test_the_same_person_is_not_added_twice_to_the_team(client, world):
    from accord.plans.models import JointTeamMember

    client.force_login(world.jo)
    add = reverse("plans:jrmp_team_add", args=[world.collaboration.pk])
    client.post(add, {"user": world.jo.pk, "role": "Lead"})
    response = client.post(add, {"user": world.jo.pk, "role": "Lead again"}, follow=True)
    assert "Jo is already on the joint team." in response.content.decode()
    assert JointTeamMember.objects.in_scope(world.collaboration).count() == 1


def test_business_case_decision_needs_the_decide_role_and_records_who(client, world):
    from accord.plans.models import BusinessCase

    org = world.brightwave
    client.force_login(world.roles[Role.CONTRIBUTOR])
    create = reverse("plans:business_case_create", args=[org.slug])
    response = client.post(create, {"title": "Depot", "status": "approved"})
    assert "is for a manager, the SER or an owner" in response.content.decode()
    assert not BusinessCase.objects.in_scope(org).exists()
    client.post(create, {"title": "Depot", "status": "in_preparation"})
    case = BusinessCase.objects.in_scope(org).get()
    client.force_login(world.roles[Role.MANAGER])
    edit = reverse("plans:business_case_edit", args=[org.slug, case.pk])
    client.post(edit, {"title": "Depot", "status": "approved", "version": case.version})
    case.refresh_from_db()
    assert case.status == "approved" and case.decided_by == world.roles[Role.MANAGER] and case.decided_at
    detail = client.get(reverse("plans:business_case", args=[org.slug, case.pk])).content.decode()
    assert f"by {world.roles[Role.MANAGER].display_name} on" in detail
    printed = client.get(reverse("plans:business_case_print", args=[org.slug, case.pk])).content.decode()
    assert "Approved by" in printed and "Contents" not in printed
    pdf = client.get(reverse("plans:business_case_pdf", args=[org.slug, case.pk]))
    assert (
        pdf["Content-Disposition"] == f'attachment; filename="{org.slug}-business-case-{case.pk}-depot.pdf"'
    )
    # A contributor cannot delete an approved case; a manager can, and its history stays.
    client.force_login(world.roles[Role.CONTRIBUTOR])
    delete = reverse("plans:business_case_delete", args=[org.slug, case.pk])
    client.post(delete)
    assert BusinessCase.objects.in_scope(org).exists()
    client.force_login(world.roles[Role.MANAGER])
    assert client.post(delete).status_code == 302
    assert not BusinessCase.objects.in_scope(org).exists()
    assert BusinessCase.history.filter(id=case.pk, history_type="-").exists()


def test_register_records_can_be_edited_without_losing_a_concurrent_change(client, world):
    from accord.accounts.services import api_token_create
    from accord.plans.models import Contribution, JointTeamMember, ResourceCommitment

    c = world.collaboration
    lumen = party(world, world.lumen)
    item = Contribution.objects.create(
        collaboration=c, party=lumen, kind="equipment", description="Spray boot"
    )
    url = reverse("plans:jrmp_contribution_edit", args=[c.pk, item.pk])
    client.force_login(world.jo)
    form = client.get(url).content.decode()
    assert 'value="Spray boot"' in form and 'name="version" value="1"' in form
    ok = client.post(url, {"kind": "equipment", "description": "Spray booth", "version": 1})
    assert ok.status_code == 302
    # Someone saved meanwhile: a second save from the same old form is refused, both shown.
    stale = client.post(url, {"kind": "equipment", "description": "Paint booth", "version": 1})
    body = stale.content.decode()
    assert stale.status_code == 409 and "Spray booth" in body and "Paint booth" in body
    item.refresh_from_db()
    assert (item.description, item.version) == ("Spray booth", 2)
    # The other party can neither open nor change Lumen's record.
    client.force_login(world.ana)
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": "asset", "description": "Mine", "version": 2}).status_code == 404
    # Team members and resources the same way, and through the API.
    member = JointTeamMember.objects.create(collaboration=c, party=lumen, name="Jo", role="Lead")
    _t, raw = api_token_create(user=world.jo, name="t")
    auth = {"Authorization": f"Bearer {raw}"}
    team_url = f"/api/v1/collaborations/{c.pk}/team/{member.pk}"
    changed = client.patch(
        team_url, {"version": 1, "role": "Co-lead"}, content_type="application/json", headers=auth
    )
    assert (
        changed.status_code == 200 and changed.json()["role"] == "Co-lead" and changed.json()["version"] == 2
    )
    conflict = client.patch(
        team_url, {"version": 1, "role": "Lead"}, content_type="application/json", headers=auth
    )
    assert conflict.status_code == 409
    resource = ResourceCommitment.objects.create(
        organization=world.brightwave, kind="people", description="Ana"
    )
    client.force_login(world.ana)
    resource_url = reverse("plans:resource_edit", args=[world.brightwave.slug, resource.pk])
    client.post(resource_url, {"kind": "people", "description": "Ana, 2 days a week", "version": 1})
    resource.refresh_from_db()
    assert resource.description == "Ana, 2 days a week"
    client.force_login(world.roles[Role.VIEWER])
    assert client.get(resource_url).status_code == 403


def test_a_reviewer_sends_the_plan_back_with_a_comment(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    c = world.collaboration
    write(c, "objectives", "Brightwave takes 90% of the revenue.", world.ana)
    services.plan_submit(owner=c, user=world.ana)
    services.jrmp_approve(
        collaboration=c, party=party(world, world.brightwave), user=world.ana, reviewed=in_review(c)
    )
    client.force_login(world.jo)
    url = reverse("plans:jrmp_return", args=[c.pk])
    refused = client.post(url, {"reason": "  "}, follow=True)
    assert "Say what should change" in refused.content.decode()
    assert JointPlanVersion.objects.in_scope(c).get().status == PlanStatus.IN_REVIEW
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "We agreed 60/40, not 90/10."})
    version = JointPlanVersion.objects.in_scope(c).get()
    assert version.status == PlanStatus.DRAFT and not version.approvals.exists()
    assert (version.returned_by, version.returned_reason) == (world.jo, "We agreed 60/40, not 90/10.")
    assert [m.to for m in mailoutbox] == [["ana@brightwave.test"]] and "60/40" in mailoutbox[0].body
    client.force_login(world.ana)
    page = client.get(reverse("plans:jrmp_plan", args=[c.pk])).content.decode()
    assert "sent this version back to draft on" in page and "We agreed 60/40, not 90/10." in page
    # Resubmitting clears the comment; the history keeps it.
    services.plan_submit(owner=c, user=world.ana)
    assert JointPlanVersion.objects.in_scope(c).get().returned_reason == ""
    assert JointPlanVersion.history.filter(returned_reason="We agreed 60/40, not 90/10.").exists()
    # A viewer cannot send it back.
    client.force_login(world.lou)
    assert client.post(url, {"reason": "No."}).status_code == 403


def test_a_former_partys_people_leave_the_team_and_its_contributions_are_marked(client, world):
    from accord.plans.models import Contribution, JointTeamMember

    c = world.collaboration
    lumen = party(world, world.lumen)
    JointTeamMember.objects.create(collaboration=c, party=lumen, name="Jo Lumen", role="Lead")
    Contribution.objects.create(collaboration=c, party=lumen, kind="equipment", description="Spray booth")
    Party.objects.in_scope(c).filter(pk=lumen.pk).update(status="left")
    client.force_login(world.ana)
    register = client.get(reverse("plans:jrmp_contributions", args=[c.pk])).content.decode()
    assert 'Lumen Coatings <small class="muted">(former party)</small>' in register
    printed = client.get(reverse("plans:jrmp_print", args=[c.pk])).content.decode()
    assert "Lumen Coatings (former party): Equipment — Spray booth" in printed
    assert "Jo Lumen" not in printed


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


def test_review_fixes_api_approval_reopening_nul_legacy_and_in_force(client, world):
    """Second review: each of these failed before its fix."""
    from accord.accounts.services import api_token_create
    from accord.plans.models import BusinessCase

    org = world.brightwave
    # 1. An API client approves with the submitted_at it read from the API.
    write(org, "policy", "We collaborate where it creates value.", world.ana)
    _t, raw = api_token_create(user=world.ana, name="t")
    auth = {"Authorization": f"Bearer {raw}"}
    read = client.post(f"/api/v1/organizations/{org.slug}/plan/submit", headers=auth).json()
    approved = client.post(
        f"/api/v1/organizations/{org.slug}/plan/approve",
        {"submitted_at": read["submitted_at"]},
        content_type="application/json",
        headers=auth,
    )
    assert approved.status_code == 200, approved.json()

    # 2. A contributor can neither reopen an approved business case nor then delete it.
    case = services.business_case_create(
        organization=org, data={"title": "Depot", "status": "approved"}, user=world.ana
    )
    client.force_login(world.roles[Role.CONTRIBUTOR])
    edit = reverse("plans:business_case_edit", args=[org.slug, case.pk])
    response = client.post(edit, {"title": "Depot", "status": "in_preparation", "version": case.version})
    assert "Reopening an approved or rejected business case" in response.content.decode()
    client.post(reverse("plans:business_case_delete", args=[org.slug, case.pk]))
    case.refresh_from_db()
    assert case.status == "approved"

    # 3. A NUL character in a send-back comment is refused with a message, not a 500.
    services.plan_section_save(owner=org, key="policy", text="Changed.", expected_revision=1, user=world.ana)
    services.plan_submit(owner=org, user=world.ana)
    client.force_login(world.ana)
    response = client.post(reverse("plans:rmp_return", args=[org.slug]), {"reason": "a\x00b"}, follow=True)
    assert response.status_code == 200 and "Null characters are not allowed." in response.content.decode()

    # 4. A version approved before snapshots existed shows its records live, not nothing;
    #    a case approved before decisions were recorded reads "Approved.", not "Not decided".
    v1 = RelationshipManagementPlanVersion.objects.in_scope(org).get(number=1)
    RelationshipManagementPlanVersion.objects.in_scope(org).filter(pk=v1.pk).update(frozen_sources={})
    printed = client.get(reverse("plans:rmp_print", args=[org.slug]), {"v": 1}).content.decode()
    assert "Senior executive responsible: Ana" in printed
    BusinessCase.objects.in_scope(org).filter(pk=case.pk).update(decided_by=None, decided_at=None)
    doc = client.get(reverse("plans:business_case_print", args=[org.slug, case.pk])).content.decode()
    assert "Approved." in doc and "Not decided yet" not in doc

    # 5. An old superseded version does not claim to be waiting for approval.
    services.rmp_approve(organization=org, user=world.ana, reviewed=in_review(org))
    assert RelationshipManagementPlanVersion.objects.in_scope(org).get(number=1).status == "superseded"
    page = client.get(reverse("plans:rmp_version", args=[org.slug, 1])).content.decode()
    assert "stays in force until this one is approved" not in page


def test_gate_checks_are_answered_from_the_joint_records(client, world):
    from accord.collaborations.models import Collaboration
    from accord.plans.models import JointTeamMember

    c = world.collaboration
    Collaboration.objects.filter(pk=c.pk).update(stage=5)
    url = reverse("collaborations:overview", args=[c.pk])
    client.force_login(world.jo)

    def answers():
        return client.get(url).context["gate_answers"]

    assert answers() == {
        "ser_named": True,
        "jrmp_approved": False,
        "roles_assigned": False,
        "joint_objectives": False,
        "information_sharing": False,
        "exit_in_jrmp": False,
    }
    write(c, "exit", "Shared fixtures return to their owner.", world.ana)
    JointTeamMember.objects.create(collaboration=c, party=party(world, world.lumen), name="Jo", role="Lead")
    services.plan_submit(owner=c, user=world.ana)
    for p, ser in ((party(world, world.brightwave), world.ana), (party(world, world.lumen), world.jo)):
        services.jrmp_approve(collaboration=c, party=p, user=ser, reviewed=in_review(c))
    got = answers()
    assert got["jrmp_approved"] and got["roles_assigned"] and got["exit_in_jrmp"]
    assert not got["information_sharing"]
    body = client.get(url).content.decode()
    assert '<span title="Recorded in Accord">✓</span> JRMP approved by every party&#x27;s SER?' in body
    # Editing after approval starts v2: the approved version stays in force.
    write(c, "governance", "Monthly.", world.jo)
    assert answers()["jrmp_approved"]
    # A party that joins has not approved it: not every party's SER has any more.
    Party.objects.create(collaboration=c, organization=world.globex, ser=world.mallory)
    assert not answers()["jrmp_approved"]


def test_an_edit_in_review_tells_the_approvers_and_approval_is_announced(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    c = world.collaboration
    write(c, "objectives", "Win the rail bid.", world.ana)
    services.plan_submit(owner=c, user=world.ana)
    services.jrmp_approve(
        collaboration=c, party=party(world, world.lumen), user=world.jo, reviewed=in_review(c)
    )
    client.force_login(world.roles[Role.MANAGER])
    working = services.plan_working_version(owner=c)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("plans:jrmp_section", args=[c.pk, "governance"]),
            {"text": "Weekly calls.", "revision": working.revisions.get("governance", 0)},
        )
    version = JointPlanVersion.objects.in_scope(c).get()
    assert version.status == PlanStatus.DRAFT and not version.approvals.exists()
    assert "edited “Governance” while the plan was in review" in version.returned_reason
    # Jo's approval lapsed: Jo and Ana (who sent it) are told.
    assert sorted(to for m in mailoutbox for to in m.to) == ["ana@brightwave.test", "jo@lumen.test"]
    assert all(len(m.to) == 1 for m in mailoutbox)  # one message each: no address of the other party
    assert all(m.subject.startswith("Back in draft: the joint plan of “Rail bid”") for m in mailoutbox)
    mailoutbox.clear()
    services.plan_submit(owner=c, user=world.ana)
    with django_capture_on_commit_callbacks(execute=True):
        for p, ser in ((party(world, world.brightwave), world.ana), (party(world, world.lumen), world.jo)):
            services.jrmp_approve(collaboration=c, party=p, user=ser, reviewed=in_review(c))
    approved = [m for m in mailoutbox if m.subject.startswith("Approved:")]
    assert [m.to for m in approved] == [["ana@brightwave.test"]]  # Jo approved last: Ana is told


def test_input_is_kept_when_adding_fails_or_the_record_was_removed(client, world):
    from accord.plans.models import Contribution

    c = world.collaboration
    client.force_login(world.jo)
    add = reverse("plans:jrmp_team_add", args=[c.pk])
    client.post(add, {"user": world.jo.pk, "role": "Lead"})
    again = client.post(
        add, {"user": world.jo.pk, "role": "Co-lead", "responsibilities": "Runs the weekly call"}
    )
    body = again.content.decode()
    assert again.status_code == 400 and "Jo is already on the joint team." in body
    assert "Runs the weekly call" in body  # what was typed is still there
    item = Contribution.objects.create(
        collaboration=c, party=party(world, world.lumen), kind="asset", description="Van"
    )
    url = reverse("plans:jrmp_contribution_edit", args=[c.pk, item.pk])
    item.delete()  # removed in another tab
    response = client.post(url, {"kind": "asset", "description": "Blue van", "version": 1})
    body = response.content.decode()
    assert response.status_code == 409 and "removed this record while you were editing it" in body
    assert "Blue van" in body
    assert client.get(url).status_code == 404


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


def test_plan_mail_only_reaches_people_who_can_still_read_it_and_never_fails_the_change(
    client, world, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    c = world.collaboration
    Party.objects.create(collaboration=c, organization=world.globex, ser=world.mallory)
    write(c, "objectives", "Win the rail bid.", world.jo)
    services.plan_submit(owner=c, user=world.jo)
    Party.objects.in_scope(c).filter(organization=world.lumen).update(status="left")  # Jo's firm leaves
    with django_capture_on_commit_callbacks(execute=True):
        for p, ser in (
            (party(world, world.brightwave), world.ana),
            (party(world, world.globex), world.mallory),
        ):
            services.jrmp_approve(collaboration=c, party=p, user=ser, reviewed=in_review(c))
    recipients = {to for m in mailoutbox for to in m.to}
    assert "jo@lumen.test" not in recipients  # Jo sent it, but Lumen has left
    assert recipients == {"ana@brightwave.test"}  # the other SER; Mallory approved last
    # A mail server failure is logged; the approval stands and the page answers normally.
    from accord.plans import services as plan_services

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(plan_services, "send_mass_mail", broken)
    write(c, "governance", "Monthly.", world.ana)
    services.plan_submit(owner=c, user=world.ana)
    services.jrmp_approve(
        collaboration=c, party=party(world, world.globex), user=world.mallory, reviewed=in_review(c)
    )
    client.force_login(world.ana)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("plans:jrmp_approve", args=[c.pk]), {"submitted_at": in_review(c).isoformat()}
        )
    assert response.status_code == 302
    assert JointPlanVersion.objects.in_scope(c).get(number=2).status == PlanStatus.APPROVED
