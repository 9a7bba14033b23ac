"""The balance report for scenario authors: text, JSON and the HTML page, on a built-in scenario."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from drills.paths import REPO_DIR
from drills.scenario import load_scenario, load_scenario_text
from drills.scenario._authoring import set_top_level
from drills.scoring import Playbook, load_playbook
from drills.teams import CLEAR_GAP, FIGURE_LABELS, run_one, summarise, summary_rows, verdict
from drills.teams._balance_html import band_spans, render_balance_html, write_balance_html

SCENARIO = "invoice-export-tax-field"
TEAMS = ("ideal", "typical", "passive", "chaotic")


def drill(*args: str | Path, cwd: Path = REPO_DIR) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "drills.cli", *map(str, args)], cwd=cwd, capture_output=True,
                            text=True, timeout=300, check=False)
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture(scope="module")
def results() -> dict:
    loaded = load_scenario(SCENARIO)
    book = load_playbook(None)
    return {team: [run_one(loaded, team=team, seed=7 + i, folder=None, playbook=book) for i in range(3)]
            for team in TEAMS}


@pytest.fixture(scope="module")
def summary(results: dict) -> dict:
    return summarise(load_scenario(SCENARIO), results)


# --- the text report through the CLI -----------------------------------------------------------------

def test_text_report_states_the_verdict_what_cannot_be_taught_and_what_was_never_seen() -> None:
    result = drill("simulate", SCENARIO, "--runs", "3", "--team", "all")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Balance of Invoice exports fail after the morning release (invoice-export-tax-field)"
    assert lines[1].split() == list(TEAMS)
    labels = [line[2:36].strip() for line in lines[2:2 + 2 + len(FIGURE_LABELS)]]
    assert labels == ["score (median [min–max])", *(label for label, _ in FIGURE_LABELS.values()), "resolved"]
    resolved = next(line for line in lines if line.startswith("  resolved"))
    assert resolved.split()[1:] == ["3/3", "3/3", "0/3", "0/3"]
    verdict_line = next(line for line in lines if line.startswith("Verdict: "))
    assert re.fullmatch(r"Verdict: the ideal team clearly beats passive \(\+[\d.]+ median points\) and chaotic "
                        r"\(\+[\d.]+ median points\): the drill rewards the playbook\.", verdict_line)
    never = next(line for line in lines if line.startswith("Rules this drill cannot teach (never in play): "))
    listed = never.split(": ", 1)[1]
    ids = [] if listed == "none" else listed.split(", ")
    for rule_id in ids:
        assert re.fullmatch(r"[A-Z]{3}-\d\d", rule_id)
        assert any(line.startswith(f"  {rule_id}  ") for line in lines), "each rule comes with its title"
    unseen = next(line for line in lines if line.startswith("Injects no team ever saw: "))
    assert "queue-flush-fallout" in unseen  # only a team that flushed the queue would see it
    assert "  queue-flush-fallout  minute 45, when after_repair: flush-export-queue" in lines


def test_json_report_shape() -> None:
    result = drill("simulate", SCENARIO, "--runs", "2", "--team", "all", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"scenario", "title", "teams", "rules_never_in_play", "rule_titles", "injects_never_seen",
                         "injects_never_seen_detail", "verdict"}
    assert data["scenario"] == SCENARIO
    assert list(data["teams"]) == list(TEAMS)
    dist_keys = {"n", "never", "min", "median", "mean", "max"}
    for team in data["teams"].values():
        assert set(team) == {"runs", "score", "resolved", "figures", "scores", "samples"}
        assert team["runs"] == 2 and len(team["scores"]) == 2
        assert set(team["score"]) == dist_keys
        assert set(FIGURE_LABELS) <= set(team["figures"])
        assert all(set(d) == dist_keys for d in team["figures"].values())
        assert set(team["samples"]) == set(team["figures"])
        assert all(len(v) == 2 for v in team["samples"].values())
    assert set(data["rule_titles"]) == set(data["rules_never_in_play"])
    assert [d["id"] for d in data["injects_never_seen_detail"]] == data["injects_never_seen"]
    assert set(data["verdict"]) == {"clear", "against", "text"}
    assert data["verdict"]["clear"] is True
    assert set(data["verdict"]["against"]) == {"passive", "chaotic"}


def test_html_page_through_the_cli(tmp_path: Path) -> None:
    result = drill("simulate", SCENARIO, "--runs", "1", "--team", "all", "--reports", tmp_path)
    assert result.returncode == 0, result.stderr
    page = tmp_path / f"balance-{SCENARIO}.html"
    assert f"Balance page: {page}" in result.stdout.splitlines()
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") == 2
    assert "<script" not in html
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html), "nothing is fetched from elsewhere"
    assert "<link" not in html
    for section in ("verdict", "scores", "figures", "cannot-teach"):
        assert f'<section id="{section}">' in html


# --- what the summary claims is true -----------------------------------------------------------------

def test_rules_never_in_play_are_exactly_those_no_run_scored(results: dict, summary: dict) -> None:
    cards = [run.card for runs in results.values() for run in runs]
    scored = {r.rule_id for card in cards for cap in card.capabilities for r in cap.rules if r.score is not None}
    every = {r.rule_id for card in cards for cap in card.capabilities for r in cap.rules}
    assert set(summary["rules_never_in_play"]) == every - scored
    for rule_id in summary["rules_never_in_play"]:
        assert summary["rule_titles"][rule_id] == cards[0].rule(rule_id).title


def test_injects_never_seen_are_exactly_those_no_run_showed(results: dict, summary: dict) -> None:
    seen = {e.data["inject_id"] for runs in results.values() for run in runs for e in run.events
            if e.kind == "inject" and e.data.get("inject_id")}
    ids = [i.id for i in load_scenario(SCENARIO).scenario.injects]
    assert summary["injects_never_seen"] == [i for i in ids if i not in seen]
    assert summary["injects_never_seen"], "this drill has reactions the scripted teams never trigger"


def test_samples_behind_the_distributions(results: dict, summary: dict) -> None:
    for team, runs in results.items():
        assert summary["teams"][team]["scores"] == [run.card.score for run in runs]
        assert summary["teams"][team]["samples"]["revenue_lost"] == [run.figures.revenue_lost for run in runs]


# --- the verdict ---------------------------------------------------------------------------------------

def _teams(**scores: list[float]) -> dict:
    return {name: {"scores": values} for name, values in scores.items()}


def test_verdict_clear_when_the_worst_ideal_run_beats_the_best_other_by_a_margin() -> None:
    result = verdict(_teams(ideal=[90, 95, 100], passive=[30, 35], chaotic=[20, 60]))
    assert result is not None and result["clear"] is True
    assert result["against"]["chaotic"] == {"median_gap": 55.0, "overlap": False, "clear": True}


def test_verdict_not_clear_when_ranges_overlap_or_the_gap_is_small() -> None:
    overlap = verdict(_teams(ideal=[70, 95], passive=[30, 72]))
    assert overlap is not None and overlap["clear"] is False
    assert overlap["text"].startswith("the ideal team does not clearly beat passive (+31.5 median points; passive's "
                                      "best run scores at least the ideal team's worst)")
    close = verdict(_teams(ideal=[80, 82], passive=[75, 76]))
    assert close is not None and close["against"]["passive"]["median_gap"] < CLEAR_GAP
    assert close["clear"] is False


def test_no_verdict_without_the_ideal_team_or_a_rival() -> None:
    assert verdict(_teams(passive=[30], chaotic=[20])) is None
    assert verdict(_teams(ideal=[90])) is None
    assert verdict({"ideal": {"scores": []}, "passive": {"scores": [10]}}) is None


# --- one table for the text report and the page ----------------------------------------------------------

class _Table(HTMLParser):
    """The rows of the figures table in the balance page, as text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._in_figures = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self._in_figures = ("id", "figures") in attrs
        elif tag == "tr" and self._in_figures:
            self.rows.append([])
        elif tag in ("th", "td") and self._in_figures and self.rows:
            self.rows[-1].append("")

    def handle_data(self, data: str) -> None:
        if self._in_figures and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


