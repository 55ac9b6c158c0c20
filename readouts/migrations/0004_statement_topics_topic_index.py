"""An index on (topic_id, statement_id) of the statement-topic link table.

Django makes the auto-created table with a unique (statement_id, topic_id) index; the `topic`
filter and the topic facet read it the other way round, and want an index-only scan."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("readouts", "0003_default_topics")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX statement_topics_topic_idx "
            "ON readouts_statement_topics (topic_id, statement_id)",
            "DROP INDEX statement_topics_topic_idx",
        )
    ]
