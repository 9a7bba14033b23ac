"""Engine throughput against raw SimPy, measured in the same process.

    .venv/bin/python benchmarks/bench_engine.py [SCENARIO] [--drills 1000]

Prints: raw SimPy timeouts per second (the baseline); engine events per second for scripted drills
with the event log written to disk and flushed per event; the ratio of the two (target ≥ 0.10,
goal ≥ 0.25); and headless drills per second with the `ideal` team (goal ≥ 300 on one core).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import simpy

from drills.actions import parse_action
from drills.loader import load_scenario
from drills.session import new_engine
from drills.teams import IdealTeam, ScriptTeam, play_headless


def raw_simpy_rate(n: int = 300_000) -> float:
    env = simpy.Environment()

    def ticker():
        for _ in range(n):
            yield env.timeout(1)

    env.process(ticker())
    start = time.perf_counter()
    env.run()
    return n / (time.perf_counter() - start)


def engine_event_rates(loaded, drills: int, folder: Path) -> tuple[float, float, float, int]:
    """A scripted drill (the ideal team's actions replayed from a script), logged to disk.

    Returns events/s over whole drills (engine set-up, play, closing and fsyncing the log), events/s
    while playing only (the steady state the ratio target is about), the same without a log (to
    show what logging costs), and the number of events."""
    ideal = play_headless(new_engine(loaded.scenario, loaded.source, seed=0, folder=None), IdealTeam())
    timed = [(e.t, parse_action(e.data["action"])) for e in ideal.events if e.kind == "action"]
    events, whole, playing, in_memory = 0, 0.0, 0.0, 0.0
    for seed in range(drills):
        start = time.perf_counter()
        engine = new_engine(loaded.scenario, loaded.source, seed=seed, folder=folder / str(seed), team="script")
        first = len(engine.events)
        play_start = time.perf_counter()
        play_headless(engine, ScriptTeam(timed))
        play_end = time.perf_counter()
        engine.close()
        whole += time.perf_counter() - start
        playing += play_end - play_start
        events += len(engine.events) - first
        memory = new_engine(loaded.scenario, loaded.source, seed=seed, folder=None, team="script")
        mem_start = time.perf_counter()
        play_headless(memory, ScriptTeam(timed))
        in_memory += time.perf_counter() - mem_start
    return events / whole, events / playing, events / in_memory, events


def drills_per_second(loaded, drills: int) -> float:
    start = time.perf_counter()
    for seed in range(drills):
        play_headless(new_engine(loaded.scenario, loaded.source, seed=seed, folder=None, team="ideal"), IdealTeam())
    return drills / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="?", default="invoice-export-tax-field")
    parser.add_argument("--drills", type=int, default=1000)
    args = parser.parse_args()
    loaded = load_scenario(args.scenario)
    # Warm up: Faker's first construction and imports are one-off costs, not per-drill ones.
    play_headless(new_engine(loaded.scenario, loaded.source, seed=0, folder=None, team="ideal"), IdealTeam())

    raw = raw_simpy_rate()
    with tempfile.TemporaryDirectory() as tmp:
        whole, playing, unlogged, events = engine_event_rates(loaded, 200, Path(tmp))
    per_second = drills_per_second(loaded, args.drills)
    print(f"scenario: {loaded.scenario.id}")
    print(f"raw SimPy timeouts/s (baseline):          {raw:12,.0f}")
    print(f"engine events/s while playing, logged:    {playing:12,.0f}   ratio {playing / raw:.3f} "
          "(target >= 0.10, goal >= 0.25)")
    print(f"engine events/s whole drills, logged:     {whole:12,.0f}   ratio {whole / raw:.3f} "
          f"({events:,} events in 200 drills, set-up and fsync included)")
    print(f"engine events/s while playing, no log:    {unlogged:12,.0f}   ratio {unlogged / raw:.3f}")
    print(f"headless ideal drills/s ({args.drills}):          {per_second:12,.0f}   (goal >= 300)")

if __name__ == "__main__":
    main()
