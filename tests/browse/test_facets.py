"""Facets, chips, the timeline and the topics over time, for the current filter."""

import datetime

import pytest

from tests.factories import event, statement


def facet(response, name):
    found = [f for f in response.context["facets"] if f.name == name]
    return {v.label: v for v in found[0].values} if found else {}


def test_statement_facets_count_the_filtered_rows(analyst_client, world):
    response = analyst_client.get("/statements/")
    kinds = facet(response, "kind")
    assert {k: v.count for k, v in kinds.items()} == {"Phone call": 3, "Meeting": 1}
    countries = facet(response, "country")
    assert {k: v.count for k, v in countries.items()} == {
        "China": 1,
        "Russia": 1,
        "United States": 1,
    }
    assert {k: v.count for k, v in facet(response, "speaker").items()} == {
        "Wang Yi": 1,
        "Sergey Lavrov": 1,
        "Antony Blinken": 1,
    }
    assert {k: v.count for k, v in facet(response, "topic").items()} == {
        "Trade": 1,
        "Ukraine": 1,
        "Arms control and non-proliferation": 1,
        "Security": 1,
    }
    assert {k: v.count for k, v in facet(response, "year").items()} == {"2023": 3, "2021": 1}


def test_a_facet_click_adds_the_filter_and_a_second_click_removes_it(analyst_client, world):
    response = analyst_client.get("/statements/")
    china = facet(response, "country")["China"]
    assert not china.selected
    assert china.url == "?country=CHN"
    narrowed = analyst_client.get("/statements/" + china.url)
    assert [s["pk"] for s in narrowed.context["rows"]] == [world["s1"].pk]
    selected = facet(narrowed, "country")["China"]
    assert selected.selected
    assert selected.url == "?"


def test_a_facet_in_use_still_offers_its_other_values(analyst_client, world):
    response = analyst_client.get("/statements/?country=CHN")
    countries = facet(response, "country")
    assert set(countries) == {"China", "Russia", "United States"}  # disjunctive
    assert countries["Russia"].url == "?country=CHN&country=RUS"
    # The other facets count within the filter.
    assert {k: v.count for k, v in facet(response, "speaker").items()} == {"Wang Yi": 1}


def test_event_facets_count_participants_publishers_and_topics(analyst_client, world):
    response = analyst_client.get("/events/")
    assert {k: v.count for k, v in facet(response, "actor").items()} == {
        "Wang Yi": 1,
        "Sergey Lavrov": 2,
        "Antony Blinken": 1,
    }
    assert {k: v.count for k, v in facet(response, "country").items()} == {
        "China": 1,
        "Russia": 2,
        "United States": 1,
    }
    assert {k: v.count for k, v in facet(response, "publisher").items()} == {
        "MFA China": 1,
        "MFA Russia": 1,
        "State Department": 1,
    }
    assert {k: v.count for k, v in facet(response, "topic").items()} == {
        "Trade": 1,
        "Ukraine": 1,
        "Arms control and non-proliferation": 1,
        "Security": 1,
    }


def test_facets_never_count_what_an_analyst_may_not_see(analyst_client, editor, world):
    from django.test import Client

    analyst = facet(analyst_client.get("/events/"), "year")
    assert "2024" not in analyst  # the draft event
    editor_client = Client()
    editor_client.force_login(editor)
    assert "2024" in facet(editor_client.get("/events/"), "year")


def test_a_year_facet_sets_the_date_range_and_a_second_click_clears_it(analyst_client, world):
    year = facet(analyst_client.get("/events/"), "year")["2021"]
    assert year.url == "?date_after=2021-01-01&date_before=2021-12-31"
    narrowed = analyst_client.get("/events/" + year.url)
    assert [e["title"] for e in narrowed.context["rows"]] == ["Blinken meets Lavrov"]
    assert facet(narrowed, "year")["2021"].selected


def test_chips_show_each_filter_in_use_and_remove_it(analyst_client, world):
    from urllib.parse import parse_qs

    response = analyst_client.get("/statements/?country=CHN,RUS&q=trade&date_after=2020-01-01")
    chips = {c["label"]: parse_qs(c["url"][1:]) for c in response.context["chips"]}
    assert chips["China (CHN)"] == {
        "q": ["trade"],
        "date_after": ["2020-01-01"],
        "country": ["RUS"],
    }
    assert chips["Russia (RUS)"] == {
        "q": ["trade"],
        "date_after": ["2020-01-01"],
        "country": ["CHN"],
    }
    assert chips["trade"] == {"country": ["CHN,RUS"], "date_after": ["2020-01-01"]}
    assert chips["2020-01-01"] == {"country": ["CHN,RUS"], "q": ["trade"]}
    assert b'aria-label="Remove filter country: China (CHN)"' in response.content


