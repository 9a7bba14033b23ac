"""The after-action report: sections, numbers, the timeline picture, escaping, JSON and `drill report`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from report_builders import SCENARIO, first, play, scenario_source, scorecard

from drills.reports._charts import build_timeline, wall_clock
from drills.reports._report import build_report, md_escape, render_markdown, write_scorecards
from drills.scenario import Scenario
from drills.scoring import Scorecard
from drills.teams import ScriptTeam, play_headless
from drills.world import (
    ApplyRepair,
    AssignOwner,
    CustomerUpdate,
    EndDrill,
    Engine,
    JsonlEventLog,
    PostUpdate,
    figures,
    read_log,
)

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "{{ 7*7 }}", "| table |", "$x$"]


class _Html(HTMLParser):
    """Tags and text of an HTML document, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(html: str) -> _Html:
    parser = _Html()
    parser.feed(html)
    return parser


def markdown_to_html(text: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


@pytest.fixture(scope="module")
def chaotic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list, Scorecard, dict[str, Path]]:
    """A chaotic team's drill of the fixture scenario, logged to disk, with its three reports."""
    folder = tmp_path_factory.mktemp("chaotic")
    events = play("chaotic", folder=folder)
    card = scorecard(events)
    return folder, events, card, write_scorecards(folder, events, card)


def test_write_scorecards_writes_the_three_files_beside_the_log(chaotic) -> None:
    folder, _events, _card, paths = chaotic
    assert paths == {kind: folder / f"scorecard.{kind}" for kind in ("md", "html", "json")}
    assert all(p.is_file() and p.stat().st_size > 500 for p in paths.values())
    assert sorted(p.name for p in folder.iterdir()) == ["events.jsonl", "scorecard.html", "scorecard.json",
                                                        "scorecard.md"]  # no temp files left behind


def test_every_section_of_the_after_action_report_is_present(chaotic) -> None:
    _folder, _events, _card, paths = chaotic
    md = paths["md"].read_text()
    headings = re.findall(r"^## (.+)$", md, re.MULTILINE)
    assert headings == ["1. Overview", "2. Score and outcomes at a glance", "3. Timeline", "4. Capabilities",
                        "5. Improvement plan", "6. Findings the facilitator overruled"]
    html = paths["html"].read_text()
    for section in ("overview", "at-a-glance", "timeline", "capabilities", "improvement-plan", "overruled"):
        assert f'<section id="{section}">' in html


def test_overview_names_the_scenario_team_cast_duration_and_objectives(chaotic) -> None:
    _folder, _events, _card, paths = chaotic
    md = paths["md"].read_text()
    assert "Invoice export fails after the tax\\-field release" not in md  # '-' mid-text is not escaped
    assert "| Scenario | Invoice export fails after the tax-field release (report-fixture, seed 1) |" in md
    assert "| Team | chaotic (scripted team) |" in md
    assert "| Support lead | Sam Okoro | chaotic team (scripted) |" in md
    assert "| Simulated duration | 150 simulated minutes (10:00–12:30) |" in md
    assert "| Real duration | not measured: played headless by a scripted team |" in md
    objectives = md.split("**Objectives (capabilities exercised)**")[1].split("##")[0]
    assert re.findall(r"^- (\w+) —", objectives, re.MULTILINE) == ["CMD", "INT", "CUS", "REP"]  # EXE was N/A


def test_the_date_is_the_log_mtime_not_now(tmp_path: Path) -> None:
    events = play("ideal", folder=tmp_path)
    stamp = datetime(2026, 3, 14, 9, 26).astimezone()
    os.utime(tmp_path / "events.jsonl", (stamp.timestamp(), stamp.timestamp()))
    report = build_report(events, scorecard(events), log_path=tmp_path / "events.jsonl")
    assert report.date == "2026-03-14 09:26"
    assert report.date_source == "when the event log was last written"
    assert build_report(events, scorecard(events)).date == "unknown"  # no log, no start stamp: never invented