def test_text_report_and_page_show_the_same_summary_rows(tmp_path: Path) -> None:
    result = drill("simulate", SCENARIO, "--runs", "2", "--team", "all", "--reports", tmp_path, "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    rows = summary_rows(summary)
    assert [label for label, _ in rows] == ["score (median [min–max])",
                                           *(label for label, _ in FIGURE_LABELS.values()), "resolved"]
    table = _Table()
    table.feed((tmp_path / f"balance-{SCENARIO}.html").read_text(encoding="utf-8"))
    cells_of = [[cell.strip() for cell in row] for row in table.rows]
    assert cells_of[0] == ["", *TEAMS]
    assert [(cells[0], cells[1:]) for cells in cells_of[1:]] == rows
    text = drill("simulate", SCENARIO, "--runs", "2", "--team", "all").stdout.splitlines()
    for label, cells in rows:
        line = next(line for line in text if line[2:36].strip() == label)
        assert re.split(r"\s{2,}", line[36:].strip()) == cells


def test_unscored_drills_stay_out_of_the_score_row_and_the_verdict(tmp_path: Path) -> None:
    script = tmp_path / "end.yaml"
    script.write_text("actions:\n  - {at: 0, as: facilitator, do: end_drill}\n")
    result = drill("simulate", SCENARIO, "--script", script, "--runs", "2", "--json")
    assert result.returncode == 0, result.stderr
    team = json.loads(result.stdout)["teams"]["script"]
    assert team["scores"] == []
    assert (team["score"]["n"], team["score"]["never"]) == (0, 2)
    text = drill("simulate", SCENARIO, "--script", script, "--runs", "2").stdout.splitlines()
    assert next(line for line in text if line.startswith("  score ")).split()[-2:] == ["not", "scored"]


def test_the_score_chart_bands_come_from_the_playbook(loaded_summary: tuple) -> None:
    default = load_playbook(None)
    assert [span[:3] for span in band_spans(default.bands)] == [("U", 0, 50), ("M", 50, 66), ("S", 66, 80),
                                                                ("P", 80, 100)]
    data = default.model_dump(mode="json")
    data["bands"] = [{"rating": "P", "min": 90, "max": 100}, {"rating": "S", "min": 75, "max": 89},
                     {"rating": "M", "min": 60, "max": 74}, {"rating": "U", "min": 0, "max": 59}]
    strict = Playbook.model_validate(data)
    assert [span[:3] for span in band_spans(strict.bands)] == [("U", 0, 60), ("M", 60, 75), ("S", 75, 90),
                                                               ("P", 90, 100)]
    loaded, summary = loaded_summary
    assert render_balance_html(loaded, summary) == render_balance_html(loaded, summary, bands=default.bands)
    assert render_balance_html(loaded, summary, bands=strict.bands) != render_balance_html(loaded, summary)


# --- the HTML page ---------------------------------------------------------------------------------------

def test_html_escapes_scenario_text(tmp_path: Path, results: dict) -> None:
    hostile = '<script>alert("x")</script> & <b>$5k</b>'
    source = load_scenario(SCENARIO).source
    loaded = load_scenario_text(set_top_level(source, "title", hostile), str(tmp_path / "hostile.yaml"))
    assert loaded.scenario.title == hostile
    summary = summarise(loaded, results)
    path = write_balance_html(tmp_path / "out", loaded, summary)
    assert path == tmp_path / "out" / f"balance-{SCENARIO}.html"
    html = path.read_text(encoding="utf-8")
    assert "<script" not in html
    assert "<b>$5k</b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;$5k&lt;/b&gt;" in html


def test_html_is_the_same_every_time(loaded_summary: tuple) -> None:
    loaded, summary = loaded_summary
    assert render_balance_html(loaded, summary) == render_balance_html(loaded, summary)


def test_html_without_scores_or_rivals_still_renders(loaded_summary: tuple) -> None:
    loaded, summary = loaded_summary
    alone = {**summary, "teams": {"ideal": {**summary["teams"]["ideal"], "scores": [], "score": None}},
             "verdict": None}
    html = render_balance_html(loaded, alone)
    assert "These drills were not scored." in html
    assert "No verdict" in html
    assert html.count("<svg") == 1


@pytest.fixture
def loaded_summary(summary: dict) -> tuple:
    return load_scenario(SCENARIO), summary


# --- the authoring guide shows the real thing --------------------------------------------------------------

GUIDE = REPO_DIR / "docs" / "authoring-guide.md"


def test_the_authoring_guide_pastes_the_real_balance_report() -> None:
    command = "drill simulate queue-backlog-email --runs 20 --team all"
    guide = GUIDE.read_text(encoding="utf-8")
    pasted = guide.split(f"```text\n$ {command}\n", 1)[1].split("```", 1)[0]
    result = drill(*command.split()[1:])
    assert result.returncode == 0, result.stderr
    assert pasted == result.stdout


def test_the_authoring_guide_states_the_ideal_teams_rhythm() -> None:
    from drills.teams import IdealTeam

    ideal = " ".join(GUIDE.read_text(encoding="utf-8").split("- **ideal**", 1)[1].split("- **passive**")[0].split())
    assert (f"an internal update every {IdealTeam.internal_cadence:g} minutes and a customer update every "
            f"{IdealTeam.customer_cadence:g}") in ideal
