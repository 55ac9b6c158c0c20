"""The climate topic no longer files "the international environment" under climate: its bare
"environment*" keyword becomes "environmental" (only where editors left it as it was)."""

from django.db import migrations


def narrow(apps, schema_editor):
    Topic = apps.get_model("readouts", "Topic")
    for topic in Topic.objects.filter(slug="climate", keywords__contains=["environment*"]):
        words = [w for w in topic.keywords if w != "environment*"]
        for word in ("environmental", "environmental protection"):
            if word not in words:
                words.append(word)
        topic.keywords = words
        topic.save(update_fields=["keywords"])


class Migration(migrations.Migration):
    dependencies = [("readouts", "0008_statement_topic_ids")]

    operations = [migrations.RunPython(narrow, migrations.RunPython.noop)]
