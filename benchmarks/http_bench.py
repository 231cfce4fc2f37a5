"""Accord through a real server: gunicorn (2 sync workers, DEBUG off) on the benchmark data set.

    .venv/bin/python benchmarks/http_bench.py                 # SQLite, fresh data set
    .venv/bin/python benchmarks/http_bench.py --reuse         # keep the data set run.py built
    .venv/bin/python benchmarks/http_bench.py --database-url postgres://postgres@127.0.0.1:5432/accord_bench

1. Builds (or reuses) the data set as benchmarks/run.py does and measures every case in process
   first (django.test.Client: query count, server time, CPU time) — today's figures.
2. Starts gunicorn on a free loopback port with production settings (DEBUG off, a secret key,
   the manifest static storage after ``collectstatic``; only HTTPS redirects and secure
   cookies are off, since the load tool speaks plain HTTP on loopback).
3. Measures each case with ``wrk`` at 1 and 8 connections (req/s, p50, p95, p99, errors).
   Without wrk (Debian: ``apt-get install wrk``; ``make bench`` installs it), a Python load
   generator in this process does the same job, less precisely.
4. Sends 10,000 mixed requests over every main page and API call (every menu link of the
   organization and of the joint space) and reads each worker's resident memory (RSS) before
   and every 1,000 requests: the workers must stay under 100 MB and not grow.

Writes benchmarks/results/http-<engine>-<date>.json. See benchmarks/README.md.
"""

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import warnings
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (benchmarks/run.py: data set, in-process timing)

ROOT = run.ROOT
RESULTS = run.RESULTS
HEAVY = run.HEAVY
TARGET_P50_MS = 4.0
TARGET_RSS_MB = 100.0
SECRET_KEY = "benchmark-" + secrets.token_urlsafe(32)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="PostgreSQL URL (dropped and re-created unless --reuse).")
    parser.add_argument("--reuse", action="store_true", help="Keep a database that holds the data set.")
    parser.add_argument("--duration", type=float, default=5.0, help="Seconds per case and load (default 5).")
    parser.add_argument(
        "--connections", default="1,8", help="Comma-separated connection counts (default 1,8)."
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2).")
    parser.add_argument(
        "--no-preload",
        dest="preload",
        action="store_false",
        help="Each worker imports Accord itself, instead of sharing what the master imported "
        "(gunicorn.conf.py's preload_app and gc.freeze, the default as in production).",
    )
    parser.add_argument(
        "--mixed", type=int, default=10_000, help="Mixed requests for the memory run (0 skips it)."
    )
    parser.add_argument(
        "--in-process", type=int, default=50, help="In-process requests per case (0 skips them)."
    )
    parser.add_argument("--only", help="Only the cases whose name contains this text.")
    parser.add_argument("--python-load", action="store_true", help="Use the Python load generator.")
    parser.add_argument("--serve", action="store_true", help="Start gunicorn, print the cases, wait.")
    return parser.parse_args()


def setup_django(args: argparse.Namespace) -> str:
    url = args.database_url
    if url:
        if not url.startswith(("postgres://", "postgresql://")):
            sys.exit("--database-url must be a PostgreSQL URL (SQLite is the default).")
        run.prepare_postgres(url, args.reuse)
    else:
        url = run.prepare_sqlite(args.reuse)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["ACCORD_TESTING"] = "1"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    # The session cookie made here must be valid in gunicorn: same key on both sides.
    os.environ["DJANGO_SECRET_KEY"] = SECRET_KEY
    sys.path.insert(0, str(ROOT))
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.core.management import call_command

    from accord.organizations.models import Organization

    call_command("migrate", verbosity=0, interactive=False)
    if not Organization.objects.filter(slug=HEAVY).exists():
        started = time.perf_counter()
        call_command("bench_generate", orgs=1000, entries=3000, collaborations=50)
        print(f"Data set generated in {time.perf_counter() - started:.1f} s")
    return url


