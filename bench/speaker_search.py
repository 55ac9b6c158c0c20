#!/usr/bin/env python3
"""The statement search with and without its speakers (issue 20, item 4), timed in-process
against a generated database: page 1 of the rows (as the list reads them, through the RUM
index where it exists) and the facets and total, for searches that name a speaker and that
do not. Run against a database filled by `manage.py generate`:

    DATABASE_URL=postgres://.../readouts_bench .venv/bin/python bench/speaker_search.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from readouts.browse import names  # noqa: E402
from readouts.browse.facets import StatementFacets  # noqa: E402
from readouts.browse.filters import StatementFilterSet  # noqa: E402
from readouts.browse.views.lists import statement_rows  # noqa: E402
from readouts.choices import ActorKind  # noqa: E402
from readouts.models import Actor, Statement  # noqa: E402

REPS = 7


def timed(fn):
    times = []
    for _ in range(REPS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(q):
    request = RequestFactory().get("/statements/", {"q": q})
    request.user = AnonymousUser()

    def filterset():
        f = StatementFilterSet(
            request.GET, queryset=Statement.objects.visible_to(request.user), request=request
        )
        assert f.is_valid()
        return f

    rows = timed(lambda: list(statement_rows(filterset())[0:50]))
    summary = timed(lambda: StatementFacets(filterset()).summary()["total"])
    total = StatementFacets(filterset()).summary()["total"]
    return rows, summary, total


def main():
    # A speaker of a median share of the statements, not the busiest.
    counts = list(
        Statement.objects.filter(speaker__isnull=False)
        .values_list("speaker")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    busiest = Actor.objects.get(pk=counts[0][0], kind=ActorKind.PERSON)
    median = Actor.objects.get(pk=counts[len(counts) // 2][0], kind=ActorKind.PERSON)
    surname = max(median.name.split(), key=len)
    searches = ["ukraine", "trade sanctions", busiest.name, median.name, surname]
    original = names.named_in_search
    print(f"{Statement.objects.count():,} statements; {REPS} runs each, median seconds")
    print(
        "| search | rows before | rows after | facets+total before | after | total before | after |"
    )
    print("|---|---|---|---|---|---|---|")
    for q in searches:
        names.named_in_search = lambda queryset, text: []
        before = measure(q)
        names.named_in_search = original
        after = measure(q)
        print(f"| {q} | {before[0]:.3f} | {after[0]:.3f} | {before[1]:.3f} | {after[1]:.3f} "
              f"| {before[2]:,} | {after[2]:,} |")  # fmt: skip


if __name__ == "__main__":
    main()
