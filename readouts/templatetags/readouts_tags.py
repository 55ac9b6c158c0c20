from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from readouts.filters import MARK_START, MARK_STOP

register = template.Library()


@register.filter
def snippet_html(snippet):
    """A search snippet from ts_headline as safe HTML: the statement text is escaped, and only
    the markers PostgreSQL put around the matched words become <mark>."""
    escaped = escape(snippet)
    return mark_safe(  # noqa: S308 - the text is escaped; only our markers become tags
        escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    )


@register.simple_tag(takes_context=True)
def with_param(context, name, value, remove=False):
    """The current query string with one parameter value added (or removed), page reset."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    values = [v for v in query.getlist(name) if v != str(value)]
    if not remove:
        values.append(str(value))
    query.setlist(name, values)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def thousands(value):
    """A count with its thousands grouped, 87,638: the way the portal writes numbers (English
    usage), and cheaper than localising each of the hundreds a list page shows."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return value
