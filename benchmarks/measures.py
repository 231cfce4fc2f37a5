"""Benchmark of measures and joint reviews at full size (issue 7: measurement, ISO 44003 5.11).

A collaboration of 3 parties with 50 joint measures and five years of monthly values each
(3,000 values), built by the measures app's own benchmark step
(``accord.measures.demo.bench``, bulk inserts), and a joint review of the last year whose
snapshot holds all 50 measures × 12 months. A second collaboration with the same 50 measures
but only 3 months of values shows that query counts do not grow with the number of values.
Measures, as one party's owner: the measures page (first page, and filtered and searched),
one measure's page with its chart and 60 values, the status and values API, the reviews list
and the review page.

    .venv/bin/python benchmarks/measures.py [--database-url postgres://…/accord_bench_measures] [--requests 200]

Target: p95 < 25 ms on SQLite, with a query count that does not grow with rows.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TARGET_MS = 25


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
    path = RESULTS / "bench-measures.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def build() -> tuple[object, dict[str, dict[str, int]]]:
    """Two collaborations of the same three parties: ``large`` (60 months of values) and
    ``small`` (3 months). Returns the first party's owner and, per collaboration, its id, the
    first measure's id and the review's id."""
    from django.utils import timezone

    from accord.accounts.models import User
    from accord.collaborations.models import Collaboration, Party
    from accord.measures import services
    from accord.measures.demo import bench
    from accord.measures.models import JointMeasure
    from accord.organizations.services import organization_create

    owners = [User.objects.create_user(email=f"owner{i}@bench.example", password="x") for i in range(3)]
    orgs = [organization_create(name=f"Network member {i}", owner=u) for i, u in enumerate(owners)]
    ids = {}
    for label, months in (("large", 60), ("small", 3)):
        collaboration = Collaboration.objects.create(
            name=f"Measures benchmark ({label})", working_model="network", stage=7
        )
        for i, (org, user) in enumerate(zip(orgs, owners, strict=True)):
            Party.objects.create(collaboration=collaboration, organization=org, ser=user, is_initiator=i == 0)
        bench(SimpleNamespace(bench_collaboration=collaboration, rng=random.Random(44003)), months=months)
        today = timezone.localdate()
        review = services.review_create(
            collaboration=collaboration,
            data={
                "title": "Annual joint review",
                "period_start": today.replace(day=1) - timedelta(days=365),
                "period_end": today.replace(day=1) - timedelta(days=1),
                "findings": "Most measures on track.",
                "lessons": "Agree the data owners early.",
            },
        )
        first = JointMeasure.unscoped.filter(collaboration=collaboration).order_by("pk").first()
        ids[label] = {"collaboration": collaboration.pk, "measure": first.pk, "review": review.pk}
    return owners[0], ids


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
        # CPU time of this process too: on a shared, busy machine it shows the page's own cost.
        "cpu_p95_ms": round(cpu[min(len(cpu) - 1, int(0.95 * len(cpu)))], 1),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
        "max_ms": round(times[-1], 1),
        "queries": queries,
        "bytes": len(response.content),
    }


def cases(ids: dict[str, int]) -> list[tuple[str, str]]:
    c, m, r = ids["collaboration"], ids["measure"], ids["review"]
    return [
        ("measures page", f"/c/{c}/measures/"),
        ("measures filtered", f"/c/{c}/measures/?kind=delivery&q=Measure&sort=-name"),
        ("measure chart page", f"/c/{c}/measures/{m}/"),
        ("status API", f"/api/v1/collaborations/{c}/measures-status"),
        ("values API", f"/api/v1/collaborations/{c}/measures/{m}/values"),
        ("reviews list", f"/c/{c}/reviews/"),
        ("review page", f"/c/{c}/reviews/{r}/"),
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

    from accord.measures.models import JointMeasure, JointMeasureValue

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0, interactive=False)
    owner, ids = build()
    client = Client()
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    counts = {
        label: {
            "measures": JointMeasure.unscoped.filter(collaboration_id=i["collaboration"]).count(),
            "values": JointMeasureValue.unscoped.filter(collaboration_id=i["collaboration"]).count(),
        }
        for label, i in ids.items()
    }
    # Query counts with 3 months of values, to compare with 60 months.
    small = {name: measure(client, path, 3)["queries"] for name, path in cases(ids["small"])}
    results = []
    print(f"{connection.vendor}: 3 parties, {counts}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'case':<20}{'p50 ms':>9}{'p95 ms':>9}{'cpu p95':>9}{'queries':>9}{'(3 mo.)':>9}  target")
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
    out = RESULTS / f"measures-{connection.vendor}-{datetime.now(UTC).date().isoformat()}.json"
    out.write_text(
        json.dumps({"data": counts, "results": results, "load_average": os.getloadavg()}, indent=2)
    )
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