def test_a_recorded_start_time_wins_over_the_mtime(tmp_path: Path) -> None:
    events = play("ideal", folder=tmp_path)
    started = events[0]
    stamped = [type(started)(started.seq, started.t, started.kind, started.actor,
                             {**started.data, "started_wall": "2026-01-05T14:00:00+01:00"}), *events[1:]]
    report = build_report(stamped, scorecard(events), log_path=tmp_path / "events.jsonl")
    assert report.date == "2026-01-05 14:00"
    assert report.date_source == "recorded at the start of the drill"


def test_players_are_shown_as_who_played_whom_with_the_real_duration(tmp_path: Path) -> None:
    events = play("chaotic", players={"ana": "Dana", "sam": "Joe <b>"})
    report = build_report(events, scorecard(events))
    assert report.team == "Dana as Ana Ruiz, Joe <b> as Sam Okoro"
    played = {p.cast_id: p.played_by for p in report.people}
    assert played == {"ana": "Dana", "sam": "Joe <b>", "lee": "the simulation", "cto": "the simulation"}
    # 150 simulated minutes at the scenario's default speed (150 / 20 = 7.5 per real minute).
    assert report.real_minutes == 20.0
    assert report.real_duration == "about 20 minutes of drill clock (pauses not counted)"


def test_score_ratings_and_outcome_figures_come_from_the_scorecard(chaotic) -> None:
    _folder, _events, card, paths = chaotic
    md = paths["md"].read_text()
    assert f"**{round(card.score)}/100, rated {card.rating.value}**" in md
    for cap in card.capabilities:
        shown = "N/A" if cap.score is None else str(round(cap.score))
        rating = cap.rating.value if cap.rating else "–"
        assert f"| {cap.id} {cap.title} | {shown} | {rating} |" in md
    f = card.figures
    assert f.longest_internal_silence == 139.0 and f.longest_customer_silence == 131.0
    assert "| Longest internal silence | **139 min** (over 30 min) |" in md
    assert f"| Revenue lost | \\${f.revenue_lost:,.0f} |" in md
    assert f"| Customer trust at the end | {f.trust_end:g}/100 |" in md
    assert f"| Time to owner | {f.time_to_owner:g} min |" in md
    html = paths["html"].read_text()
    assert f'<span class="score-big">{round(card.score)}/100</span>' in html
    assert '<td class="num late">139 min</td>' in html
    assert '<span class="rating rating-U">U</span>' in html  # INT scored 40


def test_the_timeline_gaps_match_the_outcome_figures(chaotic) -> None:
    _folder, events, _card, _paths = chaotic
    line = build_timeline(events)
    f = figures(events)
    assert max(g.minutes for g in line.gaps if g.lane == "internal") == f.longest_internal_silence
    assert max(g.minutes for g in line.gaps if g.lane == "customer") == f.longest_customer_silence
    assert [m.kind for m in line.marks if m.kind in ("report", "resolved", "reopened", "mitigated")] == [
        "report", "resolved", "reopened", "mitigated"]
    # The chaotic team's second restart is refused by the engine (already applied), so it draws no bar.
    assert [(s.label, s.outcome) for s in line.repairs] == [("Restart export workers", "none"),
                                                           ("Hotfix the schema", "fixes")]


def test_the_html_embeds_the_timeline_and_gap_charts_and_needs_nothing_online(chaotic) -> None:
    _folder, _events, _card, paths = chaotic
    html = paths["html"].read_text()
    svgs = re.findall(r"<svg\b.*?</svg>", html, re.DOTALL)
    assert len(svgs) == 2
    timeline, gaps = svgs
    assert "<title>Incident timeline</title>" in timeline
    for label in ("10:00", "10:30", "12:30", "Internal updates", "Customer updates", "Repairs", "customer chased",
                  "Hotfix the schema"):
        assert f">{label}</text>" in timeline
    assert "#c62828" in timeline  # the 139-minute silence is drawn red
    assert "<title>Update gaps</title>" in gaps and ">10:11–12:30</text>" in gaps and "> 30 min</text>" in gaps
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html
    references = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert references and all(ref.startswith("#") for ref in references)  # only ids inside the page
    assert "<link" not in html and "<script" not in html and "@import" not in html
    assert "@media print" in html and "break-before: page" in html and "break-inside: avoid" in html


