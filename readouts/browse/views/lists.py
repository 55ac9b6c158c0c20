"""The event and statement lists: one page of the filtered rows with the filter's facets and
total, or every filtered row as a download (`?export=csv|xlsx|json`).

One path per request: the FilterSet validates the query; the facets and the total are counted
once per filter and data version (facets/, kept in the cache); the page's rows are read; the
page is rendered once.
"""

import functools
import math
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F, OuterRef
from django.db.models.functions import Coalesce, JSONObject
from django.http import HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST

from ... import audit, exports
from ...cache import data_version, remember
from ...choices import ActorKind, EventKind
from ...models import (
    Actor,
    Event,
    ListPreference,
    Participant,
    Source,
    Statement,
    Topic,
    can_see_drafts,
)
from .. import names, search
from ..access import role_required
from ..facets import EventFacets, StatementFacets
from ..facets.presentation import Links
from ..filters import COMPARABLE, EventFilterSet, StatementFilterSet, read_out_by
from ..suggest import suggestions


@dataclass(frozen=True)
class ListKind:
    """What differs between the two lists."""

    name: str  # its name in URLs, saved searches and export file names
    noun: str
    model: type
    filterset: type
    facets: type  # a facets.counting.FacetCounter
    export: exports.ExportSpec
    rows: object  # a valid FilterSet -> its rows with what the page shows of each
    columns: tuple  # (name, label) of each column a user may hide (ListPreference)


# A page's rows are read as values, in one query each with their related names: fifty rows
# as model instances, with their speakers, sides, events and topics, cost more than the rest of
# the page. templates/jinja2/*_rows.html write them.


def statement_rows(filterset):
    topics = Topic.objects.filter(statements=OuterRef("pk")).order_by("name", "id")
    rows = filterset.qs.values(
        "pk",
        "mode",
        "text",
        "occurred_on",
        "event_id",
        *(["snippet"] if filterset.search_text else []),
        event_title=F("event__title"),
        speaker_slug=F("speaker__slug"),
        speaker_name=F("speaker__name"),
        side_slug=F("side__slug"),
        side_name=F("side__name"),
        side_code=F("side__code"),
        topic_list=ArraySubquery(topics.values(json=JSONObject(slug="slug", name="name"))),
    )
    if filterset.ranked is not None:
        return search.RankedRows(rows, filterset.ranked)
    return rows


def event_rows(filterset):
    participants = Participant.objects.filter(event=OuterRef("pk")).order_by("order", "id")
    publishers = Source.objects.filter(event=OuterRef("pk")).order_by("-published_on", "id")
    side = Coalesce("side__code", "side__name")
    return filterset.qs.values(
        "pk",
        "occurred_on",
        "date_precision",
        "title",
        "kind",
        "location",
        "status",
        "statement_total",  # the count EventFilterSet reads and sorts by
        participant_list=ArraySubquery(
            participants.values(json=JSONObject(slug="actor__slug", name="actor__name", side=side))
        ),
        publisher_names=ArraySubquery(publishers.values("publisher__name")),
        comparable=read_out_by(COMPARABLE),
    )


EVENTS = ListKind("events", "event", Event, EventFilterSet, EventFacets, exports.EVENT_EXPORT,
                  event_rows, (("date", "Date"), ("participants", "Participants"),
                               ("statements", "Statements")))  # fmt: skip
STATEMENTS = ListKind("statements", "statement", Statement, StatementFilterSet, StatementFacets,
                      exports.STATEMENT_EXPORT, statement_rows,
                      (("date", "Date"), ("speaker", "Speaker"), ("country", "Country"),
                       ("event", "Event"), ("topics", "Topics")))  # fmt: skip


@role_required
def event_list(request):
    return list_page(request, EVENTS)


@role_required
def statement_list(request):
    return list_page(request, STATEMENTS)


@role_required
@require_POST
def event_columns(request):
    return save_columns(request, EVENTS)


@role_required
@require_POST
def statement_columns(request):
    return save_columns(request, STATEMENTS)


