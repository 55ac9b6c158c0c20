"""Escaping for the HTML the list pages write in Python (fragments.py, widgets.py)."""

from html import escape as html_escape

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString


def esc(value):
    """conditional_escape(value): the same SafeString, without its lazy-text and __html__
    checks for a plain str, which most values are (a first visit escapes thousands)."""
    if type(value) is str:
        return SafeString(html_escape(value))
    return conditional_escape(value)
