"""Country pairs: the pairs that meet most often, and every interaction between two
countries."""

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, OuterRef
from django.db.models.functions import TruncMonth
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from ...choices import EventKind, StatementMode
from ...models import Actor, Event, Statement, Topic
from ..access import role_required
from ..facets.presentation import Links, month_end, month_facet
from ..filters import COMPARABLE, EventFilterSet, PairField, both_sides_take_part, read_out_by
from .lists import filter_options


@role_required
def pair_list(request):
    """The country pairs that meet most often, and a form to open any pair."""

    error = None
    typed = {side: request.GET.get(side, "").strip()[:200] for side in ("a", "b")}
    if "a" in request.GET or "b" in request.GET:
        try:
            if not typed["a"] or not typed["b"]:
                raise ValidationError("Give two countries, by name or code.")
            a, b = PairField.countries(typed["a"], typed["b"])
            return redirect("readouts:pair_detail", codes=f"{a.code}-{b.code}")
        except ValidationError as invalid:
            error = " ".join(invalid.messages)

    events = Event.objects.visible_to(request.user).order_by().values("id")
    sql, params = events.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.side_id, b.side_id, COUNT(DISTINCT a.event_id) AS n "  # noqa: S608
            "FROM readouts_participant a JOIN readouts_participant b "
            "ON a.event_id = b.event_id AND a.side_id < b.side_id "
            f"WHERE a.event_id IN ({sql}) GROUP BY 1, 2 ORDER BY n DESC LIMIT 40",
            params,
        )
        rows = cursor.fetchall()
    actors = Actor.objects.in_bulk({i for a, b, _ in rows for i in (a, b)})
    pairs = [
        {"a": actors[a], "b": actors[b], "count": n}
        for a, b, n in rows
        if actors.get(a) and actors.get(b) and actors[a].code and actors[b].code
    ]
    context = {"pairs": pairs, "error": error, "typed": typed, **filter_options(request.user)}
    return render(request, "readouts/pair_list.html", context)


# The pair page takes the lists' date filters, under the same names, and nothing else.
DATES = ("date_after", "date_before")


@role_required
def pair_detail(request, codes):
    """Every interaction between two countries, within the dates asked: when, on what, and who
    spoke for each side."""
    try:
        a, b = PairField().clean(codes)
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from None
    user = request.user
    pair_code = f"{a.code}-{b.code}"
    # The event list's FilterSet reads the dates, as the lists this page links to read them.
    events_filter = EventFilterSet(
        {name: request.GET[name] for name in DATES if name in request.GET},
        queryset=Event.objects.visible_to(user).filter(
            both_sides_take_part((a, b), OuterRef("pk"))
        ),
        request=request,
    )
    problems = [
        f"Unknown parameter “{name[:40]}”: this page's are {', '.join(DATES)}."
        for name in request.GET
        if name not in DATES
    ]
    if not events_filter.is_valid():
        problems += [
            " ".join(errors) if name == "__all__" else f"{name}: {' '.join(errors)}"
            for name, errors in events_filter.errors.items()
        ]
    swap = reverse("readouts:pair_detail", args=[f"{b.code}-{a.code}"])
    context = {"a": a, "b": b, "pair_code": pair_code, "form": events_filter.form,
               "problems": problems, "dated": any(request.GET.get(n) for n in DATES),
               "swap_url": swap}  # fmt: skip
    if problems:  # no counts for dates that cannot be read: never those of every date
        return render(request, "readouts/pair_detail.html", context, status=400)
    cleaned = events_filter.form.cleaned_data
    dates = QueryDict(mutable=True)  # as the lists write them
    for name in DATES:
        if cleaned.get(name):
            dates[name] = cleaned[name].isoformat()
    # The statements of those events: the set the statement list's `pair` and dates give (a
    # statement carries its event's date), found from the pair's few events rather than by
    # testing the events of every statement of either side.
    statements = Statement.objects.visible_to(user).filter(event__in=events_filter.qs.values("pk"))
    query = QueryDict(mutable=True)  # the lists this page links to: the pair, within the dates
    query["pair"] = pair_code
    query.update(dates)
    context.update(
        after=cleaned.get("date_after"),
        before=cleaned.get("date_before"),
        list_query=query.urlencode(),
        swap_url=f"{swap}?{dates.urlencode()}" if dates else swap,
        **pair_counts(events_filter.qs, statements, a, b, query, cleaned),
    )
    return render(request, "readouts/pair_detail.html", context)


