"""Create the four role groups. Their permissions are granted after every migrate (core.roles), since
permissions for apps migrated later do not exist yet when this runs."""

from django.db import migrations

ROLES = ["Administrator", "Marketer", "Sales Manager", "Salesperson"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
