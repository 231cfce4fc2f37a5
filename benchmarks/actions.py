"""Benchmark of actions and meetings at full size (issue 9: governance meetings, decisions and
actions, ISO 44003 5.4.3.3, 5.5).

One organization ("Heavy") in a collaboration with a partner: 5,000 actions owned by Heavy's
owner (4,000 joint in the collaboration, 1,000 of Heavy's own), 300 meetings with two
decisions each, built by the apps' own benchmark steps (``accord.actions.demo.bench``,
``accord.meetings.demo.bench``, bulk inserts). A second person owns 30 actions in the same
spaces, to show that query counts do not grow with the number of actions. Measured, as the
owner: "My actions" (first and a later page, and its API), the joint actions register (and
filtered to overdue), the meetings list, a meeting page and the decision log searched.

    .venv/bin/python benchmarks/actions.py [--database-url postgres://…/accord_bench_actions] [--requests 200]

Target: p95 < 25 ms on SQLite, with a query count that does not grow with rows.
"""

import argparse
import json
import os
import random
import sys
import warnings
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.measures import RESULTS, TARGET_MS, measure  # noqa: E402


def prepare(url: str | None) -> str:
    if url:
        from benchmarks.measures import prepare as prepare_postgres

        return prepare_postgres(url)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "bench-actions.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def build() -> tuple[object, object, dict[str, int]]:
    from accord.accounts.models import User
    from accord.actions.demo import bench as actions_bench
    from accord.actions.models import JointAction
    from accord.collaborations.models import Collaboration, Party
    from accord.meetings.demo import bench as meetings_bench
    from accord.meetings.models import Meeting
    from accord.organizations.models import Membership
    from accord.organizations.services import organization_create

    owner = User.objects.create_user(email="bench@heavy.example", password="x", full_name="Heavy owner")
    light = User.objects.create_user(email="light@heavy.example", password="x", full_name="Light user")
    partner = User.objects.create_user(email="owner@partner.example", password="x")
    heavy = organization_create(name="Heavy Industries", owner=owner)
    Membership.objects.create(organization=heavy, user=light, role="manager")
    other = organization_create(name="Partner Ltd", owner=partner)
    collaboration = Collaboration.objects.create(
        name="Heavy joint programme", working_model="network", stage=7
    )
    Party.objects.create(collaboration=collaboration, organization=heavy, ser=owner, is_initiator=True)
    Party.objects.create(collaboration=collaboration, organization=other, ser=partner)
    world = SimpleNamespace(
        bench_collaboration=collaboration, heavy=heavy, heavy_owner=owner, rng=random.Random(44003)
    )
    meetings_bench(world)
    actions_bench(world)
    # The light user: 30 actions in the same spaces.
    light_world = SimpleNamespace(
        bench_collaboration=collaboration, heavy=heavy, heavy_owner=light, rng=random.Random(1)
    )
    import accord.actions.demo as demo

    joint, own = demo.BENCH_JOINT, demo.BENCH_OWN
    demo.BENCH_JOINT, demo.BENCH_OWN = 20, 10
    try:
        actions_bench(light_world)
    finally:
        demo.BENCH_JOINT, demo.BENCH_OWN = joint, own
    meeting = Meeting.unscoped.filter(collaboration=collaboration).order_by("-starts_at").first()
    ids = {"collaboration": collaboration.pk, "meeting": meeting.pk, "org": heavy.slug}
    assert JointAction.unscoped.filter(owner_user=owner).count() == demo.BENCH_JOINT
    return owner, light, ids


def cases(ids: dict) -> list[tuple[str, str]]:
    c, m, org = ids["collaboration"], ids["meeting"], ids["org"]
    return [
        ("my actions", "/me/actions/"),
        ("my actions p.40", "/me/actions/?page=40"),
        ("my actions done", "/me/actions/?state=done"),
        ("my actions API", "/api/v1/me/actions?page=3&page_size=50"),
        ("joint actions", f"/c/{c}/actions/"),
        ("joint overdue", f"/c/{c}/actions/?overdue=true&status=open"),
        ("own actions", f"/o/{org}/actions/"),
        ("meetings list", f"/c/{c}/meetings/"),
        ("meeting page", f"/c/{c}/meetings/{m}/"),
        ("decision search", f"/c/{c}/decisions/?q=Decision+1"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        ACCORD_TESTING="1",
        DATABASE_URL=prepare(args.database_url),
        DJANGO_ALLOWED_HOSTS="testserver",
    )
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accord.actions.models import JointAction, OwnAction
    from accord.meetings.models import Meeting

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0, interactive=False)
    owner, light, ids = build()
    counts = {
        "joint actions": JointAction.unscoped.count(),
        "own actions": OwnAction.unscoped.count(),
        "meetings": Meeting.unscoped.count(),
    }
    client = Client()
    client.force_login(light, backend="django.contrib.auth.backends.ModelBackend")
    small = {name: measure(client, path, 3)["queries"] for name, path in cases(ids)}
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    results = []
    print(f"{connection.vendor}: {counts}; the owner has 5,000 actions, the light user 30")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'case':<20}{'p50 ms':>9}{'p95 ms':>9}{'cpu p95':>9}{'queries':>9}{'(light)':>9}  target")
    for name, path in cases(ids):
        row = {"name": name, "path": path, "requests": args.requests, **measure(client, path, args.requests)}
        row["queries_light"] = small[name]
        row["target_ms"] = TARGET_MS
        row["ok"] = row["p95_ms"] < TARGET_MS and row["queries"] <= small[name]
        results.append(row)
        print(
            f"{name:<20}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['cpu_p95_ms']:>9}{row['queries']:>9}"
            f"{small[name]:>9}  p95 < {TARGET_MS} ms, queries flat: {'ok' if row['ok'] else 'MISS'}"
        )
    out = RESULTS / f"actions-{connection.vendor}-{datetime.now(UTC).date().isoformat()}.json"
    out.write_text(
        json.dumps({"data": counts, "results": results, "load_average": os.getloadavg()}, indent=2)
    )
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
