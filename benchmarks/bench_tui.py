"""The drill room's speed and memory, against a bare Textual app run the same way (headless, in process).

    .venv/bin/python benchmarks/bench_tui.py [--runs 5]

Prints:
  1. time to the first frame: the drill app (setup screen; and the room of a resumed drill) vs a
     bare Textual app, both from `run_test()` entry, in this process: until the first screen's first
     paint (its first compositor update), and until `pilot.pause()` returns (mounted, painted and
     idle). Then the whole process, `python -c` start to first frame: `drill play`'s path (the CLI
     module, the launcher's checks and scenario loading, the app) vs a bare Textual app started the
     same way; its first paint is the issue's "time to the first frame of `drill play` against a
     bare Textual app started the same way" (target: within 1.5x). Imports alone are printed
     separately.
  2. a burst: 100 injects inside one simulated minute at 20x, the room's real timer ticking on the
     real clock; a key press is sent every 100 ms during the burst and timed from post to handled
     (target < 50 ms), with the room's message backlog sampled (it must drain, not grow).
  3. memory over a whole drill (150 simulated minutes at 20x, ticked 4 times a second, with the
     burst): tracemalloc peak and the process's max RSS (target < 150 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static

from drills.paths import DEFAULT_SCENARIO
from drills.scenario import Inject, InjectKind, Scenario, load_scenario
from drills.tui.app import DrillApp
from drills.tui.screens.debrief import DebriefScreen
from drills.tui.screens.room import RoomScreen
from drills.tui.screens.setup import ScenarioChoice
from drills.world import new_engine

SIZE = (120, 40)
BURST_AT = 20.0
BURST = 100


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello")


class SameWidgets(App[None]):
    """A plain app with the widgets the setup screen had before it was slimmed down (31 nodes, Textual's
    default styles, no logic): what Textual itself costs for a screen that size. Kept as it was, as a
    fixed reference; the setup now has 22 nodes."""

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal, HorizontalGroup, Vertical, VerticalScroll
        from textual.widgets import Button, Input, Label, OptionList

        with VerticalScroll():
            yield Static("Set up the drill")
            yield OptionList("one", "two", "three")
            yield Static("summary " * 40)
            with HorizontalGroup():
                yield Label("Seed")
                yield Input("7", compact=True)
                yield Label("Speed")
                yield Input("7.5", compact=True)
            yield Static("preview")
            yield Static("who plays whom")
            with Vertical():
                for n in range(5):
                    yield HorizontalGroup(Label(f"person {n}"), Input(compact=True))
            with Horizontal():
                yield Button("Start")
        yield Static("keys")


async def _first_frame(make: callable) -> tuple[float, float]:
    """Seconds from run_test() entry until (the first screen's first paint, `pilot.pause()` returns).

    The paint is when the first screen's compositor hands its first update to the display (in headless
    mode the driver then writes nothing, but the frame is rendered). `pilot.pause()` returns once the
    queued messages are handled and the process has been idle for one of Textual's 20 ms steps, so
    it also waits for work started after the paint (timers, workers).

    The garbage of the runs before is collected first, outside the timing: Textual apps leave reference
    cycles, and a collection landing inside the next app's start-up added up to 60 ms to whichever app
    came next (a real `drill play` process starts one app, with no such garbage)."""
    gc.collect()
    app = make()
    painted: list[float] = []
    display = app._display  # private, but the one place every frame goes through; wrapped the same for both

    def timed_display(screen: object, renderable: object) -> None:
        if renderable is not None and not painted:
            painted.append(time.perf_counter())
        display(screen, renderable)

    app._display = timed_display  # type: ignore[method-assign]
    start = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        settled = time.perf_counter()
    return painted[0] - start, settled - start


WHOLE_PROCESS = """
import asyncio, os, sys, time
{setup}
async def first_frame(app):
    painted = []
    display = app._display
    def timed_display(screen, renderable):
        if renderable is not None and not painted:
            painted.append(time.time())
        display(screen, renderable)
    app._display = timed_display
    async with app.run_test(size={size}) as pilot:
        await pilot.pause()
        print(painted[0], time.time(), flush=True)
        os._exit(0)
asyncio.run(first_frame(app))
"""
BARE_PROCESS = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("hello")
app = Bare()
"""
PLAY_PROCESS = """
from pathlib import Path
import drills.cli  # the `drill` entry point, as `drill play` loads it
from drills.tui.launch import play_app
app = play_app(None, seed=None, speed=None, playbook=None, reports=Path("reports"))
"""


