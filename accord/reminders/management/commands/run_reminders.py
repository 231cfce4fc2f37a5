"""``manage.py run_reminders``: put the reminder pass on the task queue (a worker sends it),
or with ``--now`` run it in this process (e.g. from cron, with no worker)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accord.reminders.services import reminder_pass
from accord.reminders.tasks import send_reminders


class Command(BaseCommand):
    help = "Enqueue today's reminder pass (or run it now with --now). Each reminder is sent once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Run the pass in this process.")
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="The day to run for (YYYY-MM-DD)."
        )

    def handle(
        self, *args: Any, now: bool = False, date: datetime.date | None = None, **options: Any
    ) -> None:
        if now:
            result = reminder_pass(today=date)
            self.stdout.write(f"Sent {len(result.sent)} reminder(s); {result.skipped} skipped.")
            return
        queued = send_reminders.enqueue(today=date.isoformat() if date else None)
        self.stdout.write(f"Reminder pass queued (task {queued.id}).")
