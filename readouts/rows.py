"""The rows of a list page, read as tuples and named from the process's labels (labels.py).

A page of 50 statements read as model instances, with their speakers, sides and events joined
and their topics prefetched, makes some 250 model instances and a query per relation; the
events' page makes some 400. The rows here are the few values the page shows (fragments.py
writes them), in one query for the statements, three for the events, and their actors, topics
and publishers come from the labels every page of the process shares.
"""

from .choices import EventKind, StatementMode
from .labels import labels
from .pagination import Windowed

STATEMENT_MODES = dict(StatementMode.choices)
EVENT_KINDS = dict(EventKind.choices)


class Linked:
    """A row whose page is the detail view VIEW of its id."""

    __slots__ = ()
    VIEW = None

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse(self.VIEW, args=[self.pk])


class EventRef(Linked):
    """The event of a statement row: its id and title."""

    __slots__ = ("pk", "title")
    VIEW = "readouts:event_detail"

    def __init__(self, pk, title):
        self.pk, self.title = pk, title


class StatementRow(Linked):
    __slots__ = ("pk", "mode", "text", "occurred_on", "event", "speaker", "side", "topics",
                 "snippet")  # fmt: skip
    VIEW = "readouts:statement_detail"

    def get_mode_display(self):
        return STATEMENT_MODES.get(self.mode, self.mode)


STATEMENT_COLUMNS = ("pk", "mode", "text", "occurred_on", "event_id", "event__title",
                     "speaker_id", "side_id", "topic_ids")  # fmt: skip


def statement_rows(queryset, snippet=False):
    """The statements of `queryset` (sliced or filtered to a page) as rows."""
    columns = (*STATEMENT_COLUMNS, "snippet") if snippet else STATEMENT_COLUMNS
    found = list(queryset.values_list(*columns))
    names = labels()
    actors = names.actors.complete(v[i] for v in found for i in (6, 7))
    names.topics.complete(pk for v in found for pk in v[8] or ())
    out = []
    for values in found:
        row = StatementRow()
        (row.pk, row.mode, row.text, row.occurred_on, event_id, title, speaker, side,
         topic_ids) = values[:9]  # fmt: skip
        row.event = EventRef(event_id, title)
        row.speaker = actors.get(speaker)
        row.side = actors.get(side)
        row.topics = names.topic_list(topic_ids)
        row.snippet = values[9] if snippet else None
        out.append(row)
    return out


class Participation:
    __slots__ = ("actor", "side")

    def __init__(self, actor, side):
        self.actor, self.side = actor, side


class SourceRef:
    __slots__ = ("publisher",)

    def __init__(self, publisher):
        self.publisher = publisher


class EventRow(Linked):
    __slots__ = ("pk", "occurred_on", "date_precision", "title", "kind", "location", "status",
                 "statement_total", "participants", "sources")  # fmt: skip
    VIEW = "readouts:event_detail"

    def get_kind_display(self):
        return EVENT_KINDS.get(self.kind, self.kind)


EVENT_COLUMNS = ("pk", "occurred_on", "date_precision", "title", "kind", "location", "status",
                 "statement_total")  # fmt: skip


def event_rows(queryset):
    """The events of `queryset` (sliced to a page, annotated with `statement_total`) as rows,
    with their participants and the publishers of their sources (a query each)."""
    from .models import Participant, Source

    events = []
    for values in queryset.values_list(*EVENT_COLUMNS):
        row = EventRow()
        (row.pk, row.occurred_on, row.date_precision, row.title, row.kind, row.location,
         row.status, row.statement_total) = values  # fmt: skip
        row.participants, row.sources = [], []
        events.append(row)
    if not events:
        return events
    by_id = {row.pk: row for row in events}
    participants = list(
        Participant.objects.filter(event_id__in=list(by_id))
        .order_by("order", "id")
        .values_list("event_id", "actor_id", "side_id")
    )
    sources = list(
        Source.objects.filter(event_id__in=list(by_id))
        .order_by("-published_on", "id")
        .values_list("event_id", "publisher_id")
    )
    names = labels()
    actors = names.actors.complete(pk for p in participants for pk in p[1:])
    publishers = names.publishers.complete(p for _, p in sources)
    for event_id, actor_id, side_id in participants:
        actor = actors.get(actor_id)
        if actor is not None:
            by_id[event_id].participants.append(Participation(actor, actors.get(side_id)))
    for event_id, publisher_id in sources:
        publisher = publishers.get(publisher_id)
        if publisher is not None:
            by_id[event_id].sources.append(SourceRef(publisher))
    return events


class ReadAsRows(Windowed):
    """A queryset whose page is read as rows by `convert` (a sliced queryset -> rows), lazily,
    like the queryset's own slice: a page whose rows are a cached fragment reads nothing."""

    def __init__(self, queryset, convert, writer=None):
        self.queryset, self.convert, self.writer = queryset, convert, writer

    def fetch(self, window):
        return self.convert(self.queryset[window])
