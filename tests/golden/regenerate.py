"""Rewrite the golden event logs: `.venv/bin/python tests/golden/regenerate.py`.

Run it only after a deliberate change to the engine, a scripted team or a built-in scenario, and
read the diff (`git diff tests/golden`) before committing: every changed line is a changed drill.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent))

from drills.scenario import builtin_scenarios, load_scenario  # noqa: E402
from drills.teams import BUILTIN_TEAMS, play_headless  # noqa: E402
from drills.world import new_engine  # noqa: E402


def golden_lines(scenario_id: str, team: str) -> list[str]:
    """The drill's log as JSON lines, with the scenario's source text replaced by its hash."""
    loaded = load_scenario(scenario_id)
    engine = new_engine(loaded.scenario, loaded.source, seed=loaded.scenario.seed, folder=None, team=team)
    play_headless(engine, BUILTIN_TEAMS[team]())
    lines = []
    for event in engine.events:
        if event.kind == "drill_started":
            event.data["scenario_source"] = f"<sha256 {event.data['scenario_hash']}>"
        lines.append(event.to_json())
    return lines


def path_for(scenario_id: str, team: str) -> Path:
    return HERE / f"{scenario_id}--{team}.jsonl"


def main() -> None:
    for scenario in builtin_scenarios():
        for team in BUILTIN_TEAMS:
            path = path_for(scenario.id, team)
            path.write_text("\n".join(golden_lines(scenario.id, team)) + "\n", encoding="utf-8")
            print(f"wrote {path.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main()
