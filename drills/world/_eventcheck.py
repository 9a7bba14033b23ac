"""What each kind of event holds, as a table, and the check every logged event passes when a log is read.

A log comes from disk, so it is input like any other: `read_log` checks each line against `EVENT_DATA`
before anything scores, replays or resumes it, and the first line that does not fit is one located
error (`events.jsonl:LINE:1: what — how to fix`), never a crash deep inside a rule.

To add an event kind: add it to `EVENT_KINDS` (and the vocabulary in `_events.py`'s docstring) and give
it a row here, `{field: spec}`; a test keeps the two equal. A spec says what the field must be
(`TEXT`, `NUMBER`, `WHOLE`, `FLAG`, `MAPPING`, `LIST`, `texts`, `maybe(...)`, ...) and whether the engine
always writes it (`required=False` for fields older logs may lack). Fields the table does not name
are allowed: they are only read by whoever added them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from drills.terminal import quoted
from drills.world._actions import parse_action
from drills.world._events import EVENT_KINDS


@dataclass(frozen=True, slots=True)
class Spec:
    """What one field of an event's data must be."""

    what: str
    """How a message names the expected value ('a number', 'text', ...)."""
    fits: Callable[[Any], bool]
    required: bool = True


LARGEST = 2**63
"""No number in a log the engine writes comes near this (seeds are below it, times and money far below)."""


def _number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return abs(value) < LARGEST if isinstance(value, int) else math.isfinite(value) and abs(value) < LARGEST


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < LARGEST


TEXT = Spec("text", lambda v: isinstance(v, str))
NUMBER = Spec("a finite number", _number)
WHOLE = Spec("a whole number", _whole)
FLAG = Spec("true or false", lambda v: isinstance(v, bool))
MAPPING = Spec("a mapping", lambda v: isinstance(v, dict))
LIST = Spec("a list", lambda v: isinstance(v, list))


def maybe(spec: Spec) -> Spec:
    """`spec`, or null."""
    return Spec(f"{spec.what} or null", lambda v: v is None or spec.fits(v), spec.required)


def optional(spec: Spec) -> Spec:
    """`spec` where present; older logs may lack the field."""
    return Spec(spec.what, spec.fits, required=False)


def _list_of(what: str, item: Callable[[Any], bool]) -> Spec:
    return Spec(f"a list of {what}", lambda v: isinstance(v, list) and all(item(x) for x in v))


def _clue(value: Any) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("id"), str) and isinstance(value.get("text"), str)
            and isinstance(value.get("red_herring", False), bool))


def _figures(value: Any) -> bool:
    return isinstance(value, dict) and all(v is None or isinstance(v, bool) or _number(v) for v in value.values())


def _handoff(value: Any) -> bool:
    if value is None:
        return True
    if not isinstance(value, dict) or not all(isinstance(value.get(k, ""), str) for k in ("scope", "facts")):
        return False
    return value.get("next_update_at") is None or _number(value["next_update_at"])


def _entries(value: Any, fields: dict[str, Callable[[Any], bool]]) -> bool:
    """A mapping of ids to mappings that each hold `fields` of the right kind (the cast, the customers)."""
    return isinstance(value, dict) and all(
        isinstance(entry, dict) and all(name in entry and fits(entry[name]) for name, fits in fields.items())
        for entry in value.values())


def _text(value: Any) -> bool:
    return isinstance(value, str)


TEXTS = _list_of("texts", _text)
CAST = Spec("a mapping of cast ids to {name, role, knows}", lambda v: _entries(v, {
    "name": _text, "role": _text, "knows": lambda k: isinstance(k, list) and all(map(_text, k))}))
CUSTOMERS = Spec("a mapping of customer ids to {name, contact, account, plan, revenue_per_hour, largest}",
                 lambda v: _entries(v, {"name": _text, "contact": _text, "account": _text, "plan": _text,
                                        "revenue_per_hour": _number, "largest": FLAG.fits}))
CLUES = _list_of("clues ({id, text, red_herring})", _clue)
FIGURES = Spec("a mapping of outcome figures to numbers", _figures)
SHARES = Spec("a mapping of function ids to shares failing (numbers)",
              lambda v: isinstance(v, dict) and all(_number(share) for share in v.values()))
HANDOFF = Spec("a handoff {scope, facts, next_update_at} or null", _handoff)
ACTION = Spec("an action", lambda v: isinstance(v, dict))
"""Checked further by the action models themselves (`_action_problem`)."""

