"""Every scenario that lints plays with every built-in team: odd but valid scenarios (one person, no
checks, one repair, nobody but the reporter, a drill that ends as the report arrives, ...) are played to
their end by each scripted team and scored, with no exception."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from drills.lint import problems_for
from drills.scenario import load_scenario
from drills.scoring import load_playbook
from drills.teams import BUILTIN_TEAMS, run_one

MINIMAL = Path(__file__).parent / "fixtures" / "minimal.yaml"
Mutation = Callable[[dict[str, Any]], None]


def _one_person(s: dict[str, Any]) -> None:
    s["cast"] = [c for c in s["cast"] if c["id"] == "auth-engineer"]
    s["injects"] = [i for i in s["injects"] if i["kind"] != "join_request"]


def _nobody_knows_it(s: dict[str, Any]) -> None:
    s["cast"] = [{"id": "sam", "role": "Engineer"}]
    s["injects"] = [i for i in s["injects"] if i["kind"] != "join_request"]


def _no_checks(s: dict[str, Any]) -> None:
    s["checks"], s["clues"], s["par"]["must_find"] = [], [], []


def _one_repair(s: dict[str, Any]) -> None:
    s["repairs"] = s["repairs"][:1]
    for inject in s["injects"]:
        inject.pop("when", None)


def _nothing_fixes(s: dict[str, Any]) -> None:
    s["repairs"] = [{"id": "restart", "kind": "restart", "label": "Restart it", "takes": 5, "effect": "none"}]
    s["injects"] = [i for i in s["injects"] if "when" not in i]


def _only_mitigates(s: dict[str, Any]) -> None:
    s["repairs"] = [{"id": "flag", "kind": "feature_flag", "label": "Flag it off", "takes": 3, "effect": "mitigates"}]
    s["injects"] = [i for i in s["injects"] if "when" not in i]


def _only_the_reporter(s: dict[str, Any]) -> None:
    s["customers"] = s["customers"][:1]


def _only_the_first_report(s: dict[str, Any]) -> None:
    s["injects"] = s["injects"][:1]
    s["incident"]["ceo_triggers"] = []


def _everything_at_minute_zero(s: dict[str, Any]) -> None:
    s["incident"]["onset"] = 0
    for inject in s["injects"]:
        inject["at"] = 0
    s["incident"]["ceo_triggers"][0]["at"] = 0


def _ends_as_the_report_arrives(s: dict[str, Any]) -> None:
    s["simulated_minutes"] = 12
    s["injects"] = s["injects"][:1]
    s["incident"]["ceo_triggers"] = []


def _a_hundred_unnamed_people(s: dict[str, Any]) -> None:
    s["cast"] += [{"id": f"p{i}", "role": "Engineer"} for i in range(97)]


def _impatient_everyone(s: dict[str, Any]) -> None:
    s["customer"]["patience"] = 0.5
    s["ceo"]["patience"] = 0.5
    s["incident"]["affected_accounts"] = 10_000_000
    s["customers"][0]["revenue_per_hour"] = 1e9


ODD: dict[str, Mutation] = {f.__name__.lstrip("_").replace("_", "-"): f for f in (
    _one_person, _nobody_knows_it, _no_checks, _one_repair, _nothing_fixes, _only_mitigates, _only_the_reporter,
    _only_the_first_report, _everything_at_minute_zero, _ends_as_the_report_arrives, _a_hundred_unnamed_people,
    _impatient_everyone,
)}


def odd_scenario(tmp_path: Path, name: str) -> Path:
    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    ODD[name](data)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ODD)
def test_an_odd_but_valid_scenario_lints_and_every_team_plays_it_to_the_end(tmp_path: Path, name: str) -> None:
    path = odd_scenario(tmp_path, name)
    errors = [str(p) for p in problems_for(path) if p.severity == "error"]
    assert errors == []
    loaded = load_scenario(path)
    for team in BUILTIN_TEAMS:
        result = run_one(loaded, team=team, seed=3, folder=None, playbook=load_playbook(None))
        assert result.events[-1].kind == "drill_ended", team
        assert result.card is not None


def test_a_hundred_unnamed_people_get_a_hundred_different_names(tmp_path: Path) -> None:
    from drills.world import cast_scenario

    scenario = load_scenario(odd_scenario(tmp_path, "a-hundred-unnamed-people")).scenario
    names = [person.name for person in cast_scenario(scenario, 5).cast.values()]
    assert len(set(names)) == len(names) == 100


def test_the_name_pool_never_runs_dry() -> None:
    from drills.world._casting import SeededNames

    # Far more unnamed people than the format allows (or the pool holds): still one distinct name each.

    names = SeededNames(1, "casting")
    taken: set[str] = set()
    for _ in range(1000):
        taken.add(names.unique_name(taken))
    assert len(taken) == 1000


@pytest.mark.slow
def test_simulate_a_one_person_cast_with_the_chaotic_team(tmp_path: Path, cli) -> None:
    path = odd_scenario(tmp_path, "one-person")
    out = tmp_path / "drill"
    done = cli("simulate", path, "--team", "chaotic", "--out", out)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["events.jsonl", "scorecard.html", "scorecard.json",
                                                      "scorecard.md"]
