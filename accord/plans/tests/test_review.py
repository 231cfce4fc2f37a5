"""Review and approval: tokens, notifications, sending back, gate checks."""

import pytest
from django.urls import reverse

from accord.collaborations.models import Party
from accord.core.errors import ApplicationError
from accord.core.permissions import Role
from accord.plans import services
from accord.plans.models import JointPlanVersion, PlanStatus, RelationshipManagementPlanVersion
from accord.plans.tests.helpers import in_review, party, write


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
    page = client.get(url).content.decode()
    assert ">Send for review</button>" not in page  # nothing written yet, and it says so
    assert "“Send for review” appears once at least one section is written" in page
    write(world.collaboration, "objectives", "Win the rail bid.", world.ana)
    assert ">Send for review</button>" in client.get(url).content.decode()
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


def test_submitting_tells_the_sers_and_their_dashboards_show_what_waits(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    c = world.collaboration
    write(c, "objectives", "Win the rail bid.", world.ana)
    client.force_login(world.ana)
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail leaves once committed
        client.post(reverse("plans:jrmp_submit", args=[c.pk]), {"confirm_incomplete": "1"})
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

    # Stage 5's checks plans answers (other apps answer theirs: governance, risks, meetings…).
    plans_keys = {"jrmp_approved", "roles_assigned", "information_sharing", "exit_in_jrmp"}
    first = answers()
    assert plans_keys <= set(first) and not any(first[key] for key in plans_keys)
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
    from accord.plans.services import versions as plan_services

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
            reverse("plans:jrmp_approve", args=[c.pk]),
            {"submitted_at": in_review(c).isoformat(), "confirm_incomplete": "1"},
        )
    assert response.status_code == 302
    assert JointPlanVersion.objects.in_scope(c).get(number=2).status == PlanStatus.APPROVED
