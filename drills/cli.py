"""The `drill` command: the front door. Each subcommand imports what it needs lazily so that
commands without a UI never import Textual and start fast."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from drills.errors import DrillError, UsageError
from drills.terminal import terminal_text

SEED = click.IntRange(0, 2**63 - 1)
"""Seeds name drill folders and seed the random streams: 0 to drills.scenario.MAX_SEED (a test keeps them equal;
written out so that `drill --help` does not import the scenario models)."""
SPEED = click.FloatRange(0, 1000, min_open=True)
"""Simulated minutes per real minute, as the scenario format allows (`speed`)."""


def _friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn DrillError into one line per problem on stderr and its exit code; never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DrillError as err:
            for line in err.lines():
                click.echo(line, err=True)
            sys.exit(err.exit_code)
        except KeyboardInterrupt:
            click.echo("drill: interrupted", err=True)
            sys.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:  # `drill ... | head`: the reader has gone, nothing left to say
            sys.stderr.close()
            sys.exit(0)
        except OSError as exc:
            where = exc.filename if exc.filename is not None else "drill"
            click.echo(terminal_text(f"{where}: {exc.strerror or exc} — check the path exists and that you may "
                                     "write there"), err=True)
            sys.exit(1)
        except Exception as exc:  # a bug: one line for the user, the traceback on request
            if os.environ.get("DRILLS_DEBUG"):
                raise
            click.echo(terminal_text(f"drill: unexpected error ({exc.__class__.__name__}: {exc}) — this is a bug in "
                                     "drills; rerun with DRILLS_DEBUG=1 to see the traceback and report it"),
                       err=True)
            sys.exit(70)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="drills")
def main() -> None:
    """Incident drills for engineering teams: play a scripted outage, get a playbook scorecard."""


@main.command()
@_friendly
def scenarios() -> None:
    """List the built-in scenarios."""
    from drills.scenario import builtin_scenarios

    rows = builtin_scenarios()
    if not rows:
        raise UsageError("no built-in scenarios found in scenarios/ — reinstall drills, or pass a scenario file")
    width = max(len(s.id) for s in rows)
    for s in rows:
        length = f"{s.drill_minutes:g} min (sim {s.simulated_minutes / 60:g} h)"
        click.echo(f"{s.id:<{width}}  {s.difficulty.value:<6}  {length:<18}  {terminal_text(s.title)}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--upgrade", is_flag=True, help="Rewrite one format-1 scenario file as format 2 and show the diff.")
@_friendly
def lint(paths: tuple[Path, ...], strict: bool, upgrade: bool) -> None:
    """Check scenario files (or folders of them); exit 0 clean, 1 on errors, 2 on usage errors."""
    from drills.lint import lint_paths, upgrade_file

    err = lambda s: click.echo(s, err=True)  # noqa: E731 - one line, used twice
    if upgrade:
        if len(paths) != 1:
            raise UsageError("--upgrade rewrites one file at a time — give exactly one scenario file")
        sys.exit(upgrade_file(paths[0], out=click.echo, err=err))
    sys.exit(lint_paths(list(paths), strict=strict, out=click.echo, err=err))


@main.command()
@click.argument("what", type=click.Choice(["scenario", "playbook", "script"]), default="scenario")
@_friendly
def schema(what: str) -> None:
    """Print the JSON Schema of the scenario (default), playbook or script format."""
    import json

    from drills.schemas import json_schema

    click.echo(json.dumps(json_schema(what), indent=2))


@main.command()
@click.argument("scenario")
@click.option("--team", default="ideal", show_default=True,
              help="Scripted team: ideal, passive, chaotic, or all (balance report).")
@click.option("--script", "script_path", type=click.Path(path_type=Path), help="YAML file of timed actions.")
@click.option("--seed", type=SEED, help="Seed for generated names and noise (default: the scenario's).")
@click.option("--runs", type=click.IntRange(max=10_000), default=1, show_default=True,
              help="Play this many drills (seeds seed..seed+N-1).")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable results.")
@click.option("--reports", type=click.Path(path_type=Path), help="Write event log and scorecards here.")
@click.option("--playbook", type=click.Path(path_type=Path), help="Score against this playbook YAML.")
@click.option("--out", type=click.Path(path_type=Path),
              help="Write this one drill into exactly this folder (replacing a previous drill there).")
@click.option("--pace", type=click.FloatRange(0, 60), default=0, show_default=True,
              help="Wall seconds per simulated minute, to watch a scripted team play (0: as fast as possible).")
@_friendly
def simulate(scenario: str, team: str, script_path: Path | None, seed: int | None, runs: int,
             as_json: bool, reports: Path | None, playbook: Path | None, out: Path | None, pace: float) -> None:
    """Play SCENARIO headless with a scripted team and print outcome figures and score."""
    from drills.teams import simulate_command

    simulate_command(scenario, team=team, script_path=script_path, seed=seed, runs=runs,
                     as_json=as_json, reports=reports, playbook=playbook, pace=pace, out=out)


@main.command()
@click.argument("scenario", required=False)
@click.option("--seed", type=SEED)
@click.option("--speed", type=SPEED, help="Simulated minutes per real minute.")
@click.option("--playbook", type=click.Path(path_type=Path))
@click.option("--reports", type=click.Path(path_type=Path), default=Path("reports"), show_default=True)
@_friendly
def play(scenario: str | None, seed: int | None, speed: float | None, playbook: Path | None,
         reports: Path) -> None:
    """Open the drill room for SCENARIO (default: the invoice-export drill)."""
    from drills.tui import launch_play

    launch_play(scenario, seed=seed, speed=speed, playbook=playbook, reports=reports)


@main.command()
@click.argument("scenario", required=False)
@click.option("--seed", type=int)
@click.option("--speed", type=float, help="Simulated minutes per real minute.")
@click.option("--playbook", type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), help="Port to listen on (default: any free one; on --resume "
              "the one the drill used).")
@click.option("--bind", default="127.0.0.1", show_default=True,
              help="Address to listen on: 0.0.0.0 (or this machine's LAN address) opens the drill to the LAN.")
@click.option("--seat", "seats", multiple=True, metavar="[NAME=]PART[,PART]",
              help="A seat and the part(s) it holds (repeat; default: one seat per part).")
@click.option("--web", type=click.IntRange(1, 65535), metavar="PORT",
              help="Also serve the seats in a browser on this port (textual-serve).")
@click.option("--resume", "resume_log", type=click.Path(path_type=Path), metavar="LOG",
              help="Bring back a hosted drill from its log (after the host stopped or was killed).")
@click.option("--reports", type=click.Path(path_type=Path), default=Path("reports"), show_default=True)
@_friendly
def host(scenario: str | None, seed: int | None, speed: float | None, playbook: Path | None, port: int | None,
         bind: str, seats: tuple[str, ...], web: int | None, resume_log: Path | None, reports: Path) -> None:
    """Host a drill for several screens: start its engine and server, print one join command per seat,
    and open the facilitator console."""
    from drills.seats import new_hosted, parse_seat, resumed_hosted
    from drills.tui import launch_host

    if playbook is not None:
        from drills.scoring import load_playbook

        load_playbook(playbook)
    if resume_log is not None:
        if scenario or seats or seed is not None:
            raise UsageError("--resume LOG takes the scenario, seed and seats from the log — drop the others")
        hosted = resumed_hosted(resume_log, bind=bind, port=port, playbook=playbook)
    else:
        hosted = new_hosted(scenario, seed=seed, speed=speed, reports=reports, bind=bind, port=port or 0,
                            seats=[parse_seat(s) for s in seats], playbook=playbook)
    launch_host(hosted, web=web)


@main.command()
@click.argument("address", metavar="HOST:PORT")
@click.option("--code", help="The seat's join code (asked for on the screen when not given).")
@_friendly
def join(address: str, code: str | None) -> None:
    """Take a seat in a hosted drill: the room, acting as the part(s) the code grants."""
    from drills.tui import launch_join

    launch_join(address, code)


@main.command()
@click.argument("log", type=click.Path(path_type=Path))
@click.option("--playbook", type=click.Path(path_type=Path), help="Preview the score against this playbook.")
@_friendly
def console(log: Path, playbook: Path | None) -> None:
    """Attach the facilitator console to a running `drill play` (read-only on LOG, plus the clock)."""
    from drills.tui import launch_console
    from drills.world import read_log

    logged = read_log(log)  # a log that is not a drill's fails here, as one line
    launch_console(logged.path, playbook=playbook)


@main.command()
@click.argument("log", type=click.Path(path_type=Path))
@click.option("--headless", is_flag=True, help="Finish a scripted drill without the UI.")
@click.option("--reports", type=click.Path(path_type=Path), help="Write the scorecard here (default: beside LOG).")
@click.option("--playbook", type=click.Path(path_type=Path), help="Score against this playbook YAML.")
@_friendly
def resume(log: Path, headless: bool, reports: Path | None, playbook: Path | None) -> None:
    """Continue a drill from its event log where it stopped."""
    from drills.scoring import load_playbook
    from drills.world import read_log

    book = load_playbook(playbook)  # a broken playbook is reported before anything is resumed
    logged = read_log(log)
    folder = logged.path.parent
    scripted = bool(logged.started.data.get("team"))
    if headless or scripted:
        from drills.files import destination, unstage, write_files
        from drills.reports import render_scorecards
        from drills.scoring import score
        from drills.teams import finish_headless
        from drills.world import extend_log

        # Everything that can fail runs in memory first; then the log, then the three scorecards at once.
        engine = finish_headless(logged, append=False)
        card = score(engine.events, book)
        out = reports or folder
        texts, written = render_scorecards(out, engine.events, card, log_path=logged.path,
                                           final_folder=reports or destination(folder))
        extend_log(logged, engine.events)
        out.mkdir(parents=True, exist_ok=True)
        write_files(texts)
        if reports is None:  # a drill killed while it was being written is whole now: give it its own name
            unstage(folder)
        click.echo(f"Resumed at sim minute {logged.events[-1].t:g}; finished at {engine.now:g} "
                   f"({len(engine.events) - len(logged.events)} new events).")
        verdict = (f"score {card.score:.1f}/100 ({card.rating.value})" if card.scored
                   else f"not scored: {card.not_scored}")
        click.echo(f"{verdict} — {terminal_text(str(written['md']))}")
        return
    from drills.tui import launch_resume
    from drills.world import resume_live

    launch_resume(resume_live(logged), folder, playbook=playbook)


@main.command()
@click.argument("log", type=click.Path(path_type=Path))
@click.option("--playbook", type=click.Path(path_type=Path), help="Rescore against this playbook.")
@click.option("--out", type=click.Path(path_type=Path), help="Folder for the scorecard (default: beside LOG).")
@click.option("--json", "as_json", is_flag=True)
@click.option("--no-verify", is_flag=True,
              help="Score the log as it is, without replaying it; the scorecards are marked unverified.")
@_friendly
def report(log: Path, playbook: Path | None, out: Path | None, as_json: bool, no_verify: bool) -> None:
    """Check an event log by replaying it, score it and write its scorecard (Markdown, HTML, JSON)."""
    from drills.reports import report_command

    report_command(log, playbook=playbook, out=out, as_json=as_json, verify=not no_verify)


@main.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path), default=Path("reports"))
@click.option("--html", "html_path", type=click.Path(path_type=Path), help="Also write the trend chart here.")
@click.option("--all", "include_scripted", is_flag=True,
              help="Include drills played by a scripted team (reports/example, drill simulate).")
@_friendly
def history(folder: Path, html_path: Path | None, include_scripted: bool) -> None:
    """The team's trend across drills found under FOLDER (drills played by people; --all adds scripted ones)."""
    from drills.reports import history_command

    history_command(folder, html_path=html_path, include_scripted=include_scripted)


@main.command("check-update")
@click.argument("text")
@click.option("--audience", type=click.Choice(["customer", "internal", "executive"]), default="customer",
              show_default=True)
@click.option("--json", "as_json", is_flag=True)
@_friendly
def check_update(text: str, audience: str, as_json: bool) -> None:
    """Check an update (TEXT, or - for stdin) against the playbook's text rules.

    An update holds at most 4000 characters, like every free-text field of a drill's actions; a longer
    one is refused with a one-line error.
    """
    from drills.scoring import check_update_command

    if text == "-":
        text = sys.stdin.read()
    sys.exit(check_update_command(text, audience=audience, as_json=as_json))


@main.command()
@click.argument("name")
@click.option("--from", "from_builtin", help="Start from a copy of this built-in scenario.")
@_friendly
def new(name: str, from_builtin: str | None) -> None:
    """Write a starter scenario NAME.yaml that lints clean and plays."""
    from drills.scenario import new_scenario

    click.echo(terminal_text(new_scenario(name, from_builtin=from_builtin), multiline=True))


if __name__ == "__main__":
    main()
