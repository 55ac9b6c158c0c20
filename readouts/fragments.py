"""The parts of the list pages written in Python: the facets, the timeline, the topics over
time, the pagination, and the rows of a page.

A `{% for %}` loop resolves every `{{ v.url }}` or `{% if v.selected %}` through the template
engine's lookups, and each `get_absolute_url` calls reverse(): thousands of them on the first
visit of a filter, most of the time a page took beyond its queries. These functions write the
same HTML in one pass, escaped as the template would escape it. The parts that wait for a
list's counts (the facets, the timeline, the topics over time, the pagination: `{% counted %}`
in the list templates) are written once the counts come, while the page waits: each is one
function, not a template of its own (a dozen template lookups and includes cost more than the
whole part written here). The templates call them through the tags in
templatetags/readouts_tags.py.
"""

import datetime
import re

from django import forms
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import join
from django.urls import reverse
from django.utils import formats
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.html import escape
from django.utils.text import capfirst

from .facets import MAX_VALUES
from .filters import MARK_START, MARK_STOP
from .html import esc


def number(value):
    """A number as {{ value }} writes it outside {% localize off %}."""
    if settings.USE_THOUSAND_SEPARATOR or not isinstance(value, int):
        return esc(formats.localize(value))
    return str(value)


def plain_number(value):
    """A number as {{ value }} writes it inside {% localize off %}."""
    text = str(value)
    if isinstance(value, float) and "e" in text.lower():
        return esc(formats.localize(value, use_l10n=False))
    return text


def thousands(value):
    """As the |thousands filter writes it."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return esc(value)


def iso_date(value):
    """As |date:"Y-m-d" writes it."""
    if type(value) is datetime.date:
        return value.isoformat()
    return esc(date_filter(value, "Y-m-d"))


SLUG = re.compile(r"[-a-zA-Z0-9_]+")
STAND_IN = {int: 987654321, str: "stand-in-slug"}


class Reverser:
    """obj.get_absolute_url() for many objects of one kind, escaped, with one reverse(): the
    URL of a stand-in argument, which each object's own replaces. An argument that would need
    quoting, or that its pattern would refuse, goes through get_absolute_url() itself."""

    def __init__(self, viewname, attribute, kind):
        stand_in = str(STAND_IN[kind])
        url = reverse(viewname, args=[STAND_IN[kind]])
        head, found, tail = url.partition(stand_in)
        self.attribute, self.kind = attribute, kind
        self.ready = bool(found) and stand_in not in tail
        self.head, self.tail = esc(head), esc(tail)

    def __call__(self, obj):
        arg = getattr(obj, self.attribute)
        if self.ready:
            if self.kind is int and type(arg) is int and arg >= 0:
                return f"{self.head}{arg}{self.tail}"
            if self.kind is str and type(arg) is str and SLUG.fullmatch(arg):
                return f"{self.head}{arg}{self.tail}"
        return esc(obj.get_absolute_url())


def actor_url():
    return Reverser("readouts:actor_detail", "slug", str)


def topic_url():
    return Reverser("readouts:topic_detail", "slug", str)


def event_url():
    return Reverser("readouts:event_detail", "pk", int)


def statement_url():
    return Reverser("readouts:statement_detail", "pk", int)


def facet_items(values, titled=True, indent="      "):
    """The <li> of each facet value: `titled` for the values shown at once (their links say
    what a click does), not for those behind "more"."""
    out = []
    for v in values:
        if v.selected:
            li, check = ' class="selected"', "✓ "
            title = ' aria-current="true" title="Remove this filter"' if titled else ""
        else:
            li, check = "", ""
            title = ' title="Add this filter"' if titled else ""
        out.append(
            f'\n{indent}<li{li}><a href="{esc(v.url)}"{title}><span class="facet-label">{check}'
            f'{esc(v.label)}</span> <span class="facet-count">{thousands(v.count)}</span></a>'
            f"</li>\n{indent}"
        )
    return "".join(out)


def facets_nav(facets, estimated=False):
    """The sidebar's facets (each value a link that adds or removes it), or nothing."""
    if not facets:
        return ""
    help_ = (
        '<p class="help">So many rows match that these counts are estimated from a sample of '
        "them.</p>"
        if estimated
        else ""
    )
    out = [
        '\n<nav class="facets" aria-label="Facets: counts for the current filter">\n'
        f'  <h2 class="facets-title">Narrow down</h2>\n  {help_}\n  '
    ]
    for facet in facets:
        name, values = esc(facet.name), facet.values
        shown, more = values[:MAX_VALUES], values[MAX_VALUES:]
        out.append(
            f'\n  <section class="facet" aria-labelledby="facet-{name}">\n'
            f'    <h3 id="facet-{name}">{esc(facet.title)}</h3>\n'
            f"    <ul>\n      {facet_items(shown)}\n    </ul>\n    "
        )
        if more:
            out.append(
                f"\n    <details>\n      <summary>{len(more)} more</summary>\n"
                f"      <ul>\n        {facet_items(more, titled=False, indent='        ')}\n"
                "      </ul>\n    </details>\n    "
            )
        out.append("\n  </section>\n  ")
    out.append("\n</nav>\n")
    return "".join(out)


