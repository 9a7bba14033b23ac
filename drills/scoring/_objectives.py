"""Scenario objectives (format 2): duties of this incident ("notify the payment provider", "tell the
data-protection officer within the hour"), scored as their own capability, OBJ.

Each objective is a rule of OBJ. Its clock starts at the first report (or when its `after_inject`
arrives; never arriving, it is N/A). It is met by the first action that matches it (one of its action
kinds, naming one of its words): full credit by the deadline, none at twice the deadline, linear in
between; an update that reached nobody (`update_undelivered`) meets nothing. An objective with no
`match`, or one no action met, can be judged by the facilitator in the debrief: an `objective_judged`
event (met or not, with a reason) decides it, the last one winning.
"""

from __future__ import annotations

from collections.abc import Sequence

from drills.scenario import Objective
from drills.scoring._playbook import Playbook, load_playbook
from drills.scoring._scorecard import CapabilityResult, Evidence, RuleResult
from drills.scoring.rules import DrillLog
from drills.world import Event

CAPABILITY = "OBJ"
WEIGHT = 10.0
"""OBJ's weight beside the playbook's capabilities (whose weights add up to 100)."""
_TEXT_FIELDS = ("text", "known", "affected", "next_check", "works", "fails", "unknown", "impact", "cause",
                "mitigation", "timeline", "ask", "update_every", "task", "facts", "scope", "item")


def action_text(action: dict) -> str:
    """Every free-text field of an action, lower case, for matching words."""
    return " ".join(str(action.get(k) or "") for k in _TEXT_FIELDS).lower()


def clock_start(objective: Objective, events: Sequence[Event]) -> float | None:
    """When the objective's clock starts: its inject's arrival, or the first report (None: not yet)."""
    kind, key = ("inject", objective.after_inject) if objective.after_inject else ("incident_reported", None)
    for event in events:
        if event.kind == kind and (key is None or event.data.get("inject_id") == key):
            return event.t
    return None


def meeting_action(objective: Objective, events: Sequence[Event], start: float) -> Event | None:
    """The first action at or after `start` that meets the objective's `match` (None: none, or no match)."""
    match = objective.match
    if match is None:
        return None
    undelivered = {e.data.get("action_seq") for e in events if e.kind == "update_undelivered"}
    for event in events:
        if event.kind != "action" or event.t < start or event.seq in undelivered:
            continue
        action = event.data["action"]
        if action["kind"] not in match.actions:
            continue
        if match.repair is not None and action.get("repair") != match.repair:
            continue
        if match.words and not any(w.lower() in action_text(action) for w in match.words):
            continue
        return event
    return None


def objectives_capability(log: DrillLog, playbook: Playbook | None = None) -> CapabilityResult | None:
    """OBJ for a scenario that declares objectives (None otherwise)."""
    objectives = log.scenario.objectives
    if not objectives:
        return None
    rules = [_objective_rule(log, objective) for objective in objectives]
    applicable = [r for r in rules if r.score is not None]
    if not applicable:
        return CapabilityResult(id=CAPABILITY, title="Scenario objectives", score=None, rating=None, weight=WEIGHT,
                                rules=rules)
    value = 100 * sum(r.weight * (r.score or 0) for r in applicable) / sum(r.weight for r in applicable)
    rating = (playbook or load_playbook(None)).rate(round(value, 1))
    return CapabilityResult(id=CAPABILITY, title="Scenario objectives", score=round(value, 1), rating=rating,
                            weight=WEIGHT, rules=rules)


def _objective_rule(log: DrillLog, objective: Objective) -> RuleResult:
    rule_id = f"OBJ-{objective.id}"
    base = {"rule_id": rule_id, "capability": CAPABILITY, "title": objective.duty, "critical": False,
            "weight": objective.weight, "advice": f"Within {objective.deadline:g} minutes: {objective.duty}.",
            "source": "this scenario's objectives"}
    start = clock_start(objective, log.events)
    judged = [e for e in log.by_kind["objective_judged"] if e.data.get("objective_id") == objective.id]
    if judged:
        last = judged[-1]
        verdict = "met" if last.data.get("met") else "not met"
        return RuleResult(**base, score=1.0 if last.data.get("met") else 0.0, exact=False,
                          evidence=[Evidence(event_seq=last.seq, t=last.t, quote=str(last.data.get("reason", "")),
                                             note=f"judged {verdict} by {last.data.get('by', 'the facilitator')}")])
    if start is None:
        return RuleResult(**base, score=None, exact=True,
                          evidence=[Evidence(note=f"inject '{objective.after_inject}' never arrived")])
    if objective.match is None:
        return RuleResult(**base, score=None, exact=False,
                          evidence=[Evidence(note="for the facilitator to judge in the debrief")])
    event = meeting_action(objective, log.events, start)
    if event is None:
        return RuleResult(**base, score=0.0, exact=True,
                          evidence=[Evidence(note=f"no {' or '.join(objective.match.actions)} did it")])
    late = event.t - start
    deadline = objective.deadline
    value = 1.0 if late <= deadline else max(0.0, 1 - (late - deadline) / deadline)
    return RuleResult(**base, score=value, exact=not objective.match.words,
                      evidence=[Evidence(event_seq=event.seq, t=event.t, quote=action_text(event.data["action"])[:200],
                                         note=f"done {late:g} min in (deadline {deadline:g})")])
