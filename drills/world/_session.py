"""Starting, replaying and resuming drills: the glue between a scenario, an engine and its log folder."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from drills.errors import EventLogError, UsageError
from drills.scenario import Scenario
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


def replay(logged: LoggedDrill) -> Engine:
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
    check_same(logged, engine.events)
    return engine


def check_same(logged: LoggedDrill, replayed: Sequence[Event]) -> None:
    """Raise EventLogError at the first event where a replay differs from the log."""
    for mine, theirs in zip(replayed, logged.events, strict=False):
        if theirs.kind in _DEBRIEF_KINDS:
            break
        if mine.to_json() != theirs.to_json():
            raise EventLogError(
                f"{logged.path}:{theirs.seq + 1}:1: replaying the drill gives a different event here "
                f"({mine.kind} vs {theirs.kind}) — the log was edited or written by another version of drills"
            )


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
