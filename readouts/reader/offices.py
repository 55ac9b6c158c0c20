"""Who held which office, when: the table by which the reader names the official a readout
calls only by title ("The President", "the Prime Minister", "the Foreign Secretary", "I" in a
minister's own account), from the publisher's country and the event date.

Plain data: `OfficeTable.from_toml()` reads readouts/data/offices.toml; the store builds the
same table from the roles editors keep in the database (see store.office_table).
"""

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

OFFICES_FILE = Path(__file__).resolve().parent.parent / "data" / "offices.toml"

HEAD_OF_STATE = "head_of_state"
HEAD_OF_GOVERNMENT = "head_of_government"
FOREIGN_MINISTER = "foreign_minister"
OFFICES = (HEAD_OF_STATE, HEAD_OF_GOVERNMENT, FOREIGN_MINISTER)

# The bare titles a readout gives its own officials, and the office each may name. A country's
# own title for the office ("Secretary of State", "Taoiseach") is matched too.
GENERIC_TITLES = {
    "president": (HEAD_OF_STATE,),
    "king": (HEAD_OF_STATE,),
    "queen": (HEAD_OF_STATE,),
    "emperor": (HEAD_OF_STATE,),
    "prime minister": (HEAD_OF_GOVERNMENT,),
    "pm": (HEAD_OF_GOVERNMENT,),
    "premier": (HEAD_OF_GOVERNMENT,),
    "chancellor": (HEAD_OF_GOVERNMENT,),
    "taoiseach": (HEAD_OF_GOVERNMENT,),
    "foreign minister": (FOREIGN_MINISTER,),
    "foreign secretary": (FOREIGN_MINISTER,),
    "minister for foreign affairs": (FOREIGN_MINISTER,),
    "minister of foreign affairs": (FOREIGN_MINISTER,),
    "external affairs minister": (FOREIGN_MINISTER,),
    "eam": (FOREIGN_MINISTER,),
    "fm": (FOREIGN_MINISTER,),
    "secretary of state": (FOREIGN_MINISTER,),
    "secretary": (FOREIGN_MINISTER,),
    "high representative": (FOREIGN_MINISTER,),
}


# Titles of heads of state that never name one another's office.
MONARCHY_CLASH = {"president", "king", "queen", "emperor"}


@dataclass(frozen=True)
class Holder:
    """One person in one office of one country (or organisation) over a date range; `end`
    is the day the successor took office, None while the holder is in office."""

    country: str
    office: str
    title: str
    name: str
    start: dt.date | None
    end: dt.date | None = None
    source: str = ""

    def held_on(self, day):
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


def _date(value):
    return dt.date.fromisoformat(value) if value else None


class OfficeTable:
    """The holders of offices, looked up by country, office or title, and date."""

    def __init__(self, holders=()):
        self.holders = list(holders)
        self._by_key = {}
        for h in self.holders:
            self._by_key.setdefault((h.country, h.office), []).append(h)

    def __bool__(self):
        return bool(self.holders)

    @classmethod
    def from_toml(cls, path=OFFICES_FILE):
        with open(path, "rb") as f:
            data = tomllib.load(f)
        holders = []
        for office in data.get("offices", []):
            for row in office["holders"]:
                name, start, end, *title = row
                holders.append(
                    Holder(
                        country=office["country"],
                        office=office["office"],
                        title=title[0] if title else office["title"],
                        name=name,
                        start=_date(start),
                        end=_date(end),
                        source=office.get("source", ""),
                    )
                )
        return cls(holders)

    def holder(self, country, office, day):
        """The holder of `office` for `country` on `day`, or None. On a day of handover, the
        one who took office that day."""
        if not country or day is None:
            return None
        held = [h for h in self._by_key.get((country, office), ()) if h.held_on(day)]
        held.sort(key=lambda h: h.start or dt.date.min, reverse=True)
        return held[0] if held else None

    def offices_titled(self, country, title):
        """The offices of `country` that a bare `title` ("President", "Foreign Secretary",
        "Secretary") may name: by the country's own title for the office, else the usual one."""
        key = re.sub(r"\s+", " ", title.strip().lower())
        own = [
            office
            for office in OFFICES
            if any(
                h.title.lower() == key or h.title.lower().endswith(" " + key)
                for h in self._by_key.get((country, office), ())
            )
        ]
        if own:
            return own
        return [
            office
            for office in GENERIC_TITLES.get(key, ())
            if (country, office) in self._by_key
            and not self._titled_otherwise(country, office, key)
        ]

    def _titled_otherwise(self, country, office, key):
        """Whether the office's holders all bear another of the usual titles: a monarch is
        never "the President", nor a president "the King"."""
        titles = {h.title.lower() for h in self._by_key[(country, office)]}
        return all(t in GENERIC_TITLES and t != key for t in titles) and key in MONARCHY_CLASH

    def by_title(self, country, title, day):
        """The one holder on `day` of the office of `country` that `title` names, or None."""
        found = {}
        for office in self.offices_titled(country, title):
            h = self.holder(country, office, day)
            if h is not None:
                found.setdefault(h.name, h)
        return next(iter(found.values())) if len(found) == 1 else None

    def offices_of(self, name, day):
        """The holders' records of the offices `name` held on `day` (any country)."""
        return [h for h in self.holders if h.name == name and h.held_on(day)]


@lru_cache(maxsize=1)
def default_offices():
    """The table shipped with the project, for a reader with no database."""
    return OfficeTable.from_toml()
