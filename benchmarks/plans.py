"""Benchmark of the joint plan at full size (issue: plans and leadership).

A network collaboration of 10 parties with a 40-person joint team, 200 contributions,
20 earlier approved versions and a working version with every section filled with several
paragraphs. Measures, as one party's owner: the JRMP page, the comparison of two versions,
the PDF export (after WeasyPrint is loaded) and the Word export.

    .venv/bin/python benchmarks/plans.py [--database-url postgres://…/accord_bench_plans] [--requests 100]

Targets: page p95 < 50 ms with a bounded number of queries; comparison < 100 ms;
PDF < 1.5 s; DOCX < 0.5 s.
"""

import argparse
import json
import os
import statistics
import sys
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PARAGRAPH = (
    "The parties agree to review progress together every month and to raise any concern early, "
    "in the joint meeting or directly with the other party's lead, so that no one is surprised. "
    "Decisions that change the scope, the budget or the people involved go to the two senior "
    "executives responsible, who answer within five working days."
)
TARGETS = {"jrmp page": 50, "jrmp compare": 100, "jrmp pdf": 1500, "jrmp docx": 500}


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
    path = RESULTS / "bench-plans.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def build() -> tuple[object, int]:
    from accord.accounts.models import User
    from accord.collaborations.models import Collaboration, Party
    from accord.organizations.services import organization_create
    from accord.plans.models import (
        Contribution,
        JointPlanApproval,
        JointPlanVersion,
        JointTeamMember,
        PlanStatus,
    )
    from accord.plans.sections import JRMP_SECTIONS

    owners = [User.objects.create_user(email=f"owner{i}@bench.example", password="x") for i in range(10)]
    orgs = [organization_create(name=f"Network member {i}", owner=u) for i, u in enumerate(owners)]
    collaboration = Collaboration.objects.create(
        name="Valley Larder network", working_model="network", stage=7
    )
    parties = [
        Party.objects.create(collaboration=collaboration, organization=o, ser=u, is_initiator=i == 0)
        for i, (o, u) in enumerate(zip(orgs, owners, strict=True))
    ]
    JointTeamMember.objects.bulk_create(
        JointTeamMember(
            collaboration=collaboration,
            party=parties[i % 10],
            name=f"Person {i}",
            role="Member",
            responsibilities="Runs the weekly schedule and reports on deliveries.",
        )
        for i in range(40)
    )
    Contribution.objects.bulk_create(
        Contribution(
            collaboration=collaboration,
            party=parties[i % 10],
            kind="equipment",
            description=f"Shared asset {i}",
            terms_of_use="Booked through the joint calendar.",
            return_at_exit="Returned to its owner within 30 days.",
        )
        for i in range(200)
    )
    full = {s.key: "\n\n".join(f"{PARAGRAPH} ({s.key} {n})" for n in range(4)) for s in JRMP_SECTIONS}
    for number in range(1, 22):
        sections = {
            k: v + (f"\n\nRevision {number}." if k in {"governance", "exit"} else "") for k, v in full.items()
        }
        status = (
            PlanStatus.SUPERSEDED
            if number < 20
            else (PlanStatus.APPROVED if number == 20 else PlanStatus.IN_REVIEW)
        )
        version = JointPlanVersion.objects.create(
            collaboration=collaboration,
            number=number,
            status=status,
            sections=sections,
            revisions={k: number for k in sections},
            created_by=owners[0],
        )
        if number >= 20:
            JointPlanApproval.objects.bulk_create(
                JointPlanApproval(collaboration=collaboration, version=version, party=p, approved_by=p.ser)
                for p in parties[: 10 if number == 20 else 6]
            )
    return owners[0], collaboration.pk


def measure(client, path: str, n: int) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):  # warm-up (imports WeasyPrint, fills caches)
        assert client.get(path).status_code == 200, path
    times, queries = [], 0
    for _ in range(n):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        queries = max(queries, len(captured.captured_queries))
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
        "max_ms": round(times[-1], 1),
        "queries": queries,
        "bytes": len(response.content),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url")
    parser.add_argument("--requests", type=int, default=100)
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

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0, interactive=False)
    owner, cid = build()
    client = Client()
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    cases = [
        ("jrmp page", f"/c/{cid}/plan/", args.requests),
        ("jrmp compare", f"/c/{cid}/plan/compare/?a=20&b=21", args.requests),
        ("jrmp pdf", f"/c/{cid}/plan/plan.pdf", 10),
        ("jrmp docx", f"/c/{cid}/plan/plan.docx", 20),
    ]
    results = []
    print(f"{connection.vendor}: 10 parties, 40 team members, 200 contributions, 21 versions")
    print(f"{'case':<14}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}  target")
    for name, path, n in cases:
        row = {
            "name": name,
            "path": path,
            "requests": n,
            **measure(client, path, n),
            "target_ms": TARGETS[name],
        }
        row["ok"] = row["p95_ms"] < TARGETS[name]
        results.append(row)
        print(
            f"{name:<14}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['max_ms']:>9}{row['queries']:>9}  "
            f"p95 < {TARGETS[name]} ms: {'ok' if row['ok'] else 'MISS'}"
        )
    out = RESULTS / f"plans-{connection.vendor}-{datetime.now(UTC).date().isoformat()}.json"
    out.write_text(json.dumps({"results": results, "load_average": os.getloadavg()}, indent=2))
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
