"""What the lists export: one column specification per list, which every format writes
(stream.py for CSV and JSON, xlsx.py for Excel), over the list's own filtered queryset with the
export's columns added (`ExportSpec.annotate`)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import (
    Case,
    CharField,
    F,
    Func,
    OuterRef,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat

from ..choices import EventKind
from ..models import Participant, Source, Statement, Topic, statement_count


@dataclass(frozen=True)
class Column:
    """One exported column: its header, the field or annotation of the list's rows it shows, and
    its kind, which says how each format writes it: text, int, date, list (of texts), or url (the
    row's page in the portal: the site's address, `path`, the value and a slash)."""

    header: str
    field: str
    kind: str = "text"
    path: str = ""


@dataclass(frozen=True)
class ExportSpec:
    name: str  # the list's name, used in the file name
    columns: tuple
    annotate: Callable  # the list's filtered queryset -> the same rows with the export's columns

    def headers(self):
        return [c.header for c in self.columns]

    def query(self, queryset):
        """The one query every format reads: the list's rows with the export's columns, one
        value per column, in the list's order."""
        return self.annotate(queryset).values_list(*[F(column.field) for column in self.columns])


def kind_label(field):
    """The readable label of an event kind code ("phone_call" -> "Phone call")."""
    whens = [When(**{field: code}, then=Value(label)) for code, label in EventKind.choices]
    return Case(*whens, default=F(field), output_field=CharField())


def iso_time(field):
    """A timestamp as ISO 8601 text in UTC (the connection's time zone), to the second."""
    return Func(
        F(field),
        Value('YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        function="to_char",
        output_field=CharField(),
    )


def event_columns(queryset):
    participants = (
        Participant.objects.filter(event=OuterRef("pk"))
        .order_by("order", "id")
        .annotate(
            label=Concat(
                F("actor__name"),
                Value(" ("),
                Coalesce(F("side__code"), F("side__name"), Value("?")),
                Value(")"),
            )
        )
        .values("label")
    )
    sources = Source.objects.filter(event=OuterRef("pk")).order_by("published_on", "id")
    return queryset.annotate(
        participant_labels=ArraySubquery(participants),
        countries=ArraySubquery(
            Participant.objects.filter(event=OuterRef("pk"), side__isnull=False)
            .order_by("order", "id")
            .values("side__code")
        ),
        publishers=ArraySubquery(sources.values("publisher__name")),
        source_urls=ArraySubquery(sources.values("url")),
        kind_label=kind_label("kind"),
        # Of its published statements: the figures an analyst cites, whoever exports.
        topic_names=ArraySubquery(
            Topic.objects.filter(statements__event=OuterRef("pk"), statements__is_public=True)
            .order_by("name")
            .values("name")
            .distinct()
        ),
        statement_count=statement_count(None),  # the count each event keeps of them
        updated_iso=iso_time("updated_at"),
    )


EVENT_EXPORT = ExportSpec(
    name="events",
    annotate=event_columns,
    columns=(
        Column("id", "id", "int"),
        Column("portal_url", "id", "url", path="/events/"),
        Column("date", "occurred_on", "date"),
        Column("date_precision", "date_precision"),
        Column("kind", "kind"),
        Column("title", "title"),
        Column("location", "location"),
        Column("participants", "participant_labels", "list"),
        Column("countries", "countries", "list"),
        Column("publishers", "publishers", "list"),
        Column("source_urls", "source_urls", "list"),
        Column("summary", "summary"),
        Column("status", "status"),
        # Appended (CONTRACT.md: scripts read the columns above by name and place).
        Column("kind_label", "kind_label"),
        Column("topics", "topic_names", "list"),
        Column("statement_count", "statement_count", "int"),
        Column("updated_at", "updated_iso"),
    ),
)


class LinkedNames(Func):
    """The names of a statement's linked records (its topics, the actors it mentions), as an
    array in the order of their ids.

    For speed: the names come from a map of every id to its name that PostgreSQL builds once per
    query, so each row costs one index-only look-up of its links, where joining the names for
    every row cost three times as much (a quarter of a million-row export's time)."""

    template = (
        "ARRAY(SELECT (SELECT jsonb_object_agg(n.id, n.name) FROM %(names)s n) "
        "->> l.%(target)s::text FROM %(links)s l "
        "WHERE l.statement_id = %(expressions)s ORDER BY l.%(target)s)"
    )

    def __init__(self, field_name):
        field = Statement._meta.get_field(field_name)
        through = field.remote_field.through._meta
        quote = connection.ops.quote_name
        super().__init__(
            F("pk"),
            names=quote(field.related_model._meta.db_table),
            links=quote(through.db_table),
            target=quote(field.m2m_reverse_name()),
            output_field=ArrayField(models.TextField()),
        )


def statement_columns(queryset):
    first_source = Source.objects.filter(event=OuterRef("event_id")).order_by("published_on", "id")
    return queryset.annotate(
        speaker_name=F("speaker__name"),
        side_code=Coalesce(F("side__code"), F("side__name")),
        event_title=F("event__title"),
        source_url=Coalesce(F("source__url"), first_source.values("url")[:1]),
        publisher_name=Coalesce(
            F("source__publisher__name"), first_source.values("publisher__name")[:1]
        ),
        topic_names=LinkedNames("topics"),
        mention_names=LinkedNames("mentions"),
        event_kind_label=kind_label("event_kind"),
        updated_iso=iso_time("updated_at"),
    )


STATEMENT_EXPORT = ExportSpec(
    name="statements",
    annotate=statement_columns,
    columns=(
        Column("id", "id", "int"),
        Column("portal_url", "id", "url", path="/statements/"),
        Column("date", "occurred_on", "date"),
        Column("event_id", "event_id", "int"),
        Column("event_url", "event_id", "url", path="/events/"),
        Column("event_title", "event_title"),
        Column("event_kind", "event_kind"),
        Column("speaker", "speaker_name"),
        Column("side", "side_code"),
        Column("mode", "mode"),
        Column("text", "text"),
        Column("topics", "topic_names", "list"),
        Column("mentions", "mention_names", "list"),
        Column("publisher", "publisher_name"),
        Column("source_url", "source_url"),
        Column("span_start", "start", "int"),
        Column("span_end", "end", "int"),
        Column("status", "status"),
        # Appended (CONTRACT.md: scripts read the columns above by name and place).
        Column("event_kind_label", "event_kind_label"),
        Column("updated_at", "updated_iso"),
    ),
)
