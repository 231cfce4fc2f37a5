"""Accord as several stateless app processes against one PostgreSQL and one Redis.

Two gunicorn instances (standing for two machines) run on their own PostgreSQL database
(created and dropped here, named after the xdist worker) and a shared Redis. Requests
alternate between them, and what a user relies on holds whichever process answers: the
session, the login lockout, the invitation rate limit, the optimistic-version conflict and a
task queued by one process, run by the worker and picked up through the other.

Runs in the normal suite when PostgreSQL (``DATABASE_URL``, or the local default) and Redis
(``REDIS_URL``, or the local default) answer; skipped with the reason otherwise.
"""

import hashlib
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

pytestmark = pytest.mark.multihost

ROOT = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("ACCORD_MULTIHOST_DATABASE_URL") or (
    os.environ["DATABASE_URL"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres")
    else "postgres://postgres@127.0.0.1:5432/postgres"
)
REDIS = (
    os.environ.get("ACCORD_MULTIHOST_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
)
PASSWORD = "correct-horse-battery-staple"
# Lockouts live in Redis for 15 minutes: a new address each run, so a lockout left by an
# earlier run cannot pass for one this run made.
EVE = f"eve-{secrets.token_hex(4)}@multi.test"
SEED = """
from accord.accounts.models import User
from accord.organizations.services import organization_create
ana = User.objects.create_user(email="ana@multi.test", password={pw!r}, full_name="Ana", email_verified=True)
User.objects.create_user(email={eve!r}, password={pw!r}, full_name="Eve", email_verified=True)
org = organization_create(name="Multi Ltd", owner=ana)
print(org.slug)
"""


def _reachable() -> str | None:
    """Why the test cannot run here, or None."""
    try:
        import psycopg
        import redis
    except ImportError as error:
        return f"multihost test needs psycopg and redis: {error}"
    try:
        psycopg.connect(PG_URL, connect_timeout=2).close()
    except Exception as error:  # noqa: BLE001
        return f"multihost test needs PostgreSQL at {PG_URL}: {error}"
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except Exception as error:  # noqa: BLE001
        return f"multihost test needs Redis at {REDIS}: {error}"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


@pytest.fixture(scope="module")
def cluster(worker_id: str) -> Iterator[dict]:
    reason = _reachable()
    if reason:
        pytest.skip(reason)
    import psycopg

    name = f"accord_multihost_{worker_id}_{os.getpid()}"
    env = {
        k: v for k, v in os.environ.items() if k not in {"ACCORD_TESTING", "PYTEST_VERSION", "DJANGO_DEBUG"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.multihost.settings",
        DATABASE_URL=_with_db(PG_URL, name),
        REDIS_URL=REDIS,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_EMAIL_BACKEND="locmem",
        DJANGO_AXES_FAILURE_LIMIT="3",
        DJANGO_INVITATIONS_PER_SENDER_PER_HOUR="2",
        ACCORD_MEDIA_DIR=str(ROOT / "var" / f"multihost-media-{worker_id}"),
    )
    run = [sys.executable, "manage.py"]
    servers: list[subprocess.Popen] = []
    logs: list = []
    try:
        _create_migrated(name, env, run)
        slug = (
            subprocess.run(
                [*run, "shell", "-c", SEED.format(pw=PASSWORD, eve=EVE)],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        ports = [_free_port(), _free_port()]
        logs += [tempfile.TemporaryFile() for _ in ports]  # noqa: SIM115 (closed below)
        for port in ports:
            servers.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "config.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                        "--timeout",
                        "60",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=logs[len(servers)],
                )
            )
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        _wait_until_up(bases, servers)
        yield {"bases": bases, "slug": slug, "env": env, "run": run, "logs": logs}
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        for log in logs:
            log.close()
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _migrations_key() -> str:
    """Names and sizes of every migration file: a template database is reused while equal."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("accord/*/migrations/*.py")):
        digest.update(f"{path.relative_to(ROOT)}:{path.stat().st_size}".encode())
    return digest.hexdigest()[:12]


def _create_migrated(name: str, env: dict, run: list[str]) -> None:
    """Create ``name`` as a copy of a migrated template database (migrating the template the
    first time, which takes a minute or more on PostgreSQL; a copy takes about a second)."""
    import psycopg

    template = f"accord_multihost_tpl_{_migrations_key()}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(4400344)")  # one xdist worker builds the template
        try:
            found = {
                r[0]
                for r in conn.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE 'accord_multihost_tpl_%'"
                )
            }
            for stale in found - {template}:
                conn.execute(f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)')
            if template not in found:
                conn.execute(f'CREATE DATABASE "{template}"')
                try:
                    subprocess.run(
                        [*run, "migrate", "--noinput", "-v0"],
                        cwd=ROOT,
                        env={**env, "DATABASE_URL": _with_db(PG_URL, template)},
                        check=True,
                        timeout=900,
                    )
                except BaseException:
                    conn.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
                    raise
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        finally:
            conn.execute("SELECT pg_advisory_unlock(4400344)")


def _wait_until_up(bases: list[str], servers: list[subprocess.Popen]) -> None:
    import requests

    deadline = time.monotonic() + 60
    for base, server in zip(bases, servers, strict=True):
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn on {base} stopped")
            try:
                requests.get(base + "/accounts/login/", timeout=30)
                break
            except (requests.ConnectionError, requests.Timeout):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


def _server_logs(cluster: dict) -> str:
    """The end of both servers' error output, for a failure's message."""
    out = []
    for log in cluster["logs"]:
        log.seek(0)
        out.append(log.read().decode(errors="replace")[-3000:])
    return "\n---\n".join(out)


def _csrf(session, url: str) -> str:
    session.get(url, timeout=30)
    return session.cookies.get("csrftoken")


def _login(session, base: str, email: str, password: str):
    token = _csrf(session, base + "/accounts/login/")
    return session.post(
        base + "/accounts/login/",
        data={"username": email, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": base + "/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )


def _post(session, url: str, data: dict):
    data = {**data, "csrfmiddlewaretoken": session.cookies.get("csrftoken")}
    return session.post(url, data=data, headers={"Referer": url}, allow_redirects=False, timeout=60)


def test_two_app_processes_share_sessions_lockouts_limits_conflicts_and_tasks(cluster):
    import requests

    a, b = cluster["bases"]
    slug = cluster["slug"]

    # A session opened on one process is the same session on the other.
    ana = requests.Session()
    signed_in = _login(ana, a, "ana@multi.test", PASSWORD)
    assert signed_in.status_code == 302, signed_in.text[:3000]
    members = ana.get(f"{b}/o/{slug}/members/", allow_redirects=False, timeout=30)
    assert members.status_code == 200, "signed in on A, B does not know the session"

    # Failed logins count across processes: the third (limit 3) locks the account on both.
    for base in (a, b, a):
        assert _login(requests.Session(), base, EVE, "wrong").status_code in {200, 401, 422, 429}
    for base in (a, b):
        locked = _login(requests.Session(), base, EVE, PASSWORD)
        assert locked.status_code == 429, f"{base}: the lockout is not shared ({locked.status_code})"

    # The invitation limit (2 an hour here) counts invitations sent through either process.
    for index, base in enumerate((a, b)):
        sent = _post(ana, f"{base}/o/{slug}/members/invite/", {"email": f"p{index}@x.test", "role": "viewer"})
        assert sent.status_code == 302, sent.status_code
    limited = _post(ana, f"{a}/o/{slug}/members/invite/", {"email": "p9@x.test", "role": "viewer"})
    assert limited.status_code == 429

    # Two people save the same section from the revision they read: the second, on the
    # other process, gets the conflict instead of overwriting.
    section = f"/o/{slug}/plan/sections/policy/"
    ana.get(a + section, timeout=30)
    saved = _post(ana, a + section, {"text": "Grow with partners.", "revision": 0})
    assert saved.status_code == 302, _server_logs(cluster)
    conflict = _post(ana, b + section, {"text": "Work alone.", "revision": 0})
    assert conflict.status_code == 409 and "Grow with partners." in conflict.text

    # A task queued through A (the draft PDF) is run by a worker (anywhere) and its result
    # is picked up through B.
    page = ana.get(f"{a}/o/{slug}/plan/document/?fmt=pdf", timeout=30)
    assert page.status_code == 200 and "<progress" in page.text
    status_path = re.search(r'id="document-build"[^>]*hx-get="([^"]+)"', page.text).group(1)
    subprocess.run(
        [*cluster["run"], "accord_worker", "--once"],
        cwd=ROOT,
        env=cluster["env"],
        check=True,
        timeout=120,
        capture_output=True,
    )
    poll = ana.get(b + status_path, headers={"HX-Request": "true"}, timeout=30)
    assert "ready" in poll.text, poll.text[:500]
    pdf = ana.get(b + status_path + "?download=1", timeout=30)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