def _whole_process(setup: str) -> tuple[float, float]:
    """Wall seconds from spawning `python -c` until (first paint, settled), the same steps as _first_frame."""
    start = time.time()
    out = subprocess.run([sys.executable, "-c", WHOLE_PROCESS.format(setup=setup, size=SIZE)], check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]) - start, float(out[1]) - start


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _medians(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return _median([p for p, _ in pairs]), _median([s for _, s in pairs])


def _subprocess_seconds(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def first_frame(runs: int, choice: ScenarioChoice, scratch: Path) -> None:
    print("1. first frame, median of", runs, "(run_test entry -> first paint | -> pilot.pause() returns)")

    def resumed() -> DrillApp:
        from drills.tui.live import LiveDrill

        folder = scratch / f"resume-{time.perf_counter_ns()}"
        engine = new_engine(choice.scenario, choice.source, seed=None, folder=folder)
        engine.advance_to(30)
        return DrillApp(live=LiveDrill.start(engine, folder))

    apps = {"bare": Bare, "same": SameWidgets, "setup": lambda: DrillApp(choices=[choice], reports=scratch),
            "room": resumed}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in apps}
    for _ in range(runs):  # one of each per round, so a busy moment on the machine hits them all alike
        for name, make in apps.items():
            times[name].append(asyncio.run(_first_frame(make)))
    (bp, b), (wp, w), (sp, s), (rp, r) = (_medians(times[name]) for name in apps)

    def line(name: str, paint: float, settled: float, note: str = "") -> None:
        print(f"   {name:<36} paint {paint * 1000:6.1f} ms ({paint / bp:.2f}x) | settled {settled * 1000:6.1f} ms "
              f"({settled / b:.2f}x){note}")

    line("bare Textual app (one Static)", bp, b)
    line("plain app, old setup's 31 widgets", wp, w, "  (Textual's own cost for them)")
    line("drill setup screen", sp, s, f"  {s / w:.2f}x vs the same widgets")
    line("drill room (resumed drill)", rp, r)
    whole_bare, whole_play = [], []
    for _ in range(runs):
        whole_bare.append(_whole_process(BARE_PROCESS))
        whole_play.append(_whole_process(PLAY_PROCESS))
    (pb, sb), (pp, spl) = _medians(whole_bare), _medians(whole_play)
    print("   whole process, `python -c` spawn -> first paint | -> settled:")
    print(f"   {'bare Textual app':<36} paint {pb * 1000:6.0f} ms         | settled {sb * 1000:6.0f} ms")
    print(f"   {'drill play (cli, launcher, app)':<36} paint {pp * 1000:6.0f} ms ({pp / pb:.2f}x) | settled "
          f"{spl * 1000:6.0f} ms ({spl / sb:.2f}x)   first paint: target <= 1.5x")
    print("   (drill play's settled time includes the workers started after its first paint: the scenario checks\n"
          "    (pydantic, the model, the loader) and the generated names (Faker), then the room, engine and debrief\n"
          "    modules that Start needs)")
    imp_bare = _median([_subprocess_seconds("import textual.app") for _ in range(3)])
    imp_drill = _median([_subprocess_seconds("import drills.tui.app") for _ in range(3)])
    load = _median([_subprocess_seconds("from drills.tui.launch import scenario_choices; scenario_choices(None)")
                    for _ in range(3)])
    print(f"   process start + import: textual.app {imp_bare * 1000:.0f} ms, drills.tui.app {imp_drill * 1000:.0f} ms "
          f"(ratio {imp_drill / imp_bare:.2f}x); + the setup's scenario choices {load * 1000:.0f} ms")


def burst_scenario(scenario: Scenario) -> Scenario:
    """The default scenario plus BURST alerts, logs and tickets inside one simulated minute."""
    kinds = (InjectKind.alert, InjectKind.log, InjectKind.ticket, InjectKind.colleague_message)
    extra = [
        Inject(id=f"burst-{n}", at=BURST_AT + n / BURST, kind=kinds[n % len(kinds)], sender="bench-bot",
               text=f"Burst message {n}: export worker {n % 7} reports EXP-422 for account {1000 + n}.")
        for n in range(BURST)
    ]
    return scenario.model_copy(update={"injects": [*scenario.injects, *extra]})


async def _burst(choice: ScenarioChoice, scratch: Path) -> tuple[list[float], list[int], int, float]:
    scenario = burst_scenario(choice.scenario)
    folder = scratch / "burst"
    engine = new_engine(scenario, choice.source, seed=None, folder=folder, speed=20.0)
    engine.advance_to(BURST_AT - 1)
    from drills.tui.live import LiveDrill

    live = LiveDrill.start(engine, folder)
    app = DrillApp(live=live, notice_seconds=2)
    latencies: list[float] = []
    backlog: list[int] = []
    handled: list[float] = []
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        room = app.screen
        assert isinstance(room, RoomScreen)
        original = room.action_next_actor

        def timed_next_actor() -> None:
            original()
            handled.append(time.perf_counter())

        room.action_next_actor = timed_next_actor  # type: ignore[method-assign]
        seen = len(engine.events)
        deadline = time.perf_counter() + 8.0  # the burst minute takes 3 s of real time at 20x
        while time.perf_counter() < deadline:
            before = len(handled)
            sent = time.perf_counter()
            app.simulate_key("a")
            while len(handled) == before and time.perf_counter() - sent < 2:
                await asyncio.sleep(0.001)
            latencies.append(handled[-1] - sent)
            backlog.append(room._message_queue.qsize())
            await asyncio.sleep(0.1)
        burst_events = sum(1 for e in engine.events[seen:] if e.kind == "inject" and
                           str(e.data.get("inject_id", "")).startswith("burst-"))
        thread_lines = len(room.query_one("#inbox").lines) + len(room.query_one("#clues").lines)
    engine.close()
    return latencies, backlog, burst_events, thread_lines


def burst(choice: ScenarioChoice, scratch: Path) -> None:
    print(f"2. burst: {BURST} injects in one simulated minute at 20x, real timer, a key press every 100 ms")
    latencies, backlog, delivered, lines = asyncio.run(_burst(choice, scratch))
    ms = sorted(x * 1000 for x in latencies)
    p50, p95 = ms[len(ms) // 2], ms[int(len(ms) * 0.95) - 1]
    print(f"   {delivered}/{BURST} burst injects shown ({lines} feed lines); {len(ms)} key presses")
    print(f"   key press -> handled: median {p50:.1f} ms, p95 {p95:.1f} ms, max {ms[-1]:.1f} ms (target < 50 ms)")
    third = max(len(backlog) // 3, 1)
    early, late = statistics.mean(backlog[:third]), statistics.mean(backlog[-third:])
    print(f"   room message backlog: max {max(backlog)}, mean {early:.1f} in the first third of the samples, "
          f"{late:.1f} in the last (growing: {'yes' if late > early + 1 else 'no'})")


async def _whole_drill(choice: ScenarioChoice, scratch: Path) -> tuple[int, float]:
    scenario = burst_scenario(choice.scenario)
    app = DrillApp(choices=[ScenarioChoice(scenario, choice.source)], reports=scratch / "whole",
                   monotonic=lambda: 0.0, speed=20.0, started_at=datetime.now)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        room = app.room
        ticks = 0
        start = time.perf_counter()
        while not room.live.engine.done:
            room.advance(0.25)
            ticks += 1
            if ticks % 40 == 0:
                await pilot.pause()
        elapsed = time.perf_counter() - start
        rss_room = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        while not (isinstance(app.screen, DebriefScreen) and app.screen.debrief is not None):
            await pilot.pause(0.05)
    return ticks, elapsed, rss_room


def memory(choice: ScenarioChoice, scratch: Path) -> None:
    print("3. memory over a whole drill at 20x, ticked every 0.25 s of drill time, with the burst, then the debrief")
    traced = os.environ.get("BENCH_TRACEMALLOC") == "1"
    if traced:
        tracemalloc.start()
    ticks, elapsed, rss_room = asyncio.run(_whole_drill(choice, scratch))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    if traced:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"   tracemalloc peak (Python allocations) {peak / 2**20:.1f} MB")
        return
    print(f"   {ticks} ticks in {elapsed:.1f} s ({elapsed / ticks * 1000:.2f} ms per tick incl. rendering)")
    print(f"   process max RSS: {rss_room:.0f} MB through the drill, {rss:.0f} MB after the debrief wrote the "
          "scorecards (target < 150 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=["first-frame", "burst", "memory"], help="Run one part.")
    args = parser.parse_args()
    loaded = load_scenario(DEFAULT_SCENARIO)
    choice = ScenarioChoice(loaded.scenario, loaded.source)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        here = os.getcwd()
        os.chdir(scratch)
        try:
            if args.only in (None, "first-frame"):
                first_frame(args.runs, choice, scratch)
            if args.only in (None, "burst"):
                burst(choice, scratch)
            if args.only == "memory":
                memory(choice, scratch)
            elif args.only is None:
                # In a fresh process, so the max RSS is the drill's and not the earlier parts'.
                sys.stdout.flush()
                for traced in ("0", "1"):
                    subprocess.run([sys.executable, os.path.abspath(__file__), "--only", "memory"], check=True,
                                   env={**os.environ, "BENCH_TRACEMALLOC": traced})
        finally:
            os.chdir(here)


if __name__ == "__main__":
    main()
