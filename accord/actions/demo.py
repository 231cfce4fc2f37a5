"""Actions in the demo world (a few own to-dos; the meetings' and reviews' actions come from
those apps) and in the benchmark data (5,000 actions owned by the heavy organization's owner,
so that "My actions" is heavy)."""

import datetime
from typing import Any

from django.utils import timezone

from accord.actions.models import ActionStatus, JointAction, OwnAction
from accord.actions.services import action_create

BENCH_JOINT = 4000
BENCH_OWN = 1000


def run(world: Any) -> None:
    today = timezone.localdate()
    with world.acting_as(world.ana):
        action_create(
            owner=world.brightwave,
            title="Check Lumen's insurance certificates before the bid",
            source_kind="other",
            owner_user=world.ana,
            due_date=today - datetime.timedelta(days=3),
            created_by=world.ana,
        )
        action_create(
            owner=world.brightwave,
            title="Brief the board on the Northline joint bid",
            source_kind="other",
            owner_user=world.ana,
            due_date=today + datetime.timedelta(days=12),
            created_by=world.ana,
        )


def bench(world: Any) -> None:
    """4,000 joint actions in ``world.bench_collaboration`` and 1,000 own actions of the heavy
    organization, all owned by its owner; a third of them closed, a tenth overdue."""
    collaboration = world.bench_collaboration
    owner = world.heavy_owner
    rng = world.rng
    today = timezone.localdate()
    party = collaboration.parties.filter(organization=world.heavy).first()

    def due(n: int) -> datetime.date | None:
        if n % 11 == 0:
            return None
        return today + datetime.timedelta(days=rng.randint(-40, 200))

    def status(n: int) -> str:
        return [ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE][n % 3]

    JointAction.unscoped.bulk_create(
        (
            JointAction(
                collaboration=collaboration,
                title=f"Joint action {n}",
                owner_party=party,
                owner_user=owner,
                due_date=due(n),
                status=status(n),
                source_kind="meeting" if n % 2 else "other",
                source_label="",
            )
            for n in range(BENCH_JOINT)
        ),
        batch_size=1000,
    )
    OwnAction.unscoped.bulk_create(
        (
            OwnAction(
                organization=world.heavy,
                title=f"Own action {n}",
                owner_user=owner,
                due_date=due(n),
                status=status(n),
                source_kind="other",
            )
            for n in range(BENCH_OWN)
        ),
        batch_size=1000,
    )
