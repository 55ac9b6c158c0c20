"""The filters of the event and statement lists. One FilterSet per list serves the page, its
export and its facets. The parameter names are a public contract: analysts bookmark these URLs.

Strict by design: a malformed value is a form error and the view shows no rows, never all rows.
"""

import django_filters as filters
from django import forms
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, Q
from django.forms.renderers import Jinja2 as Jinja2Renderer

from ..choices import ActorKind, EventKind
from ..models import Actor, Event, Participant, Publisher, Source, Statement, Topic
from . import search

SEARCH_CONFIG = "english"
# ts_headline marks matches with these private-use characters; the template escapes the text,
# then turns them into <mark> (templatetags/readouts_tags.py).
MARK_START, MARK_STOP = "\ue000", "\ue001"


class CommaListInput(forms.TextInput):
    """Several values in one text box (`CHN, RUS`) or as repeated parameters
    (`country=CHN&country=RUS`): both read as the same list."""

    def value_from_datadict(self, data, files, name):
        raw = data.getlist(name) if hasattr(data, "getlist") else [data.get(name, "")]
        return [part.strip() for item in raw for part in str(item).split(",") if part.strip()]

    def format_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return super().format_value(value)


class ListedChoicesMixin:
    """The chosen records as a list, not a lazy queryset: the filters then write their ids into
    the SQL (`side_id IN (42)`), which the planner estimates from its statistics. A subquery
    (`side_id IN (SELECT id FROM actor WHERE code = 'CHN')`) it takes for one row, and plans a
    sort of every match: seconds instead of milliseconds at a million statements."""

    def clean(self, value):
        if not self.required and not value:  # nothing chosen: no query, not even an empty one
            return []
        chosen = super().clean(value)
        return list(chosen) if chosen is not None else chosen


class ListedChoiceField(ListedChoicesMixin, filters.fields.ModelMultipleChoiceField):
    pass


class CodeChoiceField(ListedChoicesMixin, forms.ModelMultipleChoiceField):
    """Country codes, case-insensitive: `country=chn` means CHN."""

    def clean(self, value):
        if value and not isinstance(value, list | tuple):
            value = [value]
        return super().clean([v.strip().upper() for v in value] if value else value)


class SetFilter(filters.ModelMultipleChoiceFilter):
    """Several records, matched through an EXISTS in `method=`: rows never repeat, so no
    DISTINCT (which would make PostgreSQL sort every matching row)."""

    field_class = ListedChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        kwargs.setdefault("widget", forms.SelectMultiple)
        super().__init__(*args, **kwargs)


class CodeFilter(SetFilter):
    field_class = CodeChoiceField


class PairField(forms.CharField):
    """Two countries by their codes, `CHN-RUS`: the events where both took part."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        codes = [code.strip().upper() for code in value.split("-")]
        if len(codes) != 2 or not all(len(c) == 3 and c.isalpha() for c in codes):
            raise forms.ValidationError("Give two country codes joined by a dash, e.g. CHN-RUS.")
        if codes[0] == codes[1]:
            raise forms.ValidationError("A pair needs two different countries.")
        found = {a.code: a for a in Actor.objects.sides().filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise forms.ValidationError(f"Unknown country code: {', '.join(missing)}.")
        return (found[codes[0]], found[codes[1]])


class PairFilter(filters.Filter):
    field_class = PairField


def both_sides_take_part(pair, event_ref):
    """Both countries of `pair` have a participant in the event `event_ref` points at."""
    return Exists(Participant.objects.filter(event=event_ref, side=pair[0])) & Exists(
        Participant.objects.filter(event=event_ref, side=pair[1])
    )


class RangeForm(forms.Form):
    """The filter form, with the checks that span two fields. Its widgets are written by
    Django's Jinja2 form templates: a hundred options each for the topics and publishers,
    several times faster than through the Django template language."""

    default_renderer = Jinja2Renderer()

    field_order = [
        "q",
        "country",
        "pair",
        "speaker",
        "actor",
        "kind",
        "topic",
        "publisher",
        "event",
        "date_after",
        "date_before",
        "sort",
    ]

    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("date_after"), cleaned.get("date_before")
        if after and before and after > before:
            raise forms.ValidationError(
                "The start date (date_after) is later than the end date (date_before)."
            )
        return cleaned


def search_query(value):
    """The analyst's words as a web-style query: `"exact phrase"`, `or`, `-excluded`."""
    return SearchQuery(value, search_type="websearch", config=SEARCH_CONFIG)


