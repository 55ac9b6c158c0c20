"""A citation of an event or a statement, as plain text and as BibTeX: who published it, its
title, its date, the publisher's address, the record's address in Readouts and the day it was
read. Pure functions: the views hand them the record's facts."""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Citation:
    key: str  # the BibTeX key: readouts-event-12
    publisher: str
    title: str
    date: str  # as the record shows it: "7 August 2023", "August 2023"
    year: str
    url: str  # the publisher's page, or ""
    permalink: str  # the record's page in Readouts
    retrieved: str  # ISO date

    @property
    def plain(self):
        parts = [
            f"{self.publisher}." if self.publisher else "",
            f"“{self.title}.”",
            f"{self.date}.",
        ]
        if self.url:
            parts.append(f"{self.url}.")
        parts.append(f"Readouts: {self.permalink} (retrieved {self.retrieved}).")
        return " ".join(part for part in parts if part)

    @property
    def bibtex(self):
        fields = [
            ("author", "{" + bibtex_text(self.publisher) + "}" if self.publisher else ""),
            ("title", bibtex_text(self.title)),
            ("year", self.year),
            (
                "note",
                bibtex_text(f"{self.date}. Readouts: ")
                + r"\url{"
                + bibtex_url(self.permalink)
                + "}",
            ),
            ("howpublished", r"\url{" + bibtex_url(self.url) + "}" if self.url else ""),
            ("urldate", self.retrieved),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        return f"@misc{{{self.key},\n{body}\n}}"


BIBTEX_SPECIAL = re.compile(r"([\\{}%&#_$^~])")
BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}


def bibtex_text(text):
    """`text` with BibTeX's and LaTeX's special characters escaped."""
    return BIBTEX_SPECIAL.sub(lambda m: BIBTEX_ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def bibtex_url(url):
    """A URL inside \\url{...}: only braces and backslashes would break it (a web URL holds
    none once percent-encoded)."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")
