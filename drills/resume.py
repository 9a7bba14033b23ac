"""`drill resume LOG`: continue a drill from its event log where it stopped."""

from __future__ import annotations

from pathlib import Path

import click

from drills.eventlog import read_log
from drills.session import finish_headless, resume_live


def resume_command(log: Path, *, headless: bool, reports: Path | None, playbook: Path | None = None) -> None:
    from drills.playbook import load_playbook

    book = load_playbook(playbook)  # a broken playbook is reported before anything is resumed
    logged = read_log(log)
    folder = logged.path.parent
    scripted = bool(logged.started.data.get("team"))
    if headless or scripted:
        engine = finish_headless(logged)
        from drills.report import write_scorecards
        from drills.scoring import score

        card = score(engine.events, book)
        paths = write_scorecards(reports or folder, engine.events, card, log_path=logged.path)
        click.echo(f"Resumed at sim minute {logged.events[-1].t:g}; finished at {engine.now:g} "
                   f"({len(engine.events) - len(logged.events)} new events).")
        verdict = (f"score {card.score:.1f}/100 ({card.rating.value})" if card.scored
                   else f"not scored: {card.not_scored}")
        click.echo(f"{verdict} — {paths['md']}")
        return
    engine = resume_live(logged)
    from drills.tui.launch import launch_resume

    launch_resume(engine, folder, playbook=playbook)
