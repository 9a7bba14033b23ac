"""The after-action report of one drill (HSEEP style): Scorecard + event log -> Markdown, HTML, JSON.

`build_report` turns the two inputs into a `Report`: plain values, already formatted, that both
templates render without logic of their own. Participant and scenario text is never trusted: the
HTML template autoescapes everything (the charts are the only markup marked safe, and matplotlib
escapes the text inside them); the Markdown template runs every value through `md_escape` (as
Jinja's `finalize`), so nothing a participant types can become a heading, a table cell or a tag.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from drills.files import write_files
from drills.reports._charts import RHYTHM_MINUTES, Timeline, build_timeline, gaps_svg, timeline_svg, wall_clock
from drills.scoring import Evidence, RuleResult, Scorecard
from drills.terminal import json_text, terminal_text
from drills.world import LOG_NAME, Event

TEMPLATES_DIR = Path(__file__).resolve().with_name("templates")
"""The Jinja2 templates of the scorecards and the history page (shipped as package data)."""
FILES = {"md": "scorecard.md", "html": "scorecard.html", "json": "scorecard.json"}

ELEMENTS: dict[str, str] = {
    "CMD": "organization",  # who owns, who talks, who is in the room: roles and structure
    "SIT": "training",  # keeping facts apart from guesses is a habit people practise
    "INT": "planning",  # the update cadence and the four-question form belong in the plan
    "CUS": "planning",  # one voice, customer templates and cadence are written down beforehand
    "EXE": "planning",  # when to wake the CEO is a policy with triggers
    "REP": "equipment",  # a fast safe repair needs the rollback, flag or failover to exist
    "CLO": "training",  # verify with the customer, watch, then close: a practised routine
    "LRN": "exercise",  # the timeline-review-follow-up loop is rehearsed in the next drill
}
"""HSEEP improvement-plan element (planning, organization, equipment, training, exercise) per capability."""
DEFAULT_ELEMENT = "training"
DEFAULT_OWNER = "team lead"
DUE = "before the next drill"


# --------------------------------------------------------------------------- the report, as plain values


@dataclass(frozen=True, slots=True)
class Person:
    cast_id: str
    name: str
    role: str
    played_by: str


@dataclass(frozen=True, slots=True)
class Figure:
    label: str
    value: str
    late: bool = False
    """True when the figure breaks the 30-minute rhythm (shown in red)."""


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    clock: str
    """Wall-clock time of the evidence ('10:14'), or '' for an absence."""
    minute: str
    """Sim minute ('+9.0'), or ''."""
    quote: str
    note: str
    who: str


@dataclass(frozen=True, slots=True)
class RuleLine:
    rule_id: str
    title: str
    critical: bool
    score: str
    """'40%', or 'N/A'."""
    exact: bool
    evidence: list[EvidenceLine]
    advice: str
    source: str
    owner: str
    """Who acted on the evidence (name and role), else the team lead."""


@dataclass(frozen=True, slots=True)
class CapabilityLine:
    id: str
    title: str
    score: str
    rating: str
    """'P', 'S', 'M', 'U', or '–' when no rule applied."""
    weight: str
    strengths: list[RuleLine]
    improvements: list[RuleLine]
    not_applicable: list[RuleLine]


@dataclass(frozen=True, slots=True)
class PlanItem:
    rule_id: str
    issue: str
    action: str
    element: str
    owner: str
    due: str
    capability: str


@dataclass(frozen=True, slots=True)
class Overruled:
    rule_id: str
    flag: str
    clock: str
    quote: str
    by: str
    reason: str


@dataclass(frozen=True, slots=True)
class Decided:
    """A decision point (format 2) and how the team answered it."""

    clock: str
    question: str
    answer: str
    """The option's label, or 'not answered'."""
    expected: str
    """The option the playbook expected ('' if none was marked)."""
    as_expected: bool
    by: str
    text: str
    """The team's own words, if the decision took free text."""


@dataclass(frozen=True, slots=True)
class Moment:
    clock: str
    minute: str
    what: str


