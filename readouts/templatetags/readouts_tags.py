from django import template
from django.template import engines
from django.template.defaultfilters import capfirst, date
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from jinja2 import Environment

from readouts.browse.filters import MARK_START, MARK_STOP
from readouts.choices import EventKind, StatementMode

register = template.Library()


@register.filter
def snippet_html(snippet):
    """A search snippet from ts_headline as safe HTML: the statement text is escaped, and only
    the markers PostgreSQL put around the matched words become <mark>."""
    marked = escape(snippet).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(marked)  # noqa: S308 - escaped but for our markers


@register.filter
def thousands(value):
    """A count with its thousands grouped, 87,638: the way the portal writes numbers (English
    usage), and cheaper than localising each of the hundreds a list page shows."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return value


# The list pages' long loops (their rows, facets, timeline and topics over time: hundreds of
# values) are written by Django's Jinja2 backend, several times faster than by the Django
# template language: templates/jinja2/, rendered in place by the `jinja` tag, with the same
# filters.


def url(viewname, *args):
    return reverse(viewname, args=args)


def jinja_environment(**options):
    """The environment of the Jinja2 backend (settings.TEMPLATES)."""
    env = Environment(**options)  # noqa: S701 - Django's backend turns autoescape on
    env.filters.update(capfirst=capfirst, date=date, snippet_html=snippet_html, thousands=thousands)
    env.globals.update(url=url, kinds=dict(EventKind.choices), modes=dict(StatementMode.choices))
    return env


@register.simple_tag(takes_context=True)
def jinja(context, template_name, **values):
    """The Jinja2 partial `template_name` (templates/jinja2/) rendered with this template's
    context and `values`."""
    partial = engines["jinja2"].get_template(template_name)
    html = partial.render({**context.flatten(), **values}, context.get("request"))
    return mark_safe(html)  # noqa: S308 - Jinja2 escapes what it writes (autoescape)
