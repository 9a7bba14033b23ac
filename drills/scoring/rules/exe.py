"""EXE: escalation to the CEO (seed: the escalate-to-the-CEO guide)."""

from __future__ import annotations

import re

from pydantic import Field, model_validator

from drills.scoring._scorecard import Evidence
from drills.scoring.rules.base import Outcome, Params, clamp, minutes, ramp, rule
from drills.scoring.rules.log import DrillLog
from drills.world import Event


def _first_escalation(log: DrillLog) -> Event | None:
    escalations = log.actions["escalate_to_ceo"]
    return escalations[0] if escalations else None


def _no_escalation() -> Outcome:
    return Outcome(None, [Evidence(note="Nobody briefed the CEO.")])


class Timely(Params):
    full_within: float = Field(ge=0)
    """Minutes after the first business trigger for full credit."""
    zero_after: float = Field(gt=0)
    """Minutes after the trigger from which a late escalation earns nothing."""
    unwarranted_credit: float = Field(ge=0, le=1)
    """Credit for escalating an incident no business trigger made a CEO matter."""

    @model_validator(mode="after")
    def _ordered(self) -> Timely:
        if self.zero_after < self.full_within:
            raise ValueError("zero_after must not be earlier than full_within — raise zero_after")
        return self


@rule("EXE-01", Timely, exact=True)
def escalated_in_time(log: DrillLog, p: Timely) -> Outcome:
    """Warranted = the scenario has business triggers. Escalating before any trigger fired counts as
    anticipating it (full credit). Not escalating is N/A until `full_within` minutes after a trigger."""
    escalation = _first_escalation(log)
    trigger = log.first("ceo_trigger")
    if not log.scenario.escalation_warranted:
        if escalation is None:
            return Outcome(None, [Evidence(note="No business trigger; not escalating was right.")])
        return Outcome(p.unwarranted_credit, [Evidence(event_seq=escalation.seq, t=escalation.t,
                                                       quote=log.text(escalation),
                                                       note="Escalated an incident that did not need the CEO.")])
    if escalation is None:
        if trigger is None or log.end - trigger.t < p.full_within:
            return Outcome(None, [Evidence(note="No business trigger fired in time to expect an escalation.")])
        return Outcome(0.0, [Evidence(event_seq=trigger.seq, t=trigger.t, quote=trigger.data.get("note", ""),
                                      note=f"'{trigger.data.get('trigger')}' made this a CEO matter; "
                                           "nobody escalated.")])
    if trigger is None or escalation.t <= trigger.t:
        return Outcome(1.0, [Evidence(event_seq=escalation.seq, t=escalation.t, quote=log.text(escalation),
                                      note="Briefed the CEO before the business trigger fired.")])
    dt = escalation.t - trigger.t
    return Outcome(ramp(dt, p.full_within, p.zero_after),
                   [Evidence(event_seq=escalation.seq, t=escalation.t, quote=log.text(escalation),
                             note=f"Briefed the CEO {minutes(dt)} after '{trigger.data.get('trigger')}' fired.")])


class Quantified(Params):
    tolerance: float = Field(gt=0, lt=1)
    """How far (as a share of the truth) a stated figure may be off and still count as accurate."""
    quantified_credit: float = Field(ge=0, le=1)
    """Credit for quantifying the impact at all, even with wrong figures."""


@rule("EXE-02", Quantified, exact=False)
def impact_quantified(log: DrillLog, p: Quantified) -> Outcome:
    """drills.scoring.textchecks.quantities() reads money per hour and customers from the first briefing's
    impact (or its whole text). Truth: the customers' revenue per hour summed, and the scenario's
    affected accounts. Score = `quantified_credit` + the rest × the share of checkable figures within
    `tolerance`; a total sum of money alone earns `quantified_credit`."""
    from drills.scoring.textchecks import quantities

    escalation = _first_escalation(log)
    if escalation is None:
        return _no_escalation()
    impact = str(log.act(escalation).get("impact") or "")
    found = quantities(impact) if impact else {}
    if not any(v is not None for v in found.values()):
        found = quantities(log.text(escalation))
    truth = {
        "money_per_hour": sum(float(c.get("revenue_per_hour") or 0) for c in log.customers.values())
        or sum(c.revenue_per_hour for c in log.scenario.customers),
        "customers": float(log.scenario.incident.affected_accounts),
    }
    stated = {k: v for k, v in found.items() if v is not None}
    words = log.text(escalation)
    if not stated:
        return Outcome(0.0, [Evidence(event_seq=escalation.seq, t=escalation.t, quote=words,
                                      note="The impact was not put in numbers (money per hour, customers).")])
    checks, evidence = [], []
    for key, label in (("money_per_hour", "money per hour"), ("customers", "customers affected")):
        if key in stated and truth[key] > 0:
            ok = abs(stated[key] - truth[key]) <= p.tolerance * truth[key]
            checks.append(ok)
            evidence.append(Evidence(event_seq=escalation.seq, t=escalation.t, quote=impact or words,
                                     note=f"Stated {label} {stated[key]:g}; the truth is {truth[key]:g} "
                                          f"({'within' if ok else 'outside'} {p.tolerance:.0%})."))
    if not checks:
        evidence.append(Evidence(event_seq=escalation.seq, t=escalation.t, quote=impact or words,
                                 note="Quantified, but not as money per hour or customers affected."))
        return Outcome(p.quantified_credit, evidence)
    return Outcome(p.quantified_credit + (1 - p.quantified_credit) * sum(checks) / len(checks), evidence)


