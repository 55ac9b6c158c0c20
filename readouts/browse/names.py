"""The names analysts type into the filters, read as the codes and slugs the URLs keep.

`country=China`, `country=UK` and `actor=Sergey Lavrov` mean what `country=CHN`, `country=GBR`
and `actor=sergey-lavrov` mean. Each name is looked up among the records the user may see (the
filters' own `visible_to` querysets), so a name recorded only in a draft stays unknown.
"""

import contextlib
import re

import pycountry
from django.db.models import Q

from ..models import Role

# Names in everyday use that ISO 3166 spells otherwise (pycountry knows "China", "Iran",
# "South Korea", "US"; not these).
COUNTRY_ALIASES = {
    "russia": "RUS",
    "uk": "GBR",
    "britain": "GBR",
    "great britain": "GBR",
    "england": "GBR",
    "america": "USA",
    "usa": "USA",
    "prc": "CHN",
    "turkey": "TUR",
    "ivory coast": "CIV",
    "czech republic": "CZE",
    "burma": "MMR",
    "holland": "NLD",
    "the netherlands": "NLD",
    "dprk": "PRK",
    "uae": "ARE",
    "vatican": "VAT",
    "palestine": "PSE",
    "macedonia": "MKD",
    "swaziland": "SWZ",
    "cape verde": "CPV",
    "east timor": "TLS",
}

MAX_CANDIDATES = 8  # listed when a name is ambiguous


def squeeze(text):
    return " ".join(str(text).split())


def country_codes(text):
    """The codes `text` may mean, the likeliest first: itself as a code (an organisation's
    short name too: UN, SCO), the alias table's, then ISO 3166's (names, alpha-2)."""
    text = squeeze(text)
    codes = [text.upper()]
    if alias := COUNTRY_ALIASES.get(text.casefold()):
        codes.append(alias)
    with contextlib.suppress(LookupError):
        codes.append(pycountry.countries.lookup(text).alpha_3)
    return list(dict.fromkeys(codes))


def named(queryset, texts, partial=False):
    """{text: [records]}: the records of `queryset` whose name or an alias is `text`, case
    aside; with `partial`, failing that, those whose name contains it. One query for all."""
    texts = [squeeze(t) for t in texts if squeeze(t)]
    if not texts:
        return {}
    match = Q()
    for text in texts:
        match |= Q(name__iexact=text) | Q(aliases__icontains=text)
        if partial:
            match |= Q(name__icontains=text)
    found = list(queryset.filter(match).order_by("name", "id")[:500])
    out = {}
    for text in texts:
        key = text.casefold()
        exact = [
            a
            for a in found
            if a.name.casefold() == key or key in {x.casefold() for x in a.aliases or ()}
        ]
        if not exact and partial:
            exact = [a for a in found if key in a.name.casefold()]
        out[text] = exact
    return out


SEARCH_WORD = re.compile(r"[^\W_][\w'’.]*")


def named_in_search(queryset, text):
    """The ids of the records of `queryset` that a search names as a whole: their name or an
    alias, or words that follow each other in one (a surname: `Lavrov`), case and quotes
    aside. Nobody for a search with operators (`or`, `-word`)."""
    if re.search(r"(^|\s)-\w|\bor\b", text, re.IGNORECASE):
        return []
    words = [w.casefold() for w in SEARCH_WORD.findall(text)]
    if not words or len(words) > 6:
        return []
    phrase = " ".join(words)
    found = queryset.filter(Q(name__icontains=phrase) | Q(aliases__icontains=phrase))

    def holds(name):
        parts = [w.casefold() for w in SEARCH_WORD.findall(name)]
        return any(parts[i : i + len(words)] == words for i in range(len(parts)))

    return [
        pk
        for pk, name, aliases in found.order_by().values_list("pk", "name", "aliases")[:50]
        if holds(name) or any(holds(alias) for alias in aliases or ())
    ]


def describe_people(people, side_names):
    """{pk: "Foreign Minister, China, 2013–2022"}: what tells people of one name apart, from
    the office table (their latest role), else their country. `side_names`: {pk: name} of the
    sides the reader may see; a side outside it is left unnamed. One query."""
    people = list(people)
    roles = {}
    rows = (
        Role.objects.filter(person__in=[p.pk for p in people])
        .order_by("person", "-start_date", "id")
        .values_list("person", "title", "side_id", "start_date", "end_date")
    )
    for person, *role in rows:
        roles.setdefault(person, role)
    out = {}
    for p in people:
        parts = []
        if p.pk in roles:
            title, side_id, start, end = roles[p.pk]
            parts += [title, side_names.get(side_id, "")]
            if start:
                parts.append(f"{start.year}–{end.year if end else ''}")
        else:
            parts.append(side_names.get(p.country_id, ""))
        out[p.pk] = ", ".join(part for part in parts if part)
    return out


def person_label(person, description):
    return f"{person.name} ({description})" if description else person.name
