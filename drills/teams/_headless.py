"""Headless drills: play one with a scripted team (`run_one`), finish an interrupted one
(`finish_headless`), and the figures `drill simulate` and the balance report print."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from drills.errors import EventLogError, UsageError
from drills.files import staged_folder
from drills.scoring import Scorecard
from drills.teams._scripted import BUILTIN_TEAMS, ScriptTeam, Team, play_headless
from drills.world import (
    Action,
    Casting,
    Engine,
    Event,
    LoggedDrill,
    OutcomeFigures,
    check_same,
    extend_log,
    figures,
    new_engine,
    scenario_of,
    script_from_data,
)

FIGURE_LABELS: dict[str, tuple[str, str]] = {
    "time_to_owner": ("time to owner", "min"),
    "time_to_first_customer_word": ("first customer word", "min"),
    "longest_customer_silence": ("longest silence to the customer", "min"),
    "longest_internal_silence": ("longest internal silence", "min"),
    "time_to_mitigation": ("time to mitigation", "min"),
    "time_to_confirmed_recovery": ("time to confirmed recovery", "min"),
    "customer_minutes_blocked": ("customer-minutes blocked", ""),
    "revenue_lost": ("revenue lost", "$"),
    "trust_end": ("customer trust at the end", "/100"),
}
FORMAT2_FIGURE_LABELS: dict[str, tuple[str, str]] = {
    "own_loss": ("own money lost", "$"),
    "mitigation_lost_at": ("mitigation lost again at", "min"),
    "time_to_lasting_mitigation": ("time to lasting mitigation", "min"),
}
"""Format-2 figures, shown only when they say something (a format-1 drill has none)."""


@dataclass
class DrillResult:
    team: str
    seed: int
    events: list[Event]
    figures: OutcomeFigures
    card: Scorecard | None
    folder: Path | None


def wall_pace(seconds_per_sim_minute: float):
    """A pace for play_headless that sleeps so sim time follows the wall clock."""
    import time

    start = time.monotonic()

    def wait_until(t: float) -> None:
        delay = start + t * seconds_per_sim_minute - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    return wait_until


DRILL_FILES = ("events.jsonl", "scorecard.md", "scorecard.html", "scorecard.json")
"""What a headless drill's folder holds."""


def run_one(loaded, *, team: str, seed: int, folder: Path | None, playbook=None,
            script: Sequence[tuple[float, Action]] | None = None, pace: float = 0) -> DrillResult:
    """Play one drill headless; score it if a playbook is given; write scorecards if a folder is given.

    The drill is written into a hidden staging folder beside `folder` and moved into place only once
    its log and scorecards are complete: a failure (a bug, Ctrl-C, a full disk) leaves no half-written
    drill, and a previous drill in `folder` stays as it was."""
    players = make_team(team, script)  # before the log is opened: an unknown team leaves no folder behind
    with staged_folder(folder, replaceable=DRILL_FILES) as staging:
        engine: Engine = new_engine(loaded.scenario, loaded.source, seed=seed, folder=staging,
                                    team="script" if script is not None else team, script=script)
        try:
            play_headless(engine, players, wall_pace(pace) if pace > 0 else None)
        finally:
            engine.close()
        card = None
        if playbook is not None:
            from drills.scoring import score

            card = score(engine.events, playbook)
        if staging is not None and card is not None:
            from drills.reports import write_scorecards

            write_scorecards(staging, engine.events, card, final_folder=folder)
    return DrillResult(team, seed, engine.events, figures(engine.events), card, folder)


def make_team(name: str, script: Sequence[tuple[float, Action]] | None = None) -> Team:
    if script is not None:
        return ScriptTeam(script)
    try:
        return BUILTIN_TEAMS[name]()
    except KeyError:
        raise UsageError(f"unknown team '{name}' — use one of: {', '.join(BUILTIN_TEAMS)}, or --script FILE") from None


def finish_headless(logged: LoggedDrill, *, append: bool = True) -> Engine:
    """Finish a scripted drill that was interrupted: replay it from the start with the same team and
    seed (the run is deterministic), check the logged part matches, and append the rest (or, with
    append=False, leave that to the caller: `drills.world.extend_log`)."""
    if logged.ended:
        raise UsageError(f"{logged.path}: this drill has ended — use `drill report {logged.path}` for its scorecard")
    started = logged.started
    team_name = started.data.get("team")
    if not team_name:
        raise UsageError(f"{logged.path}: this drill was played live — resume it without --headless to reopen the room")
    scenario, source = scenario_of(started)
    data = started.data
    script = script_from_data(data["script"]) if data.get("script") is not None else None
    engine = Engine(scenario, source, seed=data["seed"], players=data.get("players") or None, team=team_name,
                    speed=data.get("speed"), casting=Casting.from_data(data), script=data.get("script"))
    play_headless(engine, make_team(team_name, script))
    check_same(logged, engine.events)
    if len(engine.events) < len(logged.events):
        raise EventLogError(f"{logged.path}: the log holds more events than the drill produces — it was edited")
    if append:
        extend_log(logged, engine.events)
    return engine


def format_figure(value: float | None, unit: str) -> str:
    if value is None:
        return "never"
    if unit == "$":
        return f"${value:,.0f}"
    if unit == "min":
        return f"{_plain(value)} min"
    return f"{_plain(value)}{unit}"


def _plain(value: float) -> str:
    """12, 2.5, 48,300: never an exponent ('1.59393e+06' is not a number people read)."""
    return f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:g}"


def distribution(values: Sequence[float | None]) -> dict[str, float | int | None]:
    """Summary of one figure over many drills ('never' counted apart)."""
    present = sorted(v for v in values if v is not None)
    if not present:
        return {"n": 0, "never": len(values), "min": None, "median": None, "mean": None, "max": None}
    return {
        "n": len(present),
        "never": len(values) - len(present),
        "min": present[0],
        "median": statistics.median(present),
        "mean": round(statistics.fmean(present), 2),
        "max": present[-1],
    }