_PART_WORDS = {
    "impact": r"\b(?:customers?|revenue|accounts?|blocked|cannot|outage|down|\$|€|£)",
    "cause": r"\b(?:cause|because|due to|caused|triggered|after the deploy)\b",
    "mitigation": r"\b(?:mitigat\w*|roll(?:ed|ing)? ?back|rollback|workaround|flag|failover|pause|restor\w*)\b",
    "timeline": r"\b(?:hours?|minutes?|by \d|timeline|expect\w*|eta)\b",
    "ask": r"\b(?:need|decision|approve|approval|your call|from you)\b",
    "update_every": r"\b(?:every \d+|every (?:hour|half hour|\w+ minutes)|hourly|next update|update you)\b",
}
_DEPENDENCY = re.compile(r"\b(?:depend\w*|pending|once|after|if|assuming|provided|as soon as|until|unless)\b",
                         re.IGNORECASE)
PART_NAMES = {
    "impact": "the current state and impact",
    "cause": "the cause as understood",
    "mitigation": "the mitigation under way",
    "timeline": "a realistic timeline",
    "ask": "the resources or decision needed",
    "update_every": "how often the CEO will hear",
}


_TIME_SPAN = re.compile(r"\d|\b(?:an? |one |two |three |four |half (?:an )?)?(?:hours?|minutes?|mins?|noon|"
                        r"tonight|today|tomorrow|end of (?:the )?day)\b", re.IGNORECASE)
_CADENCE = re.compile(_PART_WORDS["update_every"] + r"|\bevery\b|\bhourly\b|\bhalf[- ]hour", re.IGNORECASE)


def _says_something(log: DrillLog, part: str, value: str) -> bool:
    """A filled part must carry content, not a placeholder: the state and cause name this incident, the
    mitigation a repair or step, the timeline a time, the cadence a frequency ("regularly" is none)."""
    if part in ("impact", "cause", "mitigation"):
        return log.specific(value) or bool(re.search(_PART_WORDS["mitigation"], value, re.IGNORECASE))
    if part == "timeline":
        return bool(_TIME_SPAN.search(value))
    if part == "update_every":
        return bool(_CADENCE.search(value))
    return True


class Briefing(Params):
    blame_penalty: float = Field(ge=0, le=1)
    """Score lost per standing blame flag in the briefing."""
    timeline_without_dependency: float = Field(ge=0, le=1)
    """Credit for a timeline that does not say what it depends on."""


@rule("EXE-03", Briefing, exact=False)
def briefing_holds(log: DrillLog, p: Briefing) -> Outcome:
    """A sixth for each part of the first briefing: a filled field that says something (the state, cause and
    mitigation specific to this incident, a timeline with a time, a cadence with a frequency), or (field
    empty) keywords in its text. The timeline earns full only with its dependency ('pending', 'once', 'if' …).
    Blame flags cost `blame_penalty` each."""
    escalation = _first_escalation(log)
    if escalation is None:
        return _no_escalation()
    action = log.act(escalation)
    text = str(action.get("text") or "")
    total, missing = 0.0, []
    for part, pattern in _PART_WORDS.items():
        value = str(action.get(part) or "")
        if not value and re.search(pattern, text, re.IGNORECASE):
            value = text
        if not value:
            missing.append(PART_NAMES[part])
        elif not _says_something(log, part, value):
            missing.append(f"{PART_NAMES[part]} (only \u201c{value.strip()}\u201d)")
        elif part == "timeline" and not _DEPENDENCY.search(value):
            total += p.timeline_without_dependency
            missing.append("what the timeline depends on")
        else:
            total += 1
    standing, evidence = log.judge("EXE-03", escalation, log.flags(escalation, "blame"))
    note = "The briefing holds every part." if not missing else "The briefing lacks " + ", ".join(missing) + "."
    evidence.insert(0, Evidence(event_seq=escalation.seq, t=escalation.t, quote=log.text(escalation), note=note))
    return Outcome(clamp(total / 6 - p.blame_penalty * standing), evidence)


class Concise(Params):
    max_words: int = Field(gt=0)
    """Word count with full credit for length."""
    zero_words: int = Field(gt=0)
    """Word count from which length earns nothing (linear in between)."""

    @model_validator(mode="after")
    def _ordered(self) -> Concise:
        if self.zero_words < self.max_words:
            raise ValueError("zero_words must not be below max_words — raise zero_words")
        return self


_IMPACT_FIRST = re.compile(_PART_WORDS["impact"] + r"|\b\d", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n")


@rule("EXE-04", Concise, exact=False)
def concise(log: DrillLog, p: Concise) -> Outcome:
    """Half for length (full up to `max_words`, none from `zero_words`), half for impact in the first
    sentence: the impact field filled (the briefing leads with it), or the text's first sentence
    naming customers, money or a number."""
    escalation = _first_escalation(log)
    if escalation is None:
        return _no_escalation()
    action = log.act(escalation)
    words = len(log.text(escalation).split())
    length = ramp(words, p.max_words, p.zero_words)
    text = log.text(escalation)
    first_sentence = _SENTENCE.split(text.strip(), maxsplit=1)[0]
    impact_first = bool(action.get("impact")) or bool(_IMPACT_FIRST.search(first_sentence))
    notes = [f"{words} words", "impact first" if impact_first else "the first sentence does not give the impact"]
    return Outcome(clamp(0.5 * length + 0.5 * impact_first),
                   [Evidence(event_seq=escalation.seq, t=escalation.t, quote=first_sentence,
                             note="; ".join(notes).capitalize() + ".")])
