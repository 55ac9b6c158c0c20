"""The country-pair pages and the side-by-side comparison of two readouts."""

import datetime

import pytest

from readouts.browse.compare import align, only_one_side
from readouts.choices import Status
from readouts.models import Statement
from tests.factories import event, publisher, source, statement, topic


def test_the_pair_page_shows_interactions_topics_and_speakers(analyst_client, world):
    response = analyst_client.get("/pairs/CHN-RUS/")
    assert response.status_code == 200
    assert response.context["event_total"] == 1
    china, russia = response.context["columns"]
    assert table(response) == [("Trade", 1, 0, 1), ("Ukraine", 0, 1, 1)]
    assert [s["speaker__name"] for s in china["speakers"]] == ["Wang Yi"]
    assert response.context["joint_total"] == 1
    assert b"/statements/?pair=CHN-RUS&amp;country=CHN&amp;topic=trade" in response.content
    assert len(response.context["timeline"]["bars"]) == 1


def table(response):
    """The pair page's topics as (topic, first side's count, second's, total) rows."""
    return [
        (row["topic"].name, *(cell["count"] for cell in row["cells"]), row["total"])
        for row in response.context["topic_rows"]
    ]


def test_the_pair_page_hides_draft_events_from_analysts(analyst_client, editor, world):
    from django.test import Client

    assert analyst_client.get("/pairs/CHN-USA/").context["event_total"] == 0
    editor_client = Client()
    editor_client.force_login(editor)
    assert editor_client.get("/pairs/CHN-USA/").context["event_total"] == 1


def test_the_pair_page_links_each_comparable_event_to_its_compare_page(analyst_client, world):
    call = world["call"]
    content = analyst_client.get("/pairs/CHN-RUS/").content.decode()
    assert f'href="/events/{call.pk}/compare/">Compare readouts</a>' in content
    # Blinken and Lavrov's meeting has one readout: nothing to compare.
    assert "Compare readouts" not in analyst_client.get("/pairs/RUS-USA/").content.decode()


@pytest.mark.parametrize("codes", ["CHN", "CHN-CHN", "CHN-XYZ", "abc-def-ghi", "%00-RUS"])
def test_a_malformed_pair_answers_404(analyst_client, world, codes):
    assert analyst_client.get(f"/pairs/{codes}/").status_code == 404


def test_the_pair_index_lists_pairs_and_opens_one(analyst_client, world):
    response = analyst_client.get("/pairs/")
    assert {(p["a"].code, p["b"].code, p["count"]) for p in response.context["pairs"]} >= {
        ("CHN", "RUS", 1)
    } or {("RUS", "CHN", 1)}
    redirect = analyst_client.get("/pairs/", {"a": "chn", "b": "rus"})
    assert redirect.status_code == 302 and redirect["Location"] == "/pairs/CHN-RUS/"
    wrong = analyst_client.get("/pairs/", {"a": "chn", "b": "zzz"})
    assert wrong.status_code == 200 and "Unknown country code: ZZZ" in wrong.context["error"]


@pytest.fixture
def two_readouts(world):
    """The call, read by each side: China's readout and Russia's, on partly different topics."""
    w = world
    call = w["call"]
    cn_text = "Wang said trade grew. Wang said the Ukraine crisis needs talks."
    ru_text = "Lavrov said the Ukraine crisis has roots in NATO expansion. Lavrov raised sanctions."
    cn = call.sources.get(publisher=w["mfa_cn"])
    cn.text = cn_text
    cn.save()
    ru = call.sources.get(publisher=w["mfa_ru"])
    ru.text = ru_text
    ru.save()
    Statement.objects.filter(event=call).delete()
    sanctions = topic("sanctions", "Sanctions")
    a1 = statement(
        call, "Trade grew.", w["wang"], w["chn"], topics=[w["trade"]], source=cn, start=0, end=21
    )
    a2 = statement(
        call,
        "The Ukraine crisis needs talks.",
        w["wang"],
        w["chn"],
        topics=[w["ukraine"]],
        source=cn,
        start=22,
        end=len(cn_text),
    )
    b1 = statement(
        call,
        "The crisis has roots in NATO expansion.",
        w["lavrov"],
        w["rus"],
        topics=[w["ukraine"], w["security"]],
        source=ru,
        start=0,
        end=59,
    )
    b2 = statement(
        call,
        "Sanctions were raised.",
        w["lavrov"],
        w["rus"],
        topics=[sanctions],
        source=ru,
        start=60,
        end=len(ru_text),
    )
    return {"call": call, "cn": cn, "ru": ru, "a1": a1, "a2": a2, "b1": b1, "b2": b2}


