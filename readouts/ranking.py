"""The statements that match a search, in order of relevance.

Ranking with the GIN index alone reads every match from the table to weigh it (ts_rank). At a
million statements, the 85,000 that mention Ukraine take about 200 ms to rank.

Where the server has the RUM extension, migration 0014 adds a RUM index of the search vector.
(Debian's package is postgresql-15-rum; `make run`'s own server installs it.) That index keeps
each word's positions, so it weighs the matches itself and returns them in order of relevance.
A page is then read from the index, about three times faster.

Relevance is the index's distance (`search <=> query`), with the nearest first. For a single
word it is exactly 1 / ts_rank; for several words it is RUM's own weighing. Wherever the index
exists, the list is ordered by that distance, in SQL and in exports alike. Elsewhere, and for
the other sorts, nothing changes.

Matches of equal relevance are ordered newest first. A page can end inside a group of equals,
and every member of that group must be read to know which are the newest. So the index is asked
for the nearest `k` matches (four times the rows up to the page's end, at least FIRST_READ),
and those are ordered here. The page is complete when its last row is nearer than the farthest
row read. Otherwise (a page that ends among more than `k` equals: a word that most statements
use once, say), the matches are ranked the ordinary way, as they are where the index would not
pay (index_pays) and for pages deep in the list.
"""

from django.db import connection
from django.db.models import FloatField, Func

RUM_INDEX = "statement_search_rum_idx"
RUM_ABOVE = 20_000  # matches (estimated) from which the index pays, at the least
# The index weighs all the matches of the words before it returns the first: past this many
# (some 130 ms), a page that ends among too many equals would cost too much in vain.
RUM_WEIGHS_AT_MOST = 150_000
FIRST_READ = 2_000  # matches read from the index for a page, at least
MAX_READ = 16_000  # a page deeper than a quarter of this is ranked the ordinary way


class Distance(Func):
    """`search <=> query`: the RUM index's distance between a statement and the search."""

    arg_joiner = " <=> "
    template = "(%(expressions)s)"
    output_field = FloatField()


class Relevance(Distance):
    """One over the distance, in double precision: higher is more relevant, as with ts_rank
    (which it equals for a single word), and in exactly the distance's order, ties included
    (every single-precision distance has its own double-precision inverse)."""

    template = "(1.0::float8 / (%(expressions)s))"


def index_exists(cursor):
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [RUM_INDEX])
    return cursor.fetchone()[0]


def rum_ready():
    """Whether the statements' RUM index exists, asked once per data version (a migration or
    a bulk load that adds or removes it changes the version) and kept in the process: every
    search asks, from its filter and from its page."""
    from . import cache

    def exists():
        with connection.cursor() as cursor:
            return index_exists(cursor)

    return cache.kept(("rum-index",), exists)


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


def connect():
    """Add the index after `migrate` where it can be (called by the app config)."""
    from django.db.models.signals import post_migrate

    post_migrate.connect(add_when_possible, dispatch_uid="rum-index")


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
            added = create_rum_index(cursor)
    if added:
        from .cache import bump

        bump()  # rum_ready() asks again


def index_pays(queryset, query):
    """Whether reading the matches through the RUM index beats ranking them the ordinary way
    (by the planner's estimates). The index weighs every match of the words before any other
    filter applies, then the rows it returns are checked against the other filters: it pays
    for many matches that the other filters mostly keep, not for a few thousand, nor for a
    search that another filter (a year, a country) narrows to a small part, nor for words
    so common that weighing them all costs more than a page that ends among equals can win."""
    from django.db.models.sql import Query

    from .facets import planned, sql_of

    kept = planned(*sql_of(queryset.order_by().values("pk")))[0]
    if kept < RUM_ABOVE:
        return False
    holder = Query(queryset.model)
    words, params = holder.get_compiler(connection=connection).compile(
        query.resolve_expression(holder)
    )
    with connection.cursor() as cursor:
        # Only words to leave out ("-russia"): the index would weigh every statement.
        cursor.execute(f"SELECT querytree({words}) = 'T'", params)  # noqa: S608 - the ORM's
        if cursor.fetchone()[0]:
            return False
    searched = queryset.model.objects.filter(search=query).order_by().values("pk")
    weighed = planned(*sql_of(searched))[0]
    return kept * 2 >= weighed and weighed <= RUM_WEIGHS_AT_MOST


def ranked_ids(queryset, query, window):
    """The ids of the matches in `window` (a slice) of `queryset` (filtered, searched for
    `query`) in order of relevance, then newest first, read through the RUM index; None when
    the index does not pay (index_pays), when the window is deep in the list, or when it ends
    in a group of equals larger than what was read."""
    start, stop = window.start or 0, window.stop
    read = max(FIRST_READ, 4 * stop)
    if read > MAX_READ or not index_pays(queryset, query):
        return None
    nearest = (
        queryset.order_by()
        .annotate(distance=Distance("search", query))
        .order_by("distance")
        .values_list("pk", "occurred_on", "distance")[:read]
    )
    sql, params = nearest.query.sql_with_params()
    # The nearest `read`, ordered here; `sql` is the ORM's own.
    outer = f"SELECT t.pk, t.distance, MAX(t.distance) OVER (), COUNT(*) OVER () FROM ({sql}) AS t (pk, occurred_on, distance) ORDER BY t.distance, t.occurred_on DESC, t.pk DESC OFFSET %s LIMIT %s"  # noqa: E501, S608
    with connection.cursor() as cursor:
        cursor.execute(outer, (*params, start, stop - start))
        rows = cursor.fetchall()
    if not rows:  # fewer matches than `read`, and none from the window's start
        return []
    farthest, count = rows[0][2], rows[0][3]
    # Every match was read, or every match as near as the page's last was.
    if count < read or rows[-1][1] < farthest:
        return [pk for pk, *_ in rows]
    # Reading more would weigh every match again: the ordinary way costs about as much.
    return None
