"""Test settings and personas shared by every test module.

Personas (Zulip style): Brightwave (ana owner, plus one member per role), its partner Lumen
(jo owner, lou viewer) in a collaboration with Brightwave, and unrelated Globex (mallory).
"""

import os

os.environ.setdefault("ACCORD_TESTING", "1")
os.environ.setdefault("DJANGO_EMAIL_BACKEND", "locmem")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402


def pytest_sessionstart(session):
    """The French catalogue compiled (pure Python, skipped when the .mo is up to date), so that
    `pytest` run directly tests the pages in French too."""
    from accord.core.i18n import compile_catalogues

    compile_catalogues()


@pytest.fixture(autouse=True)
def english_to_start_with():
    """Every test starts in the default language. A request in French (a French browser, a
    person who chose French) leaves French active in the thread, as Django does between
    requests; without this, the next test on the same process would build its data (a
    campaign named from a shipped template, say) in French."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    from tests.factories import build_world

    return build_world()