def test_align_puts_statements_on_shared_topics_side_by_side(two_readouts):
    t = two_readouts
    rows = align([t["a1"], t["a2"]], [t["b1"], t["b2"]])
    by_title = {row.title: row for row in rows}
    assert by_title["Ukraine"].left == [t["a2"]] and by_title["Ukraine"].right == [t["b1"]]
    assert rows[0].title == "Ukraine"  # shared topics first
    left_only, right_only = only_one_side(rows)
    assert [r.title for r in left_only] == ["Trade"]
    assert [r.title for r in right_only] == ["Sanctions"]


def test_the_compare_page_shows_both_readouts_and_their_differences(analyst_client, two_readouts):
    t = two_readouts
    response = analyst_client.get(f"/events/{t['call'].pk}/compare/")
    assert response.status_code == 200
    assert (response.context["left"], response.context["right"]) == (t["cn"], t["ru"])
    content = response.content.decode()
    assert "Only in MFA China" in content and "Only in MFA Russia" in content
    assert f'id="c-{t["a1"].pk}"' in content  # spans highlighted in both texts
    assert f'id="c-{t["b2"].pk}"' in content
    assert response.context["shared_count"] == 1


def test_the_compare_page_can_swap_the_readouts(analyst_client, two_readouts):
    t = two_readouts
    url = f"/events/{t['call'].pk}/compare/?a={t['ru'].pk}&b={t['cn'].pk}"
    response = analyst_client.get(url)
    assert (response.context["left"], response.context["right"]) == (t["ru"], t["cn"])


@pytest.mark.parametrize("query", ["?a=abc&b=%00", "?a=999999&b=1", "?a=1&a=2"])
def test_the_compare_page_ignores_nonsense_choices(analyst_client, two_readouts, query):
    response = analyst_client.get(f"/events/{two_readouts['call'].pk}/compare/{query}")
    assert response.status_code == 200
    assert response.context["left"] == two_readouts["cn"]


def test_an_event_with_one_readout_says_there_is_nothing_to_compare(analyst_client, world):
    response = analyst_client.get(f"/events/{world['meeting'].pk}/compare/")
    assert response.status_code == 200
    assert b"nothing to compare" in response.content


def test_the_event_page_links_to_the_comparison(analyst_client, world):
    content = analyst_client.get(f"/events/{world['call'].pk}/").content
    assert f"/events/{world['call'].pk}/compare/".encode() in content
    assert b"/compare/" not in analyst_client.get(f"/events/{world['meeting'].pk}/").content


def test_analysts_cannot_compare_a_draft(analyst_client, world):
    source(world["draft"], "A second text.", publisher("Other"))
    assert analyst_client.get(f"/events/{world['draft'].pk}/compare/").status_code == 404


@pytest.fixture
def two_years(world):
    """A second China-Russia call, in 2021, besides the world's of 2023-08-07."""
    w = world
    earlier = event(
        "Wang Yi and Lavrov speak in 2021",
        datetime.date(2021, 3, 10),
        participants=[(w["wang"], w["chn"]), (w["lavrov"], w["rus"])],
    )
    statement(earlier, "Trade keeps growing.", w["wang"], w["chn"], topics=[w["trade"]])
    statement(earlier, "Security matters.", w["lavrov"], w["rus"], topics=[w["security"]])
    statement(earlier, "Energy too.", w["lavrov"], w["rus"], topics=[w["security"]])
    return {**w, "earlier": earlier}


def test_the_pair_page_counts_only_the_events_within_its_dates(analyst_client, two_years):
    everything = analyst_client.get("/pairs/CHN-RUS/").context
    assert everything["event_total"] == 2
    assert [c["statement_total"] for c in everything["columns"]] == [2, 3]

    response = analyst_client.get("/pairs/CHN-RUS/?date_before=2022-12-31")
    assert response.status_code == 200
    context = response.context
    assert context["event_total"] == 1
    assert [e.title for e in context["recent"]] == ["Wang Yi and Lavrov speak in 2021"]
    assert [c["statement_total"] for c in context["columns"]] == [1, 2]
    assert context["joint_total"] == 0  # the joint line is the 2023 call's
    assert [bar.start for bar in context["timeline"]["bars"]] == [datetime.date(2021, 3, 1)]

    later = analyst_client.get("/pairs/CHN-RUS/?date_after=2023-01-01").context
    assert later["event_total"] == 1 and later["joint_total"] == 1


