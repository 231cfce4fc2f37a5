"""``manage.py run_exits [--date YYYY-MM-DD]``: the daily pass that runs every scheduled exit
whose date has come (the leaving organization's copy, then its departure). Safe to run more
than once a day: an exit runs once."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accord.exits.services import run_due


class Command(BaseCommand):
    help = "Run the exits whose date has come."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date: {error}") from None
        done = run_due(today)
        self.stdout.write(f"{len(done)} exit(s) run.")
