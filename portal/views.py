"""The portal's own views: the health check for load balancers, and the page for a server
error, which tells a database that does not answer (or a query stopped for taking too long)
from a fault of ours."""

import sys

import psycopg
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import never_cache

TIMED_OUT = (
    "Stopped: too broad",
    "Preparing this page took longer than the time a page may take, so it was stopped. "
    "Narrow what you asked for (a shorter date range, a country, a topic) and try again.",
)
UNAVAILABLE = (
    "The database is not answering",
    "Readouts cannot reach its database just now. Nothing was changed; try again in a minute.",
)

_migrated = False  # once every migration is applied, it stays so for this process


def database_fault(error):
    """What to tell the user about `error`, where it is the database's doing, or None."""
    if isinstance(error, DatabaseError) and isinstance(
        error.__cause__, psycopg.errors.QueryCanceled
    ):
        return TIMED_OUT
    if isinstance(error, DatabaseError) and isinstance(
        error.__cause__, psycopg.OperationalError | psycopg.InterfaceError
    ):
        return UNAVAILABLE
    return None


def server_error(request, template_name="500.html"):
    """handler500: Django calls it while handling the error, so sys.exception() is the error.
    The page is rendered without the request: its context (the user, the session) would ask
    the database again."""
    fault = database_fault(sys.exception())
    if fault is None:
        return HttpResponseServerError(loader.render_to_string(template_name))
    title, message = fault
    page = loader.render_to_string("503.html", {"title": title, "message": message})
    return HttpResponse(page, status=503, headers={"Retry-After": "60"})


@login_not_required
@never_cache
def healthz(request):
    """200 "ok" when the database answers and every migration is applied, 503 otherwise; it
    says nothing more, and needs no login (load balancers and monitors call it)."""
    global _migrated
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not _migrated:
            executor = MigrationExecutor(connection)
            _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    if not _migrated:
        return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
