from django import template
from django.template import engines
from django.utils.html import escape
from django.utils.safestring import mark_safe

from readouts.browse.filters import MARK_START, MARK_STOP

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


@register.simple_tag(takes_context=True)
def jinja(context, template_name, **values):
    """The Jinja2 partial `template_name` (templates/jinja2/, readouts/jinja2.py) rendered with
    this template's context and `values`."""
    partial = engines["jinja2"].get_template(template_name)
    html = partial.render({**context.flatten(), **values}, context.get("request"))
    return mark_safe(html)  # noqa: S308 - Jinja2 escapes what it writes (autoescape)
