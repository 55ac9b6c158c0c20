"""The starting taxonomy of topics (readouts/taxonomy.py)."""

from django.db import migrations


def add_topics(apps, schema_editor):
    from readouts.taxonomy import sync_topics

    sync_topics(apps.get_model("readouts", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("readouts", "0002_role_groups")]

    operations = [migrations.RunPython(add_topics, migrations.RunPython.noop)]
