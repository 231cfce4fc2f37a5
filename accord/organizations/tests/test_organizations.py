import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accord.core.errors import ApplicationError
from accord.core.permissions import Role
from accord.organizations import services
from accord.organizations.models import MemberInvitation, Membership, Organization
from tests.factories import UserFactory, add_member


def test_profile_edit_saves_and_records_history(client, world):
    client.force_login(world.ana)
    url = reverse("organizations:profile_edit", args=[world.brightwave.slug])
    data = {
        "name": "Brightwave Engineering",
        "size_class": "small",
        "sector": "Precision machining",
        "country": "UK",
        "market": "Rail and aerospace",
        "stakeholders": "Staff: stable work",
        "vision": "Partner of choice",
        "values": "Straight talk",
        "version": world.brightwave.version,
    }
    assert client.post(url, data).status_code == 302
    profile = client.get(reverse("organizations:profile", args=[world.brightwave.slug])).content.decode()
    assert "Rail and aerospace" in profile and "<ins>Partner of choice</ins>" in profile


def test_profile_concurrent_edit_keeps_both(client, world):
    client.force_login(world.ana)
    url = reverse("organizations:profile_edit", args=[world.brightwave.slug])
    data = {"name": "Brightwave Engineering", "size_class": "small", "version": 1}
    assert client.post(url, {**data, "vision": "First"}).status_code == 302
    second = client.post(url, {**data, "vision": "Second"})
    body = second.content.decode()
    assert "Someone else saved this record" in body and "First" in body and "Second" in body
    assert Organization.objects.get(pk=world.brightwave.pk).vision == "First"


def test_profile_form_errors(client, world):
    client.force_login(world.ana)
    url = reverse("organizations:profile_edit", args=[world.brightwave.slug])
    response = client.post(url, {"name": "", "size_class": "giant", "version": "x"})
    body = response.content.decode()
    assert (
        response.status_code == 422 and "This field is required" in body and "Select a valid choice" in body
    )


def test_member_invitation_flow(client, world):
    client.force_login(world.ana)
    response = client.post(
        reverse("organizations:member_invite", args=[world.brightwave.slug]),
        {"email": "new@brightwave.test", "role": "manager"},
    )
    assert response.status_code == 302
    link = re.search(r"https?://[^/]+(/invitations/member/\S+/)", mail.outbox[-1].body).group(1)
    newcomer = UserFactory(email="new@brightwave.test")
    client.force_login(newcomer)
    assert client.post(link).status_code == 302
    assert Membership.objects.get(user=newcomer, organization=world.brightwave).role == Role.MANAGER
    again = client.post(link, follow=True)
    assert "expired or was already used" in again.content.decode()


def test_member_invitation_is_for_the_invited_address_and_expires(world):
    invitation = services.member_invitation_create(
        organization=world.brightwave,
        email="x@example.test",
        role="viewer",
        invited_by=world.ana,
        base_url="http://t",
    )
    with pytest.raises(ApplicationError, match="sent to x@example.test"):
        services.member_invitation_accept(invitation=invitation, user=world.mallory)
    MemberInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    invitation.refresh_from_db()
    with pytest.raises(ApplicationError, match="expired"):
        services.member_invitation_accept(invitation=invitation, user=UserFactory(email="x@example.test"))


def test_last_owner_cannot_be_removed_or_demoted(client, world):
    owner = Membership.objects.get(user=world.ana, organization=world.brightwave)
    with pytest.raises(ApplicationError):
        services.membership_remove(membership=owner)
    with pytest.raises(ApplicationError):
        services.membership_change_role(membership=owner, role=Role.VIEWER)
    client.force_login(world.ana)
    response = client.post(
        reverse("organizations:member_remove", args=[world.brightwave.slug, owner.pk]), follow=True
    )
    assert "at least one owner" in response.content.decode()
    other = Membership.objects.get(user=world.roles[Role.SER], organization=world.brightwave)
    services.membership_change_role(membership=other, role=Role.OWNER)
    services.membership_change_role(membership=owner, role=Role.VIEWER)  # now allowed


def test_removed_member_loses_access(client, world):
    viewer = world.roles[Role.VIEWER]
    membership = Membership.objects.get(user=viewer, organization=world.brightwave)
    services.membership_remove(membership=membership)
    client.force_login(viewer)
    assert client.get(reverse("relationships:list", args=[world.brightwave.slug])).status_code == 404


