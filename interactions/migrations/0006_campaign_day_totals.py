"""Campaign day totals (the campaign statistics' SIFT), kept in step by triggers on the entries, and summed once here.

Only counting entries (with a campaign, not canceled, not postponed) are in them; an UPDATE moves an entry out of
the day it counted in and into the one it counts in now (or out of the totals, when it is canceled). PostgreSQL:
statement-level triggers with transition tables, one grouped upsert in key order; SQLite: row-level triggers.
"""

# ruff: noqa: S608  (the SQL here is built from this module's constants only, no input reaches it)

import django.db.models.deletion
from django.db import migrations, models

TABLE = "interactions_campaigndaytotal"
ENTRIES = "interactions_interactionlogentry"
COLUMNS = "campaign_id, date, contacted, responded, no_of_interactions, cost, duration"
ADD = (
    "contacted = {t}.contacted + excluded.contacted, responded = {t}.responded + excluded.responded, "
    "no_of_interactions = {t}.no_of_interactions + excluded.no_of_interactions, cost = {t}.cost + excluded.cost, "
    "duration = {t}.duration + excluded.duration"
)
COUNTING = "campaign_id IS NOT NULL AND NOT canceled AND NOT postponed"


def grouped(rows: str, sign: str) -> str:
    return (
        f"SELECT campaign_id, date, {sign}COUNT(*) FILTER (WHERE campaign_target), "
        f"{sign}COUNT(*) FILTER (WHERE campaign_response), {sign}COUNT(*), {sign}SUM(cost), {sign}SUM(duration) "
        f"FROM {rows} WHERE {COUNTING} GROUP BY 1, 2"
    )


def upsert_from(select: str) -> str:
    return (
        f"INSERT INTO {TABLE} AS t ({COLUMNS}) SELECT * FROM ({select}) AS d ORDER BY 1, 2 "
        f"ON CONFLICT (campaign_id, date) DO UPDATE SET {ADD.format(t='t')}"
    )


CHANGED = (
    "SELECT k1, k2, SUM(a), SUM(b), SUM(n), SUM(c), SUM(d) "
    f"FROM ({grouped('new_rows', '')} UNION ALL {grouped('old_rows', '-')}) AS u (k1, k2, a, b, n, c, d) "
    "GROUP BY 1, 2 HAVING SUM(a) <> 0 OR SUM(b) <> 0 OR SUM(n) <> 0 OR SUM(c) <> 0 OR SUM(d) <> 0"
)

POSTGRESQL = [
    f"""
    CREATE FUNCTION interactions_campaign_days_follow() RETURNS trigger LANGUAGE plpgsql AS $$
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
    f"CREATE TRIGGER interactions_campaign_days_insert AFTER INSERT ON {ENTRIES} REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION interactions_campaign_days_follow()",
    f"CREATE TRIGGER interactions_campaign_days_update AFTER UPDATE ON {ENTRIES} "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION interactions_campaign_days_follow()",
    f"CREATE TRIGGER interactions_campaign_days_delete AFTER DELETE ON {ENTRIES} REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION interactions_campaign_days_follow()",
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS interactions_campaign_days_insert ON {ENTRIES}",
    f"DROP TRIGGER IF EXISTS interactions_campaign_days_update ON {ENTRIES}",
    f"DROP TRIGGER IF EXISTS interactions_campaign_days_delete ON {ENTRIES}",
    "DROP FUNCTION IF EXISTS interactions_campaign_days_follow()",
]


def sqlite_row(row: str, sign: str) -> str:
    return (
        f"INSERT INTO {TABLE} ({COLUMNS}) VALUES ({row}.campaign_id, {row}.date, "
        f"{sign}(CASE WHEN {row}.campaign_target THEN 1 ELSE 0 END), "
        f"{sign}(CASE WHEN {row}.campaign_response THEN 1 ELSE 0 END), {sign}1, {sign}{row}.cost, "
        f"{sign}{row}.duration) "
        f"ON CONFLICT (campaign_id, date) DO UPDATE SET {ADD.format(t=TABLE)};"
    )


def sqlite_counting(row: str) -> str:
    return f"{row}.campaign_id IS NOT NULL AND NOT {row}.canceled AND NOT {row}.postponed"


SQLITE = [
    f"CREATE TRIGGER interactions_campaign_days_insert AFTER INSERT ON {ENTRIES} WHEN {sqlite_counting('NEW')} "
    f"BEGIN {sqlite_row('NEW', '')} END",
    f"CREATE TRIGGER interactions_campaign_days_update_old AFTER UPDATE ON {ENTRIES} WHEN {sqlite_counting('OLD')} "
    f"BEGIN {sqlite_row('OLD', '-')} END",
    f"CREATE TRIGGER interactions_campaign_days_update_new AFTER UPDATE ON {ENTRIES} WHEN {sqlite_counting('NEW')} "
    f"BEGIN {sqlite_row('NEW', '')} END",
    f"CREATE TRIGGER interactions_campaign_days_delete AFTER DELETE ON {ENTRIES} WHEN {sqlite_counting('OLD')} "
    f"BEGIN {sqlite_row('OLD', '-')} END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS interactions_campaign_days_insert",
    "DROP TRIGGER IF EXISTS interactions_campaign_days_update_old",
    "DROP TRIGGER IF EXISTS interactions_campaign_days_update_new",
    "DROP TRIGGER IF EXISTS interactions_campaign_days_delete",
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(f"INSERT INTO {TABLE} ({COLUMNS}) {grouped(ENTRIES, '')}")
        else:  # SQLite has no FILTER on COUNT before 3.30: the same sums with CASE
            cursor.execute(
                f"INSERT INTO {TABLE} ({COLUMNS}) SELECT campaign_id, date, "
                "SUM(CASE WHEN campaign_target THEN 1 ELSE 0 END), SUM(CASE WHEN campaign_response THEN 1 ELSE 0 END), "
                f"COUNT(*), SUM(cost), SUM(duration) FROM {ENTRIES} WHERE {COUNTING} GROUP BY 1, 2"
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
        ("campaigns", "0005_ordering_by_scalar_columns"),
        ("interactions", "0005_interaction_totals"),
    ]

    operations = [
        migrations.CreateModel(
            name="CampaignDayTotal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField()),
                ("contacted", models.BigIntegerField()),
                ("responded", models.BigIntegerField()),
                ("no_of_interactions", models.BigIntegerField()),
                ("cost", models.DecimalField(decimal_places=2, max_digits=30)),
                ("duration", models.DecimalField(decimal_places=0, max_digits=30)),
                (
                    "campaign",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="day_totals",
                        to="campaigns.campaign",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["campaign", "date"],
                        include=("contacted", "responded", "no_of_interactions", "cost", "duration"),
                        name="interactions_cdt_day_idx",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("campaign", "date"), name="interactions_campaigndaytotal_unique")
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
