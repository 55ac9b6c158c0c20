"""A statement's span in its source (issue 20, item 10): a span that cuts a word or lies
outside its source is refused; a text that differs from its span's words is saved only once
the editor confirms; rows nobody touched are not checked."""

import re

from django.urls import reverse

from readouts.admin_spans import span_problem
from readouts.models import Statement
from tests.test_admin_locking import change_url, form_of

TEXT = "Wang said trade reached a new high. Lavrov said the Ukraine crisis needs talks."


def new_statement(world, **changes):
    return {
        "event": world["call"].pk,
        "speaker": world["lavrov"].pk,
        "side": world["rus"].pk,
        "mode": "reported",
        "status": "published",
        "position": "9",
        "source": world["call"].sources.get(publisher=world["mfa_cn"]).pk,
        "start": "36",
        "end": str(len(TEXT)),
        "text": "Lavrov said the Ukraine crisis needs talks.",
        **changes,
    }


def errors_of(response):
    assert response.status_code == 200, "the form was saved"
    return response.context["adminform"].form.errors


def test_a_span_that_cuts_a_word_is_said_to_and_one_that_does_not_is_not():
    assert span_problem(TEXT, 2, 35) == ("start", "The span starts inside the word “Wang”.")
    assert span_problem(TEXT, 0, 33) == ("end", "The span ends inside the word “high”.")
    assert span_problem(TEXT, 0, 34) is None  # "high", without its full stop
    assert span_problem(TEXT, 0, 200)[0] == "end"
    assert span_problem(TEXT, 35, 36) == ("end", "The span holds no words.")
    assert span_problem("Ankara’da görüştü.", 0, 10) is None  # a curly apostrophe ends a word


def test_a_new_statement_whose_text_is_its_span_saves(editor_client, world):
    response = editor_client.post(reverse("admin:readouts_statement_add"), new_statement(world))
    assert response.status_code == 302
    assert Statement.objects.filter(text="Lavrov said the Ukraine crisis needs talks.").exists()


def test_a_span_cutting_a_word_is_refused(editor_client, world):
    response = editor_client.post(
        reverse("admin:readouts_statement_add"), new_statement(world, start="38")
    )
    assert errors_of(response)["start"] == ["The span starts inside the word “Lavrov”."]


def test_a_span_outside_its_source_is_refused(editor_client, world):
    response = editor_client.post(
        reverse("admin:readouts_statement_add"), new_statement(world, end="500")
    )
    assert "end" in errors_of(response)
    assert not Statement.objects.filter(position=9).exists()


def test_a_text_other_than_its_span_asks_to_confirm_and_then_saves(editor_client, world):
    # "Secretary " stood as Wang Yi's statement: the span is a word, the text is another.
    data = new_statement(world, start="0", end="5", text="China wants peace talks.")
    response = editor_client.post(reverse("admin:readouts_statement_add"), data)
    [error] = errors_of(response)["text"]
    assert "which reads: “Wang”" in error
    assert b'type="checkbox" name="save_anyway"' in response.content
    assert not Statement.objects.filter(text="China wants peace talks.").exists()

    response = editor_client.post(
        reverse("admin:readouts_statement_add"), {**data, "save_anyway": "on"}
    )
    assert response.status_code == 302
    assert Statement.objects.filter(text="China wants peace talks.").exists()


def test_the_confirmation_is_not_offered_when_the_text_matches(editor_client, world):
    response = editor_client.get(reverse("admin:readouts_statement_add"))
    assert b'type="checkbox" name="save_anyway"' not in response.content
    assert b'type="hidden" name="save_anyway"' in response.content


