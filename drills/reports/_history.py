"""`drill history`: how a team did across its drills, what it fails most, and what to run next month.

Reads the scorecard.json each drill folder holds (written by `drills.reports`); never rescores. Drills
played by a scripted team (the shipped `reports/example`, `drill simulate` runs) are not the team's:
they stay out of the trend unless asked for (`--all`).
The recommendation matches the team's weakest capabilities against what each scenario's design
exercises (CEO triggers exercise EXE, many repair options REP, red herrings SIT, …).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from drills.files import write_file
from drills.paths import DEFAULT_SCENARIO
from drills.scenario import CheckKind, InjectKind, RepairEffect, RepairKind, Scenario
from drills.scoring import Scorecard
from drills.world import LOG_NAME

RECENT = 3
"""How many of the latest drills decide the team's weakest capabilities."""
TOP_FAILED = 5
GOOD = 80.0
"""Capabilities at or above this (rated P) are not weaknesses."""


@dataclass(frozen=True, slots=True)
class DrillRecord:
    """One drill found on disk."""

    path: Path
    """Its scorecard.json."""
    card: Scorecard
    when: datetime
    team: str
    verified: bool = True
    """False for a drill scored with `drill report --no-verify` (its log was not replayed)."""
    scripted: bool = False
    """Played by a scripted team (an example or a simulation), not by people."""

    @property
    def date(self) -> str:
        return self.when.astimezone().strftime("%Y-%m-%d %H:%M")


def _when(drill: dict, path: Path) -> datetime:
    text = drill.get("date")
    if isinstance(text, str):
        try:
            moment = datetime.fromisoformat(text)
            return moment if moment.tzinfo else moment.astimezone()
        except ValueError:
            pass
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)


def find_drills(folder: Path) -> tuple[list[DrillRecord], list[str]]:
    """Every scorecard.json under folder, oldest drill first; and one warning per unreadable file."""
    records: list[DrillRecord] = []
    warnings: list[str] = []
    if not folder.is_dir():
        return records, warnings
    for path in sorted(folder.rglob("scorecard.json")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue  # a drill still being written (drills.files.staged_folder), or hidden on purpose
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            card = Scorecard.model_validate({k: v for k, v in data.items() if k in Scorecard.model_fields})
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError, ValidationError) as exc:
            warnings.append(f"{path}: skipped, not a scorecard ({exc.__class__.__name__}) — "
                            f"rewrite it with `drill report {path.parent}`")
            continue
        drill = data.get("drill") or {}
        team = str(drill.get("team") or "—")
        records.append(DrillRecord(path, card, _when(drill, path), team, scripted=_scripted(drill),
                                   verified=drill.get("verified", True) is not False))
    records.sort(key=lambda r: (r.when, str(r.path)))
    return records, warnings


def _scripted(drill: dict) -> bool:
    """Whether a scorecard's drill was played by a scripted team: nobody played a part, and every part
    was the script's (the report labels them "ideal team (scripted)")."""
    if drill.get("players"):
        return False
    cast = drill.get("cast") or {}
    if not cast:
        return str(drill.get("team") or "").endswith("(scripted team)")
    return all(str((member or {}).get("played_by") or "").endswith("(scripted)") for member in cast.values())


def most_failed(records: Sequence[DrillRecord], top: int = TOP_FAILED) -> list[tuple[str, str, int, int]]:
    """(rule id, title, drills it failed in, drills it applied in), most failed first."""
    failed: Counter[str] = Counter()
    applied: Counter[str] = Counter()
    titles: dict[str, str] = {}
    for record in records:
        for cap in record.card.capabilities:
            for rule in cap.rules:
                titles[rule.rule_id] = rule.title
                if rule.applicable:
                    applied[rule.rule_id] += 1
                    if not rule.passed:
                        failed[rule.rule_id] += 1
    ranked = sorted(failed, key=lambda rid: (-failed[rid], -failed[rid] / applied[rid], rid))
    return [(rid, titles[rid], failed[rid], applied[rid]) for rid in ranked[:top]]


