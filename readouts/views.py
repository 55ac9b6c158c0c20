"""The analysts' pages: home, the event and statement lists with their filters and exports, and
the detail pages of events, statements, actors and topics.

Every page needs a login (LoginRequiredMiddleware) and a role (Analysts or Editors); analysts
see published records only, and a record they may not see answers 404, like one that does not
exist.
"""

import secrets
from functools import wraps
from itertools import groupby

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from . import background, exports, fragments
from .background import Background, Done
from .choices import ActorKind, EventKind, StatementMode
from .facets import EventFacets, StatementFacets
from .filters import EventFilterSet, StatementFilterSet, search_query, with_descendants
from .highlight import highlight_spans
from .models import (
    Actor,
    Event,
    Participant,
    SavedSearch,
    Statement,
    Topic,
    can_see_drafts,
)
from .pagination import PickThenRead, paginate
from .rows import ReadAsRows, event_rows, statement_rows


def role_required(view):
    """Analysts and editors only: a logged-in user with no role gets 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("readouts.view_event"):
            raise PermissionDenied("Your account has no role in Readouts yet: ask an editor.")
        return view(request, *args, **kwargs)

    return wrapped


def visible_statements(user):
    return Statement.objects.visible_to(user)


@role_required
def home(request):
    user = request.user
    events = Event.objects.visible_to(user)
    statements = visible_statements(user)
    latest = (
        events.order_by("-occurred_on", "-id")
        .prefetch_related(participant_prefetch())
        .annotate(statement_total=statement_count(user))[:10]
    )
    top_topics = (
        Topic.objects.annotate(n=Count("statements", filter=Q(statements__in=statements)))
        .filter(n__gt=0)
        .order_by("-n", "name")[:12]
    )
    top_countries = (
        Actor.objects.countries()
        .annotate(n=Count("statements_for", filter=Q(statements_for__in=statements)))
        .filter(n__gt=0)
        .order_by("-n", "name")[:12]
    )
    context = {
        "counts": {
            "events": events.count(),
            "statements": statements.count(),
            "people": Actor.objects.people()
            .filter(participations__event__in=events)
            .distinct()
            .count(),
            "countries": Actor.objects.countries()
            .filter(participations_for__event__in=events)
            .distinct()
            .count(),
        },
        "latest": latest,
        "top_topics": top_topics,
        "top_countries": top_countries,
    }
    return render(request, "readouts/home.html", context)


def participant_prefetch():
    return Prefetch(
        "participants",
        queryset=Participant.objects.select_related("actor", "side").order_by("order", "id"),
    )


def statement_count(user):
    """Visible statements of each event, as an annotation (a subquery, not a join)."""
    from django.db.models import IntegerField, Subquery
    from django.db.models.functions import Coalesce

    counts = (
        visible_statements(user)
        .filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def list_page(request, filterset, spec, export_queryset, page_queryset, template, extra=None,
              counter=None):  # fmt: skip
    """The shared machinery of the two lists: validate the filters, then either export every
    filtered row or show one page of them with its facets (counted by `counter`, a
    facets.FacetCounter class, which also knows a cheaper exact total where there is one)."""
    fmt = request.GET.get("export")
    if fmt is not None and fmt not in exports.FORMATS:
        return HttpResponseBadRequest(
            f"Unknown export format. Use one of: {', '.join(exports.FORMATS)}.",
            content_type="text/plain; charset=utf-8",
        )
    valid = filterset.is_valid()
    if fmt is not None:
        if not valid:
            return HttpResponseBadRequest(
                "The filters are not valid, nothing was exported:\n"
                + "\n".join(
                    f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()
                ),
                content_type="text/plain; charset=utf-8",
            )
        return exports.export_response(
            fmt, spec, filterset.qs, export_queryset, request, applied_filters(filterset)
        )

    rows = facets = None
    if valid:
        rows = page_queryset(filterset.qs)  # the filtered queryset made before a thread shares it
        if counter is not None:  # counted first, while the rest is done
            facets = start_facets(spec.name, filterset, counter)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    context = {
        "filter": filterset,
        "form": filterset.form,
        "valid": valid,
        # The page, its rows and its counts come later (`late`, below).
        "query": query.urlencode(),
        "applied": applied_filters(filterset) if valid else {},
        "chips": chips(filterset) if valid else [],
        "list_name": spec.name,
        # The sidebar and the rows are cached fragments (with the data version): they depend
        # on nothing but these.
        "sidebar_key": list_state(spec.name, filterset),
        "rows_key": list_state(spec.name, filterset, page=True),
        "main_fields": MAIN_FIELDS,
        "more_open": any(
            name not in MAIN_FIELDS and (request.GET.get(name) or name in filterset.form.errors)
            for name in filterset.filters
        ),
        **(extra or {}),
    }
    first = later = None
    late = {"paginator": None, "page": None, "rows": [], "page_error": None}
    if valid:
        facet_context = {}
        if facets is not None:
            if isinstance(facets, Background):
                # Meanwhile, this thread reads the page's rows and writes them out, the filter
                # form, and the page but for its parts that wait for the counts.
                prefetch_page(request, rows, context["rows_key"])
                context["form_html"] = filter_form_html(request, context)
                context["counted_later"] = later = CountedLater()
                first = render_to_string(template, context, request)
            facet_context = facets.get()

        # The facets' own total where they covered every row (exact, or an estimate when
        # sampled), else the counter's cheaper exact total where it has one, else a count.
        paginator, page, page_error = paginate(
            request,
            rows,
            count_from=filterset.qs,
            exact_total=counter(filterset, request.user).exact_total if counter else None,
            known_total=(
                (facet_context["facets_total"], facet_context["facets_total_exact"])
                if facet_context.get("facets_total") is not None
                else None
            ),
        )
        late.update(
            facet_context,
            paginator=paginator,
            page=page,
            rows=page.object_list if page is not None else [],
            page_error=page_error,
            counted_later=None,
        )
        if first is not None:
            return HttpResponse(fill_counted(first, later, late, template))
    context.update(late)
    return render(request, template, context, status=200)


class CountedLater:
    """The parts of a page that wait for its counts, left as markers in the rest of the page
    ({% counted %}, readouts_tags.py): each (its nodes, its context then)."""

    def __init__(self):
        self.parts = []
        self.token = secrets.token_hex(8)

    MARKER_END = "-->"

    @property
    def marker_start(self):
        return f"<!--counted:{self.token}:"

    def marker(self, number):
        # A comment no escaped text can hold, of this page only.
        return mark_safe(f"{self.marker_start}{number}{self.MARKER_END}")  # noqa: S308 - ours


def fill_counted(html, later, late, template_name):
    """The page `html` with the parts `later` left as markers written, their context brought
    up to date by `late` (the counts, the page of rows)."""
    from django.template import Context
    from django.template.loader import get_template

    template = get_template(template_name).template
    written = []
    for nodelist, flat in later.parts:
        context = Context(flat)
        context.update(late)
        with context.render_context.push_state(template), context.bind_template(template):
            written.append(nodelist.render(context))
    # The markers replaced in one pass over the page (each part once, in its place).
    head, *pieces = html.split(later.marker_start)
    out = [head]
    for piece in pieces:
        number, _, rest = piece.partition(later.MARKER_END)
        out += [written[int(number)], rest]
    return "".join(out)


def filter_form_html(request, context):
    """The filter form (includes/filter_form.html) written out now, from the list's context:
    what the template would write in its place."""
    from django.template import Context
    from django.template.loader import get_template

    names = ("form", "main_fields", "more_open", "data_version", "country_options",
             "person_options")  # fmt: skip
    template = get_template("includes/filter_form.html").template
    return template.render(Context({"request": request, **{n: context[n] for n in names}}))


def list_state(list_name, filterset, *, page=False):
    """What a list's cached parts depend on besides the data version: the list, whether its
    reader sees drafts, and the query as a canonical string (without the page unless asked)."""
    canonical = sorted(
        (k, sorted(values))
        for k, values in filterset.data.lists()
        if k != "export" and (page or k != "page")
    )
    audience = "drafts" if can_see_drafts(filterset.request.user) else "public"
    return f"{list_name}|{audience}|{canonical!r}"


def start_facets(list_name, filterset, counter):
    """The facets of this filter, from the cache (Done), or being counted (Background, in a
    thread of their own where another connection may: see background.py), or counted now
    (Done)."""
    from django.core.cache import cache as shared

    from . import cache

    cached = shared.get(cache.key(*facets_parts(list_name, filterset)))
    if cached is not None:
        return Done(cached)
    return background.start(lambda: cached_facets(list_name, filterset, counter, missed=True))


def prefetch_page(request, rows, rows_key):
    """Read the requested page's rows now (unless its rendered rows are cached), so that they
    are at hand when the template asks; a page number that is not one reads nothing."""
    from django.conf import settings
    from django.core.cache import caches
    from django.core.cache.utils import make_template_fragment_key

    from . import cache

    try:
        number = int(request.GET.get("page", "1").strip() or "1")
    except ValueError:
        return
    if not 1 <= number <= 1000 or not hasattr(rows, "prefetch"):
        return
    key = make_template_fragment_key("list-rows", [cache.data_version(), rows_key])
    if caches["template_fragments"].get(key) is None:
        window = slice((number - 1) * settings.PAGE_SIZE, number * settings.PAGE_SIZE)
        if not rows.sorts_every_match:  # a page read from an index: never in parallel
            rows.prefetch(window, write=True)
            return
        # The facets' query has a core of its own meanwhile: no parallel workers for this one.
        with connection.cursor() as cursor:
            cursor.execute("SET max_parallel_workers_per_gather = 0")
            try:
                rows.prefetch(window, write=True)
            finally:
                cursor.execute("RESET max_parallel_workers_per_gather")


def cached_facets(list_name, filterset, counter, missed=False):
    """The facets of this filter, counted once per data version: every page of a list and
    every analyst on the same filter share them."""
    from . import cache

    return cache.remember(
        facets_parts(list_name, filterset),
        lambda: counter(filterset, filterset.request.user).compute(),
        # Counted in a thread (background.py): handed to the page before they are cached.
        computed=background.hand_over,
        missed=missed,
    )


def facets_parts(list_name, filterset):
    """What the facets of a filter are cached under (besides the data version)."""
    return ("facets", list_state(list_name, filterset))


MAIN_FIELDS = ("q", "date_after", "date_before", "sort")

CHIP_NAMES = {
    "q": "search",
    "date_after": "from",
    "date_before": "to",
    "kind": "kind",
    "country": "country",
    "pair": "pair",
    "actor": "participant",
    "speaker": "speaker",
    "topic": "topic",
    "publisher": "publisher",
    "event": "event",
}


def chips(filterset):
    """The filters in use, one chip per value, each with the link that removes it."""
    from .facets import toggle_url

    query, cleaned, out = filterset.data, filterset.form.cleaned_data, []
    kinds = dict(EventKind.choices)
    for name, label in CHIP_NAMES.items():
        value = cleaned.get(name)
        if value in (None, "", [], ()):
            continue
        if name in ("q", "date_after", "date_before", "event", "pair"):
            rest = query.copy()
            rest.pop(name, None)
            rest.pop("page", None)
            text = {
                "event": lambda v: f"#{v.pk} {v.title}",
                "pair": lambda v: f"{v[0].code}–{v[1].code}",
            }.get(name, str)(value)
            out.append({"name": label, "label": text, "url": "?" + rest.urlencode()})
            continue
        for item in value:
            if name == "kind":
                key, text = item, kinds.get(item, item)
            elif name == "country":
                key, text = item.code, f"{item.name} ({item.code})"
            else:
                key, text = item.slug, item.name
            out.append({"name": label, "label": text,
                        "url": toggle_url(query, name, key, selected=True)})  # fmt: skip
    return out


def filter_options():
    """Suggestions for the country and person boxes of the filter form: read (one query) only
    when the template's cached fragment of them is stale."""
    from django.utils.functional import SimpleLazyObject

    from . import cache

    def actors():
        return list(
            Actor.objects.filter(Q(kind=ActorKind.PERSON) | Q(code__isnull=False))
            .only("kind", "code", "slug", "name")
            .order_by("name")[:5000]
        )

    everyone = SimpleLazyObject(actors)
    return {
        "country_options": SimpleLazyObject(
            lambda: [a for a in everyone if a.kind != ActorKind.PERSON]
        ),
        "person_options": SimpleLazyObject(
            lambda: [a for a in everyone if a.kind == ActorKind.PERSON]
        ),
        "data_version": cache.data_version(),
    }


