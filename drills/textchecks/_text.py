"""Shared text machinery for the detectors: sentence and clause spans, and the regex pieces that
several detectors need (time phrases, negation, hedges, update cues).

Every pattern is compiled once at import. Patterns are written with a plain apostrophe; `rx()`
makes each one also match the typographic one (’), which pasted status updates often contain.
Offsets always index the caller's original text, so evidence is the exact words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

Span = tuple[int, int]
ABSENT: Span = (-1, -1)
"""The span of a flag for something missing from the text."""


def rx(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Compile a pattern, letting every apostrophe in it match ' or ’ too."""
    return re.compile(pattern.replace("'", "['’]"), flags)


# ------------------------------------------------------------------ sentences and clauses

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'’”)\]]*\s+|\s*\n\s*")
# A clause ends at punctuation or a coordinating word. A colon or comma between digits is part of
# a time or a number ("10:45", "$4,000"), not a break.
_CLAUSE_BREAK = rx(
    r"(?<!\d)[:,]|[:,](?!\d)|[;()\[\]—–]|\s-\s|\b(?:but|and|so|while|although|though|however|whereas|then)\b"
)


class Doc:
    """A text with its sentence and clause boundaries, computed once and shared by all detectors."""

    __slots__ = ("_breaks", "sentences", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        spans: list[Span] = []
        start = 0
        for m in _SENTENCE_BREAK.finditer(text):
            if m.start() > start:
                spans.append((start, m.start()))
            start = m.end()
        if start < len(text):
            spans.append((start, len(text)))
        self.sentences: tuple[Span, ...] = tuple(spans)
        breaks: list[int] = []
        for m in _CLAUSE_BREAK.finditer(text):
            breaks.extend((m.start(), m.end()))
        self._breaks = breaks

    def sentence_of(self, pos: int) -> Span:
        """The sentence holding character `pos`."""
        for s, e in self.sentences:
            if s <= pos < e or pos == e:
                return (s, e)
        return (0, len(self.text))

    def clause_of(self, pos: int) -> Span:
        """The clause holding `pos`: bounded by clause breaks, never wider than its sentence."""
        s_start, s_end = self.sentence_of(pos)
        i = bisect_right(self._breaks, pos)
        # _breaks alternates start, end of each break; an odd index means pos is inside a break.
        start = self._breaks[i - 1] if i > 0 else 0
        end = self._breaks[i] if i < len(self._breaks) else len(self.text)
        return (max(start, s_start), min(end, s_end))

    def sentence_texts(self) -> Iterator[tuple[int, str]]:
        for s, e in self.sentences:
            yield s, self.text[s:e]


def words(fragment: str) -> int:
    return len(fragment.split())


def is_question(doc: Doc, pos: int) -> bool:
    s, e = doc.sentence_of(pos)
    return doc.text[s:e].rstrip().endswith("?")


# ------------------------------------------------------------------ shared vocabulary

NEGATION = rx(
    r"\b(?:no(?!\s+(?:later|more|longer)\s+than)|not|never|cannot|unable|without|nor|neither|nobody|none)\b"
    r"|\bno\s+one\b|n't\b"
)
"""Words that turn a statement around ("no ETA", "we don't", "can't promise")."""

NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a\s+hundred|hundred"
    r"|a\s+dozen|dozen)"
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

UPDATE_CUE = rx(
    r"\bnext\s+(?:update|check[- ]?in|post|message|note|email|report|status\s+update)\b"
    r"|\bupdates?\s+(?:you|this\s+thread|the\s+thread|here|everyone|the\s+channel|the\s+status\s+page|again"
    r"|every|at|in|by|around)\b"
    r"|\b(?:will|'ll|shall)\s+(?:\w+\s+)?update\b"
    r"|\bwrite\s+(?:again|to\s+you|back)\b|\bhear\s+(?:from\s+us|back)\b"
    r"|\b(?:post|send|share)\s+(?:again|an?\s+update|another\s+update|the\s+next\s+update)\b"
    r"|\bcheck\s+in\s+(?:again|with\s+you)\b|\breport\s+back\b|\bget\s+back\s+to\s+you\b"
    r"|\bbe\s+(?:back\s+)?in\s+touch\b|\btouch\s+base\b|\bback\s+here\b|\btell\s+you\b|\blet\s+you\s+know\b"
    r"|\bfollow\s+up\b"
)
"""Words that introduce the next update ("next update", "we'll write again", "you'll hear from us")."""