def build_cases() -> tuple[list[dict], list[str], dict[str, str]]:
    """The measured cases (name, path, auth), the paths of the mixed run, and the headers of
    each kind of authentication."""
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from accord.accounts.models import User
    from accord.accounts.services import api_token_create
    from accord.collaborations.models import Collaboration, Party, PartyStatus
    from accord.core.registry import registry
    from accord.organizations.models import Organization
    from accord.relationships.models import Relationship

    heavy = Organization.objects.get(slug=HEAVY)
    owner = User.objects.get(email=run.OWNER)
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
    c = busiest["collaboration_id"]
    session = Client()
    session.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    _token, raw = api_token_create(user=owner, name="http benchmark")
    bearer = Client(headers={"authorization": f"Bearer {raw}"})
    from django.conf import settings

    headers = {
        "session": {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session.cookies[settings.SESSION_COOKIE_NAME].value}"
        },
        "token": {"Authorization": f"Bearer {raw}"},
    }
    reg = f"/o/{HEAVY}/register/"
    api = f"/api/v1/organizations/{HEAVY}/relationships"
    cases = [
        ("API register list (10 rows)", f"{api}?page_size=10", "token"),
        ("API entry", f"{api}/{entry.pk}", "token"),
        ("API collaboration", f"/api/v1/collaborations/{c}", "token"),
        ("register page (25 rows)", reg, "session"),
        ("register sorted", f"{reg}?sort=-weighted_score", "session"),
        ("register search", f"{reg}?q=Counterpart+12", "session"),
        ("entry page", f"{reg}{entry.pk}/", "session"),
        ("organization home", f"/o/{HEAVY}/", "session"),
        ("portfolio", f"/o/{HEAVY}/portfolio/", "session"),
        ("collaboration list", f"/o/{HEAVY}/collaborations/", "session"),
        ("plan page", f"/o/{HEAVY}/plan/", "session"),
        ("collaboration overview", f"/c/{c}/", "session"),
        ("joint plan", f"/c/{c}/plan/", "session"),
    ]
    clients = {"session": session, "token": bearer}
    measured = [{"name": n, "path": p, "auth": a, "client": clients[a]} for n, p, a in cases]
    # Every main page: the cases plus each menu link of the organization and the joint space.
    mixed = [p for _n, p, a in cases if a == "session"]
    mixed += [reverse(link.url_name, args=[HEAVY]) for link in registry.nav_links("org")]
    mixed += [reverse(link.url_name, args=[c]) for link in registry.nav_links("collaboration")]
    mixed = list(dict.fromkeys(mixed))
    return measured, mixed, headers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(url: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"ACCORD_TESTING", "DJANGO_DEBUG", "PYTEST_VERSION"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=url,
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_EMAIL_BACKEND="locmem",
    )
    return env


