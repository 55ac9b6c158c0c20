"""What the API writes of each record: its id, its portal URL, `updated_at`, and nested what
an analyst needs without a second call. Read-only, from querysets that views.py prepares with
their related rows (a bounded number of queries whatever the page size)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Actor, Event, Participant, Publisher, Source, Statement, Topic


@extend_schema_field(OpenApiTypes.URI)
class PortalUrl(serializers.Field):
    """The record's page in the portal, as an absolute URL."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url

    def to_internal_value(self, data):  # pragma: no cover - read-only API
        raise NotImplementedError


# The two big lists write their rows by hand (below, `to_representation`): DRF's field-by-field
# machinery cost more than the rows' query for a page of nested statements. The declared
# fields still describe them to the schema, and tests/api/test_schemathesis.py checks that
# what is written matches it.


def portal_base(context):
    """The portal's address, once per response: `https://host/`."""
    if "portal_base" not in context:
        request = context.get("request")
        context["portal_base"] = request.build_absolute_uri("/") if request else "/"
    return context["portal_base"]


def day(value):
    return value.isoformat() if value is not None else None


def moment(value):
    """As DRF's DateTimeField writes it (UTC, with Z)."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def actor_ref(actor):
    if actor is None:
        return None
    return {"id": actor.id, "slug": actor.slug, "name": actor.name, "kind": actor.kind,
            "code": actor.code}  # fmt: skip


def source_out(source):
    if source is None:
        return None
    publisher = source.publisher
    return {
        "id": source.id,
        "publisher": {"id": publisher.id, "slug": publisher.slug, "name": publisher.name},
        "title": source.title, "url": source.url, "language": source.language,
        "published_on": day(source.published_on),
    }  # fmt: skip


class ActorRef(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["id", "slug", "name", "kind", "code"]


class PublisherRef(serializers.ModelSerializer):
    class Meta:
        model = Publisher
        fields = ["id", "slug", "name"]


class TopicRef(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "slug", "name"]


class ParticipantOut(serializers.ModelSerializer):
    actor = ActorRef()
    side = ActorRef(allow_null=True)

    class Meta:
        model = Participant
        fields = ["actor", "title", "side"]


class SourceOut(serializers.ModelSerializer):
    publisher = PublisherRef()

    class Meta:
        model = Source
        fields = ["id", "publisher", "title", "url", "language", "published_on"]


class EventRef(serializers.ModelSerializer):
    url = PortalUrl()

    class Meta:
        model = Event
        fields = ["id", "url", "title", "occurred_on", "kind"]


class EventOut(serializers.ModelSerializer):
    url = PortalUrl()
    kind_label = serializers.CharField(source="get_kind_display")
    participants = ParticipantOut(many=True)
    sources = SourceOut(many=True)
    statement_count = serializers.IntegerField()

    class Meta:
        model = Event
        fields = [
            "id", "url", "title", "occurred_on", "date_precision", "kind", "kind_label",
            "location", "summary", "status", "statement_count", "participants", "sources",
            "created_at", "updated_at",
        ]  # fmt: skip

    def to_representation(self, event):
        base = portal_base(self.context)
        return {
            "id": event.id, "url": f"{base}events/{event.id}/", "title": event.title,
            "occurred_on": day(event.occurred_on), "date_precision": event.date_precision,
            "kind": event.kind, "kind_label": event.get_kind_display(),
            "location": event.location, "summary": event.summary, "status": event.status,
            "statement_count": event.statement_count,
            "participants": [
                {"actor": actor_ref(p.actor), "title": p.title, "side": actor_ref(p.side)}
                for p in event.participants.all()
            ],
            "sources": [source_out(source) for source in event.sources.all()],
            "created_at": moment(event.created_at), "updated_at": moment(event.updated_at),
        }  # fmt: skip


class StatementOut(serializers.ModelSerializer):
    url = PortalUrl()
    event = EventRef()
    speaker = ActorRef(allow_null=True)
    side = ActorRef(allow_null=True)
    topics = TopicRef(many=True)
    source = SourceOut(allow_null=True)
    span = serializers.SerializerMethodField()

    class Meta:
        model = Statement
        fields = [
            "id", "url", "event", "occurred_on", "speaker", "side", "mode", "text", "topics",
            "source", "span", "position", "status", "created_at", "updated_at",
        ]  # fmt: skip

    def get_span(self, obj) -> list[int] | None:
        """[start, end) of the words in the source's text, or null."""
        return [obj.start, obj.end] if obj.start is not None else None

    def to_representation(self, statement):
        base = portal_base(self.context)
        event = statement.event
        return {
            "id": statement.id, "url": f"{base}statements/{statement.id}/",
            "event": {"id": event.id, "url": f"{base}events/{event.id}/", "title": event.title,
                      "occurred_on": day(event.occurred_on), "kind": event.kind},
            "occurred_on": day(statement.occurred_on),
            "speaker": actor_ref(statement.speaker), "side": actor_ref(statement.side),
            "mode": statement.mode, "text": statement.text,
            "topics": [{"id": t.id, "slug": t.slug, "name": t.name}
                       for t in statement.topics.all()],
            "source": source_out(statement.source), "span": self.get_span(statement),
            "position": statement.position, "status": statement.status,
            "created_at": moment(statement.created_at),
            "updated_at": moment(statement.updated_at),
        }  # fmt: skip


class ActorOut(serializers.ModelSerializer):
    url = PortalUrl()
    country = ActorRef(allow_null=True)

    class Meta:
        model = Actor
        fields = ["id", "url", "slug", "name", "kind", "code", "aliases", "country", "updated_at"]


class TopicOut(serializers.ModelSerializer):
    url = PortalUrl()
    parent = TopicRef(allow_null=True)

    class Meta:
        model = Topic
        fields = ["id", "url", "slug", "name", "parent", "description", "updated_at"]


class PublisherOut(serializers.ModelSerializer):
    country = ActorRef(allow_null=True)

    class Meta:
        model = Publisher
        fields = ["id", "slug", "name", "country", "website", "is_synthetic", "updated_at"]