def test_charts_are_deterministic(chaotic, tmp_path: Path) -> None:
    folder, events, card, _paths = chaotic
    again = write_scorecards(tmp_path, events, card, log_path=folder / "events.jsonl")
    assert again["html"].read_text() == (folder / "scorecard.html").read_text()


def test_capabilities_show_strengths_and_improvements_with_evidence_advice_and_source(chaotic) -> None:
    _folder, events, _card, paths = chaotic
    md = paths["md"].read_text()
    cus = md.split("### CUS One voice to the customer: M (55)")[1].split("###")[0]
    assert "- CUS-01★ The customer hears from us within 15 min (100%)" in cus.split("**Areas for improvement**")[0]
    promise = first(events, "customer_update")
    clock = wall_clock("10:00", promise.t)
    assert clock == "10:09"
    assert ("- **CUS-06★ No promised fix time before the repair is verified** — scored 0% (heuristic)\n"
            f"  - {clock} (\\+9 min) Sam Okoro: “Sorry about this! It should be back shortly.” — fix\\-time promise"
            ) not in cus  # '-' inside text stays as it is
    assert f"  - {clock} (+9 min) Sam Okoro: “Sorry about this! It should be back shortly.” — fix-time promise" in cus
    assert "  - Advice: Promise the next update, not the fix time. (source: Seed guide: first customer word)" in cus
    assert cus.index("CUS-06★") < cus.index("CUS-02")  # criticals first
    html = paths["html"].read_text()
    assert '<q class="quote">Sorry about this! It should be back shortly.</q>' in html
    assert "Not applicable this time: EXE-01 Escalate when the business triggers fire." in md
    assert "\n  - No rollback was tried before the hotfix.\n" in md  # an absence: no time, no person
    tight = re.sub(r">\s+<", "><", html)
    assert '<li><span class="muted">No rollback was tried before the hotfix.</span></li>' in tight
    assert "  - 10:11 (+11 min) Kim Park — the next update came 139 minutes later\n" in md


