"""From bytes to the text as read, and from the text as read to paragraphs and sentences.

The text as read is what the portal stores as `Source.text` and what every statement's span
points into: the decoded file (or the text of an HTML page), with its line endings made `\\n`.
The reader itself works on a *view* of it in which odd spaces, curly quotes and invisible
characters are made plain; the view keeps a map back to the text as read, so spans survive.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from html.parser import HTMLParser

MAX_BYTES = 20 * 1024 * 1024


class ReadoutError(ValueError):
    """Input the reader cannot take, with a message an editor can act on."""


# ---------------------------------------------------------------------------------------------
# Bytes to text

BOMS = [
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]
BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or a Word/Excel file)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file",
    b"\x1f\x8b": "a gzip archive",
}


def decode(data, name="the file"):
    """The text of a readout file: UTF-8 (with or without BOM) or UTF-16 with a BOM.

    Raises ReadoutError for empty, oversized, binary or undecodable input."""
    if len(data) > MAX_BYTES:
        raise ReadoutError(
            f"{name} is {len(data) / 1024 / 1024:.1f} MB; the reader takes readouts up to "
            f"{MAX_BYTES // 1024 // 1024} MB"
        )
    if not data.strip():
        raise ReadoutError(f"{name} is empty")
    encoding = None
    for bom, bom_encoding in BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom) :], bom_encoding
            break
    if encoding is None:
        for signature, what in BINARY_SIGNATURES.items():
            if data.startswith(signature):
                raise ReadoutError(f"{name} is {what}, not text: give a .txt or .html file")
        if b"\x00" in data[:4096]:
            raise ReadoutError(f"{name} is binary, not text: give a .txt or .html file")
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ReadoutError(
            f"{name} is not valid {encoding.upper()} text (byte {error.start}): "
            "save it as UTF-8 and try again"
        ) from None
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(3, len(text[:20000]) // 100):
        raise ReadoutError(f"{name} is binary, not text: give a .txt or .html file")
    return prepare(text)


def prepare(text):
    """The text as read: line endings made `\\n`, a leading BOM dropped."""
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------------------------------------
# HTML to text

SKIPPED_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "head",
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "iframe",
    "figcaption",
    "object",
    "canvas",
}
BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "header",
    "main",
    "dd",
    "dt",
    "dl",
    "pre",
    "hr",
    "figure",
    "address",
}
# Page furniture marked by class or id: share bars, breadcrumbs, menus, captions, banners.
CLUTTER_CLASS = re.compile(
    r"share|breadcrumb|crumb|\bnav|menu|footer|social|related|caption|sidebar|cookie|banner"
    r"|print|toolbar|pagination|subscribe|\bads?\b|advert|skip-link|sr-only|visually-hidden",
    re.I,
)
VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "wbr", "source", "area", "base", "col"}


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = None  # (tag, depth) of the element being skipped
        self.title = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        if self.skipping:
            if tag == self.skipping[0] and tag not in VOID_TAGS:
                self.skipping[1] += 1
            return
        marks = " ".join(value or "" for name, value in attrs if name in ("class", "id", "role"))
        if tag in SKIPPED_TAGS or (
            tag not in VOID_TAGS and tag not in ("html", "body") and CLUTTER_CLASS.search(marks)
        ):
            if tag not in VOID_TAGS:
                self.skipping = [tag, 1]
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if self.skipping:
            if tag == self.skipping[0]:
                self.skipping[1] -= 1
                if self.skipping[1] == 0:
                    self.skipping = None
            return
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        if not self.skipping:
            self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data))


def looks_like_html(text):
    """Whether a text is an HTML page rather than plain text."""
    head = text[:4000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    return len(re.findall(r"</?(?:p|div|br|body|span|h[1-6]|li|a)\b[^>]*>", head)) >= 3


def html_to_text(html):
    """The readable text of an HTML page: blocks as paragraphs, page furniture left out."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not text:
        # A page whose body is all furniture: fall back on its title, so the caller says
        # "no recognisable event" rather than "empty".
        text = " ".join("".join(parser.title).split())
    return text


# ---------------------------------------------------------------------------------------------
# The view: plain characters, mapped back to the text as read

