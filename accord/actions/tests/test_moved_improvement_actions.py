"""The improvement actions of joint reviews became joint actions with source "review"
(migration measures 0002): each row is copied, with its review as the source."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import build_world

BEFORE = [("measures", "0001_initial"), ("actions", "0001_initial")]
AFTER = [("measures", "0002_improvement_actions_become_joint_actions")]


@pytest.mark.django_db(transaction=True)
def test_improvement_actions_are_moved_to_joint_actions():
    world = build_world()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    review_model = old.get_model("measures", "JointReview")
    action_model = old.get_model("measures", "ImprovementAction")
    party = old.get_model("collaborations", "Party")._base_manager.get(
        collaboration_id=world.collaboration.pk, organization_id=world.brightwave.pk
    )
    review = review_model._base_manager.create(
        collaboration_id=world.collaboration.pk,
        title="Q1 review",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 3, 31),
        snapshot={},
    )
    for title, status, owner in (("Shared calendar", "open", world.ana.pk), ("Weekly call", "done", None)):
        action_model._base_manager.create(
            collaboration_id=world.collaboration.pk,
            review_id=review.pk,
            title=title,
            owner_party_id=party.pk,
            owner_user_id=owner,
            owner_name="" if owner else "Jo",
            due_date=datetime.date(2025, 4, 30),
            status=status,
        )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor.loader.build_graph()

    from accord.actions.models import JointAction
    from accord.actions.selectors import actions_for_source
    from accord.actions.sources import source_url

    moved = list(actions_for_source(world.collaboration, "review", review.pk))
    assert [(a.title, a.status, a.owner_party_id, a.source_label) for a in moved] == [
        ("Shared calendar", "open", party.pk, "Q1 review"),
        ("Weekly call", "done", party.pk, "Q1 review"),
    ]
    assert moved[0].owner_user_id == world.ana.pk and moved[1].owner_name == "Jo"
    assert source_url(moved[0]) == f"/c/{world.collaboration.pk}/reviews/{review.pk}/"
    assert JointAction.objects.in_scope(world.collaboration).count() == 2
    assert "measures_improvementaction" not in connection.introspection.table_names()
