"""Business cases, resources, the joint team and the contributions register."""

import pytest
from django.urls import reverse

from accord.collaborations.models import Party
from accord.core.errors import ApplicationError
from accord.core.permissions import Role
from accord.plans import services
from accord.plans.tests.helpers import party


def test_team_and_contributions_belong_to_the_adding_party(client, world):
    client.force_login(world.jo)
    client.post(
        reverse("plans:jrmp_team_add", args=[world.collaboration.pk]), {"user": world.jo.pk, "role": "Lead"}
    )
    client.post(
        reverse("plans:jrmp_contributions_add", args=[world.collaboration.pk]),
        {"kind": "equipment", "description": "Spray booth"},
    )
    from accord.plans.models import Contribution, JointTeamMember

    member = JointTeamMember.objects.in_scope(world.collaboration).get()
    assert member.party.organization == world.lumen and member.name == "Jo"
    item = Contribution.objects.in_scope(world.collaboration).get()
    assert item.party.organization == world.lumen
    client.force_login(world.ana)  # another party cannot remove Lumen's records
    assert (
        client.post(reverse("plans:jrmp_team_delete", args=[world.collaboration.pk, member.pk])).status_code
        == 404
    )
    assert (
        client.post(
            reverse("plans:jrmp_contributions_delete", args=[world.collaboration.pk, item.pk])
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

    url = reverse("plans:resources_add", args=[world.brightwave.slug])
    client.force_login(world.ana)
    response = client.post(url, {"kind": "people", "description": "Ana, two days a week"})
    assert response.status_code == 302
    assert [r.description for r in ResourceCommitment.objects.in_scope(world.brightwave)] == [
        "Ana, two days a week"
    ]
    response = client.post(url, {"kind": "people", "description": ""})
    assert response.status_code == 422
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
    assert "8 records" in first and "Page 1 of 2" in first
    assert first.count("<td>Lathe ") == 5
    second = client.get(url, {"page": 2}).content.decode()
    assert "Lathe 5" in second and "Lathe 6" in second and "Spray booth" in second
    only_lumen = client.get(url, {"party": lumen.pk}).content.decode()
    assert "<td>Spray booth" in only_lumen and "<td>Lathe" not in only_lumen
    add = reverse("plans:jrmp_contributions_add", args=[world.collaboration.pk])
    assert client.post(add, {"kind": "asset", "description": "Van"}).status_code == 403
    client.force_login(world.jo)
    response = client.post(add, {"kind": "asset", "description": ""})
    assert response.status_code == 422 and "This field is required." in response.content.decode()
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
    url = reverse("plans:jrmp_contributions_edit", args=[c.pk, item.pk])
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
    resource_url = reverse("plans:resources_edit", args=[world.brightwave.slug, resource.pk])
    client.post(resource_url, {"kind": "people", "description": "Ana, 2 days a week", "version": 1})
    resource.refresh_from_db()
    assert resource.description == "Ana, 2 days a week"
    client.force_login(world.roles[Role.VIEWER])
    assert client.get(resource_url).status_code == 403


def test_a_former_partys_people_leave_the_team_and_its_contributions_are_marked(client, world):
    from accord.plans.models import Contribution, JointTeamMember

    c = world.collaboration
    lumen = party(world, world.lumen)
    JointTeamMember.objects.create(collaboration=c, party=lumen, name="Jo Lumen", role="Lead")
    Contribution.objects.create(collaboration=c, party=lumen, kind="equipment", description="Spray booth")
    Party.objects.in_scope(c).filter(pk=lumen.pk).update(status="left")
    client.force_login(world.ana)
    register = client.get(reverse("plans:jrmp_contributions", args=[c.pk])).content.decode()
    assert "<td>Lumen Coatings (former party)</td>" in register
    printed = client.get(reverse("plans:jrmp_print", args=[c.pk])).content.decode()
    assert "Lumen Coatings (former party): Equipment — Spray booth" in printed
    assert "Jo Lumen" not in printed


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
    assert again.status_code == 422 and "Jo is already on the joint team." in body
    assert "Runs the weekly call" in body  # what was typed is still there
    item = Contribution.objects.create(
        collaboration=c, party=party(world, world.lumen), kind="asset", description="Van"
    )
    url = reverse("plans:jrmp_contributions_edit", args=[c.pk, item.pk])
    item.delete()  # removed in another tab
    response = client.post(url, {"kind": "asset", "description": "Blue van", "version": 1})
    body = response.content.decode()
    assert response.status_code == 409 and "removed this record while you were editing it" in body
    assert "Blue van" in body
    assert client.get(url).status_code == 404


def test_a_business_case_document_leads_its_expected_value_with_the_amount(client, world):
    from decimal import Decimal

    from django.urls import reverse

    from accord.plans.models import BusinessCase

    case = BusinessCase.objects.create(
        organization=world.brightwave,
        title="Rail bid",
        value="Three years of orders.",
        expected_amount=Decimal("1200000"),
        expected_currency="GBP",
    )
    client.force_login(world.ana)
    page = client.get(
        reverse("plans:business_case_print", args=[world.brightwave.slug, case.pk])
    ).content.decode()
    assert "1,200,000.00 GBP" in page and "Three years of orders." in page
