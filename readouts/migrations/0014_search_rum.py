"""Where the server has the RUM extension, an index of the search vector that returns the
matches of a search in order of relevance (readouts/browse/search.py). Elsewhere, nothing: searches rank
the ordinary way."""

from django.db import migrations


def add(apps, schema_editor):
    from readouts.browse.search import create_rum_index

    with schema_editor.connection.cursor() as cursor:
        create_rum_index(cursor)


def remove(apps, schema_editor):
    from readouts.browse.search import RUM_INDEX

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {RUM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("readouts", "0013_search_samples"),
    ]

    operations = [migrations.RunPython(add, remove)]
