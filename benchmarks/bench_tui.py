"""The drill room's speed and memory, against a bare Textual app run the same way (headless, in process).

    .venv/bin/python benchmarks/bench_tui.py [--runs 5]

Prints:
  1. time to the first frame: the drill app (setup screen; and the room of a resumed drill) vs a
     bare Textual app, both from `run_test()` entry until the first screen is mounted and painted
     (target: within 1.5x). Imports and loading the built-in scenarios are printed separately.
  2. a burst: 100 injects inside one simulated minute at 20x, the room's real timer ticking on the
     real clock; a key press is sent every 100 ms during the burst and timed from post to handled
     (target < 50 ms), with the room's message backlog sampled (it must drain, not grow).
  3. memory over a whole drill (150 simulated minutes at 20x, ticked 4 times a second, with the
     burst): tracemalloc peak and the process's max RSS (target < 150 MB).
"""

from __future__ import annotations

import argparse
import asyncio
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

from drills.loader import load_scenario
from drills.paths import DEFAULT_SCENARIO
from drills.scenario import Inject, InjectKind, Scenario
from drills.session import new_engine
from drills.tui.app import DrillApp
from drills.tui.screens.debrief import DebriefScreen
from drills.tui.screens.room import RoomScreen
from drills.tui.screens.setup import ScenarioChoice

SIZE = (120, 40)
BURST_AT = 20.0
BURST = 100


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello")


class SameWidgets(App[None]):
    """A plain app with the setup screen's widgets (31 nodes, Textual's default styles, no logic):
    what Textual itself costs for a screen that size."""

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


async def _first_frame(make: callable) -> float:
    """Seconds from run_test() entry until the app's first screen has mounted and painted."""
    app = make()
    start = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        mounted = time.perf_counter()
    return mounted - start


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _subprocess_seconds(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def first_frame(runs: int, choice: ScenarioChoice, scratch: Path) -> None:
    print("1. first frame (run_test entry -> first screen mounted and painted), median of", runs)
    bare = [asyncio.run(_first_frame(Bare)) for _ in range(runs)]
    same = [asyncio.run(_first_frame(SameWidgets)) for _ in range(runs)]
    setup = [asyncio.run(_first_frame(lambda: DrillApp(choices=[choice], reports=scratch))) for _ in range(runs)]

    def resumed() -> DrillApp:
        from drills.tui.live import LiveDrill

        folder = scratch / f"resume-{time.perf_counter_ns()}"
        engine = new_engine(choice.scenario, choice.source, seed=None, folder=folder)
        engine.advance_to(30)
        return DrillApp(live=LiveDrill.start(engine, folder))

    room = [asyncio.run(_first_frame(resumed)) for _ in range(runs)]
    b, w, s, r = _median(bare), _median(same), _median(setup), _median(room)
    print(f"   bare Textual app (one Static)        {b * 1000:7.1f} ms")
    print(f"   plain app with the setup's widgets   {w * 1000:7.1f} ms   ratio {w / b:.2f}x (Textual's own cost)")
    print(f"   drill setup screen                   {s * 1000:7.1f} ms   ratio {s / b:.2f}x vs bare (target <= 1.5x), "
          f"{s / w:.2f}x vs the same widgets")
    print(f"   drill room (resumed drill)           {r * 1000:7.1f} ms   ratio {r / b:.2f}x vs bare")
    imp_bare = _median([_subprocess_seconds("import textual.app") for _ in range(3)])
    imp_drill = _median([_subprocess_seconds("import drills.tui.app") for _ in range(3)])
    load = _median([_subprocess_seconds("from drills.tui.launch import scenario_choices; scenario_choices(None)")
                    for _ in range(3)])
    print(f"   process start + import: textual.app {imp_bare * 1000:.0f} ms, drills.tui.app {imp_drill * 1000:.0f} ms "
          f"(ratio {imp_drill / imp_bare:.2f}x); + loading the built-in scenarios {load * 1000:.0f} ms")


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
