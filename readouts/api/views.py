"""The API's endpoints. The event and statement lists take exactly their pages' filters (the
same FilterSets, validated as strictly: an unknown parameter is a 400 naming it) and page with
cursors, stable under inserts and as fast at any depth. Every call is recorded in the audit
trail, which also counts the hourly quota (auth.py)."""

import base64
import binascii
import json

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import BasePagination
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from .. import audit
from ..browse.facets.counting import count_capped
from ..browse.views import lists
from ..cache import data_version, remember
from ..models import Actor, Event, Participant, Publisher, Source, Statement, Topic, statement_count
from . import serializers
from .tokens import ApiToken

PAGING = ("cursor", "page_size", "format")
EXPORT_FORMATS = ("csv", "xlsx")


class StrictFilterBackend(BaseFilterBackend):
    """The list's FilterSet (`view.filterset_class`), as its page reads it: repeated values
    once, and a parameter that is not one of its filters (nor of the paging), or one with too
    many values, or a value it cannot read, refused with a 400 naming it."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = view.filterset_class
        data, problems = lists.read_query(request.query_params, filterset_class, PAGING)
        if problems:
            raise exceptions.ValidationError({"parameters": problems})
        filterset = filterset_class(data, queryset=queryset, request=request)
        if not filterset.is_valid():
            raise exceptions.ValidationError(
                {name: list(errors) for name, errors in filterset.errors.items()}
            )
        view.filterset = filterset
        return filterset.qs

    def get_schema_operation_parameters(self, view):
        return [
            {"name": name, "required": False, "in": "query",
             "description": str(f.extra.get("help_text") or f.label or name),
             "schema": {"type": "string"}}
            for name, f in view.filterset_class.base_filters.items()
        ]  # fmt: skip


class Cursor(BasePagination):
    """Keyset pages: the cursor holds the sort key of the last row sent, and the next page is
    the rows after it in the list's order. Rows added or removed meanwhile shift nothing, and
    page ten thousand costs what page one does (an index seek, where the order has one).
    `{"count", "count_exact", "next", "previous", "results"}`; `previous` is always null: a
    client that wants to go back keeps the cursors it followed."""

    page_size = 100
    max_page_size = 1000
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.request, self.view = request, view
        self.fields = view.ordering()
        size = page_size(request.query_params.get("page_size"), self.page_size, self.max_page_size)
        raw = request.query_params.get(self.cursor_query_param)
        if raw is not None:
            try:
                queryset = queryset.filter(after(self.fields, decode(raw, len(self.fields))))
            except (ValueError, TypeError, ValidationError):
                raise exceptions.NotFound("Invalid cursor") from None
        rows = list(queryset.order_by(*self.fields)[: size + 1])
        self.more, self.rows = len(rows) > size, rows[:size]
        return self.rows

    def get_paginated_response(self, data):
        count, exact = self.view.count()
        return Response(
            {
                "count": count,
                "count_exact": exact,
                "next": self.next_link(),
                "previous": None,
                "results": data,
            }
        )

    def next_link(self):
        if not self.more:
            return None
        last = self.rows[-1]
        key = [getattr(last, field.lstrip("-")) for field in self.fields]
        return replace_query_param(
            self.request.build_absolute_uri(), self.cursor_query_param, encode(key)
        )

    def get_schema_operation_parameters(self, view):
        return [
            {"name": "cursor", "required": False, "in": "query", "schema": {"type": "string"},
             "description": "From the previous page's `next`."},
            {"name": "page_size", "required": False, "in": "query",
             "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
             "description": f"Rows a page (default {self.page_size})."},
        ]  # fmt: skip

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "next", "results"],
            "properties": {
                "count": {"type": "integer", "description": "Rows matching the filters."},
                "count_exact": {"type": "boolean", "description": "False: an estimate."},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }


def page_size(raw, default, maximum):
    """The `page_size` asked for (ASCII digits: "²" is a digit to str.isdigit), or a 400."""
    if raw in (None, ""):
        return default
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= maximum:
        raise exceptions.ValidationError({"page_size": [f"A whole number from 1 to {maximum}."]})
    return int(raw)


def encode(key):
    text = json.dumps(
        [v.isoformat() if hasattr(v, "isoformat") else v for v in key], separators=(",", ":")
    )
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(raw, length):
    """The key a cursor holds: `length` plain values (strings and numbers), or ValueError."""
    if len(raw) > 2000:
        raise ValueError("too long")
    try:
        key = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError("unreadable") from error
    if not (isinstance(key, list) and len(key) == length):
        raise ValueError("not a key of this list")
    if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in key):
        raise ValueError("not a key of this list")
    return key


def after(fields, key):
    """The rows after `key` in the order `fields` (each ascending, or descending with "-"):
    (a > x) or (a = x and (b > y or (b = y and ...)))."""
    condition = None
    for field, value in reversed(list(zip(fields, key, strict=True))):
        name = field.lstrip("-")
        beyond = Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": value})
        condition = beyond if condition is None else beyond | (Q(**{name: value}) & condition)
    return condition


class ExportFormat(BaseRenderer):
    """`?format=csv|xlsx` on a list: the list page's export of every filtered row. The views
    answer it with the export itself; this only lets content negotiation accept the name."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        raise exceptions.NotAcceptable("Exports are written by the list view.")


