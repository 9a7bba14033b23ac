"""`drill simulate`: play drills headless with scripted teams and report outcome figures and scores."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from drills.errors import UsageError
from drills.teams._balance import summarise, summary_rows
from drills.teams._headless import (
    DRILL_FILES,
    FIGURE_LABELS,
    FORMAT2_FIGURE_LABELS,
    DrillResult,
    format_figure,
    make_team,
    run_one,
)
from drills.teams._scripted import BUILTIN_TEAMS
from drills.terminal import terminal_text
from drills.world import drill_folder

if TYPE_CHECKING:
    from drills.scenario import LoadedScenario

def simulate_command(scenario: str, *, team: str, script_path: Path | None, seed: int | None, runs: int,
                     as_json: bool, reports: Path | None, playbook: Path | None, pace: float = 0,
                     out: Path | None = None) -> None:
    from drills.scenario import MAX_SEED, load_scenario
    from drills.scoring import load_playbook

    if runs < 1:
        raise UsageError("--runs must be at least 1")
    loaded = load_scenario(scenario)
    book = load_playbook(playbook)
    script = None
    if script_path is not None:
        from drills.teams._script import load_script

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
    if first_seed + runs - 1 > MAX_SEED:
        raise UsageError(f"--runs {runs} from seed {first_seed} goes past the largest seed, {MAX_SEED} — "
                         "pass a smaller --seed")
    if runs == 1 and len(teams) == 1:
        folder = _fresh(out) if out else drill_folder(reports or Path("reports"), loaded.scenario.id, first_seed)
        result = run_one(loaded, team=teams[0], seed=first_seed, folder=folder, playbook=book, script=script,
                         pace=pace)
        _print_single(loaded, result, as_json)
        return
    results: dict[str, list[DrillResult]] = {t: [] for t in teams}
    total = runs * len(teams)
    with click.progressbar(length=total, label="Playing drills", file=sys.stderr,
                           show_pos=True) as bar:
        for name in teams:
            for i in range(runs):
                folder = drill_folder(reports, loaded.scenario.id, first_seed + i) if reports else None
                results[name].append(run_one(loaded, team=name, seed=first_seed + i, folder=folder,
                                             playbook=book, script=script))
                bar.update(1)
    balance_report(loaded, results, as_json=as_json, html_dir=reports)


def _fresh(folder: Path) -> Path:
    """An exact folder for one drill; a previous drill's files in it are replaced once the new drill is
    complete (`run_one`), nothing else is touched."""
    if folder.exists():
        strangers = sorted(p.name for p in folder.iterdir() if p.name not in DRILL_FILES)
        if strangers:
            raise UsageError(f"{folder}: holds other files ({', '.join(strangers[:3])}) — pass an empty or new folder")
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
    click.echo(f"team {terminal_text(result.team)} · seed {result.seed} · {len(result.events)} events")
    for key, (label, unit) in FIGURE_LABELS.items():
        click.echo(f"  {label:<34} {format_figure(getattr(result.figures, key), unit)}")
    for key, (label, unit) in FORMAT2_FIGURE_LABELS.items():
        if getattr(result.figures, key):
            click.echo(f"  {label:<34} {format_figure(getattr(result.figures, key), unit)}")
    if card:
        ratings = "  ".join(f"{c.id} {c.rating.value if c.rating else '-'}" for c in card.capabilities)
        if card.scored:
            click.echo(f"  {'score':<34} {card.score:.1f}/100 ({card.rating.value})   {ratings}")
        else:
            click.echo(f"  {'score':<34} not scored: {card.not_scored}")
    if log:
        click.echo(f"event log and scorecards: {terminal_text(str(result.folder))}")


def balance_report(loaded: LoadedScenario, results: Mapping[str, Sequence[DrillResult]], *, as_json: bool,
                   html_dir: Path | None) -> dict:
    summary = summarise(loaded, results)
    if html_dir is not None:
        from drills.teams._balance_html import write_balance_html  # jinja2 and the charts only for --reports

        summary["html"] = str(write_balance_html(html_dir, loaded, summary))
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return summary
    click.echo(f"Balance of {terminal_text(loaded.scenario.title)} ({loaded.scenario.id})")
    names = list(summary["teams"])
    rows = summary_rows(summary)
    widths = [max(8, len(n) + 2, *(len(cells[i]) + 2 for _, cells in rows)) for i, n in enumerate(names)]
    click.echo(f"  {'':<34}" + "".join(f"{n:>{w}}" for n, w in zip(names, widths, strict=True)))
    for label, cells in rows:
        click.echo(f"  {label:<34}" + "".join(f"{c:>{w}}" for c, w in zip(cells, widths, strict=True)))
    if summary["verdict"] is not None:
        click.echo(f"Verdict: {terminal_text(summary['verdict']['text'])}")
    never = summary["rules_never_in_play"]
    click.echo(f"Rules this drill cannot teach (never in play): {', '.join(never) if never else 'none'}")
    for rule_id in never:
        click.echo(f"  {rule_id}  {terminal_text(summary['rule_titles'][rule_id])}")
    unseen = summary["injects_never_seen"]
    click.echo(f"Injects no team ever saw: {', '.join(unseen) if unseen else 'none'}")
    for row in summary["injects_never_seen_detail"]:
        when = f", when {row['when']}" if row["when"] else ""
        at = "held for the facilitator" if row["at"] is None else f"minute {row['at']:g}"
        click.echo(terminal_text(f"  {row['id']}  {at}{when}"))
    if "html" in summary:
        click.echo(f"Balance page: {terminal_text(summary['html'])}")
    return summary
