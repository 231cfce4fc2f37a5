"""The portfolio matrix reads without hovering (issue 12): numbered dots with a visible key,
the green square explained, and why a dot's colour may disagree with where it sits."""

import re

from django.urls import reverse

from accord.relationships.tests.test_register import score_all
from tests.factories import RelationshipFactory


def test_each_dot_has_a_number_that_the_key_under_the_chart_names(client, world):
    score_all(world.entry, (5, 4, 3, 2))
    score_all(
        RelationshipFactory(organization=world.brightwave, counterpart_name="Atlas Freight"), (1, 2, 3, 4)
    )
    client.force_login(world.ana)
    body = client.get(reverse("relationships:matrix", args=[world.brightwave.slug])).content.decode()
    # By name: Atlas Freight is 1, Lumen Coatings 2; each dot carries its number visibly.
    assert 'aria-label="1. Atlas Freight (Value to the business 1, Collaboration potential 2)"' in body
    assert 'aria-label="2. Lumen Coatings (Value to the business 5, Collaboration potential 4)"' in body
    assert re.search(r'<text [^>]*aria-hidden="true">2</text></a>', body)
    key = body.split('id="matrix-key"')[1]
    assert re.search(r"<td>1</td><td><a [^>]*>Atlas Freight</a>", key)
    assert re.search(r"<td>2</td><td><a [^>]*>Lumen Coatings</a>", key)


def test_the_green_square_and_the_segments_are_explained(client, world):
    client.force_login(world.ana)
    body = client.get(reverse("relationships:matrix", args=[world.brightwave.slug])).content.decode()
    assert "The green square, top right, holds the relationships scored 3 or more on both" in body
    assert "The segment comes from the weighted score of every criterion (4 in all)" in body
    assert "Collaborate 75+" in body