EVENT_DATA: dict[str, dict[str, Spec]] = {
    "drill_started": {
        "scenario_id": TEXT, "title": optional(TEXT), "scenario_hash": optional(TEXT), "scenario_source": TEXT,
        "seed": WHOLE, "speed": optional(maybe(NUMBER)), "clock_start": optional(TEXT),
        "players": optional(maybe(MAPPING)), "team": optional(maybe(TEXT)), "script": optional(maybe(LIST)),
        "affected_accounts": optional(WHOLE), "revenue_per_hour": optional(NUMBER),
        "trust_start": optional(NUMBER), "format": optional(WHOLE), "cast": CAST, "customers": CUSTOMERS,
        "ceo_name": TEXT,
    },
    "inject": {
        "inject_id": maybe(TEXT), "inject_kind": TEXT, "sender": TEXT, "sender_name": TEXT, "text": TEXT,
        "person": maybe(TEXT), "generated": FLAG, "to": optional(TEXTS),
    },
    "inject_skipped": {"inject_id": TEXT, "reason": TEXT},
    "incident_reported": {"inject_id": TEXT, "account": TEXT, "customer_id": TEXT},
    "outage_started": {"failing_system": TEXT},
    "action": {"action": ACTION},
    "action_refused": {"action": ACTION, "reason": TEXT},
    "owner_changed": {"owner": TEXT, "previous": maybe(TEXT), "handoff": HANDOFF},
    "check_started": {"check_id": TEXT, "label": TEXT, "eta": NUMBER},
    "check_result": {"check_id": TEXT, "label": TEXT, "clues": CLUES, "lines": TEXTS, "reproduced": maybe(FLAG)},
    "repair_started": {"repair_id": TEXT, "label": TEXT, "repair_kind": TEXT, "eta": NUMBER},
    "repair_finished": {
        "repair_id": TEXT, "label": TEXT, "effect": TEXT, "impact_before": NUMBER, "impact_after": NUMBER,
        "side_effect": TEXT,
    },
    "mitigated": {"repair_id": TEXT, "impact": NUMBER},
    "customer_chased": {"text": TEXT, "silent_for": NUMBER},
    "trust_changed": {"trust": NUMBER, "delta": NUMBER, "reason": TEXT},
    "ceo_trigger": {"trigger": TEXT, "note": TEXT},
    "ceo_asked": {"text": TEXT},
    "customer_retried": {"works": FLAG, "text": TEXT},
    "watch_finished": {"watcher": TEXT, "minutes": NUMBER, "clean": FLAG},
    "resolved": {"by": TEXT, "confirmed": FLAG},
    "reopened": {"text": TEXT},
    "room_changed": {"person": TEXT, "admitted": FLAG, "size": WHOLE},
    "clock": {"paused": FLAG, "speed": NUMBER, "change": optional(TEXT)},
    "world_changed": {"impact": NUMBER, "functions": SHARES, "reason": TEXT},
    "drill_ended": {"reason": TEXT, "figures": FIGURES},
    "flag_overruled": {"flag_id": TEXT, "rule": TEXT, "event_seq": WHOLE, "by": TEXT, "reason": TEXT},
    # Format 2 (only where the scenario uses the construct):
    "impact_changed": {"repair_id": maybe(TEXT), "impact_before": NUMBER, "impact_after": NUMBER},
    "mitigation_lost": {"repair_id": maybe(TEXT), "impact": NUMBER, "reason": TEXT},
    "harm_recorded": {"harm_id": TEXT, "harm_kind": TEXT, "what": TEXT},
    "update_undelivered": {"action_seq": WHOLE, "channel": TEXT, "reason": TEXT},
    "update_broadcast": {"action_seq": WHOLE, "audience": TEXT},
    "decision_asked": {"decision_id": TEXT, "question": TEXT, "options": LIST},
    "decision_skipped": {"decision_id": TEXT, "reason": TEXT},
    "decision_made": {"decision_id": TEXT, "option_id": TEXT},
    "objective_judged": {"objective_id": TEXT, "met": FLAG, "by": TEXT, "reason": TEXT},
}
"""Each event kind and what its data holds (see the vocabulary in `_events.py`)."""

_FIX = "the log was edited or not written by drills; restore the original"


def event_problem(raw: Any, expected_seq: int, previous_t: float) -> str | None:
    """What is wrong with one decoded log line (None if it is a good event): 'what — how to fix'."""
    if not isinstance(raw, dict):
        return f"not an event (a JSON {type(raw).__name__}, not an object) — {_FIX}"
    missing = [key for key in ("seq", "t", "kind", "data") if key not in raw]
    if missing:
        return f"not an event (no {', '.join(missing)}) — {_FIX}"
    seq, t, kind, actor, data = raw["seq"], raw["t"], raw["kind"], raw.get("actor"), raw["data"]
    if not WHOLE.fits(seq):
        return f"'seq' must be a whole number, got {_shown(seq)} — {_FIX}"
    if seq != expected_seq:
        return (f"event seq {seq}, expected {expected_seq} — lines were removed or reordered; "
                "restore the original log")
    if not NUMBER.fits(t) or t < 0:
        return f"'t' must be a finite number of minutes, 0 or more, got {_shown(t)} — {_FIX}"
    if t < previous_t:
        return f"'t' goes back in time (minute {t:g} after minute {previous_t:g}) — {_FIX}"
    if not isinstance(kind, str) or kind not in EVENT_KINDS:
        return f"unknown event kind {_shown(kind)} — {_FIX} (or update drills: this version knows " \
               f"{len(EVENT_KINDS)} kinds)"
    if actor is not None and not isinstance(actor, str):
        return f"{kind} event: 'actor' must be text or null, got {_shown(actor)} — {_FIX}"
    if not isinstance(data, dict):
        return f"{kind} event: 'data' must be a mapping, got {_shown(data)} — {_FIX}"
    fields = EVENT_DATA.get(kind, {})
    missing = [name for name, spec in fields.items() if spec.required and name not in data]
    if missing:
        return f"{kind} lacks {', '.join(missing)} — {_FIX}"
    for name, spec in fields.items():
        if name in data and not spec.fits(data[name]):
            return f"{kind} event: '{name}' must be {spec.what}, got {_shown(data[name])} — {_FIX}"
    if kind in ("action", "action_refused"):
        return _action_problem(kind, data["action"])
    return None


def _action_problem(kind: str, action: dict[str, Any]) -> str | None:
    try:
        parse_action(action)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(step) for step in first["loc"]) or "action"
        return f"{kind} event: its action is not valid ({where}: {first['msg']}) — {_FIX}"
    return None


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return {math.inf: "Infinity", -math.inf: "-Infinity"}.get(value, "NaN")
    if isinstance(value, dict | list):
        return "a mapping" if isinstance(value, dict) else "a list"
    if isinstance(value, int) and value.bit_length() > 128:
        return "a number of more than 38 digits"
    return quoted(value) if isinstance(value, str) else quoted(value, 40).strip("'")
