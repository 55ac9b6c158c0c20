"""A readout as the reader walks it: the paragraphs and sentences of its view, with the header,
clutter and dateline marked, and the lead (the sentence that reports the event) and the
headline above it found. Every later step starts from the lead, so what makes a sentence the
lead, a headline or a speaker's label lives here.
"""

import re

from . import dates, kinds, people
from . import text as textmod

# Verbs that make a sentence the lead: the one that reports the event.
LEAD_VERB = re.compile(
    r"\b(?:held|holds|hold|had|has|have)\s+(?:a\s+|an\s+|the\s+)?(?:[\w'+-]+\s+){0,8}(?:talks?"
    r"|call|conversation|meeting|consultations|videoconference|conference|discussion|exchange"
    r"|dialogue|summit|interview)\b"
    r"|\btravel(?:s|ed|led)\s+to\b|\barrived\s+in\b"
    # A trip told by where the traveller was: "X was in China from Thursday to Saturday".
    r"|\b(?:was|were|is|are)\s+in\s+(?:the\s+)?(?-i:[A-Z])[\w'-]+(?:\s+(?:of\s+)?(?-i:[A-Z])[\w'-]+){0,3}\s+(?:from|on|for"
    r"|this|last|between)\s"
    r"|\b(?:met|meets|meet)\b|\bsp(?:oke|eaks)\b[^.]{0,40}\b(?:with|to)\b|\btalked\b"
    r"|\breceived\b|\breceives\b|\bhosted\b|\bhosts\b|\bcalled\b|\bphoned\b"
    r"|\b(?:sent|sends|exchanged|exchanges|addressed)\b[^.]{0,40}\b(?:messages?|letters?|greetings"
    r"|telegrams?|congratulations|condolences)"
    r"|\bvisit(?:ed|s)?\b|\bpaid\b|\bpays\b|\battended\b|\battends\b|\bchaired\b|\bco-chaired\b"
    r"|\bparticipated\b|\btook part\b|\bcongratulated\b|\bconducted\b"
    r"|\b(?:conversation|talks|meeting|call|consultations)\s+(?:took place|(?:was|were) held)\b",
    re.I,
)
# Words that name an event, for a lead in unusual words (a headline, a transcript's title).
EVENT_WORD = re.compile(
    r"\b(?:talks|meeting|met|meets|call|conversation|visit|visits|trip|message|telegram|letter"
    r"|conference|summit|ministerial|dialogue|consultations|remarks|interview|congratulat\w*"
    r"|condolences?|received|receives)\b",
    re.I,
)


# A line that gives the place with the date: "Moscow, 12 April 2024".
PLACED_DATELINE = re.compile(r"^[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+){0,2},\s+\S")


# A transcript's speaker label: "Sergey Lavrov:", "Question (addressed to X):", "Q:".
SPEAKER_LABEL = re.compile(r"^(?P<label>[A-Z][\w .'-]{0,60}?)\s*(?:\([^)]{0,60}\))?\s*:\s+(?=\S)")
NAME_LABEL = re.compile(r"[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){1,4}")
QUESTION_LABEL = re.compile(r"^(?:Question|Q|Journalist|Correspondent|Reporter)\b", re.I)
# An answer whose label names no one: the answerer is the last one named.
ANSWER_LABEL = re.compile(r"^(?:Answer|A|Response|Reply)$", re.I)


HEADLINE_LABEL = re.compile(r"^(?:.*?\s[-–—|]\s)?(?:headline|title)\s*:\s*", re.I)