def pair_counts(events, statements, a, b, query, dates):
    """What the pair page shows of the pair's events and statements; `dates`: the cleaned
    date bounds, if any. One pass over the events (by month and kind) and one over the
    statements (by side, mode and list of topics: a few hundred groups) give every count."""
    by_month_and_kind = (
        events.order_by()
        .annotate(month=TruncMonth("occurred_on"))
        .values_list("month", "kind")
        .annotate(n=Count("id"))
    )
    months, kind_counts = {}, {}
    for month, kind, n in by_month_and_kind:
        months[month] = months.get(month, 0) + n
        kind_counts[kind] = kind_counts.get(kind, 0) + n
    timeline = None
    if months:
        timeline = month_facet(query, list(months.items()))
        links = Links(query)
        after, before = dates.get("date_after"), dates.get("date_before")
        for bar in timeline["bars"]:
            # A bar's month, cut to the page's dates where they end within it.
            start = max(bar.start, after) if after else bar.start
            end = min(month_end(bar.start), before) if before else month_end(bar.start)
            bar.url = "/events/" + links.dates(start, end)
    groups = list(
        statements.order_by().values_list("side_id", "mode", "topic_ids").annotate(n=Count("id"))
    )
    totals, joint = {}, 0
    for side_id, mode, _, n in groups:
        totals[side_id] = totals.get(side_id, 0) + n
        joint += n if mode == StatementMode.JOINT else 0
    speakers = (
        statements.order_by()
        .filter(speaker__isnull=False, side__in=[a, b])
        .values("side_id", "speaker__slug", "speaker__name")
        .annotate(n=Count("id"))
        .order_by("-n", "speaker__name")
    )
    columns = [
        {
            "side": side,
            "speakers": [s for s in speakers if s["side_id"] == side.pk][:10],
            "statement_total": totals.get(side.pk, 0),
        }
        for side in (a, b)
    ]
    kinds = dict(EventKind.choices)
    return {
        "event_total": sum(months.values()),
        "joint_total": joint,
        "timeline": timeline,
        "columns": columns,
        "topic_rows": topic_table(
            [(side_id, topic_ids, n) for side_id, _, topic_ids, n in groups],
            Topic.objects.only("name", "slug", "parent"),
            (a, b),
            query,
        ),
        "kinds": [
            (kinds.get(k, k), k, n)
            for k, n in sorted(kind_counts.items(), key=lambda kn: (-kn[1], kn[0]))
        ],
        "recent": events.annotate(comparable=read_out_by(COMPARABLE)).order_by(
            "-occurred_on", "-id"
        )[:12],
    }


def topic_table(combinations, topics, sides, query):
    """Rows of the topics the pair's statements are filed under, each with the count of each
    side's statements on it, most raised first; `combinations` are (side id, topic ids,
    statements; the sides not in `sides` left out). A topic counts the statements on the topics below it too, as the statement
    list's `topic` filter does, so that each count is that of the list it links to (`query`,
    narrowed to the side and topic); a topic above them that no statement is filed under
    itself gets no row of its own."""
    topics = {t.pk: t for t in topics}
    counts, filed = {}, set()  # topic id: {side id: statements}; the topics filed under
    wanted = {side.pk for side in sides}
    for side_id, topic_ids, n in combinations:
        if side_id not in wanted:
            continue
        filed.update(topic_ids or ())
        for pk in with_ancestors(topic_ids, topics):
            by_side = counts.setdefault(pk, {})
            by_side[side_id] = by_side.get(side_id, 0) + n
    counts = {pk: by_side for pk, by_side in counts.items() if pk in filed}
    peak = max((n for by_side in counts.values() for n in by_side.values()), default=1)
    links, rows = Links(query), []
    for pk, by_side in counts.items():
        topic = topics[pk]
        cells = [
            {
                "side": side,
                "count": by_side.get(side.pk, 0),
                "width": max(1, round(100 * by_side.get(side.pk, 0) / peak)),
                "url": links.url({"country": [side.code], "topic": [topic.slug]}),
            }
            for side in sides
        ]
        rows.append({"topic": topic, "cells": cells, "total": sum(by_side.values())})
    return sorted(rows, key=lambda row: (-row["total"], row["topic"].name))


def with_ancestors(topic_ids, topics):
    """The ids of these topics and of every topic above them."""
    found = set()
    for pk in topic_ids or ():
        while pk in topics and pk not in found:
            found.add(pk)
            pk = topics[pk].parent_id
    return found
