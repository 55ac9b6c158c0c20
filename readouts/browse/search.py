"""The statements that match a search, in order of relevance.

Ranking with the GIN index alone reads every match from the table to weigh it (ts_rank): the
tens of thousands of statements that mention Ukraine at a million statements are all read to
show the first fifty.

Where the server has the RUM extension, migration 0014 adds a RUM index of the search vector.
(Debian's package is postgresql-15-rum; `make run`'s own server installs it.) That index keeps
each word's positions, so it weighs the matches itself and returns them nearest first: a list
in order of relevance is then `ORDER BY search <=> query`, which PostgreSQL reads from the
index, the ties (ordered newest first) sorted as they come.

Relevance is the index's distance, nearest first. For a single word it is exactly 1 / ts_rank;
for several words it is RUM's own weighing. Wherever the index exists, the list is ordered by
it, in pages and exports alike; elsewhere by ts_rank. Matches of equal relevance are ordered
newest first, which the index cannot do: a page reads the nearest matches from it and orders
them itself (RankedRows).
"""

from django.db import connection
from django.db.models import FloatField, Func
from django.utils.functional import SimpleLazyObject

RUM_INDEX = "statement_search_rum_idx"
NEAREST_AT_LEAST = 2_000  # matches read from the index for a page, at least
NEAREST_AT_MOST = 20_000  # a page deeper than a quarter of this is ranked the ordinary way


class Distance(Func):
    """`search <=> query`: the RUM index's distance between a statement and the search."""

    arg_joiner = " <=> "
    template = "(%(expressions)s)"
    output_field = FloatField()


class RankedRows:
    """The rows of a search in order of relevance (a values() queryset of them, with their
    "pk"), sliced as the paginator asks.

    PostgreSQL reads the matches nearest first from the RUM index, but sorts every match to
    order equals by date. So a page reads the nearest matches from the index (four times the
    rows up to its end, NEAREST_AT_LEAST at least) and orders those by relevance and date: the
    page is right when every match was read, or when its last row is nearer than the farthest
    one read (no match left unread can come before it). Otherwise, and deep in the list, it
    is read the ordinary way."""

    ordered = True

    def __init__(self, queryset, query):
        self.queryset, self.query = queryset, query

    def __getitem__(self, window):
        """The rows in `window` (a slice), read when first used, as a queryset's slice is."""
        return SimpleLazyObject(lambda: self.rows(window))

    def rows(self, window):
        ids = self.page_ids(window.start or 0, window.stop)
        if ids is None:
            return list(self.queryset[window])
        rows = {row["pk"]: row for row in self.queryset.order_by().filter(pk__in=ids)}
        return [rows[pk] for pk in ids]

    def page_ids(self, start, stop):
        read = max(NEAREST_AT_LEAST, 4 * stop)
        if read > NEAREST_AT_MOST:
            return None
        nearest = (
            self.queryset.annotate(distance=Distance("search", self.query))
            .order_by("distance")
            .values_list("pk", "occurred_on", "distance")[:read]
        )
        sql, params = nearest.query.sql_with_params()
        # The nearest, in the list's order (its ORDER BY: distance, date descending, id
        # descending), with the farthest distance read and how many were.
        page = f"SELECT t.pk, t.distance, MAX(t.distance) OVER (), COUNT(*) OVER () FROM ({sql}) AS t (pk, occurred_on, distance) ORDER BY t.distance, t.occurred_on DESC, t.pk DESC OFFSET %s LIMIT %s"  # noqa: S608, E501 - the ORM's SQL
        with connection.cursor() as cursor:
            cursor.execute(page, (*params, start, stop - start))
            rows = cursor.fetchall()
        if rows and rows[0][3] == read and rows[-1][1] >= rows[0][2]:
            return None  # the page ends among equals some of which were not read
        return [pk for pk, *_ in rows]


def index_exists(cursor):
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [RUM_INDEX])
    return cursor.fetchone()[0]


def rum_ready():
    """Whether the statements' RUM index exists (one small query)."""
    with connection.cursor() as cursor:
        return index_exists(cursor)


def create_rum_index(cursor):
    """Add the RUM extension and index where the server has the extension and lets this user
    add it; True if the index exists afterwards. Run inside a transaction (a savepoint keeps a
    refusal from aborting it)."""
    cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
    if cursor.fetchone() is None:
        return False
    cursor.execute("SAVEPOINT add_rum")
    try:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
    except Exception:  # not allowed (not a superuser, say): rank the ordinary way
        cursor.execute("ROLLBACK TO SAVEPOINT add_rum")
        return False
    cursor.execute("RELEASE SAVEPOINT add_rum")
    cursor.execute(
        f"CREATE INDEX IF NOT EXISTS {RUM_INDEX} ON readouts_statement "
        "USING rum (search rum_tsvector_ops)"
    )
    return True


def add_when_possible(sender, using="default", **kwargs):
    """After `migrate` (post_migrate): the RUM index, where migration 0014 is applied but the
    index is missing because the extension came later (installed since, or a user since
    allowed to add it). `make run` migrates at every start, so it comes without a step of
    its own. Two small queries when there is nothing to do."""
    from django.db import connections, transaction
    from django.db.migrations.recorder import MigrationRecorder

    if sender.name != "readouts":
        return
    connection = connections[using]
    if ("readouts", "0014_search_rum") not in MigrationRecorder(connection).applied_migrations():
        return  # migrated back before it: leave it out
    with connection.cursor() as cursor:
        if index_exists(cursor):
            return
        with transaction.atomic(using=using):
            create_rum_index(cursor)


def connect():
    from django.db.models.signals import post_migrate

    post_migrate.connect(add_when_possible, dispatch_uid="rum-index")
