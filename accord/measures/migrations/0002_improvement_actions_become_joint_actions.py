"""Improvement actions of joint reviews become joint actions (accord.actions) with source
"review": every row is copied, then the model goes. (Their change history stays in the old
rows' export up to this point; the joint actions keep a history from here on.)"""

from django.db import migrations

FIELDS = ("title", "owner_party_id", "owner_name", "owner_user_id", "due_date", "status", "version")


def forward(apps, schema_editor):
    old = apps.get_model("measures", "ImprovementAction")._base_manager
    new = apps.get_model("actions", "JointAction")
    rows = [
        new(
            collaboration_id=action.collaboration_id,
            source_kind="review",
            source_id=action.review_id,
            source_label=action.review.title[:200],
            **{name: getattr(action, name) for name in FIELDS},
        )
        for action in old.select_related("review").order_by("pk").iterator()
    ]
    new._base_manager.bulk_create(rows, batch_size=500)


def backward(apps, schema_editor):
    old = apps.get_model("measures", "ImprovementAction")
    new = apps.get_model("actions", "JointAction")._base_manager
    actions = new.filter(source_kind="review", source_id__isnull=False)
    reviews = set(apps.get_model("measures", "JointReview")._base_manager.values_list("pk", flat=True))
    old._base_manager.bulk_create(
        old(
            collaboration_id=action.collaboration_id,
            review_id=action.source_id,
            **{name: getattr(action, name) for name in FIELDS},
            **({"status": "open"} if action.status == "in_progress" else {}),
        )
        for action in actions.order_by("pk")
        if action.source_id in reviews
    )
    actions.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0001_initial"),
        ("actions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="HistoricalImprovementAction"),
        migrations.DeleteModel(name="ImprovementAction"),
    ]
