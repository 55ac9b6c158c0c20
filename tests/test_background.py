"""A list counts its facets in a thread of its own while the request reads its page
(readouts/background.py): the same page as counted in line, and in line inside a transaction,
where another connection would not see its writes. The threads and their connections are kept
between tasks, and replaced when broken."""

import pytest
from django.core.cache import cache

from readouts import background

URLS = [
    "/statements/?q=trade",
    "/events/?q=trade",
    "/statements/?topic=trade&page=1",
    # Counted from the monthly counts.
    "/statements/?country=CHN&date_after=2020-01-01",
    "/events/?country=CHN&date_before=2030-01-10",
]


@pytest.fixture
def roles():
    """A transactional test empties the database after it: the groups and topics the data
    migrations made are made again before it."""
    from django.contrib.auth.models import Group, Permission

    from readouts.models import Topic
    from readouts.roles import sync_groups
    from readouts.taxonomy import sync_topics

    sync_groups(Group, Permission)
    sync_topics(Topic)


def shown(client, url):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    context = response.context
    facets = {f.name: [(v.value, v.count) for v in f.values] for f in context["facets"]}
    return facets, [row.pk for row in context["rows"]], context["paginator"].count


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url", URLS)
def test_facets_counted_in_a_thread_give_the_same_page(
    roles, analyst_client, world, url, monkeypatch
):
    started = []
    original = background.Background.__init__

    def spy(self, fn):
        started.append(fn)
        original(self, fn)

    monkeypatch.setattr(background.Background, "__init__", spy)
    apart = shown(analyst_client, url)
    assert started, "the facets were not counted in a thread"
    monkeypatch.setattr(background, "can_run_apart", lambda: False)
    started.clear()
    assert shown(analyst_client, url) == apart
    assert not started
    facets, rows, total = apart
    assert rows and total == len(rows) and facets


@pytest.mark.django_db(transaction=True)
def test_an_error_in_the_thread_reaches_the_request(roles, analyst_client, world, monkeypatch):
    from readouts.facets import StatementFacets

    def broken(self):
        raise RuntimeError("counting failed")

    monkeypatch.setattr(StatementFacets, "compute", broken)
    cache.clear()
    analyst_client.raise_request_exception = True
    with pytest.raises(RuntimeError, match="counting failed"):
        analyst_client.get("/statements/?q=trade")


def test_inside_a_transaction_the_facets_are_counted_in_line(analyst_client, world, monkeypatch):
    def refuse(self, fn):
        raise AssertionError("no thread inside a transaction")

    monkeypatch.setattr(background.Background, "__init__", refuse)
    assert shown(analyst_client, "/statements/?q=trade")[1]


def backend_pid():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def alive(pid):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0] == 1


@pytest.mark.django_db(transaction=True)
def test_a_thread_and_its_connection_are_kept_between_tasks_and_closed_at_shutdown():
    import threading

    first = background.Background(lambda: (threading.get_ident(), backend_pid())).get()
    second = background.Background(lambda: (threading.get_ident(), backend_pid())).get()
    assert first == second, "a second task opened a connection of its own"
    assert first[0] != threading.get_ident() and first[1] != backend_pid()
    background.shutdown()
    assert not alive(first[1]), "the thread's connection outlived shutdown()"
    third = background.Background(backend_pid).get()  # a new thread after shutdown
    assert third != first[1] and alive(third)


@pytest.mark.django_db(transaction=True)
def test_a_broken_connection_is_replaced_at_the_next_task():
    from django.db import connection

    pid = background.Background(backend_pid).get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    wait_until_gone(pid)
    # Checked before the task as before a request (CONN_HEALTH_CHECKS): no error reaches it.
    replaced = background.Background(backend_pid).get()
    assert replaced != pid and alive(replaced)


@pytest.mark.django_db(transaction=True)
def test_the_request_data_version_goes_along_but_not_its_thread_locals():
    from readouts import cache as readouts_cache

    token = readouts_cache._request_version.set({"version": "seen-by-the-request"})
    try:
        assert background.Background(readouts_cache.data_version).get() == "seen-by-the-request"
    finally:
        readouts_cache._request_version.reset(token)
    # Django's cache handler keeps one backend per thread: the thread's own, task after task.
    from django.core.cache import caches

    first = background.Background(lambda: id(caches["default"])).get()
    assert background.Background(lambda: id(caches["default"])).get() == first


def test_with_every_thread_busy_a_task_runs_in_the_thread_that_asked(monkeypatch):
    import threading

    monkeypatch.setattr(background, "MAX_THREADS", 0)
    assert background.Background(threading.get_ident).get() == threading.get_ident()