def capability_averages(records: Sequence[DrillRecord], recent: int = RECENT) -> dict[str, float]:
    """Mean score per capability over the latest `recent` drills (where it applied)."""
    scores: dict[str, list[float]] = {}
    for record in records[-recent:]:
        for cap in record.card.capabilities:
            if cap.score is not None:
                scores.setdefault(cap.id, []).append(cap.score)
    return {cap: sum(values) / len(values) for cap, values in scores.items()}


# --------------------------------------------------------------------------- what a scenario exercises


def _share(count: float, full: float) -> float:
    return max(0.0, min(count / full, 1.0))


def exercise_profile(scenario: Scenario) -> dict[str, tuple[float, str]]:
    """How much the scenario's design exercises each capability (0–1), and why, in a few words."""
    incident = scenario.incident
    injects = Counter(i.kind for i in scenario.injects)
    joins, colleagues = injects[InjectKind.join_request], injects[InjectKind.colleague_message]
    customer_msgs, tickets, ceo_msgs = (injects[InjectKind.customer_message], injects[InjectKind.ticket],
                                        injects[InjectKind.ceo_message])
    herrings = sum(c.red_herring for c in scenario.clues)
    failing = sum(r.effect in (RepairEffect.none, RepairEffect.worse) for r in scenario.repairs)
    slow = any(r.kind in (RepairKind.hotfix, RepairKind.rewrite) for r in scenario.repairs)
    senior = max(scenario.cast, key=lambda c: c.seniority)
    senior_not_closest = senior not in scenario.closest_to_failure
    reproduce = any(c.kind is CheckKind.reproduce for c in scenario.checks)
    partial = any(r.effect is RepairEffect.mitigates for r in scenario.repairs)
    triggers = len(incident.ceo_triggers)

    def why(*parts: tuple[bool, str]) -> str:
        return ", ".join(text for shown, text in parts if shown)

    return {
        "CMD": (0.35 * _share(joins, 2) + 0.25 * _share(colleagues, 8) + 0.2 * (len(scenario.cast) >= 5)
                + 0.2 * senior_not_closest,
                why((joins > 0, f"{joins} join requests"), (colleagues > 0, f"{colleagues} colleague messages"),
                    (senior_not_closest, "a senior title tempting as owner"))),
        "SIT": (0.4 * _share(len(scenario.checks), 8) + 0.4 * _share(herrings, 4)
                + 0.2 * _share(len(scenario.par.must_find), 4),
                why((bool(scenario.checks), f"{len(scenario.checks)} checks"),
                    (herrings > 0, f"{herrings} red herrings"))),
        "INT": (0.5 * _share(scenario.par.mitigate_minutes, 60) + 0.5 * _share(colleagues, 10),
                why((True, f"par {scenario.par.mitigate_minutes:g} min to mitigate"),
                    (colleagues > 0, f"{colleagues} distractions"))),
        "CUS": (0.4 * _share(customer_msgs, 4) + 0.3 * _share(30 - scenario.customer.patience, 15)
                + 0.3 * _share(tickets, 4),
                why((customer_msgs > 0, f"{customer_msgs} customer messages"),
                    (True, f"customer patience {scenario.customer.patience:g} min"),
                    (tickets > 0, f"{tickets} tickets"))),
        "EXE": ((0.6 * _share(triggers, 3) + 0.4 * _share(ceo_msgs, 2)) if triggers else 0.0,
                why((triggers > 0, f"{triggers} CEO triggers"), (ceo_msgs > 0, f"{ceo_msgs} CEO messages"))
                or "no CEO trigger"),
        "REP": (0.4 * _share(len(scenario.repairs), 6) + 0.3 * _share(failing, 2) + 0.3 * slow,
                why((True, f"{len(scenario.repairs)} repair options"), (failing > 0, f"{failing} that fail"),
                    (slow, "a tempting slow fix"))),
        "CLO": (0.4 * reproduce + 0.3 * _share(incident.affected_accounts - 1, 10) + 0.3 * partial,
                why((reproduce, "a reproduction to verify with"),
                    (incident.affected_accounts > 1, f"{incident.affected_accounts} accounts to re-check"),
                    (partial, "a repair that only mitigates"))),
        "LRN": (0.5, "every drill ends with the timeline and review"),
    }


