"""A name recorded only in a draft readout stays unknown to analysts (issue 18, item 5): not in
the filter form's suggestions or choices, the facets, the pair list, nor on an entity page,
which answers 404 when nothing of the entity is visible. Editors see it all."""

import datetime

import pytest
from django.test import Client

from readouts.choices import ActorKind, Status
from readouts.models import Actor

from ..factories import event, person, publisher, source, statement, topic

SECRET = ["Zed Hidden", "Hiddenland", "Covert Topic", "Quiet Ministry"]


@pytest.fixture
def draft_only(world):
    """A draft readout naming a person, an organisation, a topic and a publisher that nothing
    published names."""
    hiddenland = Actor.objects.create(kind=ActorKind.ORGANISATION, name="Hiddenland", code="HDL")
    zed = person("Zed Hidden", hiddenland)
    covert = topic("covert-topic", "Covert Topic")
    quiet = publisher("Quiet Ministry", hiddenland)
    draft = event(
        "A draft meeting",
        datetime.date(2024, 2, 1),
        status=Status.DRAFT,
        participants=[(zed, hiddenland), (world["wang"], world["chn"])],
    )
    source(draft, "Zed Hidden met Wang Yi.", quiet, url="https://example.org/quiet")
    statement(draft, "Zed Hidden spoke of covert things.", zed, hiddenland, topics=[covert])
    # A published statement mentioning nobody new, so that the lists are not empty.
    return {"zed": zed, "hiddenland": hiddenland, "covert": covert, "quiet": quiet}


LISTS = [
    "/",
    "/statements/",
    "/events/",
    "/pairs/",
    "/statements/?q=covert",
    "/events/?date_after=2024-01-01",
]


@pytest.mark.parametrize("url", LISTS)
def test_analysts_never_see_a_draft_only_name(analyst_client, draft_only, url):
    page = analyst_client.get(url).content.decode()
    for name in SECRET:
        assert name not in page, f"{name} leaks on {url}"
    assert "zed-hidden" not in page and "covert-topic" not in page and "HDL" not in page


@pytest.mark.parametrize("url", ["/statements/", "/events/"])
def test_editors_see_them(editor_client, draft_only, url):
    page = editor_client.get(url).content.decode()
    assert "Zed Hidden" in page and "Covert Topic" in page


def test_their_pages_answer_404_to_an_analyst(analyst, editor, draft_only):
    analyst_client, editor_client = Client(), Client()
    analyst_client.force_login(analyst)
    editor_client.force_login(editor)
    for url in ["/actors/zed-hidden/", "/actors/hiddenland/", "/topics/covert-topic/"]:
        assert analyst_client.get(url).status_code == 404, url
        assert editor_client.get(url).status_code == 200, url


def test_filtering_by_them_tells_an_analyst_nothing(analyst_client, draft_only):
    for url in [
        "/statements/?speaker=zed-hidden",
        "/statements/?topic=covert-topic",
        "/events/?publisher=quiet-ministry",
        "/events/?actor=zed-hidden",
        "/statements/?country=HDL",
    ]:
        response = analyst_client.get(url)
        page = response.content.decode()
        for name in SECRET:
            assert name not in page, f"{name} leaks on {url}"
        # The same answer as for a name that does not exist at all.
        unknown = analyst_client.get(url.replace("hidden", "nobody").replace("covert", "nix")
                                     .replace("quiet", "nix").replace("HDL", "XXX"))  # fmt: skip
        assert response.status_code == unknown.status_code, url


def test_a_published_record_makes_the_name_visible(analyst_client, draft_only, world):
    call = event("Now public", participants=[(draft_only["zed"], draft_only["hiddenland"])])
    statement(call, "Zed Hidden on covert things.", draft_only["zed"], draft_only["hiddenland"],
              topics=[draft_only["covert"]])  # fmt: skip
    source(call, "Zed Hidden published.", draft_only["quiet"], url="https://example.org/q2")
    assert analyst_client.get("/actors/zed-hidden/").status_code == 200
    assert analyst_client.get("/topics/covert-topic/").status_code == 200
    page = analyst_client.get("/statements/").content.decode()
    assert "Zed Hidden" in page


def test_a_topic_above_a_public_one_is_visible(analyst_client, world):
    region = topic("far-regions", "Far regions")
    arctic = topic("far-north", "Far north", parent=region)
    statement(world["meeting"], "The Arctic stays calm.", world["blinken"], world["usa"],
              topics=[arctic])  # fmt: skip
    assert analyst_client.get("/topics/far-regions/").status_code == 200
    assert analyst_client.get("/statements/?topic=far-regions").status_code == 200
