"""The statements' spans in their source texts: each speaker in a colour of their own, named
by their initials, a legend and, for a screen reader, before each span."""

from types import SimpleNamespace

from readouts.browse.highlight import PALETTE, highlight_spans, speakers
from readouts.browse.views.details import speaker_key
from tests.factories import statement


def said(name, side="CHN", mode="reported", pk=None):
    """A statement as speakers() reads it: `name` speaking for `side`, or a joint one."""
    label = f"{name} ({side})" if name else "Both sides" if mode == "joint" else side
    return SimpleNamespace(
        mode=mode,
        speaker=name,
        side=side,
        speaker_id=pk or hash(name),
        side_id=hash(side),
        speaker_label=label,
    )


def test_each_speaker_takes_the_next_colour_in_order_of_first_appearance():
    wang, lavrov, both = said("Wang Yi"), said("Sergey Lavrov", "RUS"), said(None, None, "joint")
    found = speakers([wang, lavrov, wang, both], speaker_key)
    assert [(s.label, s.colour, s.initials) for s in found.values()] == [
        ("Wang Yi (CHN)", 1, "WY"),
        ("Sergey Lavrov (RUS)", 2, "SL"),
        ("Both sides", 3, "Both"),
    ]


def test_speakers_who_share_initials_are_numbered_and_colours_come_round():
    people = [said(f"Wang Y{'i' * n}", pk=n + 1) for n in range(PALETTE + 1)]
    found = list(speakers(people, speaker_key).values())
    assert [s.initials for s in found[:3]] == ["WY", "WY2", "WY3"]
    assert [s.colour for s in found] == [*range(1, PALETTE + 1), 1]
    (china,) = speakers([said(None, "China")], speaker_key).values()  # a side speaking
    assert china.initials == "Ch"


def test_a_label_is_read_before_its_mark_and_escaped():
    html = highlight_spans("Wang said <so>.", [(0, 15, {"class": "span"}, "Wang <Yi>")])
    assert html == (
        '<span class="visually-hidden who">Wang &lt;Yi&gt;: </span>'
        '<mark class="span">Wang said &lt;so&gt;.</mark>'
    )


def test_the_event_page_colours_each_speaker_and_lists_them_in_a_legend(analyst_client, world):
    s1, s2 = world["s1"], world["s2"]  # Wang and Lavrov in the same Chinese readout
    response = analyst_client.get(f"/events/{world['call'].pk}/")
    page = response.content.decode()
    assert [(s.label, s.colour) for s in response.context["legend"]] == [
        ("Wang Yi (CHN)", 1),
        ("Sergey Lavrov (RUS)", 2),
    ]  # the joint statement has no span: no entry
    assert (
        f'<mark id="span-{s1.pk}" title="Wang Yi (CHN)" class="span speaker-1" data-who="WY">'
        in page
    )
    assert f'<mark id="span-{s2.pk}" title="Sergey Lavrov (RUS)" class="span speaker-2"' in page
    assert '<span class="visually-hidden who">Sergey Lavrov (RUS): </span>' in page
    assert '<ul class="legend" aria-label="Highlights by speaker">' in page
    assert '<span class="swatch speaker-2" aria-hidden="true">SL</span> Sergey Lavrov (RUS)' in page


def test_the_compare_page_gives_a_speaker_one_colour_in_both_texts(analyst_client, world):
    call, s2 = world["call"], world["s2"]
    ru = call.sources.get(publisher=world["mfa_ru"])
    lavrov_in_ru = statement(  # after the others
        call, "Lavrov", world["lavrov"], world["rus"], source=ru, start=0, end=6
    )
    page = analyst_client.get(f"/events/{call.pk}/compare/").content.decode()
    assert f'<mark id="c-{s2.pk}" title="Sergey Lavrov (RUS)" class="span speaker-2"' in page
    assert (
        f'<mark id="c-{lavrov_in_ru.pk}" title="Sergey Lavrov (RUS)" class="span speaker-2"' in page
    )
    assert '<span class="swatch speaker-1" aria-hidden="true">WY</span> Wang Yi (CHN)' in page
