"""Nothing is lost: a drill killed mid-way resumes to the same log as one that never stopped."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drills.world import read_log

DRILL = [sys.executable, "-m", "drills.cli"]
SCENARIO = "invoice-export-tax-field"


def _log_in(folder: Path) -> Path:
    (log,) = folder.glob("*/events.jsonl")
    return log


@pytest.mark.slow
def test_kill_9_mid_drill_then_resume_gives_the_uninterrupted_log(tmp_path):
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    subprocess.run([*DRILL, "simulate", SCENARIO, "--seed", "5", "--reports", str(whole)], check=True,
                   capture_output=True)
    expected = _log_in(whole).read_bytes()

    # Same drill, paced so it is still running when we pull the plug.
    proc = subprocess.Popen([*DRILL, "simulate", SCENARIO, "--seed", "5", "--reports", str(cut), "--pace", "0.03"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    log = None
    while time.monotonic() < deadline:
        logs = list(cut.glob("*/events.jsonl"))
        if logs and logs[0].read_bytes().count(b"\n") >= 30:
            log = logs[0]
            break
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert log is not None, "the paced drill never got going"
    on_disk = log.read_bytes()
    partial = on_disk.rstrip(b"\0")
    # A headless log is memory-mapped: the space reserved past the last event stays NUL-padded.
    assert on_disk == partial + b"\0" * (len(on_disk) - len(partial))
    assert len(partial) < len(expected), "the drill finished before it was killed"
    assert expected.startswith(partial[: partial.rfind(b"\n") + 1])

    # A headless drill is written into a hidden staging folder until it is whole: the killed one is there.
    assert log.parent.name.startswith(".") and not [p for p in cut.iterdir() if not p.name.startswith(".")]
    done = subprocess.run([*DRILL, "resume", str(log), "--headless"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    # Finished, it moves to the folder it was meant to have.
    (finished,) = cut.iterdir()
    assert finished.name == log.parent.name[1:].rsplit(".partial-", 1)[0]
    assert finished.name.endswith(f"-{SCENARIO}-s5")
    assert (finished / "events.jsonl").read_bytes() == expected
    assert (finished / "scorecard.json").exists()
    assert json.loads((finished / "scorecard.json").read_text())["paths"]["md"] == str(finished / "scorecard.md")


def test_a_torn_last_line_is_dropped_and_resume_appends_cleanly(tmp_path):
    whole = tmp_path / "whole"
    subprocess.run([*DRILL, "simulate", SCENARIO, "--seed", "2", "--reports", str(whole)], check=True,
                   capture_output=True)
    expected = _log_in(whole).read_bytes()
    lines = expected.splitlines(keepends=True)
    torn = tmp_path / "torn" / "events.jsonl"
    torn.parent.mkdir()
    torn.write_bytes(b"".join(lines[:40]) + lines[40][:17])  # a crash in the middle of writing line 41

    logged = read_log(torn)
    assert len(logged.events) == 40 and logged.torn
    done = subprocess.run([*DRILL, "resume", str(torn), "--headless"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert torn.read_bytes() == expected


def test_resuming_a_finished_drill_says_what_to_do_instead(tmp_path):
    subprocess.run([*DRILL, "simulate", SCENARIO, "--reports", str(tmp_path)], check=True, capture_output=True)
    done = subprocess.run([*DRILL, "resume", str(_log_in(tmp_path))], capture_output=True, text=True)
    assert done.returncode == 2
    assert "this drill has ended — use `drill report" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_damaged_log_is_refused_with_its_line(tmp_path):
    subprocess.run([*DRILL, "simulate", SCENARIO, "--reports", str(tmp_path)], check=True, capture_output=True)
    log = _log_in(tmp_path)
    lines = log.read_text().splitlines(keepends=True)
    lines[5] = "this is not json\n"
    log.write_text("".join(lines))
    done = subprocess.run([*DRILL, "resume", str(log)], capture_output=True, text=True)
    assert done.returncode == 1
    assert f"{log}:6:1: not an event" in done.stderr
    assert "Traceback" not in done.stderr
