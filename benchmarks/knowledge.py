"""Benchmark of documents and the knowledge map at full size (issue 11: information and
knowledge sharing, ISO 44003 5.9).

Part 1, in process: a collaboration of 3 parties with 1,000 documents and 500 knowledge items
(the knowledge app's own benchmark step, ``accord.knowledge.demo.bench``) and a second one with
a page's worth of each (60 documents, 30 items), to show that query counts do not grow with
rows. Measured as one party's owner: the documents page (first page, filtered and searched),
the knowledge map (first page, filtered), the documents API list, a document's page.

Part 2, through a running server: ``gunicorn config.wsgi`` with one sync worker on 127.0.0.1;
a generated 200 MB text file is uploaded through the API with a streaming client (http.client,
64 KB chunks, multipart written by hand) and downloaded back; the worker's peak resident memory
(``VmHWM`` in ``/proc/<pid>/status``) is read before and after.

    .venv/bin/python benchmarks/knowledge.py [--requests 200] [--size-mb 200] [--skip-server]

Targets: p95 < 25 ms on SQLite with a query count that does not grow with rows; the worker's
peak memory grows by less than 50 MB for the 200 MB upload and download.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DB = RESULTS / "bench-knowledge.sqlite3"
MEDIA = RESULTS / "bench-knowledge-media"
TARGET_MS = 25
TARGET_MEMORY_MB = 50
PORT = 8765


def prepare() -> str:
    RESULTS.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(MEDIA, ignore_errors=True)
    MEDIA.mkdir(parents=True)
    return f"sqlite:///{DB}"


def build() -> tuple[object, dict[str, dict[str, int]]]:
    from accord.accounts.models import User
    from accord.collaborations.models import Collaboration, Party
    from accord.knowledge.demo import bench
    from accord.knowledge.models import JointDocument
    from accord.organizations.services import organization_create

    owners = [User.objects.create_user(email=f"owner{i}@bench.example", password="x") for i in range(3)]
    User.objects.filter(pk__in=[u.pk for u in owners]).update(email_verified=True)
    orgs = [organization_create(name=f"Network member {i}", owner=u) for i, u in enumerate(owners)]
    ids = {}
    for label in ("large", "small"):
        collaboration = Collaboration.objects.create(
            name=f"Knowledge benchmark ({label})", working_model="network", stage=5
        )
        for i, (org, user) in enumerate(zip(orgs, owners, strict=True)):
            Party.objects.create(collaboration=collaboration, organization=org, ser=user, is_initiator=i == 0)
        # "small": a page's worth of each, to compare query counts with.
        sizes = {"documents": 60, "items": 30} if label == "small" else {}
        bench(SimpleNamespace(bench_collaboration=collaboration, rng=random.Random(44003)), **sizes)
        first = JointDocument.unscoped.filter(collaboration=collaboration).order_by("pk").first()
        ids[label] = {"collaboration": collaboration.pk, "document": first.pk}
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
        "cpu_p95_ms": round(cpu[min(len(cpu) - 1, int(0.95 * len(cpu)))], 1),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
        "max_ms": round(times[-1], 1),
        "queries": queries,
    }


def cases(ids: dict[str, int]) -> list[tuple[str, str]]:
    c, d = ids["collaboration"], ids["document"]
    return [
        ("documents page", f"/c/{c}/documents/"),
        ("documents searched", f"/c/{c}/documents/?q=report&access=all&sort=-updated_at"),
        ("knowledge map", f"/c/{c}/knowledge/"),
        ("map filtered", f"/c/{c}/knowledge/?category=could&q=item"),
        ("documents API", f"/api/v1/collaborations/{c}/documents?page_size=25"),
        ("document page", f"/c/{c}/documents/{d}/"),
    ]


# --- Part 2: the server ---------------------------------------------------------------------------


def vm_hwm_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def worker_pid(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def upload(token: str, collaboration: int, size: int) -> tuple[int, float, dict]:
    """Streams a generated text file of ``size`` bytes as multipart/form-data."""
    boundary = "accordbenchboundary7d1"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nLarge file\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="large.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    line = b"Accord benchmark line: information and knowledge sharing, ISO 44003 5.9.\n"
    chunk = (line * (65536 // len(line) + 1))[:65536]
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
    connection.putrequest("POST", f"/api/v1/collaborations/{collaboration}/documents")
    connection.putheader("Authorization", f"Bearer {token}")
    connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    connection.putheader("Content-Length", str(len(head) + size + len(tail)))
    connection.endheaders()
    started = time.perf_counter()
    connection.send(head)
    sent = 0
    while sent < size:
        piece = chunk[: min(len(chunk), size - sent)]
        connection.send(piece)
        sent += len(piece)
    connection.send(tail)
    response = connection.getresponse()
    body = json.loads(response.read() or b"{}")
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, elapsed, body


def download(token: str, collaboration: int, document: int) -> tuple[int, int, float, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
    started = time.perf_counter()
    connection.request(
        "GET",
        f"/api/v1/collaborations/{collaboration}/documents/{document}/download",
        headers={"Authorization": f"Bearer {token}"},
    )
    response = connection.getresponse()
    received = 0
    while True:
        data = response.read(65536)
        if not data:
            break
        received += len(data)
    elapsed = time.perf_counter() - started
    headers = {
        k: v
        for k, v in response.getheaders()
        if k.lower() in {"content-type", "content-disposition", "x-content-type-options"}
    }
    connection.close()
    return response.status, received, elapsed, headers


def server_run(token: str, collaboration: int, size_mb: int) -> dict:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"ACCORD_TESTING", "PYTEST_VERSION"}},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{DB}",
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-benchmark-only-secret-key",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "ACCORD_MEDIA_DIR": str(MEDIA),
    }
    gunicorn = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "--workers",
            "1",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--timeout",
            "600",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        pid = worker_pid(gunicorn.pid)
        for _ in range(100):  # wait until it answers, then warm it up with a small upload and download
            try:
                probe = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
                probe.request("GET", f"/api/v1/collaborations/{collaboration}/documents")  # 401
                probe.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        status, _elapsed, body = upload(token, collaboration, 1024 * 1024)
        assert status == 201, (status, body)
        download(token, collaboration, body["id"])
        before = vm_hwm_kb(pid)
        size = size_mb * 1024 * 1024
        status, up_seconds, body = upload(token, collaboration, size)
        assert status == 201, (status, body)
        after_upload = vm_hwm_kb(pid)
        status, received, down_seconds, headers = download(token, collaboration, body["id"])
        assert status == 200 and received == size, (status, received)
        after = vm_hwm_kb(pid)
        return {
            "size_mb": size_mb,
            "upload_s": round(up_seconds, 2),
            "upload_mb_s": round(size_mb / up_seconds, 1),
            "download_s": round(down_seconds, 2),
            "download_mb_s": round(size_mb / down_seconds, 1),
            "worker_vmhwm_before_mb": round(before / 1024, 1),
            "worker_vmhwm_after_upload_mb": round(after_upload / 1024, 1),
            "worker_vmhwm_after_download_mb": round(after / 1024, 1),
            "growth_mb": round((after - before) / 1024, 1),
            "target_mb": TARGET_MEMORY_MB,
            "ok": (after - before) / 1024 < TARGET_MEMORY_MB,
            "headers": headers,
        }
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--skip-server", action="store_true")
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        ACCORD_TESTING="1",
        DATABASE_URL=prepare(),
        DJANGO_ALLOWED_HOSTS="testserver",
        ACCORD_MEDIA_DIR=str(MEDIA),
    )
    sys.path.insert(0, str(ROOT))
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accord.accounts.services import api_token_create

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0, interactive=False)
    owner, ids = build()
    client = Client()
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    small = {name: measure(client, path, 3)["queries"] for name, path in cases(ids["small"])}
    results = []
    print(f"{connection.vendor}: 3 parties; 1,000 documents and 500 knowledge items (small: 60 and 30)")
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
    server = None
    if not args.skip_server:
        _token, raw = api_token_create(user=owner, name="benchmark")
        connection.close()
        server = server_run(raw, ids["large"]["collaboration"], args.size_mb)
        print(
            f"{args.size_mb} MB through gunicorn (1 sync worker): upload {server['upload_s']} s "
            f"({server['upload_mb_s']} MB/s), download {server['download_s']} s ({server['download_mb_s']} MB/s); "
            f"worker peak RSS {server['worker_vmhwm_before_mb']} -> {server['worker_vmhwm_after_upload_mb']} -> "
            f"{server['worker_vmhwm_after_download_mb']} MB, growth {server['growth_mb']} MB "
            f"(target < {TARGET_MEMORY_MB} MB: {'ok' if server['ok'] else 'MISS'})"
        )
    out = RESULTS / f"knowledge-{connection.vendor}-{datetime.now(UTC).date().isoformat()}.json"
    out.write_text(
        json.dumps({"results": results, "server": server, "load_average": os.getloadavg()}, indent=2)
    )
    shutil.rmtree(MEDIA, ignore_errors=True)
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
