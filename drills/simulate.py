"""`drill simulate`: play drills headless with scripted teams and report outcome figures and scores."""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from drills.actions import Action
from drills.engine import Engine
from drills.errors import UsageError
from drills.events import Event
from drills.scorecard import OutcomeFigures, Scorecard
from drills.session import drill_folder, make_team, new_engine
from drills.teams import BUILTIN_TEAMS, play_headless
from drills.terminal import terminal_text

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


def run_one(loaded, *, team: str, seed: int, folder: Path | None, playbook=None,
            script: Sequence[tuple[float, Action]] | None = None, pace: float = 0) -> DrillResult:
    """Play one drill headless; score it if a playbook is given; write scorecards if a folder is given."""
    from drills.outcomes import figures

    players = make_team(team, script)  # before the log is opened: an unknown team leaves no folder behind
    engine: Engine = new_engine(loaded.scenario, loaded.source, seed=seed, folder=folder,
                                team="script" if script is not None else team, script=script)
    try:
        play_headless(engine, players, wall_pace(pace) if pace > 0 else None)
    finally:
        engine.close()
    card = None
    if playbook is not None:
        from drills.scoring import score

        card = score(engine.events, playbook)
    if folder is not None and card is not None:
        from drills.report import write_scorecards

        write_scorecards(folder, engine.events, card)
    return DrillResult(team, seed, engine.events, figures(engine.events), card, folder)


def simulate_command(scenario: str, *, team: str, script_path: Path | None, seed: int | None, runs: int,
                     as_json: bool, reports: Path | None, playbook: Path | None, pace: float = 0,
                     out: Path | None = None) -> None:
    from drills.loader import load_scenario
    from drills.playbook import load_playbook

    if runs < 1:
        raise UsageError("--runs must be at least 1")
    loaded = load_scenario(scenario)
    book = load_playbook(playbook)
    script = None
    if script_path is not None:
        from drills.script import load_script

        script = load_script(script_path)
        team = "script"
    elif team == "script":
        raise UsageError("--team script needs --script FILE (a script YAML or a drill's events.jsonl)")
    teams = list(BUILTIN_TEAMS) if team == "all" else [team]
    if team not in ("all", "script"):
        make_team(team)  # unknown names fail here, before any drill runs
    if out is not None and (runs > 1 or len(teams) > 1):
        raise UsageError("--out holds exactly one drill — with --runs or --team all, use --reports DIR")
    first_seed = loaded.scenario.seed if seed is None else seed
    if runs == 1 and len(teams) == 1:
        folder = _fresh(out) if out else drill_folder(reports or Path("reports"), loaded.scenario.id, first_seed)
        result = run_one(loaded, team=teams[0], seed=first_seed, folder=folder, playbook=book, script=script,
                         pace=pace)
        _print_single(loaded, result, as_json)
        return
    from drills.balance import balance_report

    results: dict[str, list[DrillResult]] = {t: [] for t in teams}
    total = runs * len(teams)
    with click.progressbar(length=total, label="Playing drills", file=click.get_text_stream("stderr"),
                           show_pos=True) as bar:
        for name in teams:
            for i in range(runs):
                folder = drill_folder(reports, loaded.scenario.id, first_seed + i) if reports else None
                results[name].append(run_one(loaded, team=name, seed=first_seed + i, folder=folder,
                                             playbook=book, script=script))
                bar.update(1)
    balance_report(loaded, results, as_json=as_json, html_dir=reports)


DRILL_FILES = ("events.jsonl", "scorecard.md", "scorecard.html", "scorecard.json")


def _fresh(folder: Path) -> Path:
    """An exact folder for one drill; a previous drill's files in it are replaced, nothing else is touched."""
    if folder.exists():
        strangers = sorted(p.name for p in folder.iterdir() if p.name not in DRILL_FILES)
        if strangers:
            raise UsageError(f"{folder}: holds other files ({', '.join(strangers[:3])}) — pass an empty or new folder")
        for name in DRILL_FILES:
            (folder / name).unlink(missing_ok=True)
    return folder


def _print_single(loaded, result: DrillResult, as_json: bool) -> None:
    card = result.card
    log = result.folder / "events.jsonl" if result.folder else None
    if as_json:
        payload = {
            "scenario": loaded.scenario.id,
            "team": result.team,
            "seed": result.seed,
            "figures": result.figures.model_dump(mode="json"),
            "score": card.score if card and card.scored else None,
            "rating": card.rating.value if card and card.scored else None,
            "not_scored": card.not_scored if card else None,
            "capabilities": {c.id: {"score": c.score, "rating": c.rating.value if c.rating else None}
                             for c in card.capabilities} if card else {},
            "events": len(result.events),
            "log": str(log) if log else None,
        }
        click.echo(json.dumps(payload, indent=2))
        return
    click.echo(terminal_text(loaded.scenario.title))
    click.echo(f"team {result.team} · seed {result.seed} · {len(result.events)} events")
    for key, (label, unit) in FIGURE_LABELS.items():
        click.echo(f"  {label:<34} {format_figure(getattr(result.figures, key), unit)}")
    if card:
        ratings = "  ".join(f"{c.id} {c.rating.value if c.rating else '-'}" for c in card.capabilities)
        if card.scored:
            click.echo(f"  {'score':<34} {card.score:.1f}/100 ({card.rating.value})   {ratings}")
        else:
            click.echo(f"  {'score':<34} not scored: {card.not_scored}")
    if log:
        click.echo(f"event log and scorecards: {result.folder}")


def format_figure(value: float | None, unit: str) -> str:
    if value is None:
        return "never"
    if unit == "$":
        return f"${value:,.0f}"
    if unit == "min":
        return f"{value:g} min"
    return f"{value:g}{unit}"


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
