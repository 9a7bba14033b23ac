"""Scoring and writing a drill's after-action report, against serialising its scorecard.

    .venv/bin/python benchmarks/bench_report.py [SCENARIO] [--team chaotic] [--repeat 20]

Plays one drill headless, then measures in this process: the first report written (pays the
one-time matplotlib import), the median of later ones (Markdown + HTML with two SVG charts +
JSON), scoring alone, and the baseline: `json.dumps` of the scorecard. Prints each time and the
ratio to the baseline, then the wall time of a cold `drill report` in a fresh process (Python
start-up, imports, reading the log, scoring, writing). Target: score + write well under 1 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from drills.paths import DEFAULT_SCENARIO
from drills.scenario import load_scenario
from drills.scoring import load_playbook, score
from drills.teams import make_team, play_headless
from drills.world import new_engine


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO)
    parser.add_argument("--team", default="chaotic", help="scripted team (chaotic gives the longest report)")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    loaded = load_scenario(args.scenario)
    playbook = load_playbook(None)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "drill"
        engine = new_engine(loaded.scenario, loaded.source, seed=loaded.scenario.seed, folder=folder, team=args.team)
        play_headless(engine, make_team(args.team))
        engine.close()
        events = engine.events
        card = score(events, playbook)

        baseline = median_seconds(lambda: json.dumps(card.model_dump(mode="json")), args.repeat * 10)
        scoring = median_seconds(lambda: score(events, playbook), args.repeat)

        from drills.reports import write_scorecards

        start = time.perf_counter()
        write_scorecards(folder, events, card)
        first = time.perf_counter() - start
        warm = median_seconds(lambda: write_scorecards(folder, events, card), args.repeat)

        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "drills.cli", "report", str(folder)], check=True,
                       capture_output=True)
        cold_cli = time.perf_counter() - start
        sizes = {p.suffix: p.stat().st_size for p in folder.glob("scorecard.*")}

    def row(label: str, seconds: float) -> None:
        print(f"  {label:<44} {seconds * 1000:9.2f} ms   {seconds / baseline:9.0f}x baseline")

    print(f"{loaded.scenario.id}, team {args.team}: {len(events)} events, score {card.score:g}")
    print(f"  {'baseline: json.dumps(scorecard)':<44} {baseline * 1000:9.2f} ms")
    row("score(events, playbook)", scoring)
    row("write md + html + json, warm (median)", warm)
    row("score + write, warm", scoring + warm)
    row("first write (imports matplotlib, Jinja)", first)
    row("cold `drill report DIR` (new process)", cold_cli)
    print(f"  files: md {sizes.get('.md', 0):,} B, html {sizes.get('.html', 0):,} B, json {sizes.get('.json', 0):,} B")
    print(f"  write (warm) / baseline ratio: {warm / baseline:.0f}; score + write (warm) "
          f"{'is' if scoring + warm < 1 else 'is NOT'} under 1 s")


if __name__ == "__main__":
    main()
