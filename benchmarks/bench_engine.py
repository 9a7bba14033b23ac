"""Engine throughput against raw SimPy, measured in the same process.

    .venv/bin/python benchmarks/bench_engine.py [SCENARIO] [--drills 1000] [--rounds 7]

Prints: raw SimPy timeouts per second (the baseline); engine events per second for scripted drills
with the event log written to disk as each event happens (as `drill simulate` writes it); the ratio
of the two (target >= 0.10, goal >= 0.25); the same without a log; and headless drills per second
with the `ideal` team (goal >= 300 on one core).

The baseline and the engine are measured in alternating rounds, so a busy moment on the machine hits
both alike; each figure is the best round (what the code can do) and the median round. Times are the
process's CPU time (user and system: the log's page faults and syscalls count), so another process
on a busy machine does not count against either side; `--wall` uses wall-clock time instead.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import simpy

from drills.scenario import load_scenario
from drills.teams import IdealTeam, ScriptTeam, play_headless
from drills.world import new_engine, parse_action

clock = time.process_time


def raw_simpy_rate(n: int = 100_000) -> float:
    env = simpy.Environment()

    def ticker():
        for _ in range(n):
            yield env.timeout(1)

    env.process(ticker())
    start = clock()
    env.run()
    return n / (clock() - start)


def engine_round(loaded, timed, drills: int, folder: Path | None) -> tuple[float, float, int]:
    """Scripted drills (the ideal team's actions replayed from a script), logged to `folder` if given.

    Returns events/s while playing (the steady state the ratio target is about), events/s over whole
    drills (engine set-up with its drill_started event, play, closing and fsyncing the log), and the
    number of events played."""
    events, whole, playing = 0, 0.0, 0.0
    for seed in range(drills):
        start = clock()
        engine = new_engine(loaded.scenario, loaded.source, seed=seed,
                            folder=None if folder is None else folder / str(seed), team="script")
        first = len(engine.events)
        play_start = clock()
        play_headless(engine, ScriptTeam(timed))
        play_end = clock()
        engine.close()
        whole += clock() - start
        playing += play_end - play_start
        events += len(engine.events) - first
    return events / playing, events / whole, events


def drills_per_second(loaded, drills: int) -> float:
    start = clock()
    for seed in range(drills):
        play_headless(new_engine(loaded.scenario, loaded.source, seed=seed, folder=None, team="ideal"), IdealTeam())
    return drills / (clock() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="?", default="invoice-export-tax-field")
    parser.add_argument("--drills", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--wall", action="store_true", help="time with the wall clock, not CPU time")
    args = parser.parse_args()
    global clock
    clock = time.perf_counter if args.wall else time.process_time
    loaded = load_scenario(args.scenario)
    # Warm up: imports and first-call costs are one-off, not per-drill ones.
    ideal = play_headless(new_engine(loaded.scenario, loaded.source, seed=0, folder=None, team="ideal"), IdealTeam())
    timed = [(e.t, parse_action(e.data["action"])) for e in ideal.events if e.kind == "action"]

    raw, logged, whole, unlogged = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        engine_round(loaded, timed, 20, Path(tmp) / "warm")
        for n in range(args.rounds):
            raw.append(raw_simpy_rate())
            playing, whole_drills, events = engine_round(loaded, timed, 60, Path(tmp) / str(n))
            logged.append(playing)
            whole.append(whole_drills)
            unlogged.append(engine_round(loaded, timed, 60, None)[0])
    per_second = drills_per_second(loaded, args.drills)

    def line(label: str, rates: list[float], note: str = "") -> None:
        print(f"{label:<40} best {max(rates):10,.0f}  ratio {max(rates) / max(raw):.3f} | median "
              f"{statistics.median(rates):10,.0f}  ratio {statistics.median(rates) / statistics.median(raw):.3f}{note}")

    print(f"scenario: {loaded.scenario.id}; {'wall' if args.wall else 'CPU'} time; {args.rounds} rounds of 100,000 "
          f"raw timeouts, then 60 drills ({events:,} events) logged and 60 not")
    print(f"{'raw SimPy timeouts/s (baseline)':<40} best {max(raw):10,.0f}  {'':11} | median "
          f"{statistics.median(raw):10,.0f}")
    line("engine events/s while playing, logged", logged, "   (target >= 0.10, goal >= 0.25)")
    line("engine events/s whole drills, logged", whole, "   (set-up, drill_started and fsync included)")
    line("engine events/s while playing, no log", unlogged)
    print(f"headless ideal drills/s ({args.drills}):          {per_second:12,.0f}   (goal >= 300)")


if __name__ == "__main__":
    main()
