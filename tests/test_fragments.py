"""The list pages' long loops and the parts that wait for their counts, written in Python
(readouts/fragments.py), write the very HTML the template loops and includes they replaced
wrote: those are kept here as the reference."""

import datetime

import pytest
from django.template import Context, Template

from readouts import cache as readouts_cache
from readouts import fragments
from readouts import rows as rows_module
from readouts.choices import ActorKind, DatePrecision, EventKind, StatementMode, Status
from readouts.models import Actor
from tests.factories import event, person, publisher, source, statement, topic

LOOPS = {
    "facets_shown": """{% load readouts_tags %}{% for v in values %}
      <li{% if v.selected %} class="selected"{% endif %}><a href="{{ v.url }}" {% if v.selected %}aria-current="true" title="Remove this filter"{% else %}title="Add this filter"{% endif %}><span class="facet-label">{% if v.selected %}✓ {% endif %}{{ v.label }}</span> <span class="facet-count">{{ v.count|thousands }}</span></a></li>
      {% endfor %}""",
    "facets_more": """{% load readouts_tags %}{% for v in values %}
        <li{% if v.selected %} class="selected"{% endif %}><a href="{{ v.url }}"><span class="facet-label">{% if v.selected %}✓ {% endif %}{{ v.label }}</span> <span class="facet-count">{{ v.count|thousands }}</span></a></li>
        {% endfor %}""",
    "timeline": """{% load l10n %}{% localize off %}{% for bar in months.bars %}{% if bar.count %}<a href="{{ bar.url }}" tabindex="-1" aria-label="{{ bar.label }}"><rect x="{{ bar.x }}" y="{{ bar.y }}" width="{{ months.width }}" height="{{ bar.height }}"><title>{{ bar.label }}</title></rect></a>{% endif %}{% endfor %}{% endlocalize %}""",
    "heat": """{% load readouts_tags l10n %}{% localize off %}{% for cell in cells %}<td style="--shade: {{ cell.shade }}">{% if cell.count %}<a href="{{ cell.url }}">{{ cell.count|thousands }}</a>{% endif %}</td>{% endfor %}{% endlocalize %}""",
    "statements": """{% load readouts_tags %}{% for s in rows %}
      <li class="statement">
        <div class="who">
          {% if s.mode == "joint" %}<span class="speaker">Both sides</span>
          {% elif s.speaker %}<a class="speaker" href="{{ s.speaker.get_absolute_url }}">{{ s.speaker.name }}</a>
          {% elif s.side %}<a class="speaker" href="{{ s.side.get_absolute_url }}">{{ s.side.name }}</a>{% endif %}
          {% if s.side %}<span class="code">{{ s.side.code|default:s.side.name }}</span>{% endif %}
          <span class="muted">{{ s.get_mode_display|lower }}</span>
        </div>
        <blockquote>{% if s.snippet %}{{ s.snippet|snippet_html }}{% else %}{{ s.text }}{% endif %}</blockquote>
        <div class="meta">
          <a href="{{ s.get_absolute_url }}">Statement #{{ s.pk }}</a> ·
          <span class="date">{{ s.occurred_on|date:"Y-m-d" }}</span> ·
          <a href="{{ s.event.get_absolute_url }}">{{ s.event.title }}</a>
          {% for t in s.topics.all %}<a class="tag" href="{{ t.get_absolute_url }}">{{ t.name }}</a>{% endfor %}
        </div>
      </li>
      {% endfor %}""",
    "events": """{% for event in rows %}
      <tr>
        <td class="date">{{ event.occurred_on|date:"Y-m-d" }}{% if event.date_precision != "day" %}<span class="muted"> ({{ event.date_precision }})</span>{% endif %}</td>
        <td>
          <a href="{{ event.get_absolute_url }}">{{ event.title }}</a>
          <div class="meta"><span class="tag kind-{{ event.kind }}">{{ event.get_kind_display }}</span>
            {% if event.location %}· {{ event.location }}{% endif %}
            {% for source in event.sources.all %}· {{ source.publisher.name }}{% endfor %}
            {% if event.status != "published" %}<span class="tag draft">Draft</span>{% endif %}</div>
        </td>
        <td>{% for p in event.participants.all %}<a href="{{ p.actor.get_absolute_url }}">{{ p.actor.name }}</a>{% if p.side %} <span class="code">{{ p.side.code|default:p.side.name }}</span>{% endif %}{% if not forloop.last %}; {% endif %}{% endfor %}</td>
        <td class="num"><a href="{% url 'readouts:statement_list' %}?event={{ event.pk }}">{{ event.statement_total }}</a></td>
      </tr>
      {% endfor %}""",
}


