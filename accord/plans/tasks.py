"""Background tasks of plans (Django's tasks framework; the queue is django-tasks-db's table)."""

from django.tasks import task

from accord.plans import builds


@task
def build_plan_document(kind: str, document_id: str) -> bool:
    """Lay out a plan version as PDF or Word and store it (``accord.plans.builds``)."""
    return builds.build(kind, document_id)