def month_year(day, short=False):
    """As |date:"F Y" (|date:"M Y" if `short`) writes a date: without making a formatter."""
    if type(day) is not datetime.date or day.year < 1000:
        return esc(date_filter(day, "M Y" if short else "F Y"))
    name = str(MONTHS_3[day.month]).title() if short else str(MONTHS[day.month])
    return f"{esc(name)} {day.year}"


def timeline(months, noun, estimated=False):
    """The timeline of a list (or of a pair's events): a bar per month, or nothing."""
    if not months or not months.get("bars"):
        return ""
    first, last = months["first"], months["last"]
    about = "about " if estimated else ""
    return (
        '\n<figure class="timeline">\n'
        f"  <figcaption>{esc(capfirst(noun))}s per month, {month_year(first)} – "
        f'{month_year(last)} <span class="muted">(click a bar to narrow to that '
        f"month; the busiest month has {about}{thousands(months['peak'])})</span></figcaption>\n"
        '  <svg viewBox="0 0 100 64" preserveAspectRatio="none" role="group" '
        f'aria-label="Timeline of the {esc(noun)}s by month">\n'
        f"    {timeline_bars(months)}\n"
        "  </svg>\n"
        '  <div class="timeline-axis" aria-hidden="true">'
        f"<span>{month_year(first, short=True)}</span>"
        f"<span>{month_year(last, short=True)}</span></div>\n"
        "</figure>\n"
    )


def topic_heat(heat):
    """The most frequent topics over time (facets.heat_table), or nothing."""
    if not heat:
        return ""
    period = "month" if heat["by_month"] else "year"
    heads = "".join(f'<th scope="col">{esc(p)}</th>' for p in heat["periods"])
    topic = topic_url()
    rows = "".join(
        "\n      <tr>\n"
        f'        <th scope="row"><a href="{topic(row["topic"])}">{esc(row["topic"].name)}</a>'
        "</th>\n"
        f"        {heat_cells(row['cells'])}\n"
        f'        <td class="num">{thousands(row["total"])}</td>\n'
        "      </tr>\n      "
        for row in heat["rows"]
    )
    return (
        '\n<details class="heat" >\n'
        f'  <summary>Topics over time <span class="muted">(the {len(heat["rows"])} most '
        f"frequent topics, per {period})</span></summary>\n"
        '  <div class="heat-scroll">\n  <table>\n'
        f'    <caption class="visually-hidden">Statements per topic and {period}</caption>\n'
        f'    <thead><tr><th scope="col">Topic</th>{heads}<th scope="col" class="num">All</th>'
        "</tr></thead>\n"
        f"    <tbody>\n      {rows}\n    </tbody>\n"
        "  </table>\n  </div>\n</details>\n"
    )


def pagination(page, paginator, query):
    """The links to the first, previous and next pages, or nothing when there is one."""
    if not page or paginator.num_pages <= 1:
        return ""
    base = f"?{esc(query)}&amp;" if query else "?"
    out = ['\n<nav class="pagination" aria-label="Pages">\n  ']
    if page.has_previous():
        out.append(
            f'\n  <a href="{base}page=1">« First</a>\n'
            f'  <a href="{base}page={number(page.previous_page_number())}" rel="prev">'
            "‹ Previous</a>\n  "
        )
    about = "about " if not paginator.exact else ""
    out.append(
        f"\n  <span>Page {number(page.number)} of {about}{thousands(paginator.num_pages)}</span>\n  "
    )
    if page.has_next():
        out.append(
            f'\n  <a href="{base}page={number(page.next_page_number())}" rel="next">Next ›</a>\n  '
        )
    out.append("\n</nav>\n")
    return "".join(out)


def timeline_bars(months):
    """The timeline's bars with rows, each a link to its month (in {% localize off %})."""
    width = plain_number(months["width"])
    out = []
    for bar in months["bars"]:
        if bar.count:
            label = esc(bar.label)
            out.append(
                f'<a href="{esc(bar.url)}" tabindex="-1" aria-label="{label}"><rect '
                f'x="{plain_number(bar.x)}" y="{plain_number(bar.y)}" width="{width}" '
                f'height="{plain_number(bar.height)}"><title>{label}</title></rect></a>'
            )
    return "".join(out)


def heat_cells(cells):
    """The cells of one topic's row of the topics over time (in {% localize off %})."""
    out = []
    for cell in cells:
        link = (
            f'<a href="{esc(cell["url"])}">{thousands(cell["count"])}</a>' if cell["count"] else ""
        )
        out.append(f'<td style="--shade: {plain_number(cell["shade"])}">{link}</td>')
    return "".join(out)


def snippet_html(snippet):
    """A search snippet from ts_headline as safe HTML: the statement text is escaped, and only
    the markers PostgreSQL put around the matched words become <mark>."""
    return escape(snippet).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")


def listed(related):
    """A row's related records: a list (rows.py) or a prefetched manager (model instances)."""
    return related if isinstance(related, list) else related.all()