# The templates of the parts that wait for a list's counts, replaced by fragments.
PARTS = {
    "facets_nav": """{% load readouts_tags %}{% load l10n %}{% if facets %}
<nav class="facets" aria-label="Facets: counts for the current filter">{% localize off %}
  <h2 class="facets-title">Narrow down</h2>
  {% if facets_estimated %}<p class="help">So many rows match that these counts are estimated from a sample of them.</p>{% endif %}
  {% for facet in facets %}
  <section class="facet" aria-labelledby="facet-{{ facet.name }}">
    <h3 id="facet-{{ facet.name }}">{{ facet.title }}</h3>
    <ul>
      {% facet_items facet.shown %}
    </ul>
    {% if facet.more %}
    <details>
      <summary>{{ facet.more|length }} more</summary>
      <ul>
        {% facet_items facet.more titled=False indent="        " %}
      </ul>
    </details>
    {% endif %}
  </section>
  {% endfor %}
{% endlocalize %}</nav>
{% endif %}""",
    "timeline_part": """{% load readouts_tags %}{% load l10n %}{% if months.bars %}
<figure class="timeline">
  <figcaption>{{ noun|capfirst }}s per month, {{ months.first|date:"F Y" }} – {{ months.last|date:"F Y" }} <span class="muted">(click a bar to narrow to that month; the busiest month has {% if facets_estimated %}about {% endif %}{{ months.peak|thousands }})</span></figcaption>
  {% localize off %}<svg viewBox="0 0 100 64" preserveAspectRatio="none" role="group" aria-label="Timeline of the {{ noun }}s by month">
    {% timeline_bars months %}
  </svg>{% endlocalize %}
  <div class="timeline-axis" aria-hidden="true"><span>{{ months.first|date:"M Y" }}</span><span>{{ months.last|date:"M Y" }}</span></div>
</figure>
{% endif %}""",
    "topic_heat": """{% load readouts_tags %}{% load l10n %}{% if heat %}
<details class="heat" {% if heat_open %}open{% endif %}>
  <summary>Topics over time <span class="muted">(the {{ heat.rows|length }} most frequent topics, per {% if heat.by_month %}month{% else %}year{% endif %})</span></summary>
  <div class="heat-scroll">
  <table>
    <caption class="visually-hidden">Statements per topic and {% if heat.by_month %}month{% else %}year{% endif %}</caption>
    <thead><tr><th scope="col">Topic</th>{% for p in heat.periods %}<th scope="col">{{ p }}</th>{% endfor %}<th scope="col" class="num">All</th></tr></thead>
    <tbody>{% localize off %}
      {% for row in heat.rows %}
      <tr>
        <th scope="row"><a href="{{ row.topic.get_absolute_url }}">{{ row.topic.name }}</a></th>
        {% heat_cells row.cells %}
        <td class="num">{{ row.total|thousands }}</td>
      </tr>
      {% endfor %}
    {% endlocalize %}</tbody>
  </table>
  </div>
</details>
{% endif %}""",
    "pagination": """{% load readouts_tags %}{% if page and paginator.num_pages > 1 %}
<nav class="pagination" aria-label="Pages">
  {% if page.has_previous %}
  <a href="?{% if query %}{{ query }}&amp;{% endif %}page=1">« First</a>
  <a href="?{% if query %}{{ query }}&amp;{% endif %}page={{ page.previous_page_number }}" rel="prev">‹ Previous</a>
  {% endif %}
  <span>Page {{ page.number }} of {% if not paginator.exact %}about {% endif %}{{ paginator.num_pages|thousands }}</span>
  {% if page.has_next %}
  <a href="?{% if query %}{{ query }}&amp;{% endif %}page={{ page.next_page_number }}" rel="next">Next ›</a>
  {% endif %}
</nav>
{% endif %}""",
}


def part(name, **context):
    return Template(PARTS[name]).render(Context(context))


def loop(name, **context):
    return Template(LOOPS[name]).render(Context(context))


