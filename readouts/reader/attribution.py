"""The readout's statements, paragraph by paragraph after the lead: each clause goes to a
participant, a side or both sides (statements.Attributor reads a clause's subject; here a
speaker carries on across clauses and paragraphs, and sentences about the meeting itself are
left out). A transcript goes by its speakers' labels instead. Also the countries and people
each statement mentions.
"""

import re

from . import gazetteer, kinds, people, statements
from .document import ANSWER_LABEL, QUESTION_LABEL, SPEAKER_LABEL
from .statements import BOTH, Draft

REPORTS_EVENT = re.compile(
    r"\b(?:held|had|holds|has)\s+(?:a\s+|an\s+)?(?:[\w-]+\s+){0,2}(?:talks?|call|conversation|meeting)"
    r"(?:\s+(?:in|on|at)\s+[\w-]+(?:\s+[\w-]+)?){0,2}\s+with\b|\b(?:met|meets)\s+(?:with\s+)?(?:[A-Z]|him\b|her\b|them\b)"
    r"|\bsp(?:oke|eaks)\s+(?:\w+\s+){0,2}(?:with|to)\b"
    r"|\bvisit(?:ed|s)\s+(?-i:[A-Z])|\btravel(?:l)?ed\s+to\b|\bpaid\s+(?:an?\s+)?(?:\w+\s+)?visit\b"
)


def _about_the_sides(text, participants):
    """Whether a sentence speaks of the parties (their countries, "both sides", "we"): what a
    paragraph carrying on a statement does, and a publisher's disclaimer does not."""
    countries = {p.country for p in participants}
    if any(place.code in countries for place in gazetteer.find_places(text)):
        return True
    return bool(
        re.search(
            r"\b(?:two countries|both countries|both sides|two sides|bilateral|we|our|us)\b", text
        )
    )


FINITE = re.compile(
    r"\b(?:is|are|was|were|will|would|has|have|had|can|could|should|must|may|did|does|do)\b"
    r"|\b[a-z]{3,}(?:ed|es)\b|\b(?:said|says|met|held|spoke|made|gave|took|sent|told|saw)\b"
)


def _caption(text):
    """Whether a paragraph is a photo caption: people, where and when, and no verb."""
    return (
        len(text.split()) <= 30
        and bool(re.search(r"\b(?:during|at|in|before|after|ahead of|with)\b", text))
        and not FINITE.search(text)
        and bool(TITLED_NAME.search(text))
    )


def _transcript_statements(doc, lead, attributor):
    """A transcript (a press conference): each paragraph is a statement of its speaker, the
    one its label names ("Sergey Lavrov:") or, before any label, the official whose remarks
    the headline announces; journalists' questions are no one's statements."""
    drafts = []
    speaker = attributor.principal
    # Who answers an unnamed "A:": the last named answerer, else the official the
    # transcript opens with. A question leaves it as it was.
    answerer = speaker
    spokesperson = next(
        (
            m["label"]
            for p in doc.paragraphs
            if (m := SPEAKER_LABEL.match(p.text)) and SPOKESPERSON_LABEL.match(m["label"])
        ),
        "the spokesperson",
    )
    # The remarks begin after the lead, or at a speaker's label before it: then the lead is
    # a sentence of his remarks ("Sergey Lavrov: Ladies and gentlemen, / We have held ...").
    begin = next(
        (
            para.index
            for para in doc.paragraphs[: lead.paragraph + 1]
            if not para.clutter
            and (label := SPEAKER_LABEL.match(para.text))
            and not QUESTION_LABEL.match(label["label"])
            and _speaker_at(label["label"], attributor) is not None
        ),
        lead.paragraph + 1,
    )
    for para in doc.paragraphs[begin:]:
        if para.clutter:
            continue
        start, text = para.start, para.text
        label = SPEAKER_LABEL.match(text)
        if not para.prose:
            # "Vladimir Putin: Mr President, friends,": the speaker changes, nothing is said.
            named = label and _speaker_at(label["label"], attributor)
            if named is not None:
                speaker = answerer = named
            continue
        if label:
            if QUESTION_LABEL.match(label["label"]):
                speaker = None
                continue
            if ANSWER_LABEL.match(label["label"]):
                speaker = answerer
            else:
                speaker = answerer = _speaker_at(label["label"], attributor)
            start, text = start + label.end(), text[label.end() :]
        if speaker is None or not text.strip():
            continue
        if speaker == SPOKESPERSON:
            # The publisher's spokesperson, not a participant: the publisher's side speaks.
            if not attributor.home:
                continue
            side = statements.Side(None, spokesperson, attributor.home, "Spokesperson", [])
        else:
            side = attributor.sides[speaker]
        said = label["label"] if label else ""
        if not label or ANSWER_LABEL.match(said):
            said = f"{said} ({side.name} answering)" if said else f"{side.name} speaking"
        cue = f"transcript: {said}"
        joint = BOTH_OF_US.match(text.lstrip())
        if joint and JOINT_PAST.match(text.lstrip()[joint.end() :].lstrip()):
            # "The two of us agreed ...": the speaker tells what both sides did. A bare "We
            # agreed" in his own remarks stays his.
            cue = f"{cue}; joint subject '{joint.group()}'"
            drafts.append(Draft(start, para.end, para.index, None, BOTH, "joint", cue))
            continue
        mode = "direct_quote"
        who = None if speaker == SPOKESPERSON else speaker
        drafts.append(Draft(start, para.end, para.index, who, side.country, mode, cue))
    return drafts


