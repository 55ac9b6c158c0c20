"""The filters of the event and statement lists. One FilterSet per list serves the page, its
export and its facets. The parameter names are a public contract: analysts bookmark these URLs.

Strict by design: a malformed value is a form error and the view shows no rows, never all rows.
"""

import copy

import django_filters as filters
from django import forms
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, Q
from django.http import QueryDict

from . import widgets
from .choices import ActorKind, EventKind
from .models import Actor, Event, Participant, Publisher, Source, Statement, Topic

SEARCH_CONFIG = "english"
# ts_headline marks matches with these private-use characters; the template escapes the text,
# then turns them into <mark> (see templatetags/readouts_tags.py).
MARK_START, MARK_STOP = "\ue000", "\ue001"


class CommaListInput(widgets.TextInput):
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
    sort of every match: 0.75 s instead of a few ms at a million statements (bench/)."""

    def clean(self, value):
        if not self.required and not value:  # nothing chosen: no query, not even an empty one
            return []
        chosen = super().clean(value)
        return list(chosen) if chosen is not None else chosen


# The records a choice field may name, as the process's labels hold them (labels.py): which
# labels, and which of them the field's queryset would hold. Looking a value up there costs no
# query; the field's result is the same records, as model instances carrying what the
# filters, chips and facets read (id, slug, name, code, kind).
LABELLED = {
    "sides": ("actors", lambda a: a.kind != ActorKind.PERSON and a.code is not None),
    "people": ("actors", lambda a: a.kind == ActorKind.PERSON),
    "actors": ("actors", lambda a: True),
    "topics": ("topics", lambda t: True),
    "publishers": ("publishers", lambda p: True),
}


class LabelledChoicesMixin:
    """A choice list of records whose values are looked up in the labels (LABELLED[labelled])
    rather than in the database. The queryset stays the reference: `labelled` must name the
    same records (tests/test_filters.py checks every field against its queryset)."""

    def __init__(self, *args, labelled=None, **kwargs):
        self.labelled = labelled
        super().__init__(*args, **kwargs)

    def choice_records(self):
        """{value: record} of every record the field accepts, from the labels."""
        from .labels import labels

        kind, accepts = LABELLED[self.labelled]
        return labels().index(kind, self.to_field_name, accepts, key=self.labelled)

    def _check_values(self, value):
        if self.labelled is None:
            return super()._check_values(value)
        try:
            value = list(dict.fromkeys(value))
        except TypeError:
            raise forms.ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        records = self.choice_records()
        found = [records.get(str(val)) for val in value]
        if None in found:  # unknown here: the database has the last word, and the message
            return super()._check_values(value)
        return [record.as_model(self.queryset.model) for record in found]


# The models whose records are labelled by their name (their __str__) in a choice list.
NAME_LABELLED = (Actor, Publisher, Topic)


class NamedChoiceIterator(filters.fields.ModelChoiceIterator):
    """The options of a choice list of records labelled by their name, as (value, name) tuples
    read in the same query: the same HTML as the records' options, without making a model
    instance of each (the topics and publishers of the form, on every first visit)."""

    def __iter__(self):
        field = self.field
        if getattr(field, "labelled", None) and field.empty_label is None:
            records = field.choice_records().values()
            yield from sorted(((r.slug if field.to_field_name == "slug" else r.code, r.name)
                               for r in records), key=lambda c: (c[1], c[0]))  # fmt: skip
            return
        if (
            self.queryset.model not in NAME_LABELLED
            or not field.to_field_name
            or type(field).label_from_instance is not forms.ModelChoiceField.label_from_instance
            or self.queryset._prefetch_related_lookups
        ):
            yield from super().__iter__()
            return
        if field.empty_label is not None:
            yield ("", field.empty_label)
        if field.null_label is not None:
            yield (field.null_value, field.null_label)
        yield from self.queryset.values_list(field.to_field_name, "name")


class ListedChoiceField(
    LabelledChoicesMixin, ListedChoicesMixin, filters.fields.ModelMultipleChoiceField
):
    iterator = NamedChoiceIterator


class CodeChoiceField(LabelledChoicesMixin, ListedChoicesMixin, forms.ModelMultipleChoiceField):
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
        kwargs.setdefault("widget", widgets.SelectMultiple)
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
    """The filter form, with the checks that span two fields."""

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


def visible_events(request):
    return Event.objects.visible_to(getattr(request, "user", None)).order_by()


class BaseFilterSet(filters.FilterSet):
    date_after = filters.DateFilter(
        field_name="occurred_on",
        lookup_expr="gte",
        label="From",
        widget=widgets.DateInput(attrs={"type": "date"}),
    )
    date_before = filters.DateFilter(
        field_name="occurred_on",
        lookup_expr="lte",
        label="To",
        widget=widgets.DateInput(attrs={"type": "date"}),
    )
    kind = filters.MultipleChoiceFilter(
        field_name="kind",
        choices=EventKind.choices,
        label="Kind",
        widget=widgets.CheckboxSelectMultiple,
        distinct=False,
    )
    country = CodeFilter(
        queryset=Actor.objects.sides().exclude(code=None),
        to_field_name="code",
        labelled="sides",
        method="filter_country",
        label="Country",
        widget=CommaListInput(attrs={"list": "country-options", "placeholder": "e.g. CHN, RUS"}),
        error_messages={"invalid_choice": "Unknown country code: %(value)s."},
    )
    # The choice lists read only what their options show (a value and a name) and what the
    # filters use (the id).
    topic = SetFilter(
        queryset=Topic.objects.only("slug", "name"),
        to_field_name="slug",
        labelled="topics",
        method="filter_topic",
        label="Topic",
        error_messages={"invalid_choice": "Unknown topic: %(value)s."},
    )

    pair = PairFilter(
        method="filter_pair",
        label="Country pair",
        widget=widgets.TextInput(attrs={"placeholder": "e.g. CHN-RUS"}),
    )

    class Meta:
        form = RangeForm
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        """django-filter's, but each filter is copied rather than deep-copied: a deep copy
        copied every filter's querysets and choices, at every request, before the facets could
        start. A filter's own state is its `extra` (copied too), its model, its FilterSet and
        its method, bound to it."""
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, base in self.base_filters.items():
            filter_ = copy.copy(base)
            filter_.extra = dict(base.extra)
            filter_.model, filter_.parent = queryset.model, self
            if base.method is not None:  # its method bound to the copy, found on this FilterSet
                filter_.filter = filters.filters.FilterMethod(filter_)
            self.filters[name] = filter_

    # The form class, made once per FilterSet class: django-filter makes one at every request
    # (a class, and a field for each filter: about a millisecond before the facets can start).
    # What depends on the request, the events a reader may name, is set on each form's fields.
    _form_classes = {}

    def get_form_class(self):
        cls = type(self)
        if cls not in BaseFilterSet._form_classes:
            BaseFilterSet._form_classes[cls] = super().get_form_class()
        return BaseFilterSet._form_classes[cls]

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name, filter_ in self.filters.items():
                if callable(getattr(filter_, "queryset", None)):
                    form.fields[name].queryset = filter_.get_queryset(self.request)
        return self._form

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
    q = filters.CharFilter(method="filter_q", label="Search the events", widget=widgets.TextInput)
    actor = SetFilter(
        queryset=Actor.objects.all(),
        to_field_name="slug",
        labelled="actors",
        method="filter_actor",
        label="Participant",
        widget=CommaListInput(attrs={"list": "person-options"}),
        error_messages={"invalid_choice": "Unknown participant: %(value)s."},
    )
    publisher = SetFilter(
        queryset=Publisher.objects.only("slug", "name"),
        to_field_name="slug",
        labelled="publishers",
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
        widget=widgets.Select,
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
    SORTS = [
        ("-date", "Date (newest first)"),
        ("date", "Date (oldest first)"),
        ("relevance", "Relevance (with a search)"),
        ("speaker", "Speaker (A–Z)"),
        ("-speaker", "Speaker (Z–A)"),
    ]

    q = filters.CharFilter(
        method="filter_q", label="Search the statements", widget=widgets.TextInput
    )
    speaker = SetFilter(
        queryset=Actor.objects.filter(kind=ActorKind.PERSON),
        to_field_name="slug",
        labelled="people",
        method="filter_speaker",
        label="Speaker",
        widget=CommaListInput(attrs={"list": "person-options"}),
        error_messages={"invalid_choice": "Unknown speaker: %(value)s."},
    )
    kind = filters.MultipleChoiceFilter(
        field_name="event_kind",
        choices=EventKind.choices,
        label="Kind of event",
        widget=widgets.CheckboxSelectMultiple,
        distinct=False,
    )
    publisher = SetFilter(
        queryset=Publisher.objects.only("slug", "name"),
        to_field_name="slug",
        labelled="publishers",
        method="filter_publisher",
        label="Publisher of the source",
        error_messages={"invalid_choice": "Unknown publisher: %(value)s."},
    )
    event = filters.ModelChoiceFilter(
        queryset=visible_events,
        field_name="event",
        label="Event (id)",
        widget=widgets.TextInput(attrs={"inputmode": "numeric", "size": 8}),
        error_messages={"invalid_choice": "There is no event with that id."},
    )
    sort = filters.ChoiceFilter(
        choices=SORTS,
        method="filter_sort",
        label="Sort",
        empty_label="Relevance with a search, else newest first",
        widget=widgets.Select,
    )

    class Meta(BaseFilterSet.Meta):
        model = Statement

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        from .ranking import Relevance, rum_ready

        query = search_query(value)
        return queryset.filter(search=query).annotate(
            # The RUM index's relevance where it exists (ranking.py), else ts_rank's.
            rank=Relevance("search", query) if rum_ready() else SearchRank(F("search"), query),
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
        return queryset  # applied last, in filter_queryset, once `q` has annotated the rank

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort = self.form.cleaned_data.get("sort") or ("relevance" if self.search_text else "-date")
        if sort == "relevance" and not self.search_text:
            sort = "-date"
        self.sort_in_use = sort
        order = {
            "-date": ["-occurred_on", "-event_id", "position", "-id"],
            "date": ["occurred_on", "event_id", "position", "id"],
            "relevance": ["-rank", "-occurred_on", "-id"],
            "speaker": [F("speaker__name").asc(nulls_last=True), "-occurred_on", "-id"],
            "-speaker": [F("speaker__name").desc(nulls_last=True), "-occurred_on", "-id"],
        }[sort]
        return queryset.order_by(*order)
