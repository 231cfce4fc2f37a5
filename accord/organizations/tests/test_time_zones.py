"""Each organization shows times of day in its own time zone, labelled (issue 12)."""

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import User
from accord.core import zones
from accord.organizations.models import Membership, Organization
from accord.relationships.models import Relationship

WINTER_NOON = datetime.datetime(2026, 1, 15, 12, 0, tzinfo=datetime.UTC)
STRONG = "a-long-Passphrase-4-tests"


def _set_zone(organization: Organization, name: str) -> None:
    Organization.objects.filter(pk=organization.pk).update(time_zone=name)


def _record_history_at(entry: Relationship, moment: datetime.datetime) -> None:
    """The entry's history (its creation) dated ``moment``."""
    entry.history.all().update(history_date=moment)


# --- the model ------------------------------------------------------------------------------


def test_a_new_organization_gets_the_site_zone_and_only_known_names_validate(world):
    assert world.brightwave.time_zone == "UTC"
    world.brightwave.time_zone = "Europe/Paris"
    world.brightwave.full_clean(exclude=["ser"])
    for bad in ["Mars/Olympus", "europe/paris", "localtime", ""]:
        world.brightwave.time_zone = bad
        with pytest.raises(ValidationError) as error:
            world.brightwave.full_clean(exclude=["ser"])
        assert "time_zone" in error.value.message_dict
    world.brightwave.time_zone = "Mars/Olympus"
    with pytest.raises(ValidationError) as error:
        world.brightwave.full_clean(exclude=["ser"])
    assert "“Mars/Olympus” is not a time zone name we know" in error.value.message_dict["time_zone"][0]


def test_zone_helpers_fall_back_to_the_site_zone():
    assert zones.zone_name(None) == "UTC"
    assert zones.zone_name(Organization(time_zone="Nowhere/City")) == "UTC"
    assert zones.zone_name(Organization(time_zone="Europe/Paris")) == "Europe/Paris"
    assert zones.clean_browser_zone(" America/New_York ") == "America/New_York"
    assert zones.clean_browser_zone("<script>") == "UTC"
    assert zones.clean_browser_zone(None) == "UTC"
    # The select: UTC first, then regions with the place's name, every known name listed once.
    choices = zones.zone_choices()
    assert choices[0] == ("UTC", "UTC")
    europe = dict(next(group for label, group in choices if str(label) == "Europe"))
    assert europe["Europe/Paris"] == "Paris"
    listed = ["UTC", *(value for _label, group in choices[1:] for value, _name in group)]
    assert sorted(listed) == sorted(zones.known_zones()) and len(listed) == len(set(listed))


# --- the profile form and the API ------------------------------------------------------------


def _profile_data(org: Organization, **changes: str) -> dict:
    return {"name": org.name, "size_class": org.size_class, "version": org.version, **changes}


def test_profile_form_sets_the_zone_and_history_records_it(client, world):
    client.force_login(world.ana)
    url = reverse("organizations:profile_edit", args=[world.brightwave.slug])
    page = client.get(url).content.decode()
    assert '<label for="id_time_zone">Time zone' in page
    assert '<optgroup label="Europe">' in page and '<option value="Europe/Paris">Paris</option>' in page
    assert client.post(url, _profile_data(world.brightwave, time_zone="Europe/Paris")).status_code == 302
    assert Organization.objects.get(pk=world.brightwave.pk).time_zone == "Europe/Paris"
    profile = client.get(reverse("organizations:profile", args=[world.brightwave.slug])).content.decode()
    assert "<strong>Time zone</strong>: <del>UTC</del> → <ins>Europe/Paris</ins>" in profile


def test_profile_form_refuses_an_unknown_zone_clearly_and_changes_nothing(client, world):
    client.force_login(world.ana)
    url = reverse("organizations:profile_edit", args=[world.brightwave.slug])
    before = Organization.objects.get(pk=world.brightwave.pk)
    response = client.post(url, _profile_data(world.brightwave, time_zone="Europe/Atlantis", vision="New"))
    body = response.content.decode()
    assert response.status_code == 422
    assert "“Europe/Atlantis” is not a time zone name we know. Choose one from the list" in body
    after = Organization.objects.get(pk=world.brightwave.pk)
    assert (after.time_zone, after.vision, after.version) == (before.time_zone, before.vision, before.version)


