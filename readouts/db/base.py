"""Django's PostgreSQL backend, with a health check that costs no round trip.

With CONN_HEALTH_CHECKS, Django sends `SELECT 1` on a kept connection before its first query
of each request, and so do the facets' threads before each task (background.py): two round
trips before a list page's first queries, each waiting its turn for the processor. A kept
connection that nothing happened to has nothing to read; one the server closed or is closing
(a restart, pg_terminate_backend) has its farewell or its end of file waiting on the socket.
So the socket is asked first, at no cost, and the server only when there is something to read.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        try:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        if not readable:  # idle and quiet: as it was left
            return True
        return super().is_usable()  # something to read: the server decides
