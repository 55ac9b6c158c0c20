"""The analysts' pages speak an analyst's language: no reader's notes, file names, language
codes or field names."""

import pytest

from readouts.devdata.sample import load_seed
from readouts.models import Source


def test_a_statement_attributed_by_hand_says_an_editor_attributed_it(analyst_client):
    event, _ = load_seed()
    first = event.statements.order_by("position").first()
    assert first.cue.startswith("worked by hand")  # as the sample stores it
    page = analyst_client.get(f"/statements/{first.pk}/").content.decode()
    assert "<dt>Attribution</dt><dd>By an editor, reading the text</dd>" in page
    for jargon in ("DOMAIN.md", "worked by hand", "Attributed by"):
        assert jargon not in page


def test_a_statement_the_reader_attributed_says_so_in_plain_words(analyst_client, world):
    s1 = world["s1"]
    s1.cue = "role 'Secretary' + ''s Call'"
    s1.save()
    page = analyst_client.get(f"/statements/{s1.pk}/").content.decode()
    assert "By the readout reader, from the wording of the text; checked by an editor" in page
    assert "Secretary" not in page and "role &#x27;" not in page


def test_an_editor_sees_that_a_draft_statement_is_not_yet_checked(editor_client, world):
    s5 = world["s5"]
    s5.cue = "reporting verb"
    s5.save()
    page = editor_client.get(f"/statements/{s5.pk}/").content.decode()
    assert "from the wording of the text; not yet checked" in page
    assert "reporting verb" not in page


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("en", "English"), ("zh-CN", "Chinese"), ("rus", "Russian"), ("Farsi", "Farsi")],
)
def test_an_event_page_names_the_language_of_its_sources(analyst_client, world, stored, shown):
    call = world["call"]
    Source.objects.filter(event=call).update(language=stored)
    page = analyst_client.get(f"/events/{call.pk}/").content.decode()
    assert f"· {shown}\n" in page
    assert "statement span" not in page


def test_a_filter_that_cannot_be_applied_is_named_by_its_label(analyst_client, world):
    page = analyst_client.get("/events/?date_after=yesterday").content.decode()
    assert "<li>From: Enter a valid date.</li>" in page
    assert "date_after</code>" not in page
