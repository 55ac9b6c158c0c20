"""The filters read names as well as codes and slugs (issue 20, item 2): the page redirects to
the canonical address, ambiguous names ask which, names only in drafts stay unknown."""

import datetime

from django.test import Client

from readouts.api.tokens import ApiToken
from readouts.browse.filters import EventFilterSet, StatementFilterSet
from readouts.choices import Status
from readouts.models import Event, Role, Statement
from tests.api.test_endpoints import get
from tests.factories import event, person


def test_country_names_and_short_names_redirect_to_their_codes(analyst_client, world):
    for typed in ("China", "china", "PRC", "People's Republic of China"):
        response = analyst_client.get("/events/", {"country": typed})
        assert response.status_code == 302 and response["Location"] == "/events/?country=CHN"
    response = analyst_client.get("/statements/?country=Russia,US&q=Ukraine")
    assert response["Location"] == "/statements/?country=RUS&country=USA&q=Ukraine"
    page = analyst_client.get(response["Location"])
    assert [c["label"] for c in page.context["chips"]][1:3] == [
        "Russia (RUS)",
        "United States (USA)",
    ]


def test_codes_are_already_canonical_and_do_not_redirect(analyst_client, world):
    assert analyst_client.get("/events/?country=chn,RUS").status_code == 200


def test_a_person_by_name_or_alias_means_their_slug(analyst_client, world):
    world["lavrov"].aliases = ["Sergei Lavrov"]
    world["lavrov"].save()
    for typed in ("Sergey Lavrov", "sergei lavrov", "Lavrov"):
        response = analyst_client.get("/events/", {"actor": typed})
        assert response["Location"] == "/events/?actor=sergey-lavrov", typed
    response = analyst_client.get("/statements/", {"speaker": "Wang Yi", "export": "csv"})
    assert response["Location"] == "/statements/?speaker=wang-yi&export=csv"


def test_an_ambiguous_name_lists_who_it_may_be_with_title_country_and_years(analyst_client, world):
    other = person("Wang Yi", world["chn"], slug="wang-yi-2")
    event("Wang Yi (the other) visits", participants=[(other, world["chn"])])
    Role.objects.create(
        person=world["wang"],
        title="Foreign Minister",
        side=world["chn"],
        start_date=datetime.date(2013, 3, 16),
    )
    response = analyst_client.get("/events/", {"actor": "Wang Yi"})
    assert response.status_code == 400 and response.context["rows"] == []
    error = " ".join(response.context["form"].errors["actor"])
    assert "may be any of 2" in error
    assert "Wang Yi (Foreign Minister, China, 2013–) [wang-yi]" in error
    assert "Wang Yi (China) [wang-yi-2]" in error


def test_a_name_recorded_only_in_a_draft_stays_unknown_to_an_analyst(analyst_client, editor, world):
    secret = person("Secret Envoy", world["chn"])
    event("Draft visit", status=Status.DRAFT, participants=[(secret, world["chn"])])
    response = analyst_client.get("/events/", {"actor": "Secret Envoy"})
    assert response.status_code == 400
    assert "Unknown participant" in " ".join(response.context["form"].errors["actor"])
    assert "Secret Envoy" not in analyst_client.get("/events/").content.decode()
    editor_client = Client()
    editor_client.force_login(editor)
    assert editor_client.get("/events/", {"actor": "Secret Envoy"}).status_code == 302


def test_the_filtersets_read_names_without_http(rf, analyst, world):
    request = rf.get("/")
    request.user = analyst
    events = EventFilterSet(
        {"country": "Russia", "actor": "Antony Blinken"},
        queryset=Event.objects.visible_to(analyst),
        request=request,
    )
    assert [e.title for e in events.qs] == ["Blinken meets Lavrov"]
    statements = StatementFilterSet(
        {"country": "Atlantis"}, queryset=Statement.objects.all(), request=request
    )
    assert not statements.is_valid()
    assert "Unknown country code: Atlantis" in str(statements.errors["country"])


def test_the_api_takes_names_too(analyst, world):
    secret = ApiToken.issue(analyst, "analyst", 30)[1]
    response = get("/api/v1/events/", secret, country="Russia", actor="Blinken")
    assert response.status_code == 200
    assert [e["title"] for e in response.json()["results"]] == ["Blinken meets Lavrov"]


def test_the_pair_form_takes_names_and_keeps_what_was_typed(analyst_client, world):
    response = analyst_client.get("/pairs/", {"a": "China", "b": "russia"})
    assert response["Location"] == "/pairs/CHN-RUS/"
    wrong = analyst_client.get("/pairs/", {"a": "China", "b": "Atlantis"})
    content = wrong.content.decode()
    assert 'value="China"' in content and 'value="Atlantis"' in content
    assert "Unknown country code: Atlantis" in wrong.context["error"]
    assert analyst_client.get("/events/?pair=China-Russia")["Location"] == "/events/?pair=CHN-RUS"


def test_the_person_suggestions_tell_namesakes_apart(analyst_client, world):
    person("Wang Yi", world["usa"], slug="wang-yi-2")  # named in no published record
    namesake = person("Wang Yi", world["usa"], slug="wang-yi-3")
    event("Another Wang Yi", participants=[(namesake, world["usa"])])
    content = analyst_client.get("/events/").content.decode()
    assert '<option value="wang-yi">Wang Yi (China)</option>' in content
    assert '<option value="wang-yi-3">Wang Yi (United States)</option>' in content
    assert "wang-yi-2" not in content
