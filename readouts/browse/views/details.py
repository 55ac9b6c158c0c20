"""The detail pages: an event (and two of its readouts side by side), a statement, an actor
and a topic."""

from itertools import groupby

from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ...choices import ActorKind, StatementMode
from ...models import Actor, Event, Participant, Statement, Topic, can_see_drafts
from ..access import role_required
from ..cite import Citation
from ..compare import align, only_one_side
from ..filters import with_descendants
from ..highlight import highlight_spans, speaker_span, speakers


@role_required
def event_detail(request, pk):
    user = request.user
    event = get_object_or_404(Event.objects.visible_to(user), pk=pk)
    participants = Participant.with_titles_on(
        list(event.participants.select_related("actor", "side").order_by("order", "id")),
        event.occurred_on,
    )
    statements = list(
        Statement.objects.visible_to(user)
        .filter(event=event)
        .select_related("speaker", "side")
        .prefetch_related("topics")
        .order_by("position", "id")
    )
    sources = list(event.sources.select_related("publisher").order_by("published_on", "id"))
    # Each speaker in a colour of their own, in the statements' order: in the texts, the
    # legend and the speakers' headings alike.
    colours, highlighted = speakers(statements, speaker_key), set()
    for source in sources:
        mine = [s for s in statements if s.source_id == source.pk and s.start is not None]
        source.highlighted = highlight_spans(
            source.text, [speaker_span(s, colours[speaker_key(s)], "span") for s in mine]
        )
        source.span_count = len(mine)
        highlighted.update(speaker_key(s) for s in mine)

    # Grouped by speaker, in order of first appearance.
    first_seen = {}
    for s in statements:
        first_seen.setdefault(speaker_key(s), s.position)
    by_speaker = [
        (colours[key], list(items))
        for key, items in groupby(
            sorted(statements, key=lambda s: (first_seen[speaker_key(s)], s.position, s.pk)),
            key=speaker_key,
        )
    ]
    context = {
        "event": event,
        "participants": participants,
        "statements": statements,
        "by_speaker": by_speaker,
        "legend": [colours[key] for key in colours if key in highlighted],
        "sources": sources,
        "mentioned_events": event.mentioned_events.select_related("linked_event"),
        "can_edit": can_see_drafts(user) and user.is_staff,
        "cite": citation(
            request,
            f"readouts-event-{event.pk}",
            event,
            event.title,
            [s.publisher.name for s in sources],
            sources[0] if sources else None,
        ),  # fmt: skip
    }
    return render(request, "readouts/event_detail.html", context)


def citation(request, key, event, title, publishers, source):
    """The Cite box of an event's or a statement's page."""
    return Citation(
        key=key,
        publisher="; ".join(dict.fromkeys(publishers)),
        title=title,
        date=event.date_display,
        year=f"{event.occurred_on:%Y}",
        url=source.link if source else "",
        permalink=request.build_absolute_uri(),
        retrieved=timezone.localdate().isoformat(),
    )


def speaker_key(statement):
    if statement.mode == StatementMode.JOINT:
        return ("joint", 0)
    return ("speaker", statement.speaker_id or 0, statement.side_id or 0)


@role_required
def statement_detail(request, pk):
    user = request.user
    statement = get_object_or_404(
        Statement.objects.visible_to(user).select_related(
            "speaker", "side", "event", "source__publisher"
        ),
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
        Statement.objects.visible_to(user)
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
        "cite": citation(
            request,
            f"readouts-statement-{statement.pk}",
            statement.event,
            f"{statement.event.title}: statement by {statement.speaker_label}",
            [source.publisher.name] if source else [],
            source,
        ),  # fmt: skip
    }
    return render(request, "readouts/statement_detail.html", context)


@role_required
def actor_detail(request, slug):
    user = request.user
    # An actor that only drafts name is unknown to an analyst, as is one never recorded.
    actor = get_object_or_404(Actor.objects.visible_to(user).select_related("country"), slug=slug)
    events = Event.objects.visible_to(user)
    statements = Statement.objects.visible_to(user)
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
    topic = get_object_or_404(Topic.objects.visible_to(user).select_related("parent"), slug=slug)
    statements = Statement.objects.visible_to(user).filter(
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
            Statement.objects.visible_to(user)
            .filter(event=event, source__in=[left, right])
            .select_related("speaker", "side")
            .prefetch_related("topics")
            .order_by("position", "id")
        )
        left_statements = [s for s in statements if s.source_id == left.pk]
        right_statements = [s for s in statements if s.source_id == right.pk]
        rows = align(left_statements, right_statements)
        left_only, right_only = only_one_side(rows)
        colours = speakers(statements, speaker_key)  # the same in both texts
        for source, mine in ((left, left_statements), (right, right_statements)):
            spans = [speaker_span(s, colours[speaker_key(s)], "c")
                     for s in mine if s.start is not None]  # fmt: skip
            source.highlighted = highlight_spans(source.text, spans)
        highlighted = {speaker_key(s) for s in statements if s.start is not None}
        context.update(
            legend=[colours[key] for key in colours if key in highlighted],
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
