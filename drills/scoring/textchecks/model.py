"""The values the text checks hand out: a Flag per problem, and the Detector that finds them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from drills.scoring.textchecks._text import Doc, Span, drop_nested, parse

Audience = Literal["customer", "internal", "executive"]
AUDIENCES: tuple[Audience, ...] = ("customer", "internal", "executive")


@dataclass(frozen=True, slots=True)
class Flag:
    """One problem found in an update's text."""

    id: str
    """Stable detector id, e.g. 'fix_time_promise' or 'missing_what_works'."""
    matched: str
    """The matched words verbatim ('' when the flag is about something missing)."""
    start: int
    """Character offset of `matched` in the text (-1 when missing)."""
    end: int
    message: str
    """One line: what is wrong."""
    advice: str
    """The playbook's advice, one line."""


@dataclass(frozen=True, slots=True)
class Detector:
    """A named check: `find` returns the spans of its findings, (-1, -1) for an absence. A detector
    whose verdict depends on the reader (`by_audience`) is handed the audience too."""

    id: str
    audiences: frozenset[Audience]
    message: str
    advice: str
    find: Callable[..., list[Span]]
    by_audience: bool = False

    def run(self, doc: Doc, audience: Audience = "customer") -> list[Flag]:
        key = (self.id, audience if self.by_audience else "")
        spans = doc.memo.get(key)
        if spans is None:
            spans = doc.memo[key] = drop_nested(self.find(doc, audience) if self.by_audience else self.find(doc))
        return [Flag(self.id, doc.text[start:end] if start >= 0 else "", start, end, self.message, self.advice)
                for start, end in spans]

    def __call__(self, text: str, audience: Audience = "customer") -> list[Flag]:
        return self.run(parse(text), audience)
