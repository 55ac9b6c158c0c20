"""The rows of a saved search, as its owner may see them now."""

from types import SimpleNamespace

from django.db.models import Q
from django.http import QueryDict

from ..browse.views import lists
from .appeared import with_appeared

KINDS = {"events": lists.EVENTS, "statements": lists.STATEMENTS}


def filterset_for(search):
    """(kind, the saved search's valid FilterSet as its owner would see it) or (kind, None)
    when its filters no longer read (a topic renamed, say)."""
    kind = KINDS[search.list_name]
    request = SimpleNamespace(user=search.owner)  # what the FilterSet asks of a request
    data, problems = lists.read_query(QueryDict(search.query), kind.filterset)
    filterset = kind.filterset(
        data, queryset=kind.model.objects.visible_to(search.owner), request=request
    )
    if problems or not filterset.is_valid():
        return kind, None
    return kind, filterset


def matching(search, since=None, until=None):
    """(kind, the saved search's visible rows with `appeared`, newest first) or (kind, None)
    when its filters no longer read (a topic renamed, say)."""
    kind, filterset = filterset_for(search)
    if filterset is None:
        return kind, None
    rows = with_appeared(search.list_name, filterset.qs.order_by())
    if since is not None:
        # Creating or publishing a record sets its updated_at (a statement's visibility follows
        # its event's): a cheap first cut before the history is asked.
        touched = Q(updated_at__gt=since)
        if search.list_name == "statements":
            touched |= Q(event__updated_at__gt=since)
        rows = rows.filter(touched, appeared__gt=since)
    if until is not None:
        rows = rows.filter(appeared__lte=until)
    return kind, rows.order_by("-appeared", "-pk")
