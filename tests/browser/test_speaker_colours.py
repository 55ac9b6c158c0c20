"""Each speaker's highlights in a source text: a colour of their own, their initials before
each span and a legend naming them, readable in light and dark."""

import pytest
from playwright.sync_api import expect

from tests.browser.colours import SHOWN_COLOURS, contrast

INITIALS = "mark => getComputedStyle(mark, '::before').content"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_two_speakers_are_highlighted_in_two_colours_with_a_legend(
    page, live_server, corpus, people, log_in, scheme
):
    log_in("alice")
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_server.url}/events/{corpus['call'].pk}/")
    legend = page.get_by_role("list", name="Highlights by speaker")
    expect(legend.get_by_role("listitem")).to_have_text(
        ["WY Wang Yi (CHN)", "SL Sergey Lavrov (RUS)"]
    )
    wang = page.locator("mark[title='Wang Yi (CHN)']").first
    lavrov = page.locator("mark[title='Sergey Lavrov (RUS)']").first
    wang_colours, lavrov_colours = wang.evaluate(SHOWN_COLOURS), lavrov.evaluate(SHOWN_COLOURS)
    assert wang_colours["background"] != lavrov_colours["background"]
    for shown in (wang_colours, lavrov_colours):
        assert contrast(shown["text"], shown["background"]) >= 4.5
    # Not the colour alone: the initials before each span, as in the legend.
    assert wang.evaluate(INITIALS).startswith('"WY"')
    assert lavrov.evaluate(INITIALS).startswith('"SL"')
    swatch = legend.locator(".swatch").nth(1)
    assert swatch.evaluate(SHOWN_COLOURS)["background"] == lavrov_colours["background"]
