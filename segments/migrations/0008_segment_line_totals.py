"""Segment line totals (the segment card's Statistics), kept by triggers on the lines, and summed once here.

PostgreSQL: statement-level triggers with transition tables (one grouped upsert per statement, in key order);
SQLite: row-level triggers. The covering index of 0007 (segments_line_totals_idx), which served the old
aggregate over the lines, is dropped: the totals answer instead, and every line written no longer updates it.
"""

# ruff: noqa: S608  (the SQL here is built from this module's constants only, no input reaches it)

import django.db.models.deletion
from django.db import migrations, models

TABLE = "segments_segmentlinetotal"
LINES = "segments_segmentline"
COLUMNS = "segment_id, no_of_lines, no_of_targets, cost, duration"
ADD = (
    "no_of_lines = {t}.no_of_lines + excluded.no_of_lines, no_of_targets = {t}.no_of_targets + excluded.no_of_targets, "
    "cost = {t}.cost + excluded.cost, duration = {t}.duration + excluded.duration"
)


def grouped(rows: str, sign: str) -> str:
    return (
        f"SELECT segment_id, {sign}COUNT(*), {sign}COUNT(*) FILTER (WHERE campaign_target), {sign}SUM(cost), "
        f"{sign}SUM(duration) FROM {rows} GROUP BY 1"
    )


def upsert_from(select: str) -> str:
    return (
        f"INSERT INTO {TABLE} AS t ({COLUMNS}) SELECT * FROM ({select}) AS d ORDER BY 1 "
        f"ON CONFLICT (segment_id) DO UPDATE SET {ADD.format(t='t')}"
    )


CHANGED = (
    "SELECT k, SUM(n), SUM(g), SUM(c), SUM(d) "
    f"FROM ({grouped('new_rows', '')} UNION ALL {grouped('old_rows', '-')}) AS u (k, n, g, c, d) "
    "GROUP BY 1 HAVING SUM(n) <> 0 OR SUM(g) <> 0 OR SUM(c) <> 0 OR SUM(d) <> 0"
)

POSTGRESQL = [
    f"""
    CREATE FUNCTION segments_line_totals_follow() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            {upsert_from(grouped("new_rows", ""))};
        ELSIF TG_OP = 'DELETE' THEN
            {upsert_from(grouped("old_rows", "-"))};
        ELSE
            {upsert_from(CHANGED)};
        END IF;
        RETURN NULL;
    END;
    $$
    """,
    f"CREATE TRIGGER segments_line_totals_insert AFTER INSERT ON {LINES} REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION segments_line_totals_follow()",
    f"CREATE TRIGGER segments_line_totals_update AFTER UPDATE ON {LINES} "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION segments_line_totals_follow()",
    f"CREATE TRIGGER segments_line_totals_delete AFTER DELETE ON {LINES} REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION segments_line_totals_follow()",
    "DROP INDEX IF EXISTS segments_line_totals_idx",
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS segments_line_totals_insert ON {LINES}",
    f"DROP TRIGGER IF EXISTS segments_line_totals_update ON {LINES}",
    f"DROP TRIGGER IF EXISTS segments_line_totals_delete ON {LINES}",
    "DROP FUNCTION IF EXISTS segments_line_totals_follow()",
    f"CREATE INDEX IF NOT EXISTS segments_line_totals_idx ON {LINES} (segment_id) "
    "INCLUDE (campaign_target, cost, duration)",
]


def sqlite_row(row: str, sign: str) -> str:
    return (
        f"INSERT INTO {TABLE} ({COLUMNS}) VALUES ({row}.segment_id, {sign}1, "
        f"{sign}(CASE WHEN {row}.campaign_target THEN 1 ELSE 0 END), {sign}{row}.cost, {sign}{row}.duration) "
        f"ON CONFLICT (segment_id) DO UPDATE SET {ADD.format(t=TABLE)};"
    )


SQLITE = [
    f"CREATE TRIGGER segments_line_totals_insert AFTER INSERT ON {LINES} BEGIN {sqlite_row('NEW', '')} END",
    f"CREATE TRIGGER segments_line_totals_update AFTER UPDATE OF segment_id, campaign_target, cost, duration "
    f"ON {LINES} BEGIN {sqlite_row('OLD', '-')} {sqlite_row('NEW', '')} END",
    f"CREATE TRIGGER segments_line_totals_delete AFTER DELETE ON {LINES} BEGIN {sqlite_row('OLD', '-')} END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS segments_line_totals_insert",
    "DROP TRIGGER IF EXISTS segments_line_totals_update",
    "DROP TRIGGER IF EXISTS segments_line_totals_delete",
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} ({COLUMNS}) SELECT segment_id, COUNT(*), "
            f"SUM(CASE WHEN campaign_target THEN 1 ELSE 0 END), SUM(cost), SUM(duration) FROM {LINES} GROUP BY 1"
        )
        for statement in {"postgresql": POSTGRESQL, "sqlite": SQLITE}[vendor]:
            cursor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        for statement in {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}[vendor]:
            cursor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('segments', '0007_line_totals_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='SegmentLineTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('no_of_lines', models.BigIntegerField()),
                ('no_of_targets', models.BigIntegerField()),
                ('cost', models.DecimalField(decimal_places=2, max_digits=30)),
                ('duration', models.DecimalField(decimal_places=0, max_digits=30)),
                ('segment', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='line_total', to='segments.segmentheader')),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
