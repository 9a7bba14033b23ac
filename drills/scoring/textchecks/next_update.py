"""The next update's time (CUS-05, INT-03): whether an update promises one, and when.

People say it in many idioms: "Next update at 10:45", "nxt upd 11:50", "we'll write again by quarter
to eleven", "circling back by half past", "update in 20", "back to you in 15", "will ping again at
11", "next check-in 2pm", "another update within the hour", "every 30 minutes", "hourly". A time
counts when an update cue (`UPDATE_CUE`) sits within a few words of it in one sentence, and it is
not a past time ("failing since 10:02", "an hour ago"). "Soon", "shortly", "when we know more" and
"we'll keep you posted" are no time.

`next_update_time(text, now)` turns the promise into a clock time, minutes after midnight, so the
scorer and the status board can count down to a promise made only in words. A clock time without
am/pm is the next such time at or after `now` (at 10:00, "at 2" is 14:00); "half past" without an
hour is the next half hour; an interval ("in 20", "within the hour", "every 30 minutes") counts from
`now`.
"""

from __future__ import annotations

import re

from drills.scoring.textchecks._text import ABSENT, NUMBER_WORD, UPDATE_CUE, Doc, Finder, Span, parse, rx, words
from drills.scoring.textchecks.elements import is_closing

_HOURS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_HOUR_WORD = r"(?:" + "|".join(_HOURS) + r")"
_SMALL = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90, "half an": 0.5, "half a": 0.5, "a few": 5,
    "a couple of": 2, "couple of": 2, "few": 5, "a couple": 2,
}
_AMPM = r"(?:\s*(?P<{0}>am|pm|a\.m\.|p\.m\.))"
_TIME = rx(
    r"(?<![\d$€£.,])(?P<hh>\d{1,2})[:.h](?P<mm>\d{2})(?![\d%])" + _AMPM.format("ap") + "?"
    r"|(?<![\d$€£.,:])(?P<hh2>\d{1,2})" + _AMPM.format("ap2") + r"(?!\w)"
    r"|(?<![\d$€£.,:])(?P<hh5>\d{1,2})h\b"
    r"|\b(?P<noon>noon|midday|midnight)\b"
    r"|\b(?P<quarter>quarter|half|twenty|ten|five|twenty-five|\d{1,2})\s+(?P<rel>past|to|after)"
    r"(?:\s+(?P<qh>" + _HOUR_WORD + r"|\d{1,2})\b(?:\s*(?P<ap3>am|pm))?)?"
    r"|\b(?P<oclock>" + _HOUR_WORD + r"|\d{1,2})\s*o'?clock\b"
    r"|\bhalf\s+(?P<half>" + _HOUR_WORD + r"|\d{1,2})\b(?![:.]\d|\s*(?:hours?|hrs?|h\b|mins?|minutes|%))"
    r"|\b(?P<top>top\s+of\s+the\s+hour)\b"
    r"|\b(?:at|by|around|@|upd|update|next)\s*(?P<bare>\d{1,2}|" + _HOUR_WORD + r")\b"
    r"(?![:.]?\d|\s*(?:%|percent|min|hour|h\b|m\b|of\b|people|users|customers|accounts))"
    r"|\b(?:in|within)\s+(?:the\s+next\s+)?(?:about\s+|around\s+|~\s*)?(?P<n>\d{1,3}|" + NUMBER_WORD
    + r"|half\s+an?|an?|a\s+few|a\s+couple(?:\s+of)?)(?!\s+(?:bit|while|moment|mo|sec|second|tick|jiffy)\b)"
    r"\s*-?\s*(?P<unit>min(?:ute)?s?|mns?|m|hours?|hrs?|h)?\b"
    r"(?!\s*(?:%|percent|accounts?|users?|customers?|orders?|of\b))"
    r"|\bwithin\s+(?:the|an|the\s+next)\s+(?P<hour>hour)\b"
    r"|\bevery\s+(?P<every>\d{1,3}|" + NUMBER_WORD + r"|half\s+an?)?\s*(?P<every_unit>min(?:ute)?s?|m|hours?|h)\b"
    r"|\b(?P<hourly>(?:half-?)?hourly)\b|\bon\s+the\s+(?P<on_the>hour|half[- ]hour)\b"
)
"""A time the next update can be at: a clock, a spoken clock, or an interval."""
_NOT_NEXT = rx(
    r"\b(?:since|from|failed|fail|failing|started|began|broke|happened|reported|saw|seen|stopped|took|lasted|for|ran"
    r"|deployed|released|outage|down)\s+(?:at\s+|around\s+)?(?:the\s+|this\s+|our\s+|yesterday's\s+)?$"
)
_AGO = rx(r"\s*(?:ago|earlier|last\s+time|(?:broke|caused|failed|went|was|were|had|took|made|started|introduced)\b)")
"""After the time: it was in the past ('an hour ago', 'the update at 10:02 broke exports')."""
_CUE_IN_PAST = rx(r"\b(?:since|after|from|before|(?<!back\s)with|during)\s+(?:the|this|our|that|\w+'s)?\s*$")
"""'broke after the update at 10:02': an update that happened, not the next one."""
_VAGUE_UPDATE = Finder(
    r"keep\s+(?:you|u|everyone|y'all)\s+(?:posted|updated|informed|in\s+the\s+loop)\b"
    r"|update\s+(?:you\s+)?(?:soon|shortly|later|when|once|as\s+soon\s+as)\b"
    r"|(?:when|once|as\s+soon\s+as)\s+we\s+(?:know|have|learn|hear)\s+more\b"
    r"|more\s+(?:updates?|information|info|news)\s+(?:to\s+follow|soon|later)\b|more\s+later\b|stay\s+tuned\b"
    r"|be\s+in\s+touch\s+soon\b|next\s+update\s+(?:soon|shortly|later)\b|will\s+circle\s+back\b"
    r"|updates?\s+to\s+follow\b|will\s+inform\s+you\b",
    "keep update when once as more stay be next will updates",
)
_GAP_WORDS = 10