def applied_filters(filterset):
    """The filters in use, as {name: [values as typed]}, for chips and export provenance."""
    applied = {}
    for name in filterset.filters:
        values = [v for v in filterset.data.getlist(name) if v.strip()]
        if values:
            applied[name] = values
    return applied


@role_required
def event_list(request):
    user = request.user
    filterset = EventFilterSet(
        request.GET, queryset=Event.objects.visible_to(user), request=request
    )

    def page_queryset(qs):
        # Only what a row shows (fragments.event_rows), read as rows (rows.py).
        return ReadAsRows(
            qs.annotate(statement_total=statement_count(user)),
            event_rows,
            writer=fragments.event_rows,
        )

    return list_page(
        request,
        filterset,
        exports.EVENT_EXPORT,
        exports.event_export_queryset,
        page_queryset,
        "readouts/event_list.html",
        filter_options(),
        EventFacets,
    )


@role_required
def statement_list(request):
    user = request.user
    filterset = StatementFilterSet(request.GET, queryset=visible_statements(user), request=request)

    def page_queryset(qs):
        # Only what a row shows (fragments.statement_items), read as rows (rows.py).
        if filterset.search_text:  # rank the matches on their ids, then read the page's rows
            return PickThenRead(
                qs,
                lambda ids: statement_rows(qs.filter(pk__in=ids).order_by(), snippet=True),
                ranked=search_query(filterset.search_text)
                if getattr(filterset, "sort_in_use", None) == "relevance"
                else None,
                writer=fragments.statement_items,
            )
        return ReadAsRows(qs, statement_rows, writer=fragments.statement_items)

    return list_page(
        request,
        filterset,
        exports.STATEMENT_EXPORT,
        exports.statement_export_queryset,
        page_queryset,
        "readouts/statement_list.html",
        filter_options(),
        StatementFacets,
    )