def test_the_timeline_has_a_bar_per_month_linking_to_that_month(analyst_client, world):
    months = analyst_client.get("/statements/").context["months"]
    bars = months["bars"]
    assert bars[0].start == datetime.date(2021, 5, 1)
    assert bars[-1].start == datetime.date(2023, 8, 1)
    assert len(bars) == 28  # every month between, empty ones included
    august = bars[-1]
    assert august.count == 3
    assert august.url == "?date_after=2023-08-01&date_before=2023-08-31"
    assert b"Statements per month" in analyst_client.get("/statements/").content


def test_topics_over_time_counts_per_period_and_links_to_the_cell(analyst_client, world):
    heat = analyst_client.get("/statements/?date_after=2023-01-01").context["heat"]
    assert heat["by_month"] and heat["periods"] == ["Aug 2023"]  # 24 months or less: monthly
    rows = {r["topic"].slug: r for r in heat["rows"]}
    assert rows["trade"]["total"] == 1
    cell = [c for c in rows["trade"]["cells"] if c["count"]][0]
    assert cell["url"] == "?date_after=2023-08-01&topic=trade&date_before=2023-08-31"
    yearly = analyst_client.get("/statements/").context["heat"]  # May 2021 to August 2023
    assert yearly["periods"] == ["2021", "2022", "2023"] and not yearly["by_month"]


def test_topics_over_time_goes_yearly_over_long_spans(analyst_client, world):
    old = event("Old call", datetime.date(2005, 3, 1))
    statement(old, "Old words on trade.", world["wang"], world["chn"], topics=[world["trade"]])
    heat = analyst_client.get("/statements/").context["heat"]
    assert heat["periods"][0] == "2005" and not heat["by_month"]


def test_topics_over_time_fold_away_all_but_the_latest_eight_years(analyst_client, world):
    old = event("Old call", datetime.date(2005, 3, 1))
    statement(old, "Old words on trade.", world["wang"], world["chn"], topics=[world["trade"]])
    response = analyst_client.get("/statements/")
    heat = response.context["heat"]
    assert len(heat["periods"]) == 19 and heat["earlier"] == 11  # 2005 to 2023
    page = response.content.decode()
    assert page.count('<th scope="col" class="earlier">') == 11
    assert '<th scope="col" class="earlier">2015</th><th scope="col">2016</th>' in page
    assert "Show the 11 earlier years too (2005 – 2015)" in page


def test_topics_over_time_fold_nothing_away_within_a_year(analyst_client, world):
    heat = analyst_client.get("/statements/?date_after=2023-01-01").context["heat"]
    assert heat["by_month"] and heat["earlier"] == 0
    assert (
        "earlier" not in analyst_client.get("/statements/?date_after=2023-01-01").content.decode()
    )


def test_no_facets_when_the_filters_are_invalid(analyst_client, world):
    response = analyst_client.get("/statements/?country=XYZ")
    assert "facets" not in response.context or not response.context["facets"]


def test_pair_filter_keeps_events_where_both_countries_take_part(analyst_client, world):
    response = analyst_client.get("/events/?pair=RUS-USA")
    assert [e["title"] for e in response.context["rows"]] == ["Blinken meets Lavrov"]
    response = analyst_client.get("/statements/?pair=CHN-RUS")
    assert {s["pk"] for s in response.context["rows"]} == {
        world["s1"].pk,
        world["s2"].pk,
        world["s3"].pk,
    }


def test_past_a_threshold_facets_are_estimated_from_a_sample_and_say_so(
    analyst_client, world, monkeypatch
):
    from readouts.browse.facets import counting as facets

    never = {"index": 0, "table": 0}
    monkeypatch.setattr(
        facets, "SAMPLE_ABOVE", {"readouts_statement": never, "readouts_event": never}
    )
    everything = {"readouts_statement": 10**6, "readouts_event": 10**6}
    monkeypatch.setattr(facets, "SAMPLE_TARGET", everything)  # a sample of all blocks
    response = analyst_client.get("/statements/")
    assert response.context["facets_estimated"]
    assert b"estimated from a sample" in response.content
    kinds = {v.label: v.count for f in response.context["facets"] if f.name == "kind"
             for v in f.values}  # fmt: skip
    assert kinds == {"Phone call": 3, "Meeting": 1}
    assert analyst_client.get("/events/").context["facets_estimated"]


def test_below_the_threshold_facets_are_exact(analyst_client, world):
    response = analyst_client.get("/statements/")
    assert not response.context["facets_estimated"]
    assert b"estimated from a sample" not in response.content


