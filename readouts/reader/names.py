"""Names compared and matched to known actors: whether two names are one person across
spelling variants, order, patronymics and initials ("Sergey Lavrov" and "Sergei Lavrov",
"Secretary Pompeo" and "Mike Pompeo"), and which known actor a name in a readout is, through
the actor's name, its aliases and their variants. Kept apart from finding people in the
text: the store matches a participant's name to the actors it holds without reading any.
"""

import re
from dataclasses import dataclass

from . import gazetteer

HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "h.e",
    "he",
    "rt",
    "hon",
    "sir",
    "dame",
    "madam",
    "madame",
    "mme",
    "excellency",
    "majesty",
    "highness",
    "lord",
    "lady",
    "prof",
    "professor",
    "messrs",
}


NICKNAMES = {
    "mike": "michael",
    "tony": "antony",
    "anthony": "antony",
    "bill": "william",
    "bob": "robert",
    "jim": "james",
    "joe": "joseph",
    "tom": "thomas",
    "dick": "richard",
    "rex": "rex",
    "liz": "elizabeth",
    "ben": "benjamin",
    "dan": "daniel",
    "dave": "david",
    "steve": "steven",
    "stephen": "steven",
    "alex": "alexander",
    "sasha": "alexander",
    "kate": "katherine",
    "catherine": "katherine",
}


def fold(word):
    """A word folded so that transliteration variants meet: Sergey/Sergei, Aleksey/Alexei,
    Çavuşoğlu/Cavusoglu, Yevgeny/Evgeny, Dmitry/Dmitri."""
    w = gazetteer.strip_accents(word).lower()
    w = re.sub(r"[^a-z]", "", w)
    w = NICKNAMES.get(w, w)
    w = w.replace("x", "ks").replace("ck", "k").replace("ph", "f").replace("w", "v")
    w = w.replace("kh", "h").replace("j", "i").replace("y", "i")
    w = re.sub(r"^ie", "e", w)
    w = re.sub(r"(.)\1+", r"\1", w)
    return w


PATRONYMIC = re.compile(r"(?:ovich|evich|ovna|evna|ichna)$", re.I)


def name_keys(name):
    """The folded words of a name that identify it: no honorifics, initials or patronymics."""
    words = re.findall(r"[^\W\d_][\w'-]*", name)
    keys = []
    for word in words:
        if word.lower().rstrip(".") in HONORIFICS or len(word.rstrip(".")) == 1:
            continue
        if PATRONYMIC.search(word) and len(words) > 2:
            continue
        for part in word.split("-") if "-" in word and len(word) > 8 else [word]:
            keys.append(fold(part.removesuffix("'s")))
    return frozenset(k for k in keys if k)


_INDEX_CACHE = {}


def _known_key_index(known):
    """(keys, actor, form) for every name and alias of the known people. Built once per list
    of known actors: a batch reads many files against the same list."""
    if not known:
        return {}
    cached = _INDEX_CACHE.get("index")
    if cached and cached[0] is known and cached[1] == len(known):
        return cached[2]
    if cached and cached[0] is known and cached[1] < len(known):
        index, fresh = cached[2], known[cached[1] :]  # actors added since: index them only
    else:
        index, fresh = {}, known
    for actor in fresh:
        if actor.kind != "person":
            continue
        for form in [actor.name, *actor.aliases]:
            keys = name_keys(form)
            for key in keys:
                index.setdefault(key, []).append((keys, actor, form))
    _INDEX_CACHE["index"] = (known, len(known), index)
    return index


def _candidates(keys, index):
    """The index entries that share a word with `keys`, each once."""
    seen, found = set(), []
    for key in keys:
        for entry in index.get(key, ()):
            if id(entry) not in seen:
                seen.add(id(entry))
                found.append(entry)
    return found


def _key_hit(keys, index):
    return any(keys == k or (len(keys) >= 2 and keys <= k) for k, _, _ in _candidates(keys, index))


@dataclass(frozen=True)
class KnownActor:
    """An actor the database already holds, as the reader needs it."""

    id: int | None
    name: str
    kind: str = "person"
    aliases: tuple = ()
    code: str | None = None
    country: str | None = None  # the person's country code


def match_actor(name, country, known):
    """(actor, how) for the known person this name most likely is, or (None, "").

    how: "name" (the actor's name, as written), "alias", or "variant" (same words once
    spelling variants, order, patronymics and initials are set aside)."""
    if not known:
        return None, ""
    keys = name_keys(name)
    if not keys:
        return None, ""
    exact, variant, partial = [], [], []
    for other, actor, form in _candidates(keys, _known_key_index(known)):
        if name == form:
            exact.append((actor, "name" if name == actor.name else "alias"))
        elif other == keys or (
            len(keys) >= 2 and len(other) >= 2 and (keys <= other or other <= keys)
        ):
            variant.append(actor)
        elif len(keys) == 1 and keys <= other:
            partial.append(actor)
    for group, how in ((exact, None), (variant, "variant"), (partial, "variant")):
        candidates = group if how is None else [(a, how) for a in group]
        if country:
            fitting = [c for c in candidates if c[0].country in (None, country)]
            candidates = fitting or []
        unique = {c[0].id: c for c in candidates}
        if len(unique) == 1:
            return next(iter(unique.values()))
        if len(unique) > 1:
            return None, ""
    return None, ""


def same_person(a, b):
    """Whether two names in one readout are the same person ("Secretary Pompeo" and "Mike
    Pompeo", "Sergei Lavrov" and "Sergey Lavrov")."""
    ka, kb = name_keys(a), name_keys(b)
    return bool(ka and kb and (ka <= kb or kb <= ka))
