"""The balance report: how a scenario plays across many drills and teams, for its author."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from drills.scorecard import OutcomeFigures

if TYPE_CHECKING:
    from drills.loader import LoadedScenario
    from drills.simulate import DrillResult


def summarise(loaded: LoadedScenario, results: Mapping[str, Sequence[DrillResult]]) -> dict:
    """Distributions per team, rules that never came into play, injects never seen."""
    from drills.simulate import distribution

    teams: dict[str, dict] = {}
    rule_applicable: Counter[str] = Counter()
    all_rules: set[str] = set()
    seen_injects: set[str] = set()
    for team, runs in results.items():
        figures = {key: distribution([getattr(r.figures, key) for r in runs])
                   for key in OutcomeFigures.model_fields if key not in ("resolved", "sim_minutes")}
        scores = [r.card.score for r in runs if r.card is not None]
        teams[team] = {
            "runs": len(runs),
            "score": distribution(scores) if scores else None,
            "resolved": sum(r.figures.resolved for r in runs),
            "figures": figures,
        }
        for run in runs:
            seen_injects.update(e.data["inject_id"] for e in run.events
                                if e.kind == "inject" and e.data.get("inject_id"))
            if run.card is not None:
                for cap in run.card.capabilities:
                    for rule in cap.rules:
                        all_rules.add(rule.rule_id)
                        if rule.score is not None:
                            rule_applicable[rule.rule_id] += 1
    return {
        "scenario": loaded.scenario.id,
        "teams": teams,
        "rules_never_in_play": sorted(all_rules - set(rule_applicable)),
        "injects_never_seen": [i.id for i in loaded.scenario.injects if i.id not in seen_injects],
    }


def balance_report(loaded: LoadedScenario, results: Mapping[str, Sequence[DrillResult]], *, as_json: bool,
                   html_dir: Path | None) -> dict:
    summary = summarise(loaded, results)
    if html_dir is not None:
        from drills.balance_html import write_balance_html

        summary["html"] = str(write_balance_html(html_dir, loaded, summary))
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return summary
    from drills.simulate import FIGURE_LABELS, format_figure

    click.echo(f"Balance of {loaded.scenario.title} ({loaded.scenario.id})")
    names = list(summary["teams"])
    header = f"  {'':<34}" + "".join(f"{n:>22}" for n in names)
    click.echo(header)

    def cell(dist: dict | None, unit: str) -> str:
        if not dist or dist["n"] == 0:
            return "never"
        text = f"{format_figure(dist['median'], unit)}"
        if dist["min"] != dist["max"]:
            text += f" [{format_figure(dist['min'], unit)}–{format_figure(dist['max'], unit)}]"
        if dist["never"]:
            text += f" ({dist['never']} never)"
        return text

    rows = [("score (median [min–max])", [cell(summary["teams"][n]["score"], "") for n in names])]
    rows += [(label, [cell(summary["teams"][n]["figures"][key], unit) for n in names])
             for key, (label, unit) in FIGURE_LABELS.items()]
    rows.append(("resolved", [f"{summary['teams'][n]['resolved']}/{summary['teams'][n]['runs']}" for n in names]))
    for label, cells in rows:
        click.echo(f"  {label:<34}" + "".join(f"{c:>22}" for c in cells))
    never = summary["rules_never_in_play"]
    click.echo(f"Rules this drill cannot teach (never in play): {', '.join(never) if never else 'none'}")
    unseen = summary["injects_never_seen"]
    click.echo(f"Injects no team ever saw: {', '.join(unseen) if unseen else 'none'}")
    if "html" in summary:
        click.echo(f"Balance page: {summary['html']}")
    return summary
