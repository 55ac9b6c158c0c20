"""Two things a page needs, asked of PostgreSQL at the same time.

A list page waits on two queries that do not depend on each other: its facets, and its page of
rows. On a machine with two cores or more they can run side by side, each on a connection of
its own: the facets in a thread while the request's own thread reads (and writes out) the page.

The threads are kept, a few per process, each with its database connection kept as a
request's is (CONN_MAX_AGE, checked before and after each task as Django checks it around a
request): opening a connection costs about 5 ms, as much as the monthly counts save.
A thread left idle for IDLE_SECONDS closes its connection, and `shutdown()` closes them all
(the tests, before their database is dropped).

A task can hand its result over before it ends (hand_over: the facets, before they are written
to the cache), and offer work to the thread that waits for it (share: that thread's connection
is idle meanwhile).
"""

import contextvars
import queue
import threading

from django.db import close_old_connections, connection, connections

from . import later

# At most this many threads per process; past it a task runs in the thread that asked (Done).
# gunicorn serves a few requests per process at once (GUNICORN_THREADS), each with one task.
MAX_THREADS = 8
IDLE_SECONDS = 30
HEAD_START = 0.005  # seconds the asking thread leaves the GIL to a task before its query
ANSWER_WAIT = 2  # seconds a task that gave its result waits for the response to be sent


def can_run_apart():
    """A second connection sees only what is committed: not inside a transaction (a test's,
    or a request's own writes), where it would miss what this one wrote."""
    return not connection.in_atomic_block


def start(fn):
    """fn() in a thread of its own where a second connection may be used (Background), else
    now (Done): either way, get() gives its result."""
    return Background(fn) if can_run_apart() else Done.of(fn)


class Background:
    """fn() run now in a kept thread, with the request's context variables (its data version),
    on that thread's own database connection; get() waits for it and gives its result (or
    raises its error), doing meanwhile the work the task shares (share()). Where every thread
    is busy, fn() runs at once in the caller's thread."""

    def __init__(self, fn):
        self.result = self.error = None
        self.done = threading.Event()
        self.querying = threading.Event()  # the task has sent a query (or ended)
        self.answered = threading.Event()  # the request has sent its response (later.py)
        later.after_response(self.answered.set)
        self.inbox = queue.SimpleQueue()  # work shared with the waiting thread, then _DONE
        if _hand_over((self, request_context(), fn)):
            # The GIL to the task until it waits on its first query (HEAD_START at most):
            # both threads would otherwise take turns of the switch interval (5 ms) each,
            # and the task's query, which the page waits for, would start that much later.
            self.querying.wait(HEAD_START)
        else:
            self._run((), fn)

    def _run(self, values, fn):
        # The request's context variables, set in the thread's own context (not run in a copy
        # of the request's: asgiref's thread-local stores, Django's caches among them, would
        # then be new at every task).
        tokens = [(var, var.set(value)) for var, value in values]
        outer, _current.task = getattr(_current, "task", None), self
        try:
            with connection.execute_wrapper(self._sending):
                result = fn()
            if not self.done.is_set():
                self.result = result
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            if not self.done.is_set():
                self.error = error
        finally:
            _current.task = outer
            for var, token in reversed(tokens):
                var.reset(token)
            self._finish()

    def _sending(self, execute, sql, params, many, context):
        self.querying.set()
        return execute(sql, params, many, context)

    def _finish(self):
        self.querying.set()
        self.done.set()
        self.inbox.put(_DONE)

    def give(self, value):
        """The task's result, handed to the waiting thread now: what the task does after it
        (writing it to the cache) no longer keeps that thread waiting, and waits until the
        request has sent its response (ANSWER_WAIT at most), not to take turns of the GIL
        with the page being written."""
        self.result = value
        self._finish()
        self.answered.wait(ANSWER_WAIT)

    def get(self):
        """The result, once there; meanwhile this thread does the work the task shares."""
        while not self.done.is_set():
            item = self.inbox.get()
            if item is not _DONE:
                item.run_here()
        if self.error is not None:
            raise self.error
        return self.result


_DONE = object()


def share(fn):
    """fn(), for a Background task: offered to the thread that waits for the task, which does
    it on its own connection while the task goes on (its connection is idle meanwhile), or
    done by the task itself when it asks for the result first. Elsewhere: fn() now (Done)."""
    task = getattr(_current, "task", None)
    if task is None:
        return Done.of(fn)
    job = Shared(fn)
    task.inbox.put(job)
    return job


class Shared:
    """fn() run once, by whichever thread comes to it first."""

    def __init__(self, fn):
        self.fn = fn
        self.result = self.error = None
        self.done = threading.Event()
        self._lock = threading.Lock()
        self._taken = False

    def run_here(self):
        with self._lock:
            if self._taken:
                return
            self._taken = True
        try:
            self.result = self.fn()
        except BaseException as error:  # noqa: BLE001 - handed to whoever asks
            self.error = error
        finally:
            self.done.set()

    def get(self):
        self.run_here()
        self.done.wait()
        if self.error is not None:
            raise self.error
        return self.result


_current = threading.local()  # the task this thread runs


def hand_over(value):
    """In a Background task, its result given now to the thread that waits for it (the rest
    of the task goes on); elsewhere nothing."""
    task = getattr(_current, "task", None)
    if task is not None:
        task.give(value)


def request_context():
    """The context variables of this thread that a task takes along (its data version), but
    asgiref's, which hold thread-local stores."""
    return [
        (var, value)
        for var, value in contextvars.copy_context().items()
        if not var.name.startswith("asgiref.")
    ]


class Done:
    """A value already at hand, with the same get() as Background."""

    def __init__(self, value):
        self.value = value

    @classmethod
    def of(cls, fn):
        """fn() now, as a Done."""
        return cls(fn())

    def get(self):
        return self.value


class _Worker:
    """A kept thread with a queue of its own: on the idle stack while it waits."""

    def __init__(self, generation):
        self.tasks = queue.SimpleQueue()
        self.generation = generation
        self.thread = threading.Thread(target=self.work, name="readouts-background", daemon=True)

    def work(self):
        try:
            while True:
                try:
                    task = self.tasks.get(timeout=IDLE_SECONDS)
                except queue.Empty:
                    connections.close_all()  # idle: give the connection back to PostgreSQL
                    task = self.tasks.get()
                if task is None:
                    return
                background, values, fn = task
                close_old_connections()  # as before a request: too old, or broken
                try:
                    background._run(values, fn)
                finally:
                    close_old_connections()  # as after a request
                with _lock:
                    if self.generation != _generation:  # shut down meanwhile
                        _workers.remove(self)
                        return
                    _idle.append(self)
        finally:
            connections.close_all()


_lock = threading.Lock()
_workers = []  # every kept thread
_idle = []  # those waiting for a task
_generation = 0


def _hand_over(task):
    """Give `task` to an idle thread, or to a new one while there may be more; False when
    every thread is busy and no more may start."""
    with _lock:
        if _idle:
            worker = _idle.pop()
        elif len(_workers) < MAX_THREADS:
            worker = _Worker(_generation)
            _workers.append(worker)
            worker.thread.start()
        else:
            return False
    worker.tasks.put(task)
    return True


def shutdown():
    """Stop the idle threads, each closing its connection first, and wait for them; a busy
    one stops when its task ends."""
    global _generation
    with _lock:
        _generation += 1
        stopping = list(_idle)
        _idle.clear()
        for worker in stopping:
            _workers.remove(worker)
    for worker in stopping:
        worker.tasks.put(None)
    for worker in stopping:
        worker.thread.join(timeout=10)
