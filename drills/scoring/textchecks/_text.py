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
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import NamedTuple

Span = tuple[int, int]
ABSENT: Span = (-1, -1)
"""The span of a flag for something missing from the text."""


_NT_STEMS = ("do", "does", "did", "ca", "wo", "is", "are", "was", "were", "have", "has", "had", "could", "should",
             "would", "need", "must")
_BARE_NT = "(?:n['’]t|(?:" + "|".join(rf"(?<=\b{s})" for s in _NT_STEMS) + ")nt\\b)"
"""A standalone "n't" also matches the contraction typed without its apostrophe ("dont", "cant", "isnt")."""
_NT_AFTER_LETTER = re.compile(r"(?<=[a-z])n\['’\]t")


def rx(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Compile a pattern, letting every apostrophe in it match ' or ’ too (never use ' inside [...]), and
    every "n't" match the apostrophe-less spelling people type in a hurry ("dont know", "cant say")."""
    p = pattern.replace("'", "['’]")
    p = _NT_AFTER_LETTER.sub("n['’]?t", p)
    return re.compile(p.replace("n['’]t", _BARE_NT), flags)


_BARE_CONTRACTIONS = {stem + "nt": stem + "n" for stem in ("do", "does", "did", "is", "are", "was", "were", "have",
                                                         "has", "had", "could", "should", "would", "need")}
_BARE_CONTRACTIONS |= {"cant": "can", "wont": "won", "dont": "don"}
"""Apostrophe-less contractions, indexed under their stem too, so anchors such as "don" find "dont"."""


# ------------------------------------------------------------------ the document

_TOKEN = re.compile(r"[a-z0-9]+|'(?:s|ll|re|ve|d|m|t)(?![a-z])")
"""Words of the lower-cased text; "don't" is "don" + "'t", "we'll" is "we" + "'ll"; a quoted word is a word
("'Error 0x80070005'" holds "error")."""
_SENTENCE_END = re.compile(r"[.!?]+[\"'’”)\]]*(?=\s|$)|\n")
_PUNCT_BREAK = re.compile(r"[,;:()\[\]—–]|\s-\s")
_WORD_BREAKS = ("but", "and", "so", "while", "although", "though", "however", "whereas", "then")


def _lower(text: str) -> str:
    """Lower case with the same length as `text` (a few Unicode letters grow when lowered)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.replace("’", "'")


WINDOW = 300
"""The most characters a check reads on either side of a hit. Sentences of real updates are shorter;
the bound keeps every detector linear in the length of the text, however long its sentences are."""


