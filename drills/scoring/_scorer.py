"""Scoring: a pure function from a drill's event log and a playbook to a Scorecard.

    score(events, playbook) -> Scorecard

Each rule the playbook lists runs once over an indexed view of the log (`drills.scoring.rules.DrillLog`) and
returns a score in [0, 1] or None (N/A), with evidence. A capability's score is the weighted mean of
its applicable rules × 100; a critical rule below `critical_fail_below` caps it at the M band's top,
and a critical task never attempted caps it at the U band's top. The overall score is the weighted
mean of the capabilities that have a score (weights renormalised), rounded to one decimal.

Every rule measures from the first customer report (T0). A log without `incident_reported` (the
drill ended, or the log stops, before the customer wrote) gives the rules nothing to judge: every
rule is N/A with NOT_REPORTED as its note, no capability has a score, and the scorecard says why it
is `not_scored` instead of claiming a failure.

`flag_overruled` events (appended in the debrief) withdraw a text flag's penalty when the log is
scored again; nothing else about the log changes, so rescoring is deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence

from drills.scoring._objectives import objectives_capability
from drills.scoring._playbook import Capability, Playbook, Rule
from drills.scoring._scorecard import CapabilityResult, Evidence, Rating, RuleResult, Scorecard
from drills.scoring.rules import REGISTRY, DrillLog
from drills.world import Event, OutcomeFigures, figures

NOT_REPORTED = "the drill ended before the incident was reported"
"""Why a drill without a first customer report has no score (every rule's note, and Scorecard.not_scored)."""


def score(events: Sequence[Event], playbook: Playbook) -> Scorecard:
    """Score a drill's event log against a playbook (raises EventLogError if it is not a drill log)."""
    log = DrillLog(events)
    capabilities = [_capability(log, cap, playbook) for cap in playbook.capabilities]
    capabilities += [c for c in [objectives_capability(log, playbook)] if c is not None and log.reported]
    scored = [c for c in capabilities if c.score is not None]
    total_weight = sum(c.weight for c in scored)
    overall = round(sum(c.weight * (c.score or 0) for c in scored) / total_weight, 1) if total_weight else 0.0
    return Scorecard(
        scenario_id=log.scenario_id,
        scenario_title=str(log.started.get("title") or log.scenario.title),
        seed=int(log.started.get("seed", log.scenario.seed)),
        playbook_id=playbook.id,
        playbook_version=playbook.version,
        score=overall,
        rating=playbook.rate(overall),
        capabilities=capabilities,
        figures=_figures(events),
        overruled=_overruled(events),
        not_scored=None if log.reported else NOT_REPORTED,
    )


def score_rule(log: DrillLog, rule: Rule, capability: str) -> RuleResult:
    """Run one rule of a playbook over an indexed log."""
    spec = REGISTRY[rule.id]
    if not log.reported:
        return RuleResult(rule_id=rule.id, capability=capability, title=rule.title, critical=rule.critical,
                          score=None, exact=spec.exact, weight=rule.weight,
                          evidence=[Evidence(note=NOT_REPORTED[:1].upper() + NOT_REPORTED[1:] + ".")],
                          advice=rule.advice, source=rule.source)
    outcome = spec.fn(log, spec.params.model_validate(rule.params))
    # Rounded far below any threshold, only so 0.19999999999999996 reads 0.2 in JSON and reports.
    value = None if outcome.score is None else round(min(1.0, max(0.0, outcome.score)), 9)
    return RuleResult(
        rule_id=rule.id,
        capability=capability,
        title=rule.title,
        critical=rule.critical,
        score=value,
        exact=spec.exact if outcome.exact is None else outcome.exact,
        weight=rule.weight,
        evidence=outcome.evidence,
        advice=rule.advice,
        source=rule.source,
        attempted=outcome.attempted,
    )


def _capability(log: DrillLog, cap: Capability, playbook: Playbook) -> CapabilityResult:
    rules = [score_rule(log, rule, cap.id) for rule in cap.rules]
    applicable = [r for r in rules if r.score is not None]
    if not applicable:
        return CapabilityResult(id=cap.id, title=cap.title, score=None, rating=None, weight=cap.weight, rules=rules)
    value = 100 * sum(r.weight * (r.score or 0) for r in applicable) / sum(r.weight for r in applicable)
    if any(r.critical and not r.attempted for r in rules):
        value, rating = min(value, playbook.band(Rating.U).max), Rating.U
    else:
        if any(r.critical and (r.score or 0) < playbook.critical_fail_below for r in applicable):
            value = min(value, playbook.band(Rating.M).max)
        rating = playbook.rate(round(value, 1))
    return CapabilityResult(id=cap.id, title=cap.title, score=round(value, 1), rating=rating, weight=cap.weight,
                            rules=rules)


def _figures(events: Sequence[Event]) -> OutcomeFigures:
    # Debrief overrules are appended after the drill; they must not move its end.
    return figures([e for e in events if e.kind != "flag_overruled"])


def _overruled(events: Sequence[Event]) -> list[str]:
    """Every overrule in the log as 'RULE:event_seq:flag_id', in order, without repeats."""
    seen: dict[str, None] = {}
    for event in events:
        if event.kind == "flag_overruled":
            d = event.data
            seen[f"{d.get('rule') or '*'}:{d.get('event_seq')}:{d.get('flag_id')}"] = None
    return list(seen)
