"""Untrusted text never reaches a terminal or a document raw: control characters (C0, C1), DEL and bidi
overrides are escaped visibly by one function (`drills.terminal.terminal_text`) on every path that
prints or writes scenario or participant text, and every lint problem is one short line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from drills.paths import BUILTIN_SCENARIOS_DIR
from drills.terminal import json_text, quoted, terminal_text

SCENARIO = "invoice-export-tax-field"
SOURCE = (BUILTIN_SCENARIOS_DIR / f"{SCENARIO}.yaml").read_text(encoding="utf-8")
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
"""What must never appear in output (tab and newline aside)."""
OSC_TITLE = "\x1b]0;owned\x07"


def _yaml_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar (YAML has escapes for every control character)."""
    return json.dumps(text)


def _clean(text: str) -> None:
    assert not RAW.search(text), repr(RAW.search(text))


@pytest.mark.parametrize(("text", "shown"), [
    ("osc \x1b]0;owned\x07 end", "osc \\x1b]0;owned\\x07 end"),
    ("c1 \x90 \x9d \x9f \x9b csi", "c1 \\x90 \\x9d \\x9f \\x9b csi"),
    ("bidi \u202eevil\u202c \u2066x\u2069 \u200f", "bidi \\u202eevil\\u202c \\u2066x\\u2069 \\u200f"),
    ("del \x7f nel \x85 line\u2028sep", "del \\x7f nel \\x85 line\\u2028sep"),
    ("cr\rlf\nnul\x00", "cr\\rlf nul\\x00"),
    ("tab\tand plain words, ünïcödé ✓", "tab\tand plain words, ünïcödé ✓"),
])
def test_terminal_text_escapes_every_control_and_bidi_character_visibly(text: str, shown: str) -> None:
    assert terminal_text(text) == shown
    _clean(terminal_text(text))
    _clean(terminal_text(text, multiline=True))
    assert terminal_text(text, multiline=True).count("\n") == text.count("\n")


def test_quoted_is_one_short_line_whatever_the_value() -> None:
    assert quoted("a\r\nb\x85c\td") == "'a\\r\\nb\\x85c\\td'"
    long = quoted("x" * 1_500_000)
    assert long == f"'{'x' * 80}…'"


def test_json_text_is_the_same_data_with_nothing_raw() -> None:
    data = {"title": f"{OSC_TITLE} \x9b31m \u202eevil", "lines": ["a\nb"]}
    document = json_text(json.dumps(data, indent=2, ensure_ascii=False))
    _clean(document.replace("\n", ""))
    assert json.loads(document) == data


def _write(tmp_path: Path, old: str, new: str, name: str = "s.yaml") -> Path:
    assert old in SOURCE
    path = tmp_path / name
    path.write_text(SOURCE.replace(old, new, 1), encoding="utf-8")
    return path


def test_lint_escapes_a_bad_value_instead_of_setting_the_terminal_title(tmp_path: Path, cli) -> None:
    path = _write(tmp_path, "difficulty: easy", f"difficulty: {_yaml_quoted(OSC_TITLE)}")
    done = cli("lint", path)
    assert done.returncode == 1
    _clean(done.stderr)
    assert "'difficulty' is '\\x1b]0;owned\\x07', not one of: easy, medium, hard" in done.stderr


def test_lint_escapes_file_names_and_unknown_keys(tmp_path: Path, cli) -> None:
    path = _write(tmp_path, "difficulty: easy", 'difficulty: easy\nti\u202etle: "x"',
                  name="bad\x1b[2Jname.yaml")
    done = cli("lint", path)
    assert done.returncode == 1
    _clean(done.stderr)
    assert "bad\\x1b[2Jname.yaml:" in done.stderr
    assert "unknown key 'ti\\u202etle'" in done.stderr


@pytest.mark.parametrize("breaker", ["\r", "\n", "\r\n", "\x85", "\u2028"])
def test_a_lint_problem_is_always_one_line(tmp_path: Path, cli, breaker: str) -> None:
    path = _write(tmp_path, "difficulty: easy", f"difficulty: {_yaml_quoted('hard' + breaker + 'er')}")
    done = cli("lint", path)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}:"), done.stderr
    _clean(done.stderr)


def test_a_huge_value_is_cut_in_its_message(tmp_path: Path, cli) -> None:
    path = _write(tmp_path, "difficulty: easy", f"difficulty: {'x' * 1_500_000}")
    done = cli("lint", path)
    assert done.returncode == 1
    (line,) = done.stderr.splitlines()
    assert len(line) < 400 and f"'{'x' * 80}…'" in line