def test_profile_form_without_the_field_keeps_the_zone(client, world):
    _set_zone(world.brightwave, "Asia/Tokyo")
    client.force_login(world.ana)
    url = reverse("organizations:profile_edit", args=[world.brightwave.slug])
    assert client.post(url, _profile_data(world.brightwave, vision="Kept")).status_code == 302
    assert Organization.objects.get(pk=world.brightwave.pk).time_zone == "Asia/Tokyo"


def test_the_api_reads_and_sets_the_zone(client, world):
    client.force_login(world.ana)
    url = f"/api/v1/organizations/{world.brightwave.slug}"
    assert client.get(url).json()["time_zone"] == "UTC"
    bad = client.patch(
        url, {"version": world.brightwave.version, "time_zone": "Moon/Base"}, "application/json"
    )
    assert bad.status_code in (400, 422) and "Moon/Base" in bad.content.decode()
    assert Organization.objects.get(pk=world.brightwave.pk).time_zone == "UTC"
    good = client.patch(
        url, {"version": world.brightwave.version, "time_zone": "Europe/Paris"}, "application/json"
    )
    assert good.status_code == 200 and good.json()["time_zone"] == "Europe/Paris"
    created = client.post("/api/v1/organizations", {"name": "Side venture"}, "application/json")
    assert created.status_code == 201 and created.json()["time_zone"] == "UTC"


# --- sign-up and a further organization -------------------------------------------------------


def _signup(client, **extra: str):
    data = {"email": "new@firm.test", "password": STRONG, "organization_name": "New Firm", **extra}
    return client.post(reverse("accounts:signup"), data)


def _confirm(client) -> Organization:
    link = re.search(r"https?://[^/]+(/accounts/verify/\S+/)", mail.outbox[-1].body).group(1)
    client.get(link)
    return Membership.objects.get(user__email="new@firm.test").organization


def test_signup_page_has_the_hidden_field_the_script_fills(client, db):
    page = client.get(reverse("accounts:signup")).content.decode()
    assert '<input type="hidden" name="time_zone" data-browser-time-zone id="id_time_zone">' in page


def test_signup_takes_the_browser_zone_for_the_organization(client, db):
    assert _signup(client, time_zone="Europe/Paris").status_code == 302
    assert User.objects.get(email="new@firm.test").signup_time_zone == "Europe/Paris"
    organization = _confirm(client)
    assert organization.time_zone == "Europe/Paris"
    assert User.objects.get(email="new@firm.test").signup_time_zone == ""


@pytest.mark.parametrize("bogus", ["Not/AZone", "", "x" * 300, "../../etc/passwd"])
def test_signup_with_a_bogus_or_missing_zone_falls_back_to_utc(client, db, bogus):
    assert _signup(client, time_zone=bogus).status_code == 302
    assert _confirm(client).time_zone == "UTC"


def test_creating_a_further_organization_takes_the_browser_zone(client, world):
    client.force_login(world.ana)
    url = reverse("organizations:create")
    assert 'name="time_zone" data-browser-time-zone' in client.get(url).content.decode()
    client.post(url, {"name": "Tokyo branch", "size_class": "micro", "time_zone": "Asia/Tokyo"})
    client.post(url, {"name": "Bogus branch", "size_class": "micro", "time_zone": "Bogus"})
    assert Organization.objects.get(name="Tokyo branch").time_zone == "Asia/Tokyo"
    assert Organization.objects.get(name="Bogus branch").time_zone == "UTC"


# --- pages show times in the organization's zone, labelled -----------------------------------


def _history_time(page: str) -> str:
    return re.search(r'<td><time datetime="[^"]+">([^<]+)</time></td>', page).group(1)


