"""The register's search: what it finds, and on PostgreSQL that it goes through its trigram index."""

import pytest
from django.db import connection

from accord.relationships.filters import RelationshipFilter
from accord.relationships.models import Relationship
from tests.factories import RelationshipFactory


def search(org, text: str) -> set[str]:
    entries = RelationshipFilter(
        {"q": text}, queryset=Relationship.objects.in_scope(org), organization=org
    ).qs
    return set(entries.values_list("counterpart_name", flat=True))


def test_search_finds_name_contacts_and_notes_in_any_case_and_nothing_across_them(world):
    org = world.brightwave
    RelationshipFactory(organization=org, counterpart_name="Nordic Pulp AB", contacts="Eva Lind, buyer")
    RelationshipFactory(organization=org, counterpart_name="Delta Steel", notes="Renewal due 100% on time")
    RelationshipFactory(organization=world.lumen, counterpart_name="Nordic Pulp Lumen copy")

    assert search(org, "nordic pulp") == {"Nordic Pulp AB"}
    assert search(org, "EVA LIND") == {"Nordic Pulp AB"}
    assert search(org, "100%") == {"Delta Steel"}
    assert search(org, "100_") == set()  # % and _ are plain characters
    # The name, contacts and notes are searched one by one, never as one text.
    assert search(org, "AB Eva") == set()
    assert search(org, "AB\nEva") == set()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_search_uses_the_trigram_index(world):
    """The index is on exactly the SQL of filters.SearchText: if either changes, the search
    falls back to scanning the organization's register. Without the organization and the
    ordering, that index is the only way other than a scan of the table."""
    org = world.brightwave
    RelationshipFactory.create_batch(5, organization=org)
    filterset = RelationshipFilter({}, organization=org)
    entries = filterset.search(Relationship.unscoped.order_by(), "q", "Counterpart")
    sql, params = entries.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "rel_search_trgm" in plan, plan