def list_page(request, kind):
    user = request.user
    data, problems = read_query(request.GET, kind.filterset, ("page", "export", "per_page"))
    exporting = "export" in data  # takes every row: no page size, no columns
    hidden, kept_size = ([], None) if exporting else preference(user, kind)
    per_page, problem = page_size(user, data, kept_size, keep=not exporting)
    problems += [problem] if problem else []
    filterset = kind.filterset(data, queryset=kind.model.objects.visible_to(user), request=request)
    valid = filterset.is_valid()
    for problem in problems:  # never a wider list than asked for: no rows, and say why
        filterset.form.add_error(None, problem)
        valid = False
    if valid and (canonical := canonical_query(filterset, data)) is not None:
        return redirect(f"{request.path}?{canonical.urlencode()}")
    if exporting:
        return export(request, kind, filterset, valid)
    query = data.copy()
    query.pop("page", None)
    version = data_version()
    chips_in_use = chips(filterset) if valid else []
    context = {
        "filter": filterset,
        "list_name": kind.name,
        "noun": kind.noun,
        "form": filterset.form,
        "valid": valid,
        "query": query.urlencode(),
        "chips": chips_in_use,
        "chip_groups": chip_groups(chips_in_use),
        "main_fields": MAIN_FIELDS,
        "more_open": any(
            name not in MAIN_FIELDS and (request.GET.get(name) or name in filterset.form.errors)
            for name in filterset.filters
        ),
        "data_version": version,
        # The sidebar and the rows are kept rendered, per filter (and sort, and page): they
        # depend on nothing else but the data version.
        # (and per_page: the facet and page links carry it)
        "sidebar_key": list_state(kind.name, filterset, "sort", "per_page")
        + ("" if valid else repr(problems)),
        "rows_key": list_state(kind.name, filterset, "sort", "page", "per_page")
        + f"|{per_page}|{','.join(hidden)}",
        # The user's columns: hidden ones are not written at all.
        "columns": {name for name, _ in kind.columns if name not in hidden},
        "column_choices": [(name, label, name not in hidden) for name, label in kind.columns],
        "columns_url": reverse(f"readouts:{kind.noun}_columns"),
        "page_query": data.urlencode(),  # to come back to this very page
        "per_page": per_page,
        "page_sizes": page_size_links(data, per_page),
        "sort_headers": sort_headers(
            data, SORT_HEADERS[kind.name], filterset.order_name() if valid else "-date"
        ),
        "searching": valid and bool(filterset.search_text),
        "paginator": None,
        "page": None,
        "rows": [],
        "page_error": None,
        **filter_options(request.user),
    }
    if valid:
        summary = remember(
            version,
            ("summary", list_state(kind.name, filterset)),
            lambda: kind.facets(filterset).summary(),
        )
        paginator, page, page_error = paginate(
            request, kind.rows(filterset), summary["total"], summary["exact"], per_page
        )
        context.update(
            # No rows, no counts: a facet would offer values that lead nowhere new.
            facets=summary["facets"] if summary["total"] else [],
            facets_estimated=summary["estimated"],
            months=summary["months"],
            heat=summary.get("heat"),
            paginator=paginator,
            page=page,
            rows=page.object_list if page is not None else [],
            page_error=page_error,
        )
        if not summary["total"] and not page_error:
            context["suggestions"] = suggestions(filterset, kind.name, context["chip_groups"])
    # Filters that cannot be applied, or a page that does not exist: no rows, and say why.
    status = 200 if valid and not context["page_error"] else 400
    return render(request, f"readouts/{kind.noun}_list.html", context, status=status)


CANONICAL = {"country": "code", "actor": "slug", "speaker": "slug"}


