"""Two editors on the same record: a save from a page opened before the other's save is refused
and says who changed what, instead of undoing it (issue 18)."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from readouts.models import Event, Source, Statement
from readouts.roles import EDITORS
from tests.conftest import make_user


class ChangeForm(HTMLParser):
    """What a browser would send back from the admin's change form, untouched."""

    def __init__(self):
        super().__init__()
        self.data, self.inside, self.select, self.textarea = {}, False, None, None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id", "").endswith("_form")
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value", ""))
        elif not self.inside or "name" not in attrs:
            return
        elif tag == "input" and attrs.get("type") not in ("submit", "checkbox", "radio"):
            self.add(attrs["name"], attrs.get("value", ""))
        elif tag == "input" and "checked" in attrs:
            self.add(attrs["name"], attrs.get("value", "on"))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.add(self.textarea, "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            # Browsers drop the line break Django writes after the opening tag.
            self.data[self.textarea][-1] = self.data[self.textarea][-1].removeprefix("\n")
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data


def form_of(response):
    """The change form of an admin page as a dict for `Client.post` (lists for many values)."""
    assert response.status_code == 200
    parser = ChangeForm()
    parser.feed(response.content.decode())
    return {k: v[0] if len(v) == 1 else v for k, v in parser.data.items()}


def change_url(record):
    return reverse(f"admin:readouts_{record._meta.model_name}_change", args=[record.pk])


@pytest.fixture
def other_client(db):
    """A second editor, in a browser of her own."""
    client = Client()
    client.force_login(make_user("erin", EDITORS, is_staff=True))
    return client


def refusal(response):
    """The note at the top of a refused change form."""
    assert response.status_code == 200, "the save went through"
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 1
    assert errors[0] in response.content.decode()  # shown, escaped as the page shows it
    return errors[0]


def test_a_save_from_a_page_opened_before_another_editors_save_is_refused(
    editor_client, other_client, world
):
    event = world["call"]
    url = change_url(event)
    erins_page, edgars_page = form_of(other_client.get(url)), form_of(editor_client.get(url))

    erins_page["title"] = "Wang Yi and Sergey Lavrov talk trade"
    assert other_client.post(url, erins_page).status_code == 302
    edgars_page["location"] = "Beijing"
    response = editor_client.post(url, edgars_page)

    event.refresh_from_db()
    assert (event.title, event.location) == ("Wang Yi and Sergey Lavrov talk trade", "")
    note = refusal(response)
    assert note.startswith("Changed by erin at ")
    assert "since you opened it: title is now “Wang Yi and Sergey Lavrov talk trade”." in note
    assert "location" not in note
    shown_again = form_of(response)  # what Edgar typed, not what Erin saved
    assert shown_again["location"] == "Beijing"
    assert shown_again["title"] == "Wang Yi holds phone talks with Sergey Lavrov"


def test_saving_again_after_the_refusal_goes_through(editor_client, other_client, world):
    event = world["call"]
    url = change_url(event)
    erins_page, edgars_page = form_of(other_client.get(url)), form_of(editor_client.get(url))
    erins_page["title"] = "Wang Yi and Sergey Lavrov talk trade"
    other_client.post(url, erins_page)
    edgars_page["location"] = "Beijing"
    refused = form_of(editor_client.post(url, edgars_page))

    refused["title"] = "Wang Yi and Sergey Lavrov talk trade"  # Edgar merges Erin's change
    response = editor_client.post(url, refused)

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.location) == ("Wang Yi and Sergey Lavrov talk trade", "Beijing")


def test_one_editor_saving_twice_is_not_refused(editor_client, world):
    event = world["call"]
    url = change_url(event)
    page = form_of(editor_client.get(url))
    page["location"] = "Beijing"
    assert editor_client.post(url, page).status_code == 302
    page = form_of(editor_client.get(url))
    page["summary"] = "Talks on Ukraine and trade."
    assert editor_client.post(url, page).status_code == 302
    event.refresh_from_db()
    assert (event.location, event.summary) == ("Beijing", "Talks on Ukraine and trade.")


def source_of(world):
    return Source.objects.filter(event=world["call"]).order_by("pk").first()


@pytest.mark.parametrize(
    "record, field, value, label",
    [
        (lambda w: w["meeting"], "summary", "Arctic, Ukraine.", "summary"),
        (lambda w: w["s4"], "cue", "quoted", "cue"),
        (source_of, "title", "MFA China readout", "title"),
    ],
    ids=["event", "statement", "source"],
)
def test_a_stale_form_of_each_record_is_refused(
    editor_client, other_client, world, record, field, value, label
):
    record = record(world)
    url = change_url(record)
    erins_page, edgars_page = form_of(other_client.get(url)), form_of(editor_client.get(url))
    erins_page[field] = value
    assert other_client.post(url, erins_page).status_code == 302
    before = type(record).objects.get(pk=record.pk)

    response = editor_client.post(url, edgars_page)

    assert f"{label} is now “{value}”" in refusal(response)
    after = type(record).objects.get(pk=record.pk)
    assert (after.updated_at, getattr(after, field)) == (before.updated_at, value)


