"""No. of Contacts on the contact groupings, kept by triggers on their link tables, and counted once here.

PostgreSQL: statement-level triggers with transition tables (one grouped UPDATE per statement, however many links
it writes); SQLite: row-level triggers.
"""

# ruff: noqa: S608  (the SQL here is built from this module's constants only, no input reaches it)

from django.db import migrations, models

# (group table, link table, the link's column naming the group)
LINKS = [
    ("contacts_industrygroup", "contacts_contactindustrygroup", "industry_group_id"),
    ("contacts_businessrelation", "contacts_contactbusinessrelation", "business_relation_id"),
    ("contacts_mailinggroup", "contacts_contactmailinggroup", "mailing_group_id"),
    ("contacts_jobresponsibility", "contacts_contactjobresponsibility", "job_responsibility_id"),
]

FOLLOW = """
CREATE FUNCTION contacts_group_count_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    groups text := TG_ARGV[0];
    link text := TG_ARGV[1];
    moved text := 'UPDATE %I AS g SET no_of_contacts = g.no_of_contacts %s d.n '
        || 'FROM (SELECT %I AS id, COUNT(*) AS n FROM %s GROUP BY 1) AS d WHERE g.id = d.id';
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        EXECUTE format(moved, groups, '-', link, 'old_rows');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        EXECUTE format(moved, groups, '+', link, 'new_rows');
    END IF;
    RETURN NULL;
END;
$$
"""


def postgresql(groups: str, links: str, column: str) -> list[str]:
    name = f"{links}_count"
    follow = f"FOR EACH STATEMENT EXECUTE FUNCTION contacts_group_count_follow('{groups}', '{column}')"
    return [
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {links} REFERENCING NEW TABLE AS new_rows {follow}",
        f"CREATE TRIGGER {name}_update AFTER UPDATE ON {links} "
        f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows {follow}",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {links} REFERENCING OLD TABLE AS old_rows {follow}",
    ]


def sqlite(groups: str, links: str, column: str) -> list[str]:
    name = f"{links}_count"
    add = f"UPDATE {groups} SET no_of_contacts = no_of_contacts + 1 WHERE id = NEW.{column};"
    remove = f"UPDATE {groups} SET no_of_contacts = no_of_contacts - 1 WHERE id = OLD.{column};"
    return [
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {links} BEGIN {add} END",
        f"CREATE TRIGGER {name}_update AFTER UPDATE OF {column} ON {links} BEGIN {remove} {add} END",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {links} BEGIN {remove} END",
    ]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(FOLLOW)
        for groups, links, column in LINKS:
            cursor.execute(
                f"UPDATE {groups} SET no_of_contacts = "
                f"(SELECT COUNT(*) FROM {links} WHERE {links}.{column} = {groups}.id)"
            )
            for statement in (postgresql if vendor == "postgresql" else sqlite)(groups, links, column):
                cursor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        for _groups, links, _column in LINKS:
            for operation in ("insert", "update", "delete"):
                on = f" ON {links}" if vendor == "postgresql" else ""
                cursor.execute(f"DROP TRIGGER IF EXISTS {links}_count_{operation}{on}")
        if vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS contacts_group_count_follow()")


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0005_search_trigram_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="businessrelation",
            name="no_of_contacts",
            field=models.BigIntegerField(default=0, editable=False, verbose_name="No. of Contacts"),
        ),
        migrations.AddField(
            model_name="industrygroup",
            name="no_of_contacts",
            field=models.BigIntegerField(default=0, editable=False, verbose_name="No. of Contacts"),
        ),
        migrations.AddField(
            model_name="jobresponsibility",
            name="no_of_contacts",
            field=models.BigIntegerField(default=0, editable=False, verbose_name="No. of Contacts"),
        ),
        migrations.AddField(
            model_name="mailinggroup",
            name="no_of_contacts",
            field=models.BigIntegerField(default=0, editable=False, verbose_name="No. of Contacts"),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
