"""Tiny and huge numbers are located lint errors, never a runaway world: every number of the format has a
range, the engine bounds what it emits per simulated minute, and the name pool never runs dry."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from drills.errors import ScenarioError
from drills.lint import problems_for
from drills.paths import BUILTIN_SCENARIOS_DIR
from drills.scenario import MAX_SEED, load_scenario, load_scenario_text
from drills.teams import BUILTIN_TEAMS, play_headless
from drills.world import Engine

SOURCE = (BUILTIN_SCENARIOS_DIR / "invoice-export-tax-field.yaml").read_text(encoding="utf-8")

OUT_OF_RANGE = {
    "customer patience of 1e-300 minutes": ("  patience: 20\n", "  patience: 1e-300\n",
                                            "'patience' must be at least 0.5, got 1e-300"),
    "revenue of 1e308 an hour": ("revenue_per_hour: 60\n", "revenue_per_hour: 1e308\n",
                                 "'revenue_per_hour' must be at most 1,000,000,000, got 1e+308"),
    "400-digit affected_accounts": ("affected_accounts: 38\n", f"affected_accounts: {'9' * 400}\n",
                                    "'affected_accounts' must be at most 10,000,000, got a number of more than 80 "
                                    "digits"),
    "250-digit seed": ("seed: 7\n", f"seed: {'9' * 250}\n",
                       "'seed' must be at most 9,223,372,036,854,775,807, got a number of more than 80 digits"),
    "a negative seed": ("seed: 7\n", "seed: -1\n", "'seed' must be at least 0, got -1"),
    "an inject at minute 1e9": ("at: 12\n", "at: 1e9\n", "'at' must be at most 2880, got 1,000,000,000"),
}


@pytest.mark.parametrize("case", OUT_OF_RANGE)
def test_an_out_of_range_number_is_a_located_lint_error(tmp_path: Path, case: str) -> None:
    old, new, message = OUT_OF_RANGE[case]
    assert old in SOURCE
    path = tmp_path / "s.yaml"
    path.write_text(SOURCE.replace(old, new, 1), encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text + "\n" == new
                or text.endswith(new.strip()))
    problems = [p for p in problems_for(path) if p.severity == "error"]
    assert any(p.line == line and message in p.what for p in problems), [str(p) for p in problems]
    with pytest.raises(ScenarioError):
        load_scenario(path)


def test_four_hundred_unnamed_cast_members_are_refused_not_cast_forever(tmp_path: Path) -> None:
    cast = "".join(f"  - {{id: p{i}, role: Engineer}}\n" for i in range(400))
    start = SOURCE.index("cast:\n")
    end = SOURCE.index("\ncustomers:")
    path = tmp_path / "crowd.yaml"
    path.write_text(SOURCE[:start] + "cast:\n" + cast + SOURCE[end:], encoding="utf-8")
    problems = [str(p) for p in problems_for(path) if p.severity == "error"]
    assert any("'cast' has more than 100 entries" in p for p in problems), problems


def _runaway_copy(**customer: float):
    """The built-in scenario with behaviour the format refuses, built past validation (as a bug or a
    hand-made model could): the engine must still bound what it emits."""
    scenario = load_scenario_text(SOURCE).scenario
    return scenario.model_copy(update={"customer": scenario.customer.model_copy(update=customer)})


@pytest.mark.parametrize("team", BUILTIN_TEAMS)
def test_the_world_emits_a_bounded_number_of_messages_per_minute_whatever_the_scenario(team: str) -> None:
    engine = Engine(_runaway_copy(patience=1e-300), SOURCE, seed=1)
    play_headless(engine, BUILTIN_TEAMS[team]())
    generated = Counter(int(e.t) for e in engine.events if e.kind == "inject" and e.data["generated"])
    assert max(generated.values()) <= 4
    assert len(engine.events) < 2_000


def test_the_cli_refuses_a_seed_past_64_bits(drill, tmp_path: Path) -> None:
    done = drill("simulate", "invoice-export-tax-field", "--seed", str(MAX_SEED + 1), "--out", tmp_path / "d")
    assert done.returncode == 2
    assert "Invalid value for '--seed'" in done.stderr
    assert not (tmp_path / "d").exists()


def test_the_cli_seed_range_is_the_formats() -> None:
    from drills.cli import SEED

    assert (SEED.min, SEED.max) == (0, MAX_SEED)


def test_a_list_where_a_trigger_kind_belongs_is_a_located_error_not_a_crash(tmp_path: Path) -> None:
    # Found by the fuzz test: the cross-reference checks looked the kind up in a set (TypeError, exit 70).
    old = "    - kind: revenue_at_risk\n"
    assert old in SOURCE
    path = tmp_path / "s.yaml"
    path.write_text(SOURCE.replace(old, "    - kind: [revenue_at_risk]\n", 1), encoding="utf-8")
    problems = [p for p in problems_for(path) if p.severity == "error"]
    assert any("'kind' is a list, not one of:" in p.what for p in problems), [str(p) for p in problems]


def test_a_time_of_400_digits_is_a_located_error_not_a_crash(tmp_path: Path) -> None:
    # Found by the fuzz test: the time checks turned it into a float (OverflowError, exit 70).
    path = tmp_path / "s.yaml"
    path.write_text(SOURCE.replace("at: 12\n", f"at: {'9' * 400}\n", 1), encoding="utf-8")
    problems = [p for p in problems_for(path) if p.severity == "error"]
    assert any("'at' must be a number of minutes, got a number of more than 80 digits" in p.what for p in problems)


def test_a_list_inside_requires_is_a_located_error_not_a_crash(tmp_path: Path) -> None:
    # Found by the fuzz test: the circle check looked each requirement up in a dict (TypeError, exit 70).
    old = "    requires: [rollback-export-job]\n"
    assert old in SOURCE
    path = tmp_path / "s.yaml"
    path.write_text(SOURCE.replace(old, "    requires: [[rollback-export-job]]\n", 1), encoding="utf-8")
    problems = [p for p in problems_for(path) if p.severity == "error"]
    assert any("must be text" in p.what or "lower-case id" in p.what for p in problems), [str(p) for p in problems]
