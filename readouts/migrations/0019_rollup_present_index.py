"""An index of the statement rollup's entries that count something, by facet and key: which
topics public statements are filed under (Topic.objects.visible_to), a probe per topic."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("readouts", "0018_web_urls_only")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS statement_rollup_present_idx "
            "ON readouts_statement_rollup (facet, key) WHERE n > 0",
            "DROP INDEX IF EXISTS statement_rollup_present_idx",
        )
    ]