@dataclass(slots=True)
class Report:
    scenario_id: str
    title: str
    seed: int
    playbook: str
    date: str
    """'2026-11-21 10:12' or 'unknown'."""
    date_iso: str | None
    date_source: str
    team: str
    players: dict[str, str]
    people: list[Person]
    sim_duration: str
    real_duration: str
    ended: str
    objectives: list[str]
    score: str
    rating: str
    capabilities: list[CapabilityLine]
    not_scored: str | None
    """Why the drill has no score (Scorecard.not_scored); the templates show it instead of score and rating."""
    capped: str
    """Why the overall rating is no better than it is: the failed critical tasks (empty if none)."""
    overrule_notes: list[str]
    figures: list[Figure]
    moments: list[Moment]
    plan: list[PlanItem]
    overruled: list[Overruled]
    timeline: Timeline = field(repr=False)
    rhythm: float = RHYTHM_MINUTES
    """The update cadence the charts and figures measure against (minutes)."""
    sim_minutes: float = 0.0
    real_minutes: float | None = None
    decisions: list[Decided] = field(default_factory=list)
    """Decision points asked in the drill (format 2), in the order asked."""
    verified: bool = True
    """False when `drill report --no-verify` scored a log that was not replayed and checked: the
    scorecards say so, and `drill history` marks the drill."""

    def meta(self) -> dict[str, Any]:
        """What `drill history` needs about the drill itself, beside the scorecard."""
        return {
            "scenario_id": self.scenario_id,
            "title": self.title,
            "date": self.date_iso,
            "date_source": self.date_source,
            "team": self.team,
            "players": self.players,
            "cast": {p.cast_id: {"name": p.name, "role": p.role, "played_by": p.played_by} for p in self.people},
            "sim_minutes": self.sim_minutes,
            "real_minutes": self.real_minutes,
            "ended": self.ended,
            "verified": self.verified,
        }


# --------------------------------------------------------------------------- building it


def cap_sentence(card: Scorecard) -> str:
    """'Capped at S: a critical task failed — CUS-10★ What the customer hears is true.' ('' if not capped)."""
    if card.capped_at is None or not card.scored:
        return ""
    titles = {r.rule_id: r.title for c in card.capabilities for r in c.rules}
    tasks = "; ".join(f"{rid}★ {titles.get(rid, '')}".strip() for rid in card.capped_by)
    many = len(card.capped_by) > 1
    return (f"Capped at {card.capped_at.value}: {len(card.capped_by) if many else 'a'} critical task"
            f"{'s' if many else ''} failed or not performed — {tasks}. A failed critical task caps the whole "
            "drill (HSEEP), whatever the average.")


def _minutes(value: float | None) -> str:
    return "—" if value is None else f"{round(value, 1):g} min"


def _percent(score: float | None) -> str:
    return "N/A" if score is None else f"{round(score * 100):d}%"


def _drill_date(started: dict[str, Any], log_path: Path | None) -> tuple[str | None, str]:
    """When the drill ran: its recorded start if the log has one, else the log file's mtime."""
    if started.get("started_wall"):
        return str(started["started_wall"]), "recorded at the start of the drill"
    if log_path is not None and log_path.exists():
        moment = datetime.fromtimestamp(log_path.stat().st_mtime, tz=UTC).astimezone()
        return moment.isoformat(timespec="minutes"), "when the event log was last written"
    return None, "unknown"


def _display_date(iso: str | None) -> str:
    if iso is None:
        return "unknown"
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def real_minutes(events: Sequence[Event]) -> float | None:
    """Real minutes the drill clock ran, from the speed it ran at (pauses do not count).

    Only live drills (with players) have a meaningful real duration; a scripted team plays headless
    as fast as the CPU allows. Recorded wall-clock stamps win when the log has them.
    """
    started = events[0].data
    ended = next((e for e in events if e.kind == "drill_ended"), None)
    if started.get("started_wall") and ended is not None and ended.data.get("ended_wall"):
        try:
            span = datetime.fromisoformat(ended.data["ended_wall"]) - datetime.fromisoformat(started["started_wall"])
        except ValueError:
            return None
        return round(span.total_seconds() / 60, 1)
    if not started.get("players"):
        return None
    speed, paused, since, total = float(started.get("speed") or 1.0), False, 0.0, 0.0
    for event in events:
        if event.kind == "clock":
            if not paused:
                total += (event.t - since) / speed
            since, paused, speed = event.t, bool(event.data.get("paused")), float(event.data.get("speed") or speed)
    if not paused:
        total += (events[-1].t - since) / speed
    return round(total, 1)


