"""`drill report` trusts no log: every event is checked against the vocabulary as it is read (one located
error), only a regular file of bounded size is read, and the log is replayed before it is scored, so an
edited log is refused, saying where it and the replay part, unless `--no-verify` scores it marked
unverified (and `drill history` says so)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from drills.errors import EventLogError, UsageError
from drills.scenario import load_scenario
from drills.scoring import load_playbook
from drills.teams import BUILTIN_TEAMS, run_one
from drills.world import read_log, verify_log
from drills.world._eventcheck import EVENT_DATA
from drills.world._events import EVENT_KINDS

SCENARIO = "invoice-export-tax-field"


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A whole drill's log per built-in team."""
    root = tmp_path_factory.mktemp("logs")
    logs = {}
    for team in BUILTIN_TEAMS:
        run_one(load_scenario(SCENARIO), team=team, seed=4, folder=root / team, playbook=load_playbook(None))
        logs[team] = root / team / "events.jsonl"
    return logs


def _records(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines()]


def _write(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, allow_nan=True) + "\n" for r in records))
    return path


def _edited(tmp_path: Path, log: Path, edit) -> tuple[Path, int]:
    """A copy of `log` with `edit(records)` applied; returns it and the 1-based line `edit` returns."""
    records = _records(log)
    line = edit(records)
    return _write(tmp_path / "drill" / "events.jsonl", records), line


def _first(records: list[dict], kind: str, **data) -> int:
    return next(i for i, r in enumerate(records) if r["kind"] == kind
                and all(r["data"].get(k) == v for k, v in data.items()))


def _one_line_error(done, code: int = 1) -> str:
    assert done.returncode == code, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "this is a bug" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_every_event_kind_has_a_row_in_the_table() -> None:
    assert set(EVENT_DATA) == set(EVENT_KINDS)


@pytest.mark.parametrize("team", BUILTIN_TEAMS)
def test_every_log_the_engine_writes_passes_the_checks_and_its_replay(played: dict[str, Path], team: str) -> None:
    logged = read_log(played[team])
    assert logged.ended
    verify_log(logged)


def _trust_high(records: list[dict]) -> int:
    i = _first(records, "trust_changed")
    records[i]["data"]["trust"] = "high"
    return i + 1


def _a_huge_number(records: list[dict]) -> int:
    i = _first(records, "trust_changed")
    records[i]["data"]["trust"] = 10**400  # found by the fuzz test: an OverflowError, exit 70
    return i + 1


def _nan_time(records: list[dict]) -> int:
    records[5]["t"] = float("nan")
    return 6


def _unknown_kind(records: list[dict]) -> int:
    records[3]["kind"] = "teleported"
    return 4


def _action_of_the_wrong_shape(records: list[dict]) -> int:
    i = _first(records, "action")
    records[i]["data"]["action"]["kind"] = "launch_missiles"
    return i + 1


def _cast_without_names(records: list[dict]) -> int:
    for person in records[0]["data"]["cast"].values():
        del person["name"]
    return 1


def _time_runs_backwards(records: list[dict]) -> int:
    records[10]["t"] = records[9]["t"] - 5
    return 11


def _missing_field(records: list[dict]) -> int:
    i = _first(records, "repair_finished")
    del records[i]["data"]["impact_after"]
    return i + 1


BAD_EVENTS = {
    "a field of the wrong type": (_trust_high, "trust_changed event: 'trust' must be a finite number, got 'high'"),
    "a 400-digit number": (_a_huge_number, "'trust' must be a finite number, got a number of more than 38 digits"),
    "a t of NaN": (_nan_time, "'t' must be a finite number of minutes, 0 or more, got NaN"),
    "an unknown kind": (_unknown_kind, "unknown event kind 'teleported'"),
    "an action no one can take": (_action_of_the_wrong_shape, "action event: its action is not valid"),
    "a cast without names": (_cast_without_names, "drill_started event: 'cast' must be a mapping of cast ids to"),
    "time running backwards": (_time_runs_backwards, "'t' goes back in time"),
    "a missing field": (_missing_field, "repair_finished lacks impact_after"),
}


@pytest.mark.parametrize("case", BAD_EVENTS)
def test_a_bad_event_is_one_located_error(tmp_path: Path, played: dict[str, Path], cli, case: str) -> None:
    edit, message = BAD_EVENTS[case]
    log, line = _edited(tmp_path, played["chaotic"], edit)
    with pytest.raises(EventLogError, match=f"^{log}:{line}:1: "):
        read_log(log)
    error = _one_line_error(cli("report", log))
    assert error.startswith(f"drill: {log}:{line}:1: ") and message in error, error
    assert " — " in error
    assert not (log.parent / "scorecard.md").exists()


def test_a_fifo_is_refused_at_once_not_read_forever(tmp_path: Path, drill) -> None:
    fifo = tmp_path / "events.jsonl"
    os.mkfifo(fifo)
    error = _one_line_error(drill("report", fifo, timeout=30), code=2)
    assert f"{fifo}: is not a regular file" in error


def test_a_device_is_refused(drill) -> None:
    error = _one_line_error(drill("report", "/dev/zero", timeout=30), code=2)
    assert "/dev/zero: is not a regular file" in error


