import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from readouts.models import Actor, Event, Source
from readouts.reader.admin import add_readout_view

from .conftest import READOUTS

URL = "/admin/readouts/event/add-readout/"


def form(**extra):
    data = {
        "text": (READOUTS / "ru_press_release_clutter.txt").read_text(encoding="utf-8"),
        "publisher": "Ministry of Foreign Affairs of the Russian Federation",
        "url": "",
        "published": "2024-06-14",
        "preview": "Preview",
    }
    data.update(extra)
    return data


def test_the_page_shows_the_form_in_the_admin(editor_client):
    response = editor_client.get(URL)
    assert response.status_code == 200
    assert b"Add readout" in response.content and b'name="text"' in response.content
    assert response.templates[0].name == "admin/readouts/add_readout.html"
    assert "admin/base_site.html" in [t.name for t in response.templates]


def test_preview_shows_the_extraction_and_saves_nothing(editor_client):
    response = editor_client.post(URL, form())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ronald Lamola" in content and "2024-06-14" in content
    assert '<mark class="statement' in content
    assert 'value="Save as draft"' in content
    assert not Event.objects.exists() and not Source.objects.exists()
    assert not Actor.objects.filter(name="Ronald Lamola").exists()


def test_save_after_preview_creates_a_draft_and_goes_to_its_change_page(editor_client):
    preview = editor_client.post(URL, form())
    token = preview.context["preview_token"]
    response = editor_client.post(URL, form(save="Save as draft", preview_token=token))
    event = Event.objects.get()
    assert response.status_code == 302
    assert response.url == f"/admin/readouts/event/{event.pk}/change/"
    assert event.status == "draft" and event.statements.count() == 4


def test_save_with_a_text_changed_since_the_preview_saves_nothing(editor_client):
    token = editor_client.post(URL, form()).context["preview_token"]
    tampered = form(save="Save", preview_token=token)
    tampered["text"] = tampered["text"].replace("Ronald Lamola", "Ronald Lamolo")
    response = editor_client.post(URL, tampered)
    assert response.status_code == 200
    assert "changed since the preview" in response.content.decode()
    assert not Event.objects.exists()


def test_save_with_a_forged_token_saves_nothing(editor_client):
    response = editor_client.post(URL, form(save="Save", preview_token="forged:token"))
    assert response.status_code == 200 and not Event.objects.exists()


