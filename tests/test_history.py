"""`drill history`: the team's drills in time order, the rules it fails most, and next month's scenario."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml
from report_builders import SCENARIO, play, scorecard

from drills.reports import _history as history
from drills.reports import build_report, report_json
from drills.reports._history import exercise_profile, find_drills, history_command, most_failed, recommend
from drills.scenario import Scenario

START = datetime(2026, 1, 12, 10, 0).astimezone()


def variant(scenario_id: str, **changes: object) -> Scenario:
    """The fixture scenario with another id and some parts of its design replaced."""
    data = yaml.safe_load(SCENARIO.read_text())
    data["id"] = scenario_id
    data["title"] = f"Variant {scenario_id}"
    for key, value in changes.items():
        section, _, field = key.partition("__")
        if field:
            data[section][field] = value
        else:
            data[key] = value
    return Scenario.model_validate(data)


NO_CEO = variant("quiet-export", incident__ceo_triggers=[],
                 repairs=[{"id": "rollback", "kind": "rollback", "label": "Roll back", "takes": 8, "effect": "fixes"}])
CEO_HEAVY = variant(
    "ceo-heavy",
    incident__ceo_triggers=[{"kind": "largest_customer", "at": 5}, {"kind": "legal", "at": 20},
                            {"kind": "open_duration", "open_minutes": 60}],
    injects=[*yaml.safe_load(SCENARIO.read_text())["injects"],
             {"id": "ceo1", "at": 25, "kind": "ceo_message", "from": "ceo", "text": "What is going on?"},
             {"id": "ceo2", "at": 45, "kind": "ceo_message", "from": "ceo", "text": "Numbers, please."}],
    repairs=[{"id": "rollback", "kind": "rollback", "label": "Roll back", "takes": 8, "effect": "fixes"}],
)
REPAIR_HEAVY = variant("many-repairs", incident__ceo_triggers=[], repairs=[
    {"id": "rollback", "kind": "rollback", "label": "Roll back", "takes": 8, "effect": "fixes"},
    {"id": "flag", "kind": "feature_flag", "label": "Flag off", "takes": 3, "effect": "mitigates"},
    {"id": "hotfix", "kind": "hotfix", "label": "Hotfix", "takes": 60, "effect": "fixes"},
    {"id": "restart", "kind": "restart", "label": "Restart", "takes": 4, "effect": "none"},
    {"id": "failover", "kind": "failover", "label": "Fail over", "takes": 10, "effect": "worse"},
    {"id": "rewrite", "kind": "rewrite", "label": "Rewrite", "takes": 200, "effect": "fixes"},
])
CANDIDATES = [NO_CEO, CEO_HEAVY, REPAIR_HEAVY]


@pytest.fixture(scope="module")
def drill_events() -> list:
    return play("chaotic")


def write_drill(folder: Path, events: list, when: datetime, cap_scores: dict[str, float | None],
                team: str | None = None, *, scripted: bool = False) -> Path:
    """A drill folder holding only the scorecard.json `drill history` reads: a drill the team played
    (someone played a part), or with `scripted` one a scripted team played (left out unless --all)."""
    card = scorecard(events, cap_scores=cap_scores)
    report = build_report(events, card)
    report.date_iso = when.isoformat(timespec="minutes")
    if team is not None:
        report.team = team
    data = report_json(report, card)
    if not scripted:
        data["drill"]["players"] = {"backend": "Marta"}
    folder.mkdir(parents=True)
    (folder / "scorecard.json").write_text(json.dumps(data))
    return folder / "scorecard.json"


def test_drills_played_by_a_scripted_team_stay_out_of_the_trend_unless_asked(reports: Path, drill_events: list,
                                                                             drill) -> None:
    write_drill(reports / "example", drill_events, START + timedelta(days=90), {"EXE": 100.0}, scripted=True)
    records, _ = find_drills(reports)
    assert [r.scripted for r in records] == [False, False, False, True]
    lines: list[str] = []
    history_command(reports, html_path=None, out=lines.append, err=lines.append)
    assert len([line for line in lines[1:] if line.startswith("2026-")]) == 3  # the example is not a row
    assert "(1 drill played by a scripted team, examples and simulations, left out" in "\n".join(lines)
    shown = drill("history", "--all", reports)
    assert shown.returncode == 0 and shown.stdout.count("2026-") == 4 and "left out" not in shown.stdout
    only_scripted = reports.parent / "only-example"
    write_drill(only_scripted / "example", drill_events, START, {"EXE": 100.0}, scripted=True)
    result = drill("history", only_scripted)
    assert result.returncode == 0 and result.stdout.startswith("No drills of your team found under")


def test_the_shipped_example_is_a_scripted_drill() -> None:
    records, _ = find_drills(Path(__file__).resolve().parent.parent / "reports" / "example")
    assert len(records) == 1 and records[0].scripted


@pytest.fixture
def reports(tmp_path: Path, drill_events: list) -> Path:
    """Three monthly drills of a team that is weak at escalating to the CEO, written out of order."""
    root = tmp_path / "reports"
    write_drill(root / "b-second", drill_events, START + timedelta(days=31), {"EXE": 40.0, "REP": 85.0},
                team="Blue <team>")
    write_drill(root / "a-third", drill_events, START + timedelta(days=59), {"EXE": 45.0, "REP": 90.0})
    write_drill(root / "nested" / "c-first", drill_events, START, {"EXE": 20.0, "REP": 60.0})
    return root


def test_no_drills_is_one_clear_line_and_exit_zero(tmp_path: Path, drill) -> None:
    result = drill("history", tmp_path / "reports")
    assert result.returncode == 0
    assert result.stdout == (f"No drills found under {(tmp_path / 'reports').as_posix()}/ — run "
                             "`drill simulate invoice-export-tax-field` or `drill play` first.\n")
    (tmp_path / "empty").mkdir()
    assert drill("history", tmp_path / "empty").returncode == 0


def test_drills_are_found_recursively_and_sorted_by_their_time(reports: Path) -> None:
    records, warnings = find_drills(reports)
    assert warnings == []
    assert [r.path.parent.name for r in records] == ["c-first", "b-second", "a-third"]
    assert [r.date for r in records] == ["2026-01-12 10:00", "2026-02-12 10:00", "2026-03-12 10:00"]


def test_the_table_shows_date_scenario_team_score_and_ratings(reports: Path) -> None:
    lines: list[str] = []
    history_command(reports, html_path=None, out=lines.append, err=lines.append)
    header, *rows = lines[:4]
    assert header.split() == ["Date", "Scenario", "Team", "Score", "CMD", "INT", "CUS", "EXE", "REP"]
    # c-first: CMD 92 P, INT 40 U, CUS 55 M, EXE 20 U, REP 60 M; mean of the five = 53.4
    assert rows[0].split() == ["2026-01-12", "10:00", "report-fixture", "chaotic", "(scripted", "team)", "53", "M",
                               "P", "U", "M", "U", "M"]
    assert "Blue <team>" in rows[1]
    assert rows[2].split()[-2:] == ["U", "P"]  # EXE 45, REP 90


def test_the_rules_failed_most_often_are_counted_across_drills(reports: Path, drill_events: list) -> None:
    records, _ = find_drills(reports)
    failed = most_failed(records)
    assert [(rule_id, count, applied) for rule_id, _title, count, applied in failed] == [
        ("CUS-02", 3, 3), ("CUS-06", 3, 3), ("INT-01", 3, 3), ("INT-05", 3, 3), ("REP-01", 3, 3)]
    assert failed[0][1] == "Customer updates at most 30 min apart"
    lines: list[str] = []
    history_command(reports, html_path=None, out=lines.append)
    start = lines.index("Rules failed most often (of 3 drills):")
    assert lines[start + 1].split()[:4] == ["CUS-02", "failed", "3", "of"]


def test_a_team_weak_at_escalation_is_sent_to_the_scenario_with_ceo_triggers(reports: Path) -> None:
    records, _ = find_drills(reports)
    pick = recommend(records, CANDIDATES)
    assert pick is not None and pick.scenario.id == "ceo-heavy"
    assert pick.weakest[0] == ("EXE", pytest.approx((20 + 40 + 45) / 3))
    line = pick.line()
    assert line.startswith("Next month: ceo-heavy — Variant ceo-heavy.")
    assert "EXE 35" in line and "3 CEO triggers, 2 CEO messages" in line and "\n" not in line


def test_a_team_weak_at_repair_is_sent_to_the_scenario_with_many_repair_options(tmp_path: Path,
                                                                                 drill_events: list) -> None:
    for month in range(3):
        write_drill(tmp_path / f"m{month}", drill_events, START + timedelta(days=30 * month),
                    {"EXE": 95.0, "REP": 25.0, "INT": 85.0, "CUS": 85.0})
    records, _ = find_drills(tmp_path)
    pick = recommend(records, CANDIDATES)
    assert pick is not None and pick.scenario.id == "many-repairs"
    assert "REP 25" in pick.line() and "6 repair options, 2 that fail, a tempting slow fix" in pick.line()


def test_only_the_latest_drills_decide_the_weakness(tmp_path: Path, drill_events: list) -> None:
    # Weak at REP long ago, weak at EXE in the last three drills: EXE decides.
    write_drill(tmp_path / "old", drill_events, START, {"EXE": 95.0, "REP": 5.0})
    for month in range(1, 4):
        write_drill(tmp_path / f"m{month}", drill_events, START + timedelta(days=30 * month),
                    {"EXE": 30.0, "REP": 95.0, "INT": 85.0, "CUS": 85.0})
    records, _ = find_drills(tmp_path)
    assert recommend(records, CANDIDATES).scenario.id == "ceo-heavy"


def test_exercise_profiles_follow_the_scenario_design() -> None:
    assert exercise_profile(NO_CEO)["EXE"] == (0.0, "no CEO trigger")
    assert exercise_profile(CEO_HEAVY)["EXE"][0] == pytest.approx(1.0)
    assert exercise_profile(REPAIR_HEAVY)["REP"][0] > exercise_profile(NO_CEO)["REP"][0]


def test_history_recommends_among_built_in_and_seen_scenarios(reports: Path, monkeypatch) -> None:
    monkeypatch.setattr(history, "_builtin_scenarios", lambda: [NO_CEO, REPAIR_HEAVY])
    lines: list[str] = []
    history_command(reports, html_path=None, out=lines.append)
    # The CEO-heavy variant is not built in and was never played, so the best fit left is chosen.
    assert lines[-1].startswith("Next month: ") and "ceo-heavy" not in lines[-1]


def test_a_scenario_the_team_played_is_a_candidate(tmp_path: Path, monkeypatch) -> None:
    source = yaml.safe_dump(CEO_HEAVY.model_dump(mode="json", by_alias=True, exclude_none=True), sort_keys=False)
    events = play("chaotic", source, folder=tmp_path / "played")
    write_drill(tmp_path / "played" / "card", events, START, {"EXE": 10.0})
    (tmp_path / "played" / "card" / "scorecard.json").rename(tmp_path / "played" / "scorecard.json")
    monkeypatch.setattr(history, "_builtin_scenarios", lambda: [NO_CEO, REPAIR_HEAVY])
    records, _ = find_drills(tmp_path)
    assert [s.id for s in history.candidate_scenarios(records)] == ["quiet-export", "many-repairs", "ceo-heavy"]


def test_history_with_the_built_in_catalog(reports: Path) -> None:
    from drills.scenario import builtin_scenarios

    builtin = {s.id: s for s in builtin_scenarios()}
    records, _ = find_drills(reports)
    pick = recommend(records, list(builtin.values()))
    assert pick is not None and pick.scenario.id in builtin
    # EXE is this team's weakest capability: the pick exercises it as much as any built-in does.
    best_exe = max(exercise_profile(s)["EXE"][0] for s in builtin.values())
    assert best_exe > 0 and exercise_profile(pick.scenario)["EXE"][0] == best_exe


def test_a_broken_scorecard_is_a_warning_not_the_end(reports: Path) -> None:
    broken = reports / "broken" / "scorecard.json"
    broken.parent.mkdir()
    broken.write_text("{not json")
    out: list[str] = []
    err: list[str] = []
    history_command(reports, html_path=None, out=out.append, err=err.append)
    assert len(err) == 1 and err[0].startswith(f"warning: {broken}: skipped, not a scorecard (JSONDecodeError)")
    assert len([line for line in out if line.startswith("2026-")]) == 3


def test_html_trend_chart_is_self_contained_and_escaped(reports: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(history, "_builtin_scenarios", lambda: CANDIDATES)
    page = tmp_path / "out" / "history.html"
    lines: list[str] = []
    history_command(reports, html_path=page, out=lines.append)
    assert lines[-1] == f"Trend chart: {page}"
    html = page.read_text()
    assert html.count("<svg") == 1 and "<title>Scores over time</title>" in html
    for label in ("2026-01-12 10:00", "2026-03-12 10:00", "overall", "EXE", "REP"):
        assert f">{label}</text>" in html
    assert "Blue &lt;team&gt;" in html and "<team>" not in html
    assert "<script" not in html and "http-equiv" not in html
    assert "Next month: ceo-heavy" in html
