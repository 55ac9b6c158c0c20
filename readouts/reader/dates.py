"""Dates as readouts write them: "On February 24, 2022", "4 January 2020", "2022-02-25 06:58",
"on March 25" (no year), "on Monday", "today", "yesterday", "in March" (a month).

Relative and year-less dates are resolved against an anchor: the readout's own dateline, else
the publication date the editor gives, else a date in its URL.
"""

import datetime as dt
import re
from dataclasses import dataclass

DAY, MONTH, YEAR = "day", "month", "year"

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
MONTH_ABBR = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
# A year may be glued to a time that follows it on scraped pages ("25 March 201918:59").
_YEAR = r"(?P<year>(?:19|20)\d{2})(?:(?=\d{1,2}:\d\d)|(?!\d))"
_DAYNUM = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

PATTERNS = [
    (
        # A span of days: the event began on the first ("on 30-31 May", "9-10 September 2024",
        # "from 9 to 11 June", "between 9 and 11 June").
        "drange",
        re.compile(
            rf"(?<![\d.\-/])(?:(?:from|between)\s+)?{_DAYNUM}\s*(?:[-–—]|to|until|till|and)\s*"
            rf"[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:(?:\s*,?\s*){_YEAR})?(?![\w])"
        ),
    ),
    (
        "mrange",
        re.compile(
            rf"\b{_MONTH}\s+{_DAYNUM}\s*(?:[-–—]|to|until|and)\s*[0-3]?\d(?:st|nd|rd|th)?"
            rf"(?![\d:])(?:(?:\s*,\s*|\s+){_YEAR})?"
        ),
    ),
    (
        # Day and month in brackets, day first, as Indonesian and European sites write them
        # after a weekday: "on Wednesday (10/3)".
        "dm_paren",
        re.compile(r"\((?P<day>[0-3]?\d)/(?P<month>[01]?\d)\)"),
    ),
    (
        "iso",
        re.compile(
            r"(?<!\d)(?P<year>(?:19|20)\d{2})[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)"
        ),
    ),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAYNUM}(?:\s*,\s*|\s+){_YEAR}")),
    ("dmy", re.compile(rf"(?<!\d){_DAYNUM}\s+(?:of\s+)?{_MONTH}(?:\s*,?\s*){_YEAR}")),
    ("md", re.compile(rf"\b{_MONTH}\s+{_DAYNUM}\b(?!\s*,?\s*(?:19|20)\d\d)(?![:\d])")),
    ("dm", re.compile(rf"(?<![\d,])\b{_DAYNUM}\s+(?:of\s+)?{_MONTH}(?!\s*,?\s*(?:19|20)\d\d)\b")),
    ("my", re.compile(rf"\b{_MONTH}\s+{_YEAR}")),
    (
        "dmy_num",
        re.compile(
            # Day first, as outside the United States: 22.05.2025, 12-04-2014 (Russian MFA
            # pages glue it to a document number: "731-12-04-2014").
            r"(?<![\d.])(?P<day>[0-3]?\d)([.-])(?P<month>[01]?\d)\2(?P<year>(?:19|20)\d{2})(?!\d)"
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?P<rel>today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today"
            r"|the\s+day\s+before\s+yesterday|yesterday|last\s+night|tomorrow)\b",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?P<prefix>on|last|this|next)?\s*(?P<weekday>Monday|Tuesday|Wednesday|Thursday"
            r"|Friday|Saturday|Sunday)\b(?:\s*\((?P<pday>[0-3]?\d)/(?P<pmonth>[01]?\d)\))?"
        ),
    ),
    (
        "in_month",
        re.compile(
            rf"\b(?P<prep>in|since|during|by|until|early|late|mid-?)\s+{_MONTH}\b(?!\s+[0-3]?\d\b)"
        ),
    ),
]


@dataclass
class DateMention:
    """A date named in a text, resolved where an anchor allows it."""

    start: int
    end: int
    date: dt.date | None
    precision: str
    how: str  # "explicit", "year from anchor", "relative", "weekday"
    text: str


def _month_number(word):
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or MONTH_ABBR.get(word)


def _safe_date(year, month, day):
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year_for(month, day, anchor, prefer):
    """The year of a year-less date: the one nearest the anchor in the preferred direction."""
    candidate = _safe_date(anchor.year, month, day or 1)
    if candidate is None:
        return anchor.year
    if prefer == "past" and candidate > anchor + dt.timedelta(days=7):
        return anchor.year - 1
    if prefer == "future" and candidate < anchor - dt.timedelta(days=7):
        return anchor.year + 1
    return anchor.year


def find_dates(text, anchor=None, prefer="past"):
    """Every date named in `text`, in order; overlapping matches keep the longest."""
    found = []
    for name, pattern in PATTERNS:
        for m in pattern.finditer(text):
            mention = _resolve(name, m, anchor, prefer)
            if mention:
                found.append(mention)
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    result = []
    for mention in found:
        if result and mention.start < result[-1].end:
            continue
        result.append(mention)
    return result