def test_an_uploaded_html_file_is_previewed(editor_client):
    html = (
        "<html><body><h1>Wang Yi Meets Ana Ruiz</h1><p>On May 3, 2024, Foreign Minister Wang "
        "Yi met with Foreign Minister Ana Ruiz of Chile.</p><p>Wang Yi said that China values "
        "Chile.</p></body></html>"
    )
    upload = SimpleUploadedFile("readout.html", html.encode(), content_type="text/html")
    response = editor_client.post(URL, {**form(text=""), "file": upload})
    assert response.status_code == 200
    assert "Ana Ruiz" in response.content.decode()
    assert response.context["form"].initial["text"].startswith("Wang Yi Meets Ana Ruiz")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "Paste the text of a readout"),
        ({"text": "The weather was fine. Nothing happened."}, "No recognisable event"),
        ({"url": "not a url"}, "Enter a valid URL"),
        ({"published": "yesterday"}, "Enter a valid date"),
    ],
)
def test_bad_input_gets_a_form_error_not_a_500(editor_client, data, message):
    response = editor_client.post(URL, form(**data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Event.objects.exists()


def test_a_text_longer_than_the_page_reads_at_a_time_gets_a_form_error(editor_client):
    from readouts.reader.admin import MAX_CHARACTERS

    long = "Wang Yi met Sergey Lavrov. " * (MAX_CHARACTERS // 27 + 1)
    response = editor_client.post(URL, form(text=long))
    assert response.status_code == 200
    assert f"this page reads up to {MAX_CHARACTERS:,} at a time" in response.content.decode()
    upload = SimpleUploadedFile("long.txt", long.encode(), content_type="text/plain")
    response = editor_client.post(URL, {**form(text=""), "file": upload})
    assert "manage.py ingest" in response.content.decode()
    assert not Event.objects.exists()


def test_a_binary_upload_gets_a_form_error(editor_client):
    upload = SimpleUploadedFile(
        "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="text/plain"
    )
    response = editor_client.post(URL, {**form(text=""), "file": upload})
    assert response.status_code == 200 and "PNG" in response.content.decode()


def test_users_without_the_add_event_permission_are_refused(analyst, outsider, rf=None):
    factory = RequestFactory()
    for user in (analyst, outsider):
        request = factory.get(URL)
        request.user = user
        with pytest.raises(Exception) as caught:
            add_readout_view(request)
        assert caught.type.__name__ == "PermissionDenied"


def test_a_staff_user_without_the_permission_gets_403(client, django_user_model):
    user = django_user_model.objects.create_user("stan", password="a-long-password", is_staff=True)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, form()).status_code == 403


def test_the_events_list_keeps_working_and_offers_the_reader_once_wired(editor_client):
    response = editor_client.get("/admin/readouts/event/")
    assert response.status_code == 200
    wired = "admin:readouts_event_add_readout"
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse(wired)
    except NoReverseMatch:
        assert b"Add readout" not in response.content
    else:
        assert url.encode() in response.content


def test_the_events_list_links_to_the_page(editor_client):
    response = editor_client.get("/admin/readouts/event/")
    assert b'href="/admin/readouts/event/add-readout/"' in response.content


def test_the_preview_says_where_each_participant_came_from_and_links_the_roles(editor_client):
    text = (READOUTS / "us_wh_president_title_only.txt").read_text(encoding="utf-8")
    data = form(text=text, publisher="The White House", published="2015-06-10")
    content = editor_client.post(URL, data).content.decode()
    assert "office table: &#x27;The President&#x27; of USA on 2015-06-10" in content
    assert "/admin/readouts/role/?q=Barack+Obama" in content
    assert "the text" in content


def test_the_preview_lists_the_separate_calls_of_a_release(editor_client):
    text = (READOUTS / "in_pm_several_calls.txt").read_text(encoding="utf-8")
    data = form(text=text, publisher="Prime Minister's Office of India", published="2020-04-10")
    content = editor_client.post(URL, data).content.decode()
    assert "Separate events (3)" in content
    assert "One draft per call" in content
    # Ticked when the page opens: one draft per call is the default.
    assert b'id="id_split" checked' in editor_client.get(URL).content


def test_save_makes_one_draft_event_per_call_sharing_the_text(editor_client):
    text = (READOUTS / "in_pm_several_calls.txt").read_text(encoding="utf-8")
    data = form(text=text, publisher="Prime Minister's Office of India", published="2020-04-10")
    token = editor_client.post(URL, data).context["preview_token"]
    response = editor_client.post(
        URL, {**data, "split": "on", "save": "Save as draft", "preview_token": token}
    )
    events = list(Event.objects.order_by("pk"))
    assert len(events) == 3 and all(e.status == "draft" for e in events)
    assert response.url == f"/admin/readouts/event/{events[0].pk}/change/"
    assert [e.participants.count() for e in events] == [2, 2, 2]
    assert Source.objects.filter(event__in=events).count() == 3
    page = editor_client.get(response.url).content.decode()
    assert "Saved 3 draft events, one per call" in page
    # Saved again: nothing changes.
    editor_client.post(URL, {**data, "split": "on", "save": "Save", "preview_token": token})
    assert Event.objects.count() == 3


def test_save_without_one_draft_per_call_makes_one_event_with_every_participant(editor_client):
    text = (READOUTS / "in_pm_several_calls.txt").read_text(encoding="utf-8")
    data = form(text=text, publisher="Prime Minister's Office of India", published="2020-04-10")
    token = editor_client.post(URL, data).context["preview_token"]
    editor_client.post(URL, {**data, "save": "Save as draft", "preview_token": token})
    assert Event.objects.get().participants.count() == 4


def test_a_text_already_stored_is_said_in_the_preview_and_not_offered_for_saving(
    editor_client,
):
    token = editor_client.post(URL, form()).context["preview_token"]
    editor_client.post(URL, form(save="Save as draft", preview_token=token))
    event = Event.objects.get()

    response = editor_client.post(URL, form())
    content = response.content.decode()
    assert "This exact text is already stored" in content
    assert f'href="/admin/readouts/event/{event.pk}/change/"' in content
    assert 'value="Save as draft"' not in content
    assert (
        editor_client.post(URL, form(save="Save as draft", preview_token=token)).status_code == 200
    )
    assert Event.objects.count() == 1


def test_the_publisher_field_suggests_the_publishers_already_stored(editor_client):
    from readouts.models import Publisher

    Publisher.objects.create(name="Ministry of Foreign Affairs of Japan")
    content = editor_client.get(URL).content.decode()
    assert 'list="known-publishers"' in content
    assert '<option value="Ministry of Foreign Affairs of Japan">' in content


@pytest.mark.parametrize(
    "cue, shown",
    [
        ("role 'Secretary' + ''s Call'", "role “Secretary” + “'s Call”"),
        (
            "name 'Foreign Minister Retno' after 'said'",
            "name “Foreign Minister Retno” after “said”",
        ),
        ("side 'China's'", "side “China's”"),
        ("side position", "side position"),
    ],
)
def test_the_preview_shows_a_cue_with_the_words_as_the_text_has_them(cue, shown):
    from readouts.reader.admin import cue_as_read

    assert cue_as_read(cue) == shown


def test_the_preview_shows_the_cues_words_in_typographic_quotes(editor_client):
    content = editor_client.post(URL, form()).content.decode()
    assert "“" in content.split("<h3>Statements")[1].split("</table>")[0]
