"""French as well as English: the browser's language, a person's own choice (which wins),
the switcher, and e-mails written in the recipient's language."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accord.core.registry import Due
from accord.organizations.services import member_invitation_create
from accord.reminders.services import collect_in_languages, digest_for
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9,en;q=0.5"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


@pytest.fixture(autouse=True)
def _english_after():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_a_french_browser_gets_the_login_and_home_pages_in_french(client):
    login = client.get(reverse("accounts:login"), **FRENCH)
    assert login.status_code == 200
    assert login["Content-Language"] == "fr"
    assert '<html lang="fr">' in login.content.decode()
    assert "Mot de passe oublié\u00a0?" in login.content.decode()
    home = client.get("/", **FRENCH).content.decode()
    assert "Conduisez vos relations d'affaires ensemble, pas au hasard" in home
    assert "Run your business relationships together" not in home


def test_an_english_browser_gets_english(client):
    page = client.get(reverse("accounts:login"), **ENGLISH).content.decode()
    assert '<html lang="en">' in page and "Forgot your password?" in page


def test_a_person_who_chose_french_gets_french_whatever_the_browser(client, world):
    world.ana.language = "fr"
    world.ana.save()
    client.force_login(world.ana)
    page = client.get(reverse("accounts:settings"), **ENGLISH)
    assert page["Content-Language"] == "fr"
    assert "Votre compte" in page.content.decode()
    dashboard = client.get(reverse("organizations:dashboard", args=[world.brightwave.slug]), **ENGLISH)
    assert dashboard.status_code == 200 and '<html lang="fr">' in dashboard.content.decode()


def test_a_person_without_a_choice_follows_the_browser(client, world):
    client.force_login(world.ana)
    assert "Votre compte" in client.get(reverse("accounts:settings"), **FRENCH).content.decode()
    assert "Your account" in client.get(reverse("accounts:settings"), **ENGLISH).content.decode()


def test_the_account_page_saves_the_choice_and_the_next_page_is_in_it(client, world):
    client.force_login(world.ana)
    response = client.post(
        reverse("accounts:settings"), {"full_name": "Ana", "language": "fr", "save_account": "1"}, **ENGLISH
    )
    assert response.status_code == 302
    world.ana.refresh_from_db()
    assert world.ana.language == "fr"
    page = client.get(response["Location"], **ENGLISH).content.decode()
    assert "Vos coordonnées ont été enregistrées." in page
    # Back to "the browser's language": English again for an English browser.
    client.post(reverse("accounts:settings"), {"full_name": "Ana", "language": "", "save_account": "1"})
    world.ana.refresh_from_db()
    assert world.ana.language == ""
    assert "Your account" in client.get(reverse("accounts:settings"), **ENGLISH).content.decode()


def test_the_account_page_refuses_an_unknown_language(client, world):
    client.force_login(world.ana)
    response = client.post(reverse("accounts:settings"), {"full_name": "Ana", "language": "xx"})
    assert response.status_code == 422
    world.ana.refresh_from_db()
    assert world.ana.language == ""


def test_the_switcher_works_logged_out_with_a_cookie(client):
    response = client.post(reverse("accounts:set_language"), {"language": "fr", "next": "/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert "Mot de passe oublié\u00a0?" in client.get("/accounts/login/", **ENGLISH).content.decode()


def test_the_switcher_keeps_a_logged_in_persons_choice_on_the_account(client, world):
    client.force_login(world.ana)
    client.post(reverse("accounts:set_language"), {"language": "fr", "next": "/"})
    world.ana.refresh_from_db()
    assert world.ana.language == "fr"
    client.post(reverse("accounts:set_language"), {"language": "xx", "next": "/"})
    world.ana.refresh_from_db()
    assert world.ana.language == "fr"  # an unknown code changes nothing


def test_every_page_offers_the_switcher(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'action="/accounts/language/"' in page and 'lang="fr"' in page and "Français" in page


def test_the_guidance_reads_in_french(client):
    page = client.get(reverse("guidance:library"), **FRENCH).content.decode()
    assert "Gestion de la relation" in page


def test_an_invitation_is_written_in_the_invited_persons_language(world):
    UserFactory(email="claire@example.test", language="fr")
    with translation.override("en"):  # the inviter reads English
        member_invitation_create(
            organization=world.brightwave,
            email="claire@example.test",
            role="manager",
            invited_by=world.ana,
            base_url="http://testserver",
        )
    message = mail.outbox[-1]
    assert (
        message.subject
        == "Ana, de Brightwave Engineering, vous invite à rejoindre Brightwave Engineering sur Accord"
    )
    assert "Ouvrez ce lien" in message.body and "Gestionnaire" in message.body


def test_an_invitation_to_a_new_address_uses_the_senders_language(world):
    with translation.override("fr"):
        member_invitation_create(
            organization=world.brightwave,
            email="new@example.test",
            role="viewer",
            invited_by=world.ana,
            base_url="http://testserver",
        )
    assert "vous invite" in mail.outbox[-1].subject


def test_a_password_reset_is_written_in_the_accounts_language(client):
    UserFactory(email="claire@example.test", language="fr")
    client.post(reverse("accounts:password_reset"), {"email": "claire@example.test"}, **ENGLISH)
    assert mail.outbox[-1].subject == "Réinitialisez votre mot de passe Accord"
    assert "Quelqu'un a demandé la réinitialisation" in mail.outbox[-1].body


class _Kind:
    kind = "test"
    label = "test"
    calls = 0

    def __init__(self, users):
        self.users = users

    def collect(self, today):
        self.calls += 1
        return [
            Due(user=u, subject=gettext("Log in"), body=gettext("Hello,"), key=f"k:{u.pk}")
            for u in self.users
        ]


def test_reminders_are_written_in_each_recipients_language(world):
    world.jo.language = "fr"
    world.jo.save()
    kind = _Kind([world.ana, world.jo, world.mallory])
    dues = {due.user.pk: due for due in collect_in_languages(kind, datetime.date(2026, 12, 7))}
    assert dues[world.ana.pk].subject == "Log in" and dues[world.mallory.pk].body == "Hello,"
    assert dues[world.jo.pk].subject == "Se connecter" and dues[world.jo.pk].body == "Bonjour,"
    assert kind.calls == 2  # once per language in use, whatever the number of people


def test_reminders_collect_once_when_nobody_chose_another_language(world):
    kind = _Kind([world.ana, world.mallory])
    collect_in_languages(kind, datetime.date(2026, 12, 7))
    assert kind.calls == 1


def test_the_weekly_digest_is_in_the_recipients_language(world):
    due = Due(user=world.jo, subject="Objet", body="Corps", key="k")
    with translation.override("fr"):
        digest = digest_for(world.jo, [("Type", due)], datetime.date(2026, 12, 7))
    assert "Accord cette semaine" in str(digest.subject)
    assert "7 décembre 2026" in digest.body


def test_login_with_a_french_account_then_pages_are_french(client):
    UserFactory(email="claire@example.test", language="fr")
    response = client.post(
        reverse("accounts:login"),
        {"username": "claire@example.test", "password": PASSWORD},
        **ENGLISH,
        follow=True,
    )
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()


def test_api_errors_follow_the_callers_language(client):
    UserFactory(email="jo@example.test")
    body = {"email": "jo@example.test", "password": "nope"}
    bad = client.post("/api/v1/auth/token", body, content_type="application/json", **FRENCH)
    assert bad.status_code == 401 and bad.json()["detail"] == "L'e-mail ou le mot de passe est erroné."
    bad = client.post("/api/v1/auth/token", body, content_type="application/json", **ENGLISH)
    assert bad.json()["detail"] == "E-mail or password is wrong."
    junk = client.post("/api/v1/auth/token", {"email": "x"}, content_type="application/json", **FRENCH)
    assert junk.status_code == 422 and junk.json()["detail"] == "Saisie non valide."


def test_plan_e_mails_are_written_in_each_recipients_language(world, django_capture_on_commit_callbacks):
    from accord.plans import services as plans
    from accord.plans.tests.helpers import write

    world.jo.language = "fr"
    world.jo.save()
    write(world.collaboration, "context", "One bid.", world.ana)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        plans.plan_submit(owner=world.collaboration, user=world.ana, base_url="http://testserver")
    [message] = mail.outbox
    assert message.to == ["jo@lumen.test"]
    assert (
        message.subject == "Approbation nécessaire\u00a0: le plan commun de «\u00a0Rail bid\u00a0», version 1"
    )
    assert "En tant que dirigeant responsable" in message.body
