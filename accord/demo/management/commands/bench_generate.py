"""Benchmark data set (see benchmarks/README.md): many small organizations plus one heavy one.

``manage.py bench_generate`` runs every app's benchmark step (``registry.bench``) in order,
with bulk inserts only. The base steps build:

* ``--orgs`` small organizations (default 1,000), each with an owner (also its senior
  executive responsible), its membership and the default segmentation criteria;
* "Heavy Industries" (``heavy-industries``, owner ``bench@heavy.example``, password
  ``bench-password``) with ``--entries`` register entries (default 3,000) carrying varied
  kinds, statuses, decisions, 0–3 of 30 tags and a score on every criterion; weighted scores
  and segments are computed by ``relationships_rescore``;
* ``--collaborations`` joint spaces (default 50) in which Heavy Industries is an active party
  with 1–3 of the small organizations, every party with a senior executive responsible;

then each capability app adds its records (see docs/architecture.md, "Demo world contract").
Bulk inserts bypass django-simple-history: only the register entries, collaborations and
parties get one "created" history record each (so detail pages show a history), nothing else.
On PostgreSQL the tables are vacuumed and analyzed at the end, as autovacuum would do on a
running server. Meant for an empty benchmark database; refuses to run when Heavy Industries
exists already.
"""

import time
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from accord.core.registry import registry
from accord.demo.cast import BENCH_PASSWORD, HEAVY_NAME, HEAVY_OWNER, HEAVY_SLUG
from accord.demo.world import acting_as, new_world
from accord.organizations.models import Organization


class Command(BaseCommand):
    help = "Generate the benchmark data set (1,000 organizations, one heavy organization)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--orgs", type=int, default=1000, help="Small organizations (default 1000).")
        parser.add_argument(
            "--entries", type=int, default=3000, help="Register entries of Heavy Industries (default 3000)."
        )
        parser.add_argument(
            "--collaborations", type=int, default=50, help="Collaborations of Heavy Industries (default 50)."
        )
        parser.add_argument("--seed", type=int, default=44003, help="Random seed (default 44003).")

    def handle(self, *args: Any, **options: Any) -> None:
        if Organization.objects.filter(slug=HEAVY_SLUG).exists():
            raise CommandError(f"“{HEAVY_NAME}” exists already: run bench_generate on an empty database.")
        if options["collaborations"] and options["orgs"] < 3:
            raise CommandError("Collaborations need at least 3 small organizations (--orgs).")
        world = new_world(
            options["seed"],
            options=options,
            # Hashed once, shared by every generated user.
            password=make_password(BENCH_PASSWORD),
            now=timezone.now(),
        )
        started = time.perf_counter()
        try:
            with transaction.atomic():
                for step in registry.bench_steps():
                    step.run(world)
        finally:
            acting_as(None)
        if connection.vendor == "postgresql":
            # Fresh bulk data has no planner statistics yet (autovacuum would gather them
            # within a minute or so): without them PostgreSQL picks poor plans for a while.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {options['orgs']} organizations + {HEAVY_NAME} ({options['entries']} entries, "
                f"{options['collaborations']} collaborations) in {time.perf_counter() - started:.1f} s. "
                f"Log in as {HEAVY_OWNER} / {BENCH_PASSWORD}."
            )
        )