def test_a_statement_changed_on_its_own_page_is_not_overwritten_by_the_events_page(
    editor_client, other_client, world
):
    event, statement = world["call"], world["s2"]
    edgars_event_page = form_of(editor_client.get(change_url(event)))
    erins_page = form_of(other_client.get(change_url(statement)))
    erins_page["text"] = "The Ukraine crisis needs peace talks now."
    assert other_client.post(change_url(statement), erins_page).status_code == 302

    edgars_event_page["location"] = "Moscow"
    response = editor_client.post(change_url(event), edgars_event_page)

    assert response.status_code == 200
    statement.refresh_from_db()
    assert statement.text == "The Ukraine crisis needs peace talks now."
    event.refresh_from_db()
    assert event.location == ""  # nothing of the page is saved
    rows = response.context["inline_admin_formsets"][1].formset.forms
    [row] = [f for f in rows if f.non_field_errors()]
    assert row.instance.pk == statement.pk
    assert "Changed by erin at " in row.non_field_errors()[0]
    assert "text is now “The Ukraine crisis needs peace talks now.”" in row.non_field_errors()[0]

    merged = form_of(response)
    index = rows.index(row)
    merged[f"statements-{index}-text"] = "The Ukraine crisis needs peace talks now."
    assert editor_client.post(change_url(event), merged).status_code == 302
    event.refresh_from_db()
    assert event.location == "Moscow"


def test_a_statement_changed_on_the_events_page_is_not_overwritten_by_its_own_page(
    editor_client, other_client, world
):
    event, statement = world["call"], world["s2"]
    edgars_page = form_of(editor_client.get(change_url(statement)))
    erins_event_page = form_of(other_client.get(change_url(event)))
    [row] = [
        k.removesuffix("-id")
        for k, v in erins_event_page.items()
        if k.startswith("statements-") and k.endswith("-id") and v == str(statement.pk)
    ]
    erins_event_page[f"{row}-mode"] = "direct_quote"
    assert other_client.post(change_url(event), erins_event_page).status_code == 302

    edgars_page["position"] = "99"
    refused = refusal(editor_client.post(change_url(statement), edgars_page))
    assert "mode is now “Direct quote”" in refused
    statement.refresh_from_db()
    assert (statement.mode, statement.position) == ("direct_quote", world["s2"].position)


def test_saving_the_events_page_leaves_untouched_statements_and_their_versions_alone(
    editor_client, world
):
    # A save of the event alone must not refresh every statement's version: the statements'
    # own pages, open elsewhere, would be refused for a change nobody made.
    event = world["call"]
    versions = dict(Statement.objects.filter(event=event).values_list("pk", "updated_at"))
    page = form_of(editor_client.get(change_url(event)))
    page["location"] = "Beijing"
    assert editor_client.post(change_url(event), page).status_code == 302
    assert dict(Statement.objects.filter(event=event).values_list("pk", "updated_at")) == versions


def test_a_save_locks_the_event_and_its_statements_and_opening_the_page_does_not(
    editor_client, world
):
    # The lock makes two saves at the same moment take turns: the second then sees the first.
    url = change_url(world["call"])
    with CaptureQueriesContext(connection) as opening:
        page = form_of(editor_client.get(url))
    with CaptureQueriesContext(connection) as saving:
        assert editor_client.post(url, page).status_code == 302
    assert not [q for q in opening.captured_queries if "FOR UPDATE" in q["sql"]]
    locks = [q["sql"] for q in saving.captured_queries if "FOR UPDATE" in q["sql"]]
    assert [sql.split("FOR UPDATE OF ")[1] for sql in locks] == [
        '"readouts_event"',
        '"readouts_statement"',
    ]


def test_a_page_opened_before_its_record_was_deleted_says_so(editor_client, other_client, world):
    event = world["meeting"]
    page = form_of(editor_client.get(change_url(event)))
    Event.objects.filter(pk=event.pk).delete()

    response = editor_client.post(change_url(event), page, follow=True)

    assert response.status_code == 200
    assert "doesn’t exist. Perhaps it was deleted?" in response.content.decode()


def test_a_row_whose_statement_was_deleted_since_says_so_and_saves_nothing(editor_client, world):
    event, statement = world["call"], world["s2"]
    page = form_of(editor_client.get(change_url(event)))
    page["location"] = "Beijing"
    statement.delete()

    response = editor_client.post(change_url(event), page)

    assert response.status_code == 200
    assert "Deleted since you opened this page" in response.content.decode()
    event.refresh_from_db()
    assert event.location == ""


def test_a_form_without_its_version_is_refused_and_then_saves(editor_client, world):
    # A page opened before this change was deployed, or a hand-made request.
    event = world["call"]
    page = form_of(editor_client.get(change_url(event)))
    del page["version"]
    page["location"] = "Beijing"
    note = refusal(editor_client.post(change_url(event), page))
    assert note.startswith("This form does not say which version")

    page["version"] = form_of(editor_client.get(change_url(event)))["version"]
    assert editor_client.post(change_url(event), page).status_code == 302


def test_a_made_up_version_is_refused_without_an_error_page(editor_client, world):
    event = world["call"]
    page = form_of(editor_client.get(change_url(event)))
    for made_up in ("abc", "2024-13-45T99:00:00", "2024-01-01T00:00:00+00:00"):
        page["version"] = made_up
        assert "Nothing was saved" in refusal(editor_client.post(change_url(event), page))


def test_a_publish_from_the_list_since_the_page_was_opened_is_not_undone(editor_client, world):
    draft = world["draft"]
    page = form_of(editor_client.get(change_url(draft)))
    editor_client.post(
        reverse("admin:readouts_event_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    page["location"] = "Beijing"
    note = refusal(editor_client.post(change_url(draft), page))
    # The publish is in the history now, so the note names who made it.
    assert note.startswith("Changed by edgar at ")
    assert "since you opened it: status is now “Published”." in note
    draft.refresh_from_db()
    assert (draft.status, draft.location) == ("published", "")
