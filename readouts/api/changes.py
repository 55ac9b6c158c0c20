"""`/api/v1/changes/`: what was created, changed, published, unpublished or deleted since a
time or a cursor, read from the change history the portal keeps (django-simple-history), so
that a local copy stays in step without downloading everything again.

Each history table is read in its own order (history_date, history_id: an index), the pages
merged in Python: no UNION over millions of history rows, and a keyset cursor
(time, table, history id) that no later change shifts."""

import datetime

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from ..choices import Status
from ..models import Event, Participant, Source, Statement, can_see_drafts
from .views import Recorded, encode, page_size
from .views import decode as cursor_key

PUBLISHED = Status.PUBLISHED

# (the table's name in cursors, the history model, what it reports as): participants and
# sources are part of their event, so their changes are the event's.
TABLES = [
    ("event", Event.history.model, "event"),
    ("participant", Participant.history.model, "event"),
    ("source", Source.history.model, "event"),
    ("statement", Statement.history.model, "statement"),
]


def rows_after(table, model, key, user, size):
    """Up to `size` history rows of one table after `key` = (time, table, history id)."""
    at, after_table, after_id = key
    if table > after_table:
        position = Q(history_date__gte=at)
    elif table == after_table:
        position = Q(history_date__gt=at) | Q(history_date=at, history_id__gt=after_id)
    else:
        position = Q(history_date__gt=at)
    rows = model.objects.filter(position)
    has_status = table in ("event", "statement")
    if has_status:
        before = model.objects.filter(id=OuterRef("id")).filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        rows = rows.annotate(
            previous=Subquery(before.order_by("-history_date", "-history_id").values("status")[:1])
        )
    if not can_see_drafts(user):
        # An analyst hears of a record while it is, or just stopped being, published; of a
        # statement only while its event is published (an event's publication carries its
        # statements: the event's entry says so); of an event's parts while it is published.
        event_ref = OuterRef("id") if table == "event" else OuterRef("event_id")
        published_event = Exists(Event.objects.filter(pk=event_ref, status=PUBLISHED))
        if table == "event":
            rows = rows.filter(Q(status=PUBLISHED) | Q(previous=PUBLISHED))
        elif table == "statement":
            rows = rows.filter(published_event).filter(Q(status=PUBLISHED) | Q(previous=PUBLISHED))
        else:
            rows = rows.filter(published_event)
    fields = ["history_date", "history_id", "history_type", "id"]
    fields += ["status", "previous"] if has_status else ["event_id"]
    if table == "statement":
        fields.append("event_id")
    return [
        {"table": table, **row}
        for row in rows.order_by("history_date", "history_id").values(*fields)[:size]
    ]


def action_of(row):
    kind = row["history_type"]
    if kind == "+":
        return "created"
    if kind == "-":
        return "deleted"
    if "status" in row and row["previous"] is not None and row["previous"] != row["status"]:
        return "published" if row["status"] == PUBLISHED else "unpublished"
    return "changed"


def decode(raw):
    """The (time, table, history id) a cursor holds, or a 404."""
    try:
        at, table, history_id = cursor_key(raw, 3)
        at = parse_datetime(at)
        # A table's name, or "" for the key before a time's first change (read_since).
        tables = {"", *(t for t, _, _ in TABLES)}
        if at is None or table not in tables or type(history_id) is not int:
            raise ValueError
    except (ValueError, TypeError):
        raise exceptions.NotFound("Invalid cursor") from None
    return at, table, history_id


def read_since(raw):
    """A time (ISO 8601; a date means its midnight, UTC) as the key before its first change."""
    raw = raw.strip().replace(" ", "+")  # a "+" in a URL's query arrives as a space
    try:
        at = parse_datetime(raw)
        if at is None:
            day = parse_date(raw) if len(raw) == 10 else None
            at = datetime.datetime.combine(day, datetime.time()) if day else None
    except ValueError:  # well formed, but no such day or time
        at = None
    if at is None:
        raise exceptions.ValidationError(
            {"since": ["A time as ISO 8601, e.g. 2026-12-01T00:00:00Z, or a date."]}
        )
    if timezone.is_naive(at):
        at = timezone.make_aware(at, datetime.UTC)
    return at, "", 0


ENTRY = {
    "at": serializers.DateTimeField(),
    "object": serializers.ChoiceField(["event", "statement"]),
    "id": serializers.IntegerField(),
    "action": serializers.ChoiceField(
        ["created", "changed", "published", "unpublished", "deleted"]
    ),
    "event_id": serializers.IntegerField(allow_null=True),
    "url": serializers.URLField(allow_null=True),
}


class Changes(Recorded, APIView):
    """What changed since `since` (a time) or `cursor` (the `resume` of an earlier answer), oldest
    first. An analyst's token hears only of what it may see: a record published, changed while
    published, unpublished or deleted. Keep `resume` and ask again with `cursor=` later."""

    audit_name = "changes"
    page_size, max_page_size = 500, 5000

    @extend_schema(
        parameters=[
            OpenApiParameter("since", str, description="ISO 8601 time or date."),
            OpenApiParameter("cursor", str, description="An earlier answer's `next` or `resume`."),
            OpenApiParameter("page_size", int, description="1 to 5000 (default 500)."),
        ],
        responses=inline_serializer(
            "Changes",
            {
                "results": inline_serializer("Change", ENTRY, many=True),
                "next": serializers.URLField(allow_null=True),
                "resume": serializers.CharField(),
            },
        ),
    )
    def get(self, request):
        params = request.query_params
        unknown = [name for name in params if name not in ("since", "cursor", "page_size")]
        if unknown:
            raise exceptions.ValidationError(
                {"parameters": [f"Unknown parameter “{name[:40]}”: this list's are since, "
                                "cursor, page_size." for name in unknown]}
            )  # fmt: skip
        if params.get("cursor"):
            key = decode(params["cursor"])
        elif params.get("since"):
            key = read_since(params["since"])
        else:
            raise exceptions.ValidationError(
                {"since": ["Say since when: since=2026-12-01T00:00:00Z, or a cursor."]}
            )
        size = page_size(params.get("page_size"), self.page_size, self.max_page_size)
        rows = []
        for table, model, _ in TABLES:
            rows += rows_after(table, model, key, request.user, size + 1)
        rows.sort(key=lambda r: (r["history_date"], r["table"], r["history_id"]))
        more, rows = len(rows) > size, rows[:size]
        last = (
            (rows[-1]["history_date"], rows[-1]["table"], rows[-1]["history_id"]) if rows else key
        )
        resume = encode(last)
        return Response({
            "results": [self.entry(request, row) for row in rows],
            "next": replace_query_param(request.build_absolute_uri(), "cursor", resume)
            if more else None,
            "resume": resume,
        })  # fmt: skip

    def entry(self, request, row):
        reported = {t: r for t, _, r in TABLES}[row["table"]]
        if reported == "event":
            object_id = row["id"] if row["table"] == "event" else row["event_id"]
            action = action_of(row) if row["table"] == "event" else "changed"
            event_id = None
        else:
            object_id, action, event_id = row["id"], action_of(row), row["event_id"]
        gone = action in ("deleted", "unpublished") and not can_see_drafts(request.user)
        url = None
        if not gone and action != "deleted":
            url = request.build_absolute_uri(reverse(f"api:{reported}-detail", args=[object_id]))
        return {
            "at": row["history_date"],
            "object": reported,
            "id": object_id,
            "action": action,
            "event_id": event_id,
            "url": url,
        }