def test_history_shows_the_organizations_zone_and_does_not_leak(client, world):
    _set_zone(world.brightwave, "Europe/Paris")
    _record_history_at(world.entry, WINTER_NOON)
    client.force_login(world.ana)
    url = reverse("relationships:detail", args=[world.brightwave.slug, world.entry.pk])
    page = client.get(url).content.decode()
    assert "When (Europe/Paris)" in page
    assert _history_time(page) == "15 Jan 2026 13:00"  # 12:00 UTC is 13:00 in Paris in winter
    assert timezone.get_current_timezone_name() == "UTC"  # reset after the request

    # The next request, for an organization in another zone, shows its own zone.
    _set_zone(world.lumen, "America/New_York")
    lumen_entry = Relationship.objects.create(organization=world.lumen, counterpart_name="Brightwave")
    _record_history_at(lumen_entry, WINTER_NOON)
    client.force_login(world.jo)
    page = client.get(
        reverse("relationships:detail", args=[world.lumen.slug, lumen_entry.pk])
    ).content.decode()
    assert "When (America/New_York)" in page and _history_time(page) == "15 Jan 2026 07:00"

    # And a page outside any organization, for someone without one, is in UTC.
    loner = User.objects.create_user(email="loner@example.test", password=STRONG)
    client.force_login(loner)
    client.get(reverse("accounts:settings"))
    assert timezone.get_current_timezone_name() == "UTC"


def test_a_zone_activated_by_a_request_is_reset_by_the_next_one(client, world, settings):
    """A worker thread reuses its zone between requests unless the middleware resets it."""
    timezone.activate(zones.zone(Organization(time_zone="Asia/Tokyo")))  # left by a previous request
    client.get(reverse("accounts:login"))
    assert timezone.get_current_timezone_name() == "UTC"
    timezone.activate(zones.zone(Organization(time_zone="Asia/Tokyo")))
    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200 and timezone.get_current_timezone_name() == "UTC"


def test_a_joint_space_shows_each_party_its_own_zone(client, world):
    _set_zone(world.brightwave, "Europe/Paris")
    _set_zone(world.lumen, "America/New_York")
    url = reverse("collaborations:overview", args=[world.collaboration.pk])
    client.force_login(world.ana)
    assert "When (Europe/Paris)" in client.get(url).content.decode()
    client.force_login(world.jo)
    assert "When (America/New_York)" in client.get(url).content.decode()


def test_account_pages_use_the_current_organizations_zone(client, world):
    _set_zone(world.brightwave, "Europe/Paris")
    client.force_login(world.ana)
    from accord.accounts.services import api_token_create

    token, _raw = api_token_create(user=world.ana, name="sync")
    token.last_used_at = WINTER_NOON
    token.save(update_fields=["last_used_at"])
    page = client.get(reverse("accounts:settings")).content.decode()
    assert "Last used (Europe/Paris)" in page and "15 Jan 2026 13:00" in page


def test_history_export_names_the_zone_once(client, world):
    _set_zone(world.brightwave, "Europe/Paris")
    _record_history_at(world.entry, WINTER_NOON)
    client.force_login(world.ana)
    response = client.get(reverse("organizations:history_export", args=[world.brightwave.slug]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "when (Europe/Paris)" in rows[0]
    assert "2026-01-15T13:00:00+01:00" in [row["when (Europe/Paris)"] for row in rows]


def test_the_french_label(client, world):
    _set_zone(world.brightwave, "Europe/Paris")
    world.ana.language = "fr"
    world.ana.save(update_fields=["language"])
    client.force_login(world.ana)
    page = client.get(reverse("organizations:profile", args=[world.brightwave.slug])).content.decode()
    assert "Quand (Europe/Paris)" in page and "Fuseau horaire" in page


def test_query_counts_do_not_grow_with_the_zone(client, world):
    """The zone comes with the organization the scope loads anyway: no query of its own."""
    client.force_login(world.ana)
    url = reverse("organizations:profile", args=[world.brightwave.slug])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as utc:
        client.get(url)
    _set_zone(world.brightwave, "Europe/Paris")
    with CaptureQueriesContext(connection) as paris:
        client.get(url)
    assert len(paris) == len(utc)
