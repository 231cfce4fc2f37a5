"""Benchmark of the joint risk register at full size (issue 9: risk management, ISO 44003 5.10).

A collaboration of 3 parties with 2,000 joint risks and about 3,000 mitigations (a tenth of
them private), built by the risks app's own benchmark step (``accord.risks.demo.bench``, bulk
inserts); a second collaboration of the same parties with 20 risks shows that query counts
do not grow with rows. Measured as one party's owner: the register (first page, filtered,
sorted), the heat map page (inherent and residual), one risk's page, the register's and the
heat map's API; and the Excel export of all 2,000 risks.

    .venv/bin/python benchmarks/risks.py [--database-url postgres://…/accord_bench_risks] [--requests 200]

Targets: p95 < 25 ms on SQLite with a query count that does not grow with rows; the Excel
export of 2,000 risks under 1 s.
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
TARGET_MS = 25
EXPORT_TARGET_MS = 1000


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
    path = RESULTS / "bench-risks.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def build() -> tuple[object, dict[str, dict[str, int]]]:
    """Two collaborations of the same three parties: ``large`` (2,000 risks) and ``small`` (20)."""
    from accord.accounts.models import User
    from accord.collaborations.models import Collaboration, Party
    from accord.organizations.services import organization_create
    from accord.risks import demo
    from accord.risks.models import JointRisk

    owners = [User.objects.create_user(email=f"owner{i}@bench.example", password="x") for i in range(3)]
    orgs = [organization_create(name=f"Network member {i}", owner=u) for i, u in enumerate(owners)]
    ids = {}
    for label, count in (("large", demo.BENCH_RISKS), ("small", 20)):
        collaboration = Collaboration.objects.create(
            name=f"Risks benchmark ({label})", working_model="network", stage=7
        )
        for i, (org, user) in enumerate(zip(orgs, owners, strict=True)):
            Party.objects.create(collaboration=collaboration, organization=org, ser=user, is_initiator=i == 0)
        demo.BENCH_RISKS, saved = count, demo.BENCH_RISKS
        try:
            demo.bench(
                SimpleNamespace(
                    bench_collaboration=collaboration, rng=random.Random(44003), heavy_owner=owners[0]
                )
            )
        finally:
            demo.BENCH_RISKS = saved
        first = JointRisk.unscoped.filter(collaboration=collaboration).order_by("pk").first()
        ids[label] = {"collaboration": collaboration.pk, "risk": first.pk}
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
            body = b"".join(response.streaming_content) if response.streaming else response.content
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
        "bytes": len(body),
    }


def cases(ids: dict[str, int]) -> list[tuple[str, str]]:
    c, r = ids["collaboration"], ids["risk"]
    return [
        ("risk register", f"/c/{c}/risks/"),
        ("register filtered", f"/c/{c}/risks/?category=operational&status=open&q=risk&sort=-score"),
        ("register page 3", f"/c/{c}/risks/?page=3&sort=review_date"),
        ("overdue reviews", f"/c/{c}/risks/?overdue_review=true"),
        ("heat map page", f"/c/{c}/risks/heat-map/"),
        ("risk page", f"/c/{c}/risks/{r}/"),
        ("register API", f"/api/v1/collaborations/{c}/risks"),
        ("heat map API", f"/api/v1/collaborations/{c}/risk-heat-map?residual=true"),
        ("mitigations API", f"/api/v1/collaborations/{c}/risks/{r}/mitigations"),
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

    from accord.risks.models import JointMitigation, JointRisk

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0, interactive=False)
    owner, ids = build()
    client = Client()
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    counts = {
        label: {
            "risks": JointRisk.unscoped.filter(collaboration_id=i["collaboration"]).count(),
            "mitigations": JointMitigation.unscoped.filter(collaboration_id=i["collaboration"]).count(),
        }
        for label, i in ids.items()
    }
    small = {name: measure(client, path, 3)["queries"] for name, path in cases(ids["small"])}
    results = []
    print(f"{connection.vendor}: 3 parties, {counts}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'case':<20}{'p50 ms':>9}{'p95 ms':>9}{'cpu p95':>9}{'queries':>9}{'(20)':>9}  target")
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
    c = ids["large"]["collaboration"]
    export = {"name": "Excel export (2,000 risks)", "path": f"/c/{c}/risks/export.xlsx", "requests": 10}
    export.update(measure(client, export["path"], 10))
    export["target_ms"] = EXPORT_TARGET_MS
    export["ok"] = export["p95_ms"] < EXPORT_TARGET_MS
    results.append(export)
    print(
        f"{'Excel export':<20}{export['p50_ms']:>9}{export['p95_ms']:>9}{export['cpu_p95_ms']:>9}"
        f"{export['queries']:>9}{'':>9}  p95 < {EXPORT_TARGET_MS} ms: {'ok' if export['ok'] else 'MISS'}"
        f" ({export['bytes']:,} bytes)"
    )
    out = RESULTS / f"risks-{connection.vendor}-{datetime.now(UTC).date().isoformat()}.json"
    out.write_text(
        json.dumps({"data": counts, "results": results, "load_average": os.getloadavg()}, indent=2)
    )
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
