"""The balance report: how a scenario plays across many drills and teams, for its author.

It answers the author's three questions before ten people sit down for the drill: does the `ideal`
team (which follows the playbook) clearly beat the `passive` and `chaotic` ones (the verdict), which
rules can this drill never teach (no team ever brings them into play), and which injects does no
team ever see (their `when` never held, or the drill ended first).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from drills.teams._headless import FIGURE_LABELS, FORMAT2_FIGURE_LABELS, DrillResult, distribution, format_figure
from drills.world import OutcomeFigures

if TYPE_CHECKING:
    from drills.scenario import Inject, LoadedScenario

CLEAR_GAP = 15.0
"""Median score points by which the ideal team must beat another team, on top of its worst run beating
that team's best run, for the verdict to call the win clear."""


def summarise(loaded: LoadedScenario, results: Mapping[str, Sequence[DrillResult]]) -> dict:
    """Distributions per team (and the per-run values behind them), rules that never came into play,
    injects never seen, and the verdict."""
    teams: dict[str, dict] = {}
    rule_applicable: Counter[str] = Counter()
    rule_titles: dict[str, str] = {}
    seen_injects: set[str] = set()
    every_run = [r for rs in results.values() for r in rs]
    keys = [key for key in OutcomeFigures.model_fields if key not in ("resolved", "sim_minutes", "harms")
            and (key not in FORMAT2_FIGURE_LABELS or any(getattr(r.figures, key) for r in every_run))]
    for team, runs in results.items():
        samples = {key: [getattr(r.figures, key) for r in runs] for key in keys}
        cards = [r.card for r in runs if r.card is not None]
        # A drill that ended before the first customer report has no score (Scorecard.not_scored): it
        # counts as 'never' in the distribution and stays out of the verdict, instead of pulling it to 0.
        scores = [c.score for c in cards if c.scored]
        teams[team] = {
            "runs": len(runs),
            "score": distribution([c.score if c.scored else None for c in cards]) if cards else None,
            "resolved": sum(r.figures.resolved for r in runs),
            "figures": {key: distribution(values) for key, values in samples.items()},
            "scores": scores,
            "samples": samples,
        }
        for run in runs:
            seen_injects.update(e.data["inject_id"] for e in run.events
                                if e.kind == "inject" and e.data.get("inject_id"))
            if run.card is not None:
                for cap in run.card.capabilities:
                    for rule in cap.rules:
                        rule_titles.setdefault(rule.rule_id, rule.title)
                        if rule.score is not None:
                            rule_applicable[rule.rule_id] += 1
    never = sorted(set(rule_titles) - set(rule_applicable))
    unseen = [i for i in loaded.scenario.injects if i.id not in seen_injects]
    return {
        "scenario": loaded.scenario.id,
        "title": loaded.scenario.title,
        "teams": teams,
        "rules_never_in_play": never,
        "rule_titles": {rule_id: rule_titles[rule_id] for rule_id in never},
        "injects_never_seen": [i.id for i in unseen],
        "injects_never_seen_detail": [{"id": i.id, "at": i.at, "kind": i.kind.value, "when": condition_text(i)}
                                      for i in unseen],
        "verdict": verdict(teams),
    }


def condition_text(inject: Inject) -> str:
    """An inject's `when` as the author wrote it ('mitigated: false, escalated: false'), '' if none."""
    return "" if inject.when is None else inject.when.text()


def verdict(teams: Mapping[str, dict]) -> dict | None:
    """Does the ideal team clearly beat every team that breaks the playbook? None without scored ideal runs and
    another such team. The typical team plays the playbook with human habits: its spread says how hard the
    drill is, not whether it rewards the playbook, so it is not compared here.

    Clear means the ideal team's worst run scores above the other team's best run, and its median is
    at least CLEAR_GAP points higher: a drill that does not separate them cannot teach the playbook.
    """
    ideal = (teams.get("ideal") or {}).get("scores") or []
    others = {name: data["scores"] for name, data in teams.items()
              if name not in ("ideal", "typical") and data.get("scores")}
    if not ideal or not others:
        return None
    against: dict[str, dict] = {}
    for name, scores in others.items():
        gap = round(statistics.median(ideal) - statistics.median(scores), 1)
        overlap = min(ideal) <= max(scores)
        against[name] = {"median_gap": gap, "overlap": overlap, "clear": gap >= CLEAR_GAP and not overlap}
    clear = all(v["clear"] for v in against.values())
    if clear:
        parts = [f"{name} (+{v['median_gap']:g} median points)" for name, v in against.items()]
        text = f"the ideal team clearly beats {_and(parts)}: the drill rewards the playbook."
    else:
        parts = []
        for name, v in against.items():
            if v["clear"]:
                continue
            why = [f"{v['median_gap']:+g} median points"]
            if v["overlap"]:
                why.append(f"{name}'s best run scores at least the ideal team's worst")
            parts.append(f"{name} ({'; '.join(why)})")
        text = (f"the ideal team does not clearly beat {_and(parts)}: see 'Balance it' in docs/authoring-guide.md "
                "for what to change.")
    return {"clear": clear, "against": against, "text": text}


def _and(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def summary_rows(summary: Mapping) -> list[tuple[str, list[str]]]:
    """The balance table, one (label, cell per team) row per figure: the score, every outcome figure,
    and how many drills were resolved. The text report and the HTML page both show these rows.

    A cell is the median with the range when the runs differ, and how many runs never reached the
    figure ('never'), or had no score at all ('not scored', see Scorecard.not_scored).
    """
    teams = summary["teams"]
    names = list(teams)

    def cell(dist: dict | None, unit: str, missing: str = "never") -> str:
        if not dist or dist["n"] == 0:
            return missing
        text = format_figure(dist["median"], unit)
        if dist["min"] != dist["max"]:
            text += f" [{format_figure(dist['min'], unit)}–{format_figure(dist['max'], unit)}]"
        if dist["never"]:
            text += f" ({dist['never']} {missing})"
        return text

    rows = [("score (median [min–max])", [cell(teams[n]["score"], "", "not scored") for n in names])]
    rows += [(label, [cell(teams[n]["figures"][key], unit) for n in names])
             for key, (label, unit) in {**FIGURE_LABELS, **FORMAT2_FIGURE_LABELS}.items()
             if key in teams[names[0]]["figures"]]
    rows.append(("resolved", [f"{teams[n]['resolved']}/{teams[n]['runs']}" for n in names]))
    return rows
