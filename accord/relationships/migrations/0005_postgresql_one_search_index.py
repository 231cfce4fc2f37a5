"""PostgreSQL only: one trigram index over an entry's name, contacts and notes together
(``filters.SearchText``) instead of one per column. SQLite gets nothing, as in 0004.

With an index per column the search ORs three bitmap index scans, and PostgreSQL estimates
each of them at about 100 (default ``random_page_cost``) whenever the searched text holds a
trigram most entries share ("Counterpart 12", "Labs Ltd"): more than a sequential scan of a
3,000-entry register (261), which it then chose — 10–16 ms per search query, twice per page
(count and rows), against 0.5 ms through the index. One index costs one scan, below the
sequential scan. The search keeps its per-column match, so its results are unchanged.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS rel_search_trgm ON relationships_relationship USING gin "
    "(UPPER((counterpart_name || E'\\n' || contacts || E'\\n' || notes)::text) gin_trgm_ops)"
)
PER_COLUMN = {
    "rel_name_trgm": "counterpart_name",
    "rel_contacts_trgm": "contacts",
    "rel_notes_trgm": "notes",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE)
    for name in PER_COLUMN:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in PER_COLUMN.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON relationships_relationship "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )
    schema_editor.execute("DROP INDEX IF EXISTS rel_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("relationships", "0004_postgresql_search_indexes")]
    operations = [migrations.RunPython(create, drop)]
