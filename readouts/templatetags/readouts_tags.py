import functools

from django import template
from django.utils.safestring import mark_safe

from readouts import fragments

register = template.Library()


@register.filter
def snippet_html(snippet):
    """A search snippet from ts_headline as safe HTML: the statement text is escaped, and only
    the markers PostgreSQL put around the matched words become <mark>."""
    return mark_safe(fragments.snippet_html(snippet))  # noqa: S308 - escaped but for our markers


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


# The long loops of the list pages, written in one pass by readouts/fragments.py (escaped there):
# each a tag of the fragment's own name and arguments.
def html_tag(fragment):
    @functools.wraps(fragment)
    def tag(*args, **kwargs):
        # A page's rows written ahead by this fragment (pagination.Windowed.prefetch).
        written = getattr(args[0], "written", None) if args and not kwargs else None
        if written is not None and written[0] is fragment:
            return mark_safe(written[1])  # noqa: S308 - escaped by the fragment
        return mark_safe(fragment(*args, **kwargs))  # noqa: S308 - escaped by the fragment

    return register.simple_tag(tag)


for _fragment in (
    fragments.facets_nav,
    fragments.timeline,
    fragments.topic_heat,
    fragments.pagination,
    fragments.facet_items,
    fragments.timeline_bars,
    fragments.heat_cells,
    fragments.statement_items,
    fragments.event_rows,
    fragments.form_field,
):
    html_tag(_fragment)  # fmt: skip


# What of a list page waits for its counts (the facets, the total, the timeline), marked by
# {% counted %}: while they are being counted (readouts/views.py, counted_later in the context),
# the rest of the page is written and these parts are left as markers, written once the counts
# have come (views.fill_counted); otherwise they are written in place.
@register.tag
def counted(parser, token):
    nodelist = parser.parse(("endcounted",))
    parser.delete_first_token()
    return CountedNode(nodelist)


class CountedNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        later = context.get("counted_later")
        if later is None:
            return self.nodelist.render(context)
        later.parts.append((self.nodelist, context.flatten()))
        return later.marker(len(later.parts) - 1)
