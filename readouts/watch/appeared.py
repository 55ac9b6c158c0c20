"""When a record first became visible to analysts: the first time its history shows it
published (and, for a statement, its event too), or its creation where no history says
(records loaded in bulk). A record edited later does not count as new again."""

from django.db.models import DateTimeField, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest

from ..choices import Status
from ..models import Event, Statement


def first_published(history_model, ref):
    rows = history_model.objects.filter(id=ref, status=Status.PUBLISHED).order_by()
    return Subquery(
        rows.values("id").annotate(first=Min("history_date")).values("first")[:1],
        output_field=DateTimeField(),
    )


def event_appeared(queryset):
    return queryset.annotate(
        appeared=Coalesce(first_published(Event.history.model, OuterRef("pk")), "created_at")
    )


def statement_appeared(queryset):
    own = Coalesce(first_published(Statement.history.model, OuterRef("pk")), "created_at")
    event = Coalesce(
        first_published(Event.history.model, OuterRef("event_id")), "event__created_at"
    )
    return queryset.annotate(appeared=Greatest(own, event))


def with_appeared(list_name, queryset):
    return (statement_appeared if list_name == "statements" else event_appeared)(queryset)
