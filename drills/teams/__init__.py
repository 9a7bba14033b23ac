"""Scripted teams and headless drills: the simulator's players, for tests, balance and demos.

The built-in teams (`IdealTeam`, `PassiveTeam`, `ChaoticTeam`), timed scripts (`ScriptTeam`,
`load_script`), the runner that plays a team through an engine (`play_headless`), one headless drill
scored and written (`run_one`), finishing an interrupted scripted drill (`finish_headless`), the
balance report of many drills (`summarise`, `write_balance_html`) and `drill simulate`
(`simulate_command`). How the teams play format 2 (answers to decision points, releases in headless
play, follow-ups once mitigated, broadcasts, the data statement) is in small functions of its own
(`_format2_play`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drills import lazy_exports

if TYPE_CHECKING:
    from drills.teams._balance import CLEAR_GAP, summarise, summary_rows, verdict
    from drills.teams._balance_html import render_balance_html, write_balance_html
    from drills.teams._headless import FIGURE_LABELS, DrillResult, finish_headless, make_team, run_one
    from drills.teams._script import Script, load_script, script_to_yaml
    from drills.teams._scripted import (
        BUILTIN_TEAMS,
        ChaoticTeam,
        IdealTeam,
        PassiveTeam,
        ScriptTeam,
        Team,
        play_headless,
    )
    from drills.teams._simulate import simulate_command

__all__ = [
    "BUILTIN_TEAMS",
    "CLEAR_GAP",
    "FIGURE_LABELS",
    "ChaoticTeam",
    "DrillResult",
    "IdealTeam",
    "PassiveTeam",
    "Script",
    "ScriptTeam",
    "Team",
    "finish_headless",
    "load_script",
    "make_team",
    "play_headless",
    "render_balance_html",
    "run_one",
    "script_to_yaml",
    "simulate_command",
    "summarise",
    "summary_rows",
    "verdict",
    "write_balance_html",
]

_EXPORTS = {
    "BUILTIN_TEAMS": "_scripted",
    "ChaoticTeam": "_scripted",
    "IdealTeam": "_scripted",
    "PassiveTeam": "_scripted",
    "ScriptTeam": "_scripted",
    "Team": "_scripted",
    "play_headless": "_scripted",
    "Script": "_script",
    "load_script": "_script",
    "script_to_yaml": "_script",
    "FIGURE_LABELS": "_headless",
    "DrillResult": "_headless",
    "finish_headless": "_headless",
    "make_team": "_headless",
    "run_one": "_headless",
    "simulate_command": "_simulate",
    "CLEAR_GAP": "_balance",
    "summarise": "_balance",
    "summary_rows": "_balance",
    "verdict": "_balance",
    "render_balance_html": "_balance_html",
    "write_balance_html": "_balance_html",
}
"""Each public name and the private module it lives in: imported when the name is first used, so
importing this package costs nothing (`drill lint`, `drill schema` and the setup's first frame stay light)."""


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
