"""The history managers are built once per model, and still read one record's history only."""

from accord.relationships.models import Relationship
from tests.factories import RelationshipFactory


def test_history_manager_class_is_built_once_and_still_scoped_to_its_record(world):
    other = RelationshipFactory(organization=world.brightwave, counterpart_name="Other firm")
    other.counterpart_name = "Other firm, renamed"
    other.save()

    assert type(Relationship.history) is type(Relationship.history)
    assert type(world.entry.history) is type(other.history)
    # The per-record manager still reads that record's changes only.
    assert world.entry.history.count() == 1
    assert [r.counterpart_name for r in other.history.order_by("history_id")] == [
        "Other firm",
        "Other firm, renamed",
    ]
    assert Relationship.history.filter(id__in=[world.entry.pk, other.pk]).count() == 3
