"""The event vocabulary and its JSON codec. The event log is the truth of a drill.

An event is `{"seq", "t", "kind", "actor", "data"}`: `seq` counts from 0, `t` is simulated minutes
since the drill started, `actor` is the cast id who caused it (None for the world). `data` by kind:

| kind               | data                                                                           |
|--------------------|--------------------------------------------------------------------------------|
| drill_started      | scenario_id, title, scenario_hash, scenario_source, seed, speed, clock_start,  |
|                    | cast {id: {name, role, knows, played_by}}, customers {id: {name, contact,      |
|                    | account, plan, revenue_per_hour, largest}}, ceo_name, format                   |
| inject             | inject_id (None when generated), inject_kind, sender, sender_name, text,       |
|                    | person (join requests), generated (bool), to [cast ids, or "room"]: who sees it |
|                    | prompt_for (only when a participant plays the sender): a stage direction to    |
|                    | them, not the sender's words                                                   |
| inject_skipped     | inject_id, reason                                                              |
| incident_reported  | inject_id, account, customer_id                                                |
| outage_started     | failing_system                                                                 |
| action             | action {kind, actor, ...fields}: every accepted participant action             |
| action_refused     | action, reason                                                                 |
| owner_changed      | owner, previous, handoff {scope, facts, next_update_at} or None                |
| check_started      | check_id, label, eta                                                           |
| check_result       | check_id, label, clues [{id, text, red_herring}], lines [str]                  |
| repair_started     | repair_id, label, repair_kind, eta                                             |
| repair_finished    | repair_id, label, effect, impact_before, impact_after, side_effect             |
| mitigated          | repair_id, impact (first time impact falls to mitigated level)                 |
| world_changed      | impact, functions {function id: share failing (0 works, 1 fails for every      |
|                    | affected account)}, reason: the truth, whenever a user-facing function changes |
| customer_chased    | text, silent_for                                                               |
| trust_changed      | trust, delta, reason                                                           |
| ceo_trigger        | trigger, note                                                                  |
| ceo_asked          | text                                                                           |
| customer_retried   | works (bool), text                                                             |
| watch_finished     | watcher, minutes, clean (bool)                                                 |
| resolved           | by, confirmed (bool: customer confirmed before)                                |
| reopened           | text                                                                           |
| room_changed       | person, admitted (bool), size: the room is the active people: cast members    |
|                    | from their first action (or from the start, if played), plus people admitted |
| clock              | paused (bool), speed (float), change (pause/resume/speed): live-play clock     |
| drill_ended        | reason, figures {outcome figures, see _outcomes.py}                            |
| flag_overruled     | flag_id, rule, event_seq, by, reason (appended after the drill, in the debrief) |

Format 2 adds (a format-1 scenario never logs them):

| kind                | data                                                                          |
|---------------------|-------------------------------------------------------------------------------|
| inject              | + count (a ticket flood's message: how many accounts wrote in that minute)    |
| repair_finished     | + takes_hold_in (minutes, when its outcome is delayed; impact unchanged yet)  |
| impact_changed      | impact_before, impact_after, reason, repair_id (or None): a change of impact  |
|                     | that is not a repair landing (a delayed outcome taking hold, a temporary one  |
|                     | wearing off, a decision option)                                               |
| mitigation_lost     | impact, reason, repair_id: the impact rose above mitigated again; a later     |
|                     | `mitigated` event means mitigated again                                       |
| harm_recorded       | harm_id, harm_kind (data_lost / exposure / wrong_customer_data), what, window,     |
|                     | accounts, cause: a lasting consequence has happened (once per harm). The      |
|                     | final messages are checked against these                                      |
| update_undelivered  | action_seq, channel, reason (down / stale), shows: a customer update went out |
|                     | on a channel that is down or shows stale information, and reached nobody      |
| update_broadcast    | action_seq, audience (affected / everyone), channel, accounts: a customer     |
|                     | update reached every affected account (or every customer)                     |
| decision_asked      | decision_id, question, options [{id, label}], free_text, to                   |
| decision_skipped    | decision_id, reason: a timed decision point whose `when` did not hold         |
| decision_made       | decision_id, option_id, label, text, expected (bool), expected_option         |
| objective_judged    | objective_id, met (bool), by, reason (appended in the debrief by the          |
|                     | facilitator, like flag_overruled)                                             |
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import orjson

EVENT_KINDS = frozenset(
    {
        "drill_started",
        "inject",
        "inject_skipped",
        "incident_reported",
        "outage_started",
        "action",
        "action_refused",
        "owner_changed",
        "check_started",
        "check_result",
        "repair_started",
        "repair_finished",
        "mitigated",
        "world_changed",
        "customer_chased",
        "trust_changed",
        "ceo_trigger",
        "ceo_asked",
        "customer_retried",
        "watch_finished",
        "resolved",
        "reopened",
        "room_changed",
        "clock",
        "drill_ended",
        "flag_overruled",
        "impact_changed",
        "mitigation_lost",
        "harm_recorded",
        "update_undelivered",
        "update_broadcast",
        "decision_asked",
        "decision_skipped",
        "decision_made",
        "objective_judged",
    }
)


_LINE_OPTIONS = orjson.OPT_APPEND_NEWLINE | orjson.OPT_NON_STR_KEYS
_FALLBACK = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"))
"""For what orjson refuses (integers past 64 bits, lone surrogates): slower, same JSON, ASCII-escaped."""


@dataclass(slots=True)
class Event:
    """One entry of a drill's log. Treat it as read-only: it is the record of what happened (not frozen
    only because a frozen dataclass costs every event of the engine ~0.5 µs more to build)."""

    seq: int
    t: float
    kind: str
    actor: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def to_line(self) -> bytes:
        """The event as one line of the log: compact UTF-8 JSON and a newline.

        orjson, because encoding was the largest single cost of a logged event (~5 µs with the
        standard library against ~0.4 µs)."""
        record = {"seq": self.seq, "t": self.t, "kind": self.kind, "actor": self.actor, "data": self.data}
        try:
            return orjson.dumps(record, option=_LINE_OPTIONS)
        except orjson.JSONEncodeError:
            return (_FALLBACK.encode(record) + "\n").encode()

    def to_json(self) -> str:
        return self.to_line()[:-1].decode()

    @classmethod
    def from_json(cls, line: str | bytes) -> Event:
        raw = decode_line(line)
        return cls(seq=raw["seq"], t=raw["t"], kind=raw["kind"], actor=raw.get("actor"), data=raw["data"])

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> Event:
        """An event from a decoded line that `drills.world._eventcheck` has checked."""
        return cls(seq=raw["seq"], t=float(raw["t"]), kind=raw["kind"], actor=raw.get("actor"), data=raw["data"])

    @property
    def action_kind(self) -> str | None:
        """For `action` events, the kind of action taken."""
        return self.data["action"]["kind"] if self.kind == "action" else None


def decode_line(line: str | bytes) -> Any:
    """One log line as JSON data (raises ValueError if it is not JSON)."""
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return json.loads(line)  # what the fallback wrote (escaped lone surrogates), or a real error
