"""Benchmark of assessment results at full size (issue 10: ISO 44003 5.2, 5.6, 5.7, 5.11).

Heavy Industries runs one 60-question questionnaire: 40 past campaigns (five respondents
each) and a current one with 200 respondents × 60 questions (12,000 answers), built by the
assessments app's own benchmark step (``accord.assessments.demo.bench``, bulk inserts). A
second organization with the same questionnaire but 3 past campaigns of 5 respondents
shows that query counts do not grow with answers or campaigns. Measured, as the owner: the
results page of the 200 × 60 campaign (charts, trend over the earlier campaigns, spread per
question), its results API, the results page of a past campaign, the campaigns list, and the
campaign page.

    .venv/bin/python benchmarks/assessments.py [--database-url postgres://…/accord_bench_assessments] [--requests 200]

Target: p95 < 40 ms on SQLite, with a query count that does not grow with rows.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TARGET_MS = 40


def prepare(url: str | None) -> str:
    if url:
        import psycopg

        name = url.rsplit("/", 1)[1]
        if "bench" not in name:
            sys.exit("The database name must contain 'bench': it is dropped and re-created.")
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return url
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "bench-assessments.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def build() -> tuple[object, dict[str, dict[str, object]]]:
    """``large`` (40 past campaigns, 200 × 60 now) and ``small`` (3 past, 5 × 60 now)."""
    from accord.accounts.models import User
    from accord.assessments.demo import bench
    from accord.assessments.models import OwnCampaign
    from accord.organizations.services import organization_create

    owner = User.objects.create_user(email="owner@bench.example", password="x")
    ids = {}
    for label, respondents, past in (("large", 200, 40), ("small", 5, 3)):
        org = organization_create(name=f"Assessments benchmark ({label})", owner=owner)
        bench(
            SimpleNamespace(heavy=org, rng=random.Random(44003), password="!"),
            respondents=respondents,
            past=past,
        )
        campaigns = list(
            OwnCampaign.unscoped.filter(organization=org).order_by("created_at").values_list("pk", flat=True)
        )
        ids[label] = {"org": org.slug, "current": campaigns[-1], "past": campaigns[len(campaigns) // 2]}
    return owner, ids


def measure(client, path: str, n: int) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):  # warm-up
        assert client.get(path).status_code == 200, path
    times, cpu, queries = [], [], 0
    for _ in range(n):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
        queries = max(queries, len(captured.captured_queries))
    times.sort()
    cpu.sort()
    return {
        "cpu_p95_ms": round(cpu[min(len(cpu) - 1, int(0.95 * len(cpu)))], 1),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
        "max_ms": round(times[-1], 1),
        "queries": queries,
        "bytes": len(response.content),
    }


def cases(ids: dict[str, object]) -> list[tuple[str, str]]:
    org, current, past = ids["org"], ids["current"], ids["past"]
    return [
        ("results page", f"/o/{org}/assessments/{current}/results/"),
        ("results API", f"/api/v1/organizations/{org}/assessments/{current}/results"),
        ("past results page", f"/o/{org}/assessments/{past}/results/"),
        ("campaigns list", f"/o/{org}/assessments/"),
        ("campaign page", f"/o/{org}/assessments/{current}/"),
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
    sys.path.insert(0, str(ROOT))
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accord.assessments.models import Answer, OwnCampaign

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0, interactive=False)
    owner, ids = build()
    client = Client()
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    counts = {
        label: {
            "campaigns": OwnCampaign.unscoped.filter(organization__slug=i["org"]).count(),
            "answers_current": Answer.objects.filter(respondent__own_campaign_id=i["current"]).count(),
        }
        for label, i in ids.items()
    }
    small = {name: measure(client, path, 3)["queries"] for name, path in cases(ids["small"])}
    results = []
    print(f"{connection.vendor}: {counts}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'case':<20}{'p50 ms':>9}{'p95 ms':>9}{'cpu p95':>9}{'queries':>9}{'(small)':>9}  target")
    for name, path in cases(ids["large"]):
        row = {"name": name, "path": path, "requests": args.requests, **measure(client, path, args.requests)}
        row["queries_small"] = small[name]
        row["target_ms"] = TARGET_MS
        row["ok"] = row["p95_ms"] < TARGET_MS and row["queries"] == small[name]
        results.append(row)
        print(
            f"{name:<20}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['cpu_p95_ms']:>9}{row['queries']:>9}"
            f"{small[name]:>9}  p95 < {TARGET_MS} ms, queries flat: {'ok' if row['ok'] else 'MISS'}"
        )
    out = RESULTS / f"assessments-{connection.vendor}-{datetime.now(UTC).date().isoformat()}.json"
    out.write_text(
        json.dumps({"data": counts, "results": results, "load_average": os.getloadavg()}, indent=2)
    )
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
