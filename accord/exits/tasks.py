"""The daily exits pass as a task of Django's tasks framework (``TASKS`` in settings): a
worker or a scheduler enqueues ``run_exits_task`` once a day, or runs ``manage.py run_exits``."""

from django.tasks import task

from accord.exits.services import run_due


@task
def run_exits_task() -> int:
    return len(run_due())
