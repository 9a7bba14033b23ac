"""Shared text machinery for the detectors: sentences, clauses, a word index, anchored patterns, and
the regex pieces several detectors need (time phrases, negation, update cues).

Speed: the scorer checks every update of every drill, so a 100-word update must take well under a
millisecond. Python's `re` tries a big alternation at every character, which costs tens of
microseconds per pattern, so detectors do not scan whole texts with big patterns. A `Doc` splits the
text into words once; a `Finder` looks its anchor words up in that index and tries its pattern only
where they start. Small patterns still run freely inside short windows (a clause, a few words back).

Patterns are written with a plain apostrophe; `rx()` lets each one match the typographic one (’)
too. Offsets always index the caller's original text, so evidence is the exact words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

Span = tuple[int, int]
ABSENT: Span = (-1, -1)
"""The span of a flag for something missing from the text."""


def rx(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Compile a pattern, letting every apostrophe in it match ' or ’ too (never use ' inside [...])."""
    return re.compile(pattern.replace("'", "['’]"), flags)


# ------------------------------------------------------------------ the document

_TOKEN = re.compile(r"[a-z0-9]+|'[a-z]+")
"""Words of the lower-cased text; "don't" is "don" + "'t", "we'll" is "we" + "'ll"."""
_SENTENCE_END = re.compile(r"[.!?]+[\"'’”)\]]*(?=\s|$)|\n")
_PUNCT_BREAK = re.compile(r"[,;:()\[\]—–]|\s-\s")
_WORD_BREAKS = ("but", "and", "so", "while", "although", "though", "however", "whereas", "then")


def _lower(text: str) -> str:
    """Lower case with the same length as `text` (a few Unicode letters grow when lowered)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.replace("’", "'")


class Doc:
    """A text with its words, sentences and clauses, computed once and shared by all detectors."""

    __slots__ = ("_breaks", "_numbers", "_starts", "index", "lower", "sentences", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.lower = _lower(text)
        index: dict[str, list[int]] = {}
        for m in _TOKEN.finditer(self.lower):
            index.setdefault(m.group(), []).append(m.start())
        self.index = index
        """Each word (lower case) and where it starts."""
        spans: list[Span] = []
        start = 0
        for m in _SENTENCE_END.finditer(text):
            end = m.end() if m.group() != "\n" else m.start()
            if text[start:end].strip():
                spans.append((start, end))
            start = m.end()
            while start < len(text) and text[start].isspace():
                start += 1
        if text[start:].strip():
            spans.append((start, len(text)))
        self.sentences: tuple[Span, ...] = tuple(spans)
        self._starts = [s for s, _ in spans]
        self._breaks: list[int] | None = None
        self._numbers: list[int] | None = None

    def has(self, *words: str) -> bool:
        return any(w in self.index for w in words)

    def sentence_of(self, pos: int) -> Span:
        """The sentence holding character `pos` (or the gap after it)."""
        i = bisect_right(self._starts, pos) - 1
        if i < 0:
            return (0, self.sentences[0][1] if self.sentences else len(self.text))
        return self.sentences[i]

    def _clause_breaks(self) -> list[int]:
        """Clause breaks as [start, end, start, end, ...]: punctuation (a colon or comma between digits is
        part of a time or number: "10:45", "$4,000") and coordinating words ("but", "and", "so")."""
        text = self.text
        found: list[Span] = []
        for m in _PUNCT_BREAK.finditer(text):
            s = m.start()
            if text[s] in ",:" and 0 < s < len(text) - 1 and text[s - 1].isdigit() and text[s + 1].isdigit():
                continue
            found.append(m.span())
        for word in _WORD_BREAKS:
            found.extend((p, p + len(word)) for p in self.index.get(word, ()))
        found.sort()
        return [p for span in found for p in span]

    def clause_of(self, pos: int) -> Span:
        """The clause holding `pos`: bounded by clause breaks, never wider than its sentence."""
        if self._breaks is None:
            self._breaks = self._clause_breaks()
        breaks = self._breaks
        s_start, s_end = self.sentence_of(pos)
        i = bisect_right(breaks, pos)
        start = breaks[i - 1] if i > 0 else 0
        end = breaks[i] if i < len(breaks) else len(self.text)
        return (max(start, s_start), min(end, s_end))

    def numbers(self) -> list[int]:
        """Where words that start with a digit begin ('38', '4', '12k')."""
        if self._numbers is None:
            self._numbers = sorted(p for w, ps in self.index.items() if w[0].isdigit() for p in ps)
        return self._numbers


@lru_cache(maxsize=256)
def parse(text: str) -> Doc:
    """The Doc for a text, shared: the scorer runs several detectors on each update's words."""
    return Doc(text)


def words(fragment: str) -> int:
    return len(fragment.split())


def is_question(doc: Doc, pos: int) -> bool:
    s, e = doc.sentence_of(pos)
    return doc.text[s:e].rstrip().endswith("?")


# ------------------------------------------------------------------ anchored patterns


class Hit(NamedTuple):
    start: int
    """Start of the evidence: where `before` matched, else where `match` starts."""
    end: int
    match: re.Match[str]
    before: re.Match[str] | None


