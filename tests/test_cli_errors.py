"""Bad input anywhere on the command line ends as one clear line and the right exit code, never a
traceback, a hang or an orphan file."""

from __future__ import annotations

import json

from drills.paths import BUILTIN_SCENARIOS_DIR

SCENARIO = "invoice-export-tax-field"


def _clean(done) -> None:
    assert "Traceback" not in done.stderr
    assert "this is a bug in drills" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_infinite_numbers_are_refused_not_simulated_forever(drill, tmp_path):
    source = (BUILTIN_SCENARIOS_DIR / f"{SCENARIO}.yaml").read_text()
    broken = tmp_path / "inf.yaml"
    broken.write_text(source.replace("revenue_per_hour: 60", "revenue_per_hour: .inf", 1))
    line = next(n for n, text in enumerate(broken.read_text().splitlines(), 1) if ".inf" in text)
    done = drill("lint", broken, timeout=30)
    assert done.returncode == 1
    assert f"{broken}:{line}:23: 'revenue_per_hour': Input should be a finite number" in done.stderr


def test_unwritable_output_folders_are_one_line(drill, tmp_path):
    not_a_folder = tmp_path / "afile"
    not_a_folder.write_text("x")
    done = drill("simulate", SCENARIO, "--out", not_a_folder)
    assert done.returncode == 1
    assert done.stderr.startswith(f"{not_a_folder}: Not a directory — ")
    _clean(done)


def test_script_team_without_a_script_leaves_no_orphan_drill(drill, tmp_path):
    done = drill("simulate", SCENARIO, "--team", "script", "--reports", tmp_path)
    assert done.returncode == 2 and "--team script needs --script FILE" in done.stderr
    _clean(done)
    assert list(tmp_path.iterdir()) == []


def test_out_with_many_runs_is_a_usage_error(drill, tmp_path):
    done = drill("simulate", SCENARIO, "--runs", "3", "--out", tmp_path / "one")
    assert done.returncode == 2 and "--out holds exactly one drill" in done.stderr
    _clean(done)


def test_a_folder_is_not_a_scenario(drill, tmp_path):
    done = drill("simulate", tmp_path)
    assert done.returncode == 2 and "is a folder" in done.stderr
    _clean(done)


def test_missing_log_is_a_usage_error(drill, tmp_path):
    done = drill("report", tmp_path / "nope.jsonl")
    assert done.returncode == 2 and "no such event log" in done.stderr
    _clean(done)


def test_a_log_with_a_damaged_start_is_refused_by_resume_and_report(drill, tmp_path):
    log = tmp_path / "events.jsonl"
    log.write_text(json.dumps({"seq": 0, "t": 0.0, "kind": "drill_started", "actor": None,
                               "data": {"scenario_id": "x", "seed": 1}}) + "\n")
    for command in ("resume", "report"):
        done = drill(command, log)
        assert done.returncode == 1, done.stderr
        assert f"{log}:1:1: drill_started lacks scenario_source, cast, customers, ceo_name" in done.stderr
        _clean(done)


def test_broken_pipe_is_quiet(tmp_path):
    import subprocess
    import sys

    done = subprocess.run(f"{sys.executable} -m drills.cli schema | head -1", shell=True, capture_output=True,
                          text=True)
    assert done.stdout.strip() == "{"
    assert "Traceback" not in done.stderr and "bug" not in done.stderr
