"""Demo data for `make demo`: the three scenarios of shared/scenarios, told by every app's
demo step (``registry.demo``) in order, with one shared ``world`` (see docs/architecture.md,
"Demo world contract").

Runs only when asked (never from migrations or tests) and only on an empty database.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from accord.accounts.models import User
from accord.core.registry import registry
from accord.demo.cast import LOGINS
from accord.demo.world import PASSWORD, acting_as, new_world

SEED = 44001


def build_demo_world() -> Any:
    """Run every demo step in order, in one transaction; returns the world."""
    world = new_world(SEED)
    world.timings = timings = {}
    try:
        with transaction.atomic():
            for step in registry.demo_steps():
                started = time.perf_counter()
                step.run(world)
                timings[step.name] = time.perf_counter() - started
    finally:
        acting_as(None)
    return world


class Command(BaseCommand):
    help = "Load the demo organizations and data into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when users exist.")

    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already has data: demo data not loaded again.")
                self.print_logins()
                return
            self.stderr.write("The database is not empty; refusing to load demo data.")
            raise SystemExit(1)
        world = build_demo_world()
        steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in world.timings.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({steps})."))
        self.print_logins()

    def print_logins(self) -> None:
        self.stdout.write(f"Demo logins (password: {PASSWORD}):")
        from accord.core.registry import registry

        for email, who in [*LOGINS, *registry.demo_login_list()]:
            self.stdout.write(f"  {email:<30} {who}")
