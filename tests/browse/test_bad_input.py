"""Whatever a user types in a list URL: the form's error and no rows, never all rows, never a
500, never echoed unescaped."""

import pytest

MALFORMED = [
    "date_after=not-a-date",
    "date_before=2023-02-30",
    "date_after=99999-01-01",
    "date_after=2024-01-01&date_before=2020-01-01",
    "kind=barbecue",
    "kind=%00",
    "country=XYZ",
    "country=%00",
    "country=" + "A" * 5000,
    "actor=%3Cscript%3Ealert(1)%3C/script%3E",
    "speaker=%3Cscript%3Ealert(1)%3C/script%3E",
    "topic=%3Cimg%20src=x%20onerror=alert(1)%3E",
    "publisher=%00%01",
    "event=-1",
    "event=1e9999",
    "event=%00",
    "sort=password",
    "sort=%3Cb%3E",
    "q=%00",
    "q=abc%00def",
    "readouts=3",
    "readouts=%00",
]

LISTS = ["/events/", "/statements/"]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("query", MALFORMED)
def test_malformed_parameters_show_the_error_and_no_rows(analyst_client, world, url, query):
    response = analyst_client.get(f"{url}?{query}")
    content = response.content.decode()
    param = query.split("=", 1)[0]
    assert response.status_code == 400
    # A parameter this list does not take (another list's) is named.
    if param not in response.context["filter"].filters:
        assert f"Unknown parameter “{param}”" in content
    assert not response.context["valid"]
    assert response.context["rows"] == []
    assert "cannot be applied" in content
    assert "Wang Yi holds phone talks" not in content  # no rows leak through
    assert "<script>alert(1)" not in content
    assert "<img src=x" not in content


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/statements/", "contry=CHN"),
        ("/statements/", "actor=wang-yi"),  # a filter of the event list
        ("/events/", "speaker=wang-yi&country=CHN"),
        ("/events/", "utm_source=mail"),
    ],
)
def test_a_parameter_the_list_does_not_take_answers_400_and_exports_nothing(
    analyst_client, world, url, query
):
    param = query.split("=", 1)[0]
    page = analyst_client.get(f"{url}?{query}")
    assert page.status_code == 400
    assert f"Unknown parameter “{param}”" in page.content.decode()
    assert page.context["rows"] == []
    for fmt in ("csv", "xlsx", "json"):
        export = analyst_client.get(f"{url}?{query}&export={fmt}")
        assert export.status_code == 400
        assert f"Unknown parameter “{param}”" in export.content.decode()


@pytest.mark.parametrize("url", LISTS)
def test_a_value_repeated_counts_once_and_too_many_values_answer_400(analyst_client, world, url):
    repeated = analyst_client.get(f"{url}?" + "&".join(["country=CHN"] * 300))
    assert repeated.status_code == 200
    assert repeated.context["valid"] and repeated.context["rows"]
    assert repeated.content.decode().count("country=CHN") < 60  # each link names it once
    many = ",".join(f"X{i:02d}" for i in range(51))
    response = analyst_client.get(f"{url}?country={many}")
    assert response.status_code == 400
    assert "Too many values for country: at most 50." in response.content.decode()
    assert analyst_client.get(f"{url}?country={many}&export=csv").status_code == 400


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page", ["99999", "0", "-3", "abc", "1.5", "%00", "1" * 60])
def test_pages_that_do_not_exist_show_a_message_and_no_rows(analyst_client, world, url, page):
    response = analyst_client.get(f"{url}?page={page}")
    assert response.status_code == 400
    assert response.context["rows"] == []
    assert response.context["page_error"]
    assert "Wang Yi holds phone talks" not in response.content.decode()


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("query", MALFORMED[:6])
def test_malformed_exports_answer_400_with_the_reason(analyst_client, world, url, query):
    response = analyst_client.get(f"{url}?{query}&export=csv")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize(
    "url",
    [
        "/events/abc/",
        "/events/99999999/",
        "/statements/0/",
        "/actors/nobody/",
        "/topics/none/",
        "/events/99999999999999999999999/",
    ],
)
def test_unknown_records_answer_404(analyst_client, world, url):
    assert analyst_client.get(url).status_code == 404


def test_a_search_for_markup_is_shown_escaped(analyst_client, world):
    response = analyst_client.get("/statements/?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()
    assert "&lt;script&gt;alert(1)" in response.content.decode()


def test_statement_text_with_markup_is_escaped_in_search_snippets(analyst_client, world):
    from tests.factories import statement

    statement(
        world["call"], "<b>Sanctions</b> are <script>bad()</script>", world["wang"], world["chn"]
    )
    content = analyst_client.get("/statements/?q=sanctions").content.decode()
    assert "<mark>Sanctions</mark>" in content
    assert "<script>bad()" not in content


def test_websearch_syntax_errors_are_not_errors(analyst_client, world):
    for q in ['"', "-", "or or", "!!!", "(((", "'", ":*"]:
        assert analyst_client.get("/statements/", {"q": q}).status_code == 200
        assert analyst_client.get("/events/", {"q": q}).status_code == 200