def _people(started: dict[str, Any]) -> tuple[list[Person], str]:
    players: dict[str, str] = started.get("players") or {}
    team = started.get("team")
    people = []
    for cast_id, member in (started.get("cast") or {}).items():
        played_by = member.get("played_by") or players.get(cast_id)
        if not played_by:
            played_by = f"{team} team (scripted)" if team and not players else "the simulation"
        people.append(Person(cast_id, member.get("name", cast_id), member.get("role", ""), played_by))
    if players:
        cast = started.get("cast") or {}
        label = ", ".join(f"{who} as {cast.get(cid, {}).get('name', cid)}" for cid, who in players.items())
    else:
        label = f"{team} (scripted team)" if team else "—"
    return people, label


def _who(events: Sequence[Event], cast: dict[str, Any], seq: int | None) -> str:
    if seq is None or not 0 <= seq < len(events):
        return ""
    actor = events[seq].actor
    member = cast.get(actor or "")
    return member.get("name", actor) if member else ""


def _owner(rule: RuleResult, events: Sequence[Event], cast: dict[str, Any]) -> str:
    """The cast member who acted most often in the rule's evidence, else the team lead."""
    actors = Counter(
        events[ev.event_seq].actor
        for ev in rule.evidence
        if ev.event_seq is not None and 0 <= ev.event_seq < len(events) and events[ev.event_seq].actor in cast
    )
    if not actors:
        return DEFAULT_OWNER
    actor = min(actors, key=lambda a: (-actors[a], a or ""))
    name, role = cast[actor].get("name", actor), cast[actor].get("role")
    return f"{name} ({role})" if role else name


def _evidence(ev: Evidence, clock_start: str, events: Sequence[Event], cast: dict[str, Any]) -> EvidenceLine:
    t = ev.t if ev.t is not None else (events[ev.event_seq].t if ev.event_seq is not None
                                       and 0 <= ev.event_seq < len(events) else None)
    return EvidenceLine(
        clock="" if t is None else wall_clock(clock_start, t),
        minute="" if t is None else f"+{round(t, 1):g}",
        quote=ev.quote,
        note=ev.note,
        who=_who(events, cast, ev.event_seq),
    )


def _rule_line(rule: RuleResult, clock_start: str, events: Sequence[Event], cast: dict[str, Any]) -> RuleLine:
    return RuleLine(
        rule_id=rule.rule_id,
        title=rule.title,
        critical=rule.critical,
        score=_percent(rule.score),
        exact=rule.exact,
        evidence=[_evidence(ev, clock_start, events, cast) for ev in rule.evidence],
        advice=rule.advice,
        source=rule.source,
        owner=_owner(rule, events, cast),
    )


def _figures(card: Scorecard, rhythm: float) -> list[Figure]:
    f = card.figures

    def late(value: float | None) -> bool:
        return value is not None and value > rhythm

    return [
        Figure("Time to owner", _minutes(f.time_to_owner)),
        Figure("Time to first customer word", _minutes(f.time_to_first_customer_word)),
        Figure("Longest internal silence", _minutes(f.longest_internal_silence), late(f.longest_internal_silence)),
        Figure("Longest customer silence", _minutes(f.longest_customer_silence), late(f.longest_customer_silence)),
        Figure("Time to mitigation", _minutes(f.time_to_mitigation)),
        Figure("Time to confirmed recovery", _minutes(f.time_to_confirmed_recovery)),
        Figure("Customer-minutes blocked", f"{f.customer_minutes_blocked:,.0f}"),
        Figure("Revenue lost", f"${f.revenue_lost:,.0f}"),
        Figure("Customer trust at the end", f"{f.trust_end:g}/100"),
        Figure("Resolved at the end", "yes" if f.resolved else "no"),
    ]