def test_a_huge_log_is_refused_with_the_real_numbers(tmp_path: Path, played: dict[str, Path]) -> None:
    log = tmp_path / "events.jsonl"
    log.write_bytes(played["ideal"].read_bytes())
    size = log.stat().st_size
    with pytest.raises(EventLogError, match=rf"the log is {size:,} bytes, more than the {size - 1:,} bytes an event"):
        read_log(log, max_bytes=size - 1)
    with log.open("ab") as handle:
        handle.truncate(40_000_000)  # sparse: no disk used
    with pytest.raises(EventLogError, match=r"the log is 40\.0 MB, more than the 32\.0 MB an event log may be"):
        read_log(log)


def test_a_missing_log_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such event log"):
        read_log(tmp_path / "nope.jsonl")


# --------------------------------------------------------------------------- forged logs


def _edit_par(records: list[dict]) -> int:
    data = records[0]["data"]
    data["scenario_source"] = data["scenario_source"].replace("mitigate_minutes: 30", "mitigate_minutes: 300")
    assert "mitigate_minutes: 300" in data["scenario_source"]
    return 1


def _edit_par_and_its_hash(records: list[dict]) -> int:
    import hashlib

    _edit_par(records)
    data = records[0]["data"]
    data["scenario_hash"] = hashlib.sha256(data["scenario_source"].encode()).hexdigest()
    return 1


def _compress_times(records: list[dict]) -> int:
    start = records[_first(records, "action")]["t"]
    changed = []
    for i, record in enumerate(records):
        if record["t"] > start:
            record["t"] = start + (record["t"] - start) / 2
            changed.append(i)
    return changed[0] + 1


def _forge_an_early_owner(records: list[dict]) -> int:
    i = _first(records, "owner_changed")
    records[i]["data"]["owner"] = "maya"
    return i + 1


def _append_a_forged_resolution(records: list[dict]) -> int:
    last = records[-1]
    records.append({"seq": len(records), "t": last["t"], "kind": "resolved", "actor": "maya",
                    "data": {"by": "maya", "confirmed": True}})
    return len(records)


FORGED = {
    "an edited par": (_edit_par, "the scenario copy in the log does not match its scenario_hash"),
    "compressed times": (_compress_times, "the log and its replay part here: t is"),
    "a forged early owner": (_forge_an_early_owner, "the log and its replay part here: data.owner is 'maya' in "
                                                    "the log but"),
    "an appended resolution": (_append_a_forged_resolution, "the log has a resolved event the replay never gives"),
}


@pytest.mark.parametrize("case", FORGED)
def test_a_forged_log_is_refused_saying_where_it_and_the_replay_part(tmp_path: Path, played: dict[str, Path],
                                                                     cli, case: str) -> None:
    edit, message = FORGED[case]
    log, line = _edited(tmp_path, played["passive"], edit)
    error = _one_line_error(cli("report", log))
    assert error.startswith(f"drill: {log}:{line}:1: ") and message in error, error
    assert error.endswith("`drill report --no-verify` scores it as it is, marked unverified")
    assert not (log.parent / "scorecard.json").exists()


def test_a_scenario_rewritten_with_its_hash_is_named_as_differing_from_the_built_in(
        tmp_path: Path, played: dict[str, Path], cli) -> None:
    # A forger who rewrites the copy and its hash together makes a log of another scenario, which replays
    # cleanly: the report says that it is not the built-in one it is named after.
    log, _ = _edited(tmp_path, played["passive"], _edit_par_and_its_hash)
    done = cli("report", log)
    assert done.returncode == 0, done.stderr
    assert f"note: the scenario in this log differs from the built-in {SCENARIO}" in done.stderr
    untouched = cli("report", played["passive"], "--out", tmp_path / "untouched")
    assert "differs from the built-in" not in untouched.stderr


@pytest.mark.slow
def test_no_verify_scores_a_forged_log_and_every_report_says_it_is_unverified(
        tmp_path: Path, played: dict[str, Path], cli) -> None:
    log, _ = _edited(tmp_path, played["passive"], _forge_an_early_owner)
    done = cli("report", log, "--no-verify")
    assert done.returncode == 0, done.stderr
    assert "note: not verified (--no-verify)" in done.stderr
    folder = log.parent
    assert json.loads((folder / "scorecard.json").read_text())["drill"]["verified"] is False
    assert "**Unverified:** scored with `drill report --no-verify`" in (folder / "scorecard.md").read_text()
    assert "<strong>Unverified:</strong>" in (folder / "scorecard.html").read_text()
    history = cli("history", "--all", tmp_path)
    assert history.returncode == 0, history.stderr
    row = next(line for line in history.stdout.splitlines() if SCENARIO in line)
    assert "unverified" in row
    assert "1 of 1 drills are unverified" in history.stdout


@pytest.mark.slow
def test_a_verified_report_is_marked_verified(tmp_path: Path, played: dict[str, Path], cli) -> None:
    folder = tmp_path / "drill"
    folder.mkdir()
    (folder / "events.jsonl").write_bytes(played["ideal"].read_bytes())
    done = cli("report", folder / "events.jsonl")
    assert done.returncode == 0, done.stderr
    assert json.loads((folder / "scorecard.json").read_text())["drill"]["verified"] is True
    assert "Unverified" not in (folder / "scorecard.md").read_text()
    assert "unverified" not in cli("history", "--all", tmp_path).stdout
