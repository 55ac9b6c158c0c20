"""An index in the exact order of the statement list as analysts see it by default.

Serves the statement list's default sort (`-date`: ORDER BY occurred_on DESC, event_id DESC,
position, id DESC over public statements) and, above all, its export: PostgreSQL reads a million
rows in that order straight from the index, so the first row goes out at once instead of after a
sort of every row (bench/). Partial: analysts only ever see public statements.

Built concurrently, so that adding it to a full database does not block writes."""

from django.db import migrations


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("readouts", "0005_null_safe_constraints")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS statement_public_order_idx "
            "ON readouts_statement (occurred_on DESC, event_id DESC, position, id DESC) "
            "WHERE is_public",
            "DROP INDEX CONCURRENTLY IF EXISTS statement_public_order_idx",
        )
    ]
