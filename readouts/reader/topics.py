"""Topics by keyword: whole words, case-insensitive, a trailing `*` matching any ending
(the rules of readouts.taxonomy)."""

import re
from dataclasses import dataclass
from functools import lru_cache

from readouts.taxonomy import DEFAULT_TOPICS


@dataclass(frozen=True)
class TopicRule:
    slug: str
    name: str
    keywords: tuple


def default_topics():
    """The default taxonomy as rules, for a reader with no database."""
    return [TopicRule(slug, name, tuple(keywords)) for slug, name, _, keywords in DEFAULT_TOPICS]


def _keyword_pattern(keyword):
    keyword = " ".join(keyword.strip().split())
    if not keyword:
        return None
    star = keyword.endswith("*")
    body = re.escape(keyword.rstrip("*")).replace(r"\ ", r"\s+")
    ending = r"[\w-]*" if star else r"(?!\w)"
    return r"(?<![\w-])" + body + ending


@lru_cache(maxsize=8)
def matcher_for(rules):
    """A TopicMatcher for a tuple of rules, compiled once per set of rules."""
    return TopicMatcher(rules)


class TopicMatcher:
    """Files texts under the topics whose keywords they contain."""

    def __init__(self, rules):
        self.rules = []
        for rule in rules:
            parts = [p for p in (_keyword_pattern(k) for k in rule.keywords) if p]
            if not parts:
                continue
            # For speed, a topic's pattern runs only on texts holding a first word of one of
            # its keywords (or, for "sanction*", a word that starts like it).
            firsts = [k.strip().lower().split()[0] for k in rule.keywords if k.strip()]
            words = {w for w in firsts if not w.endswith("*")}
            prefixes = tuple(w.rstrip("*") for w in firsts if w.endswith("*"))
            if any(re.search(r"[^\w*-]", w) for w in firsts):
                words, prefixes = None, ()  # "u.s. sanctions": no word filter, always search
            self.rules.append((rule.slug, re.compile("|".join(parts), re.I), words, prefixes))

    def topics(self, text):
        """The slugs of the topics `text` is on, in taxonomy order."""
        words = set(re.findall(r"\w[\w-]*", text.lower()))
        words |= {part for word in words if "-" in word for part in word.split("-")}
        found = []
        for slug, pattern, firsts, prefixes in self.rules:
            if firsts is not None and not (
                firsts & words or any(w.startswith(prefixes) for w in words if prefixes)
            ):
                continue
            if pattern.search(text):
                found.append(slug)
        return found