def test_lint_cuts_every_echoed_value_and_keeps_lines_bounded(tmp_path: Path) -> None:
    from drills.lint import problems_for

    huge_id = "a" * 5000
    path = _write(tmp_path, "reported_account: alder-finch", f"reported_account: {huge_id}")
    problems = [str(p) for p in problems_for(path)]
    assert problems and all(len(p) < 1000 and "\n" not in p for p in problems)


@pytest.fixture(scope="module")
def hostile_drill(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A drill whose scenario is full of control characters, played into a folder."""
    from drills.scenario import load_scenario
    from drills.scoring import load_playbook
    from drills.teams import run_one

    root = tmp_path_factory.mktemp("hostile")
    title = "Invoice " + OSC_TITLE + " exports \x9b31m fail \u202eesaeler"
    source = SOURCE.replace("title: Invoice exports fail after the morning release", f"title: {_yaml_quoted(title)}", 1)
    source = re.sub(r"(\n  - id: [a-z0-9-]+\n    kind: logs\n    label: )([^\n]+)",
                    lambda m: m.group(1) + _yaml_quoted(m.group(2) + " \x1b[5m"), source, count=1)
    assert OSC_TITLE not in SOURCE and "\\e" not in SOURCE
    path = root / "hostile.yaml"
    path.write_text(source, encoding="utf-8")
    folder = root / "reports" / "drill"
    run_one(load_scenario(path), team="ideal", seed=3, folder=folder, playbook=load_playbook(None))
    return folder / "events.jsonl"


def test_the_hostile_scenario_is_hostile(hostile_drill: Path) -> None:
    from drills.world import read_log

    events = read_log(hostile_drill).events
    assert OSC_TITLE in events[0].data["title"]
    assert any("\x1b[5m" in e.data["label"] for e in events if e.kind == "check_started")


@pytest.mark.slow
def test_report_json_and_the_scorecards_carry_nothing_raw(hostile_drill: Path, drill, cli) -> None:
    done = drill("report", hostile_drill, "--json")
    assert done.returncode == 0, done.stderr
    _clean(done.stdout.replace("\n", ""))
    _clean(done.stderr.replace("\n", ""))
    assert "Glyph" not in done.stderr  # matplotlib's warning would print the character itself
    assert OSC_TITLE in json.loads(done.stdout)["scenario_title"]  # the data is unchanged, only escaped
    folder = hostile_drill.parent
    for name in ("scorecard.md", "scorecard.html", "scorecard.json"):
        _clean((folder / name).read_text(encoding="utf-8").replace("\n", ""))
    assert "\\\\x1b\\]0;owned\\\\x07" in (folder / "scorecard.md").read_text()  # visible, Markdown-escaped
    summary = cli("report", hostile_drill)
    _clean(summary.stdout.replace("\n", ""))
    _clean(summary.stderr.replace("\n", ""))
    assert "Invoice \\x1b]0;owned\\x07 exports" in summary.stdout


@pytest.mark.slow
def test_history_prints_nothing_raw(hostile_drill: Path, cli) -> None:
    card_path = hostile_drill.parent / "scorecard.json"
    card = json.loads(card_path.read_text())
    card["drill"]["team"] = f"evil {OSC_TITLE} team"
    card_path.write_text(json.dumps(card, ensure_ascii=False))
    done = cli("history", "--all", hostile_drill.parent.parent)
    assert done.returncode == 0, done.stderr
    _clean(done.stdout.replace("\n", ""))
    assert "evil \\x1b]0;owned\\x07 team" in done.stdout


@pytest.mark.slow
def test_simulate_and_the_balance_report_print_nothing_raw(tmp_path: Path, cli) -> None:
    path = _write(tmp_path, "title: Invoice exports fail after the morning release",
                  f"title: {_yaml_quoted('Invoice ' + OSC_TITLE + ' exports')}")
    one = cli("simulate", path, "--out", tmp_path / "one")
    assert one.returncode == 0, one.stderr
    _clean(one.stdout.replace("\n", ""))
    assert "Invoice \\x1b]0;owned\\x07 exports" in one.stdout
    balance = cli("simulate", path, "--team", "all", "--runs", "1", "--reports", tmp_path / "many")
    assert balance.returncode == 0, balance.stderr
    _clean(balance.stdout.replace("\n", ""))
    assert "Balance of Invoice \\x1b]0;owned\\x07 exports" in balance.stdout
    (page,) = (tmp_path / "many").glob("balance-*.html")
    _clean(page.read_text(encoding="utf-8").replace("\n", ""))