@role_required
def event_detail(request, pk):
    user = request.user
    event = get_object_or_404(Event.objects.visible_to(user), pk=pk)
    participants = list(event.participants.select_related("actor", "side").order_by("order", "id"))
    statements = list(
        visible_statements(user)
        .filter(event=event)
        .select_related("speaker", "side")
        .prefetch_related("topics")
        .order_by("position", "id")
    )
    sources = list(event.sources.select_related("publisher").order_by("published_on", "id"))
    for source in sources:
        spans = [
            (
                s.start,
                s.end,
                {"id": f"span-{s.pk}", "title": s.speaker_label, "class": f"span mode-{s.mode}"},
            )
            for s in statements
            if s.source_id == source.pk and s.start is not None
        ]
        source.highlighted = highlight_spans(source.text, spans)
        source.span_count = len(spans)

    # Grouped by speaker, in order of first appearance.
    first_seen = {}
    for s in statements:
        first_seen.setdefault(speaker_key(s), s.position)
    by_speaker = [
        (group[0].speaker_label, group[0], group)
        for _, items in groupby(
            sorted(statements, key=lambda s: (first_seen[speaker_key(s)], s.position, s.pk)),
            key=speaker_key,
        )
        for group in [list(items)]
    ]
    context = {
        "event": event,
        "participants": participants,
        "statements": statements,
        "by_speaker": by_speaker,
        "sources": sources,
        "mentioned_events": event.mentioned_events.select_related("linked_event"),
        "can_edit": can_see_drafts(user) and user.is_staff,
    }
    return render(request, "readouts/event_detail.html", context)


