"""Browser tests: pytest-playwright (sync API) against pytest-django's live_server.

Chromium comes from Debian (/usr/bin/chromium): `playwright install` is never needed.
The live server runs in a thread of this process, so the tests read e-mail from
django.core.mail.outbox and may set up data with the ORM (transactional_db, as live_server
requires).
"""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    return {
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _fail_fast() -> None:
    """A missing element fails in seconds, not after Playwright's default 30 s."""
    expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture
def url(live_server) -> Callable[[str], str]:
    """Absolute URL on the live server for a path."""
    return lambda path: live_server.url + path


@pytest.fixture
def page(page: Page) -> Page:
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    return page
