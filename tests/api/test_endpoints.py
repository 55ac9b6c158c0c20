"""The API under /api/v1/: who may call it (every endpoint × no token, analyst, editor, a
revoked, expired, unknown token, a user with no role), what each sees (drafts never reach an
analyst), the same rows as the list pages and their CSV for every filter, cursors that walk
every row once, bounded queries whatever the page size, the quota, and the audit trail."""

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from readouts.api.tokens import ApiToken
from readouts.audit import AuditEvent
from readouts.choices import Status
from tests.exports.test_exports import csv_rows
from tests.factories import event, person, statement


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def analyst_token(analyst):
    return ApiToken.issue(analyst, "analyst", 30)[1]


@pytest.fixture
def editor_token(editor):
    return ApiToken.issue(editor, "editor", 30)[1]


def get(path, secret=None, **params):
    headers = bearer(secret) if secret else {}
    return Client().get(path, params, **headers)


def endpoints(world):
    return [
        "/api/v1/", "/api/v1/events/", f"/api/v1/events/{world['call'].pk}/",
        "/api/v1/statements/", f"/api/v1/statements/{world['s1'].pk}/", "/api/v1/actors/",
        "/api/v1/topics/", "/api/v1/publishers/", "/api/v1/schema/?format=json",
        "/api/v1/changes/?since=2020-01-01",
    ]  # fmt: skip


def test_without_a_token_every_endpoint_answers_401_in_json(world):
    for path in endpoints(world):
        response = get(path)
        assert response.status_code == 401, path
        assert response["WWW-Authenticate"] == 'Bearer realm="readouts"'
        assert "Authorization: Bearer" in response.json()["detail"]


def test_with_a_token_every_endpoint_answers(world, analyst_token, editor_token):
    for secret in (analyst_token, editor_token):
        for path in endpoints(world):
            assert get(path, secret).status_code == 200, path