SAME_LENGTH = str.maketrans(
    {
        **dict.fromkeys(
            [0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, 0x0009, 0x000B, *range(0x2000, 0x200B)],
            " ",
        ),
        **dict.fromkeys([0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x0060, 0x00B4], "'"),
        **dict.fromkeys([0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB], '"'),
        **dict.fromkeys([0x2010, 0x2011, 0x2012], "-"),
        **dict.fromkeys([0x000C, 0x2028, 0x2029, 0x0085], "\n"),
    }
)
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


@dataclass
class View:
    """The text as the reader reads it, with the way back to the text as read."""

    original: str
    text: str
    _marks: list = field(default_factory=list)  # view positions where characters were dropped

    @classmethod
    def of(cls, original):
        dropped = [m.start() for m in INVISIBLE.finditer(original)]
        text = INVISIBLE.sub("", original).translate(SAME_LENGTH)
        return cls(original, text, [pos - k for k, pos in enumerate(dropped)])

    def to_original(self, pos):
        """The position in the text as read of view position `pos`."""
        return pos + bisect_right(self._marks, pos) if self._marks else pos

    def span(self, start, end):
        """The (start, end) in the text as read of the view span [start, end)."""
        if end <= start:
            return self.to_original(start), self.to_original(start)
        return self.to_original(start), self.to_original(end - 1) + 1


# ---------------------------------------------------------------------------------------------
# Paragraphs and sentences


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int
    text: str


@dataclass
class Paragraph:
    index: int
    start: int
    end: int
    text: str
    prose: bool = True
    clutter: bool = False
    sentences: list = field(default_factory=list)


CLUTTER_LINE = re.compile(
    r"""^\W*(?:
        home\s*[>»/|] | .*\s[>»]\s.*
      | (?:suggest|share|send)\s+(?:this\s+)?to\s+(?:a\s+)?friend
      | share(?:\s+this)?(?:\s+(?:page|article|story))?\b | print(?:\s+this\s+page)?$ | e-?mail$
      | tweet$ | facebook | twitter | linkedin | whatsapp | weibo | wechat | copy\s+link
      | back\s+to\b | top$ | close$ | read\s+more | see\s+also | related\b
      | additional\s+materials | advanced\s+settings | asset\s+publisher
      | (?:tags?|keywords?|editor|author|source|photo|image|video|caption|credits?)\s*:
      | (?:file\s+)?photos?\b | \(?photo\b | \[photo | download\b | subscribe | follow\s+us
      | copyright | ©|all\s+rights\s+reserved | disclaimer | office\s+of\s+the\s+spokesperson
      | (?:the\s+)?(?:following|below)\s+(?:is|are)\s+attributable\s+to
      | press\s+statement$ | media\s+note$ | readout$ | for\s+immediate\s+release
      | is\s+this\s+page\s+useful | (?:yes|no)\s+this\s+page\s+is | (?:yes|no|maybe)$
      | thank\s+you\s+for\s+your\s+feedback | report\s+a\s+problem | help\s+us\s+improve
      | skip\s+to\s+(?:main\s+)?content | cookies\b | we\s+use\s+(?:some\s+)?(?:essential\s+)?cookies
      | the\s+following\s+links\s+open | share\s+on\b | all\s+content\s+is\s+available
      | crown\s+copyright | open\s+government\s+licen[cs]e | (?:topics|persons|geography)$
      | publication\s+date\b | text\s+version$ | direct\s+link\b | print\s+version$ | send$
      | (?:hits|views|visits|hit|viewed)\s*:?\s*[\d,]+$ | (?:last\s+)?updated\b.*\d{4}
      | from\s*:
      | (?:media\s+)?enquiries\b | please\s+sign\s+in | attachments?$ | list$
      | top\s+of\s+(?:the\s+)?page | back\s+to\s+(?:the\s+)?list | statements\s+and\s+releases$
      | briefing\s+room$ | \#\#\# | -+\s*spa\s*$ | disclaimer\b | related\s+links?
      | see\s+all\s+updates | (?:press\s+and\s+information\s+team|eeas\s+press\s+team)
    )""",
    re.I | re.X,
)
LANGUAGE_SWITCHER = re.compile(r"^[\W\d]*(?:[a-z]{2}-[A-Z]{2}\d*[\s•|]*)+$")
CAPTION_END = re.compile(
    r"(?:\((?:photo|xinhua|ap|afp|reuters|tass|file)[^)]*\)|\[photo[^\]]*\])\W*$", re.I
)
TERMINAL = re.compile(r"[.!?]['\")\]]*\s*$|[.!?]['\")\]]*\s")
# A wire or page dateline glued to the start of a paragraph: "date 2023-08-08 Wang Yi...",
# "BEIJING, Aug. 8 (Xinhua) -- ...", "Washington, DC (STL.News) The below is...".
DATELINE_PREFIX = re.compile(
    r"""^\s*(?:
        (?:date|published|posted|updated|release\s+date)\s*:?\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?
      | [A-Z][A-Za-z.'-]+(?:\s[A-Z][A-Za-z.'-]+)*,\s[A-Za-z. ]{1,20}\s?
        \([A-Za-z.\s-]{2,30}\)\s*(?:[-–—]+|:)?
      | [A-Z][A-Z .'-]{2,30}\s\([A-Za-z.\s-]{2,30}\)\s*(?:[-–—]+|:)?
    )\s+(?=["A-Z])""",
    re.X,
)
LIST_MARK = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(?[ivx]{1,4}[.)]|\(?[a-h]\)|[•·▪●◦*-])\s+")

ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "jr",
    "sr",
    "no",
    "gen",
    "lt",
    "col",
    "sen",
    "rep",
    "gov",
    "amb",
    "prof",
    "rt",
    "hon",
    "messrs",
    "mme",
    "vs",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "inc",
    "co",
    "ltd",
    "e.g",
    "i.e",
    "a.m",
    "p.m",
    "approx",
    "dept",
    "excl",
    "incl",
    "fig",
    "op",
}
# Words after which a sentence cannot end.
NEEDS_MORE = {
    "with", "of", "the", "and", "to", "by", "from", "for", "between", "among", "against", "on",
    "at", "in", "a", "an", "or", "as", "visiting", "acting", "then", "former", "new", "incoming",
}  # fmt: skip
TITLES_AFTER_COUNTRY = {"Secretary", "President", "Ambassador", "Vice", "Deputy", "Special"}
SENTENCE_STARTERS = {
    "The",
    "He",
    "She",
    "They",
    "It",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Both",
    "We",
    "During",
    "After",
    "Secretary",
    "Minister",
    "Foreign",
    "President",
    "Prime",
}