def as_models(rows):
    """The records of a page's rows as model instances, read the way the pages read them
    before rows.py, in the same order, with the rows' snippet and statement count."""
    from django.db.models import Prefetch

    from readouts.models import Event, Participant, Source, Statement

    ids = [row.pk for row in rows]
    if isinstance(rows[0], rows_module.StatementRow):
        found = Statement.objects.select_related("speaker", "side", "event").prefetch_related(
            "topics"
        )
    else:
        found = Event.objects.prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("actor", "side").order_by(
                    "order", "id"
                ),
            ),
            Prefetch("sources", queryset=Source.objects.select_related("publisher")),
        )
    found = found.in_bulk(ids)
    out = []
    for row in rows:
        record = found[row.pk]
        for name in ("snippet", "statement_total"):
            if hasattr(row, name):
                setattr(record, name, getattr(row, name))
        out.append(record)
    return out


@pytest.fixture
def awkward(world):
    """Records that take every branch of the loops, with text that needs escaping."""
    tricky = Actor.objects.create(kind=ActorKind.ORGANISATION, name="<Quartet> & \"friends\" 'n'")
    nameless = Actor.objects.create(kind=ActorKind.ORGANISATION, name="Union & <co>")  # no code
    spokes = person("O'Brien <spokes>", world["chn"])
    fish = topic("fish-stocks", "Fish & <stocks>")
    vague = event(
        "Talks \"on\" <fish> & 'stocks'",
        datetime.date(1987, 3, 1),
        kind=EventKind.MEETING,
        status=Status.DRAFT,
        participants=[(spokes, world["chn"]), (tricky, None), (world["wang"], nameless)],
        location="Oslo & <Bergen>",
        date_precision=DatePrecision.MONTH,
    )
    source(vague, "one text", publisher("Ministry <of> & 'Fish'"))
    source(vague, "another text", publisher("Second & co"), url="https://example.org/2")
    statement(vague, "No speaker, a side: <b>bold</b> & more", None, nameless, topics=[fish])
    statement(vague, "Nobody at all 'spoke' \"this\"", None, None)
    statement(vague, "Both <sides>", mode=StatementMode.JOINT, topics=[fish, world["trade"]])
    statement(vague, "Spokes said", spokes, tricky, mode=StatementMode.DIRECT_QUOTE)
    return world


@pytest.mark.parametrize(
    "url",
    [
        "/statements/",
        "/statements/?q=trade",
        "/statements/?country=CHN&country=RUS&topic=fish-stocks&topic=trade",
        "/statements/?date_after=2023-01-01&date_before=2023-12-31&kind=phone_call",
        "/events/",
        "/events/?country=CHN&date_after=1900-01-01",
    ],
)
def test_fragments_write_what_the_template_loops_wrote(editor_client, awkward, url, settings):
    settings.PAGE_SIZE = 50
    context = editor_client.get(url).context
    rows = list(context["rows"])
    assert rows
    # The page's rows (tuples named from the labels, rows.py) write what the loops wrote of
    # the same records read as model instances, with their relations.
    if url.startswith("/statements/"):
        assert fragments.statement_items(rows) == loop("statements", rows=as_models(rows))
    else:
        assert fragments.event_rows(rows) == loop("events", rows=as_models(rows))
    assert context["facets"]
    for facet in context["facets"]:
        assert fragments.facet_items(facet.values) == loop("facets_shown", values=facet.values)
        assert fragments.facet_items(facet.values, False, " " * 8) == loop(
            "facets_more", values=facet.values
        )
    months = context["months"]
    assert months["bars"]
    assert fragments.timeline_bars(months) == loop("timeline", months=months)
    for row in (context.get("heat") or {}).get("rows", []):
        assert fragments.heat_cells(row["cells"]) == loop("heat", cells=row["cells"])
    # The parts that wait for the counts, whole.
    for estimated in (False, True):
        assert fragments.facets_nav(context["facets"], estimated) == part(
            "facets_nav", facets=context["facets"], facets_estimated=estimated
        )
        assert fragments.timeline(months, "statement", estimated) == part(
            "timeline_part", months=months, noun="statement", facets_estimated=estimated
        )
    assert fragments.topic_heat(context.get("heat")) == part("topic_heat", heat=context.get("heat"))
    assert fragments.facets_nav([]) == part("facets_nav", facets=[]) == ""
    assert fragments.timeline({"bars": []}, "event") == part("timeline_part", months={}) == ""
    assert fragments.topic_heat(None) == part("topic_heat", heat=None) == ""