def start_gunicorn(url: str, workers: int, preload: bool = True) -> tuple[subprocess.Popen, str]:
    env = server_env(url)
    venv_bin = Path(sys.executable).parent
    # Production serves static files from the manifest storage: collect them first.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    port = free_port()
    gunicorn = shutil.which("gunicorn", path=str(venv_bin)) or "gunicorn"
    log = open(RESULTS / "http-gunicorn.log", "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(
        [gunicorn, "config.wsgi", "--workers", str(workers), "--worker-class", "sync",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120"],
        cwd=ROOT, env={**env, "ACCORD_GUNICORN_PRELOAD": "1" if preload else "0"}, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped; see {RESULTS / 'http-gunicorn.log'}")
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=60).read()
            break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    while len(worker_pids(server.pid)) < workers:
        time.sleep(0.1)
    return server, base


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def worker_pids(master: int) -> list[int]:
    try:
        return sorted(int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split())
    except OSError:
        return []


def pss_mb(pid: int) -> float:
    """Proportional set size: shared pages (the code gunicorn's --preload imports once in the
    master) count for their share only."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes used so far (from /proc; clock ticks)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / ticks


def check(base: str, path: str, headers: dict[str, str]) -> str | None:
    """None when the page answers 200 (no redirect followed), else what it answered."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(base + path, headers=headers), timeout=30) as response:
            return None if response.status == 200 else f"HTTP {response.status}"
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"


# --- Load: wrk with a Lua script, or a Python fallback --------------------------------------

LUA = r"""
local paths = {%(paths)s}
local limit = %(limit)d
%(headers)s
local i = 0
local seen = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
%(response)s
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d, "p50": %%d, "p95": %%d, "p99": %%d, "max": %%d, "mean": %%f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
"""

LUA_LIMIT = """
response = function(status, headers, body)
  seen = seen + 1
  if seen >= limit then wrk.thread:stop() end
end
"""


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk_run(
    base: str, paths: list[str], headers: dict[str, str], connections: int, duration: float, limit: int = 0
) -> dict:
    script = LUA % {
        "paths": ", ".join(lua_string(p) for p in paths),
        "limit": limit,
        "headers": "\n".join(f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()),
        "response": LUA_LIMIT if limit else "",
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        out = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{int(duration)}s", "--timeout", "10s", "-s", f.name, base],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(f.name)
    data = json.loads(next(line for line in out.splitlines() if line.startswith("WRKJSON "))[8:])
    seconds = data["duration_us"] / 1e6
    return {
        "requests": data["requests"],
        "rps": round(data["requests"] / seconds, 1),
        "p50_ms": round(data["p50"] / 1000, 2),
        "p95_ms": round(data["p95"] / 1000, 2),
        "p99_ms": round(data["p99"] / 1000, 2),
        "max_ms": round(data["max"] / 1000, 2),
        "errors": sum(data[k] for k in ("connect", "read", "write", "status", "timeout")),
    }


def python_run(
    base: str, paths: list[str], headers: dict[str, str], connections: int, duration: float, limit: int = 0
) -> dict:
    """The fallback load generator: one thread per connection, a new TCP connection per
    request (gunicorn's sync workers close it after each response anyway)."""
    import http.client

    host, port = base.removeprefix("http://").split(":")
    times: list[float] = []
    errors = [0]
    counter = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + (duration if not limit else 3600)

    def worker(offset: int) -> None:
        i = offset
        while time.perf_counter() < deadline:
            with lock:
                if limit and counter[0] >= limit:
                    return
                counter[0] += 1
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection(host, int(port), timeout=10)
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                conn.close()
                ok = response.status < 400
            except OSError:
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                times.append(elapsed * 1000)
                errors[0] += not ok

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    return {
        "requests": len(times),
        "rps": round(len(times) / seconds, 1),
        "p50_ms": round(run.percentile(times, 50), 2),
        "p95_ms": round(run.percentile(times, 95), 2),
        "p99_ms": round(run.percentile(times, 99), 2),
        "max_ms": round(max(times), 2),
        "errors": errors[0],
    }


# --- Main ---------------------------------------------------------------------------------


def main() -> None:
    args = parse_args()
    url = setup_django(args)
    cases, mixed, headers = build_cases()
    if args.only:
        cases = [c for c in cases if args.only.lower() in c["name"].lower()]
    load = python_run if args.python_load or not shutil.which("wrk") else wrk_run
    if load is python_run and not args.python_load:
        print(
            "wrk is not installed (Debian/Ubuntu: apt-get install wrk, or make bench): using the Python load generator."
        )
    levels = [int(n) for n in args.connections.split(",")]
    from django.db import connection

    engine = connection.vendor
    meta = {
        "engine": engine,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {platform.system()} {platform.release()}, {os.cpu_count()} CPUs",
        "workers": args.workers,
        "preload": args.preload,
        "duration_s": args.duration,
        "load_tool": "wrk" if load is wrk_run else "python",
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }

    in_process = {}
    if args.in_process:
        for result in run.run_cases(cases, args.in_process):
            in_process[result["name"]] = {
                k: result.get(k) for k in ("p50_ms", "p95_ms", "cpu_p50_ms", "max_queries", "error")
            }
    connection.close()

    server, base = start_gunicorn(url, args.workers, args.preload)
    results = []
    try:
        if args.serve:
            print(f"gunicorn on {base} (Ctrl+C stops it). Cookie: {headers['session']['Cookie']}")
            for case in cases:
                print(f"  {case['name']:<30} {base}{case['path']}")
            server.wait()
            return
        answers = {path: check(base, path, headers["session"]) for path in mixed}
        for path, problem in answers.items():
            if problem:
                print(f"mixed run: {path} answered {problem}; left out", file=sys.stderr)
        mixed = [path for path, problem in answers.items() if problem is None]
        for case in cases:
            result = {"name": case["name"], "path": case["path"], "auth": case["auth"]}
            result["in_process"] = in_process.get(case["name"], {})
            problem = check(base, case["path"], headers[case["auth"]])
            if problem:
                result["error"] = problem
                results.append(result)
                print(f"{case['name']}: {problem}", file=sys.stderr)
                continue
            load(base, [case["path"]], headers[case["auth"]], 1, 1)  # warm-up (both workers)
            pids = worker_pids(server.pid)
            for n in levels:
                cpu = cpu_seconds(pids)
                result[f"c{n}"] = outcome = load(
                    base, [case["path"]], headers[case["auth"]], n, args.duration
                )
                # Server CPU per request: what the workers spent, whatever else loads the machine.
                outcome["server_cpu_ms"] = round(
                    (cpu_seconds(pids) - cpu) * 1000 / max(1, outcome["requests"]), 2
                )
            results.append(result)
            print(
                f"  {case['name']}: "
                + ", ".join(
                    f"c{n} {result[f'c{n}']['rps']} req/s p50 {result[f'c{n}']['p50_ms']} ms "
                    f"server CPU {result[f'c{n}']['server_cpu_ms']} ms/request"
                    for n in levels
                ),
                flush=True,
            )
        # The Python generator counts requests exactly (wrk's thread:stop() left connections
        # half-open that a sync worker then waited on until its timeout).
        memory = None
        if args.mixed:
            # A fresh server: the pages only, as a worker that serves pages holds them, then
            # the API calls on top (a worker imports the API on its first API request).
            stop(server)
            server, base = start_gunicorn(url, args.workers, args.preload)
            api = [(c["path"], headers["token"]) for c in cases if c["auth"] == "token"]
            memory = memory_run(server, base, mixed, headers["session"], args.mixed, python_run, api)
    finally:
        stop(server)
    meta["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print_table(meta, results, levels, memory)
    RESULTS.mkdir(parents=True, exist_ok=True)
    partial = "-partial" if args.only else ""
    out = RESULTS / f"http-{engine}-{datetime.now(UTC).date().isoformat()}{partial}.json"
    out.write_text(json.dumps({"meta": meta, "results": results, "memory": memory}, indent=2))
    print(f"\nWritten to {out.relative_to(ROOT)}")


def memory_run(
    server: subprocess.Popen,
    base: str,
    paths: list[str],
    headers: dict[str, str],
    total: int,
    load,  # noqa: ANN001
    api: list[tuple[str, dict[str, str]]] | None = None,
) -> dict:
    """``total`` requests over every main page in ten rounds at 2 connections, each worker's
    RSS read before and after every round."""
    pids = worker_pids(server.pid)
    samples = [{"requests": 0, "rss_mb": [rss_mb(p) for p in pids], "pss_mb": [pss_mb(p) for p in pids]}]
    rounds, done = 10, 0
    per_round = max(1, total // rounds)
    errors = 0
    for _ in range(rounds):
        outcome = load(base, paths, headers, 2, 600, limit=per_round)
        done += outcome["requests"]
        errors += outcome["errors"]
        if worker_pids(server.pid) != pids:
            print(
                "A gunicorn worker was replaced during the memory run: see http-gunicorn.log", file=sys.stderr
            )
            pids = worker_pids(server.pid)
        samples.append(
            {"requests": done, "rss_mb": [rss_mb(p) for p in pids], "pss_mb": [pss_mb(p) for p in pids]}
        )
        print(
            f"  memory after {done} mixed requests: RSS {samples[-1]['rss_mb']} MB, PSS {samples[-1]['pss_mb']} MB",
            flush=True,
        )
    with_api = None
    if api:
        for path, api_headers in api:
            load(base, [path], api_headers, 2, 600, limit=max(1, total // 20 // len(api)))
        with_api = {"rss_mb": [rss_mb(p) for p in pids], "pss_mb": [pss_mb(p) for p in pids]}
        print(f"  memory after the API calls too: RSS {with_api['rss_mb']} MB, PSS {with_api['pss_mb']} MB")
    first_after_warmup = samples[1]["rss_mb"]
    last = samples[-1]["rss_mb"]
    if len(first_after_warmup) != len(last):
        first_after_warmup = last
    return {
        "pages": paths,
        "requests": done,
        "errors": errors,
        "samples": samples,
        "max_rss_mb": max(last),
        "max_pss_mb": max(samples[-1]["pss_mb"]),
        # Growth after the first round (imports, template and URL caches filled by then).
        "growth_mb": [round(b - a, 1) for a, b in zip(first_after_warmup, last, strict=True)],
        "rss_ok": max(last) < TARGET_RSS_MB,
        "pss_ok": max(samples[-1]["pss_mb"]) < TARGET_RSS_MB,
        "with_api": with_api,
    }


def print_table(meta: dict, results: list[dict], levels: list[int], memory: dict | None) -> None:
    print(
        f"\n{meta['engine']} · gunicorn {meta['workers']} sync workers · {meta['load_tool']} "
        f"{meta['duration_s']:.0f} s per case and load · load average before/after: "
        f"{meta['load_average_before']} / {meta['load_average_after']}"
    )
    head = f"{'case':<28} {'q':>3} {'in-proc p50':>11} {'cpu p50':>8} {'srv cpu':>8}"
    for n in levels:
        head += f" | c{n}: {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'err':>4}"
    print(head)
    print("-" * len(head))
    for r in results:
        if r.get("error"):
            print(f"{r['name']:<28} ERROR {r['error']}")
            continue
        ip = r.get("in_process") or {}
        line = (
            f"{r['name']:<28} {ip.get('max_queries', '-'):>3} {ip.get('p50_ms', '-'):>11} "
            f"{ip.get('cpu_p50_ms', '-'):>8} {r[f'c{levels[0]}']['server_cpu_ms']:>8}"
        )
        for n in levels:
            x = r[f"c{n}"]
            line += f" | {'':>3} {x['rps']:>7} {x['p50_ms']:>6} {x['p95_ms']:>6} {x['p99_ms']:>6} {x['errors']:>4}"
        ok = r["c1"]["p50_ms"] <= TARGET_P50_MS if "c1" in r else None
        print(line + ("" if ok is None else "  ok" if ok else "  > 4 ms"))
    if memory:
        print(
            f"\nMemory: {memory['requests']} mixed requests over {len(memory['pages'])} pages, "
            f"{memory['errors']} errors; RSS per worker (MB):"
        )
        for s in memory["samples"]:
            print(f"  after {s['requests']:>6}: RSS {s['rss_mb']}, PSS {s['pss_mb']}")
        print(
            f"  max RSS {memory['max_rss_mb']} MB ({'under' if memory['rss_ok'] else 'OVER'} {TARGET_RSS_MB:.0f}; "
            "it counts the pages the workers share in full), "
            f"max PSS {memory['max_pss_mb']} MB ({'under' if memory['pss_ok'] else 'OVER'} "
            f"{TARGET_RSS_MB:.0f}; each worker's share of them); "
            f"RSS growth after the first round: {memory['growth_mb']} MB"
        )
        if memory.get("with_api"):
            print(
                f"  then the API calls too: RSS {memory['with_api']['rss_mb']} MB, "
                f"PSS {memory['with_api']['pss_mb']} MB"
            )


if __name__ == "__main__":
    main()