def canonical_query(filterset, data):
    """The query with the names the filters read (`country=China`, `actor=Sergey Lavrov`)
    written as the codes and slugs they mean, or None when it has none.

    The page then redirects there: its address, chips, facet links, exports and saved
    searches are all made from the query, so all of them keep the canonical form (CONTRACT.md)
    and a shared link reads the same whoever typed it."""
    query, cleaned, changed = data.copy(), filterset.form.cleaned_data, False
    for name, key in CANONICAL.items():
        typed = [v.strip() for part in data.getlist(name) for v in part.split(",") if v.strip()]
        if name not in filterset.filters or not typed:
            continue
        keys = [getattr(record, key) for record in cleaned.get(name) or ()]
        if {t.upper() for t in typed} != {k.upper() for k in keys}:
            query.setlist(name, keys)
            changed = True
    pair = cleaned.get("pair")
    if pair and data.get("pair", "").strip().upper() != f"{pair[0].code}-{pair[1].code}":
        query["pair"] = f"{pair[0].code}-{pair[1].code}"
        changed = True
    if not changed:
        return None
    for name in [name for name, values in query.lists() if not any(v.strip() for v in values)]:
        del query[name]  # the form's empty fields: the address a person would write
    return query


MAX_VALUES = 50  # of one parameter: a list of more is no analyst's filter


def read_query(query, filterset_class, others=("page", "export")):
    """(the query with each parameter's repeated values once, problems): a parameter that is
    neither a filter of the list nor one of `others`, and one with more than MAX_VALUES values,
    are problems (the list would otherwise be wider than asked, or a page of a megabyte)."""
    known = [*filterset_class.base_filters, *others]
    problems = [
        f"Unknown parameter “{name[:40]}”: this list's are {', '.join(known)}."
        for name in query
        if name not in known
    ]
    data = QueryDict(mutable=True)
    for name, values in query.lists():
        data.setlist(name, list(dict.fromkeys(values)))
        count = len({part.strip() for v in values for part in v.split(",") if part.strip()})
        if count > MAX_VALUES and name in known:
            problems.append(f"Too many values for {name}: at most {MAX_VALUES}.")
    return data, problems


class CountedPaginator(Paginator):
    """A paginator given its total, exact or estimated, rather than counting it."""

    def __init__(self, object_list, per_page, total, exact=True):
        super().__init__(object_list, per_page)
        self.total, self.exact = total, exact

    @cached_property
    def count(self):
        return self.total


def preference(user, kind):
    """(the columns of the list `kind` that `user` hid, the rows a page they chose or None):
    one query."""
    hidden, per_page = (
        ListPreference.objects.filter(owner=user, list_name=kind.name)
        .values_list("hidden_columns", "per_page")
        .first()
    ) or ((), None)
    return [name for name, _ in kind.columns if name in hidden], per_page