class Doc:
    """A text with its words, sentences and clauses, computed once and shared by all detectors.

    Detectors read the text only through `search`, `finditer` and `any_in` (and `Finder`), which
    bound every window by `WINDOW` and add what they may read to `work`: the unit the linearity
    tests count, so a rescan per hit shows up as work growing faster than the text.
    """

    __slots__ = ("_breaks", "_found", "_numbers", "_starts", "index", "lower", "memo", "sentences", "text", "work")

    def __init__(self, text: str) -> None:
        self.text = text
        self.lower = _lower(text)
        index: dict[str, list[int]] = {}
        for m in _TOKEN.finditer(self.lower):
            index.setdefault(m.group(), []).append(m.start())
        for bare in _BARE_CONTRACTIONS.keys() & index.keys():
            index.setdefault(_BARE_CONTRACTIONS[bare], []).extend(index[bare])
            index[_BARE_CONTRACTIONS[bare]].sort()
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
        self._found: dict[int, tuple[list[int], list[re.Match[str]]]] = {}
        self.memo: dict[tuple[str, str], list[Span]] = {}
        """Detector findings by (detector id, audience), so each audience's check reuses the others'."""
        self.work = 2 * len(text)
        """Characters read so far: the parse reads the text twice."""

    def has(self, *words: str) -> bool:
        return any(w in self.index for w in words)

    def sentence_of(self, pos: int) -> Span:
        """The sentence holding character `pos` (or the gap after it), at most `WINDOW` either side."""
        i = bisect_right(self._starts, pos) - 1
        if i < 0:
            start, end = 0, self.sentences[0][1] if self.sentences else len(self.text)
        else:
            start, end = self.sentences[i]
        return (max(start, pos - WINDOW), min(end, pos + WINDOW))

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
            found.extend((p, p + len(word)) for p in self.index.get(word, ())
                         if not (word == "and" and self.lower.startswith("up and running", p - 3)))
        found.sort()
        return [p for span in found for p in span]

    def clause_of(self, pos: int) -> Span:
        """The clause holding `pos`: bounded by clause breaks, never wider than its sentence."""
        if self._breaks is None:
            self._breaks = self._clause_breaks()
            self.work += len(self.text)
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

    def _window(self, start: int, end: int | None) -> tuple[int, int]:
        start = max(start, 0)
        end = min(len(self.text) if end is None else end, len(self.text), start + 2 * WINDOW)
        self.work += max(end - start, 0)
        return start, end

    def search(self, pattern: re.Pattern[str], start: int, end: int | None = None) -> re.Match[str] | None:
        """`pattern.search` in text[start:end], which must be a window (at most 2 × WINDOW is read)."""
        start, end = self._window(start, end)
        return pattern.search(self.text, start, end)

    def match(self, pattern: re.Pattern[str], start: int, end: int | None = None) -> re.Match[str] | None:
        """`pattern.match` at `start`, reading at most 2 × WINDOW characters."""
        start, end = self._window(start, end)
        return pattern.match(self.text, start, end)

    def fullmatch(self, pattern: re.Pattern[str], start: int, end: int) -> re.Match[str] | None:
        """`pattern.fullmatch` of text[start:end], which must be a window (at most 2 × WINDOW)."""
        if end - start > 2 * WINDOW:
            return None
        start, end = self._window(start, end)
        return pattern.fullmatch(self.text, start, end)

    def finditer(self, pattern: re.Pattern[str], start: int, end: int | None = None) -> list[re.Match[str]]:
        """`pattern.finditer` over a window (at most 2 × WINDOW is read)."""
        start, end = self._window(start, end)
        return list(pattern.finditer(self.text, start, end))

    def scan(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        """Every match of `pattern` in the whole text, in one pass (for patterns of bounded length)."""
        self.work += len(self.text)
        return list(pattern.finditer(self.text))

    def _matches(self, pattern: re.Pattern[str]) -> tuple[list[int], list[re.Match[str]]]:
        # keyed by identity: hashing a compiled pattern hashes its whole program every time
        found = self._found.get(id(pattern))
        if found is None:
            matches = list(pattern.finditer(self.text))
            found = self._found[id(pattern)] = ([m.start() for m in matches], matches)
            self.work += len(self.text)
        return found

    def any_in(self, pattern: re.Pattern[str], start: int, end: int) -> bool:
        """Whether a match of `pattern` lies inside text[start:end]. The text is scanned once per pattern
        (leftmost, non-overlapping matches, like `finditer`); each question is a binary search."""
        starts, matches = self._matches(pattern)
        i = bisect_left(starts, max(start, 0))
        return i < len(starts) and matches[i].end() <= end

    def all_in(self, pattern: re.Pattern[str], start: int, end: int) -> list[re.Match[str]]:
        """The matches of `pattern` inside text[start:end], from the one scan `any_in` uses."""
        starts, matches = self._matches(pattern)
        out: list[re.Match[str]] = []
        for i in range(bisect_left(starts, max(start, 0)), len(starts)):
            if starts[i] >= end:
                break
            if matches[i].end() <= end:
                out.append(matches[i])
        self.work += len(out)
        return out


class Spans:
    """Spans in text order, merged where they overlap, asked by binary search whether one holds a position."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: Iterable[Span]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            if self._ends and start < self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], end)
            else:
                self._starts.append(start)
                self._ends.append(end)

    def holds(self, pos: int) -> bool:
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any span shares a position with [start, end): only the last one starting before `end` can."""
        i = bisect_left(self._starts, end) - 1
        return i >= 0 and self._ends[i] > start


def drop_nested(spans: Iterable[Span]) -> list[Span]:
    """The spans in text order (longest first at a start), without repeats and without those inside
    an earlier one: the same evidence twice. Absent spans (-1, -1) are kept once."""
    kept: list[Span] = []
    reach = -1
    for span in sorted(set(spans), key=lambda sp: (sp[0], -sp[1])):
        start, end = span
        if start >= 0:
            if end <= reach:
                continue
            reach = end
        kept.append(span)
    return kept


def memoized(doc: Doc, detector_id: str, find: Callable[[Doc], list[Span]]) -> list[Span]:
    """A detector's findings on this doc, shared with the registry's run of it (same key, same spans)."""
    key = (detector_id, "")
    spans = doc.memo.get(key)
    if spans is None:
        spans = doc.memo[key] = drop_nested(find(doc))
    return spans


@lru_cache(maxsize=256)
def parse(text: str) -> Doc:
    """The Doc for a text, shared: the scorer runs several detectors on each update's words."""
    return Doc(text)


def words(fragment: str) -> int:
    return len(fragment.split())


def is_question(doc: Doc, pos: int) -> bool:
    i = bisect_right(doc._starts, pos) - 1
    end = doc.sentences[i][1] if i >= 0 else len(doc.text)
    return doc.text[max(pos, end - 3):end].rstrip().endswith("?")


# ------------------------------------------------------------------ anchored patterns


_BEFORE_CHARS = 64
"""How far back a Finder's `before` context may start: a few words."""


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
    then starts where `before` matched. `numbers` adds every word that starts with a digit, `prefixes`
    every word that starts with one of them ("re" for "regenerating"), `chars` every position of those
    characters (currency signs, which are not words).
    """

    __slots__ = ("anchors", "before", "chars", "numbers", "pattern", "prefixes")

    def __init__(self, pattern: str, anchors: str, *, before: str | None = None, flags: int = re.IGNORECASE,
                 numbers: bool = False, chars: str = "", prefixes: str = "") -> None:
        self.pattern = rx(pattern, flags)
        self.anchors = frozenset(anchors.split())
        self.prefixes = tuple(prefixes.split())
        self.before = rx(r"(?:" + before + r")$", flags) if before else None
        self.numbers = numbers
        self.chars = chars

    def positions(self, doc: Doc) -> list[int]:
        found = [p for w in self.anchors & doc.index.keys() for p in doc.index[w]]
        if self.prefixes:
            found.extend(p for w, ps in doc.index.items() if w.startswith(self.prefixes) and w not in self.anchors
                         for p in ps)
        if self.numbers:
            found.extend(doc.numbers())
        for ch in self.chars:
            i = doc.text.find(ch)
            while i != -1:
                found.append(i)
                i = doc.text.find(ch, i + 1)
        found.sort()
        return found

    def hits(self, doc: Doc) -> list[Hit]:
        """Leftmost, non-overlapping hits, like `re.finditer`; each match reads at most 2 × WINDOW."""
        out: list[Hit] = []
        last = -1
        for p in self.positions(doc):
            if p < last:
                continue
            m = doc.match(self.pattern, p)
            if m is None:
                continue
            b = None
            if self.before is not None:
                b = doc.search(self.before, p - _BEFORE_CHARS, p)
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
    r"(?:(?:a|one|three)\s+quarters?\s+of|\d+(?:[.,]\d+)?(?:\s*(?:-|–|to)\s*\d+(?:[.,]\d+)?)?|an?|"
    + NUMBER_WORD + r"(?:[\s-]+five)?"
    r"|half(?:\s+an?)?|a\s+few|few|a\s+couple(?:\s+of)?|couple\s+of|several)"
)
_UNIT = r"(?:min(?:ute)?s?|mns?|m|hours?|hrs?|hs|h|moments?|secs?|seconds?)\b"
_APPROX = r"(?:(?:about|around|roughly|approximately|approx\.?|~|under|less\s+than|at\s+most|just|only)\s*)?"
DURATION = _APPROX + _NUM + r"\s*(?:more\s+)?" + _UNIT
"""'30 minutes', 'an hour', 'half an hour', 'a few minutes', '2-3 hours', 'about 20 min'."""

CLOCK = (
    r"(?:(?<![\d$€£.,])\d{1,2}[:.]\d{2}(?![\d%])(?:\s*(?:am|pm|a\.m\.|p\.m\.))?"
    r"|(?<![\d$€£.,])\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)|\bnoon\b|\bmidday\b|\bmidnight\b"
    r"|\b(?:quarter|half|ten|twenty|twenty-five|five)\s+(?:past|to)\s+(?:one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|\d{1,2})\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s*o'?clock\b"
    r"|(?<![\d$€£.,])\d{1,2}h(?:\d{2})?\b"
    r"|\bhalf\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\b(?!\s*(?:hours?|mins?|minutes|%))"
    r")"
)
"""A wall-clock time: '10:45', '14.30', '3pm', '11 a.m.', 'noon', 'half past two', '4 o'clock', '15h'."""

DAY_TIME = (
    r"(?:tonight|tomorrow(?:\s+(?:morning|afternoon|evening))?|(?:the\s+)?end\s+of\s+(?:the\s+)?(?:business\s+)?"
    r"(?:day|hour)|eod|close\s+of\s+business|lunch(?:time)?|this\s+(?:morning|afternoon|evening)|later\s+today"
    r"|today|(?:the\s+)?morning|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b"
)

_UPDATE_CUE = (
    r"(?:next|nxt|another|new|fresh|further)\s+(?:update|upd|check[- ]?in|post|message|note|email|report|info"
    r"|information|notice|notification|announcement|statement|status\s+update|ping|news|comms|communication"
    r"|sitrep|briefing|bulletin|mail|word|heads[- ]up|round)\b"
    # an update promised without its subject: "Back at 15:15" (a clock: "Back in 10 min" reads as the service)
    r"|(?:(?<=^)|(?<=[.!?;:]\s)|(?<=\n)|(?<=[.!?;:]\s\s)|(?<=\s-\s))back\s+(?:here\s+)?(?=(?:at|around|@)\s)"
    r"|(?:(?<=\bi'll\s)|(?<=\bwe'll\s)|(?<=\bi\swill\s)|(?<=\bwe\swill\s))be\s+back\s+(?:here\s+)?"
    r"(?=(?:at|by|in|around|~)\s)"
    r"|(?:update|upd|nxt|check[- ]?in|ping|sitrep|comms)(?=\s*(?::|@|-|–)?\s*(?:at\s+|by\s+|around\s+|in\s+|~\s*)?\d)"
    r"|updates?\s+(?:you|u|this\s+thread|the\s+thread|here|everyone|the\s+channel|the\s+status\s+page|again"
    r"|every|at|in|by|around|within|hourly|half-hourly|on\s+the\s+(?:hour|half[- ]hour))\b"
    r"|(?:will|'ll|shall|wil)\s+(?:\w+\s+)?(?:update|ping|inform|write|post|report|circle|check|revert)\b"
    r"|(?:write|inform(?:\s+(?:you|u))?|ping\s+(?:you|u|this|the\s+\w+)|post|message\s+(?:you|u))\s+(?:again|back)\b"
    r"|back\s+(?:with\s+(?:more|news|an\s+update|you|u|everyone)|here)\b"
    r"|write\s+(?:to\s+you|back)\b|hear\s+(?:from\s+(?:us|me)|back)\b|more\s+(?:news|info|information|details)\b"
    r"|(?:post|send|share)\s+(?:again|an?\s+update|another\s+update|the\s+next\s+update)\b"
    r"|check\s+in\s+(?:again|with\s+you)\b|report\s+back\b|get\s+back\s+to\s+(?:you|u|everyone)\b"
    r"|(?:be\s+)?back\s+to\s+(?:you|u|everyone|this\s+thread)\b|circl(?:e|ing)\s+back\b|ping\s+again\b"
    r"|be\s+(?:back\s+)?in\s+touch\b|touch\s+base\b|back\s+here\b|tell\s+you\b|let\s+(?:you|u)\s+know\b"
    r"|follow(?:ing)?\s+up\b|check\s+back\b|share\s+more\b|reach\s+out\s+(?:again|to\s+you)\b"
    r"|(?:will|'ll)\s+(?:shout|write|post|ping|report|update|message|email|text|be\s+in\s+touch|reach\s+out|check\s+in"
    r"|come\s+back|get\s+back)\s+again\b|(?:give|send|share|post)\s+(?:you\s+)?(?:news|more\s+news)\b"
    r"|(?:write|message|mail|email|text|call|contact|ping|inform|update)\s+(?:to\s+)?(?:you|u|all|everyone)\s+again\b"
    r"|next(?=\s*:\s*\d)|next(?=\s*:?\s*(?:at\s+)?\d{1,2}[:.h]\d{2})|next(?=\s+in\s+\d)"
    r"|next(?=\s+(?:at|by|@)\s*\d{1,2}\b)|(?:will|'ll)\s+confirm\b"
    r"|ping\s+(?:you|u|y'all|everyone|all)\b(?=\s+(?:in|at|by|around|~)\s)|more\s+(?:in|at|by|around)(?=\s+\d)"
    r"|final\s+(?:note|update|message|post)\b"
    r"|(?:next|nxt)\s+(?:sync|call|bridge|standup|stand-up)\b"
    r"|(?:have|get|post|send)\s+(?:an?\s+|another\s+)?update\s+(?:for|to)\s+(?:you|u|everyone)\b"
    r"|(?:we\s+)?come\s+back\b|(?:will|'ll)\s+\w+\s+(?:you|u|everyone|all)\s+again\b"
    r"|back\s+(?:\S+\s+){0,3}?with\s+(?:news|more|an?\s+update|updates)\b"
    r"|contact\s+(?:you|u)\s+again\b|updates?\s+(?:will\s+)?follows?\b|talk\s+again\b"
)
UPDATE_CUE = Finder(
    _UPDATE_CUE,
    "next nxt another new fresh further update upd updates check ping will 'll shall wil write inform post message "
    "hear more send share report get be back circle circling touch tell let follow following reach contact talk give "
    "mail email text call come sitrep comms",
)
"""Words that introduce the next update ("next update", "we'll write again", "you'll hear from us")."""
UPDATE_CUE_RX = rx(r"\b(?:" + _UPDATE_CUE + ")")
"""The same, for searching short windows."""
