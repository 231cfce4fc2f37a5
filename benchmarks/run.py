"""Server-time and query-count benchmark of Accord's busiest pages and API calls.

    .venv/bin/python benchmarks/run.py                       # SQLite (fresh file in benchmarks/results/)
    .venv/bin/python benchmarks/run.py --database-url postgres://postgres@127.0.0.1:5432/accord_bench

Builds a fresh database (migrate + ``manage.py bench_generate``), then requests every case
``--requests`` times through django.test.Client, which runs the full middleware stack in
process: that time is what we call server time (no network, no WSGI server). Prints a table
and writes it as JSON to benchmarks/results/<engine>-<date>.json. See benchmarks/README.md.
"""

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time
import traceback
import warnings
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SQLITE_FILE = RESULTS / "bench-sqlite.sqlite3"

TARGET_P95_MS = 30.0
TARGET_QUERIES = 12
WARMUP = 5
HEAVY = "heavy-industries"
OWNER = "bench@heavy.example"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url",
        help="PostgreSQL URL of a dedicated benchmark database (dropped and re-created). "
        "Default: a fresh SQLite file in benchmarks/results/.",
    )
    parser.add_argument("--requests", type=int, default=200, help="Timed requests per case (default 200).")
    parser.add_argument(
        "--reuse", action="store_true", help="Keep the existing benchmark database if it has the data set."
    )
    parser.add_argument("--orgs", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=3000)
    parser.add_argument("--collaborations", type=int, default=50)
    parser.add_argument("--only", help="Run only the cases whose name contains this text.")
    return parser.parse_args()