def test_partner_invitations_end_with_their_senders_right_to_invite(world):
    from accord.collaborations.models import PartyInvitation
    from accord.collaborations.services import party_invitation_create

    def invite(user, email: str) -> PartyInvitation:
        return party_invitation_create(
            collaboration=world.collaboration,
            organization=world.brightwave,
            user=user,
            email=email,
            base_url="http://testserver",
        )

    leaving, demoted, staying = (
        add_member(world.brightwave, Role.MANAGER, f"{name}@bw.test")
        for name in ("leaving", "demoted", "staying")
    )
    sent = {
        user: invite(user, f"partner-of-{user.email.split('@')[0]}@elsewhere.test")
        for user in (leaving, demoted, staying)
    }
    services.membership_remove(membership=Membership.objects.get(user=leaving, organization=world.brightwave))
    services.membership_change_role(
        membership=Membership.objects.get(user=demoted, organization=world.brightwave), role=Role.CONTRIBUTOR
    )
    services.membership_change_role(
        membership=Membership.objects.get(user=staying, organization=world.brightwave), role=Role.SER
    )
    still_open = {user: PartyInvitation.unscoped.get(pk=sent[user].pk).is_open for user in sent}
    assert still_open == {leaving: False, demoted: False, staying: True}


def test_user_switches_between_organizations(client, world):
    second = services.organization_create(name="Ana's Side Business", owner=world.ana)
    client.force_login(world.ana)
    page = client.get(reverse("organizations:dashboard", args=[world.brightwave.slug])).content.decode()
    assert "Ana&#x27;s Side Business" in page  # in the switcher
    client.get(reverse("organizations:dashboard", args=[second.slug]))
    assert client.get(reverse("home"))["Location"] == reverse("organizations:dashboard", args=[second.slug])


def test_members_page_query_count_is_bounded(client, world, django_assert_max_num_queries):
    for _ in range(15):
        Membership.objects.create(organization=world.brightwave, user=UserFactory(), role=Role.VIEWER)
    client.force_login(world.ana)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("organizations:members", args=[world.brightwave.slug])).status_code == 200


def test_founder_is_ser_until_someone_else_is_named(client, world):
    assert world.brightwave.ser == world.ana
    manager = world.roles[Role.MANAGER]
    org = services.organization_update(
        organization=world.brightwave, data={"ser": manager}, expected_version=None
    )
    with pytest.raises(ApplicationError, match="must be a member"):
        services.organization_update(
            organization=world.brightwave, data={"ser": world.mallory}, expected_version=None
        )
    from accord.collaborations.services import collaboration_create

    collaboration = collaboration_create(organization=org, user=world.ana, data={"name": "New"})
    assert collaboration.parties.get().ser == manager
    # Removing the SER's membership clears the designation.
    services.membership_remove(membership=Membership.objects.get(user=manager, organization=world.brightwave))
    world.brightwave.refresh_from_db()
    assert world.brightwave.ser is None
    client.force_login(world.ana)
    dashboard = client.get(reverse("organizations:dashboard", args=[world.brightwave.slug])).content.decode()
    assert "○ <a" in dashboard and "Name a senior executive responsible" in dashboard


def test_menus_and_next_steps_come_from_what_each_app_registers(client, world):
    """The organization's and the joint space's menus list each app's links in order; the
    plans app adds its next step to the organization home."""
    client.force_login(world.ana)
    slug, pk = world.brightwave.slug, world.collaboration.pk
    page = client.get(reverse("organizations:dashboard", args=[slug])).content.decode()
    menu = page[page.index('class="subnav"') : page.index("</nav>", page.index('class="subnav"'))]
    expected = [
        "Overview",
        "Profile",
        "Members",
        "Segmentation criteria",
        "Relationship plan",
        "Business cases",
        "Resources",
    ]
    # Other apps may add links between these; these keep their order.
    assert [label for label in re.findall(r">([^<>]+)</a>", menu) if label in expected] == expected
    assert f'href="{reverse("plans:rmp_plan", args=[slug])}">Write and approve your relationship' in page
    page = client.get(reverse("collaborations:overview", args=[pk])).content.decode()
    menu = page[page.index('class="subnav"') : page.index("</nav>", page.index('class="subnav"'))]
    expected = ["Overview", "Joint plan", "Joint team", "Contributions"]
    assert [label for label in re.findall(r">([^<>]+)</a>", menu) if label in expected] == expected