class _Document:
    """Paragraphs and sentences of a readout's view, with its header and clutter marked."""

    def __init__(self, view):
        self.view = view
        self.dateline = None
        self.dateline_placed = False  # read from "Moscow, 12 April 2024": the original's own
        self.paragraphs = textmod.paragraphs(view.text)
        for para in self.paragraphs:
            m = textmod.DATELINE_PREFIX.match(para.text)
            if m and len(para.text) > m.end() + 20:
                found = [d for d in dates.find_dates(m.group()) if d.date]
                if found and not self.dateline_placed:
                    self.dateline, self.dateline_placed = found[0].date, True
                para.start += m.end()
                para.text = view.text[para.start : para.end]
            para.clutter = textmod.is_clutter(para.text)
            para.prose = (
                not para.clutter and textmod.is_prose(para.text) and not _title_case(para.text)
            )
            if para.prose:
                para.sentences = textmod.split_sentences(
                    view.text, para.start, para.end, para.index
                )

    def _read_dateline(self, text):
        """A line that is a date. When the header carries several, the one nearest the lead is
        the readout's own: a republished copy puts its own date first, then the original's
        ("Office of the Spokesperson / March 21, 2024"). One that gives the place too ("Moscow,
        12 April 2024") is the original's own and stays."""
        date = dates.dateline(text)
        if date is None or self.dateline_placed:
            return
        self.dateline = date
        if PLACED_DATELINE.match(text):
            self.dateline_placed = True

    def find_lead(self, known):
        """(lead sentence, how): the first sentence that reports people meeting, calling or
        talking; failing one, the first sentence or headline that names a person beside an
        event word (with `how` saying so for a warning); (None, "") for no event at all."""
        fallback = None
        for para in self.paragraphs:
            if not para.prose:
                if not para.clutter:
                    self._read_dateline(para.text)
                    if (
                        fallback is None
                        and para.index < 12
                        and EVENT_WORD.search(para.text)
                        and people.find_people(para.text, para.start, known, event_subjects=True)
                    ):
                        fallback = (
                            textmod.Sentence(para.start, para.end, para.index, para.text),
                            "read from the headline",
                        )
                continue
            for sentence in para.sentences:
                clause = kinds.event_clause(sentence.text)
                verb = LEAD_VERB.search(clause)
                if (
                    verb
                    and re.search(r"[.!?'\")]$", sentence.text)
                    and people.find_people(clause, sentence.start, known, event_subjects=True)
                ):
                    self._dateline_after(para.index)
                    return sentence, ""
                if (
                    (fallback is None or fallback[1] == "read from the headline")
                    and para.index < 12
                    and (verb or EVENT_WORD.search(clause))
                    and people.find_people(clause, sentence.start, known, event_subjects=True)
                ):
                    fallback = (sentence, f"read from '{sentence.text[:60]}'")
        if fallback:
            self._dateline_after(fallback[0].paragraph)
        return fallback or (None, "")

    def _dateline_after(self, index):
        """A date line right after the lead, as the Kremlin sets it, when none came before."""
        if self.dateline is not None:
            return
        for para in self.paragraphs[index + 1 : index + 4]:
            if not para.prose and not para.clutter and dates.dateline(para.text):
                self.dateline = dates.dateline(para.text)
                return

    def principal(self, lead, known):
        """The official a first-person release speaks for ("Senator the Hon Penny Wong", "From:
        ... The Rt Hon David Lammy MP"), named in the page's header before the lead."""
        for para in self.paragraphs[: lead.paragraph]:
            for person in people.find_people(para.text, para.start, known):
                after = self.view.text[person.end : person.end + 12]
                if re.match(r"\s*(?:\([^)]*\)\s*)?asked\b", after):
                    continue  # "Deputy X asked the Minister ...": a parliamentary question
                if person.trigger in ("title", "known actor") and not person.possessive:
                    return person
        return None

    def headline_before(self, index):
        """The headline: the last line before the lead that names an event or a person, and
        before any speaker's label (a transcript's remarks may open before its lead)."""
        label = next(
            (
                para.index
                for para in self.paragraphs[:index]
                if (m := SPEAKER_LABEL.match(para.text))
                and NAME_LABEL.fullmatch(m["label"])
                and not QUESTION_LABEL.match(m["label"])
            ),
            index,
        )
        for para in reversed(self.paragraphs[:label]):
            if para.clutter or dates.dateline(para.text):
                continue
            text = HEADLINE_LABEL.sub("", para.text)
            start = para.start + len(para.text) - len(text)
            if len(text.split()) < 3 or text.endswith(":"):
                continue
            if LEAD_VERB.search(text) or re.search(
                r"call|talks|meet|conversation|visit", text, re.I
            ):
                return textmod.Sentence(start, para.end, para.index, text)
        return None


def _title_case(text):
    """Whether a paragraph is a headline in title case rather than prose."""
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    if len(words) < 4 or re.search(r"[.!?]['\")]*$", text.strip()):
        return False
    small = {"of", "and", "the", "with", "on", "in", "at", "to", "for", "a", "an", "by"}
    capital = sum(1 for w in words if w[0].isupper() or w.lower() in small)
    return capital >= 0.8 * len(words)