@pytest.mark.parametrize("page", ["1", "2", "3", "last"])
def test_the_pagination_writes_what_its_template_wrote(analyst_client, awkward, settings, page):
    settings.PAGE_SIZE = 1
    query = "country=CHN&q=%3Cb%3E+%26"
    context = analyst_client.get(f"/statements/?page={page}").context
    assert context["paginator"].num_pages > 2
    for q in ("", query):
        args = {"page": context["page"], "paginator": context["paginator"], "query": q}
        assert fragments.pagination(**args) == part("pagination", **args)
    context["paginator"].exact = False
    args = {"page": context["page"], "paginator": context["paginator"], "query": query}
    assert fragments.pagination(**args) == part("pagination", **args)


def test_months_are_written_as_the_date_filter_writes_them():
    from django.template.defaultfilters import date

    for day in (datetime.date(987, 3, 1), datetime.date(2024, 5, 1), datetime.date(2026, 9, 1)):
        assert fragments.month_year(day) == date(day, "F Y")
        assert fragments.month_year(day, short=True) == date(day, "M Y")


def test_dates_are_written_as_the_date_filter_writes_them():
    from django.template.defaultfilters import date

    for day in (datetime.date(987, 3, 1), datetime.date(2024, 12, 31)):
        assert fragments.iso_date(day) == date(day, "Y-m-d")
    assert fragments.iso_date(None) == ""


def test_numbers_follow_the_thousand_separator_setting(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    assert fragments.number(1234567) == Template("{{ n }}").render(Context({"n": 1234567}))
    settings.USE_THOUSAND_SEPARATOR = False
    assert fragments.number(1234567) == "1234567"
    for value in (0.0, 12.345, 1e-05, 64, 1.5):
        reference = Template("{% load l10n %}{% localize off %}{{ v }}{% endlocalize %}")
        assert fragments.plain_number(value) == reference.render(Context({"v": value}))


def test_one_reverse_makes_the_urls_of_every_object(awkward):
    for obj in Actor.objects.all():
        assert fragments.actor_url()(obj) == obj.get_absolute_url()
    for obj in [awkward["trade"], awkward["arms"]]:
        assert fragments.topic_url()(obj) == obj.get_absolute_url()
    assert fragments.event_url()(awkward["call"]) == awkward["call"].get_absolute_url()
    assert fragments.statement_url()(awkward["s1"]) == awkward["s1"].get_absolute_url()


@pytest.mark.parametrize(
    "url",
    [
        "/statements/?kind=phone_call&topic=fish-stocks&q=%22fish%22+%3Cb%3E",
        "/statements/?country=%3Cx%3E&topic=%22q%22&date_after=nope&kind=bogus",
        "/events/?actor=nobody&date_after=2023-02-01&date_before=2023-01-01",
        "/events/?kind=meeting&publisher=nope",
        "/events/",
    ],
)
def test_the_form_fields_write_what_their_template_wrote(analyst_client, awkward, url):
    """{% form_field %} writes what `{% include "includes/form_field.html" %}` wrote, errors,
    boxes and selected options included."""
    form = analyst_client.get(url).context["form"]
    template = Template('{% include "includes/form_field.html" %}')
    for field in form:
        assert fragments.form_field(field) == template.render(Context({"field": field}))


@pytest.mark.parametrize("url", ["/statements/?topic=trade&kind=meeting", "/events/?sort=-date"])
def test_choice_lists_kept_for_the_data_version_are_what_they_would_be_written(
    analyst_client, editor_client, awkward, url
):
    readouts_cache._in_process.clear()
    fresh = [fragments.form_field(f) for f in analyst_client.get(url).context["form"]]
    assert any(k[1] == "widget" for k in readouts_cache._in_process), "nothing kept"
    again = [fragments.form_field(f) for f in editor_client.get(url).context["form"]]
    assert again == fresh
    readouts_cache._in_process.clear()
    assert [fragments.form_field(f) for f in editor_client.get(url).context["form"]] == fresh


def test_a_kept_choice_list_shows_what_the_data_gained_since(analyst_client, awkward):
    before = analyst_client.get("/statements/").content.decode()
    topic("brand-new", "A brand new topic")  # a change: a new data version
    after = analyst_client.get("/statements/").content.decode()
    assert 'value="brand-new"' not in before
    assert '<option value="brand-new">A brand new topic</option>' in after
