"""Where a page's time goes on PostgreSQL: wall time, CPU time of the process and time in
queries per request, then ``EXPLAIN (ANALYZE, BUFFERS)`` of the page's slowest queries.

Run on a benchmark database built by ``run.py`` or ``plans.py`` (it is only read):

    .venv/bin/python benchmarks/explain.py --database-url postgres://…/accord_bench_plans \\
        --user owner0@bench.example --path /c/<id>/plan/
    .venv/bin/python benchmarks/explain.py --database-url postgres://…/accord_bench \\
        --user owner@heavy.bench --path /o/heavy/register/

On a loaded machine wall time is noisy; CPU time and query time say which side to work on.
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--user", required=True, help="e-mail of the user the page is seen as")
    parser.add_argument("--path", action="append", required=True)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--top", type=int, default=6, help="slowest queries to EXPLAIN")
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        ACCORD_TESTING="1",
        DATABASE_URL=args.database_url,
        DJANGO_ALLOWED_HOSTS="testserver",
    )
    sys.path.insert(0, str(ROOT))
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accord.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=args.user), backend="django.contrib.auth.backends.ModelBackend")
    for path in args.path:
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        wall, cpu, in_db = [], [], []
        for _ in range(args.requests):
            with CaptureQueriesContext(connection) as captured:
                w0, c0 = time.perf_counter(), time.process_time()
                client.get(path)
                wall.append((time.perf_counter() - w0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            in_db.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        wall.sort()
        p95 = wall[min(len(wall) - 1, int(0.95 * len(wall)))]
        print(f"\n{path}: {len(captured.captured_queries)} queries")
        print(
            f"  wall p50 {statistics.median(wall):.1f} ms, p95 {p95:.1f} ms; "
            f"CPU (this process) p50 {statistics.median(cpu):.1f} ms; "
            f"in queries p50 {statistics.median(in_db):.1f} ms (load {os.getloadavg()[0]:.1f})"
        )
        slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:5]
        print(
            "  slowest as run (ms): "
            + ", ".join(f"{float(q['time']) * 1000:.1f} {q['sql'][:60]!r}" for q in slowest)
        )
        timed = []
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0][0]
                timed.append((plan["Execution Time"] + plan["Planning Time"], sql, plan))
        timed.sort(key=lambda row: -row[0])
        total = sum(t for t, _s, _p in timed)
        print(f"  EXPLAIN ANALYZE: {total:.1f} ms in all SELECTs (planning + execution)")
        for ms, sql, _plan in timed[: args.top]:
            print(f"  --- {ms:.2f} ms: {sql[:300]}")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                for (line,) in cursor.fetchall()[:25]:
                    print("      " + line)


if __name__ == "__main__":
    main()
