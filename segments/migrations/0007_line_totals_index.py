"""A covering index for the segment card's totals (segments.services.lines.line_totals), on PostgreSQL only.

No. of Lines, Campaign Target lines, Cost and Duration are one aggregate over the segment's lines; with the
summed columns INCLUDEd, an index-only scan answers it at 200,000 lines without reading the table. INCLUDE is
PostgreSQL's, so the index is not in the model state (segments/models.py); SQLite reads the lines by segment.
"""

from django.db import migrations

INDEX = "segments_line_totals_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "segments_segmentline" ("segment_id") '
        'INCLUDE ("campaign_target", "cost", "duration")'
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("segments", "0006_ordering_by_scalar_columns"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
