"""The filters of the event and statement lists. One FilterSet per list serves the page, its
export and its facets. The parameter names are a public contract: analysts bookmark these URLs.

Strict by design: a malformed value is a form error and the view shows no rows, never all rows.
"""

import django_filters as filters
from django import forms
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.forms.renderers import Jinja2 as Jinja2Renderer

from ..choices import ActorKind, EventKind
from ..models import (
    Actor,
    Event,
    Participant,
    Publisher,
    Source,
    Statement,
    Topic,
    statement_count,
)
from . import names, search

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


def typed_values(value):
    """The values of a list field as typed, blanks dropped, each once."""
    if value and not isinstance(value, list | tuple):
        value = [value]
    typed = list(dict.fromkeys(str(v).strip() for v in value or () if str(v).strip()))
    if any("\x00" in text for text in typed):  # PostgreSQL refuses it in any query
        raise forms.ValidationError("Null characters are not allowed.", code="null_characters")
    return typed


def as_code(text):
    """A value that looks like a code as the code it would be (`zzz`: ZZZ)."""
    return text.upper() if len(text) <= 3 and text.isalpha() else text


class CodeChoiceField(ListedChoicesMixin, forms.ModelMultipleChoiceField):
    """Countries by code, case-insensitive (`country=chn` means CHN), or by name: their own
    (an actor's name or alias), ISO 3166's, or one in everyday use (China, Russia, UK, US)."""

    def clean(self, value):
        typed = typed_values(value)
        if not typed:
            return super().clean(typed)
        codes = {text: names.country_codes(text) for text in typed}
        wanted = {code for found in codes.values() for code in found}
        by_code = {a.code: a for a in self.queryset.filter(code__in=wanted)}
        chosen = {}
        for text, found in codes.items():
            chosen[text] = next((by_code[c] for c in found if c in by_code), None)
        unknown = [text for text, actor in chosen.items() if actor is None]
        for text, actors in names.named(self.queryset, unknown).items():
            if len(actors) == 1:
                chosen[text] = actors[0]
        missing = [text for text, actor in chosen.items() if actor is None]
        if missing:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": ", ".join(as_code(text) for text in missing)},
            )
        return list({a.pk: a for a in chosen.values()}.values())


class PersonChoiceField(ListedChoiceField):
    """People (or any actor) by slug, or by name or alias, case aside; failing those, by a part
    of the name (`Lavrov`) when it names one person only. A name several people share is a
    form error that lists them, told apart by title, country and years."""

    side_names = None  # set by the FilterSet: {pk: name} of the sides the reader may see

    def clean(self, value):
        typed = typed_values(value)
        if not typed:
            return super().clean(typed)
        by_slug = {a.slug: a for a in self.queryset.filter(slug__in=typed)}
        rest = [text for text in typed if text not in by_slug]
        matches = names.named(self.queryset, rest, partial=True)
        errors, chosen = [], []
        for text in typed:
            found = [by_slug[text]] if text in by_slug else matches.get(names.squeeze(text), [])
            if len(found) == 1:
                chosen.append(found[0])
            elif not found:
                errors.append(
                    forms.ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": text},
                    )
                )
            else:
                errors.append(self.ambiguous(text, found))
        if errors:
            raise forms.ValidationError(errors)
        return list({a.pk: a for a in chosen}.values())

    def ambiguous(self, text, people):
        shown = people[: names.MAX_CANDIDATES]
        described = names.describe_people(shown, self.side_names() if self.side_names else {})
        listed = "; ".join(f"{names.person_label(p, described[p.pk])} [{p.slug}]" for p in shown)
        more = f" and {len(people) - len(shown)} more" if len(people) > len(shown) else ""
        return forms.ValidationError(
            "“%(value)s” may be any of %(count)s: %(listed)s%(more)s. Type the whole name "
            "or pick one from the suggestions.",
            code="ambiguous",
            params={"value": text, "count": len(people), "listed": listed, "more": more},
        )


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


class PersonFilter(SetFilter):
    field_class = PersonChoiceField


class PairField(forms.CharField):
    """Two countries by their codes, `CHN-RUS`, or names (`China-Russia`): the events where
    both took part."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        parts = [part.strip() for part in value.split("-")]
        if len(parts) != 2 or not all(parts):
            raise forms.ValidationError("Give two country codes joined by a dash, e.g. CHN-RUS.")
        return self.countries(*parts)

    @staticmethod
    def countries(a, b):
        """The two countries `a` and `b` name (codes or names), or a ValidationError."""
        field = CodeChoiceField(
            queryset=Actor.objects.sides().exclude(code=None),
            to_field_name="code",
            error_messages={"invalid_choice": "Unknown country code: %(value)s."},
        )
        first, second = field.clean([a])[0], field.clean([b])[0]
        if first.pk == second.pk:
            raise forms.ValidationError("A pair needs two different countries.")
        return (first, second)


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
        "readouts",
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


def read_out_by(publishers):
    """The event has readouts from at least `publishers` different publishers. Read from the
    publishers' ids each event carries (migration 0011), which event_status_date_keys_idx
    holds: the list by date stays an index-only scan, where counting each event's sources
    would visit them all. Sources have no status of their own: whoever sees the event sees
    them all, so the count is the same for every reader of it.

    The column is a copy unknown to the ORM, named here by its table: for an event query of
    its own, not one nested in another's WHERE (whose tables Django renames)."""
    return RawSQL(
        'cardinality("readouts_event"."publisher_ids") >= %s',
        [publishers],
        output_field=BooleanField(),
    )


# What makes a compare page (/events/<id>/compare/) worth opening: two governments' accounts.
COMPARABLE = 2