def test_a_facet_lists_its_most_frequent_values_and_always_those_in_use(analyst_client, world):
    from readouts.browse.facets.presentation import MAX_MORE
    from tests.factories import person

    call, chn = world["call"], world["chn"]
    crowd = [person(f"Spokesperson {i:03d}", chn) for i in range(MAX_MORE + 10)]
    for i, speaker in enumerate(crowd):
        for _ in range(1 + (i < MAX_MORE)):  # the first MAX_MORE speak twice, the rest once
            statement(call, f"Remark by {speaker.name}.", speaker, chn)
    speakers = facet(analyst_client.get("/statements/"), "speaker")
    assert len(speakers) == MAX_MORE
    assert "Spokesperson 000" in speakers and "Spokesperson 065" not in speakers

    quiet = crowd[-1]
    response = analyst_client.get(f"/statements/?speaker={quiet.slug}")
    speakers = facet(response, "speaker")
    assert speakers[quiet.name].selected and speakers[quiet.name].count == 1
    assert len(speakers) == MAX_MORE + 1
    html = response.content.decode()
    assert f"✓ {quiet.name}" in html  # shown, so that a click removes it


def test_counts_are_written_with_their_thousands_grouped(
    analyst_client, world, settings, monkeypatch
):
    from readouts.browse.facets import counting as facets
    from readouts.templatetags.readouts_tags import thousands

    assert [thousands(v) for v in (87638, 999, 1000000, "12", None, "n/a")] == [
        "87,638", "999", "1,000,000", "12", None, "n/a"
    ]  # fmt: skip
    # The facets counted every row: their total is exact, whatever the limit.
    settings.EXACT_COUNT_LIMIT = 2
    response = analyst_client.get("/statements/")
    html, count = response.content.decode(), len(response.context["rows"])
    assert count > 2 and f"{count} statements" in html and "About " not in html
    # Sampled facets estimate the total: past the limit, the page says so.
    monkeypatch.setattr(facets, "SAMPLE_ABOVE", {t: {"index": 0, "table": 0} for t in
                                                 facets.SAMPLE_ABOVE})  # fmt: skip
    html = analyst_client.get("/statements/?date_after=1900-01-01").content.decode()
    assert "About " in html and "statements" in html


def test_a_search_matching_very_many_statements_counts_every_8th_through_its_index(
    analyst_client, world, monkeypatch
):
    from django.db import connection

    from readouts.browse.facets import counting as facets
    from readouts.models import Statement

    monkeypatch.setattr(facets, "SAMPLE_ABOVE", {t: {"index": 0, "table": 0} for t in
                                                 facets.SAMPLE_ABOVE})  # fmt: skip
    for i in range(40):
        statement(world["call"], f"Remark {i} on the grain corridor.", world["wang"], world["chn"])
    matching = Statement.objects.filter(text__contains="grain corridor")
    kept = sum(1 for pk in matching.values_list("pk", flat=True) if pk % 8 == 0)
    assert 0 < kept < 40

    response = analyst_client.get("/statements/?q=grain+corridor")
    assert response.context["facets_estimated"]
    assert b"estimated from a sample" in response.content
    assert {k: v.count for k, v in facet(response, "kind").items()} == {"Phone call": 8 * kept}
    assert {k: v.count for k, v in facet(response, "speaker").items()} == {"Wang Yi": 8 * kept}

    # The sample's condition is the sample index's own, so that the planner may use it.
    queryset = Statement.objects.filter(search="grain corridor").order_by()
    inner, params = facets.sql_of(queryset.values("side_id"))
    sql, params, scale, estimated = facets.sampled(
        inner, params, "readouts_statement", queryset.values("side_id")
    )
    assert (scale, estimated) == (8.0, True)
    with connection.cursor() as cursor:
        # A table this small is as well read whole, or through any index of the vector: the
        # question is whether the sample's may serve, so it is left alone (the test's own
        # transaction undoes this).
        cursor.execute("DROP INDEX statement_search_idx")
        cursor.execute("DROP INDEX IF EXISTS statement_search_rum_idx")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "statement_search_1in8_idx" in plan


@pytest.mark.parametrize(
    ("query", "name", "value", "selected", "expected"),
    [
        ("", "country", "CHN", False, "?country=CHN"),
        ("country=CHN&q=x&page=3", "country", "RUS", False, "?country=CHN&country=RUS&q=x"),
        ("country=chn,+RUS&q=x", "country", "CHN", True, "?country=+RUS&q=x"),
        ("q=%3Cb%3E+%26&export=csv", "topic", "a/b", False, "?q=%3Cb%3E+%26&topic=a%2Fb"),
        ("kind=meeting&kind=visit", "kind", "visit", True, "?kind=meeting"),
    ],
)
def test_a_facet_link_adds_or_removes_its_value_and_keeps_the_rest(
    query, name, value, selected, expected
):
    from django.http import QueryDict

    from readouts.browse.facets.presentation import Links

    assert Links(QueryDict(query)).toggle(name, value, selected) == expected


def test_a_date_link_sets_both_bounds_in_their_place():
    import datetime

    from django.http import QueryDict

    from readouts.browse.facets.presentation import Links

    links = Links(QueryDict("date_before=2020-01-01&country=CHN&page=2"))
    url = links.dates(datetime.date(2021, 3, 1), datetime.date(2021, 3, 31), topic=["trade"])
    assert url == "?date_before=2021-03-31&country=CHN&topic=trade&date_after=2021-03-01"
