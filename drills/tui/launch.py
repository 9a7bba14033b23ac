"""Entry points for `drill play`, `drill resume`, `drill host` and `drill join`: resolve the inputs, run the app."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from drills.seats import Hosted
    from drills.tui.app import DrillApp
    from drills.tui.screens.setup import Offer
    from drills.world import Engine


def launch_play(scenario: str | None, *, seed: int | None, speed: float | None, playbook: Path | None,
                reports: Path) -> None:
    """Open the setup screen with SCENARIO (a path or built-in id; default the invoice drill) preselected."""
    app = play_app(scenario, seed=seed, speed=speed, playbook=playbook, reports=reports)
    message = app.run()
    if app.error is not None:  # a built-in scenario failed its checks once the setup was up
        raise app.error
    _say(message)


def play_app(scenario: str | None, *, seed: int | None, speed: float | None, playbook: Path | None,
             reports: Path, **options: Any) -> DrillApp:
    """The app `drill play` runs, after the checks that must fail before it opens (the benchmark starts it too).

    Garbage collection is paused from here until the setup's first frame is painted (`DrillApp`'s
    `pause_gc`): start-up allocates much and frees little, and the collections it would trigger
    (a full one among them) cost the first frame tens of milliseconds."""
    gc.disable()
    try:
        from drills.tui.app import DrillApp

        _check_playbook(playbook)
        choices = scenario_choices(scenario)
    except BaseException:
        gc.enable()
        raise
    return DrillApp(choices=choices, seed=seed, speed=speed, playbook=playbook, reports=reports, pause_gc=True,
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


def scenario_choices(ref: str | None) -> list[Offer]:
    """The scenario asked for first, then the other built-in ones.

    A file the user names is loaded and checked here, so a broken one fails with its file:line:col
    before the app opens. Built-in scenarios are offered by their setup cards, read without pydantic
    or the scenario model (`drills.scenario._cards`); the setup checks them after its first frame. A built-in
    the quick read cannot make a card of is loaded here the full way, for its real error."""
    from drills.paths import BUILTIN_SCENARIOS_DIR, DEFAULT_SCENARIO
    from drills.scenario import builtin_ids, resolve_scenario_ref

    ref = ref or DEFAULT_SCENARIO
    path = resolve_scenario_ref(ref)
    first = _builtin(path) if path == BUILTIN_SCENARIOS_DIR / f"{ref}.yaml" else _checked(path)
    choices = [first]
    for ident in builtin_ids():
        if ident != first.card.id:
            choices.append(_builtin(BUILTIN_SCENARIOS_DIR / f"{ident}.yaml"))
    return choices


def _builtin(path: Path) -> Offer:
    from drills.scenario import CardError, read_card
    from drills.tui.screens.setup import PendingChoice

    try:
        return PendingChoice(read_card(path), path)
    except (CardError, OSError):
        return _checked(path)


def _checked(path: Path) -> Offer:
    from drills.scenario import load_scenario
    from drills.tui.screens.setup import ScenarioChoice

    loaded = load_scenario(path)
    return ScenarioChoice(loaded.scenario, loaded.source)


def _check_playbook(playbook: Path | None) -> None:
    """Fail before the room opens if the given playbook is broken (its error names file:line:col).

    The shipped default (None) is not loaded here: its tests keep it valid, and loading it costs
    `drill play` ~70 ms before the first frame; the debrief loads it when it scores."""
    if playbook is None:
        return
    from drills.scoring import load_playbook

    load_playbook(playbook)


def _say(message: str | None) -> None:
    if message:
        click.echo(message)


def launch_host(hosted: Hosted, *, web: int | None = None) -> None:
    """Start the host on its own thread, print the join commands, and open the facilitator console.

    The host stops when the console closes; its log, seats file and ledger let `drill host --resume`
    bring it back (also after a kill -9)."""
    from drills.seats import HostThread, join_commands
    from drills.tui.console import ConsoleApp

    runner = HostThread(hosted.host)
    runner.start()
    host = hosted.host
    commands = join_commands(hosted)
    click.echo(hosted.listening())
    if hosted.resumed:
        click.echo(f"Resumed {hosted.log}: the seats reconnect with the codes they were given.")
    for line in commands:
        click.echo(line)
    web_server = _serve_web(host.address(), host.bind, web) if web is not None else None
    if web_server is not None:
        click.echo(f"Browser seats: http://{host.address().rsplit(':', 1)[0]}:{web} (the page asks for the code; "
                   "on the same network)")
    local = "127.0.0.1" if host.bind in ("0.0.0.0", "::", "") else host.bind
    app = ConsoleApp(f"{local}:{host.port}", hosted.facilitator_code, commands=commands,
                     listening=hosted.listening(), log_path=hosted.log, playbook=host.playbook,
                     resumed=hosted.resumed)
    try:
        app.run()
    finally:
        if web_server is not None:
            web_server.terminate()
        runner.stop()
    if host.engine.done:
        _say(f"Drill ended. Scorecards and the log are in {host.folder}")
    else:
        _say(f"Host stopped at sim {host.engine.clock_text()}. Resume it with: drill host --resume {hosted.log}")


def _serve_web(address: str, bind: str, port: int):
    """Browser seats: textual-serve runs `drill join ADDRESS` (which asks for the code) per browser tab."""
    import subprocess
    import sys

    from drills.seats import display_host

    command = f"{sys.executable} -m drills join {address}"
    return subprocess.Popen([sys.executable, "-m", "drills.tui.web", command, bind, str(port), display_host(bind)])


def launch_console(log: Path, *, playbook: Path | None = None) -> None:
    from drills.tui.console import ConsoleApp

    _check_playbook(playbook)
    _say(ConsoleApp.attach(log, playbook=playbook).run())


def launch_join(address: str, code: str | None) -> None:
    """The seat's room; a code given on the command line is checked first, so a wrong one is one line."""
    from drills.errors import DrillError
    from drills.seats import SeatRefused, check_seat
    from drills.tui.seat_app import SeatApp

    if code is not None:
        try:
            check_seat(address, code)
        except SeatRefused as refusal:
            raise DrillError(str(refusal)) from None
    app = SeatApp(address, code)
    message = app.run()
    if app.error is not None:
        raise app.error
    _say(message)