def _next_update_times(doc: Doc) -> list[re.Match[str]]:
    """The time matches next to an update cue, in text order."""
    text = doc.text
    found: dict[int, re.Match[str]] = {}
    for cue in UPDATE_CUE.hits(doc):
        if doc.search(_CUE_IN_PAST, cue.start - 30, cue.start):
            continue
        s_start, s_end = doc.sentence_of(cue.start)
        for t in doc.all_in(_TIME, max(s_start, cue.start - 90), min(s_end, cue.end + 90)):
            if doc.search(_NOT_NEXT, max(s_start, t.start() - 16), t.start()) or doc.match(_AGO, t.end()):
                continue
            gap = text[cue.end:t.start()] if cue.end <= t.start() else text[t.end():cue.start]
            if words(gap) <= _GAP_WORDS:
                found.setdefault(t.start(), t)
                break
    return [found[k] for k in sorted(found)]


def has_next_update_time(doc: Doc) -> bool:
    return bool(_next_update_times(doc))


def find_no_next_update_time(doc: Doc) -> list[Span]:
    """Absent unless a time sits next to an update cue; a vague promise is quoted as the evidence.
    A message confirming recovery needs no next update."""
    if has_next_update_time(doc) or is_closing(doc):
        return []
    vague = _VAGUE_UPDATE.hits(doc)
    return [(vague[0].start, vague[0].end)] if vague else [ABSENT]


def _number(raw: str) -> float:
    raw = " ".join(raw.lower().split())
    return float(raw) if raw[0].isdigit() else float(_SMALL.get(raw, _HOURS.index(raw) + 1 if raw in _HOURS else 0))


def _clock(hour: int, minute: int, ampm: str | None, now: int) -> int:
    """Minutes after midnight; without am/pm, the next such time at or after `now` (12-hour reading)."""
    hour %= 24
    if ampm:
        pm = ampm.lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
        return hour * 60 + minute
    if hour > 12 or hour == 0:
        return hour * 60 + minute
    candidates = [(hour % 12) * 60 + minute, (hour % 12 + 12) * 60 + minute]
    later = [c for c in candidates if c >= now]
    return min(later) if later else min(candidates) + 24 * 60


def _minutes(m: re.Match[str], now: int) -> int | None:
    g = m.groupdict()
    if g["hh"] is not None:
        return _clock(int(g["hh"]), int(g["mm"]), g["ap"], now)
    if g["hh2"] is not None:
        return _clock(int(g["hh2"]), 0, g["ap2"], now)
    if g["hh5"] is not None:
        return _clock(int(g["hh5"]), 0, None, now)
    if g["noon"]:
        return 0 if g["noon"].lower() == "midnight" else 12 * 60
    if g["quarter"]:
        q = g["quarter"].lower()
        offset = 15 if q == "quarter" else 30 if q == "half" else int(_number(q))
        if g["rel"].lower() == "to":
            offset = -offset
        if g["qh"]:
            return _clock(int(_number(g["qh"])), 0, g["ap3"], now - offset) + offset
        # "half past", "quarter to": the next such time on the clock face
        base = now - now % 60
        for h in (base, base + 60):
            if h + offset >= now:
                return h + offset
        return base + 120 + offset
    if g["half"]:  # British "half eleven" is 11:30
        return _clock(int(_number(g["half"])), 30, None, now)
    if g["oclock"]:
        return _clock(int(_number(g["oclock"])), 0, None, now)
    if g["top"]:
        return now - now % 60 + 60
    if g["bare"]:
        return _clock(int(_number(g["bare"])), 0, None, now)
    if g["n"]:
        n = _number(g["n"])
        unit = (g["unit"] or "min").lower()
        return now + round(n * 60 if unit.startswith("h") else n)
    if g["hour"]:
        return now + 60
    if g["every_unit"]:
        n = _number(g["every"]) if g["every"] else 1
        return now + round(n * 60 if g["every_unit"].lower().startswith("h") else n)
    if g["on_the"]:  # "updates on the hour": the next full (or half) hour
        step = 30 if g["on_the"].lower().startswith("half") else 60
        return now - now % step + step
    if g["hourly"]:
        return now + (30 if g["hourly"].lower().startswith("half") else 60)
    return None


def next_update_time(text: str, now: int) -> int | None:
    """The promised time of the next update, in minutes after midnight (may pass 24 * 60 when it is
    tomorrow), read from free text written at clock time `now` (minutes after midnight); None when
    the text promises no time."""
    for m in _next_update_times(parse(text)):
        minutes = _minutes(m, now)
        if minutes is not None:
            return minutes
    return None