def test_a_text_edited_away_from_its_span_on_the_events_page_asks_to_confirm(editor_client, world):
    event = world["call"]
    good = Statement.objects.create(
        event=event,
        source=world["call"].sources.get(publisher=world["mfa_cn"]),
        speaker=world["lavrov"],
        side=world["rus"],
        text="Lavrov said the Ukraine crisis needs talks.",
        start=36,
        end=len(TEXT),
        position=9,
    )
    page = form_of(editor_client.get(change_url(event)))
    [row] = [
        k.removesuffix("-id") for k, v in page.items() if k.endswith("-id") and v == str(good.pk)
    ]
    page[f"{row}-text"] = "Lavrov said the Ukraine crisis needs no talks."
    response = editor_client.post(change_url(event), page)
    assert response.status_code == 200
    rows = response.context["inline_admin_formsets"][1].formset.forms
    [refused] = [f for f in rows if f.errors]
    assert refused.instance.pk == good.pk and "differs from its span" in refused.errors["text"][0]

    # Every row of the table gets the box, so that its cells stay under their headers.
    boxes = re.findall(r'<input type="(\w+)" name="statements-\d+-save_anyway"', response.text)
    assert boxes and set(boxes) == {"checkbox"}

    page = form_of(response)
    page[f"{row}-save_anyway"] = "on"
    assert editor_client.post(change_url(event), page).status_code == 302
    good.refresh_from_db()
    assert good.text == "Lavrov said the Ukraine crisis needs no talks."
    # ... on that answer only: the next page opened offers no box until a text differs.
    later = editor_client.get(change_url(world["meeting"])).text
    assert re.findall(r'<input type="(\w+)" name="statements-\d+-save_anyway"', later)
    assert set(re.findall(r'<input type="(\w+)" name="[\w-]*save_anyway"', later)) == {"hidden"}


def test_the_events_page_shows_its_sources_texts_to_select_spans_in(editor_client, world):
    response = editor_client.get(change_url(world["call"]))
    source = world["call"].sources.get(publisher=world["mfa_cn"])
    assert f'data-source-id="{source.pk}"'.encode() in response.content
    assert f">{TEXT}</div>".encode() in response.content
    assert b"js/span_picker.js" in response.content


def test_a_statement_left_without_a_side_speaks_for_its_speakers_side_in_the_event(
    editor_client, world
):
    world["call"].participants.filter(actor=world["lavrov"]).update(side=world["usa"])
    response = editor_client.post(
        reverse("admin:readouts_statement_add"), new_statement(world, side="")
    )
    assert response.status_code == 302
    made = Statement.objects.get(position=9)
    assert made.side == world["usa"]  # as in the event, not his country


def test_a_statement_of_a_speaker_not_in_the_event_speaks_for_his_country(editor_client, world):
    data = new_statement(world, side="", speaker=world["blinken"].pk, source="", start="", end="")
    assert editor_client.post(reverse("admin:readouts_statement_add"), data).status_code == 302
    assert Statement.objects.get(position=9).side == world["usa"]


def test_a_participant_left_without_a_side_acts_for_the_persons_country(editor_client, world):
    event = world["call"]
    page = form_of(editor_client.get(change_url(event)))
    total = int(page["participants-TOTAL_FORMS"])
    page.update(
        {
            "participants-TOTAL_FORMS": str(total + 1),
            f"participants-{total}-order": "3",
            f"participants-{total}-actor": world["blinken"].pk,
            f"participants-{total}-side": "",
        }
    )
    assert editor_client.post(change_url(event), page).status_code == 302
    assert event.participants.get(actor=world["blinken"]).side == world["usa"]


def test_a_new_statement_starts_with_its_events_status(editor_client, world):
    def initial_status(event):
        response = editor_client.get(change_url(event))
        return response.context["inline_admin_formsets"][1].formset.empty_form["status"].value()

    assert initial_status(world["draft"]) == "draft"
    assert initial_status(world["call"]) == "published"


def test_the_events_history_says_what_changed_in_its_statements_and_participants(
    editor_client, world
):
    event = world["call"]
    page = form_of(editor_client.get(change_url(event)))
    [row] = [
        k.removesuffix("-id")
        for k, v in page.items()
        if k.startswith("statements-") and k.endswith("-id") and v == str(world["s3"].pk)
    ]
    page[f"{row}-position"] = "7"
    page["participants-0-title"] = "Foreign Minister"
    assert editor_client.post(change_url(event), page).status_code == 302
    reason = event.history.latest().history_change_reason
    assert reason == "participant: 1 changed (title); statement: 1 changed (position)"
    history = editor_client.get(reverse("admin:readouts_event_history", args=[event.pk]))
    assert reason in history.content.decode()