# Characters up to which a search shows a statement whole rather than in fragments.
WHOLE_SNIPPET = 400


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
        widget=CommaListInput(
            attrs={"list": "country-options", "placeholder": "e.g. China, Russia or CHN, RUS"}
        ),
        error_messages={
            "invalid_choice": "Unknown country code: %(value)s (nor the name of a country)."
        },
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.request
        for field in self.form.fields.values():
            if isinstance(field, PersonChoiceField):
                field.side_names = lambda: dict(
                    visible(Actor.objects.sides(), request).values_list("pk", "name")
                )

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
    actor = PersonFilter(
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
    readouts = filters.MultipleChoiceFilter(
        choices=[(str(COMPARABLE), "Read out by two or more publishers")],
        method="filter_readouts",
        label="Readouts",
        help_text="Readouts from two or more different publishers, usually both "
        "governments: those a compare page sets side by side.",
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    sort = filters.OrderingFilter(
        fields=(
            ("occurred_on", "date"),
            ("title", "title"),
            ("kind", "kind"),
            ("statement_total", "statements"),
        ),
        # The descending labels go by parameter (`-date`): django-filter looks them up so, and
        # otherwise writes "Date (oldest first) (descending)".
        field_labels={
            "occurred_on": "Date (oldest first)",
            "-date": "Date (newest first)",
            "title": "Title (A–Z)",
            "-title": "Title (Z–A)",
            "kind": "Kind (A–Z)",
            "-kind": "Kind (Z–A)",
            "statement_total": "Statements (fewest first)",
            "-statements": "Statements (most first)",
        },
        label="Sort",
        empty_label="Newest first",
        widget=forms.Select,
    )

    class Meta(BaseFilterSet.Meta):
        model = Event

    def order_name(self):
        """The sort in effect (a valid form's): the one asked for, else newest first."""
        return (self.form.cleaned_data.get("sort") or ["-date"])[0]

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

    def filter_readouts(self, queryset, name, value):
        return queryset.filter(read_out_by(COMPARABLE)) if value else queryset

    def filter_queryset(self, queryset):
        # The count of statements the list shows, and sorts by.
        queryset = queryset.annotate(statement_total=statement_count(self.user))
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
        ("country", "Country (A–Z)"),
        ("-country", "Country (Z–A)"),
    ]

    q = filters.CharFilter(method="filter_q", label="Search the statements", widget=forms.TextInput)
    speaker = PersonFilter(
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
        match = Q(search=query)
        if speakers := self.speakers_named(value):
            match |= Q(speaker__in=speakers)
        marked = {"config": SEARCH_CONFIG, "start_sel": MARK_START, "stop_sel": MARK_STOP}
        return queryset.filter(match).annotate(
            # A statement of a sentence or two is shown whole: in fragments PostgreSQL drops
            # the short words at either end ("... war against Ukraine must" for "must end.").
            snippet=Case(
                When(
                    LessThanOrEqual(Length("text"), WHOLE_SNIPPET),
                    then=SearchHeadline("text", query, highlight_all=True, **marked),
                ),
                default=SearchHeadline(
                    "text",
                    query,
                    max_words=40,
                    min_words=20,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                    **marked,
                ),
            ),
        )

    def speakers_named(self, text):
        """The people the search names, whose statements it finds as well as those whose
        text matches ("Wang Yi": what he said, not only what mentions him). Read once per
        FilterSet (the facets apply the filters again)."""
        if getattr(self, "_speakers", (None,))[0] != text:
            people = visible(Actor.objects.filter(kind=ActorKind.PERSON), self.request)
            self._speakers = (text, names.named_in_search(people, text))
        return self._speakers[1]

    def filter_speaker(self, queryset, name, value):
        return queryset.filter(speaker__in=value) if value else queryset

    def filter_pair(self, queryset, name, value):
        if not value:
            return queryset
        # Through the pair's events, found from their participants: testing the event of every
        # statement of either side read several times the rows it kept.
        events = Event.objects.filter(both_sides_take_part(value, OuterRef("pk")))
        return queryset.filter(event__in=events.values("pk"))

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

    def order_name(self):
        """The sort in effect (a valid form's): the one asked for, else relevance with a
        search, else newest first; relevance with no search is newest first too."""
        sort = self.form.cleaned_data.get("sort") or ("relevance" if self.search_text else "-date")
        return "-date" if sort == "relevance" and not self.search_text else sort

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort = self.order_name()
        self.ranked = None  # the search, where the RUM index orders it (search.RankedRows)
        if sort == "relevance":
            query = search_query(self.search_text)
            if search.rum_ready():
                self.ranked = query
                distance = search.Distance("search", query)
                return queryset.order_by(distance.asc(), "-occurred_on", "-id")
            return queryset.order_by(SearchRank(F("search"), query).desc(), "-occurred_on", "-id")
        # The speaker and the country as the list shows them (Statement.speaker_sort), each
        # newest first; statements of no country (joint ones) after the others.
        order = {
            "-date": ["-occurred_on", "-event_id", "position", "-id"],
            "date": ["occurred_on", "event_id", "position", "id"],
            "speaker": ["speaker_sort", "-occurred_on", "-id"],
            "-speaker": ["-speaker_sort", "-occurred_on", "-id"],
            "country": [F("country_sort").asc(nulls_last=True), "-occurred_on", "-id"],
            "-country": [F("country_sort").desc(nulls_last=True), "-occurred_on", "-id"],
        }[sort]
        if (
            sort in ("country", "-country")
            and len(self.form.cleaned_data.get("country") or ()) == 1
        ):
            # One country: the same order, which PostgreSQL reads from that country's own rows
            # instead of looking for them among every country's in the country order.
            order = order[1:]
        return queryset.order_by(*order)