class ColumnsForm(forms.Form):
    show = forms.MultipleChoiceField(required=False)
    query = forms.CharField(required=False, max_length=2000)  # the list's, to go back to

    def __init__(self, kind, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["show"].choices = kind.columns


def save_columns(request, kind):
    """Keep which columns of the list the user shows (ticked) and hides, then go back to the
    list as it was. A column the list does not have changes nothing and says so."""
    form = ColumnsForm(kind, request.POST)
    valid = form.is_valid()
    if valid:
        shown = set(form.cleaned_data["show"])
        ListPreference.objects.update_or_create(
            owner=request.user, list_name=kind.name,
            defaults={"hidden_columns": [name for name, _ in kind.columns if name not in shown]},
        )  # fmt: skip
        messages.success(request, f"Saved your columns of the {kind.noun} list.")
    else:
        errors = " ".join(e for errors in form.errors.values() for e in errors)
        messages.error(request, f"The columns were not changed. {errors}")
    # Only the list's own address, whatever was posted: never another site's.
    query = QueryDict(form.cleaned_data.get("query", "")).urlencode()
    back = reverse(f"readouts:{kind.noun}_list")
    return redirect(f"{back}?{query}" if query else back)


PAGE_SIZES = (25, 50, 100, 200)


def page_size(user, data, kept, keep=True):
    """(rows per page, problem): `per_page` if given (one of PAGE_SIZES), kept (`keep`) for the
    user's every list when it changes; else the size they chose (`kept`); else PAGE_SIZE."""
    raw = data.get("per_page", "").strip()
    if raw:
        if raw not in {str(n) for n in PAGE_SIZES}:
            sizes = ", ".join(map(str, PAGE_SIZES))
            return settings.PAGE_SIZE, f"Rows per page “{raw[:10]}”: choose {sizes}."
        if keep and kept != int(raw):
            for name in (EVENTS.name, STATEMENTS.name):
                ListPreference.objects.update_or_create(
                    owner=user, list_name=name, defaults={"per_page": int(raw)}
                )
        return int(raw), None
    return kept or settings.PAGE_SIZE, None


def page_size_links(data, current):
    """[(size, link, chosen)]: the page-size choice, each keeping the filters, from page 1."""
    links = Links(data)
    return [(size, links.url({"per_page": [str(size)]}), size == current) for size in PAGE_SIZES]


# The list's column headers that sort it: (column, the sort of a first click); a second click
# reverses it, but for relevance, which has one direction (most relevant first).
SORT_HEADERS = {
    "events": (("date", "-date"), ("title", "title"), ("kind", "kind"), ("statements", "-statements")),
    "statements": (
        ("date", "-date"), ("speaker", "speaker"), ("country", "country"),
        ("relevance", "relevance"),
    ),
}  # fmt: skip


def sort_headers(data, columns, current):
    """{column: {"url", "aria"}}: each sortable header's link (the filters kept, page 1) and its
    aria-sort where the list is sorted by it (`current`, the sort in effect)."""
    links, headers = Links(data), {}
    for name, first in columns:
        if current == name == "relevance":
            sort, aria = name, "other"
        elif current in (name, f"-{name}"):
            sort = name if current.startswith("-") else f"-{name}"
            aria = "descending" if current.startswith("-") else "ascending"
        else:
            sort, aria = first, None
        headers[name] = {"url": links.url({"sort": [sort]}), "aria": aria}
    return headers


def paginate(request, rows, total, exact=True, per_page=None):
    """(paginator, page, error): the requested page of `rows` among `total`, or no page and a
    message for a page that does not exist. Never raises for what a user typed."""
    paginator = CountedPaginator(rows, per_page or settings.PAGE_SIZE, total, exact)
    raw = request.GET.get("page", "1").strip() or "1"
    try:
        number = paginator.validate_number(raw)
    except PageNotAnInteger:
        return paginator, None, f"“{raw[:40]}” is not a page number."
    except EmptyPage:
        about = "about " if not exact else ""
        pages = paginator.num_pages
        return paginator, None, (
            f"There is no page {raw[:40]}: this list has {about}{pages} "
            f"page{'s' if pages != 1 else ''}."
        )  # fmt: skip
    page = paginator.page(number)
    if number > 1 and not exact and not page.object_list:  # past an estimated end
        return paginator, None, f"There is no page {number}: the list ends earlier."
    return paginator, page, None


def export(request, kind, filterset, valid, fmt=None):
    """Every row of a valid filter in format `fmt` (the `export` parameter unless given), within
    the user's hourly quota, recorded in the audit trail."""
    fmt = fmt or filterset.data["export"]
    if fmt not in exports.FORMATS:
        return HttpResponseBadRequest(
            f"Unknown export format. Use one of: {', '.join(exports.FORMATS)}.",
            content_type="text/plain; charset=utf-8",
        )
    if not valid:
        return HttpResponseBadRequest(
            "The filters are not valid, nothing was exported:\n"
            + "\n".join(
                " ".join(errors) if name == "__all__" else f"{name}: {' '.join(errors)}"
                for name, errors in filterset.errors.items()
            ),
            content_type="text/plain; charset=utf-8",
        )
    made, free_at = audit.exports_in_the_past_hour(request.user)
    if made >= settings.EXPORT_QUOTA_PER_HOUR:
        wait = max(1, math.ceil((free_at - timezone.now()).total_seconds()))
        return HttpResponse(
            f"You have exported {made} times in the past hour, the most allowed. The next "
            f"export is possible at {timezone.localtime(free_at):%H:%M} "
            f"({timezone.get_current_timezone_name()}).",
            status=429,
            content_type="text/plain; charset=utf-8",
            headers={"Retry-After": str(wait)},
        )
    filters = applied_filters(filterset)
    response = exports.export_response(request, fmt, kind.export, filterset.qs, filters)
    audit.record(
        request, audit.AuditEvent.Action.EXPORT, request.user, list_name=kind.name,
        format=fmt, filters=filters, row_count=int(response["X-Export-Row-Count"]),
    )  # fmt: skip
    return response


def list_state(list_name, filterset, *also):
    """What a filter's counts depend on besides the data version: the list, whether its reader
    sees drafts, and the filters as a canonical string; not the page or the sort, which change
    no count, unless named in `also`."""
    canonical = sorted(
        (k, sorted(values))
        for k, values in filterset.data.lists()
        if k in filterset.filters and (k != "sort" or "sort" in also) or k in also
    )
    audience = "drafts" if can_see_drafts(filterset.request.user) else "public"
    return f"{list_name}|{audience}|{canonical!r}"


MAIN_FIELDS = ("q", "date_after", "date_before", "readouts", "sort")

CHIP_NAMES = {
    "q": "search",
    "date_after": "from",
    "date_before": "to",
    "kind": "kind",
    "country": "country",
    "pair": "pair",
    "actor": "participant",
    "speaker": "speaker",
    "topic": "topic",
    "publisher": "publisher",
    "event": "event",
    "readouts": "readouts",
}


def chips(filterset):
    """The filters in use, one chip per value, each with the link that removes it."""
    query, cleaned, out = filterset.data, filterset.form.cleaned_data, []
    links = Links(query)
    kinds = dict(EventKind.choices)
    for name, label in CHIP_NAMES.items():
        value = cleaned.get(name)
        if value in (None, "", [], ()):
            continue
        if name in ("q", "date_after", "date_before", "event", "pair"):
            text = {
                "event": lambda v: f"#{v.pk} {v.title}",
                "pair": lambda v: f"{v[0].code}–{v[1].code}",
            }.get(name, str)(value)
            out.append({"param": name, "name": label, "label": text,
                        "url": links.url({name: []})})  # fmt: skip
            continue
        for item in value:
            if name == "kind":
                key, text = item, kinds.get(item, item)
            elif name == "readouts":
                key, text = item, "read out by two or more publishers"
            elif name == "country":
                key, text = item.code, f"{item.name} ({item.code})"
            else:
                key, text = item.slug, item.name
            out.append({"param": name, "name": label, "label": text,
                        "url": links.toggle(name, key, selected=True)})  # fmt: skip
    return out


def chip_groups(chips):
    """The chips by filter, in their order: [{name, chips}]. Values of one filter are
    alternatives (`China or Russia`); the filters all apply (`and`)."""
    groups = {}
    for chip in chips:
        groups.setdefault(chip["param"], {"name": chip["name"], "chips": []})["chips"].append(chip)
    return list(groups.values())


def filter_options(user):
    """Suggestions for the country and person boxes of the filter form, lazily: read only when
    the template's cached copy of them (one per audience) is stale. A person is suggested by
    slug, labelled with the name and what tells namesakes apart (title, country, years)."""
    actors = Actor.objects.visible_to(user).only("kind", "code", "slug", "name", "country")
    actors = actors.order_by("name", "id")

    @functools.cache
    def countries():
        return list(actors.filter(code__isnull=False).exclude(kind=ActorKind.PERSON))

    def people():
        found = list(actors.filter(kind=ActorKind.PERSON)[:5000])
        described = names.describe_people(found, {c.pk: c.name for c in countries()})
        return [{"slug": p.slug, "label": names.person_label(p, described[p.pk])} for p in found]

    return {
        "country_options": countries,
        "person_options": people,
        "options_audience": "drafts" if can_see_drafts(user) else "public",
    }


def applied_filters(filterset):
    """The filters in use, as {name: [values as typed]}, for export provenance."""
    applied = {}
    for name in filterset.filters:
        values = [v for v in filterset.data.getlist(name) if v.strip()]
        if values:
            applied[name] = values
    return applied
