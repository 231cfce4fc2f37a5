import re

import pytest
from django.core import mail
from django.urls import reverse

from accord.collaborations import services
from accord.collaborations.models import Collaboration, Party, PartyStatus
from accord.core.errors import ApplicationError
from accord.core.permissions import Role
from accord.organizations.models import Membership
from tests.factories import UserFactory


def invite(client, world, email="partner@newco.test"):
    client.force_login(world.ana)
    response = client.post(
        reverse("collaborations:invite", args=[world.collaboration.pk]),
        {"email": email, "organization_name": "NewCo", "message": "Join us"},
    )
    assert response.status_code == 302
    return re.search(r"https?://[^/]+(/invitations/collaboration/\S+/)", mail.outbox[-1].body).group(1)


def test_start_from_register_entry(client, world):
    client.force_login(world.roles[Role.MANAGER])
    url = reverse("collaborations:create", args=[world.brightwave.slug]) + f"?from={world.entry.pk}"
    response = client.post(
        url, {"name": "Joint bid", "working_model": "one_to_one", "stage": 4, "from": world.entry.pk}
    )
    collaboration = Collaboration.objects.get(name="Joint bid")
    assert response["Location"] == reverse("collaborations:invite", args=[collaboration.pk])
    party = Party.objects.in_scope(collaboration).get()
    assert party.organization == world.brightwave and party.is_initiator
    world.entry.refresh_from_db()
    assert world.entry.collaboration == collaboration


def test_invitee_signs_up_and_accepts_for_a_new_organization(client, world):
    link = invite(client, world)
    client.logout()
    landing = client.get(link).content.decode()  # works logged out: who invites to what
    assert "Brightwave Engineering invites you to the Rail bid joint space" in landing
    client.post(
        reverse("accounts:signup") + f"?next={link}",
        {"email": "partner@newco.test", "password": "a-long-unusual-passphrase-42", "next": link},
    )
    page = client.get(link).content.decode()
    assert "A new organization" in page
    response = client.post(link, {"organization": "new", "new_organization_name": "NewCo"})
    assert response["Location"] == reverse("collaborations:overview", args=[world.collaboration.pk])
    overview = client.get(response["Location"]).content.decode()
    assert "NewCo" in overview and "Brightwave Engineering" in overview
    # Single use.
    assert "expired or was already used" in client.get(link).content.decode()


def test_existing_owner_accepts_for_their_organization(client, world):
    link = invite(client, world, email="mallory@globex.test")
    client.force_login(world.mallory)
    client.post(link, {"organization": str(world.globex.pk)})
    assert (
        Party.objects.in_scope(world.collaboration)
        .filter(organization=world.globex, status=PartyStatus.ACTIVE)
        .exists()
    )
    assert client.get(reverse("collaborations:overview", args=[world.collaboration.pk])).status_code == 200
    # Joining the joint space gives no access to the inviter's private register.
    assert (
        client.get(reverse("relationships:detail", args=[world.brightwave.slug, world.entry.pk])).status_code
        == 404
    )


def test_only_the_invited_address_and_an_owner_can_accept(client, world):
    link = invite(client, world, email="mallory@globex.test")
    invitation = services.party_invitation_get(link.rstrip("/").split("/")[-1])
    with pytest.raises(ApplicationError, match="sent to"):
        services.party_invitation_accept(invitation=invitation, user=world.jo, organization=world.lumen)
    viewer = UserFactory(email="viewer@globex.test")
    Membership.objects.create(organization=world.globex, user=viewer, role=Role.VIEWER)
    invitation.email = "viewer@globex.test"
    invitation.save()
    with pytest.raises(ApplicationError, match="Only an owner"):
        services.party_invitation_accept(invitation=invitation, user=viewer, organization=world.globex)


def test_leaving_removes_access(client, world):
    client.force_login(world.jo)
    url = reverse("collaborations:overview", args=[world.collaboration.pk])
    assert client.get(url).status_code == 200
    assert client.post(reverse("collaborations:leave", args=[world.collaboration.pk])).status_code == 302
    assert client.get(url).status_code == 404
    client.force_login(world.lou)
    assert client.get(url).status_code == 404
    client.force_login(world.ana)
    assert "left" in client.get(url).content.decode()