def _moments(line: Timeline) -> list[Moment]:
    rows: list[tuple[float, str]] = [(m.t, m.label) for m in line.marks]
    for span in line.checks:
        rows.append((span.start, f"check started: {span.label}"))
        if span.end is not None:
            rows.append((span.end, f"check result: {span.label}"))
    for span in line.repairs:
        rows.append((span.start, f"repair started: {span.label}"))
        if span.end is not None:
            rows.append((span.end, f"repair finished: {span.label} ({span.outcome})"))
    rows.sort(key=lambda row: row[0])
    return [Moment(line.clock(t), f"{round(t, 1):g}", what) for t, what in rows]


def _overruled(card: Scorecard, events: Sequence[Event], clock_start: str, cast: dict[str, Any]) -> list[Overruled]:
    decisions = {
        (e.data.get("rule"), e.data.get("event_seq"), e.data.get("flag_id")): e
        for e in events
        if e.kind == "flag_overruled"
    }
    out = []
    for entry in card.overruled:
        rule_id, seq_text, flag = [*entry.split(":", 2), "", ""][:3]
        seq = int(seq_text) if seq_text.isdigit() else None
        decision = decisions.get((rule_id, seq, flag))
        rules = [r for c in card.capabilities for r in c.rules if r.rule_id == rule_id]
        quote = next((ev.quote for r in rules for ev in r.evidence if ev.event_seq == seq and ev.quote), "")
        t = events[seq].t if seq is not None and 0 <= seq < len(events) else None
        by = decision.data.get("by", "") if decision else ""
        out.append(Overruled(
            rule_id=rule_id,
            flag=flag,
            clock="" if t is None else wall_clock(clock_start, t),
            quote=quote,
            by=cast.get(by, {}).get("name", by),
            reason=decision.data.get("reason", "") if decision else "",
        ))
    return out


def _decisions(events: Sequence[Event], clock_start: str, cast: dict[str, Any]) -> list[Decided]:
    made = {e.data["decision_id"]: e for e in events if e.kind == "decision_made"}
    out = []
    for asked in (e for e in events if e.kind == "decision_asked"):
        labels = {o["id"]: o["label"] for o in asked.data.get("options", [])}
        answer = made.get(asked.data["decision_id"])
        expected = answer.data.get("expected_option") if answer else None
        out.append(Decided(
            clock=wall_clock(clock_start, asked.t),
            question=asked.data.get("question", ""),
            answer=labels.get(answer.data["option_id"], answer.data["option_id"]) if answer else "not answered",
            expected=labels.get(expected, "") if expected else "",
            as_expected=bool(answer and answer.data.get("expected")),
            by=cast.get(answer.actor, {}).get("name", answer.actor or "") if answer else "",
            text=answer.data.get("text", "") if answer else "",
        ))
    return out