def speaker_key(statement):
    if statement.mode == StatementMode.JOINT:
        return ("joint", 0)
    return ("speaker", statement.speaker_id or 0, statement.side_id or 0)


@role_required
def statement_detail(request, pk):
    user = request.user
    statement = get_object_or_404(
        visible_statements(user).select_related("speaker", "side", "event", "source__publisher"),
        pk=pk,
    )
    excerpt = None
    source = statement.source
    if source and statement.start is not None:
        # The paragraph around the span, the span marked.
        text = source.text
        begin = text.rfind("\n", 0, statement.start) + 1
        stop = text.find("\n", statement.end)
        stop = len(text) if stop == -1 else stop
        excerpt = highlight_spans(
            text[begin:stop],
            [(statement.start - begin, statement.end - begin, {"class": "span"})],
        )
    neighbours = (
        visible_statements(user)
        .filter(event=statement.event_id)
        .exclude(pk=statement.pk)
        .select_related("speaker", "side")
        .order_by("position", "id")
    )
    context = {
        "statement": statement,
        "event": statement.event,
        "topics": statement.topics.all(),
        "mentions": statement.mentions.all(),
        "excerpt": excerpt,
        "neighbours": neighbours,
        "can_edit": can_see_drafts(user) and user.is_staff,
    }
    return render(request, "readouts/statement_detail.html", context)


