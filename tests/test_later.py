"""Work left until the response has been sent (readouts/later.py): the rendered fragments a
first visit writes to the cache for the next reader."""

import pytest
from django.core.cache import caches

from readouts import later


@pytest.fixture
def request_cycle():
    later._start()
    yield
    later._finish()


def test_outside_a_request_the_work_is_done_at_once():
    done = []
    later.after_response(lambda: done.append(1))
    assert done == [1]


def test_fragments_are_written_once_the_response_is_sent(request_cycle):
    fragments, shared = caches["template_fragments"], caches["default"]
    fragments.set("fragment", "<p>rendered</p>", 60)
    assert shared.get("fragment") is None, "written before the response was sent"
    assert fragments.get("fragment") == "<p>rendered</p>", "this request reads its own write"
    later._finish()
    assert shared.get("fragment") == "<p>rendered</p>"
    later._start()
    assert fragments.get("fragment") == "<p>rendered</p>"


def test_a_failing_task_is_logged_and_the_others_still_run(request_cycle, caplog):
    done = []
    later.after_response(lambda: 1 / 0)
    later.after_response(lambda: done.append(1))
    later._finish()
    assert done == [1]
    assert "after the response failed" in caplog.text


def test_work_a_request_left_is_done_when_the_next_one_starts(request_cycle):
    done = []
    later.after_response(lambda: done.append(1))
    later._start()  # no request_finished came for the one before
    assert done == [1]


def test_a_list_page_has_written_its_fragments_when_the_client_has_the_response(
    analyst_client, world
):
    from django.core.cache.utils import make_template_fragment_key

    from readouts import cache as readouts_cache

    response = analyst_client.get("/statements/?country=CHN")
    assert response.status_code == 200
    state = response.context["rows_key"]
    key = make_template_fragment_key("list-rows", [readouts_cache.data_version(), state])
    assert caches["default"].get(key) is not None
    assert later._local.pending is None


def test_a_fragment_found_missing_is_not_looked_for_again_in_the_same_request(
    request_cycle, monkeypatch
):
    fragments, shared = caches["template_fragments"], caches["default"]
    looked = []
    real = shared.get
    monkeypatch.setattr(shared, "get", lambda *a, **k: looked.append(a[0]) or real(*a, **k))
    assert fragments.get("rows") is None
    assert fragments.get("rows", "default") == "default"
    assert looked == ["rows"]
    fragments.set("rows", "<li>written</li>", 60)  # rendered meanwhile
    assert fragments.get("rows") == "<li>written</li>"
    later._finish()
    later._start()  # the next request looks again
    assert fragments.get("rows") == "<li>written</li>"
    assert fragments.get("other") is None and looked.count("other") == 1