def build_report(events: Sequence[Event], card: Scorecard, *, log_path: Path | None = None,
                 rhythm: float = RHYTHM_MINUTES, verified: bool = True) -> Report:
    """Everything the report shows, formatted; `log_path` dates the drill (its mtime); `verified` is False
    for a log scored without replaying it (`drill report --no-verify`)."""
    if not events or events[0].kind != "drill_started":
        raise ValueError("a report needs the drill's events, starting with drill_started")
    started = events[0].data
    clock_start = started.get("clock_start", "00:00")
    cast: dict[str, Any] = started.get("cast") or {}
    people, team = _people(started)
    date_iso, date_source = _drill_date(started, log_path)
    ended = next((e for e in events if e.kind == "drill_ended"), None)
    sim = card.figures.sim_minutes or events[-1].t
    real = real_minutes(events)
    timeline = build_timeline(events)

    improvements = card.improvements()
    order = {r.rule_id: i for i, r in enumerate(improvements)}  # criticals first, then by cost
    capabilities = []
    for cap in card.capabilities:
        lines = [(r, _rule_line(r, clock_start, events, cast)) for r in cap.rules]
        capabilities.append(CapabilityLine(
            id=cap.id,
            title=cap.title,
            score="N/A" if cap.score is None else f"{round(cap.score):d}",
            rating=cap.rating.value if cap.rating else "–",
            weight=f"{cap.weight:g}",
            strengths=[line for r, line in lines if r.passed],
            improvements=sorted((line for r, line in lines if r.rule_id in order),
                                key=lambda line: order[line.rule_id]),
            not_applicable=[line for r, line in lines if not r.applicable],
        ))
    plan = [
        PlanItem(
            rule_id=rule.rule_id,
            issue=f"{rule.title} (scored {_percent(rule.score)})",
            action=rule.advice or f"Practise: {rule.title}",
            element=ELEMENTS.get(rule.capability, DEFAULT_ELEMENT),
            owner=_owner(rule, events, cast),
            due=DUE,
            capability=rule.capability,
        )
        for rule in improvements
    ]
    return Report(
        scenario_id=card.scenario_id,
        title=card.scenario_title,
        seed=card.seed,
        playbook=f"{card.playbook_id} {card.playbook_version}",
        date=_display_date(date_iso),
        date_iso=date_iso,
        date_source=date_source,
        team=team,
        players=dict(started.get("players") or {}),
        people=people,
        sim_duration=f"{round(sim):d} simulated minutes ({wall_clock(clock_start, 0)}–{wall_clock(clock_start, sim)})",
        real_duration=("not measured: played headless by a scripted team" if real is None
                       else f"about {real:g} minutes of drill clock (pauses not counted)"),
        ended=ended.data.get("reason", "ended") if ended else "the log stops before the drill ended",
        objectives=[f"{c.id} — {c.title}" for c in card.capabilities if c.score is not None],
        score=f"{round(card.score):d}",
        rating=card.rating.value,
        capabilities=capabilities,
        not_scored=card.not_scored,
        capped=cap_sentence(card),
        overrule_notes=list(card.overrule_notes),
        figures=_figures(card, rhythm),
        moments=_moments(timeline),
        plan=plan,
        overruled=_overruled(card, events, clock_start, cast),
        timeline=timeline,
        rhythm=rhythm,
        sim_minutes=round(sim, 2),
        real_minutes=real,
        decisions=_decisions(events, clock_start, cast),
        verified=verified,
    )


# --------------------------------------------------------------------------- rendering

_MD_INLINE = re.compile(r"([\\`*_\[\]|~$])")
_MD_LINE_START = re.compile(
    r"^(\s*)("
    r"\d+(?=[.)](?:\s|$))"  # ordered list item: "1. " or "1) "
    r"|#(?=#*(?:\s|$))"  # ATX heading: "# ", "## "
    r"|[+-](?=\s|$)"  # bullet: "- ", "+ "
    r"|[=-](?=[\s=-]*$)"  # setext underline or thematic break: "===", "- - -"
    r")",
    re.MULTILINE,
)


def md_escape(value: Any) -> Any:
    """Make text render literally in Markdown (CommonMark + GFM tables, GitHub math).

    Backslash-escapes the inline markers, turns `<`, `>` and `&` into entities (no raw HTML, no
    autolinks, no entity tricks), escapes what would start a heading, list or rule at the start of
    a line, and turns line endings into `<br>` so a quote cannot break out of its table cell.
    Control and bidi characters are escaped visibly first (`drills.terminal.terminal_text`), so a
    raw ESC never reaches the file.
    CommonMark ends a line at "\\n", "\\r\\n" or a lone "\\r", so all three are made "\\n" first:
    the line-start escapes must see every line a Markdown reader will.
    """
    if not isinstance(value, str):
        return value
    text = terminal_text(value.replace("\r\n", "\n").replace("\r", "\n"), multiline=True)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(_escape_line_start, text)
    return text.replace("\n", "<br>")


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    if marker[0].isdigit():  # "1." / "1)" starts an ordered list: escape the dot, not the digits
        return f"{indent}{marker}\\"
    return f"{indent}\\{marker}"


