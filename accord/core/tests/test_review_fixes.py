"""Regressions found in review: odd input, stale writes, leftovers after people leave."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accord.accounts.services import api_token_create
from accord.collaborations import services as collab_services
from accord.collaborations.models import Party, PartyInvitation
from accord.core.permissions import Role
from accord.organizations import services as org_services
from accord.organizations.models import MemberInvitation, Membership, Organization
from accord.relationships.models import Relationship
from accord.relationships.transfer import import_preview
from tests.factories import PASSWORD

HUGE = "9" * 30


def test_absurd_ids_are_not_found_not_errors(client, world):
    client.force_login(world.ana)
    slug = world.brightwave.slug
    for url in [f"/c/{HUGE}/", f"/o/{slug}/register/{HUGE}/", f"/o/{slug}/criteria/{HUGE}/"]:
        assert client.get(url).status_code == 404, url
    assert client.get(f"/o/{slug}/register/", {"owner": HUGE}).status_code == 200
    assert client.get(f"/o/{slug}/collaborations/new/", {"from": "²"}).status_code == 200
    _token, raw = api_token_create(user=world.ana, name="t")
    auth = {"Authorization": f"Bearer {raw}"}
    assert client.get(f"/api/v1/collaborations/{HUGE}", headers=auth).status_code in {404, 422}
    assert client.get(f"/api/v1/organizations/{slug}/relationships/{HUGE}", headers=auth).status_code == 422
    assert (
        client.get(f"/api/v1/organizations/{slug}/relationships", {"owner": HUGE}, headers=auth).status_code
        == 422
    )


def test_csv_with_old_mac_line_endings_or_giant_field_is_reported(world):
    mac = "counterpart_name,kind\rFerro,supplier\rDelta,supplier\r"
    preview = import_preview(organization=world.brightwave, text=mac)
    assert preview.is_clean and len(preview.rows) == 2
    giant = "counterpart_name,kind\n" + "x" * 200_000 + ",supplier\n"
    preview = import_preview(organization=world.brightwave, text=giant)
    assert not preview.is_clean and preview.file_errors


def test_exports_neutralise_formulas_in_headers_and_history(client, world):
    from accord.relationships.models import SegmentationCriterion

    SegmentationCriterion.objects.in_scope(world.brightwave).filter(name="Risk").update(name="=1+2")
    client.force_login(world.ana)
    client.post(
        reverse("relationships:create", args=[world.brightwave.slug]),
        {"counterpart_name": '=HYPERLINK("http://evil.test")', "kind": "supplier", "status": "current"},
    )
    register = client.get(reverse("relationships:export_csv", args=[world.brightwave.slug])).content.decode()
    assert ",'=1+2," in register and ",=1+2," not in register
    history = client.get(
        reverse("organizations:history_export", args=[world.brightwave.slug])
    ).content.decode()
    assert "'=HYPERLINK" in history and ',"=HYPERLINK' not in history


def test_names_are_single_line(world):
    world.ana.full_name = "Ana\nBcc: everyone@example.test"
    with pytest.raises(ValidationError):
        world.ana.full_clean()
    with pytest.raises(ValidationError):
        org_services.organization_create(name="Evil\r\nCo", owner=world.ana)


def test_invitation_subject_is_one_line_even_with_odd_names(world):
    User = type(world.ana)
    User.objects.filter(pk=world.ana.pk).update(full_name="Ana\nX")
    world.ana.refresh_from_db()
    org_services.member_invitation_create(
        organization=world.brightwave,
        email="n@example.test",
        role="viewer",
        invited_by=world.ana,
        base_url="http://t",
    )
    assert "\n" not in mail.outbox[-1].subject


def test_new_password_revokes_api_tokens(client, world):
    _token, raw = api_token_create(user=world.jo, name="t")
    auth = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/me", headers=auth).status_code == 200
    client.post(reverse("accounts:password_reset"), {"email": world.jo.email})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    new = "another-long-passphrase-77"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert client.get("/api/v1/me", headers=auth).status_code == 401


def test_login_ignores_email_case(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "ANA@Brightwave.test", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_removing_a_member_clears_their_ser_roles_with_history(world):
    sponsor = world.roles[Role.SER]
    Organization.objects.filter(pk=world.brightwave.pk).update(ser=sponsor)
    Party.objects.in_scope(world.collaboration).filter(organization=world.brightwave).update(ser=sponsor)
    before = world.brightwave.history.count()
    org_services.membership_remove(
        membership=Membership.objects.get(user=sponsor, organization=world.brightwave)
    )
    org = Organization.objects.get(pk=world.brightwave.pk)
    assert org.ser is None and org.history.count() == before + 1
    assert Party.objects.in_scope(world.collaboration).get(organization=world.brightwave).ser is None


def test_invitations_die_with_their_sender(world):
    invitation = org_services.member_invitation_create(
        organization=world.brightwave,
        email="heir@example.test",
        role="owner",
        invited_by=world.roles[Role.SER],
        base_url="http://t",
    )
    org_services.membership_remove(membership=Membership.objects.get(user=world.roles[Role.SER]))
    invitation.refresh_from_db()
    assert not invitation.is_open
    party_invite = collab_services.party_invitation_create(
        collaboration=world.collaboration,
        organization=world.lumen,
        user=world.jo,
        email="x@third.test",
        base_url="http://t",
    )
    collab_services.party_leave(
        party=Party.objects.in_scope(world.collaboration).get(organization=world.lumen)
    )
    assert not PartyInvitation.objects.in_scope(world.collaboration).get(pk=party_invite.pk).is_open
    assert MemberInvitation.objects.count() == 1


def test_stale_decision_is_refused_and_nothing_overwritten(client, world):
    client.force_login(world.ana)
    url = reverse("relationships:decide", args=[world.brightwave.slug, world.entry.pk])
    first = client.post(url, {"decision": "yes", "rationale": "first", "version": 1})
    assert first.status_code == 302
    second = client.post(url, {"decision": "no", "rationale": "second", "version": 1})
    assert second.status_code == 409 and "Someone else saved" in second.content.decode()
    entry = Relationship.objects.in_scope(world.brightwave).get()
    assert entry.decision == "yes" and entry.decision_rationale == "first"


def test_contributor_cannot_delete_entries(client, world):
    client.force_login(world.roles[Role.CONTRIBUTOR])
    url = reverse("relationships:delete", args=[world.brightwave.slug, world.entry.pk])
    assert client.post(url).status_code == 403
    assert Relationship.objects.in_scope(world.brightwave).exists()


def test_new_collaboration_name_is_not_prefilled_from_private_data(client, world):
    client.force_login(world.ana)
    url = reverse("collaborations:create", args=[world.brightwave.slug]) + f"?from={world.entry.pk}"
    form = client.get(url).context["form"]
    assert not form["name"].value()