def _resolve(name, m, anchor, prefer):
    text = m.group()
    if name in ("iso", "mdy", "dmy", "dmy_num"):
        month = _month_number(m["month"]) if not m["month"].isdigit() else int(m["month"])
        date = _safe_date(int(m["year"]), month, int(m["day"]))
        return DateMention(m.start(), m.end(), date, DAY, "explicit", text) if date else None
    if name in ("drange", "mrange"):
        month, day = _month_number(m["month"]), int(m["day"])
        if m["year"]:
            date = _safe_date(int(m["year"]), month, day)
            return DateMention(m.start(), m.end(), date, DAY, "explicit", text) if date else None
        date = _safe_date(_year_for(month, day, anchor, prefer), month, day) if anchor else None
        return DateMention(m.start(), m.end(), date, DAY, "year from anchor", text)
    if name == "dm_paren":
        month, day = int(m["month"]), int(m["day"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        date = _safe_date(_year_for(month, day, anchor, prefer), month, day) if anchor else None
        return DateMention(m.start(), m.end(), date, DAY, "year from anchor", text)
    if name in ("md", "dm"):
        month, day = _month_number(m["month"]), int(m["day"])
        if not 1 <= day <= 31:
            return None
        date = None
        if anchor:
            date = _safe_date(_year_for(month, day, anchor, prefer), month, day)
        return DateMention(m.start(), m.end(), date, DAY, "year from anchor", text)
    if name == "my":
        date = _safe_date(int(m["year"]), _month_number(m["month"]), 1)
        return DateMention(m.start(), m.end(), date, MONTH, "explicit", text)
    if name == "in_month":
        month = _month_number(m["month"])
        if m["month"] == "May" and m["prep"].lower() == "by":
            return None
        date = _safe_date(_year_for(month, None, anchor, prefer), month, 1) if anchor else None
        start = m.start("month")
        return DateMention(start, m.end(), date, MONTH, "year from anchor", m.group("month"))
    if name == "relative":
        rel = " ".join(m["rel"].lower().split())
        offset = {"yesterday": -1, "last night": -1, "the day before yesterday": -2}.get(rel, 0)
        if rel == "tomorrow":
            offset = 1
        date = anchor + dt.timedelta(days=offset) if anchor else None
        return DateMention(m.start(), m.end(), date, DAY, "relative", text)
    if name == "weekday":
        if not anchor:
            return DateMention(m.start(), m.end(), None, DAY, "weekday", text)
        if m["pday"] and 1 <= int(m["pmonth"]) <= 12:
            # "on Wednesday (10/3)": the day and month in brackets say which Wednesday.
            month, day = int(m["pmonth"]), int(m["pday"])
            date = _safe_date(_year_for(month, day, anchor, prefer), month, day)
            if date:
                return DateMention(m.start(), m.end(), date, DAY, "year from anchor", text)
        target = WEEKDAYS.index(m["weekday"].lower())
        prefix = (m["prefix"] or "").lower()
        if prefix == "next" or (prefer == "future" and prefix != "last"):
            delta = (target - anchor.weekday()) % 7 or 7
            date = anchor + dt.timedelta(days=delta)
        else:
            delta = (anchor.weekday() - target) % 7
            if prefix == "last" and delta == 0:
                delta = 7
            date = anchor - dt.timedelta(days=delta)
        return DateMention(m.start(), m.end(), date, DAY, "weekday", text)
    return None


def parse_date(value):
    """A date typed by an editor or given on the command line: YYYY-MM-DD (or None)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


URL_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<sep>[/_-]?)(?P<month>0[1-9]|1[0-2])(?P=sep)"
    r"(?P<day>0[1-9]|[12]\d|3[01])(?!\d)"
)


def url_date(url):
    """A publication date in a URL (/2018/07/23/, t20220225_...), or None."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    for m in URL_DATE.finditer(path):
        date = _safe_date(int(m["year"]), int(m["month"]), int(m["day"]))
        if date:
            return date
    return None


def dateline(text):
    """The date of a line that is only a date (and perhaps a time): "2022-02-25 06:58",
    "25 March 201918:59", "January 22, 2016"; else None."""
    mentions = [d for d in find_dates(text) if d.how == "explicit" and d.precision == DAY]
    if len(mentions) != 1:
        return None
    rest = text[: mentions[0].start] + text[mentions[0].end :]
    rest = re.sub(
        r"\d{1,2}:\d{2}(?::\d{2})?|\b(?:updated|published|posted|date|time)\b", "", rest, flags=re.I
    )
    if re.search(r"[A-Za-z]{3,}", rest) and len(rest.split()) > 3:
        return None
    return mentions[0].date