def test_the_improvement_plan_names_element_owner_and_due_date(chaotic) -> None:
    _folder, _events, card, paths = chaotic
    md = paths["md"].read_text()
    plan = md.split("## 5. Improvement plan")[1].split("## 6.")[0]
    rows = [line for line in plan.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert [row.split(" | ")[0][2:].split()[0] for row in rows] == [r.rule_id for r in card.improvements()]
    assert ("| CUS-06 No promised fix time before the repair is verified (scored 0%) | Promise the next update, "
            "not the fix time. | planning | Sam Okoro (Support lead) | before the next drill |") in rows
    assert any(row.startswith("| INT-05 ") and "| Kim Park (CTO) |" in row for row in rows)  # the one who blamed
    assert any(row.startswith("| REP-01 ") and "| equipment | team lead |" in row for row in rows)  # no evidence


def test_overruled_flags_show_who_overruled_and_why(tmp_path: Path) -> None:
    from drills.world import overrule_flag

    play("chaotic", folder=tmp_path)
    events = read_log(tmp_path).events
    promise = first(events, "customer_update")
    overrule_flag(tmp_path / "events.jsonl", flag_id="fix_time_promise", rule="CUS-06", event_seq=promise.seq,
                  by="facilitator", reason="'shortly' was about the next update | not a fix time")
    events = read_log(tmp_path).events
    assert events[-1].kind == "flag_overruled"
    card = scorecard(events, overruled=[f"CUS-06:{promise.seq}:fix_time_promise"])
    md = render_markdown(build_report(events, card))
    section = md.split("## 6. Findings the facilitator overruled")[1]
    assert ("| CUS-06 | fix\\_time\\_promise | 10:09 | Sorry about this! It should be back shortly. | facilitator | "
            "'shortly' was about the next update \\| not a fix time |") in section
    html = write_scorecards(tmp_path, events, card)["html"].read_text()
    assert "<td>&#39;shortly&#39; was about the next update | not a fix time</td>" in html


def test_the_json_is_the_scorecard_plus_the_drill_and_the_paths(chaotic) -> None:
    _folder, _events, card, paths = chaotic
    data = json.loads(paths["json"].read_text())
    assert Scorecard.model_validate({k: v for k, v in data.items() if k in Scorecard.model_fields}) == card
    assert data["figures"] == card.figures.model_dump(mode="json")
    assert data["paths"] == {kind: str(path) for kind, path in paths.items()}
    assert data["drill"]["team"] == "chaotic (scripted team)"
    assert data["drill"]["cast"]["sam"] == {"name": "Sam Okoro", "role": "Support lead",
                                            "played_by": "chaotic team (scripted)"}
    assert datetime.fromisoformat(data["drill"]["date"]).tzinfo is not None
    assert [item["rule_id"] for item in data["improvement_plan"]] == [r.rule_id for r in card.improvements()]


# --------------------------------------------------------------------------- hostile text


def hostile_drill(folder: Path) -> list:
    """A drill whose scenario and updates carry HTML, template, table and math syntax."""
    data = yaml.safe_load(SCENARIO.read_text())
    data["title"] = "Exports <script>alert(1)</script> cost $5k | $x$"
    data["repairs"][0]["label"] = "Roll back $x$ <b>now</b>"
    source = yaml.safe_dump(data, sort_keys=False)
    text = " ".join(HOSTILE)
    timed = [
        (6, AssignOwner(actor="cto", owner="ana")),
        (7, PostUpdate(actor="ana", known=HOSTILE[0], affected=HOSTILE[1], next_check=HOSTILE[3],
                       text=f"# heading\n- list\n{text}", next_update_at=30)),
        (8, CustomerUpdate(actor="sam", works=HOSTILE[2], text=text, next_update_at=30)),
        (9, ApplyRepair(actor="ana", repair="rollback")),
        (40, EndDrill(actor="facilitator")),
    ]
    sink = JsonlEventLog(folder / "events.jsonl")
    engine = Engine(Scenario.model_validate(yaml.safe_load(source)), source, seed=1, team="script", sink=sink)
    play_headless(engine, ScriptTeam(timed))
    sink.close()
    return engine.events


def test_hostile_text_shows_literally_in_all_three_formats(tmp_path: Path) -> None:
    events = hostile_drill(tmp_path)
    card = scorecard(events)
    update = first(events, "post_update")
    assert update.data["action"]["text"].endswith(" ".join(HOSTILE))
    paths = write_scorecards(tmp_path, events, card)

    html = paths["html"].read_text()
    assert "<script" not in html.lower() and "<img" not in html.lower() and "<b>now" not in html
    page = parse_html(html)
    assert "script" not in page.tags and "img" not in page.tags and "b" not in page.tags
    text = "".join(page.text)
    for words in [*HOSTILE, "Exports <script>alert(1)</script> cost $5k | $x$"]:
        assert words in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The chart carries the repair's label as text, escaped by matplotlib, and "$x$" is not mathtext.
    assert "Roll back $x$ &lt;b&gt;now&lt;/b&gt;</text>" in html

    md = paths["md"].read_text()
    assert "<script" not in md and "<img" not in md and "\n# heading" not in md
    rendered = markdown_to_html(md)
    assert "<script" not in rendered and "<img" not in rendered and "<h1>heading" not in rendered
    shown = "".join(parse_html(rendered).text)
    for words in HOSTILE:
        assert words.replace("\\", "") in shown
    assert "# heading" in shown  # the participant's '#' line stays text
    overview = [line for line in md.split("## 1. Overview")[1].split("**Participants")[0].splitlines()
                if line.startswith("|")]
    assert "| Scenario | Exports &lt;script&gt;alert(1)&lt;/script&gt; cost \\$5k \\| \\$x\\$ (" in overview[2]
    table = parse_html(markdown_to_html("\n".join(overview)))
    assert table.tags.count("td") == 2 * (len(overview) - 2)  # the title's '|' split no cell

    data = json.loads(paths["json"].read_text())
    quotes = [e["quote"] for c in data["capabilities"] for r in c["rules"] for e in r["evidence"] if e["quote"]]
    assert update.data["action"]["text"] in quotes
    assert data["scenario_title"] == "Exports <script>alert(1)</script> cost $5k | $x$"


@pytest.mark.parametrize("text", [
    "# not a heading", "## nor this", "1. not a list", "- nor this", "+ nor this", "---", "===",
    "`code`", "**bold** _em_ ~~del~~", "[link](http://x)", "<b>tag</b>", "&lt;entity", "a | b", "$x$ and \\$",
    "line one\nline two", "ok\r# Heading", "one\r- two", "a\r\n1. b", "cell\r| x | y", "x\r\r===",
])
def test_md_escape_renders_the_text_literally(text: str) -> None:
    escaped = md_escape(text)
    assert "\r" not in escaped and "\n" not in escaped  # one line: a table cell cannot end early
    rendered = markdown_to_html(f"| a |\n|---|\n| {escaped} |\n\n{escaped}\n")
    page = parse_html(rendered)
    assert set(page.tags) <= {"table", "thead", "tbody", "tr", "th", "td", "p", "br"}
    assert page.tags.count("tr") == 2 and page.tags.count("td") == 1
    assert "".join(page.text).count(re.sub(r"[\r\n]", "", text)) == 2


@pytest.mark.slow
def test_a_lone_carriage_return_cannot_escape_a_line_in_the_markdown_report(tmp_path: Path, drill) -> None:
    data = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    data["title"] = "Exports fail\r# Title heading"
    scenario = tmp_path / "cr.yaml"
    scenario.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    script = tmp_path / "script.yaml"
    script.write_text('actions:\n'
                      '  - {at: 14, as: sam, do: customer_update, text: "Fixed in 20 minutes\\r# Quote heading"}\n'
                      '  - {at: 20, as: facilitator, do: end_drill}\n', encoding="utf-8")
    result = drill("simulate", scenario, "--script", script, "--out", tmp_path / "drill")
    assert result.returncode == 0, result.stderr
    md = (tmp_path / "drill" / "scorecard.md").read_bytes().decode("utf-8")
    assert "\r" not in md
    rendered = markdown_to_html(md)
    assert "<h1>Title heading" not in rendered and "<h1>Quote heading" not in rendered
    assert rendered.count("<h1>") == 1
    shown = "".join(parse_html(rendered).text)
    assert "# Title heading" in shown and "# Quote heading" in shown
    overview = [line for line in md.split("## 1. Overview")[1].split("**Participants")[0].splitlines()
                if line.startswith("|")]
    assert overview[2].startswith("| Scenario | Exports fail<br>\\# Title heading (")
    table = parse_html(markdown_to_html("\n".join(overview)))
    assert table.tags.count("td") == 2 * (len(overview) - 2)


def test_report_modules_do_not_import_matplotlib_or_textual_until_drawing() -> None:
    code = ("import sys, drills.reports._report, drills.reports._history, drills.reports._charts; "
            "print(sorted(m for m in ('matplotlib', 'textual', 'jinja2') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --------------------------------------------------------------------------- drill report (needs drills.scoring)


def _simulated_log(tmp_path: Path) -> Path:
    events = play("chaotic", scenario_source(), folder=tmp_path / "drill")
    assert events[-1].kind == "drill_ended"
    return tmp_path / "drill" / "events.jsonl"


@pytest.mark.slow
def test_drill_report_scores_the_log_and_writes_beside_it(tmp_path: Path, drill) -> None:
    log = _simulated_log(tmp_path)
    result = drill("report", log.parent)
    assert result.returncode == 0, result.stderr
    card = json.loads((log.parent / "scorecard.json").read_text())
    lines = result.stdout.splitlines()
    assert lines[0].endswith(f"{round(card['score'])}/100, rated {card['rating']}")
    assert all(f"{c['id']} " in lines[1] for c in card["capabilities"])
    assert lines[2].startswith("Top 3 improvements:") and lines[3].startswith("  1. ")
    for name in ("scorecard.md", "scorecard.html", "scorecard.json"):
        assert str(log.parent / name) in result.stdout


@pytest.mark.slow
def test_rescoring_an_old_log_with_another_playbook(tmp_path: Path, drill) -> None:
    from drills.scoring import DEFAULT_PLAYBOOK_PATH

    log = _simulated_log(tmp_path)
    first_run = drill("report", log, "--json")
    assert first_run.returncode == 0, first_run.stderr
    before = json.loads(first_run.stdout)
    book = yaml.safe_load(DEFAULT_PLAYBOOK_PATH.read_text())
    book["version"] = "strict-1"
    book["capabilities"] = [c for c in book["capabilities"] if c["id"] in ("CMD", "INT")]
    stricter = tmp_path / "strict.yaml"
    stricter.write_text(yaml.safe_dump(book, sort_keys=False))
    out = tmp_path / "rescored"
    second = drill("report", log, "--playbook", stricter, "--out", out, "--json")
    assert second.returncode == 0, second.stderr
    after = json.loads(second.stdout)
    assert after["playbook_version"] == "strict-1" and before["playbook_version"] != "strict-1"
    assert [c["id"] for c in after["capabilities"]] == ["CMD", "INT"]
    assert after["paths"]["html"] == str(out / "scorecard.html") and (out / "scorecard.md").is_file()
    assert after["drill"]["date"] == before["drill"]["date"]  # dated by the log, wherever the report goes


@pytest.mark.slow
def test_drill_report_on_a_missing_log_is_one_line(tmp_path: Path, drill) -> None:
    result = drill("report", tmp_path / "nope" / "events.jsonl")
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and "no such event log" in result.stderr


def _assert_not_scored(folder: Path) -> None:
    """The three reports of a drill that never reached the first customer report say so, not 0/U."""
    reason = "the drill ended before the incident was reported"
    card = json.loads((folder / "scorecard.json").read_text())
    assert card["not_scored"] == reason
    assert card["improvement_plan"] == []
    for cap in card["capabilities"]:
        assert (cap["score"], cap["rating"]) == (None, None), cap["id"]
        for r in cap["rules"]:
            assert r["score"] is None, r["rule_id"]
            assert [e["note"] for e in r["evidence"]] == ["The drill ended before the incident was reported."]
    md = (folder / "scorecard.md").read_text()
    assert f"**Not scored: {reason}.**" in md
    assert "/100, rated" not in md
    assert "No rule failed" not in md
    html = " ".join(" ".join(parse_html((folder / "scorecard.html").read_text()).text).split())
    assert f"Not scored: {reason}." in html
    assert "score-big\">0/100" not in (folder / "scorecard.html").read_text()
    assert not re.search(r"\b0/100\b", html)


@pytest.mark.slow
def test_a_log_that_stops_before_the_report_is_not_scored(tmp_path: Path, drill) -> None:
    played = _simulated_log(tmp_path)
    stopped = tmp_path / "stopped"
    stopped.mkdir()
    (stopped / "events.jsonl").write_text(played.read_text().splitlines(keepends=True)[0])  # drill_started only
    result = drill("report", stopped / "events.jsonl")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith("): not scored: the drill ended before the incident was reported")
    assert lines[1].split() == ["CMD", "–", "SIT", "–", "INT", "–", "CUS", "–", "EXE", "–", "REP", "–", "CLO", "–",
                                "LRN", "–"]
    assert not any("improvements" in line or "No rule failed" in line for line in lines)
    _assert_not_scored(stopped)


@pytest.mark.slow
def test_a_script_that_ends_the_drill_at_minute_zero_is_not_scored(tmp_path: Path, drill) -> None:
    script = tmp_path / "end.yaml"
    script.write_text("actions:\n  - {at: 0, as: facilitator, do: end_drill}\n")
    out = tmp_path / "drill"
    result = drill("simulate", SCENARIO, "--script", script, "--out", out)
    assert result.returncode == 0, result.stderr
    _assert_not_scored(out)
    rescored = drill("report", out / "events.jsonl")
    assert rescored.returncode == 0, rescored.stderr
    assert rescored.stdout.splitlines()[0].endswith(": not scored: the drill ended before the incident was reported")