class CsvFormat(ExportFormat):
    media_type, format = "text/csv", "csv"


class XlsxFormat(ExportFormat):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"


class Recorded:
    """Every call of a signed-in user or a token goes to the audit trail: who, what, when, how
    many rows."""

    audit_name = ""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and response.status_code != 429:
            rows = None
            data = getattr(response, "data", None)
            if response.status_code == 200 and isinstance(data, dict):
                rows = len(data["results"]) if "results" in data else 1
            audit.record(
                request._request, audit.AuditEvent.Action.API, user,
                list_name=self.audit_name[:30],
                format=request.query_params.get("format", "json")[:10],
                filters={k: v for k, v in request.query_params.lists() if k != "cursor"},
                row_count=rows,
                token=request.auth if isinstance(request.auth, ApiToken) else None,
            )  # fmt: skip
        return response


class FilteredList(Recorded, generics.ListAPIView):
    """A list with its page's filters, its count, its cursors and its exports."""

    filter_backends = [StrictFilterBackend]
    pagination_class = Cursor
    kind = None  # lists.EVENTS or lists.STATEMENTS
    orderings = {}  # `sort` value -> the fields a cursor follows
    filterset = None

    def get_renderers(self):
        return [*super().get_renderers(), CsvFormat(), XlsxFormat()]

    def finalize_response(self, request, response, *args, **kwargs):
        # Anything but the export itself (an error, say) in answer to `format=csv|xlsx` is
        # written in JSON, like every other answer.
        if isinstance(response, Response) and isinstance(
            getattr(request, "accepted_renderer", None), ExportFormat
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        fmt = request.query_params.get("format")
        if fmt in EXPORT_FORMATS:
            return self.export(request, fmt)
        return super().list(request, *args, **kwargs)

    def export(self, request, fmt):
        data, problems = lists.read_query(request.query_params, self.filterset_class, PAGING)
        if problems:
            raise exceptions.ValidationError({"parameters": problems})
        plain = self.kind.model.objects.visible_to(request.user)
        filterset = self.filterset_class(data, queryset=plain, request=request._request)
        if not filterset.is_valid():
            raise exceptions.ValidationError(
                {name: list(errors) for name, errors in filterset.errors.items()}
            )
        return lists.export(request._request, self.kind, filterset, True, fmt)

    def ordering(self):
        sort = self.filterset.form.cleaned_data.get("sort") or ""
        if isinstance(sort, list):  # django-filter's OrderingFilter gives a list
            sort = sort[0] if sort else ""
        if sort not in self.orderings:
            raise exceptions.ValidationError({
                "sort": [f"The API pages by {', '.join(o for o in self.orderings if o)}; "
                         f"“{sort}” is for the list page and its exports."]
            })  # fmt: skip
        return self.orderings[sort]

    def count(self):
        """(rows, exact) of the filter, counted once per data version, as the page does."""
        key = ("api-count", lists.list_state(self.kind.name, self.filterset))
        return remember(data_version(), key, lambda: count_capped(self.filterset.qs))


class EventList(FilteredList):
    """Events, newest first, with their participants, sources and statement counts: the event
    list's filters. `?format=csv|xlsx` downloads every filtered row, as the page's export."""

    audit_name = "events"
    kind = lists.EVENTS
    filterset_class = lists.EVENTS.filterset
    serializer_class = serializers.EventOut
    orderings = {
        # As the page orders them (EventFilterSet.filter_queryset).
        "": ("-occurred_on", "-id"),
        "-date": ("-occurred_on", "-id"),
        "date": ("occurred_on", "-id"),
        "title": ("title", "-id"),
        "-title": ("-title", "-id"),
        "kind": ("kind", "-id"),
        "-kind": ("-kind", "-id"),
    }

    def get_queryset(self):
        return events_for(self.request.user)


class StatementList(FilteredList):
    """Statements, newest first, with speaker, side, mode, topics, text and span: the statement
    list's filters. `?format=csv|xlsx` downloads every filtered row, as the page's export."""

    audit_name = "statements"
    kind = lists.STATEMENTS
    filterset_class = lists.STATEMENTS.filterset
    serializer_class = serializers.StatementOut
    # As the page orders them (StatementFilterSet.filter_queryset).
    orderings = {
        "": ("-occurred_on", "-event_id", "position", "-id"),
        "-date": ("-occurred_on", "-event_id", "position", "-id"),
        "date": ("occurred_on", "event_id", "position", "id"),
    }

    def get_queryset(self):
        return statements_for(self.request.user)


def events_for(user):
    participants = (
        Participant.objects.select_related("actor", "side")
        .only("id", "event_id", "title", *(f"{r}__{f}" for r in ("actor", "side") for f in ACTOR))
        .order_by("order", "id")
    )
    sources = Source.objects.select_related("publisher").only(
        "id", "event_id", "title", "url", "language", "published_on",
        "publisher__id", "publisher__slug", "publisher__name",
    )  # fmt: skip
    return (
        Event.objects.visible_to(user)
        .defer("search")
        .annotate(statement_count=statement_count(user))
        .prefetch_related(
            Prefetch("participants", participants),
            Prefetch("sources", sources.order_by("-published_on", "id")),
        )
    )


ACTOR = ("id", "slug", "name", "kind", "code")


def statements_for(user):
    fields = [
        "id", "mode", "text", "start", "end", "position", "status", "occurred_on",
        "created_at", "updated_at", "event__id", "event__title", "event__occurred_on",
        "event__kind", "source__id", "source__title", "source__url", "source__language",
        "source__published_on", "source__publisher__id", "source__publisher__slug",
        "source__publisher__name",
        *(f"{relation}__{field}" for relation in ("speaker", "side") for field in ACTOR),
    ]  # fmt: skip
    return (
        Statement.objects.visible_to(user)
        .select_related("event", "speaker", "side", "source__publisher")
        .only(*fields)
        .prefetch_related(
            Prefetch("topics", Topic.objects.only("id", "slug", "name").order_by("name", "id"))
        )  # fmt: skip
    )


class EventDetail(Recorded, generics.RetrieveAPIView):
    """One event; a draft is a 404 to an analyst, as on its page."""

    audit_name = "event"
    serializer_class = serializers.EventOut

    def get_queryset(self):
        return events_for(self.request.user)


class StatementDetail(Recorded, generics.RetrieveAPIView):
    """One statement; a draft is a 404 to an analyst, as on its page."""

    audit_name = "statement"
    serializer_class = serializers.StatementOut

    def get_queryset(self):
        return statements_for(self.request.user)


class NameFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name contains")


class ActorFilterSet(NameFilterSet):
    class Meta:
        model = Actor
        fields = ["kind", "code"]


class TopicFilterSet(NameFilterSet):
    class Meta:
        model = Topic
        fields = []


class PublisherFilterSet(NameFilterSet):
    class Meta:
        model = Publisher
        fields = []


class NamedList(Recorded, generics.ListAPIView):
    """People, countries, organisations, topics or publishers the user may see, by name."""

    filter_backends = [StrictFilterBackend]
    pagination_class = Cursor

    def ordering(self):
        return ("name", "id")

    def count(self):
        return self.filterset.qs.count(), True


class ActorList(NamedList):
    """People, countries and organisations named in what the user may see."""

    audit_name = "actors"
    serializer_class = serializers.ActorOut
    filterset_class = ActorFilterSet

    def get_queryset(self):
        return Actor.objects.visible_to(self.request.user).select_related("country")


class TopicList(NamedList):
    """Topics with a statement the user may see (and the topics above them)."""

    audit_name = "topics"
    serializer_class = serializers.TopicOut
    filterset_class = TopicFilterSet

    def get_queryset(self):
        return Topic.objects.visible_to(self.request.user).select_related("parent")


class PublisherList(NamedList):
    """Publishers of the sources the user may see."""

    audit_name = "publishers"
    serializer_class = serializers.PublisherOut
    filterset_class = PublisherFilterSet

    def get_queryset(self):
        return Publisher.objects.visible_to(self.request.user).select_related("country")


class Index(Recorded, APIView):
    """What the API offers, and where everything at once comes from."""

    audit_name = "index"

    @extend_schema(exclude=True)
    def get(self, request):
        def url(name):
            return request.build_absolute_uri(reverse(f"api:{name}"))

        return Response({
            "events": url("event-list"),
            "statements": url("statement-list"),
            "actors": url("actor-list"),
            "topics": url("topic-list"),
            "publishers": url("publisher-list"),
            "changes": url("changes") + "?since=2026-01-01",
            "schema": url("schema"),
            "docs": url("docs"),
            "paging": "Lists page with cursors: follow `next` until it is null. "
                      f"`page_size` up to {Cursor.max_page_size} (default {Cursor.page_size}).",
            "everything_at_once": "Add format=csv or format=xlsx to the events or statements "
                                  "list (with any of its filters) for every matching row in one "
                                  "download, as the list pages' exports.",
            "quota": f"{settings.API_CALLS_PER_HOUR} calls an hour per token.",
        })  # fmt: skip