def statement_items(rows):
    """The <li> of each statement of a page."""
    actor, topic, statement, event = actor_url(), topic_url(), statement_url(), event_url()
    out = []
    for s in rows:
        speaker, side = s.speaker, s.side
        if s.mode == "joint":
            who = '<span class="speaker">Both sides</span>\n          '
        elif speaker:
            who = f'<a class="speaker" href="{actor(speaker)}">{esc(speaker.name)}</a>\n          '
        elif side:
            who = f'<a class="speaker" href="{actor(side)}">{esc(side.name)}</a>'
        else:
            who = ""
        code = f'<span class="code">{esc(side.code or side.name)}</span>' if side else ""
        snippet = getattr(s, "snippet", None)
        quote = snippet_html(snippet) if snippet else esc(s.text)
        tags = "".join(
            f'<a class="tag" href="{topic(t)}">{esc(t.name)}</a>' for t in listed(s.topics)
        )
        out.append(
            '\n      <li class="statement">\n        <div class="who">\n'
            f"          {who}\n"
            f"          {code}\n"
            f'          <span class="muted">{esc(str(s.get_mode_display()).lower())}</span>\n'
            "        </div>\n"
            f"        <blockquote>{quote}</blockquote>\n"
            '        <div class="meta">\n'
            f'          <a href="{statement(s)}">Statement #{number(s.pk)}</a> ·\n'
            f'          <span class="date">{iso_date(s.occurred_on)}</span> ·\n'
            f'          <a href="{event(s.event)}">{esc(s.event.title)}</a>\n'
            f"          {tags}\n"
            "        </div>\n"
            "      </li>\n      "
        )
    return "".join(out)


def event_rows(rows):
    """The <tr> of each event of a page."""
    actor, event = actor_url(), event_url()
    statements = esc(reverse("readouts:statement_list"))
    out = []
    for e in rows:
        precision = (
            f'<span class="muted"> ({esc(e.date_precision)})</span>'
            if e.date_precision != "day"
            else ""
        )
        location = f"· {esc(e.location)}" if e.location else ""
        sources = "".join(f"· {esc(source.publisher.name)}" for source in listed(e.sources))
        draft = '<span class="tag draft">Draft</span>' if e.status != "published" else ""
        people = "; ".join(
            f'<a href="{actor(p.actor)}">{esc(p.actor.name)}</a>'
            + (f' <span class="code">{esc(p.side.code or p.side.name)}</span>' if p.side else "")
            for p in listed(e.participants)
        )
        out.append(
            "\n      <tr>\n"
            f'        <td class="date">{iso_date(e.occurred_on)}{precision}</td>\n'
            "        <td>\n"
            f'          <a href="{event(e)}">{esc(e.title)}</a>\n'
            f'          <div class="meta"><span class="tag kind-{esc(e.kind)}">'
            f"{esc(e.get_kind_display())}</span>\n"
            f"            {location}\n"
            f"            {sources}\n"
            f"            {draft}</div>\n"
            "        </td>\n"
            f"        <td>{people}</td>\n"
            f'        <td class="num"><a href="{statements}?event={number(e.pk)}">'
            f"{number(e.statement_total)}</a></td>\n"
            "      </tr>\n      "
        )
    return "".join(out)


def value_html(value):
    """{{ value }} for a string or an object written as its str() (escaped unless safe)."""
    return esc(value if isinstance(value, str) else str(value))


def stable_choices(field):
    """The field's options depend on nothing but the data: fixed choices, or the records of
    the labels (filters.LABELLED), which are every reader's."""
    if not hasattr(field.widget, "choices"):  # a text box: nothing worth keeping
        return False
    if getattr(field, "labelled", None) is not None:
        return True
    return isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField)


def kept_html(field, make):
    """make(): the bound field's widget written out. For a list of options that depend on
    nothing but the data (a hundred topics, the publishers, the kinds), kept in the process
    for the data version, by field and value: most first visits leave them as they were."""
    if field.errors or not stable_choices(field.field):
        return make()
    from .cache import per_version

    key = ("widget", field.html_name, field.auto_id, field.widget_type, repr(field.value()))
    return per_version(key, make)


def form_field(field):
    """includes/form_field.html for one bound field of the filter form (a dozen includes of a
    template on every first visit of a list)."""
    errors = field.errors
    error = (
        f'<div class="error" role="alert">{join(errors, " ", autoescape=True)}</div>'
        if errors
        else ""
    )
    label = value_html(field.label)
    if field.widget_type == "checkboxselectmultiple":
        boxes = kept_html(field, lambda: "".join(
            f'<label class="check">{value_html(box.tag())} {value_html(box.choice_label)}</label>'
            for box in field
        ))  # fmt: skip
        return (
            f'\n<fieldset class="field">\n  <legend>{label}</legend>\n  {boxes}\n  {error}\n'
            "</fieldset>\n\n"
        )
    invalid = " invalid" if errors else ""
    return (
        f'\n<div class="field{invalid}">\n  <label for="{value_html(field.id_for_label)}">'
        f"{label}</label>\n  {kept_html(field, lambda: value_html(field))}\n  {error}\n</div>\n\n"
    )
