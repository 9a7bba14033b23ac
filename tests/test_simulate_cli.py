"""`drill simulate` and script files through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drills.errors import ScriptError
from drills.teams import load_script, script_to_yaml

SCENARIO = "invoice-export-tax-field"

GOOD_SCRIPT = """\
# drills script
scenario: invoice-export-tax-field
actions:
  - {at: 9, as: cto, do: assign_owner, owner: backend-lead}
  - at: 10
    as: support-lead
    do: customer_update
    works: Logging in and creating invoices work.
    fails: Invoice exports fail.
    unknown: We do not know the cause yet.
    next_update_at: 35
  - {at: 10, as: backend-lead, do: run_check, check: recent-deploys}
  - {at: 14, as: backend-lead, do: apply_repair, repair: rollback-export-job}
  - {at: 40, as: facilitator, do: end_drill}
"""


def test_simulate_json_carries_score_ratings_and_figures(drill, tmp_path):
    done = drill("simulate", SCENARIO, "--team", "ideal", "--json", "--reports", tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["score"] >= 90 and result["rating"] == "P"
    assert set(result["capabilities"]) == {"CMD", "SIT", "INT", "CUS", "EXE", "REP", "CLO", "LRN"}
    assert result["figures"]["time_to_owner"] == 1.0
    log = Path(result["log"])
    assert log.exists() and (log.parent / "scorecard.html").exists()


def test_simulate_a_script_file_plays_its_timed_actions(drill, tmp_path):
    script = tmp_path / "team.yaml"
    script.write_text(GOOD_SCRIPT)
    done = drill("simulate", SCENARIO, "--script", script, "--json", "--reports", tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["team"] == "script"
    assert result["figures"]["time_to_owner"] == 1.0
    assert result["figures"]["time_to_mitigation"] == 14.0  # rollback takes 8 minutes, report at 8
    assert result["figures"]["sim_minutes"] == 40.0


def test_a_drill_log_replays_as_a_script(drill, tmp_path):
    first = drill("simulate", SCENARIO, "--team", "chaotic", "--seed", "3", "--out", tmp_path / "a")
    assert first.returncode == 0, first.stderr
    again = drill("simulate", SCENARIO, "--script", tmp_path / "a" / "events.jsonl", "--seed", "3",
                  "--out", tmp_path / "b")
    assert again.returncode == 0, again.stderr
    actions = [line for line in (tmp_path / "a" / "events.jsonl").read_text().splitlines() if '"kind":"action' in line]
    replayed = [line for line in (tmp_path / "b" / "events.jsonl").read_text().splitlines()
                if '"kind":"action' in line]
    assert actions == replayed


def test_script_round_trips_through_yaml(tmp_path):
    script = tmp_path / "team.yaml"
    script.write_text(GOOD_SCRIPT)
    timed = load_script(script)
    assert [(at, action.kind) for at, action in timed] == [
        (9, "assign_owner"), (10, "customer_update"), (10, "run_check"), (14, "apply_repair"), (40, "end_drill")]
    copy = tmp_path / "copy.yaml"
    copy.write_text(script_to_yaml(timed, SCENARIO))
    assert load_script(copy) == timed


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("  - {at: 12, as: cto, do: asign_owner, owner: cto}",
         ":5:27: unknown action 'asign_owner' — did you mean 'assign_owner'?"),
        ("  - {at: 12, as: cto, do: run_check, check: logs, colour: red}",
         ":5:51: 'run_check' has no field 'colour'"),
        ("  - {at: 12, as: cto, do: apply_repair}", ":5:5: 'apply_repair' needs 'repair'"),
    ],
)
def test_script_errors_point_at_the_line(tmp_path, line, message):
    script = tmp_path / "bad.yaml"
    script.write_text("scenario: x\nactions:\n  - {at: 9, as: cto, do: assign_owner, owner: cto}\n"
                      "  - {at: 10, as: cto, do: resolve}\n" + line + "\n")
    with pytest.raises(ScriptError) as caught:
        load_script(script)
    assert any(str(p).endswith(message) or message in str(p) for p in caught.value.problems), caught.value.lines()


def test_script_errors_through_the_cli_are_one_line_each(drill, tmp_path):
    script = tmp_path / "bad.yaml"
    script.write_text("actions:\n  - {at: soon, as: cto, do: resolve}\n")
    done = drill("simulate", SCENARIO, "--script", script)
    assert done.returncode == 1
    assert done.stderr.startswith(f"{script}:2:")
    assert "Traceback" not in done.stderr


def test_unknown_team_and_scenario_are_usage_errors(drill):
    team = drill("simulate", SCENARIO, "--team", "heroes")
    assert team.returncode == 2 and "unknown team 'heroes'" in team.stderr
    scenario = drill("simulate", "invoice-export")
    assert scenario.returncode == 2 and "Traceback" not in scenario.stderr


def test_runs_give_a_distribution_with_a_progress_bar(drill, tmp_path):
    done = drill("simulate", SCENARIO, "--runs", "5", "--team", "passive", "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    passive = summary["teams"]["passive"]
    assert passive["runs"] == 5
    assert passive["figures"]["time_to_owner"]["median"] == 20.0
    assert "Playing drills" in done.stderr