def html_safe(value: Any) -> Any:
    """The `finalize` of every autoescaped HTML template (scorecards, history, the balance page): text has
    its control and bidi characters escaped visibly, markup we made (the charts) passes as it is."""
    from markupsafe import Markup

    return terminal_text(value, multiline=True) if isinstance(value, str) and not isinstance(value, Markup) \
        else value


@cache
def jinja_environments() -> tuple[Any, Any]:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    loader = FileSystemLoader(TEMPLATES_DIR)
    html = Environment(loader=loader, autoescape=True, finalize=html_safe, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)
    markdown = Environment(loader=loader, autoescape=False, finalize=md_escape, undefined=StrictUndefined,
                           trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return html, markdown


def render_markdown(report: Report) -> str:
    return jinja_environments()[1].get_template("scorecard.md.j2").render(r=report)


def render_html(report: Report) -> str:
    from markupsafe import Markup

    charts = {
        # The only markup marked safe: SVG matplotlib wrote, with every text node escaped by it.
        "timeline": Markup(timeline_svg(report.timeline, rhythm=report.rhythm)),
        "gaps": Markup(gaps_svg(report.timeline, rhythm=report.rhythm)),
    }
    return jinja_environments()[0].get_template("scorecard.html.j2").render(r=report, charts=charts)


def report_json(report: Report, card: Scorecard, paths: dict[str, Path] | None = None) -> dict[str, Any]:
    """The scorecard's model_dump, plus the drill's overview and the report files."""
    data = card.model_dump(mode="json")
    data["drill"] = report.meta()
    data["improvement_plan"] = [asdict(item) for item in report.plan]
    data["paths"] = {kind: str(path) for kind, path in (paths or {}).items()}
    return data


def scorecard_json(report: Report, card: Scorecard, paths: dict[str, Path] | None = None) -> str:
    """scorecard.json's text: `report_json`, with any control or bidi character in it JSON-escaped."""
    return json_text(json.dumps(report_json(report, card, paths), indent=2, ensure_ascii=False)) + "\n"


def render_scorecards(folder: Path, events: Sequence[Event], card: Scorecard, *,
                      log_path: Path | None = None, verified: bool = True,
                      final_folder: Path | None = None) -> tuple[dict[Path, str], dict[str, Path]]:
    """The three scorecards, rendered but not written: ({path in folder: text}, {kind: path shown}).

    The drill is dated by `log_path` (default: folder/events.jsonl) unless its log records a start time.
    A folder that is staged and moved into place later names its `final_folder` (the paths the JSON
    records and the second value gives)."""
    report = build_report(events, card, log_path=log_path or folder / LOG_NAME, verified=verified)
    shown = {kind: (final_folder or folder) / name for kind, name in FILES.items()}
    paths = {kind: folder / name for kind, name in FILES.items()}
    texts = {
        paths["md"]: render_markdown(report),
        paths["html"]: render_html(report),
        paths["json"]: scorecard_json(report, card, shown),
    }
    return texts, shown


def write_scorecards(folder: Path, events: Sequence[Event], card: Scorecard, *,
                     log_path: Path | None = None, verified: bool = True,
                     final_folder: Path | None = None) -> dict[str, Path]:
    """Write scorecard.md, scorecard.html and scorecard.json into folder; returns their paths.

    All three are rendered first and then written together (`drills.files.write_files`): a failure
    leaves the previous three or none, and no file is ever written through a symbolic link. See
    `render_scorecards` for the other arguments.
    """
    texts, shown = render_scorecards(folder, events, card, log_path=log_path, verified=verified,
                                     final_folder=final_folder)
    folder.mkdir(parents=True, exist_ok=True)
    write_files(texts)
    return shown


# --------------------------------------------------------------------------- `drill report`

def summary_lines(card: Scorecard, paths: dict[str, Path], *, top: int = 3) -> list[str]:
    verdict = (f"not scored: {card.not_scored}" if card.not_scored is not None
               else f"{round(card.score):d}/100, rated {card.rating.value}")
    lines = [f"{terminal_text(card.scenario_title)} ({terminal_text(card.scenario_id)}, seed {card.seed}): {verdict}"]
    lines.append("  " + "  ".join(
        f"{c.id} {c.rating.value if c.rating else '–'}" + ("" if c.score is None else f" {round(c.score):d}")
        for c in card.capabilities
    ))
    improvements = card.improvements(top)
    if improvements:
        lines.append(f"Top {len(improvements)} improvements:")
        for i, rule in enumerate(improvements, start=1):
            star = "★" if rule.critical else ""
            lines.append(f"  {i}. {rule.rule_id}{star} {terminal_text(rule.title)} ({_percent(rule.score)}): "
                         f"{terminal_text(rule.advice)}")
    elif card.scored:
        lines.append("No rule failed.")
    lines += [f"  {kind:<4} {terminal_text(str(path))}" for kind, path in paths.items()]
    return lines


def _differs_from_builtin(started: dict[str, Any]) -> bool:
    """Whether the log's scenario copy claims a built-in scenario's id but is not that scenario's text: a
    replay cannot tell (the copy and its hash are rewritten together), the shipped file can."""
    import hashlib

    from drills.paths import BUILTIN_SCENARIOS_DIR
    from drills.scenario import builtin_ids

    scenario_id = started.get("scenario_id")
    if scenario_id not in builtin_ids():
        return False
    text = (BUILTIN_SCENARIOS_DIR / f"{scenario_id}.yaml").read_text(encoding="utf-8").removeprefix("\ufeff")
    return hashlib.sha256(text.encode()).hexdigest() != hashlib.sha256(started["scenario_source"].encode()).hexdigest()


def report_command(log: Path, *, playbook: Path | None, out: Path | None, as_json: bool,
                   verify: bool = True) -> None:
    """`drill report LOG`: (re)score an event log against a playbook and write its three reports.

    The log is first checked: every event against the vocabulary as it is read, then the scenario copy
    against its hash and every event against a replay of the drill's actions. A log that fails is
    refused, saying where; `verify=False` (`--no-verify`) skips the replay and marks the scorecards
    unverified. Scorecards already in the folder are replaced, and the command says so."""
    import click

    from drills.scoring import load_playbook, score
    from drills.world import read_log, verify_log

    book = load_playbook(playbook)
    logged = read_log(log)
    if verify:
        verify_log(logged, otherwise="`drill report --no-verify` scores it as it is, marked unverified")
    card = score(logged.events, book)
    folder = out if out is not None else logged.path.parent
    earlier = [name for name in FILES.values() if (folder / name).exists()]
    paths = write_scorecards(folder, logged.events, card, log_path=logged.path, verified=verify)
    if earlier:
        click.echo(f"note: replaced the earlier {', '.join(earlier)} in {terminal_text(str(folder))}", err=True)
    if not verify:
        click.echo("note: not verified (--no-verify): the log was scored as it is, without replaying it; the "
                   "scorecards say so", err=True)
    if _differs_from_builtin(logged.started.data):
        click.echo(f"note: the scenario in this log differs from the built-in {terminal_text(card.scenario_id)} "
                   "(it was edited in the log, or the built-in changed since the drill); it was scored with the "
                   "copy in the log", err=True)
    if as_json:
        click.echo(paths["json"].read_text(encoding="utf-8"), nl=False)
        return
    if logged.torn:
        click.echo(f"note: {terminal_text(str(logged.path))} ended in a torn line (a crash mid-write); scored the "
                   "events before it", err=True)
    if not logged.ended:
        click.echo(f"note: the drill did not finish; scored up to minute {logged.events[-1].t:g}", err=True)
    for line in summary_lines(card, paths):
        click.echo(line)
