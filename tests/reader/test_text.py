import re

import pytest

from readouts.reader.text import (
    LAST_TOKEN,
    LOOK_BACK,
    MAX_BYTES,
    ReadoutError,
    View,
    _search_back,
    _word_before,
    decode,
    html_to_text,
    is_clutter,
    looks_like_html,
    split_sentences,
)


def test_utf8_with_and_without_bom_decodes_to_the_same_text():
    assert decode("Çavuşoğlu said".encode()) == decode(b"\xef\xbb\xbf" + "Çavuşoğlu said".encode())


def test_utf16_with_a_bom_decodes():
    assert decode("Wang Yi met Lavrov.".encode("utf-16")) == "Wang Yi met Lavrov."


def test_windows_line_endings_become_newlines():
    assert decode(b"Line one.\r\nLine two.\rLine three.") == "Line one.\nLine two.\nLine three."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"%PDF-1.7 binary", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"abc\x00\x01\x02def", "binary"),
        ("Déclaration".encode("latin-1"), "UTF-8"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(data, message):
    with pytest.raises(ReadoutError, match=message):
        decode(data)


def test_input_over_twenty_megabytes_is_refused():
    with pytest.raises(ReadoutError, match="20 MB"):
        decode(b"a" * (MAX_BYTES + 1))


def test_html_keeps_the_article_and_drops_navigation_scripts_and_share_bars():
    html = """<!doctype html><html><head><title>T</title><script>var x = 1;</script></head>
    <body><nav><a href="/">Home</a> &gt; News</nav>
    <h1>Wang Yi Holds Talks with Sergey Lavrov</h1>
    <p>On May 5, Foreign Minister Wang Yi held talks&nbsp;with Russian Foreign Minister
    Sergey Lavrov.</p><div class="share-bar">Share on Weibo</div>
    <p>Wang Yi said that&hellip; the two sides are friends.</p>
    <footer>Copyright</footer></body></html>"""
    text = html_to_text(html)
    assert "Wang Yi Holds Talks with Sergey Lavrov\n\nOn May 5" in text
    assert "var x" not in text and "Share on Weibo" not in text and "Copyright" not in text
    assert "Home" not in text
    assert "held talks\xa0with" in text


def test_html_is_recognised_and_plain_text_is_not():
    assert looks_like_html("<html><body><p>Text</p></body></html>")
    assert not looks_like_html("Wang Yi met Lavrov. The sides <agreed> on things.")


def test_the_view_maps_back_to_the_text_as_read_across_invisible_characters():
    original = "Ae\u200bgean \u201cquote\u201d and\u00a0more"
    view = View.of(original)
    assert view.text == 'Aegean "quote" and more'
    start = view.text.index('"quote"')
    s, e = view.span(start, start + len('"quote"'))
    assert original[s:e] == "\u201cquote\u201d"
    s, e = view.span(0, len("Aegean"))
    assert original[s:e] == "Ae\u200bgean"


def test_sentences_do_not_end_at_abbreviations_initials_or_list_numbers():
    text = (
        "1. Secretary Antony J. Blinken spoke with Mr. Abe at 6 p.m. on Jan. 5. "
        "The U.S. position is clear. He said so."
    )
    sentences = [s.text for s in split_sentences(text, 0, len(text), 0)]
    assert sentences == [
        "1. Secretary Antony J. Blinken spoke with Mr. Abe at 6 p.m. on Jan. 5.",
        "The U.S. position is clear.",
        "He said so.",
    ]


def test_sentences_of_a_long_paragraph_split_as_those_of_a_short_one():
    short = (
        "Secretary Antony J. Blinken spoke with Mr. Abe at 6 p.m. on Jan. 5. "
        "The U.S. position is clear. He said so. They met with U.S. Ambassador Burns. "
    )
    expected = [s.text for s in split_sentences(short, 0, len(short), 0)]
    long = short * 500  # 75,000 characters in one paragraph
    assert [s.text for s in split_sentences(long, 0, len(long), 0)] == expected * 500


def seen(match, group=0):
    return (match.group(group), match.start()) if match else None


@pytest.mark.parametrize("run", [1, LOOK_BACK - 1, LOOK_BACK, LOOK_BACK + 1, 3 * LOOK_BACK])
def test_the_look_back_before_a_full_stop_finds_what_a_search_of_all_before_it_finds(run):
    for text in (
        f"Talks with {'U.S' * run}. Next",
        f"He said {'x' * run}\n. Next",
        f"He said {'x' * run}  ). Next",
    ):
        dot = text.index(". Next")
        whole = re.search(r"[\w.]+$", text[:dot])
        assert seen(_search_back(LAST_TOKEN, text, dot)) == seen(whole)
    for text in (f"met with {'x' * run} U.S", f"met with{' ' * run}U.S", f"{' ' * run}U.S"):
        end = text.index("U.S")
        whole = re.search(r"(\w+)\s*$", text[:end])
        assert seen(_word_before(text, end)) == seen(whole, 1)


def test_a_quote_of_several_sentences_stays_one_sentence():
    text = '"We will act. We will not wait," he said. They agreed.'
    sentences = [s.text for s in split_sentences(text, 0, len(text), 0)]
    assert sentences == ['"We will act. We will not wait," he said.', "They agreed."]


@pytest.mark.parametrize(
    "line",
    [
        "Home > China News",
        "Suggest To Friend:",
        "Additional materials",
        "  • en-GB1 ru-RU1",
        "Дополнительные инструменты поиска",
        "Share this page",
        "The following is attributable to Spokesperson Ned Price:",
        "Photo: © European Union, 2025",
        "Back to Japan-Russia Relations",
    ],
)
def test_page_clutter_is_recognised(line):
    assert is_clutter(line)


def test_a_sentence_of_the_readout_is_not_clutter():
    assert not is_clutter("Wang Yi said that China and Brazil are partners.")


def test_hard_wrapped_lines_are_joined_into_their_paragraph():
    from readouts.reader.text import paragraphs

    text = (
        "Wang Yi Holds Talks with Ana Ruiz\n\n"
        "On May 3, 2024, Member of the Political Bureau of the CPC Central Committee\n"
        "and Foreign Minister Wang Yi held talks with Chilean Foreign Minister Ana\n"
        "Ruiz in Beijing. Wang Yi said that China and Chile are good friends and\n"
        "Partners who trust each other.\n"
        "Ruiz said that Chile is ready."
    )
    found = [p.text for p in paragraphs(text)]
    assert found[0] == "Wang Yi Holds Talks with Ana Ruiz"
    assert found[1].startswith("On May 3") and found[1].endswith("trust each other.")
    assert found[2] == "Ruiz said that Chile is ready."
