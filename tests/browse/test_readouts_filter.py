"""Events read out by two or more publishers, whose readouts a compare page sets side by side
(issue 20, item 8): the event list's `readouts=2`, and the links to their compare pages."""

import json
import re
from urllib.parse import parse_qs

from django.test import Client

from tests.factories import publisher, source


def test_the_filter_form_offers_the_readouts_checkbox(analyst_client, world):
    content = analyst_client.get("/events/").content.decode()
    assert 'name="readouts" value="2"' in content
    assert "Read out by two or more publishers" in content
    assert "a compare page sets side by side" in content  # its help text


def test_readouts_2_lists_the_comparable_events_with_a_chip(analyst_client, world):
    response = analyst_client.get("/events/?readouts=2&country=RUS")
    assert response.status_code == 200
    assert [row["pk"] for row in response.context["rows"]] == [world["call"].pk]
    assert response.context["paginator"].count == 1
    chips = {c["label"]: c for c in response.context["chips"]}
    chip = chips["read out by two or more publishers"]
    assert chip["name"] == "readouts"
    assert parse_qs(chip["url"][1:]) == {"country": ["RUS"]}  # removing it keeps the rest
    box = re.search(r'<input type="checkbox" name="readouts"[^>]*>', response.content.decode())
    assert 'value="2"' in box[0] and "checked" in box[0]


def test_the_export_and_the_page_agree(analyst_client, world):
    source(world["meeting"], "Lavrov met Blinken.", world["mfa_ru"], url="https://e/ru2")
    export = analyst_client.get("/events/?readouts=2&export=json")
    ids = {row["id"] for row in json.loads(b"".join(export.streaming_content))["rows"]}
    page = analyst_client.get("/events/?readouts=2")
    assert (
        ids
        == {row["pk"] for row in page.context["rows"]}
        == {
            world["call"].pk,
            world["meeting"].pk,
        }
    )


def test_a_value_other_than_2_shows_the_error_and_no_rows(analyst_client, world):
    response = analyst_client.get("/events/?readouts=3")
    assert not response.context["valid"] and response.context["rows"] == []
    assert "3 is not one of the available choices" in response.content.decode()
    assert analyst_client.get("/events/?readouts=3&export=csv").status_code == 400


def test_the_statement_list_does_not_take_it(analyst_client, world):
    response = analyst_client.get("/statements/?readouts=2")
    assert response.status_code == 400
    assert "Unknown parameter “readouts”" in response.content.decode()


def compare_links(content):
    return set(map(int, re.findall(r'href="/events/(\d+)/compare/"', content)))


def test_event_rows_link_to_the_compare_page_of_comparable_events_only(analyst_client, world):
    # A second text from the same publisher gives nothing to compare.
    source(world["meeting"], "The State Department's second text.", publisher("State Department"))
    content = analyst_client.get("/events/").content.decode()
    assert compare_links(content) == {world["call"].pk}
    assert content.count(">Compare readouts</a>") == 1


def test_a_draft_is_never_linked_for_analysts(analyst_client, editor, world):
    source(world["draft"], "China's readout of the draft call.", world["mfa_cn"])
    source(world["draft"], "A second readout of it.", world["mfa_ru"], url="https://e/ru3")
    assert compare_links(analyst_client.get("/events/").content.decode()) == {world["call"].pk}
    editor_client = Client()
    editor_client.force_login(editor)
    for_editors = editor_client.get("/events/").content.decode()
    assert compare_links(for_editors) == {world["call"].pk, world["draft"].pk}