def expired(user):
    token, secret = ApiToken.issue(user, "old", 1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    return secret


def revoked(user):
    token, secret = ApiToken.issue(user, "gone", 5)
    token.revoke()
    return secret


@pytest.mark.parametrize(
    "make, message",
    [
        (expired, "expired"),
        (revoked, "revoked"),
        (lambda user: "rdo_not-a-token", "not known"),
        (lambda user: "", "after"),
    ],
    ids=["expired", "revoked", "unknown", "empty"],
)
def test_a_bad_token_is_a_401_saying_why(world, analyst, make, message):
    secret = make(analyst)
    for path in endpoints(world):
        response = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert response.status_code == 401, path
        assert message in response.json()["detail"]


def test_a_disabled_account_s_token_is_refused(world, analyst, analyst_token):
    analyst.is_active = False
    analyst.save()
    assert get("/api/v1/events/", analyst_token).status_code == 401


def test_a_user_with_no_role_is_refused(world, outsider):
    secret = ApiToken.issue(outsider, "x", 5)[1]
    for path in endpoints(world):
        response = get(path, secret)
        assert response.status_code == 403, path
        assert "no role" in response.json()["detail"]


def test_the_session_works_too(world, analyst_client):
    assert analyst_client.get("/api/v1/events/").status_code == 200
    docs = analyst_client.get("/api/v1/docs/")
    assert docs.status_code == 200
    # Swagger UI's inline styles are allowed there; scripts stay our own files only.
    policy = dict(d.strip().split(" ", 1) for d in docs["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'" and "script-src" not in policy
    assert "'unsafe-inline'" in policy["style-src"]


def test_the_docs_page_sends_a_browser_to_the_login_form(world):
    response = Client().get("/api/v1/docs/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def everything(path, secret, **params):
    """Every row of a list, following `next`."""
    rows, url, params = [], path, dict(params)
    while url:
        response = Client().get(url, params, **bearer(secret))
        assert response.status_code == 200, response.content
        page = response.json()
        rows += page["results"]
        url, params = page["next"], {}
    return rows


def test_drafts_never_reach_an_analyst(world, analyst_token, editor_token):
    hidden = person("Only In A Draft", world["chn"])
    draft = world["draft"]
    draft.participants.create(actor=hidden, side=world["chn"], order=5)
    draft_statement = world["s5"]
    for path in ("/api/v1/events/", "/api/v1/statements/", "/api/v1/actors/",
                 "/api/v1/topics/", "/api/v1/publishers/"):  # fmt: skip
        seen = json.dumps(everything(path, analyst_token))
        assert "Draft call" not in seen and "A draft statement" not in seen, path
        assert "Only In A Draft" not in seen, path
    assert get(f"/api/v1/events/{draft.pk}/", analyst_token).status_code == 404
    assert get(f"/api/v1/statements/{draft_statement.pk}/", analyst_token).status_code == 404
    # An editor sees them, as on the pages.
    assert get(f"/api/v1/events/{draft.pk}/", editor_token).json()["status"] == Status.DRAFT
    assert "Only In A Draft" in json.dumps(everything("/api/v1/actors/", editor_token))


def test_an_event_carries_what_an_analyst_needs(world, analyst_token):
    call = world["call"]
    data = get(f"/api/v1/events/{call.pk}/", analyst_token).json()
    assert data["url"] == f"http://testserver/events/{call.pk}/"
    assert data["occurred_on"] == "2023-08-07" and data["kind"] == "phone_call"
    assert data["statement_count"] == 3 and data["updated_at"]
    assert [(p["actor"]["name"], p["side"]["code"]) for p in data["participants"]] == [
        ("Wang Yi", "CHN"), ("Sergey Lavrov", "RUS"),
    ]  # fmt: skip
    assert {s["publisher"]["name"] for s in data["sources"]} == {"MFA China", "MFA Russia"}
    assert "text" not in data["sources"][0]


def test_a_statement_carries_what_an_analyst_needs(world, analyst_token):
    s1 = world["s1"]
    data = get(f"/api/v1/statements/{s1.pk}/", analyst_token).json()
    assert data["speaker"]["name"] == "Wang Yi" and data["side"]["code"] == "CHN"
    assert data["mode"] == "reported" and data["text"] == "Trade reached a new high."
    assert [t["slug"] for t in data["topics"]] == ["trade"]
    assert data["span"] == [0, 35] and data["event"]["id"] == world["call"].pk
    assert data["source"]["publisher"]["name"] == "MFA China"


# Every filter of each list, as its page takes it.
STATEMENT_QUERIES = [
    {}, {"country": "CHN"}, {"country": "chn,rus"}, {"speaker": "wang-yi"},
    {"topic": "security"}, {"topic": ["trade", "ukraine"]}, {"kind": "meeting"},
    {"publisher": "mfa-china"}, {"pair": "CHN-RUS"}, {"q": "talks"}, {"q": '"new high"'},
    {"date_after": "2022-01-01"}, {"date_before": "2022-01-01"}, {"sort": "date"},
    {"sort": "-date"}, {"country": "RUS", "topic": "ukraine"},
]  # fmt: skip
EVENT_QUERIES = [
    {}, {"country": "USA"}, {"actor": "sergey-lavrov"}, {"kind": "phone_call"}, {"topic": "trade"},
    {"publisher": "state-department"}, {"pair": "RUS-USA"}, {"q": "Reykjavik"},
    {"date_after": "2022-01-01"}, {"date_before": "2022-01-01"}, {"sort": "date"},
    {"sort": "title"}, {"sort": "-kind"}, {"country": "RUS", "kind": "meeting"},
    {"readouts": "2"}, {"readouts": "2", "pair": "CHN-RUS"},
]  # fmt: skip


@pytest.mark.parametrize(
    "name, query",
    [("statements", q) for q in STATEMENT_QUERIES] + [("events", q) for q in EVENT_QUERIES],
)
def test_the_api_gives_the_rows_of_the_page_and_its_csv(world, analyst_client, analyst_token,
                                                        name, query):  # fmt: skip
    api = [row["id"] for row in everything(f"/api/v1/{name}/", analyst_token, page_size=1, **query)]
    exported = [
        int(r["id"]) for r in csv_rows(analyst_client.get(f"/{name}/", {**query, "export": "csv"}))
    ]  # noqa: E501
    assert api and sorted(api) == sorted(exported)
    if "sort" in query or "q" not in query:  # without a search, both keep the same order
        assert api == exported
    page = analyst_client.get(f"/{name}/", query)
    assert page.status_code == 200
    listed = get(f"/api/v1/{name}/", analyst_token, **query).json()
    assert listed["count"] == len(api) and listed["count_exact"]


@pytest.mark.parametrize(
    "name, query, message",
    [
        ("statements", {"contry": "CHN"}, "Unknown parameter"),
        ("statements", {"actor": "wang-yi"}, "Unknown parameter"),
        ("events", {"speaker": "wang-yi"}, "Unknown parameter"),
        ("statements", {"country": "XXX"}, "Unknown country code"),
        ("statements", {"date_after": "2023-02-30"}, "date"),
        ("statements", {"sort": "relevance"}, "for the list page"),
        ("statements", {"country": ",".join(f"C{n:02}" for n in range(60))}, "Too many"),
        ("events", {"page_size": "abc", "pair": "CHN"}, "two country codes"),
        ("events", {"readouts": "3"}, "3 is not one of the available choices"),
        ("actors", {"name": "x"}, "Unknown parameter"),
    ],
)
def test_a_filter_that_cannot_be_read_is_a_400_naming_it(world, analyst_token, name, query,
                                                         message):  # fmt: skip
    response = get(f"/api/v1/{name}/", analyst_token, **query)
    assert response.status_code == 400
    assert message in json.dumps(response.json(), ensure_ascii=False)


def test_a_bad_cursor_is_a_404_not_a_500(world, analyst_token):
    response = get("/api/v1/statements/", analyst_token, cursor="garbage")
    assert response.status_code == 404
    assert response.json()["detail"] == "Invalid cursor"
    for bad in ("WyJ4Il0", "W10", "eyJhIjoxfQ", "WyJub3QtYS1kYXRlIiwxLDEsMV0", "%%%"):
        assert get("/api/v1/statements/", analyst_token, cursor=bad).status_code == 404, bad


def test_cursors_walk_every_row_once_while_rows_are_added(world, analyst_token):
    first = get("/api/v1/statements/", analyst_token, page_size=2).json()
    # A statement newer than all the others arrives while a client pages.
    late = event("A later call", datetime.date(2025, 1, 1), participants=[])
    statement(late, "Said later.")
    rest = everything(first["next"], analyst_token)
    ids = [r["id"] for r in first["results"] + rest]
    assert len(ids) == len(set(ids)) == 4  # the four published before, none twice


@pytest.mark.parametrize("path", ["/api/v1/events/", "/api/v1/statements/", "/api/v1/actors/",
                                  "/api/v1/topics/", "/api/v1/publishers/"])  # fmt: skip
def test_queries_do_not_grow_with_the_page(world, analyst_token, path):
    get(path, analyst_token)  # the token's use noted, the count kept: once a minute, a version
    counts = []
    for size in (1, 100):
        with CaptureQueriesContext(connection) as queries:
            assert get(path, analyst_token, page_size=size).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 14, counts


def test_csv_and_xlsx_come_from_the_list(world, analyst_token):
    response = get("/api/v1/statements/", analyst_token, country="RUS", format="csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert [r["text"] for r in csv_rows(response)] == ["The Ukraine crisis needs peace talks."]
    response = get("/api/v1/events/", analyst_token, format="xlsx")
    assert response.status_code == 200 and response["X-Export-Row-Count"] == "2"
    refused = get("/api/v1/events/", analyst_token, format="csv", contry="x")
    assert refused.status_code == 400 and "contry" in refused.json()["parameters"][0]
    assert AuditEvent.objects.filter(action="export", format="xlsx").exists()


def test_every_call_is_recorded_with_its_token(world, analyst, analyst_token):
    get("/api/v1/statements/", analyst_token, country="CHN")
    call = AuditEvent.objects.get(action="api")
    assert call.user == analyst and call.token.name == "analyst"
    assert call.list_name == "statements" and call.filters == {"country": ["CHN"]}
    assert call.row_count == 1
    token = ApiToken.objects.get(name="analyst")
    assert token.last_used_at is not None


def test_past_the_hourly_quota_a_token_gets_429(world, analyst, analyst_token, settings):
    settings.API_CALLS_PER_HOUR = 3
    for _ in range(3):
        assert get("/api/v1/topics/", analyst_token).status_code == 200
    response = get("/api/v1/topics/", analyst_token)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    # Another token of the same user has a quota of its own.
    other = ApiToken.issue(analyst, "other", 5)[1]
    assert get("/api/v1/topics/", other).status_code == 200


def test_the_schema_describes_every_endpoint_and_validates(world, analyst_token):
    from drf_spectacular.validation import validate_schema

    response = get("/api/v1/schema/", analyst_token, format="json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    for path in ("/api/v1/events/", "/api/v1/events/{id}/", "/api/v1/statements/",
                 "/api/v1/statements/{id}/", "/api/v1/actors/", "/api/v1/topics/",
                 "/api/v1/publishers/"):  # fmt: skip
        assert path in schema["paths"], path
    names = {p["name"] for p in schema["paths"]["/api/v1/statements/"]["get"]["parameters"]}
    assert {"country", "speaker", "topic", "q", "cursor", "page_size"} <= names
    assert schema["components"]["securitySchemes"]["token"]["scheme"] == "bearer"


def test_an_editor_s_token_is_read_only(world, editor_token):
    response = Client().post("/api/v1/events/", {}, **bearer(editor_token))
    assert response.status_code == 405


@pytest.mark.parametrize(
    "path, status",
    [
        ("/api/v1/events/?pair=%00AB", 400),
        ("/api/v1/statements/?q=a%00b", 400),
        ("/api/v1/changes/?since=%00x", 400),
        ("/api/v1/statements/?page_size=%C2%B2", 400),  # "²" is a digit to str.isdigit
        ("/api/v1/changes/?since=2026-01-01&page_size=%D9%A3", 400),  # an Arabic 3
    ],
)
def test_odd_characters_are_answered_and_recorded_never_a_500(world, analyst_token, path, status):
    response = Client().get(path, **bearer(analyst_token))
    assert response.status_code == status
    assert AuditEvent.objects.filter(action="api").count() == 1


def test_options_is_not_offered(world, analyst_token):
    response = Client().options("/api/v1/events/?format=csv", **bearer(analyst_token))
    assert response.status_code == 405
