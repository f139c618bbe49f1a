"""Create the single Marketing Setup row, so opening the setup page never writes."""

from django.db import migrations


def create_setup(apps, schema_editor):
    apps.get_model("core", "MarketingSetup").objects.get_or_create(id=1)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_roles")]

    operations = [migrations.RunPython(create_setup, migrations.RunPython.noop)]
