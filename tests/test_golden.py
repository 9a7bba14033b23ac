"""Golden event logs: each scripted team on each built-in scenario gives exactly the checked-in log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from golden.regenerate import golden_lines, path_for

from drills.scenario import builtin_scenarios
from drills.teams import BUILTIN_TEAMS

CASES = [(s.id, team) for s in builtin_scenarios() for team in BUILTIN_TEAMS]


@pytest.mark.parametrize(("scenario_id", "team"), CASES)
def test_team_plays_the_golden_log(scenario_id, team):
    expected = path_for(scenario_id, team).read_text(encoding="utf-8").splitlines()
    actual = golden_lines(scenario_id, team)
    for number, (want, got) in enumerate(zip(expected, actual, strict=False), start=1):
        assert got == want, f"line {number} differs (regenerate only if the change is deliberate)"
    assert len(actual) == len(expected)


def test_seed_stability_across_processes_and_hash_seeds():
    """The log does not depend on the process: no set/dict-order or hash-seed leaks into a drill."""
    scenario_id = CASES[0][0]
    code = (
        "import hashlib, sys; sys.path.insert(0, 'tests'); from golden.regenerate import golden_lines; "
        f"print(hashlib.sha256('\\n'.join(golden_lines('{scenario_id}', 'chaotic')).encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True,
                             cwd=Path(__file__).parent.parent)
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def test_the_three_teams_play_visibly_different_drills():
    from drills.scenario import load_scenario
    from drills.teams import run_one

    for scenario in builtin_scenarios():
        loaded = load_scenario(scenario.id)
        figures = {team: run_one(loaded, team=team, seed=1, folder=None).figures for team in BUILTIN_TEAMS}
        ideal, passive, chaotic = figures["ideal"], figures["passive"], figures["chaotic"]
        assert ideal.time_to_mitigation is not None and ideal.time_to_confirmed_recovery is not None
        assert passive.time_to_confirmed_recovery is None and chaotic.time_to_confirmed_recovery is None
        assert ideal.time_to_owner < passive.time_to_owner
        assert ideal.revenue_lost < chaotic.revenue_lost and ideal.revenue_lost < passive.revenue_lost
        assert ideal.trust_end > passive.trust_end and ideal.trust_end > chaotic.trust_end
        assert ideal.longest_customer_silence < chaotic.longest_customer_silence
