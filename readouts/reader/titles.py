"""Officials named only by title, resolved by the office table: "The President and Prime
Minister Brown had a call" in a White House readout names Barack Obama; "the French President"
names the President of France on the day; "I" in a foreign minister's own account names the
minister. What the text states always wins: a title is resolved only where no name is given,
and a resolution says so in the warnings.
"""

import re

from . import gazetteer, people
from .offices import FOREIGN_MINISTER, GENERIC_TITLES, HEAD_OF_GOVERNMENT, HEAD_OF_STATE

# A title with no name after it: "The President", "the French President", "PM", "the
# President of the United States", "the Prime Minister's call".
BARE_TITLE = re.compile(
    r"(?<![\w-])(?P<article>(?:[Tt]he|[Hh]is|[Hh]er)\s+)?(?P<adj>[A-Z][\w.]*\s+)?"
    r"(?P<title>Prime Minister|President|Foreign Secretary|Secretary of State|Secretary"
    r"|Chancellor|Premier|Foreign Minister|External Affairs Minister|Taoiseach|PM|EAM|King"
    r"|Queen|Emperor|Minister)(?![\w-])(?:\s+of\s+(?:the\s+)?(?P<of>(?:[A-Z][\w]*\s*){1,5}))?"
)
# Publishers whose "I" is the head of state or of government rather than a minister.
HEAD_OFFICES = [
    (
        re.compile(
            r"prime minister|pmindia|downing|number 10|no\.? ?10|taoiseach|pm\.gov|kantei"
            r"|chancell|bundesregierung|premier",
            re.I,
        ),
        HEAD_OF_GOVERNMENT,
    ),
    (
        re.compile(
            r"white ?house|kremlin|president|elysee|élysée|blue house|akorda|planalto", re.I
        ),
        HEAD_OF_STATE,
    ),
]


def _country_of(match, home):
    """The country a bare title belongs to: its adjective's ("the French President"), its
    "of" phrase's ("the President of Russia"), else the publisher's; None when the word
    before the title is not a country ("the Vice President", "Deputy Prime Minister")."""
    adj = (match["adj"] or "").strip()
    if adj:
        hit = gazetteer.lookup(adj)
        if not hit:
            return None
        return hit[0]
    if match["of"]:
        hit = gazetteer.lookup(match["of"].strip())
        if hit:
            return hit[0]
        return None
    return home


def bare_titles(text, offset, home):
    """(title, country, start, end) for each title in `text` that stands without a name."""
    found = []
    for m in BARE_TITLE.finditer(text):
        after = text[m.end() :]
        if re.match(r"\s+(?:[A-Z]|al-|bin\b|de\b|van\b|von\b)", after) and not m["of"]:
            continue  # "President Biden", "Prime Minister Shri Narendra Modi"
        before = text[: m.start()].rstrip()
        if not m["article"] and re.search(r"(?:Vice|Deputy|First|Acting|Former|Senior)$", before):
            continue
        if m["adj"] and not m["article"] and re.search(r"\b[A-Z][\w.]*$", before):
            continue
        title = m["title"]
        if title == "Minister" and (m["adj"] or not m["article"] or m["of"]):
            continue  # only a bare "the Minister": "Deputy Minister", "the Minister of X" are not
        if title in ("King", "Queen", "Emperor", "Secretary") and not m["article"]:
            continue  # "Secretary" and "King" alone are too often part of another name
        country = _country_of(m, home)
        if country is None:
            continue
        start = m.start("article") if m["article"] else m.start("adj") if m["adj"] else m.start()
        found.append((title, country, offset + start, offset + m.end()))
    return found


def resolve_titles(texts, home, day, offices, found, warnings, publisher=None, url=None):
    """Add to `found` (people.Person) the officials that `texts` ((text, offset) pairs: the
    lead's clause, the headline) name only by title, resolved by the office table at `day`.
    A bare "the Minister" is the foreign minister in a foreign ministry's release, and no one
    in another's. Returns the people added."""
    added = []
    if not offices or day is None:
        return added
    for text, offset in texts:
        for title, country, start, end in bare_titles(text, offset, home):
            if title == "Minister":
                if not FOREIGN_MINISTRY.search(f"{publisher or ''} {url or ''}"):
                    continue
                holder = offices.holder(country, FOREIGN_MINISTER, day)
            else:
                holder = offices.by_title(country, title, day)
            if holder is None:
                continue
            same = next((p for p in found if people.same_person(p.name, holder.name)), None)
            if same is not None:
                if not same.country:
                    same.country, same.country_cue = holder.country, "office table"
                continue
            person = people.Person(
                name=holder.name,
                start=start,
                end=end,
                title=holder.title,
                country=holder.country,
                country_cue="office table",
                trigger="office table",
            )
            said = text[start - offset : end - offset].strip()
            person.found_by = f"office table: '{said}' of {country} on {day}"
            # In the order the text names them: the subject of the lead first.
            at = next(
                (i for i, q in enumerate(found) if q.start > start and q.start >= offset),
                len(found),
            )
            found.insert(at, person)
            added.append(person)
            warnings.append(
                f"'{said}' read as {holder.name} ({holder.title}, "
                f"{holder.country}, on {day}): from the office table"
            )
    return added


# A foreign ministry by its name or address.
FOREIGN_MINISTRY = re.compile(
    r"foreign|external affairs|state\.gov|mfa|mofa|fco|dfa|fmprc|mid\.ru|diplomatie|auswaertiges",
    re.I,
)


def first_person_office(publisher, url):
    """The office whose holder speaks as "I" in a release of this publisher: a head of
    government's or state's office, else (ministries, parliaments) the foreign minister."""
    said = f"{publisher or ''} {url or ''}"
    if FOREIGN_MINISTRY.search(said):
        return FOREIGN_MINISTER
    for pattern, office in HEAD_OFFICES:
        if pattern.search(said):
            return office
    return FOREIGN_MINISTER


def first_person_holder(publisher, url, home, day, offices):
    """The official a first-person release speaks for, by the office table, or None."""
    if not offices or not home or day is None:
        return None
    return offices.holder(home, first_person_office(publisher, url), day)


def complete_from_offices(participants, day, offices, warnings):
    """A participant whose country or title the text leaves out gets them from the office
    they held on the day ("Narendra Modi": Prime Minister of India)."""
    if not offices or day is None:
        return
    held = [h for h in offices.holders if h.held_on(day)]
    for p in participants:
        if p.country and p.title and len(p.name.split()) > 1 and " and " not in p.title:
            continue
        matches = {}
        for h in held:
            if people.same_person(p.name, h.name):
                matches.setdefault((h.country, h.title), h)
        countries = {c for c, _ in matches}
        if len(countries) != 1:
            continue
        h = next(iter(matches.values()))
        if len(p.name.split()) == 1 and len(matches) == 1:
            # "Prime Minister Brown": the full name of the one who held the office that day.
            p.aliases.append(p.name)
            p.name = h.name
            p.found_by = f"the text; full name from the office table ({h.title}, {h.country})"
        first, _, last = (p.title or "").partition(" and ")
        if last and first.lower() in GENERIC_TITLES and last.lower() == h.title.lower():
            # "The President and Prime Minister Brown": the title is the one nearest the name.
            p.title = h.title
        if not p.country:
            p.country, p.country_cue = h.country, "office table"
            warnings.append(f"{p.name}: country {h.country} from the office table ({h.title})")
        if not p.title and len(matches) == 1:
            p.title = h.title