class Finder:
    """A pattern tried only where one of its anchor words starts.

    `anchors` lists the exact words (lower case, space separated) that every match begins with. With
    `before`, the words just in front of the anchor must match it too ("X's" before "fault"); the hit
    then starts where `before` matched. `numbers` adds every word that starts with a digit, `chars`
    adds every position of those characters (currency signs, which are not words).
    """

    __slots__ = ("anchors", "before", "chars", "numbers", "pattern")

    def __init__(self, pattern: str, anchors: str, *, before: str | None = None, flags: int = re.IGNORECASE,
                 numbers: bool = False, chars: str = "") -> None:
        self.pattern = rx(pattern, flags)
        self.anchors = frozenset(anchors.split())
        self.before = rx(r"(?:" + before + r")$", flags) if before else None
        self.numbers = numbers
        self.chars = chars

    def positions(self, doc: Doc, start: int = 0, end: int | None = None) -> list[int]:
        end = len(doc.text) if end is None else end
        found = [p for w in self.anchors & doc.index.keys() for p in doc.index[w] if start <= p < end]
        if self.numbers:
            found.extend(p for p in doc.numbers() if start <= p < end)
        for ch in self.chars:
            i = doc.text.find(ch, start, end)
            while i != -1:
                found.append(i)
                i = doc.text.find(ch, i + 1, end)
        found.sort()
        return found

    def hits(self, doc: Doc, start: int = 0, end: int | None = None) -> list[Hit]:
        """Leftmost, non-overlapping hits, like `re.finditer`."""
        end = len(doc.text) if end is None else end
        out: list[Hit] = []
        last = -1
        for p in self.positions(doc, start, end):
            if p < last:
                continue
            m = self.pattern.match(doc.text, p, end)
            if m is None:
                continue
            b = None
            if self.before is not None:
                b = self.before.search(doc.text, max(0, p - 80), p)
                if b is None:
                    continue
            out.append(Hit(b.start() if b else m.start(), m.end(), m, b))
            last = m.end()
        return out


# ------------------------------------------------------------------ shared vocabulary

NEGATION = rx(
    r"\b(?:no(?!\s+(?:later|more|longer)\s+than)|not|never|cannot|unable|without|nor|neither|nobody|none)\b"
    r"|\bno\s+one\b|n't\b"
)
"""Words that turn a statement around ("no ETA", "we don't", "can't promise"). Used in short windows."""

NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a\s+hundred|hundred"
    r"|a\s+dozen|dozen)"
)
NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred dozen"
)
_NUM = (
    r"(?:\d+(?:[.,]\d+)?(?:\s*(?:-|–|to)\s*\d+(?:[.,]\d+)?)?|an?|" + NUMBER_WORD + r"(?:[\s-]+five)?"
    r"|half(?:\s+an?)?|a\s+few|few|a\s+couple(?:\s+of)?|couple\s+of|several)"
)
_UNIT = r"(?:min(?:ute)?s?|hours?|hrs?|h|moments?|secs?|seconds?)\b"
_APPROX = r"(?:(?:about|around|roughly|approximately|approx\.?|~|under|less\s+than|at\s+most|just|only)\s*)?"
DURATION = _APPROX + _NUM + r"\s*(?:more\s+)?" + _UNIT
"""'30 minutes', 'an hour', 'half an hour', 'a few minutes', '2-3 hours', 'about 20 min'."""

CLOCK = (
    r"(?:(?<![\d$€£.,])\d{1,2}[:.]\d{2}(?![\d%])(?:\s*(?:am|pm|a\.m\.|p\.m\.))?"
    r"|(?<![\d$€£.,])\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)|\bnoon\b|\bmidday\b|\bmidnight\b)"
)
"""A wall-clock time: '10:45', '14.30', '3pm', '11 a.m.', 'noon'."""

DAY_TIME = (
    r"(?:tonight|tomorrow(?:\s+(?:morning|afternoon|evening))?|(?:the\s+)?end\s+of\s+(?:the\s+)?(?:business\s+)?"
    r"(?:day|hour)|eod|close\s+of\s+business|lunch(?:time)?|this\s+(?:morning|afternoon|evening)|later\s+today"
    r"|today|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b"
)

_UPDATE_CUE = (
    r"next\s+(?:update|check[- ]?in|post|message|note|email|report|status\s+update)\b"
    r"|updates?\s+(?:you|this\s+thread|the\s+thread|here|everyone|the\s+channel|the\s+status\s+page|again"
    r"|every|at|in|by|around)\b"
    r"|(?:will|'ll|shall)\s+(?:\w+\s+)?update\b"
    r"|write\s+(?:again|to\s+you|back)\b|hear\s+(?:from\s+us|back)\b"
    r"|(?:post|send|share)\s+(?:again|an?\s+update|another\s+update|the\s+next\s+update)\b"
    r"|check\s+in\s+(?:again|with\s+you)\b|report\s+back\b|get\s+back\s+to\s+you\b"
    r"|be\s+(?:back\s+)?in\s+touch\b|touch\s+base\b|back\s+here\b|tell\s+you\b|let\s+you\s+know\b"
    r"|follow\s+up\b"
)
UPDATE_CUE = Finder(
    _UPDATE_CUE,
    "next update updates will 'll shall write hear post send share check report get be touch back tell let follow",
)
"""Words that introduce the next update ("next update", "we'll write again", "you'll hear from us")."""
UPDATE_CUE_RX = rx(r"\b(?:" + _UPDATE_CUE + ")")
"""The same, for searching short windows."""
