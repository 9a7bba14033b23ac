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


def engine_event_rate(loaded, drills: int, folder: Path) -> tuple[float, int]:
    """A scripted drill (the ideal team's actions replayed from a script), logged to disk."""
    ideal = play_headless(new_engine(loaded.scenario, loaded.source, seed=0, folder=None), IdealTeam())
    timed = [(e.t, parse_action(e.data["action"])) for e in ideal.events if e.kind == "action"]
    events = 0
    start = time.perf_counter()
    for seed in range(drills):
        engine = new_engine(loaded.scenario, loaded.source, seed=seed, folder=folder / str(seed), team="script")
        play_headless(engine, ScriptTeam(timed))
        engine.close()
        events += len(engine.events)
    return events / (time.perf_counter() - start), events


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
        rate, events = engine_event_rate(loaded, 200, Path(tmp))
    per_second = drills_per_second(loaded, args.drills)
    print(f"scenario: {loaded.scenario.id}")
    print(f"raw SimPy timeouts/s (baseline):        {raw:12,.0f}")
    print(f"engine events/s, logged to disk:        {rate:12,.0f}   ({events:,} events in 200 drills)")
    print(f"ratio engine/raw:                       {rate / raw:12.3f}   (target >= 0.10, goal >= 0.25)")
    print(f"headless ideal drills/s ({args.drills}):        {per_second:12,.0f}   (goal >= 300)")


if __name__ == "__main__":
    main()