def test_owner_names_own_party_ser_only(client, world):
    client.force_login(world.jo)
    client.post(reverse("collaborations:party_ser", args=[world.collaboration.pk]), {"ser": world.lou.pk})
    assert Party.objects.in_scope(world.collaboration).get(organization=world.lumen).ser == world.lou
    client.post(reverse("collaborations:party_ser", args=[world.collaboration.pk]), {"ser": world.ana.pk})
    assert Party.objects.in_scope(world.collaboration).get(organization=world.lumen).ser == world.lou
    assert Party.objects.in_scope(world.collaboration).get(organization=world.brightwave).ser == world.ana


def test_stage_change_is_versioned(client, world):
    client.force_login(world.ana)
    url = reverse("collaborations:edit", args=[world.collaboration.pk])
    data = {"name": "Rail bid", "working_model": "one_to_one", "version": 1}
    # Moving back needs no gate (moving on does: accord/exits/tests).
    assert client.post(url, {**data, "stage": 3}).status_code == 302
    stale = client.post(url, {**data, "stage": 2})
    assert "Someone else saved" in stale.content.decode()
    world.collaboration.refresh_from_db()
    assert world.collaboration.stage == 3


@pytest.mark.parametrize("extra_parties", [1, 8])
def test_overview_query_count_is_bounded(client, world, django_assert_max_num_queries, extra_parties):
    from tests.factories import make_org

    for i in range(extra_parties):
        owner = UserFactory()
        org = make_org(f"Network member {i}", owner)
        Party.objects.create(collaboration=world.collaboration, organization=org, ser=owner)
    client.force_login(world.jo)
    url = reverse("collaborations:overview", args=[world.collaboration.pk])
    # A fixed number: the joint space itself, plus what each app's card reads (a few each;
    # the stage gate card asks each gate provider of the current stage once).
    with django_assert_max_num_queries(36):
        assert client.get(url).status_code == 200
    list_url = reverse("collaborations:list", args=[world.lumen.slug])
    with django_assert_max_num_queries(10):
        assert client.get(list_url).status_code == 200


def test_overview_history_shows_parties_joining_leaving_and_sers(client, world):
    link = invite(client, world, email="mallory@globex.test")
    client.force_login(world.mallory)
    client.post(link, {"organization": str(world.globex.pk)})
    services.party_leave(party=Party.objects.in_scope(world.collaboration).get(organization=world.globex))
    client.force_login(world.jo)
    client.post(reverse("collaborations:party_ser", args=[world.collaboration.pk]), {"ser": world.lou.pk})
    body = client.get(reverse("collaborations:overview", args=[world.collaboration.pk])).content.decode()
    assert "Globex joined" in body
    assert "Globex: Status</strong>: <del>Active</del> → <ins>Left</ins>" in body
    assert "Lumen Coatings: Senior executive responsible" in body


def test_collaboration_list_is_paginated(client, world, settings):
    from accord.collaborations.models import Collaboration

    for i in range(settings.ACCORD_PAGE_SIZE + 3):
        services.collaboration_create(
            organization=world.lumen, user=world.jo, data={"name": f"Joint {i:03d}"}
        )
    client.force_login(world.jo)
    url = reverse("collaborations:list", args=[world.lumen.slug])
    first = client.get(url)
    assert len(first.context["collaborations"]) == settings.ACCORD_PAGE_SIZE
    second = client.get(url, {"page": 2})
    assert len(second.context["collaborations"]) == 4  # 3 more plus "Rail bid"
    assert Collaboration.objects.for_organization(world.lumen).count() == settings.ACCORD_PAGE_SIZE + 4


def test_overview_shows_the_first_members_of_a_large_partner_and_how_many(client, world):
    from accord.collaborations.views import MEMBERS_SHOWN

    for i in range(MEMBERS_SHOWN + 4):
        Membership.objects.create(
            organization=world.lumen,
            user=UserFactory(email=f"zz{i:02}@lumen.test", full_name=f"Zed {i:02}"),
            role=Role.VIEWER,
        )
    total = Membership.objects.filter(organization=world.lumen).count()
    client.force_login(world.ana)
    body = client.get(reverse("collaborations:overview", args=[world.collaboration.pk])).content.decode()
    assert f"{MEMBERS_SHOWN} of {total} members shown" in body
    assert "Zed 00" in body and "Zed 11" not in body  # the first eight by e-mail
    # The SER picker still offers every member of the viewer's own organization.
    client.force_login(world.jo)
    body = client.get(reverse("collaborations:overview", args=[world.collaboration.pk])).content.decode()
    picker = body.split('name="ser"')[1].split("</select>")[0]
    assert "Zed 11" in picker and picker.count("<option") >= total
