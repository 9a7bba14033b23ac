"""Entry points for `drill play` and `drill resume`: resolve the inputs, then run the app."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from drills.engine import Engine
    from drills.tui.app import DrillApp


def launch_play(scenario: str | None, *, seed: int | None, speed: float | None, playbook: Path | None,
                reports: Path) -> None:
    """Open the setup screen with SCENARIO (a path or built-in id; default the invoice drill) preselected."""
    _say(play_app(scenario, seed=seed, speed=speed, playbook=playbook, reports=reports).run())


def play_app(scenario: str | None, *, seed: int | None, speed: float | None, playbook: Path | None,
             reports: Path, **options: Any) -> DrillApp:
    """The app `drill play` runs, after the checks that must fail before it opens (the benchmark starts it too)."""
    from drills.tui.app import DrillApp

    _check_playbook(playbook)
    return DrillApp(choices=scenario_choices(scenario), seed=seed, speed=speed, playbook=playbook, reports=reports,
                    **options)


def launch_resume(engine: Engine, folder: Path, playbook: Path | None = None) -> None:
    """Reopen the room of a resumed drill where it stopped, with the clock paused until the facilitator resumes."""
    _check_playbook(playbook)
    _say(resume_app(engine, folder, playbook=playbook).run())


def resume_app(engine: Engine, folder: Path, *, playbook: Path | None = None, **options: Any) -> DrillApp:
    """The app for a resumed drill (the pause is logged, so the log tells the whole story)."""
    from drills.tui.app import DrillApp
    from drills.tui.live import LiveDrill

    live = LiveDrill.start(engine, folder, playbook=playbook)
    live.clock.pause()
    return DrillApp(live=live, **options)


def scenario_choices(ref: str | None) -> list:
    """The scenario asked for first, then the other built-in ones."""
    from drills.catalog import builtin_ids
    from drills.loader import load_scenario
    from drills.paths import BUILTIN_SCENARIOS_DIR, DEFAULT_SCENARIO
    from drills.tui.screens.setup import ScenarioChoice

    first = load_scenario(ref or DEFAULT_SCENARIO)
    choices = [ScenarioChoice(first.scenario, first.source)]
    for ident in builtin_ids():
        if ident != first.scenario.id:
            loaded = load_scenario(BUILTIN_SCENARIOS_DIR / f"{ident}.yaml")
            choices.append(ScenarioChoice(loaded.scenario, loaded.source))
    return choices


def _check_playbook(playbook: Path | None) -> None:
    """Fail before the room opens if the given playbook is broken (its error names file:line:col).

    The shipped default (None) is not loaded here: its tests keep it valid, and loading it costs
    `drill play` ~70 ms before the first frame; the debrief loads it when it scores."""
    if playbook is None:
        return
    from drills.playbook import load_playbook

    load_playbook(playbook)


def _say(message: str | None) -> None:
    if message:
        click.echo(message)