@dataclass(frozen=True, slots=True)
class Recommendation:
    scenario: Scenario
    match: float
    weakest: list[tuple[str, float]]
    """The weak capabilities that decided it, with the team's recent average."""
    reasons: dict[str, str]

    def line(self) -> str:
        focus = [cap for cap, _ in self.weakest[:2]]
        exercised = "; ".join(f"{cap}: {self.reasons[cap]}" for cap in focus if cap in self.reasons)
        averages = ", ".join(f"{cap} {avg:.0f}" for cap, avg in self.weakest[:2])
        return (f"Next month: {self.scenario.id} — {self.scenario.title}. It exercises your weakest capabilities "
                f"({averages} over the last {RECENT} drills) — {exercised}.")


def recommend(records: Sequence[DrillRecord], scenarios: Sequence[Scenario]) -> Recommendation | None:
    """The scenario whose design best exercises the team's weakest capabilities.

    A capability weighs (80 − its recent average) / 80 when below P; if every one is P, all weigh by
    how far they are from 100. Ties go to the scenario the team has played least, then by id.
    """
    if not records or not scenarios:
        return None
    averages = capability_averages(records)
    weights = {cap: (GOOD - avg) / GOOD for cap, avg in averages.items() if avg < GOOD}
    if not weights:
        weights = {cap: (100 - avg) / 100 for cap, avg in averages.items()}
    played = Counter(r.card.scenario_id for r in records)
    best: tuple[tuple[float, int, str], Scenario, dict[str, tuple[float, str]]] | None = None
    for scenario in scenarios:
        profile = exercise_profile(scenario)
        match = sum(weight * profile.get(cap, (0.0, ""))[0] for cap, weight in weights.items())
        key = (-round(match, 6), played[scenario.id], scenario.id)
        if best is None or key < best[0]:
            best = (key, scenario, profile)
    assert best is not None
    key, scenario, profile = best
    weakest = sorted(((cap, averages[cap]) for cap in weights), key=lambda pair: (pair[1], pair[0]))
    return Recommendation(scenario, -key[0], weakest, {cap: why for cap, (_, why) in profile.items()})


def seen_scenarios(records: Sequence[DrillRecord]) -> list[Scenario]:
    """The scenarios of the drills found (from each log's drill_started), newest version of each id."""
    from drills.errors import InputError
    from drills.scenario import load_scenario_text

    found: dict[str, Scenario] = {}
    for record in records:
        log = record.path.parent / LOG_NAME
        try:
            with log.open(encoding="utf-8") as handle:
                started = json.loads(handle.readline())
            found[record.card.scenario_id] = load_scenario_text(started["data"]["scenario_source"],
                                                                str(log)).scenario
        except (OSError, ValueError, KeyError, TypeError, InputError):
            continue  # a drill without a readable log still counts in the history, just not as a candidate
    return list(found.values())


def _builtin_scenarios() -> list[Scenario]:
    from drills.scenario import builtin_scenarios

    return builtin_scenarios()


def candidate_scenarios(records: Sequence[DrillRecord]) -> list[Scenario]:
    """Built-in scenarios, plus any other scenario the team has played."""
    builtin = _builtin_scenarios()
    ids = {s.id for s in builtin}
    return builtin + [s for s in seen_scenarios(records) if s.id not in ids]


