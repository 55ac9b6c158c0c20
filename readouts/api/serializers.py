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
