"""Trigram indexes for the contact list's search box (ContactFilter.search), on PostgreSQL only.

The search is `no__istartswith | name__icontains | company_name__icontains | email__icontains`, which Django
compiles to `UPPER(col::text) LIKE UPPER(%s)`; a GIN index with gin_trgm_ops on that same expression serves
each arm (also the prefix match on No.), and the planner ORs them (BitmapOr) instead of reading a million rows.
These indexes are not in the model state (SQLite has neither GIN nor pg_trgm; there the search scans).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

SEARCHED_COLUMNS = ("no", "name", "company_name", "email")


def index_name(column: str) -> str:
    return f"contacts_contact_{column}_trgm_idx"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED_COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{index_name(column)}" ON "contacts_contact" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED_COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(column)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0004_ordering_by_scalar_columns"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
