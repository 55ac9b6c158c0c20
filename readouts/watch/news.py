"""What the saved-search menu and page say of each saved search: its filters in words, and how
many of its rows appeared since its owner last opened it. Both are kept in the cache under the
data version, so that a page showing thirty searches asks the database once for the version."""

from ..browse.views.lists import chip_groups, chips
from ..cache import data_version, remember
from ..models import can_see_drafts
from .matching import filterset_for, matching

CAP = 50  # counted no further: "50+" says enough, and stops the count early


def annotate(owner, searches):
    """The owner's searches (a list), each given `.words`, `.new` (a number, at most CAP + 1, or None
    when its filters no longer read) and `.new_text` ("3 new", "50+ new")."""
    if not searches:
        return searches
    version = data_version()
    audience = "drafts" if can_see_drafts(owner) else "public"
    for search in searches:
        search.owner = owner  # one user, its permissions read once
        search.words = remember(
            version,
            ("saved-words", search.list_name, search.query, audience),
            lambda s=search: in_words(s),
        )
        new = remember(
            version,
            ("saved-new", search.pk, search.query, search.last_seen.isoformat(), audience),
            lambda s=search: count_new(s),
        )
        search.new = None if new < 0 else new
        search.new_text = new_label(search.new)
    return searches


def in_words(search):
    """`country China (CHN) or Russia (RUS), topic Ukraine`: the filters as the chips say them."""
    kind, filterset = filterset_for(search)
    if filterset is None:
        return "filters that no longer read (open it to see why)"
    groups = chip_groups(chips(filterset))
    parts = [f"{g['name']} {' or '.join(c['label'] for c in g['chips'])}" for g in groups]
    return ", ".join(parts) or "no filters: every row"


def count_new(search):
    """How many rows first appeared after the last visit, counted up to CAP + 1; -1 when the
    filters no longer read (the cache keeps no None)."""
    kind, rows = matching(search, since=search.last_seen)
    if rows is None:
        return -1
    return rows.order_by().values("pk")[: CAP + 1].count()


def new_label(count):
    if count is None:
        return ""
    return f"{CAP}+ new" if count > CAP else f"{count} new"
