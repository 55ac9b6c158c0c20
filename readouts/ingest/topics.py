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
            if parts:
                self.rules.append((rule.slug, re.compile("|".join(parts), re.I)))

    def topics(self, text):
        """The slugs of the topics `text` is on, in taxonomy order."""
        return [slug for slug, pattern in self.rules if pattern.search(text)]
