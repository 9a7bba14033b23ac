"""What the team says, checked against what was true: one rule per audience.

CUS-10 (the customer), INT-06 (the incident record), EXE-05 (the CEO). Each reads what an update claims
(drills.scoring._statements) and asks the world's truth at the moment it was sent (drills.scoring._truth):
a function said to work while it failed, "fixed" before it was, "the whole app is down" while most of it
worked, "no data was lost" when data was, "you don't need to do anything" while the clean-up never came.
A cause stated as fact is checked too: before any clue supported one it is an unverified claim, and a
cause that names nothing the world knows of (the scenario's `cause_words`) is a false one. Every finding
quotes the words beside the truth, and the facilitator can overrule it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import Field

from drills.scoring._scorecard import Evidence
from drills.scoring.rules.base import Outcome, Params, clamp, rule
from drills.scoring.rules.log import AUDIENCE_OF, DrillLog, TextFlag
from drills.world import INCIDENT_THREAD, Event


class Truthful(Params):
    penalty_per_false_claim: float = Field(gt=0, le=1)
    """Score lost per claim the world contradicted when it was made (not overruled)."""
    penalty_per_unsupported: float = Field(ge=0, le=1)
    """Score lost per claim nothing supported yet: a cause stated as fact before any clue supported it, a
    hedged scare (data "may be deleted") with nothing at risk, a bare fix time (internal and CEO updates)."""


@dataclass(frozen=True, slots=True)
class _Finding:
    flag: TextFlag
    false: bool


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def _sentence_around(text: str, matched: str) -> str:
    at = text.lower().find(matched.lower())
    if at < 0:
        return matched
    for m in _SENTENCE.finditer(text):
        if m.start() <= at < m.end():
            return m.group(0).strip()
    return matched


def _findings(log: DrillLog, event: Event, audience: str, *, promises: bool) -> list[_Finding]:
    out: list[_Finding] = []
    speaker = log.name(event.actor)
    for claim, truth in log.false_claims(event):
        flag_id = f"false_claim:{claim.kind}" + (f":{claim.function}" if claim.function else "")
        when = log.clock(event.t)
        note = f"At {when} {speaker} said \u201c{claim.quote}\u201d; at {when} {truth}."
        if claim.hedged:
            out.append(_Finding(TextFlag(flag_id, claim.quote, note + " A scare nothing supported."), False))
        else:
            out.append(_Finding(TextFlag(flag_id, claim.quote, note), True))
    text = log.text(event)
    cause_words = [w.lower() for w in log.scenario.incident.cause_words]
    supported_at = log.truth.cause_supported_at()
    for flag in log.flags(event, "root_cause_claim"):
        sentence = _sentence_around(text, flag.matched)
        if cause_words and not any(w in sentence.lower() for w in cause_words):
            out.append(_Finding(TextFlag("wrong_cause", flag.matched,
                                         f"{speaker} stated a cause as fact (\u201c{sentence}\u201d) that the evidence "
                                         f"never showed: {log.scenario.incident.root_cause.split('.')[0].strip()}."),
                                True))
        elif audience != "customer" and (supported_at is None or event.t < supported_at):
            out.append(_Finding(TextFlag("unverified_cause", flag.matched,
                                         f"{speaker} stated a cause as fact at {log.clock(event.t)} (\u201c{sentence}"
                                         "\u201d) before any clue supported it; call it a guess until one does."),
                                False))
    if promises:
        for flag in log.flags(event, "fix_time_promise"):
            out.append(_Finding(TextFlag("fix_time_promise", flag.matched,
                                         f"A bare fix time (\u201c{flag.matched}\u201d): give the estimate with "
                                         "what it depends on, or the time of the next update."), False))
    return out


def _judge(rule_id: str, log: DrillLog, events: list[Event], audience: str, p: Truthful, *,
           promises: bool) -> Outcome:
    penalty, evidence, checked = 0.0, [], 0
    for event in events:
        findings = _findings(log, event, audience, promises=promises)
        if not findings and not log.claims(event):
            continue  # it claimed nothing the world could contradict: neither true nor false
        checked += 1
        for finding in findings:
            standing, found = log.judge(rule_id, event, [finding.flag])
            penalty += standing * (p.penalty_per_false_claim if finding.false else p.penalty_per_unsupported)
            evidence.extend(found)
    if not checked:
        return Outcome(None, [Evidence(note="Nothing was said that the world could contradict.")])
    if not evidence:
        evidence.append(Evidence(note=f"What {checked} messages claimed about the world was true when sent."))
    return Outcome(clamp(1 - penalty), evidence, exact=False)


@rule("CUS-10", Truthful, exact=False)
def customer_told_the_truth(log: DrillLog, p: Truthful) -> Outcome:
    """Every customer update's claims (what works, what fails, fixed, scope, data, what the customer must
    do, the cause) against the truth when it was sent; each false claim costs `penalty_per_false_claim`,
    each scare nothing supported `penalty_per_unsupported`."""
    updates = log.actions["customer_update"]
    if not updates:
        return Outcome(None, [Evidence(note="Nobody wrote to the customer (see CUS-01).")])
    return _judge("CUS-10", log, updates, "customer", p, promises=False)


def record_events(log: DrillLog) -> list[Event]:
    """What the team wrote down as the state of things: incident-thread updates, facts, handoffs."""
    out = []
    for event in log.by_kind["action"]:
        action = event.data["action"]
        kind = action["kind"]
        if AUDIENCE_OF.get(kind) != "internal":
            continue
        if kind == "post_update" and action.get("channel", INCIDENT_THREAD) != INCIDENT_THREAD:
            continue
        if kind == "add_note" and action.get("label") != "fact":
            continue
        if kind == "assign_owner" and not (action.get("facts") or action.get("scope")):
            continue
        out.append(event)
    return out


@rule("INT-06", Truthful, exact=False)
def record_is_true(log: DrillLog, p: Truthful) -> Outcome:
    """Internal updates in the thread, facts noted and handoffs: false claims cost
    `penalty_per_false_claim`; a cause stated as fact before a clue supported it, or a bare fix time,
    `penalty_per_unsupported`."""
    events = record_events(log)
    if not events:
        return Outcome(None, [Evidence(note="Nothing was written down as fact (see INT-03 and SIT-03).")])
    return _judge("INT-06", log, events, "internal", p, promises=True)


@rule("EXE-05", Truthful, exact=False)
def ceo_told_the_truth(log: DrillLog, p: Truthful) -> Outcome:
    """The CEO briefings' claims against the truth when made; a cause stated as fact before a clue supported
    it, or a bare fix time with no dependency, costs `penalty_per_unsupported`."""
    briefings = log.actions["escalate_to_ceo"]
    if not briefings:
        return Outcome(None, [Evidence(note="Nobody briefed the CEO.")])
    return _judge("EXE-05", log, briefings, "executive", p, promises=True)
