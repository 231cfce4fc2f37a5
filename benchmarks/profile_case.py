"""Profile one URL against the database benchmarks/run.py built (run that first).

    .venv/bin/python benchmarks/profile_case.py /o/heavy-industries/portfolio/
    .venv/bin/python benchmarks/profile_case.py /o/heavy-industries/register/ --queries
    .venv/bin/python benchmarks/profile_case.py /api/v1/collaborations/1 --token \\
        --database-url postgres://postgres@127.0.0.1:5432/accord_bench
    .venv/bin/python benchmarks/profile_case.py /c/1/plan/plan.pdf --plans --repeat 3

Requests the URL a few times as the heavy organization's owner, then runs it ``--repeat``
times under cProfile and prints the top functions (``--sort``, ``--limit``); ``--queries``
prints the SQL of one request with each query's time instead. ``--plans`` profiles against
the database benchmarks/plans.py built, as its first network member's owner.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_FILE = ROOT / "benchmarks" / "results" / "bench-sqlite.sqlite3"
PLANS_SQLITE_FILE = ROOT / "benchmarks" / "results" / "bench-plans.sqlite3"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("path")
    parser.add_argument("--database-url", help="Default: the SQLite file benchmarks/run.py wrote.")
    parser.add_argument("--token", action="store_true", help="Authenticate with a Bearer token.")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--queries", action="store_true", help="Print the SQL of one request.")
    parser.add_argument(
        "--wsgi",
        action="store_true",
        help="Call the WSGI application as gunicorn does (request signals, a new database "
        "connection per request on SQLite) instead of the test client.",
    )
    parser.add_argument("--dump", help="Also write the profile to this file (pstats, snakeviz).")
    parser.add_argument(
        "--cpu", action="store_true", help="No profiler: print the CPU time per request (median, min)."
    )
    parser.add_argument(
        "--plans",
        action="store_true",
        help="Use the database benchmarks/plans.py built and its first network member's owner.",
    )
    args = parser.parse_args()

    sqlite_file = PLANS_SQLITE_FILE if args.plans else SQLITE_FILE
    if not args.database_url and not sqlite_file.exists():
        sys.exit(f"No benchmark database: run benchmarks/{'plans' if args.plans else 'run'}.py first.")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["ACCORD_TESTING"] = "1"
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{sqlite_file}"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    sys.path.insert(0, str(ROOT))
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from accord.accounts.models import User
    from accord.accounts.services import api_token_create

    owner = User.objects.get(email="owner0@bench.example" if args.plans else "bench@heavy.example")
    if args.token:
        client = Client(
            headers={"authorization": f"Bearer {api_token_create(user=owner, name='profile')[1]}"}
        )
    else:
        client = Client()
        client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")

    get = wsgi_get(client) if args.wsgi else client.get
    for _ in range(3):
        response = get(args.path)
        if response.status_code != 200:
            sys.exit(f"HTTP {response.status_code}: {response.content[:500]!r}")

    if args.cpu:
        cpu = []
        for _ in range(args.repeat):
            started = time.process_time()
            get(args.path)
            cpu.append((time.process_time() - started) * 1000)
        cpu.sort()
        print(
            f"CPU per request: median {cpu[len(cpu) // 2]:.2f} ms, min {cpu[0]:.2f} ms ({args.repeat} requests)"
        )
        return

    if args.queries:
        timed: list[tuple[float, str]] = []

        def timer(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timed.append(((time.perf_counter() - started) * 1000, sql % tuple(params or ())))

        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = get(args.path)
            elapsed = (time.perf_counter() - started) * 1000
        for number, (ms, sql) in enumerate(timed, start=1):
            print(f"{number:>2}. [{ms:7.2f} ms] {sql}\n")
        print(
            f"{len(timed)} queries, {sum(ms for ms, _ in timed):.1f} ms in the database driver, "
            f"{elapsed:.1f} ms in all ({len(response.content)} bytes)"
        )
        return

    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(args.repeat):
        get(args.path)
    profiler.disable()
    print(f"{(time.perf_counter() - started) * 1000 / args.repeat:.1f} ms per request under the profiler")
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.limit)
    if args.dump:
        profiler.dump_stats(args.dump)


def wsgi_get(client):
    """A GET through Django's WSGI handler with the client's cookies and headers, the way
    gunicorn calls it; returns an object with ``status_code`` and ``content``."""
    from types import SimpleNamespace

    from django.core.handlers.wsgi import WSGIHandler
    from django.test.client import RequestFactory

    handler = WSGIHandler()
    cookies = "; ".join(f"{morsel.key}={morsel.value}" for morsel in client.cookies.values())
    extra = dict(client.defaults)  # the client keeps its headers under their WSGI names

    def get(path: str):
        target, _, query = path.partition("?")
        environ = RequestFactory()._base_environ(
            PATH_INFO=target, QUERY_STRING=query, HTTP_COOKIE=cookies, **extra
        )
        status = []
        body = handler(environ, lambda s, h, exc_info=None: status.append(s))
        try:
            content = b"".join(body)
        finally:
            body.close()  # request_finished: closes the database connection when CONN_MAX_AGE is 0
        return SimpleNamespace(status_code=int(status[0].split()[0]), content=content)

    return get


if __name__ == "__main__":
    main()