def prepare_postgres(url: str, reuse: bool) -> None:
    """Drop and create the database named in ``url``, connecting to ``postgres`` on the same server."""
    import psycopg

    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    if "bench" not in name:
        sys.exit(f"Refusing to drop database {name!r}: the benchmark database's name must contain 'bench'.")
    admin = psycopg.connect(
        host=parts.hostname or "localhost",
        port=parts.port or 5432,
        user=unquote(parts.username or "postgres"),
        password=unquote(parts.password) if parts.password else None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            return
        quoted = '"' + name.replace('"', '""') + '"'
        admin.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {quoted}")


def prepare_sqlite(reuse: bool) -> str:
    RESULTS.mkdir(parents=True, exist_ok=True)
    if not reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{SQLITE_FILE}"


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def main() -> None:
    args = parse_args()
    url = args.database_url
    if url:
        if not url.startswith(("postgres://", "postgresql://")):
            sys.exit("--database-url must be a PostgreSQL URL (SQLite is the default).")
        prepare_postgres(url, args.reuse)
    else:
        url = prepare_sqlite(args.reuse)

    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["ACCORD_TESTING"] = "1"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    sys.path.insert(0, str(ROOT))

    # WhiteNoise warns about the missing STATIC_ROOT (collectstatic is not needed here).
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from accord.organizations.models import Organization

    call_command("migrate", verbosity=0, interactive=False)
    generated_in = None
    if not Organization.objects.filter(slug=HEAVY).exists():
        started = time.perf_counter()
        call_command(
            "bench_generate",
            orgs=args.orgs,
            entries=args.entries,
            collaborations=args.collaborations,
        )
        generated_in = round(time.perf_counter() - started, 2)

    cases = build_cases()
    if args.only:
        cases = [c for c in cases if args.only.lower() in c["name"].lower()]
    load_before = os.getloadavg()
    results = run_cases(cases, args.requests)

    engine = connection.vendor
    meta = dataset_meta(engine, generated_in, args.requests)
    meta["load_average_before"] = [round(x, 2) for x in load_before]
    meta["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print_table(meta, results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    partial = "-partial" if args.only else ""  # a partial run does not replace the full one
    out = RESULTS / f"{engine}-{datetime.now(UTC).date().isoformat()}{partial}.json"
    out.write_text(json.dumps({"meta": meta, "results": results}, indent=2, default=str))
    print(f"\nWritten to {out.relative_to(ROOT)}")
    if any(r.get("error") for r in results):
        sys.exit(1)


def build_cases() -> list[dict]:
    from django.db.models import Count
    from django.test import Client

    from accord.accounts.models import User
    from accord.accounts.services import api_token_create
    from accord.collaborations.models import Collaboration, Party, PartyStatus
    from accord.organizations.models import Organization
    from accord.relationships.models import Relationship

    heavy = Organization.objects.get(slug=HEAVY)
    owner = User.objects.get(email=OWNER)
    # A typical entry: scored, tagged, with a decision; the collaboration with the most parties.
    entries = (
        Relationship.objects.in_scope(heavy)
        .exclude(decision="")
        .annotate(n_tags=Count("tags"))
        .filter(n_tags__gte=2)
        .order_by("counterpart_name", "id")
    )
    entry = entries[entries.count() // 2]
    busiest = (
        Party.unscoped.filter(
            status=PartyStatus.ACTIVE,
            collaboration__in=Collaboration.objects.for_organization(heavy).values("pk"),
        )
        .values("collaboration_id")
        .annotate(n=Count("id"))
        .order_by("-n", "collaboration_id")
        .first()
    )
    assert busiest is not None, "bench_generate made no collaboration"
    c = busiest["collaboration_id"]

    session = Client()
    session.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    _token, raw = api_token_create(user=owner, name="benchmark")
    bearer = Client(headers={"authorization": f"Bearer {raw}"})

    reg = f"/o/{HEAVY}/register/"
    api = f"/api/v1/organizations/{HEAVY}/relationships"
    pages = [
        ("register list", reg),
        ("register filtered", f"{reg}?kind=supplier&segment=collaborate"),
        ("register sorted", f"{reg}?sort=-weighted_score"),
        ("register page 40", f"{reg}?page=40"),
        ("register search", f"{reg}?q=Counterpart+12"),
        ("register detail", f"{reg}{entry.pk}/"),
        ("collaboration overview", f"/c/{c}/"),
        ("portfolio matrix", f"/o/{HEAVY}/portfolio/"),
        ("dashboard", f"/o/{HEAVY}/"),
        ("collaboration list", f"/o/{HEAVY}/collaborations/"),
    ]
    apis = [
        ("api list", api),
        ("api filtered", f"{api}?kind=supplier&segment=collaborate"),
        ("api sorted", f"{api}?sort=-weighted_score"),
        ("api page 40", f"{api}?page=40"),
        ("api search", f"{api}?q=Counterpart+12"),
        ("api detail", f"{api}/{entry.pk}"),
        ("api collaboration", f"/api/v1/collaborations/{c}"),
        ("api parties", f"/api/v1/collaborations/{c}/parties"),
        ("api collaborations", "/api/v1/collaborations"),
    ]
    cases = [{"name": n, "path": p, "client": session, "auth": "session"} for n, p in pages + apis]
    cases += [{"name": f"{n} [token]", "path": p, "client": bearer, "auth": "token"} for n, p in apis]
    return cases


def request_once(case: dict) -> tuple[float, float, list[dict], object]:
    """One request: (wall ms, CPU ms of this process, captured queries, response)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # the query log is a bounded deque: a full one would capture nothing
    with CaptureQueriesContext(connection) as captured:
        cpu, started = time.process_time(), time.perf_counter()
        response = case["client"].get(case["path"])
        elapsed, cpu = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}: {response.content[:500]!r}")
    return elapsed, cpu, captured.captured_queries, response


def run_cases(cases: list[dict], requests: int) -> list[dict]:
    """Warm every case up, then request them round-robin so that a burst of load from
    something else on the machine spreads over all cases instead of hitting one."""
    samples: dict[str, dict] = {c["name"]: {"times": [], "cpu": [], "queries": []} for c in cases}
    broken: dict[str, str] = {}
    for _ in range(WARMUP):
        for case in cases:
            if case["name"] not in broken:
                try:
                    request_once(case)
                except Exception:  # a broken page is a result too: report it and go on
                    broken[case["name"]] = traceback.format_exc()
                    print(
                        f"ERROR in {case['name']} ({case['path']}):\n{broken[case['name']]}", file=sys.stderr
                    )
    for _ in range(requests):
        for case in cases:
            if case["name"] in broken:
                continue
            try:
                elapsed, cpu, queries, response = request_once(case)
            except Exception:
                broken[case["name"]] = traceback.format_exc()
                print(f"ERROR in {case['name']} ({case['path']}):\n{broken[case['name']]}", file=sys.stderr)
                continue
            sample = samples[case["name"]]
            sample["times"].append(elapsed)
            sample["cpu"].append(cpu)
            sample["queries"].append(len(queries))
            sample["last_queries"], sample["bytes"] = queries, len(response.content)
    results = []
    for case in cases:
        result = {"name": case["name"], "path": case["path"], "auth": case["auth"]}
        if case["name"] in broken:
            result["error"] = broken[case["name"]].strip().splitlines()[-1]
            result["traceback"] = broken[case["name"]]
            results.append(result)
            continue
        sample = samples[case["name"]]
        times, p95 = sample["times"], percentile(sample["times"], 95)
        result.update(
            requests=len(times),
            p50_ms=round(percentile(times, 50), 2),
            p95_ms=round(p95, 2),
            mean_ms=round(statistics.fmean(times), 2),
            max_ms=round(max(times), 2),
            cpu_p50_ms=round(percentile(sample["cpu"], 50), 2),
            cpu_p95_ms=round(percentile(sample["cpu"], 95), 2),
            max_queries=max(sample["queries"]),
            min_queries=min(sample["queries"]),
            response_bytes=sample["bytes"],
            p95_ok=p95 < TARGET_P95_MS,
            queries_ok=max(sample["queries"]) <= TARGET_QUERIES,
        )
        if not result["queries_ok"] or not result["p95_ok"]:
            result["queries"] = [q["sql"] for q in sample["last_queries"]]
        results.append(result)
    return results


def dataset_meta(engine: str, generated_in: float | None, requests: int) -> dict:
    import django
    from django.db import connection

    from accord.collaborations.models import Collaboration
    from accord.organizations.models import Organization
    from accord.relationships.models import Relationship

    heavy = Organization.objects.get(slug=HEAVY)
    if engine == "postgresql":
        version = connection.cursor().connection.info.server_version
        db_version = f"PostgreSQL {version // 10000}.{version % 10000}"
    else:
        import sqlite3

        db_version = f"SQLite {sqlite3.sqlite_version}"
    return {
        "engine": engine,
        "database": db_version,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "django": django.get_version(),
        "machine": f"{platform.machine()} {platform.system()} {platform.release()}, {os.cpu_count()} CPUs",
        "organizations": Organization.objects.count(),
        "heavy_entries": Relationship.objects.in_scope(heavy).count(),
        "heavy_collaborations": Collaboration.objects.for_organization(heavy).count(),
        "generated_in_s": generated_in,
        "requests_per_case": requests,
        "warmup_per_case": WARMUP,
        "targets": {"p95_ms_below": TARGET_P95_MS, "max_queries": TARGET_QUERIES},
    }


def print_table(meta: dict, results: list[dict]) -> None:
    print(
        f"\n{meta['database']} · {meta['organizations']} organizations · {meta['heavy_entries']} entries · "
        f"{meta['heavy_collaborations']} collaborations · {meta['requests_per_case']} requests per case"
        + (f" · generated in {meta['generated_in_s']} s" if meta["generated_in_s"] is not None else "")
    )
    print(f"load average before/after: {meta['load_average_before']} / {meta['load_average_after']}")
    header = (
        f"{'case':<30} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'cpu p50':>8} {'queries':>8}  "
        f"{'p95<30':<7} {'q<=12':<6}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        if r.get("error"):
            print(f"{r['name']:<30} ERROR {r['error'][:80]}")
            continue
        print(
            f"{r['name']:<30} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} {r['max_ms']:>8.2f} "
            f"{r['cpu_p50_ms']:>8.2f} {r['max_queries']:>8}  "
            f"{'ok' if r['p95_ok'] else 'MISS':<7} {'ok' if r['queries_ok'] else 'MISS':<6}"
        )


if __name__ == "__main__":
    main()