@role_required
def actor_detail(request, slug):
    user = request.user
    actor = get_object_or_404(Actor.objects.select_related("country"), slug=slug)
    events = Event.objects.visible_to(user)
    statements = visible_statements(user)
    if actor.kind == ActorKind.PERSON:
        event_filter = {"actor": actor.slug}
        statement_filter = {"speaker": actor.slug}
        actor_events = events.filter(
            Exists(Participant.objects.filter(event=OuterRef("pk"), actor=actor))
        )
        actor_statements = statements.filter(speaker=actor)
    else:
        code = actor.code or ""
        event_filter = {"country": code} if code else None
        statement_filter = {"country": code} if code else None
        actor_events = events.filter(
            Exists(Participant.objects.filter(event=OuterRef("pk"), side=actor))
        )
        actor_statements = statements.filter(side=actor)
    context = {
        "actor": actor,
        "roles": actor.roles.select_related("side").order_by("-start_date"),
        "event_total": actor_events.count(),
        "statement_total": actor_statements.count(),
        "recent_events": actor_events.order_by("-occurred_on", "-id")[:10],
        "recent_statements": actor_statements.select_related("speaker", "side", "event").order_by(
            "-occurred_on", "-id"
        )[:10],
        "event_filter": event_filter,
        "statement_filter": statement_filter,
        "topics": Topic.objects.filter(statements__in=actor_statements)
        .annotate(n=Count("statements"))
        .order_by("-n", "name")[:15],
        "mentioned_total": statements.filter(mentions=actor).count(),
    }
    return render(request, "readouts/actor_detail.html", context)


@role_required
def topic_detail(request, slug):
    user = request.user
    topic = get_object_or_404(Topic.objects.select_related("parent"), slug=slug)
    statements = visible_statements(user).filter(
        Exists(
            Statement.topics.through.objects.filter(
                statement=OuterRef("pk"), topic__in=with_descendants([topic])
            )
        )
    )
    context = {
        "topic": topic,
        "children": topic.children.all(),
        "statement_total": statements.count(),
        "recent_statements": statements.select_related("speaker", "side", "event").order_by(
            "-occurred_on", "-id"
        )[:15],
        "speakers": Actor.objects.filter(statements_made__in=statements)
        .annotate(n=Count("statements_made"))
        .order_by("-n", "name")[:10],
        "countries": Actor.objects.filter(statements_for__in=statements)
        .annotate(n=Count("statements_for"))
        .order_by("-n", "name")[:10],
    }
    return render(request, "readouts/topic_detail.html", context)


