"""Background tasks (Django's tasks framework; the queue is django-tasks-db's table)."""

import datetime

from django.tasks import task

from accord.reminders.services import reminder_pass


@task
def send_reminders(today: str | None = None) -> int:
    """The reminder pass for ``today`` (ISO date; default: the local date). Returns how many
    e-mails it sent; running it again, or in two workers at once, sends nothing twice."""
    day = datetime.date.fromisoformat(today) if today else None
    return len(reminder_pass(today=day).sent)
