"""A readout's text as HTML with the statements' spans marked, each speaker in a colour of
their own."""

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from ..choices import StatementMode

# The speakers' colours, in turn: .speaker-1 to .speaker-6 in static/css/portal.css, light and
# dark. Past six speakers the colours come round again; their initials still tell them apart.
PALETTE = 6


@dataclass(frozen=True)
class Speaker:
    """One speaker of a text's highlights, as its legend shows them."""

    label: str
    colour: int  # 1 to PALETTE
    initials: str


def speakers(statements, key):
    """{key(statement): Speaker} for `statements`, in order of first appearance: each with
    the next colour and their initials ("WY"; "WY2" for a second Wang Yi)."""
    found, taken = {}, set()
    for statement in statements:
        k = key(statement)
        if k in found:
            continue
        initials = base = initials_of(statement)
        n = 1
        while initials in taken:
            n += 1
            initials = f"{base}{n}"
        taken.add(initials)
        found[k] = Speaker(statement.speaker_label, len(found) % PALETTE + 1, initials)
    return found


def initials_of(statement):
    """A statement's speaker in two letters: the person's (or the side's) first and last
    names' initials, the first two letters of a one-word name; "Both" for a joint one."""
    if statement.mode == StatementMode.JOINT:
        return "Both"
    words = str(statement.speaker or statement.side or "?").split()
    if len(words) == 1:
        return words[0][:2].title()
    return (words[0][0] + words[-1][0]).upper()


def speaker_span(statement, speaker, id_prefix):
    """A statement's span for highlight_spans(), in its speaker's colour."""
    attrs = {
        "id": f"{id_prefix}-{statement.pk}",
        "title": speaker.label,
        "class": f"span speaker-{speaker.colour}",
        "data-who": speaker.initials,
    }
    return statement.start, statement.end, attrs, speaker.label


def highlight_spans(text, spans):
    """`text` as safe HTML, each (start, end, attrs[, label]) span wrapped in <mark>; a label
    (who speaks) goes before its mark for screen readers, hidden on screen and from copies.
    Spans that overlap an earlier one are clipped to where it ends; spans outside the text are
    skipped."""
    pieces, cursor = [], 0
    for start, end, attrs, *label in sorted(spans, key=lambda s: (s[0], s[1])):
        start, end = max(start, cursor), min(end, len(text))
        if start >= end:
            continue
        pieces.append(escape(text[cursor:start]))
        if label:
            pieces.append(format_html('<span class="visually-hidden who">{}: </span>', label[0]))
        attributes = mark_safe(  # noqa: S308 - every value is escaped by format_html
            "".join(format_html(' {}="{}"', key, value) for key, value in attrs.items())
        )
        pieces.append(format_html("<mark{}>{}</mark>", attributes, text[start:end]))
        cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(str(p) for p in pieces))  # noqa: S308 - built from escaped parts
