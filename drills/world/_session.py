"""Starting, replaying and resuming drills: the glue between a scenario, an engine and its log folder."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from drills.errors import EventLogError, UsageError
from drills.scenario import Scenario
from drills.terminal import quoted
from drills.world._actions import Action, action_to_dict, parse_action
from drills.world._casting import Casting
from drills.world._engine import Engine
from drills.world._eventlog import LOG_NAME, JsonlEventLog, LoggedDrill, open_event_log
from drills.world._events import Event


def drill_folder(reports: Path, scenario_id: str, seed: int, now: datetime | None = None) -> Path:
    """A new, unique folder for one drill: reports/2026-11-21-101204-invoice-export-tax-field-s7."""
    stamp = (now or datetime.now()).strftime("%Y-%m-%d-%H%M%S")
    base = reports / f"{stamp}-{scenario_id}-s{seed}"
    folder, n = base, 1
    while folder.exists():
        n += 1
        folder = base.with_name(f"{base.name}-{n}")
    return folder


def script_data(script: Sequence[tuple[float, Action]] | None) -> list[dict] | None:
    return None if script is None else [{"at": at, "action": action_to_dict(a)} for at, a in script]


def script_from_data(data: list[dict]) -> list[tuple[float, Action]]:
    return [(step["at"], parse_action(step["action"])) for step in data]


def new_engine(
    scenario: Scenario,
    source: str,
    *,
    seed: int | None,
    folder: Path | None,
    players: dict[str, str] | None = None,
    team: str | None = None,
    speed: float | None = None,
    script: Sequence[tuple[float, Action]] | None = None,
    casting: Casting | None = None,
    durable: bool = False,
) -> Engine:
    """An engine whose events go to folder/events.jsonl as they happen (or only to memory).

    Live drills pass durable=True: every event is fsynced, so even a power cut loses at most one."""
    sink = open_event_log(folder / LOG_NAME, durable=durable) if folder is not None else None
    return Engine(scenario, source, seed=seed, sink=sink, players=players, team=team, speed=speed,
                  casting=casting, script=script_data(script))


def scenario_of(started: Event) -> tuple[Scenario, str]:
    """The scenario a log was played with, from the copy its `drill_started` event holds, and its text."""
    from drills.scenario import load_scenario_text

    source = started.data["scenario_source"]
    return load_scenario_text(source, filename=f"<scenario {started.data['scenario_id']} in log>").scenario, source


EDITED = "the log was edited or written by another version of drills"


def verify_log(logged: LoggedDrill, *, otherwise: str = "") -> Engine:
    """Check that a log is what its own scenario, seed and actions give: the scenario copy matches the
    hash it was stored with, and replaying the actions gives every logged event. Raises EventLogError
    saying where the log and the replay part (and `otherwise`, what the user can do instead)."""
    started = logged.started.data
    stored = started.get("scenario_hash")
    if isinstance(stored, str) and hashlib.sha256(started["scenario_source"].encode()).hexdigest() != stored:
        raise EventLogError(f"{logged.path}:1:1: the scenario copy in the log does not match its scenario_hash "
                            f"(the scenario was edited) — {_advice(otherwise)}")
    return replay(logged, otherwise=otherwise)


def replay(logged: LoggedDrill, *, otherwise: str = "") -> Engine:
    """Rebuild the engine of a logged drill in memory by replaying its actions at their times,
    and check that it produces the logged events (same scenario, seed and engine)."""
    started = logged.started
    scenario, source = scenario_of(started)
    data = started.data
    engine = Engine(scenario, source, seed=data["seed"], players=data.get("players") or None, team=data.get("team"),
                    speed=data.get("speed"), casting=Casting.from_data(data), script=data.get("script"))
    for event in logged.events[1:]:
        if event.kind in ("action", "action_refused"):
            engine.advance_to(event.t)
            engine.act(parse_action(event.data["action"]))
        elif event.kind == "clock":
            engine.advance_to(event.t)
            engine.record_clock(paused=event.data["paused"], speed=event.data["speed"],
                                change=event.data.get("change", "speed"))
        elif event.kind in _DEBRIEF_KINDS:
            break
    while len(engine.events) < len(logged.events) and not engine.done and engine.peek() <= logged.events[-1].t:
        engine.step()
    check_same(logged, engine.events, otherwise=otherwise)
    return engine


def check_same(logged: LoggedDrill, replayed: Sequence[Event], *, otherwise: str = "") -> None:
    """Raise EventLogError at the first event where a replay differs from the log, saying which field of
    it differs and how (`otherwise`: what the user can do instead, appended to the fix)."""
    for mine, theirs in zip(replayed, logged.events, strict=False):
        if theirs.kind in _DEBRIEF_KINDS:
            return
        if mine.to_json() != theirs.to_json():
            field, logged_value, replayed_value = _difference(_record(theirs), _record(mine))
            raise EventLogError(
                f"{logged.path}:{theirs.seq + 1}:1: the log and its replay part here: {field} is "
                f"{_value(logged_value)} in the log but {_value(replayed_value)} in the replay — {_advice(otherwise)}"
            )
    extra = next((e for e in logged.events[len(replayed):] if e.kind not in _DEBRIEF_KINDS), None)
    if extra is not None and len(replayed) < len(logged.events):
        raise EventLogError(
            f"{logged.path}:{extra.seq + 1}:1: the log and its replay part here: the log has a {extra.kind} event "
            f"the replay never gives (it ends at event {len(replayed) - 1}) — {_advice(otherwise)}"
        )


def _advice(otherwise: str) -> str:
    return f"{EDITED}; {otherwise}" if otherwise else EDITED


def _record(event: Event) -> dict[str, Any]:
    return {"seq": event.seq, "t": event.t, "kind": event.kind, "actor": event.actor, "data": event.data}


def _difference(logged: Any, replayed: Any, where: str = "") -> tuple[str, Any, Any]:
    """The first place two JSON values differ: (a dotted path such as 'data.owner', the two values)."""
    if isinstance(logged, dict) and isinstance(replayed, dict):
        for key in [*logged, *(k for k in replayed if k not in logged)]:
            if key not in logged or key not in replayed or logged[key] != replayed[key]:
                inner = f"{where}.{key}" if where else str(key)
                return _difference(logged.get(key, _ABSENT), replayed.get(key, _ABSENT), inner)
    if isinstance(logged, list) and isinstance(replayed, list) and len(logged) == len(replayed):
        for i, (a, b) in enumerate(zip(logged, replayed, strict=True)):
            if a != b:
                return _difference(a, b, f"{where}[{i}]")
    return where or "the event", logged, replayed


_ABSENT = object()


def _value(value: Any) -> str:
    if value is _ABSENT:
        return "absent"
    if isinstance(value, dict | list):
        return "a mapping" if isinstance(value, dict) else f"a list of {len(value)}"
    if isinstance(value, str):
        return quoted(value, 60)
    if value is None or isinstance(value, bool):
        return "null" if value is None else str(value).lower()
    return f"{value:g}" if isinstance(value, float) else quoted(value, 40).strip("'")


def extend_log(logged: LoggedDrill, events: Sequence[Event]) -> None:
    """Append `events` past the logged ones to the log (a torn last line is cut first), and close it."""
    sink = JsonlEventLog.reopen(logged.path, logged.good_bytes)
    try:
        for event in events[len(logged.events):]:
            sink.write(event)
    finally:
        sink.close()


def resume_live(logged: LoggedDrill) -> Engine:
    """Reopen a drill for live play: the rebuilt engine appends to the same log from here on."""
    if logged.ended:
        raise UsageError(f"{logged.path}: this drill has ended — use `drill report {logged.path}` for its scorecard")
    engine = replay(logged)
    sink = JsonlEventLog.reopen(logged.path, logged.good_bytes, durable=True)
    for event in engine.events[len(logged.events):]:
        sink.write(event)
    engine.attach_sink(sink)
    return engine


_DEBRIEF_KINDS = ("flag_overruled", "objective_judged")
"""Events appended after the drill, in the debrief: a replay stops at the first."""


def judge_objective(log_path: Path, *, objective_id: str, met: bool, by: str, reason: str) -> Event:
    """Record, after the drill, the facilitator's judgement of a scenario objective (format 2)."""
    from drills.world._eventlog import read_log

    logged = read_log(log_path)
    last = logged.events[-1]
    event = Event(len(logged.events), last.t, "objective_judged", by,
                  {"objective_id": objective_id, "met": met, "by": by, "reason": reason})
    sink = JsonlEventLog.reopen(logged.path, logged.good_bytes)
    sink.write(event)
    sink.close()
    return event


def overrule_flag(log_path: Path, *, flag_id: str, rule: str, event_seq: int, by: str, reason: str) -> Event:
    """Record, after the drill, that the facilitator overruled a text flag; rescoring honours it."""
    from drills.world._eventlog import read_log

    logged = read_log(log_path)
    last = logged.events[-1]
    event = Event(len(logged.events), last.t, "flag_overruled", by,
                  {"flag_id": flag_id, "rule": rule, "event_seq": event_seq, "by": by, "reason": reason})
    sink = JsonlEventLog.reopen(logged.path, logged.good_bytes)
    sink.write(event)
    sink.close()
    return event