# --------------------------------------------------------------------------- output


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table_lines(records: Sequence[DrillRecord]) -> list[str]:
    from drills.terminal import terminal_text

    caps: list[str] = []
    for record in records:
        caps += [c.id for c in record.card.capabilities if c.id not in caps]
    rows = [["Date", "Scenario", "Team", "Score", *caps]]
    for record in records:
        ratings = {c.id: (c.rating.value if c.rating else "–") for c in record.card.capabilities}
        score = f"{record.card.score:.0f} {record.card.rating.value}" if record.card.scored else "not scored"
        if not record.verified:
            score += " unverified"
        rows.append([record.date, _fit(terminal_text(record.card.scenario_id), 32),
                     _fit(terminal_text(record.team), 28), score, *[ratings.get(cap, "·") for cap in caps]])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]


def write_history_html(path: Path, records: Sequence[DrillRecord], failed: Sequence[tuple[str, str, int, int]],
                       recommendation: Recommendation | None) -> bool:
    """Write the trend page (never through a link); True if it replaced an earlier file."""
    from markupsafe import Markup

    from drills.reports._charts import trend_svg
    from drills.reports._report import jinja_environments

    caps: list[str] = []
    for record in records:
        caps += [c.id for c in record.card.capabilities if c.id not in caps]
    series = {cap: [next((c.score for c in r.card.capabilities if c.id == cap), None) for r in records]
              for cap in caps}
    overall = [r.card.score if r.card.scored else float("nan") for r in records]  # a gap, not a zero
    chart = Markup(trend_svg([r.date for r in records], series, overall))
    html = jinja_environments()[0].get_template("history.html.j2").render(
        records=records, caps=caps, failed=failed, chart=chart,
        recommendation=recommendation.line() if recommendation else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_file(path, html)


def history_command(folder: Path, *, html_path: Path | None, include_scripted: bool = False,
                    out: Callable[[str], None] | None = None, err: Callable[[str], None] | None = None) -> None:
    """`drill history [DIR]`: the table of drills, the rules failed most, and next month's scenario.
    Drills played by a scripted team are left out unless `include_scripted` (`--all`)."""
    import click

    from drills.terminal import terminal_text

    echo = out or click.echo
    warn = err or (lambda line: click.echo(line, err=True))
    found, warnings = find_drills(folder)
    for warning in warnings:
        warn(f"warning: {terminal_text(warning)}")
    records = [r for r in found if include_scripted or not r.scripted]
    left_out = len(found) - len(records)
    note = (f"({left_out} drill{'s' if left_out != 1 else ''} played by a scripted team, examples and "
            "simulations, left out — `drill history --all` includes them)") if left_out else ""
    if not records:
        shown = terminal_text(folder.as_posix().rstrip("/") + "/")
        if left_out:
            echo(f"No drills of your team found under {shown} — `drill play` runs one. {note}")
        else:
            echo(f"No drills found under {shown} — run `drill simulate {DEFAULT_SCENARIO}` or `drill play` first.")
        return
    for line in table_lines(records):
        echo(line)
    if note:
        echo(note)
    failed = most_failed(records)
    if failed:
        echo("")
        echo(f"Rules failed most often (of {len(records)} drills):")
        for rule_id, title, count, applied in failed:
            echo(f"  {rule_id:<7} failed {count} of {applied}  {terminal_text(title)}")
    recommendation = recommend(records, candidate_scenarios(records))
    if recommendation is not None:
        echo("")
        echo(terminal_text(recommendation.line()))
    if html_path is not None:
        replaced = write_history_html(html_path, records, failed, recommendation)
        echo(f"Trend chart: {terminal_text(str(html_path))}" + (" (replaced the earlier file)" if replaced else ""))
    unverified = sum(not r.verified for r in records)
    if unverified:
        echo("")
        echo(f"{unverified} of {len(records)} drills are unverified: scored with `drill report --no-verify`, "
             "their logs were not replayed.")