SPOKESPERSON = -1  # the publisher's spokesperson, answering for its side
SPOKESPERSON_LABEL = re.compile(
    r"^(?:(?:[A-Z][\w-]*\s+){0,3}Spokes(?:person|man|woman))(?:\s+[A-Z][\w'-]*){0,4}$"
)


def _speaker_at(label, attributor):
    """The speaker a transcript's label names: a participant's index, SPOKESPERSON for the
    publisher's spokesperson ("Spokesperson Wang Wenbin"), else None (someone else)."""
    named = attributor.person_at(label)
    if named:
        return named[0]
    return SPOKESPERSON if SPOKESPERSON_LABEL.match(label) else None


# In a speaker's own remarks, a subject that says both sides, not "we" alone.
BOTH_OF_US = re.compile(
    r"(?:(?:[A-Z]\w+,\s+)?(?:[Tt]he two of us|[Bb]oth of us|[Ww]e both|[Ww]e two|[Tt]he two"
    r" (?:sides|ministers|countries|leaders|presidents|delegations)|[Bb]oth (?:sides|ministers"
    r"|countries|leaders))\b)"
)


def _statements(doc, lead, attributor, home, participants, kind=None):
    view_text = doc.view.text
    if kind == "press_conference" or any(
        (m := SPEAKER_LABEL.match(p.text)) and QUESTION_LABEL.match(m["label"])
        for p in doc.paragraphs[lead.paragraph + 1 :]
        if p.prose
    ):
        drafts = _transcript_statements(doc, lead, attributor)
        if drafts:
            return drafts
    drafts = []
    attributor.last_person = 0 if participants else None
    # A statement inside the lead: "..., during which Wang said that ...".
    clause = kinds.event_clause(lead.text)
    rest_at = len(clause)
    rest = lead.text[rest_at:]
    m = re.match(r"[,;]?\s*(?:during which|in which|where|and|when)?\s*", rest)
    if rest.strip() and m:
        begin = rest_at + m.end()
        subject = attributor.subject_of(lead.text[begin:])
        if subject and subject[0] in ("person", "joint"):
            kind, who, cue, _ = subject
            drafts.append(
                _draft(
                    lead.start + begin,
                    lead.end,
                    lead.paragraph,
                    kind,
                    who,
                    cue,
                    attributor,
                    lead.text[begin:],
                )
            )
    purpose = PURPOSE_STATEMENT.search(lead.text, 0)
    if not drafts and purpose and purpose.start() < rest_at + 1:
        # "X spoke to Y today to express appreciation for ...": the lead's subject speaks.
        subject = attributor.subject_of(lead.text)
        if subject and subject[0] in ("person", "side"):
            kind, who, cue, _ = subject
            drafts.append(
                _draft(
                    lead.start + purpose.start(),
                    lead.end,
                    lead.paragraph,
                    kind,
                    who,
                    f"{cue}; purpose clause '{purpose.group()}'",
                    attributor,
                    lead.text[purpose.start() :],
                )
            )
    started = False
    for para in doc.paragraphs:
        if para.index < lead.paragraph or not para.prose or para.clutter:
            continue
        label = SPEAKER_LABEL.match(para.text)
        if label and QUESTION_LABEL.match(label["label"]):
            continue  # a journalist's question
        if _caption(para.text):
            continue  # "Minister X and Minister Y during the talks in Ankara."
        current = None
        # A paragraph with no speaker of its own may go on with the previous paragraph's.
        carry = drafts[-1] if drafts and drafts[-1].speaker is not None else None
        for sentence in para.sentences:
            if sentence.start <= lead.start:
                started = True
                continue
            if not started and para.index == lead.paragraph:
                continue
            sentence_text = view_text[sentence.start : sentence.end]
            if REPORTS_EVENT.search(sentence_text) and not re.search(
                r"\bthat\b|[:\"]", sentence_text
            ):
                continue  # another sentence reporting the meeting itself, not a statement
            for c_start, c_end in statements.split_clauses(sentence_text, attributor):
                start, end = sentence.start + c_start, sentence.start + c_end
                clause_text = view_text[start:end]
                # A list mark ("1. ") is not part of the statement.
                mark = statements.LIST_MARK.match(clause_text)
                if mark:
                    start += mark.end()
                    clause_text = view_text[start:end]
                if (
                    current is None
                    and carry is not None
                    and not META.search(clause_text)
                    and _about_the_sides(clause_text, participants)
                    and attributor.subject_of(clause_text) is None
                ):
                    current = Draft(
                        start,
                        end,
                        para.index,
                        carry.speaker,
                        carry.country,
                        statements.mode_of(clause_text, "person"),
                        f"no speaker named: goes on with {participants[carry.speaker].name}",
                    )
                    drafts.append(current)
                    carry = None
                    continue
                carry = None
                current = _attribute(
                    clause_text,
                    start,
                    end,
                    para.index,
                    current,
                    drafts,
                    attributor,
                    home,
                    participants,
                )
    return drafts


