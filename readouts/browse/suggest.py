"""What to try when a filter finds no rows: remove one of its filters, the nearest spelling of
the search among the names and topics the reader may see, the same words in the events."""

import difflib
import re
import urllib.parse

from ..models import Actor, Event, Topic
from .facets.counting import count_capped
from .facets.presentation import Links

WORD = re.compile(r"[^\W\d_][\w'’-]*")
CUTOFF = 0.75  # difflib's similarity a spelling must reach to be offered


def vocabulary(user):
    """The names (people, countries, organisations) and topics the reader may see."""
    actors = Actor.objects.visible_to(user).order_by().values_list("name", flat=True)[:5000]
    topics = Topic.objects.visible_to(user).order_by().values_list("name", flat=True)
    return [*actors, *topics]


def nearest_spelling(text, names):
    """`text` with each word that no name holds replaced by the nearest word that one does
    (Lavorv: Lavrov), or the nearest whole name; None when nothing is near enough."""
    lowered = {name.casefold(): name for name in names}
    whole = difflib.get_close_matches(text.casefold(), lowered, n=1, cutoff=CUTOFF)
    if whole and whole[0] != text.casefold():
        return lowered[whole[0]]
    words = {w.casefold(): w for name in names for w in WORD.findall(name) if len(w) > 2}
    changed = False

    def nearest(match):
        nonlocal changed
        word = match.group(0)
        if word.casefold() in words or len(word) < 4:
            return word
        found = difflib.get_close_matches(word.casefold(), words, n=1, cutoff=CUTOFF)
        if not found:
            return word
        changed = True
        return words[found[0]]

    spelled = WORD.sub(nearest, text)
    return spelled if changed else None


def suggestions(filterset, list_name, chip_groups):
    """[{text, url}]: what to try instead of a filter that finds nothing."""
    from .filters import EventFilterSet

    links, out = Links(filterset.data), []
    for group in chip_groups:
        param = group["chips"][0]["param"]
        if len(chip_groups) == 1 and param == "q":
            break  # the whole list, unfiltered: no help to a search
        out.append({"text": f"Remove the {group['name']} filter", "url": links.url({param: []})})
    text = filterset.search_text
    if not text:
        return out
    request = filterset.request
    spelled = nearest_spelling(text, vocabulary(request.user))
    if spelled:
        out.append({"text": f"Search for “{spelled}”", "url": links.url({"q": [spelled]})})
    if list_name == "statements":
        events = EventFilterSet(
            {"q": text}, queryset=Event.objects.visible_to(request.user), request=request
        )
        if events.is_valid():
            total, exact = count_capped(events.qs)
            if total:
                about = "" if exact else "about "
                out.append({
                    "text": f"{about}{total} event{'s' if total != 1 else ''} match “{text}”",
                    "url": "/events/?" + urllib.parse.urlencode({"q": text}),
                })  # fmt: skip
    return out
