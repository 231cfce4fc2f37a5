"""``manage.py accord_worker``: the background worker. It runs the task queue (django-tasks-db's
worker, in batches) and every ``--reminder-minutes`` puts the reminder pass on the queue.

Run as many as you like (one per machine, or several): the queue hands each task to one
worker, and a reminder is sent once even when two passes run at the same time.
"""

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from accord.core.registry import registry
from accord.reminders.services import interval_minutes
from accord.reminders.tasks import send_reminders


def _pass_waiting(task: Any = send_reminders) -> bool:
    """A pass of ``task`` is already queued and not started (so workers do not pile them up)."""
    return DBTaskResult.objects.ready().filter(task_path=task.module_path).exists()


class Command(BaseCommand):
    help = "Run background tasks and enqueue the reminder pass on a schedule."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reminder-minutes",
            type=int,
            default=None,
            help="Minutes between reminder passes (default: ACCORD_REMINDER_INTERVAL_MINUTES, 60).",
        )
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between queue polls.")
        parser.add_argument("--once", action="store_true", help="Enqueue one pass, run the queue dry, exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        every = 60 * (options["reminder_minutes"] or interval_minutes())
        self.running = True

        def stop(signum: int, frame: Any) -> None:
            self.running = False

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            self.loop(every, options)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def loop(self, every: int, options: dict[str, Any]) -> None:
        self.stdout.write(
            f"Accord worker: reminder pass every {every // 60} min, queue polled every "
            f"{options['interval']} s."
        )
        # The reminder pass, and every periodic task an app registered (e.g. exits due today).
        schedule = [(send_reminders, every), *((t, 60 * m) for t, m in registry.periodic_tasks())]
        next_run = [0.0] * len(schedule)
        while self.running:
            close_old_connections()
            for index, (task, seconds) in enumerate(schedule):
                if time.monotonic() >= next_run[index]:
                    if not _pass_waiting(task):
                        task.enqueue()
                    next_run[index] = time.monotonic() + seconds
            Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=f"accord-{id(self):x}",
                excluded_queue_names=[],
            ).run()
            if options["once"]:
                return
            slept = 0.0
            while self.running and slept < options["interval"]:
                time.sleep(0.2)
                slept += 0.2