def _attribute(clause, start, end, paragraph, current, drafts, attributor, home, participants):
    subject = attributor.subject_of(clause)
    if subject and subject[0] == "passive-view":
        # Told without its holder: the view of the speaker before it in the paragraph, else
        # an account of what both sides (or, about the other side, the publisher's) said.
        if current is not None and current.country != BOTH:
            current.end = end
            return current
        subject = ("passive-discussed", None, subject[2], subject[3])
    if subject is None or subject[0] == "passive-speech":
        if current is not None:
            current.end = end
            return current
        if (
            subject is None
            and attributor.first_person
            and attributor.principal is not None
            and not META.search(clause)
        ):
            # A first-person release: what no one else says is the official's own voice.
            subject = ("person", attributor.principal, "first-person release: the official", 0)
            return _attribute_subject(
                subject,
                clause,
                start,
                end,
                paragraph,
                current,
                drafts,
                attributor,
                home,
                participants,
            )
        if subject is None or home is None:
            return None
        subject = ("side", home, subject[2], 0)
    return _attribute_subject(
        subject, clause, start, end, paragraph, current, drafts, attributor, home, participants
    )


def _attribute_subject(
    subject, clause, start, end, paragraph, current, drafts, attributor, home, participants
):
    kind, who, cue, at = subject
    if (
        kind == "joint"
        and current is not None
        and current.country != BOTH
        and _after_subject(clause, at)
        and not JOINT_PAST.match(_after_subject(clause, at))
    ):
        # "The two sides should...", "Both countries uphold...": inside a speaker's paragraph,
        # the speaker's view of both; a joint account is told in the past ("agreed").
        current.end = end
        return current
    if kind == "passive-discussed":
        others = {p.country for p in participants if p.country and p.country != home}
        about_other = any(
            place.code in others
            and clause[place.end : place.end + 1] != "-"
            and clause[max(0, place.start - 1) : place.start] != "-"
            for place in gazetteer.find_places(clause)
        )
        if about_other and home:
            kind, who, cue = "side", home, f"{cue} (the publishing side on the other side)"
        else:
            kind, who = "passive-joint", BOTH
    if kind == "side" and current is not None and current.country == who:
        current.end = end
        return current
    draft = _draft(start, end, paragraph, kind, who, cue, attributor, clause)
    drafts.append(draft)
    return draft


