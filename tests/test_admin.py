"""The editors' admin: every model's changelist, add page and search; actions; history."""

import pytest
from django.urls import reverse

from readouts.choices import Status
from readouts.models import Event, Statement

MODELS = [
    "actor",
    "role",
    "publisher",
    "source",
    "event",
    "topic",
    "statement",
    "mentionedevent",
    "savedsearch",
]


@pytest.mark.parametrize("model", MODELS)
def test_each_changelist_opens_and_searches(editor_client, world, model):
    url = reverse(f"admin:readouts_{model}_changelist")
    assert editor_client.get(url).status_code in (200, 403)
    assert editor_client.get(url, {"q": "Lavrov"}).status_code in (200, 403)


@pytest.mark.parametrize("model", [m for m in MODELS if m != "savedsearch"])
def test_editors_reach_each_changelist_and_add_page(editor_client, world, model):
    assert editor_client.get(reverse(f"admin:readouts_{model}_changelist")).status_code == 200
    assert editor_client.get(reverse(f"admin:readouts_{model}_add")).status_code == 200


def test_statement_search_uses_full_text(editor_client, world):
    response = editor_client.get(reverse("admin:readouts_statement_changelist"), {"q": "talk"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [world["s2"]]


def test_event_search_finds_titles(editor_client, world):
    response = editor_client.get(reverse("admin:readouts_event_changelist"), {"q": "Blinken"})
    assert list(response.context["cl"].result_list) == [world["meeting"]]


def test_the_change_pages_open_with_their_inlines(editor_client, world):
    for obj in (world["call"], world["s1"], world["wang"], world["trade"]):
        url = reverse(f"admin:readouts_{obj._meta.model_name}_change", args=[obj.pk])
        assert editor_client.get(url).status_code == 200


def test_publishing_an_event_makes_its_statements_public(editor_client, world):
    draft = world["draft"]
    response = editor_client.post(
        reverse("admin:readouts_event_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert Statement.objects.get(pk=world["s5"].pk).is_public


def test_unpublishing_an_event_hides_its_statements(editor_client, world):
    editor_client.post(
        reverse("admin:readouts_event_changelist"),
        {"action": "unpublish", "_selected_action": [world["call"].pk]},
    )
    assert not Statement.objects.filter(event=world["call"], is_public=True).exists()


def test_unpublishing_a_statement_hides_it_alone(editor_client, world):
    editor_client.post(
        reverse("admin:readouts_statement_changelist"),
        {"action": "unpublish", "_selected_action": [world["s1"].pk]},
    )
    assert not Statement.objects.get(pk=world["s1"].pk).is_public
    assert Statement.objects.get(pk=world["s2"].pk).is_public


def test_an_editor_adds_an_event_with_a_statement_and_an_analyst_finds_it(
    editor_client, world, analyst, client
):
    w = world
    data = {
        "title": "Wang Yi meets Antony Blinken",
        "occurred_on": "2024-06-01",
        "date_precision": "day",
        "kind": "meeting",
        "status": "published",
        "location": "Beijing",
        "summary": "",
        "participants-TOTAL_FORMS": "2",
        "participants-INITIAL_FORMS": "0",
        "participants-0-order": "1",
        "participants-0-actor": w["wang"].pk,
        "participants-0-title": "Foreign Minister",
        "participants-0-side": w["chn"].pk,
        "participants-1-order": "2",
        "participants-1-actor": w["blinken"].pk,
        "participants-1-title": "Secretary of State",
        "participants-1-side": w["usa"].pk,
        "statements-TOTAL_FORMS": "1",
        "statements-INITIAL_FORMS": "0",
        "statements-0-position": "1",
        "statements-0-status": "published",
        "statements-0-mode": "reported",
        "statements-0-speaker": w["wang"].pk,
        "statements-0-side": w["chn"].pk,
        "statements-0-text": "China opposes the abuse of export controls on semiconductors.",
        "statements-0-topics": [w["trade"].pk],
        "mentioned_events-TOTAL_FORMS": "0",
        "mentioned_events-INITIAL_FORMS": "0",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
    }
    response = editor_client.post(reverse("admin:readouts_event_add"), data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else ""
    )
    event = Event.objects.get(title="Wang Yi meets Antony Blinken")
    assert event.participants.count() == 2

    client.force_login(analyst)
    found = client.get("/statements/", {"q": "semiconductors", "country": "CHN"})
    assert [s["text"] for s in found.context["rows"]] == [
        "China opposes the abuse of export controls on semiconductors."
    ]
    csv_body = b"".join(client.get("/events/?actor=antony-blinken&export=csv").streaming_content)
    assert b"Wang Yi meets Antony Blinken" in csv_body


def test_every_change_is_kept_in_the_history_with_who_made_it(editor_client, editor, world):
    event = world["call"]
    url = reverse("admin:readouts_event_change", args=[event.pk])
    page = editor_client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"title": "A better title", "occurred_on": "2023-08-07"})
    for prefix, formset in (
        (fs.formset.prefix, fs.formset) for fs in page.context["inline_admin_formsets"]
    ):
        data[f"{prefix}-TOTAL_FORMS"] = str(formset.total_form_count())
        data[f"{prefix}-INITIAL_FORMS"] = str(formset.initial_form_count())
        for i, f in enumerate(formset.forms):
            for name, field in f.fields.items():
                value = f.initial.get(name, field.initial)
                if hasattr(value, "pk"):
                    value = value.pk
                if isinstance(value, list):
                    value = [getattr(v, "pk", v) for v in value]
                if value is not None:
                    data[f"{prefix}-{i}-{name}"] = value
    response = editor_client.post(url, data)
    assert response.status_code == 302
    latest = event.history.latest()
    assert latest.title == "A better title"
    assert latest.history_user == editor
    history = editor_client.get(reverse("admin:readouts_event_history", args=[event.pk]))
    assert history.status_code == 200
    assert b"A better title" in history.content
    assert b"edgar" in history.content  # who


def test_the_history_page_of_a_statement_opens(editor_client, world):
    url = reverse("admin:readouts_statement_history", args=[world["s1"].pk])
    assert editor_client.get(url).status_code == 200


# --- What an editor may type or send that the admin would look up as it is -------------------


@pytest.mark.parametrize(
    "url",
    [
        "/admin/readouts/event/?status__exact=%00",
        "/admin/readouts/event/?kind__exact=%00",
        "/admin/readouts/statement/?mode=%00",
        "/admin/readouts/actor/?kind__exact=%00",
        "/admin/auth/user/?username=%00",
        "/admin/readouts/event/?%00=1",
    ],
)
def test_an_address_with_a_nul_character_answers_400_and_says_why(admin_client, client, world, url):
    # PostgreSQL refuses a NUL in a text: the list filters passed it on and answered 500.
    response = admin_client.get(url)
    assert response.status_code == 400
    assert b"NUL character" in response.content
    assert client.get(url).status_code == 302  # behind the login like every admin page


def test_a_search_for_a_nul_character_is_refused_and_others_are_not(editor_client, world):
    response = editor_client.get("/admin/readouts/event/?q=%00")
    assert response.status_code == 400  # the address is refused before the search form sees it
    assert editor_client.get("/admin/readouts/event/?q=Lavrov").status_code == 200


@pytest.mark.parametrize("bad", ["abc", "%00", "1.5"])
def test_history_pages_of_ids_no_record_can_have_answer_404(editor_client, world, bad):
    event = world["call"]
    version = event.history.latest().history_id
    for url in (
        f"/admin/readouts/event/{bad}/history/",
        f"/admin/readouts/event/{bad}/history/{version}/",
        f"/admin/readouts/event/{event.pk}/history/{bad}/",
        f"/admin/readouts/statement/{bad}/history/",
    ):
        assert editor_client.get(url).status_code == 404, url
    assert editor_client.get(f"/admin/readouts/event/{event.pk}/history/").status_code == 200
    version_page = f"/admin/readouts/event/{event.pk}/history/{version}/"
    assert editor_client.get(version_page).status_code == 200


@pytest.mark.parametrize("bad", ["abc", "\x00", "1.5", ""])
def test_an_action_on_selected_records_that_are_not_ids_changes_nothing(editor_client, world, bad):
    draft = world["draft"]
    response = editor_client.post(
        reverse("admin:readouts_event_changelist"),
        {"action": "publish", "_selected_action": [draft.pk, bad]},
    )
    assert response.status_code == 400
    assert b"not ids" in response.content
    draft.refresh_from_db()
    assert draft.status != Status.PUBLISHED


def test_django_s_own_lists_refuse_selections_that_are_not_ids(admin_client, editor):
    response = admin_client.post(
        "/admin/auth/user/", {"action": "delete_selected", "_selected_action": ["abc"]}
    )
    assert response.status_code == 400
    response = admin_client.post(
        "/admin/auth/user/", {"action": "delete_selected", "_selected_action": [editor.pk]}
    )
    assert response.status_code == 200  # the confirmation page


@pytest.mark.parametrize("bad", ["abc", "1.5", "\x00"])
def test_a_form_sent_with_ids_no_record_can_have_says_so_and_saves_nothing(
    editor_client, world, bad
):
    # The autocomplete widgets wrote the refused form again by looking the values up as sent.
    events, statements = Event.objects.count(), Statement.objects.count()
    response = editor_client.post(
        reverse("admin:readouts_statement_add"),
        {
            "event": world["call"].pk,
            "speaker": bad,
            "topics": [world["trade"].pk, bad],
            "mode": "reported",
            "status": "published",
            "text": "China opposes it.",
            "position": "1",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "speaker" in errors and "topics" in errors
    event_form = {
        "title": "A call",
        "occurred_on": "2024-06-01",
        "date_precision": "day",
        "kind": "call",
        "status": "draft",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-0-order": "1",
        "participants-0-actor": bad,
        "participants-0-side": world["chn"].pk,
        "statements-TOTAL_FORMS": "0",
        "statements-INITIAL_FORMS": "0",
        "mentioned_events-TOTAL_FORMS": "0",
        "mentioned_events-INITIAL_FORMS": "0",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
    }
    response = editor_client.post(reverse("admin:readouts_event_add"), event_form)
    assert response.status_code == 200
    assert "actor" in response.context["inline_admin_formsets"][0].formset.errors[0]
    assert (Event.objects.count(), Statement.objects.count()) == (events, statements)