def paragraphs(view_text):
    """The paragraphs of a text: blank lines part them, and so does a line break after a
    finished line. Hard-wrapped lines are joined: an unfinished line followed by one in lower
    case, or one that runs nearly to the width of the block's longest line."""
    result = []
    for block in re.finditer(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*", view_text):
        lines = list(re.finditer(r"[^\n]+", block.group()))
        width = max(len(line.group().rstrip()) for line in lines)
        wrapped = len(lines) >= 3 and width >= 50
        current, previous = None, ""
        for line in lines:
            start, end = block.start() + line.start(), block.start() + line.end()
            stripped = line.group().strip()
            if not stripped:
                continue
            join = (
                current is not None
                and not re.search(r"[.!?:]['\")]*$", previous)
                and (
                    stripped[0].islower()
                    or re.search(r"[,\-–(]$", previous)
                    or (wrapped and len(previous) >= 0.7 * width)
                )
            )
            previous = line.group().rstrip()
            if join:
                current[1] = end
            else:
                if current:
                    result.append(current)
                current = [start, end]
        if current:
            result.append(current)
    out = []
    for index, (start, end) in enumerate(result):
        # Trim the spaces at both ends so that spans start and end on words.
        text = view_text[start:end]
        lead = len(text) - len(text.lstrip())
        start, end = start + lead, start + len(text.rstrip())
        out.append(Paragraph(index, start, end, view_text[start:end]))
    return out


def is_clutter(line):
    """Whether a line is page furniture: breadcrumbs, share links, captions, labels, language
    switchers, lines in another script."""
    text = line.strip()
    if not text:
        return True
    if CLUTTER_LINE.match(text) or LANGUAGE_SWITCHER.match(text) or CAPTION_END.search(text):
        return True
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(1 for ch in letters if ord(ch) > 0x24F) > len(letters) / 2:
        return True  # another script (Cyrillic, Chinese...): not part of an English readout
    # A short label ending in a colon ("Suggest To Friend:", "Related links:").
    return text.endswith(":") and len(text.split()) <= 8


def is_prose(text):
    """Whether a paragraph is running text rather than a headline, a label or a date."""
    words = text.split()
    return bool(TERMINAL.search(text)) and len(words) >= 4 or len(words) >= 15


def split_sentences(view_text, start, end, paragraph_index):
    """The sentences of view_text[start:end]: full stops that end a sentence, not those of
    abbreviations (Mr., U.S., p.m., Sept.) or initials (Antony J. Blinken), nor inside a quote."""
    sentences = []
    segment = view_text[start:end]
    balanced = segment.count('"') % 2 == 0
    in_quote = False
    begin = 0
    i = 0
    n = len(segment)
    while i < n:
        ch = segment[i]
        if ch == '"' and balanced:
            in_quote = not in_quote
        if ch in ".!?" and not in_quote:
            j = i + 1
            while j < n and segment[j] in "'\")]":
                if segment[j] == '"' and balanced:
                    in_quote = not in_quote
                j += 1
            if j >= n:
                break
            if segment[j] in " \n" and _ends_sentence(segment, i, j):
                sentences.append((begin, j))
                while j < n and segment[j] in " \n":
                    j += 1
                begin = j
                i = j
                continue
        i += 1
    if begin < n and segment[begin:].strip():
        sentences.append((begin, n))
    out = []
    for s, e in sentences:
        text = segment[s:e]
        stripped = text.rstrip()
        e = s + len(stripped)
        s += len(stripped) - len(stripped.lstrip())
        if e > s:
            out.append(Sentence(start + s, start + e, paragraph_index, segment[s:e]))
    return out


# For _ends_sentence, which reads around each full stop of a paragraph without copying what
# comes before or after it: copied, a long paragraph took a time that grew with the square of
# its length (40,000 characters 1.3 s, 100,000 about 12 s).
SPACES = re.compile(r"\s*")
LAST_TOKEN = re.compile(r"[\w.]+$")
LAST_WORD = re.compile(r"\w+$")  # before the spaces that end the text: see _word_before
FIRST_WORD = re.compile(r"[\w']+")
TITLE_AND_NAME = re.compile(r"[\w']+(?:\s+(?:of|for)\s+[\w']+)*\s+[A-Z]")
LOOK_BACK = 200  # characters searched before a full stop, before searching the whole paragraph


def _search_back(pattern, text, end):
    """pattern.search(text[:end]) for a pattern of one run of characters that ends the text,
    without the copy: first in the LOOK_BACK characters before `end`; a match that starts where
    that window starts may reach further back, so then in the whole of it (the same leftmost
    match either way; no match in the window, no run that ends the text)."""
    start = max(0, end - LOOK_BACK)
    found = pattern.search(text, start, end)
    if found and found.start() == start and start > 0:
        found = pattern.search(text, 0, end)
    return found


def _word_before(text, end):
    r"""re.search(r"(\w+)\s*$", text[:end]): the word that ends the text but for spaces."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return _search_back(LAST_WORD, text, end)


def _ends_sentence(segment, dot, after):
    rest = SPACES.match(segment, after).end()  # where the text after the stop goes on
    if rest == len(segment):
        return True
    nxt = segment[rest]
    if not (nxt.isupper() or nxt.isdigit() or nxt in "\"'(["):
        return False
    if segment[dot] != ".":
        return True
    word = _search_back(LAST_TOKEN, segment, dot)
    token = word.group() if word else ""
    if token.lower() in ABBREVIATIONS:
        return False
    next_word = FIRST_WORD.match(segment, rest)
    if re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", token):
        # U.S. / U.K. / U.N.: a sentence ends there only before a typical sentence opening, and
        # never right after a word that needs one more ("with U.S. Secretary of State ...").
        before = _word_before(segment, dot - len(token))
        if before and before.group().lower() in NEEDS_MORE:
            return False
        if (
            before
            and before.group().islower()
            and next_word
            and next_word.group() in TITLES_AFTER_COUNTRY
            and TITLE_AND_NAME.match(segment, SPACES.match(segment, next_word.end()).end())
        ):
            return False  # "hosted U.S. Secretary of State Antony Blinken"
        return bool(next_word and next_word.group() in SENTENCE_STARTERS)
    if re.fullmatch(r"[A-Z]", token):
        return False  # an initial: "Antony J. Blinken"
    # A list number at the start ("1. Prime Minister...") does not end a sentence.
    return not (re.fullmatch(r"\d{1,2}", token) and SPACES.fullmatch(segment, 0, dot - len(token)))
