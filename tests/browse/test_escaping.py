"""Names, titles and texts with markup are written escaped on every list, in every part of the
page (rows, facets, chips, timeline, topics over time, filter form)."""

import datetime

import pytest

from readouts.choices import ActorKind, DatePrecision, EventKind, StatementMode, Status
from readouts.models import Actor
from tests.factories import event, person, publisher, source, statement, topic

MARKUP = ["<Quartet>", "<spokes>", "<stocks>", "<fish>", "<Bergen>", "<b>bold</b>", "<sides>",
          "<co>", "<of>"]  # fmt: skip


@pytest.fixture
def awkward(world):
    """Records that take every branch of the loops, with text that needs escaping."""
    tricky = Actor.objects.create(kind=ActorKind.ORGANISATION, name="<Quartet> & \"friends\" 'n'")
    nameless = Actor.objects.create(kind=ActorKind.ORGANISATION, name="Union & <co>")  # no code
    spokes = person("O'Brien <spokes>", world["chn"])
    fish = topic("fish-stocks", "Fish & <stocks>")
    vague = event(
        "Talks \"on\" <fish> & 'stocks'",
        datetime.date(1987, 3, 1),
        kind=EventKind.MEETING,
        status=Status.DRAFT,
        participants=[(spokes, world["chn"]), (tricky, None), (world["wang"], nameless)],
        location="Oslo & <Bergen>",
        date_precision=DatePrecision.MONTH,
    )
    source(vague, "one text", publisher("Ministry <of> & 'Fish'"))
    source(vague, "another text", publisher("Second & co"), url="https://example.org/2")
    statement(vague, "No speaker, a side: <b>bold</b> & more", None, nameless, topics=[fish])
    statement(vague, "Nobody at all 'spoke' \"this\"", None, None)
    statement(vague, "Both <sides>", mode=StatementMode.JOINT, topics=[fish, world["trade"]])
    statement(vague, "Spokes said", spokes, tricky, mode=StatementMode.DIRECT_QUOTE)
    return world


@pytest.mark.parametrize(
    "url",
    [
        "/statements/",
        "/statements/?q=trade",
        "/statements/?country=CHN&country=RUS&topic=fish-stocks&topic=trade",
        "/statements/?date_after=2023-01-01&date_before=2023-12-31&kind=phone_call",
        "/events/",
        "/events/?country=CHN&date_after=1900-01-01",
    ],
)
def test_every_name_with_markup_is_written_escaped(editor_client, awkward, url):
    html = editor_client.get(url).content.decode()
    for raw in MARKUP:
        assert raw not in html, (url, raw)
    if url.startswith("/statements/") and "q=" not in url:
        assert "Fish &amp; &lt;stocks&gt;" in html
    if url.startswith("/events/") and "country=" not in url:
        assert "Talks &#34;on&#34; &lt;fish&gt; &amp; &#39;stocks&#39;" in html
