"""The home page: counts, the latest events, the topics and countries that speak most."""

from django.db.models import Count, Q
from django.shortcuts import render

from ...models import Actor, Event, Statement, Topic, statement_count
from ..access import role_required


@role_required
def home(request):
    user = request.user
    events = Event.objects.visible_to(user)
    statements = Statement.objects.visible_to(user)
    latest = events.order_by("-occurred_on", "-id").annotate(statement_total=statement_count(user))[
        :10
    ]
    top_topics = (
        Topic.objects.annotate(n=Count("statements", filter=Q(statements__in=statements)))
        .filter(n__gt=0)
        .order_by("-n", "name")[:12]
    )
    top_countries = (
        Actor.objects.countries()
        .annotate(n=Count("statements_for", filter=Q(statements_for__in=statements)))
        .filter(n__gt=0)
        .order_by("-n", "name")[:12]
    )
    context = {
        "counts": {
            "events": events.count(),
            "statements": statements.count(),
            "people": Actor.objects.people()
            .filter(participations__event__in=events)
            .distinct()
            .count(),
            "countries": Actor.objects.countries()
            .filter(participations_for__event__in=events)
            .distinct()
            .count(),
        },
        "latest": latest,
        "top_topics": top_topics,
        "top_countries": top_countries,
    }
    return render(request, "readouts/home.html", context)