@role_required
def event_compare(request, pk):
    """Two readouts of one event side by side, aligned by topic."""
    from .compare import align, only_one_side

    user = request.user
    event = get_object_or_404(Event.objects.visible_to(user), pk=pk)
    sources = list(event.sources.select_related("publisher").order_by("published_on", "id"))
    by_id = {s.pk: s for s in sources}
    left = by_id.get(parse_id(request.GET.get("a")))
    right = by_id.get(parse_id(request.GET.get("b")))
    if left is None or right is None or left == right:
        left, right = default_pair(sources)
    context = {"event": event, "sources": sources, "left": left, "right": right}
    if left and right:
        statements = list(
            visible_statements(user)
            .filter(event=event, source__in=[left, right])
            .select_related("speaker", "side")
            .prefetch_related("topics")
            .order_by("position", "id")
        )
        left_statements = [s for s in statements if s.source_id == left.pk]
        right_statements = [s for s in statements if s.source_id == right.pk]
        rows = align(left_statements, right_statements)
        left_only, right_only = only_one_side(rows)
        for source, mine in ((left, left_statements), (right, right_statements)):
            spans = [(s.start, s.end, {"id": f"c-{s.pk}", "title": s.speaker_label,
                                       "class": f"span mode-{s.mode}"})
                     for s in mine if s.start is not None]  # fmt: skip
            source.highlighted = highlight_spans(source.text, spans)
        context.update(
            rows=rows, left_only=left_only, right_only=right_only,
            left_count=len(left_statements), right_count=len(right_statements),
            shared_count=sum(1 for r in rows if r.shared and r.topic),
        )  # fmt: skip
    return render(request, "readouts/event_compare.html", context)


def parse_id(raw):
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def default_pair(sources):
    """The first two readouts from different publishers, or the first two at all."""
    for i, first in enumerate(sources):
        for second in sources[i + 1 :]:
            if second.publisher_id != first.publisher_id:
                return first, second
    return (sources[0], sources[1]) if len(sources) >= 2 else (None, None)


@role_required
def pair_list(request):
    """The country pairs that meet most often, and a form to open any pair."""
    from django.core.exceptions import ValidationError
    from django.db import connection
    from django.shortcuts import redirect

    from .filters import PairField

    error = None
    if "a" in request.GET or "b" in request.GET:
        codes = f"{request.GET.get('a', '').strip()}-{request.GET.get('b', '').strip()}"
        try:
            a, b = PairField().clean(codes)
            return redirect("readouts:pair_detail", codes=f"{a.code}-{b.code}")
        except ValidationError as invalid:
            error = " ".join(invalid.messages)

    events = Event.objects.visible_to(request.user).order_by().values("id")
    sql, params = events.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.side_id, b.side_id, COUNT(DISTINCT a.event_id) AS n "  # noqa: S608
            "FROM readouts_participant a JOIN readouts_participant b "
            "ON a.event_id = b.event_id AND a.side_id < b.side_id "
            f"WHERE a.event_id IN ({sql}) GROUP BY 1, 2 ORDER BY n DESC LIMIT 40",
            params,
        )
        rows = cursor.fetchall()
    actors = Actor.objects.in_bulk({i for a, b, _ in rows for i in (a, b)})
    pairs = [
        {"a": actors[a], "b": actors[b], "count": n}
        for a, b, n in rows
        if actors.get(a) and actors.get(b) and actors[a].code and actors[b].code
    ]
    context = {"pairs": pairs, "error": error, **filter_options()}
    return render(request, "readouts/pair_list.html", context)


