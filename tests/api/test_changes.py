"""`/api/v1/changes/`: what was created, changed, published, unpublished and deleted since a
time or a cursor, from the history; an analyst hears only of what is, or was, published."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from readouts.api.tokens import ApiToken
from readouts.choices import Status
from readouts.models import Event, Statement
from tests.factories import event, statement


@pytest.fixture
def tokens(analyst, editor):
    return ApiToken.issue(analyst, "a", 5)[1], ApiToken.issue(editor, "e", 5)[1]


def changes(secret, **params):
    response = Client().get("/api/v1/changes/", params, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200, response.content
    return response.json()


def walk(secret, **params):
    """Every entry, following `next`; and the last `resume`."""
    entries, data = [], changes(secret, **params)
    entries += data["results"]
    while data["next"]:
        data = Client().get(data["next"], HTTP_AUTHORIZATION=f"Bearer {secret}").json()
        entries += data["results"]
    return entries, data["resume"]


def summary(entries):
    return [(e["object"], e["id"], e["action"]) for e in entries]


def test_a_story_of_changes_as_each_role_hears_it(world, tokens):
    analyst, editor = tokens
    start = timezone.now().isoformat()
    _, resume_a = walk(analyst, since=start)
    _, resume_e = walk(editor, since=start)

    draft, call = world["draft"], world["call"]
    draft.title = "Draft call, checked"
    draft.save()  # a draft changed: editors only
    Event.objects.filter(pk=draft.pk).set_status(Status.PUBLISHED)  # published: everyone
    call.location = "Beijing"
    call.save()  # a published event changed
    said = world["s1"]
    Statement.objects.filter(pk=said.pk).set_status(Status.DRAFT)  # a statement withdrawn
    world["meeting"].delete()  # deleted, with its statement

    heard_a, _ = walk(analyst, cursor=resume_a, page_size=1)
    heard_e, _ = walk(editor, cursor=resume_e)
    assert ("event", draft.pk, "changed") in summary(heard_e)
    assert ("event", draft.pk, "changed") not in summary(heard_a)
    for heard in (heard_a, heard_e):
        s = summary(heard)
        assert ("event", draft.pk, "published") in s
        assert ("event", call.pk, "changed") in s
        assert ("statement", said.pk, "unpublished") in s
        assert [e for e in s if e[2] == "deleted" and e[0] == "event"]
    withdrawn = next(e for e in heard_a if (e["object"], e["id"]) == ("statement", said.pk))
    assert withdrawn["url"] is None  # nothing left to fetch for an analyst
    published = next(e for e in heard_a if e["action"] == "published")
    assert published["url"].endswith(f"/api/v1/events/{draft.pk}/")
    times = [e["at"] for e in heard_e]
    assert times == sorted(times)


def test_a_draft_never_reaches_an_analyst(world, tokens):
    analyst, editor = tokens
    start = timezone.now().isoformat()
    hidden = event("Secret talks", datetime.date(2025, 3, 1), status=Status.DRAFT)
    statement(hidden, "A secret line.")
    hidden.title = "Secret talks, renamed"
    hidden.save()
    heard, _ = walk(analyst, since=start)
    assert heard == []
    heard, _ = walk(editor, since=start)
    assert ("event", hidden.pk, "created") in summary(heard)


def test_pages_and_resume_miss_nothing_and_repeat_nothing(world, tokens):
    _, editor = tokens
    everything, resume = walk(editor, since="2000-01-01")
    paged, resume_paged = walk(editor, since="2000-01-01", page_size=2)
    assert summary(paged) == summary(everything) and resume_paged == resume
    # Nothing new: the resume cursor answers nothing, and still gives a cursor to keep.
    again = changes(editor, cursor=resume)
    assert again["results"] == [] and again["resume"] == resume and again["next"] is None
    world["call"].save()
    assert summary(changes(editor, cursor=resume)["results"]) == [
        ("event", world["call"].pk, "changed")
    ]


@pytest.mark.parametrize(
    "params, status",
    [
        ({}, 400),
        ({"since": "yesterday"}, 400),
        ({"since": "2026-13-01"}, 400),
        ({"since": "2026-01-01", "page_size": "0"}, 400),
        ({"since": "2026-01-01", "page_size": "x"}, 400),
        ({"since": "2026-01-01", "until": "x"}, 400),
        ({"cursor": "garbage"}, 404),
        ({"cursor": "WyJ4IiwiZXZlbnQiLDFd"}, 404),
    ],
)
def test_bad_input_is_refused_clearly(world, tokens, params, status):
    response = Client().get("/api/v1/changes/", params, HTTP_AUTHORIZATION=f"Bearer {tokens[0]}")
    assert response.status_code == status
    assert response.json()


def test_the_admin_publish_action_is_in_the_history(world, editor_client, tokens):
    draft = world["draft"]
    start = timezone.now().isoformat()
    response = editor_client.post(
        "/admin/readouts/event/", {"action": "publish", "_selected_action": [draft.pk]}
    )
    assert response.status_code == 302
    record = draft.history.first()
    assert record.status == Status.PUBLISHED and record.history_user.username == "edgar"
    assert ("event", draft.pk, "published") in summary(walk(tokens[0], since=start)[0])


def test_queries_do_not_grow_with_the_changes(world, tokens):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _, editor = tokens
    changes(editor, since="2000-01-01")  # the token's use noted
    counts = []
    for size in (1, 500):
        with CaptureQueriesContext(connection) as queries:
            changes(editor, since="2000-01-01", page_size=size)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12, counts
