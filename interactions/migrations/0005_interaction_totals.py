"""Interaction totals (BC's SIFT for the groups', templates' and logged segments' FlowFields), kept in step by triggers.

PostgreSQL: one statement-level trigger per INSERT, UPDATE and DELETE on the entries, with transition tables, so
Log Segment's INSERT … SELECT of 200,000 entries moves the totals with one grouped upsert, not 200,000. The upsert
goes in key order, so two statements touching the same totals lock them in the same order (no deadlock).
SQLite: row-level triggers with the same upsert.
The existing entries are summed once here.
"""

# ruff: noqa: S608  (the SQL here is built from this module's constants only, no input reaches it)

import django.db.models.deletion
from django.db import migrations, models

TABLE = "interactions_interactiontotal"
ENTRIES = "interactions_interactionlogentry"
KEYS = "interaction_group_key, interaction_template_key, logged_segment_key, campaign_entry_id, canceled, postponed"
ADD = (
    "no_of_entries = {t}.no_of_entries + excluded.no_of_entries, cost = {t}.cost + excluded.cost, "
    "duration = {t}.duration + excluded.duration"
)


def grouped(rows: str, sign: str) -> str:
    return (
        f"SELECT COALESCE(interaction_group_id, 0), COALESCE(interaction_template_id, 0), "
        f"COALESCE(logged_segment_id, 0), COALESCE(campaign_entry_id, 0), canceled, postponed, "
        f"{sign}COUNT(*), {sign}SUM(cost), {sign}SUM(duration) FROM {rows} GROUP BY 1, 2, 3, 4, 5, 6"
    )


def upsert_from(select: str) -> str:
    return (
        f"INSERT INTO {TABLE} AS t ({KEYS}, no_of_entries, cost, duration) "
        f"SELECT * FROM ({select}) AS d ORDER BY 1, 2, 3, 4, 5, 6 "
        f"ON CONFLICT ({KEYS}) DO UPDATE SET {ADD.format(t='t')}"
    )


# An UPDATE moves each changed entry out of its old totals and into its new ones.
CHANGED = (
    "SELECT k1, k2, k3, k4, k5, k6, SUM(n), SUM(c), SUM(d) "
    f"FROM ({grouped('new_rows', '')} UNION ALL {grouped('old_rows', '-')}) AS u (k1, k2, k3, k4, k5, k6, n, c, d) "
    "GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(n) <> 0 OR SUM(c) <> 0 OR SUM(d) <> 0"  # an edited Description moves nothing
)
# The columns an UPDATE must set for the totals to move (SQLite; Django's save() sets them all, a bulk update may not).
COUNTED = (
    "canceled, postponed, cost, duration, interaction_group_id, interaction_template_id, logged_segment_id, "
    "campaign_entry_id"
)

POSTGRESQL = [
    f"""
    CREATE FUNCTION interactions_totals_follow() RETURNS trigger LANGUAGE plpgsql AS $$
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
    f"CREATE TRIGGER interactions_totals_insert AFTER INSERT ON {ENTRIES} REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION interactions_totals_follow()",
    # (PostgreSQL takes no column list with transition tables: CHANGED skips what nets to nothing.)
    f"CREATE TRIGGER interactions_totals_update AFTER UPDATE ON {ENTRIES} "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION interactions_totals_follow()",
    f"CREATE TRIGGER interactions_totals_delete AFTER DELETE ON {ENTRIES} REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION interactions_totals_follow()",
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS interactions_totals_insert ON {ENTRIES}",
    f"DROP TRIGGER IF EXISTS interactions_totals_update ON {ENTRIES}",
    f"DROP TRIGGER IF EXISTS interactions_totals_delete ON {ENTRIES}",
    "DROP FUNCTION IF EXISTS interactions_totals_follow()",
]


def sqlite_row(row: str, sign: str) -> str:
    return (
        f"INSERT INTO {TABLE} ({KEYS}, no_of_entries, cost, duration) VALUES ("
        f"COALESCE({row}.interaction_group_id, 0), COALESCE({row}.interaction_template_id, 0), "
        f"COALESCE({row}.logged_segment_id, 0), COALESCE({row}.campaign_entry_id, 0), {row}.canceled, "
        f"{row}.postponed, {sign}1, {sign}{row}.cost, "
        f"{sign}{row}.duration) ON CONFLICT ({KEYS}) DO UPDATE SET {ADD.format(t=TABLE)};"
    )


SQLITE = [
    f"CREATE TRIGGER interactions_totals_insert AFTER INSERT ON {ENTRIES} BEGIN {sqlite_row('NEW', '')} END",
    f"CREATE TRIGGER interactions_totals_update AFTER UPDATE OF {COUNTED} ON {ENTRIES} "
    f"BEGIN {sqlite_row('OLD', '-')} {sqlite_row('NEW', '')} END",
    f"CREATE TRIGGER interactions_totals_delete AFTER DELETE ON {ENTRIES} BEGIN {sqlite_row('OLD', '-')} END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS interactions_totals_insert",
    "DROP TRIGGER IF EXISTS interactions_totals_update",
    "DROP TRIGGER IF EXISTS interactions_totals_delete",
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}[vendor]
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(f"INSERT INTO {TABLE} ({KEYS}, no_of_entries, cost, duration) {grouped(ENTRIES, '')}")
        for statement in statements:
            cursor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        for statement in {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}[vendor]:
            cursor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0005_ordering_by_scalar_columns'),
        ('interactions', '0004_entry_list_and_statistics_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='InteractionTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('interaction_group_key', models.BigIntegerField()),
                ('interaction_template_key', models.BigIntegerField()),
                ('logged_segment_key', models.BigIntegerField()),
                ('canceled', models.BooleanField()),
                ('postponed', models.BooleanField()),
                ('no_of_entries', models.BigIntegerField()),
                ('cost', models.DecimalField(decimal_places=2, max_digits=30)),
                ('duration', models.DecimalField(decimal_places=0, max_digits=30)),
                ('campaign_entry', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='interaction_totals', to='campaigns.campaignentry')),
            ],
            options={
                'indexes': [models.Index(condition=models.Q(('canceled', False), ('postponed', False)), fields=['interaction_group_key'], include=('no_of_entries', 'cost', 'duration'), name='interactions_total_group_idx'), models.Index(condition=models.Q(('canceled', False), ('postponed', False)), fields=['interaction_template_key'], include=('no_of_entries', 'cost', 'duration'), name='interactions_total_tmpl_idx'), models.Index(fields=['logged_segment_key', 'canceled'], include=('no_of_entries',), name='interactions_total_logged_idx'), models.Index(fields=['campaign_entry', 'canceled'], include=('no_of_entries', 'cost', 'duration'), name='interactions_total_entry_idx')],
                'constraints': [models.UniqueConstraint(fields=('interaction_group_key', 'interaction_template_key', 'logged_segment_key', 'campaign_entry', 'canceled', 'postponed'), name='interactions_interactiontotal_keys_unique')],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
