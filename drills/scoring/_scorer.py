"""Scoring: a pure function from a drill's event log and a playbook to a Scorecard.

    score(events, playbook) -> Scorecard

Each rule the playbook lists runs once over an indexed view of the log (`drills.scoring.rules.DrillLog`) and
returns a score in [0, 1] or None (N/A), with evidence. A capability's score is the weighted mean of
its applicable rules × 100; a critical rule below `critical_fail_below` caps it at the M band's top,
and a critical task never attempted (or scored 0) caps it at the U band's top. The overall score is the
weighted mean of the capabilities that have a score (weights renormalised), rounded to one decimal, held
at the band the failed critical tasks allow (`overall_cap`).

Every rule measures from the first customer report (T0). A log without `incident_reported` (the
drill ended, or the log stops, before the customer wrote) gives the rules nothing to judge: every
rule is N/A with NOT_REPORTED as its note, no capability has a score, and the scorecard says why it
is `not_scored` instead of claiming a failure.

`flag_overruled` events (appended in the debrief) withdraw a finding's penalty when the log is scored
again (a text flag or false claim by its flag id; flag id `finding` scores the whole rule as met);
nothing else about the log changes, so rescoring is deterministic.
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


RATING_ORDER = (Rating.P, Rating.S, Rating.M, Rating.U)
"""Best to worst."""
OVERRULE_WHOLE_RULE = "finding"
"""The flag id of an overrule that withdraws a rule's finding itself (not one text flag of it)."""


def score(events: Sequence[Event], playbook: Playbook, *, explain_overrules: bool = True) -> Scorecard:
    """Score a drill's event log against a playbook (raises EventLogError if it is not a drill log)."""
    log = DrillLog(events)
    capabilities = [_capability(log, cap, playbook) for cap in playbook.capabilities]
    capabilities += [c for c in [objectives_capability(log, playbook)] if c is not None and log.reported]
    scored = [c for c in capabilities if c.score is not None]
    total_weight = sum(c.weight for c in scored)
    overall = round(sum(c.weight * (c.score or 0) for c in scored) / total_weight, 1) if total_weight else 0.0
    cap, failed = overall_cap(capabilities, playbook)
    rating = playbook.rate(overall)
    if cap is not None:
        overall = min(overall, playbook.band(cap).max)
        rating = max(rating, cap, key=RATING_ORDER.index)
    card = Scorecard(
        scenario_id=log.scenario_id,
        scenario_title=str(log.started.get("title") or log.scenario.title),
        seed=int(log.started.get("seed", log.scenario.seed)),
        playbook_id=playbook.id,
        playbook_version=playbook.version,
        score=overall,
        rating=rating,
        capabilities=capabilities,
        figures=_figures(events),
        overruled=_overruled(events),
        not_scored=None if log.reported else NOT_REPORTED,
        capped_at=cap,
        capped_by=[r.rule_id for r in failed],
    )
    if explain_overrules and card.overruled and log.reported:
        card = card.model_copy(update={"overrule_notes": _overrule_notes(events, playbook, card)})
    return card


def critical_failures(capabilities: Sequence[CapabilityResult], playbook: Playbook) -> list[RuleResult]:
    """Critical tasks failed (scored below `critical_fail_below`) or never attempted, in playbook order."""
    return [r for c in capabilities for r in c.rules
            if r.critical and r.score is not None and (not r.attempted or r.score < playbook.critical_fail_below)]


def overall_cap(capabilities: Sequence[CapabilityResult], playbook: Playbook) -> tuple[Rating | None, list[RuleResult]]:
    """The best overall rating the failed critical tasks allow (HSEEP: a failed critical task caps the
    whole exercise, not only its capability), and those tasks.

    One failed critical task caps the overall rating one band above the worst capability that holds a
    failed one (a capability with a failed critical task is M at best, so one failure caps the drill at
    S); each further failed critical task lowers the cap one band, to U at worst. The overall score is
    held at the cap's band maximum, so the number and the rating agree."""
    failed = critical_failures(capabilities, playbook)
    if not failed:
        return None, []
    holding = {r.capability for r in failed}
    worst = max((c.rating or Rating.U for c in capabilities if c.id in holding), key=RATING_ORDER.index)
    index = max(0, RATING_ORDER.index(worst) - 1) + len(failed) - 1
    return RATING_ORDER[min(index, len(RATING_ORDER) - 1)], failed


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
    evidence, attempted = outcome.evidence, outcome.attempted
    whole = log.overrules.get((rule.id, -1, OVERRULE_WHOLE_RULE))
    if whole is not None and value is not None and value < 1:
        d = whole.data
        evidence = [*evidence, Evidence(event_seq=whole.seq, t=whole.t, flag_id=OVERRULE_WHOLE_RULE,
                                        note=f"Overruled by {d.get('by') or 'the facilitator'}: "
                                             f"{d.get('reason') or 'no reason given'}. Scored as met.")]
        value, attempted = 1.0, True
    return RuleResult(
        rule_id=rule.id,
        capability=capability,
        title=rule.title,
        critical=rule.critical,
        score=value,
        exact=spec.exact if outcome.exact is None else outcome.exact,
        weight=rule.weight,
        evidence=evidence,
        advice=rule.advice,
        source=rule.source,
        attempted=attempted,
    )


def _capability(log: DrillLog, cap: Capability, playbook: Playbook) -> CapabilityResult:
    rules = [score_rule(log, rule, cap.id) for rule in cap.rules]
    applicable = [r for r in rules if r.score is not None]
    if not applicable:
        return CapabilityResult(id=cap.id, title=cap.title, score=None, rating=None, weight=cap.weight, rules=rules)
    value = 100 * sum(r.weight * (r.score or 0) for r in applicable) / sum(r.weight for r in applicable)
    if any(r.critical and (not r.attempted or r.score == 0) for r in rules):
        # A critical task never attempted, or attempted and failed outright, was not performed (HSEEP U).
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


def _overrule_notes(events: Sequence[Event], playbook: Playbook, card: Scorecard) -> list[str]:
    """For each overrule that does not move the score, why not (a cap still holds, the rule still fails on
    other findings, or the finding cost nothing). Each overrule is judged by scoring the log without it."""
    notes = []
    for event in events:
        if event.kind != "flag_overruled":
            continue
        without = score([e for e in events if e is not event], playbook, explain_overrules=False)
        if without.score != card.score or without.rating != card.rating:
            continue
        d = event.data
        rule_id = d.get("rule")
        what = f"The overrule of {rule_id or 'a finding'} ({d.get('flag_id')})"
        if rule_id:
            try:
                before, after = without.rule(rule_id), card.rule(rule_id)
            except StopIteration:
                before = after = None
            if before is not None and after is not None and after.score is not None and after.score < 1 and (
                    after.score == before.score):
                notes.append(f"{what} does not change the score: the rule still fails on its other findings.")
                continue
        if card.capped_at is not None and card.capped_by:
            notes.append(f"{what} does not change the score: the overall rating stays capped at "
                         f"{card.capped_at.value} by the failed critical tasks {', '.join(card.capped_by)}.")
        else:
            notes.append(f"{what} does not change the score: that finding cost no points.")
    return notes


def _overruled(events: Sequence[Event]) -> list[str]:
    """Every overrule in the log as 'RULE:event_seq:flag_id', in order, without repeats."""
    seen: dict[str, None] = {}
    for event in events:
        if event.kind == "flag_overruled":
            d = event.data
            seen[f"{d.get('rule') or '*'}:{d.get('event_seq')}:{d.get('flag_id')}"] = None
    return list(seen)
