"""The Jinja2 environment of the list pages' hot partials (templates/jinja2/): their rows, facets,
timeline and topics over time, loops of hundreds of values that Jinja2 writes several times
faster than the Django template language. They are rendered inside the Django templates by
the `jinja` tag (templatetags/readouts_tags.py), with the same filters."""

from django.template.defaultfilters import capfirst, date
from django.urls import reverse
from jinja2 import Environment

from .choices import EventKind, StatementMode
from .templatetags.readouts_tags import snippet_html, thousands


def url(viewname, *args):
    return reverse(viewname, args=args)


def environment(**options):
    env = Environment(**options)  # noqa: S701 - Django's backend turns autoescape on
    env.filters.update(capfirst=capfirst, date=date, snippet_html=snippet_html, thousands=thousands)
    env.globals.update(url=url, kinds=dict(EventKind.choices), modes=dict(StatementMode.choices))
    return env