@role_required
def pair_detail(request, codes):
    """Every interaction between two countries: when, on what, and who spoke for each side."""
    from django.core.exceptions import ValidationError
    from django.db.models.functions import TruncMonth
    from django.http import Http404

    from .facets import date_url, month_end
    from .filters import PairField, both_sides_take_part

    try:
        a, b = PairField().clean(codes)
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from None
    user = request.user
    pair_code = f"{a.code}-{b.code}"
    events = Event.objects.visible_to(user).filter(both_sides_take_part((a, b), OuterRef("pk")))
    statements = visible_statements(user).filter(both_sides_take_part((a, b), OuterRef("event_id")))
    months = list(
        events.order_by()
        .annotate(month=TruncMonth("occurred_on"))
        .values("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query["pair"] = pair_code
    timeline = None
    if months:
        from .facets import month_facet

        timeline = month_facet(query, months)
        for bar in timeline["bars"]:
            bar.url = "/events/" + date_url(query, bar.start, month_end(bar.start))
    by_side = (
        statements.order_by()
        .values("side_id", "topics")
        .annotate(n=Count("id"))
        .values_list("side_id", "topics", "n")
    )
    topic_ids = {t for _, t, _ in by_side if t}
    topics = Topic.objects.in_bulk(topic_ids)
    sides = {a.pk: {}, b.pk: {}}
    for side_id, topic_id, n in by_side:
        if side_id in sides and topic_id in topics:
            sides[side_id][topics[topic_id]] = n
    speakers = (
        statements.order_by()
        .filter(speaker__isnull=False, side__in=[a, b])
        .values("side_id", "speaker__slug", "speaker__name")
        .annotate(n=Count("id"))
        .order_by("-n", "speaker__name")
    )
    totals = dict(
        statements.order_by()
        .values_list("side_id")
        .annotate(n=Count("id"))
        .values_list("side_id", "n")
    )
    columns = []
    for side in (a, b):
        topic_rows = sorted(sides[side.pk].items(), key=lambda item: (-item[1], item[0].name))
        peak = topic_rows[0][1] if topic_rows else 1
        columns.append({
            "side": side,
            "topics": [{"topic": t, "count": n, "width": round(100 * n / peak)} for t, n in topic_rows[:15]],
            "speakers": [s for s in speakers if s["side_id"] == side.pk][:10],
            "statement_total": totals.get(side.pk, 0),
        })  # fmt: skip
    kinds = dict(EventKind.choices)
    kind_counts = [
        (kinds.get(k, k), k, n)
        for k, n in events.order_by().values_list("kind").annotate(n=Count("id")).order_by("-n")
    ]
    context = {
        "a": a,
        "b": b,
        "pair_code": pair_code,
        "event_total": events.count(),
        "joint_total": statements.filter(mode=StatementMode.JOINT).count(),
        "timeline": timeline,
        "columns": columns,
        "kinds": kind_counts,
        "recent": events.order_by("-occurred_on", "-id")[:12],
    }
    return render(request, "readouts/pair_detail.html", context)


class SavedSearchForm(forms.Form):
    name = forms.CharField(max_length=120, strip=True, label="Name this search")
    list_name = forms.ChoiceField(choices=[("events", "Events"), ("statements", "Statements")])
    query = forms.CharField(max_length=2000, required=False, strip=True)

    def clean_query(self):
        """Keep only the list's own filter parameters: no page, no export."""
        from django.http import QueryDict

        filterset = (
            EventFilterSet
            if self.cleaned_data.get("list_name") == "events"
            else (StatementFilterSet)
        )
        given = QueryDict(self.cleaned_data.get("query", ""))
        kept = QueryDict(mutable=True)
        for name in filterset.base_filters:
            values = [v for v in given.getlist(name) if v.strip()]
            if values:
                kept.setlist(name, values)
        return kept.urlencode()


@role_required
def saved_search_list(request):
    searches = request.user.saved_searches.order_by("list_name", "name")
    return render(request, "readouts/saved_searches.html", {"searches": searches})


@role_required
@require_POST
def saved_search_save(request):
    from django.contrib import messages
    from django.shortcuts import redirect

    form = SavedSearchForm(request.POST)
    if not form.is_valid():
        return render(request, "readouts/saved_searches.html", {
            "searches": request.user.saved_searches.order_by("list_name", "name"),
            "form": form,
        }, status=400)  # fmt: skip
    data = form.cleaned_data
    search, created = SavedSearch.objects.update_or_create(
        owner=request.user, list_name=data["list_name"], name=data["name"],
        defaults={"query": data["query"]},
    )  # fmt: skip
    verb = "Saved" if created else "Updated"
    messages.success(request, f"{verb} “{search.name}”: find it under Saved searches.")
    return redirect(search.get_absolute_url())


@role_required
@require_POST
def saved_search_delete(request, pk):
    from django.contrib import messages
    from django.shortcuts import redirect

    search = get_object_or_404(SavedSearch, pk=pk, owner=request.user)
    search.delete()
    messages.success(request, f"Deleted “{search.name}”.")
    return redirect("readouts:saved_search_list")
