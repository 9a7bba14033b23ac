"""Scoring speed against reading the same log, measured in the same process.

    .venv/bin/python benchmarks/bench_scoring.py [SCENARIO] [--repeat 200]

Plays the built-in teams (ideal, passive, chaotic) on a scenario, then prints for their logs:
decoding the log from JSON Lines (the baseline: every `drill report` pays it), indexing the log
for the rules (scenario parse memoised), and scoring every rule of the default playbook; the
mean time per rule (goal: well under a millisecond) and the ratio of scoring to decoding.
The slowest rules are listed so a regression points at its rule.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from drills.scenario import load_scenario
from drills.scoring import load_playbook, score, score_rule
from drills.scoring.rules import DrillLog
from drills.teams import ChaoticTeam, IdealTeam, PassiveTeam, play_headless
from drills.world import Event, new_engine


def timed(fn, repeat: int) -> float:
    """Mean seconds per call."""
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="?", default="invoice-export-tax-field")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    loaded = load_scenario(args.scenario)
    playbook = load_playbook(None)
    rules = playbook.rules()
    logs: dict[str, list[Event]] = {}
    for team in (IdealTeam(), PassiveTeam(), ChaoticTeam()):
        engine = play_headless(new_engine(loaded.scenario, loaded.source, seed=1, folder=None), team)
        logs[team.name] = engine.events
    score(next(iter(logs.values())), playbook)  # warm: scenario parse memoised, detectors compiled

    print(f"scenario {loaded.scenario.id}, {len(rules)} rules, {args.repeat} repeats per log")
    per_rule: dict[str, float] = defaultdict(float)
    for name, events in logs.items():
        lines = [e.to_json() for e in events]
        decode = timed(lambda lines=lines: [Event.from_json(line) for line in lines], args.repeat)
        index = timed(lambda events=events: DrillLog(events), args.repeat)
        total = timed(lambda events=events: score(events, playbook), args.repeat)
        rules_only = max(total - index, 0.0)
        print(f"{name:>8}: {len(events):4d} events | decode {decode * 1e3:6.3f} ms | index {index * 1e3:6.3f} ms"
              f" | score {total * 1e3:6.3f} ms | {rules_only / len(rules) * 1e6:6.1f} µs/rule"
              f" | score/decode {total / decode:5.2f}x")
        for r in rules:
            # A fresh index per call, so text detectors are not served from the previous call's memo.
            per_rule[r.id] += timed(lambda events=events, r=r: score_rule(DrillLog(events), r, r.id[:3]),
                                    max(1, args.repeat // 10)) - index
    slowest = sorted(per_rule.items(), key=lambda kv: -kv[1])[:5]
    print("slowest rules (mean over logs, µs): "
          + ", ".join(f"{rid} {t / len(logs) * 1e6:.1f}" for rid, t in slowest))


if __name__ == "__main__":
    main()
