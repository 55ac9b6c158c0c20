"""A readout's text as HTML with the statements' spans marked."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


def highlight_spans(text, spans):
    """`text` as safe HTML, each (start, end, attrs) span wrapped in <mark>. Spans that overlap
    an earlier one are clipped to where it ends; spans outside the text are skipped."""
    pieces, cursor = [], 0
    for start, end, attrs in sorted(spans, key=lambda s: (s[0], s[1])):
        start, end = max(start, cursor), min(end, len(text))
        if start >= end:
            continue
        pieces.append(escape(text[cursor:start]))
        attributes = mark_safe(  # noqa: S308 - every value is escaped by format_html
            "".join(format_html(' {}="{}"', key, value) for key, value in attrs.items())
        )
        pieces.append(format_html("<mark{}>{}</mark>", attributes, text[start:end]))
        cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(str(p) for p in pieces))  # noqa: S308 - built from escaped parts