def test_the_pair_pages_links_carry_its_dates(analyst_client, two_years):
    response = analyst_client.get("/pairs/CHN-RUS/?date_after=2021-03-05&date_before=2021-12-31")
    content = response.content.decode()
    dates = "date_after=2021-03-05&amp;date_before=2021-12-31"
    assert f'href="/events/?pair=CHN-RUS&amp;{dates}"' in content
    assert f'href="/statements/?pair=CHN-RUS&amp;{dates}&amp;country=RUS"' in content
    assert f'href="/pairs/RUS-CHN/?{dates}"' in content  # Swap sides
    # The timeline's bar is its month, cut to the page's dates.
    (bar,) = response.context["timeline"]["bars"]
    assert bar.url == "/events/?pair=CHN-RUS&date_after=2021-03-05&date_before=2021-03-31"
    assert 'value="2021-03-05"' in content and 'name="date_after"' in content  # the form
    # What the links list is what the page counted.
    listed = analyst_client.get(
        "/events/?pair=CHN-RUS&date_after=2021-03-05&date_before=2021-12-31"
    )
    assert listed.context["paginator"].count == response.context["event_total"] == 1


@pytest.mark.parametrize(
    "query, message",
    [
        ("date_after=2023-02-30", "Enter a valid date"),
        ("date_after=%00", "Enter a valid date"),
        ("date_after=2024-01-01&date_before=2023-01-01", "The start date (date_after) is later"),
        ("date_from=2023-01-01", "Unknown parameter “date_from”"),
    ],
)
def test_dates_that_cannot_be_read_answer_400_and_count_nothing(
    analyst_client, two_years, query, message
):
    response = analyst_client.get(f"/pairs/CHN-RUS/?{query}")
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content and "cannot be applied" in content
    assert "event_total" not in response.context
    assert "Wang Yi and Lavrov speak in 2021" not in content


def test_the_pair_page_with_dates_shows_drafts_to_editors_only(analyst_client, editor, world):
    from django.test import Client

    editor_client = Client()
    editor_client.force_login(editor)
    draft_days = "/pairs/CHN-USA/?date_after=2024-01-01"
    assert editor_client.get(draft_days).context["event_total"] == 1  # the draft call
    assert editor_client.get("/pairs/CHN-USA/?date_before=2023-12-31").context["event_total"] == 0
    dated = analyst_client.get(draft_days)
    assert dated.context["event_total"] == 0
    assert "Draft call" not in dated.content.decode()


@pytest.fixture
def topics_of_two_years(two_years):
    """Besides two_years' statements: one of Russia's on arms control (below security) and
    security both, and a draft line of China's on Ukraine in the published 2023 call."""
    w = two_years
    statement(
        w["earlier"], "Arms control is security.", w["lavrov"], w["rus"],
        topics=[w["arms"], w["security"]],
    )  # fmt: skip
    statement(
        w["call"], "A line not yet checked.", w["wang"], w["chn"], topics=[w["ukraine"]],
        status=Status.DRAFT,
    )  # fmt: skip
    return w


def test_the_topic_table_aligns_both_sides_by_topic_most_raised_first(
    analyst_client, topics_of_two_years
):
    response = analyst_client.get("/pairs/CHN-RUS/")
    # Security counts the statement on arms control (below it) once, with its own two; the
    # economy, above trade, is no statement's own topic: no row.
    assert table(response) == [
        ("Security", 0, 3, 3),
        ("Trade", 2, 0, 2),
        ("Arms control and non-proliferation", 0, 1, 1),
        ("Ukraine", 0, 1, 1),  # China's draft line is not counted for analysts
    ]
    swapped = analyst_client.get("/pairs/RUS-CHN/")
    assert table(swapped)[0] == ("Security", 3, 0, 3)
    content = response.content.decode()
    assert '<th scope="row"><a href="/topics/security/">Security</a></th>' in content
    assert '<th scope="col" class="num">Russia</th>' in content


def test_the_topic_table_counts_drafts_for_editors(client, editor, topics_of_two_years):
    client.force_login(editor)
    assert ("Ukraine", 1, 1, 2) in table(client.get("/pairs/CHN-RUS/"))


def test_the_topic_table_keeps_to_the_dates(analyst_client, topics_of_two_years):
    response = analyst_client.get("/pairs/CHN-RUS/?date_before=2022-12-31")
    assert table(response) == [
        ("Security", 0, 3, 3),
        ("Arms control and non-proliferation", 0, 1, 1),
        ("Trade", 1, 0, 1),
    ]


@pytest.mark.parametrize("dates", ["", "?date_after=2021-01-01&date_before=2021-12-31"])
def test_each_count_links_to_the_statements_it_counts(analyst_client, topics_of_two_years, dates):
    response = analyst_client.get(f"/pairs/CHN-RUS/{dates}")
    cells = [cell for row in response.context["topic_rows"] for cell in row["cells"]]
    assert len(cells) >= 6
    for cell in cells:
        assert "pair=CHN-RUS" in cell["url"] and dates[1:] in cell["url"]
        listed = analyst_client.get(f"/statements/{cell['url']}")
        assert listed.status_code == 200, cell["url"]
        assert listed.context["paginator"].count == cell["count"], cell["url"]
