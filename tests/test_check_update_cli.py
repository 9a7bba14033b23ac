"""`drill check-update` through the real entry point: exit codes, text lines, JSON shape, stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from drills.scoring.textchecks import DETECTORS
from drills.world import MAX_TEXT_CHARS

DRILL = Path(sys.executable).with_name("drill")
CLEAN_CUSTOMER = ("Login works. Invoice exports fail for accounts with a tax ID. We don't know yet whether "
                  "queued exports are lost. Next update at 10:45.")
PROMISE = ("Login works. Invoice exports fail. We don't know yet whether queued exports are lost. "
           "They should be fixed in 30 minutes. Next update at 10:45.")

pytestmark = pytest.mark.slow


def drill(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(DRILL), "check-update", *args], input=stdin, capture_output=True, text=True,
                          timeout=60)


def test_a_clean_customer_update_exits_zero():
    result = drill(CLEAN_CUSTOMER)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "No problems found for a customer update."


def test_a_flag_prints_the_exact_words_and_the_advice_and_exits_one():
    result = drill(PROMISE)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines == [
        f'fix_time_promise: "should be fixed in 30 minutes" — {DETECTORS["fix_time_promise"].advice}',
        "1 problem found for a customer update.",
    ]
    assert DETECTORS["fix_time_promise"].advice.startswith("Promise the next update, not a fix time")


def test_missing_elements_are_listed_with_their_message():
    result = drill("We are looking into it.", "--audience", "internal")
    assert result.returncode == 1
    ids = [line.split(":", 1)[0] for line in result.stdout.strip().splitlines()[:-1]]
    assert ids == ["no_next_update_time", "missing_what_we_know", "missing_who_is_affected", "missing_next_check"]
    assert result.stdout.strip().splitlines()[-1] == "4 problems found for an internal update."
    assert "missing_next_check: Does not say what we check next — " in result.stdout


def test_json_shape():
    result = drill(PROMISE + " The root cause is a bad config.", "--json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert set(payload) == {"audience", "flags", "ok"}
    assert payload["audience"] == "customer" and payload["ok"] is False
    assert [f["id"] for f in payload["flags"]] == ["fix_time_promise", "root_cause_claim"]
    for flag in payload["flags"]:
        assert set(flag) == {"id", "matched", "start", "end", "message", "advice"}
        text = PROMISE + " The root cause is a bad config."
        assert text[flag["start"]:flag["end"]] == flag["matched"]


def test_json_for_a_clean_update_is_ok():
    payload = json.loads(drill(CLEAN_CUSTOMER, "--json").stdout)
    assert payload == {"audience": "customer", "flags": [], "ok": True}


def test_dash_reads_stdin_and_executives_may_hear_a_timeline_with_its_dependency():
    text = ("38 accounts cannot export invoices, about $4,000 per hour. We expect recovery within 2 hours, "
            "pending the rollback.")
    result = drill("-", "--audience", "executive", stdin=text)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "No problems found for an executive update."
    result = drill("-", "--audience", "customer", "--json", stdin=text)
    assert "fix_time_promise" in [f["id"] for f in json.loads(result.stdout)["flags"]]
    bare = "38 accounts cannot export invoices, about $4,000 per hour. We'll have it fixed in 10 minutes."
    result = drill("-", "--audience", "executive", "--json", stdin=bare)
    assert [f["id"] for f in json.loads(result.stdout)["flags"]] == ["fix_time_promise"]


def test_an_empty_update_is_a_usage_error():
    result = drill("   ")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == "drill: the update is empty — pass its text, or - to read it from stdin"


def test_an_unknown_audience_is_refused_by_the_command_line():
    result = drill("Exports fail.", "--audience", "press")
    assert result.returncode == 2
    assert "'press' is not one of" in result.stderr


def test_an_update_over_the_text_limit_is_refused_in_one_line():
    result = drill("-", stdin="Exports fail. " * (MAX_TEXT_CHARS // 14 + 1))
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("drill: the update has ") and f"the {MAX_TEXT_CHARS} an update may hold" in line


def test_an_update_at_the_limit_is_checked():
    text = CLEAN_CUSTOMER + " " * (MAX_TEXT_CHARS - len(CLEAN_CUSTOMER))
    assert len(text) == MAX_TEXT_CHARS
    assert drill("-", stdin=text).returncode == 0


def test_the_help_says_the_limit():
    result = subprocess.run([str(DRILL), "check-update", "--help"], capture_output=True, text=True, timeout=60)
    assert str(MAX_TEXT_CHARS) in result.stdout
