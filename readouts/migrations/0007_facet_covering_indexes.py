"""Covering indexes for the facets of the statement list filtered by country.

- statement_public_side_facets_idx: the statement list's `country` filter with its date range
  (`is_public AND side_id IN (...) AND occurred_on >= ...`) and the facet counts over it (kind,
  speaker, publisher through the source, year, month, topics): every column those queries read
  is in the index, so they scan it alone instead of visiting tens of thousands of wide heap rows
  (each facet query re-reads the matches).
- source_publisher_covering_idx: the publisher facet joins each statement's source for its
  publisher; with this index the join reads 100,000 ids and publishers, not 170 MB of texts.

Built concurrently, so that adding them to a full database does not block writes (bench/)."""

from django.db import migrations


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("readouts", "0006_statement_public_order_index")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS statement_public_side_facets_idx "
            "ON readouts_statement (side_id, occurred_on DESC) "
            "INCLUDE (id, event_id, speaker_id, source_id, event_kind) WHERE is_public",
            "DROP INDEX CONCURRENTLY IF EXISTS statement_public_side_facets_idx",
        ),
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS source_publisher_covering_idx "
            "ON readouts_source (id) INCLUDE (publisher_id)",
            "DROP INDEX CONCURRENTLY IF EXISTS source_publisher_covering_idx",
        ),
    ]