def with_descendants(topics, tree=None):
    """Primary keys of these topics and every topic below them (security → arms control).
    `tree` is the (pk, parent) pairs of all topics, read here when not given."""
    children = {}
    for pk, parent in tree if tree is not None else Topic.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, stack = set(), [t.pk for t in topics]
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


def visible(queryset, request):
    """The choices a filter offers and accepts: only what the user may see, so that a name
    recorded only in a draft is as unknown to an analyst as one never recorded."""
    return queryset.visible_to(getattr(request, "user", None))


def visible_events(request):
    return Event.objects.visible_to(getattr(request, "user", None)).order_by()


class BaseFilterSet(filters.FilterSet):
    date_after = filters.DateFilter(
        field_name="occurred_on",
        lookup_expr="gte",
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_before = filters.DateFilter(
        field_name="occurred_on",
        lookup_expr="lte",
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    kind = filters.MultipleChoiceFilter(
        field_name="kind",
        choices=EventKind.choices,
        label="Kind",
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    country = CodeFilter(
        queryset=lambda request: visible(Actor.objects.sides().exclude(code=None), request),
        to_field_name="code",
        method="filter_country",
        label="Country",
        widget=CommaListInput(attrs={"list": "country-options", "placeholder": "e.g. CHN, RUS"}),
        error_messages={"invalid_choice": "Unknown country code: %(value)s."},
    )
    topic = SetFilter(
        queryset=lambda request: visible(Topic.objects.only("slug", "name"), request),
        to_field_name="slug",
        method="filter_topic",
        label="Topic",
        error_messages={"invalid_choice": "Unknown topic: %(value)s."},
    )

    pair = PairFilter(
        method="filter_pair",
        label="Country pair",
        widget=forms.TextInput(attrs={"placeholder": "e.g. CHN-RUS"}),
    )

    class Meta:
        form = RangeForm
        fields = []

    @property
    def user(self):
        return getattr(self.request, "user", None)

    def topic_ids(self, topics):
        """These topics and those below them; the tree is read once per FilterSet."""
        if not hasattr(self, "_topic_tree"):
            self._topic_tree = list(Topic.objects.values_list("pk", "parent_id"))
        return with_descendants(topics, self._topic_tree)

    @property
    def search_text(self):
        """The cleaned `q`, once the form is valid."""
        return (self.form.cleaned_data.get("q") or "").strip() if self.is_valid() else ""


class EventFilterSet(BaseFilterSet):
    q = filters.CharFilter(method="filter_q", label="Search the events", widget=forms.TextInput)
    actor = SetFilter(
        queryset=lambda request: visible(Actor.objects.all(), request),
        to_field_name="slug",
        method="filter_actor",
        label="Participant",
        widget=CommaListInput(attrs={"list": "person-options"}),
        error_messages={"invalid_choice": "Unknown participant: %(value)s."},
    )
    publisher = SetFilter(
        queryset=lambda request: visible(Publisher.objects.only("slug", "name"), request),
        to_field_name="slug",
        method="filter_publisher",
        label="Publisher",
        error_messages={"invalid_choice": "Unknown publisher: %(value)s."},
    )
    sort = filters.OrderingFilter(
        fields=(("occurred_on", "date"), ("title", "title"), ("kind", "kind")),
        field_labels={
            "occurred_on": "Date (oldest first)",
            "-occurred_on": "Date (newest first)",
            "title": "Title (A–Z)",
            "-title": "Title (Z–A)",
            "kind": "Kind (A–Z)",
            "-kind": "Kind (Z–A)",
        },
        label="Sort",
        empty_label="Newest first",
        widget=forms.Select,
    )

    class Meta(BaseFilterSet.Meta):
        model = Event

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = search_query(value)
        participant = Participant.objects.filter(event=OuterRef("pk")).filter(
            Q(actor__name__icontains=value) | Q(actor__aliases__icontains=value)
        )
        statement = Statement.objects.visible_to(self.user).filter(
            event=OuterRef("pk"), search=query
        )
        return queryset.filter(Q(search=query) | Exists(participant) | Exists(statement))

    def filter_country(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(Participant.objects.filter(event=OuterRef("pk"), side__in=value))
        )

    def filter_pair(self, queryset, name, value):
        return queryset.filter(both_sides_take_part(value, OuterRef("pk"))) if value else queryset

    def filter_actor(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(Participant.objects.filter(event=OuterRef("pk"), actor__in=value))
        )

    def filter_topic(self, queryset, name, value):
        if not value:
            return queryset
        on_topic = Statement.objects.visible_to(self.user).filter(
            event=OuterRef("pk"), topics__in=self.topic_ids(value)
        )
        return queryset.filter(Exists(on_topic))

    def filter_publisher(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(Source.objects.filter(event=OuterRef("pk"), publisher__in=value))
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by("-occurred_on", "-id")
        else:
            queryset = queryset.order_by(*queryset.query.order_by, "-id")
        return queryset


class StatementFilterSet(BaseFilterSet):
    ranked = None  # set by filter_queryset
    SORTS = [
        ("-date", "Date (newest first)"),
        ("date", "Date (oldest first)"),
        ("relevance", "Relevance (with a search)"),
        ("speaker", "Speaker (A–Z)"),
        ("-speaker", "Speaker (Z–A)"),
    ]

    q = filters.CharFilter(method="filter_q", label="Search the statements", widget=forms.TextInput)
    speaker = SetFilter(
        queryset=lambda request: visible(Actor.objects.filter(kind=ActorKind.PERSON), request),
        to_field_name="slug",
        method="filter_speaker",
        label="Speaker",
        widget=CommaListInput(attrs={"list": "person-options"}),
        error_messages={"invalid_choice": "Unknown speaker: %(value)s."},
    )
    kind = filters.MultipleChoiceFilter(
        field_name="event_kind",
        choices=EventKind.choices,
        label="Kind of event",
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    publisher = SetFilter(
        queryset=lambda request: visible(Publisher.objects.only("slug", "name"), request),
        to_field_name="slug",
        method="filter_publisher",
        label="Publisher of the source",
        error_messages={"invalid_choice": "Unknown publisher: %(value)s."},
    )
    event = filters.ModelChoiceFilter(
        queryset=visible_events,
        field_name="event",
        label="Event (id)",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 8}),
        error_messages={"invalid_choice": "There is no event with that id."},
    )
    sort = filters.ChoiceFilter(
        choices=SORTS,
        method="filter_sort",
        label="Sort",
        empty_label="Relevance with a search, else newest first",
        widget=forms.Select,
    )

    class Meta(BaseFilterSet.Meta):
        model = Statement

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = search_query(value)
        return queryset.filter(search=query).annotate(
            snippet=SearchHeadline(
                "text",
                query,
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )

    def filter_speaker(self, queryset, name, value):
        return queryset.filter(speaker__in=value) if value else queryset

    def filter_pair(self, queryset, name, value):
        return (
            queryset.filter(both_sides_take_part(value, OuterRef("event_id")))
            if value
            else queryset
        )

    def filter_publisher(self, queryset, name, value):
        return queryset.filter(source__publisher__in=value) if value else queryset

    def filter_country(self, queryset, name, value):
        return queryset.filter(side__in=value) if value else queryset

    def filter_topic(self, queryset, name, value):
        if not value:
            return queryset
        link = Statement.topics.through.objects.filter(
            statement=OuterRef("pk"), topic__in=self.topic_ids(value)
        )
        return queryset.filter(Exists(link))

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset, once `q` has been read

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort = self.form.cleaned_data.get("sort") or ("relevance" if self.search_text else "-date")
        if sort == "relevance" and not self.search_text:
            sort = "-date"
        self.ranked = None  # the search, where the RUM index orders it (search.RankedRows)
        if sort == "relevance":
            query = search_query(self.search_text)
            if search.rum_ready():
                self.ranked = query
                distance = search.Distance("search", query)
                return queryset.order_by(distance.asc(), "-occurred_on", "-id")
            return queryset.order_by(SearchRank(F("search"), query).desc(), "-occurred_on", "-id")
        order = {
            "-date": ["-occurred_on", "-event_id", "position", "-id"],
            "date": ["occurred_on", "event_id", "position", "id"],
            "speaker": [F("speaker__name").asc(nulls_last=True), "-occurred_on", "-id"],
            "-speaker": [F("speaker__name").desc(nulls_last=True), "-occurred_on", "-id"],
        }[sort]
        return queryset.order_by(*order)
