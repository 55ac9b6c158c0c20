"""An Atom feed per saved search, at a private address (`/feeds/<secret>/`) for feed readers,
which cannot log in: the secret stands for the owner, reads what the owner may read, and is
revoked or replaced on the saved searches page."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from ..models import SavedSearch
from .matching import matching

ITEMS = 50
WINDOW = datetime.timedelta(days=90)  # what a feed reader has not yet seen is recent


def owner_may_read(search):
    owner = search.owner
    return owner.is_active and owner.has_perm("readouts.view_event")


class SavedSearchFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, key):
        search = SavedSearch.objects.select_related("owner").filter(feed_key=key).first()
        if search is None or not owner_may_read(search):
            raise Http404("No such feed.")
        return search

    def title(self, search):
        return f"Readouts: {search.name}"

    def subtitle(self, search):
        return f"{search.get_list_name_display()} matching {search.query or 'everything'}, newest first"

    def link(self, search):
        return search.get_absolute_url()

    def items(self, search):
        _, rows = matching(search, since=timezone.now() - WINDOW)
        if rows is None:
            return []
        if search.list_name == "statements":
            rows = rows.select_related("speaker", "side", "event")
        return list(rows[:ITEMS])

    def item_title(self, item):
        if hasattr(item, "text"):
            who = item.speaker or item.side or "Joint"
            text = item.text if len(item.text) <= 90 else item.text[:89] + "…"
            return f"{who}: {text}"
        return f"{item.title} ({item.occurred_on:%Y-%m-%d})"

    def item_description(self, item):
        if hasattr(item, "text"):
            return f"{item.text}\n\n{item.event.title}, {item.occurred_on:%Y-%m-%d}"
        return item.summary or item.title

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.appeared

    def item_updateddate(self, item):
        return item.appeared