# A purpose clause in the lead that says what its subject came to say, not what they did.
PURPOSE_STATEMENT = re.compile(
    r"\b(?:in order\s+)?to\s+(?:express|convey|extend|offer|thank|congratulate|reaffirm"
    r"|reiterate|underline|underscore|stress|emphasi[sz]e|welcome|pledge|condemn|affirm"
    r"|voice|register)\b"
)

# Sentences about the meeting itself, not anyone's statement.
META = re.compile(
    r"\b(?:was|were) held\b|\btook place\b|\blasted\b|\bas follows\b|\battended\b"
    r"|\bwere present\b|\bin attendance\b|\batmosphere\b|\bat the (?:initiative|request)\b"
    r"|\bon the sidelines\b|\binvitation\b"
    r"|^(?:the|this|that)\s+(?:(?:telephone|phone|video)\s+)?(?:conversation|talks|meeting|call"
    r"|discussion|exchange|visit)\s+(?:was|were|is)\b",
    re.I,
)
JOINT_PAST = re.compile(
    r"(?:(?:also|further|both|all|then|jointly|once again|again|have|has|had)\s+)*"
    r"(?:[a-z]+ed|held|had|spoke|met|made|gave|took|saw|felt|sent|set|put|shared|agreed|were|was"
    r"|reached|underscored|stressed|exchanged|noted|expressed|signed|found|thought|kept|began"
    r"|went|came|told)\b"
)


def _after_subject(clause, at):
    """The words after a joint subject that opens the clause at `at`."""
    m = statements.JOINT_SUBJECT.match(clause, at)
    return clause[m.end() :].lstrip() if m else ""


def _draft(start, end, paragraph, kind, who, cue, attributor, clause):
    mode = statements.mode_of(clause, kind)
    if kind in ("joint", "passive-joint"):
        return Draft(start, end, paragraph, None, BOTH, mode, cue)
    if kind == "person":
        attributor.last_person = who
        side = attributor.sides[who]
        return Draft(start, end, paragraph, who, side.country, mode, cue)
    # A side's own position ("China is willing to..."): the side speaks, no person is named.
    return Draft(start, end, paragraph, None, who, mode, f"{cue} (side position)", side_only=True)


TITLED_NAME = re.compile(
    r"\b(?:President|Minister|Secretary|Premier|Chancellor|King|Queen|Prince|Emir|Mr|Ms|Mrs|Dr"
    r"|Ambassador|Councilor|Councillor|Director|Chairman|Envoy|Representative|Commander"
    r"|Spokesperson|Senator|Governor|Leader|General|Sheikh|Sultan)\.?\s+[A-Z]"
)


def _mentions(text, participants):
    found = []
    for place in gazetteer.find_places(text):
        if place.code not in found:
            found.append(place.code)
    for p in participants:
        keys = {w for w in p.name.split() if len(w) > 2}
        if any(re.search(rf"\b{re.escape(k)}\b", text) for k in keys) and p.name not in found:
            found.append(p.name)
    if not TITLED_NAME.search(text):
        return found  # for speed: no title before a capitalised word, no one else named
    for person in people.find_people(text):
        if person.name not in found and not any(
            people.same_person(person.name, q.name) for q in participants
        ):
            found.append(person.name)
    return found
