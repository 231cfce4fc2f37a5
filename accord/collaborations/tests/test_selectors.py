import pytest

from accord.collaborations import selectors, services
from accord.collaborations.models import Party

pytestmark = pytest.mark.django_db


def test_active_parties_are_read_once_per_request_and_forgotten_when_a_party_changes(
    world, django_assert_num_queries
):
    # As a request holds them: the scope's party with its collaboration.
    party = (
        Party.objects.in_scope(world.collaboration)
        .select_related("collaboration")
        .get(organization=world.lumen)
    )
    collaboration = party.collaboration
    with django_assert_num_queries(1):
        first = selectors.active_parties(collaboration)
        assert selectors.active_parties(collaboration) is first
    assert [(p.organization.name, p.ser) for p in first] == [
        ("Brightwave Engineering", world.ana),
        ("Lumen Coatings", world.jo),
    ]
    services.party_set_ser(party=party, user=world.lou)
    assert [p.ser for p in selectors.active_parties(collaboration)] == [world.ana, world.lou]
    services.party_leave(party=party)
    assert [p.organization for p in selectors.active_parties(collaboration)] == [world.brightwave]
