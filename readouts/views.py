"""The analysts' pages: home, the event and statement lists with their filters and exports, and
the detail pages of events, statements, actors and topics.

Every page needs a login (LoginRequiredMiddleware) and a role (Analysts or Editors); analysts
see published records only, and a record they may not see answers 404, like one that does not
exist.
"""

from functools import wraps
from itertools import groupby

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render

from . import exports
from .choices import ActorKind, StatementMode
from .filters import EventFilterSet, StatementFilterSet, with_descendants
from .highlight import highlight_spans
from .models import Actor, Event, Participant, Source, Statement, Topic, can_see_drafts
from .pagination import paginate


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


def list_page(request, filterset, spec, export_queryset, page_queryset, template, extra=None):
    """The shared machinery of the two lists: validate the filters, then either export every
    filtered row or show one page of them."""
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
            fmt, spec, export_queryset(filterset.qs), request, applied_filters(filterset)
        )

    paginator = page = page_error = None
    if valid:
        paginator, page, page_error = paginate(
            request, page_queryset(filterset.qs), count_from=filterset.qs
        )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    context = {
        "filter": filterset,
        "form": filterset.form,
        "valid": valid,
        "paginator": paginator,
        "page": page,
        "rows": page.object_list if page else [],
        "page_error": page_error,
        "query": query.urlencode(),
        "applied": applied_filters(filterset) if valid else {},
        **(extra or {}),
    }
    return render(request, template, context, status=200)


def filter_options():
    """Suggestions for the country and person text boxes of the filter form (one query)."""
    actors = list(
        Actor.objects.filter(Q(kind=ActorKind.PERSON) | Q(code__isnull=False))
        .only("kind", "code", "slug", "name")
        .order_by("name")[:5000]
    )
    return {
        "country_options": [a for a in actors if a.kind != ActorKind.PERSON],
        "person_options": [a for a in actors if a.kind == ActorKind.PERSON],
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
        return qs.prefetch_related(
            participant_prefetch(),
            Prefetch(
                "sources",
                queryset=Source.objects.select_related("publisher").only(
                    "id", "event_id", "url", "publisher__name", "publisher__slug"
                ),
            ),
        ).annotate(statement_total=statement_count(user))

    return list_page(
        request,
        filterset,
        exports.EVENT_EXPORT,
        exports.event_export_queryset,
        page_queryset,
        "readouts/event_list.html",
        filter_options(),
    )


@role_required
def statement_list(request):
    user = request.user
    filterset = StatementFilterSet(request.GET, queryset=visible_statements(user), request=request)

    def page_queryset(qs):
        return qs.select_related("speaker", "side", "event").prefetch_related("topics")

    return list_page(
        request,
        filterset,
        exports.STATEMENT_EXPORT,
        exports.statement_export_queryset,
        page_queryset,
        "readouts/statement_list.html",
        filter_options(),
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