def page_html(client, url):
    import re

    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url", URLS)
def test_rows_and_form_written_while_the_facets_are_counted_make_the_same_page(
    roles, analyst_client, world, url, monkeypatch
):
    from readouts import views

    written = []
    original = views.filter_form_html

    def spy(request, context):
        written.append(url)
        return original(request, context)

    monkeypatch.setattr(views, "filter_form_html", spy)
    ahead = page_html(analyst_client, url)
    assert written, "the form was not written while the facets were counted"
    assert 'class="filters"' in ahead and ("statement" in ahead or "<tr>" in ahead)
    monkeypatch.setattr(background, "can_run_apart", lambda: False)
    written.clear()
    assert page_html(analyst_client, url) == ahead
    assert not written


@pytest.mark.django_db(transaction=True)
def test_a_result_handed_over_early_reaches_the_waiting_thread_before_the_task_ends():
    import threading

    release, finished = threading.Event(), threading.Event()

    def task():
        background.hand_over("counted")
        release.wait(5)  # writing it to the cache, say
        finished.set()
        return "ignored"

    running = background.Background(task)
    assert running.get() == "counted"
    assert not finished.is_set()
    release.set()
    assert finished.wait(5)
    background.hand_over("outside a task: nothing")  # no error


@pytest.mark.django_db(transaction=True)
def test_a_task_that_gave_its_result_goes_on_once_the_response_is_sent():
    import threading

    from readouts import later

    went_on = threading.Event()

    def task():
        background.hand_over("counted")
        went_on.set()  # writing the facets to the cache, say

    later._start()  # a request
    try:
        running = background.Background(task)
        assert running.get() == "counted"
        assert not went_on.wait(0.3), "went on while the page was being written"
    finally:
        later._finish()  # its response sent
    assert went_on.wait(5)


def test_the_facets_are_handed_over_before_they_are_cached(monkeypatch):
    from readouts import cache as readouts_cache

    order = []

    class Held:
        def release(self):
            order.append("unlocked")

    monkeypatch.setattr(readouts_cache, "lock", lambda key: Held())
    monkeypatch.setattr(readouts_cache.cache, "set", lambda *args, **kwargs: order.append("cached"))
    value = readouts_cache.remember(
        ("handed",), lambda: "value", computed=lambda v: order.append(("computed", v))
    )
    assert value == "value"
    assert order == [("computed", "value"), "cached", "unlocked"]


@pytest.mark.django_db(transaction=True)
def test_the_parts_that_wait_for_the_counts_are_written_into_the_rest_of_the_page(
    roles, analyst_client, world, monkeypatch
):
    from readouts import views

    filled = []
    original = views.fill_counted

    def spy(html, later, late, template_name):
        assert html.count("<!--counted:") == len(later.parts) == 4  # sidebar, total twice, rows
        page = original(html, later, late, template_name)
        filled.append(page)
        return page

    monkeypatch.setattr(views, "fill_counted", spy)
    page = page_html(analyst_client, "/statements/?country=CHN&date_after=2020-01-01")
    assert filled and "<!--counted:" not in page
    assert '<nav class="facets"' in page and 'class="list-head"' in page


@pytest.mark.django_db(transaction=True)
def test_work_a_task_shares_is_done_by_the_thread_waiting_for_it():
    import threading

    def task():
        job = background.share(threading.get_ident)
        job.done.wait(5)  # the task's own query, say, meanwhile
        return threading.get_ident(), job.get()

    running = background.Background(task)
    task_thread, job_thread = running.get()
    assert job_thread == threading.get_ident() != task_thread


@pytest.mark.django_db(transaction=True)
def test_work_a_task_shares_is_done_by_the_task_when_it_asks_first():
    import threading

    started = threading.Event()

    def task():
        job = background.share(threading.get_ident)
        result = job.get()  # nobody waits for the task yet
        started.set()
        return threading.get_ident(), result

    running = background.Background(task)
    assert started.wait(5)
    task_thread, job_thread = running.get()
    assert job_thread == task_thread != threading.get_ident()


@pytest.mark.django_db(transaction=True)
def test_an_error_in_shared_work_reaches_the_task():
    def broken():
        raise ValueError("recount failed")

    def task():
        try:
            background.share(broken).get()
        except ValueError as error:
            return str(error)

    assert background.Background(task).get() == "recount failed"


def test_outside_a_task_shared_work_is_done_at_once():
    import threading

    assert background.share(threading.get_ident).get() == threading.get_ident()


def wait_until_gone(pid):
    import time

    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.01)
