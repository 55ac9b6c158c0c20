"""Two things a page needs, asked of PostgreSQL at the same time.

A full-text search (or any list counted from its rows rather than the monthly counts) waits
on two costly queries: its facets, and its page of rows ranked among every match. On a
machine with two cores or more they can run side by side, each on a connection of its own:
the facets in a thread while the request's own thread reads the page.
"""

import contextvars
import threading

from django.db import connection, connections


def can_run_apart():
    """A second connection sees only what is committed: not inside a transaction (a test's,
    or a request's own writes), where it would miss what this one wrote."""
    return not connection.in_atomic_block


class Background:
    """fn() run now in a thread of its own, with the request's context (its data version) and
    a database connection of its own, closed when done; get() waits for it and gives its
    result (or raises its error)."""

    def __init__(self, fn):
        self.result = self.error = None
        context = contextvars.copy_context()
        self.thread = threading.Thread(target=context.run, args=(self._run, fn), daemon=True)
        self.thread.start()

    def _run(self, fn):
        try:
            self.result = fn()
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            self.error = error
        finally:
            connections.close_all()

    def get(self):
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.result


class Done:
    """A value already at hand, with the same get() as Background."""

    def __init__(self, value):
        self.value = value

    def get(self):
        return self.value
