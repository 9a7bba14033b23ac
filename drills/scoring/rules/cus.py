"""CUS: one voice to the customer (seed: 'Pick one person to talk to the customer', 'Quick checks
before you update the customer'; Statuspage; PagerDuty on resolution estimates)."""

from __future__ import annotations

import math
import re

from pydantic import Field

from drills.scoring._scorecard import Evidence
from drills.scoring.rules.base import NoParams, Outcome, Params, clamp, minutes, missed_beats, ramp, rule
from drills.scoring.rules.cmd import Deadline
from drills.scoring.rules.internal import Content, PerFlag, Rhythm, parts_answered
from drills.scoring.rules.log import DrillLog
from drills.world import Event


def _updates(log: DrillLog) -> list[Event]:
    return log.actions["customer_update"]


def _heard(log: DrillLog) -> list[Event]:
    """Customer updates that reached the customer: one sent on a channel that was down or stale
    (`update_undelivered`) was written but never heard, so it keeps no promise of a first word or a rhythm."""
    lost = {int(e.data.get("action_seq", -1)) for e in log.by_kind["update_undelivered"]}
    return [e for e in _updates(log) if e.seq not in lost]


def _before_recovery(log: DrillLog) -> list[Event]:
    """Customer updates sent while the customer was still blocked (closing messages are CUS-09's)."""
    confirmed = log.confirmed_recovery()
    return [e for e in _updates(log) if confirmed is None or e.t < confirmed.t]


@rule("CUS-01", Deadline, exact=True)
def first_word(log: DrillLog, p: Deadline) -> Outcome:
    """Minutes from the report to the first customer_update: full by `full_by`, none from `zero_after`.
    Never writing to the customer is a critical task never attempted; an update the customer never got
    (its channel was down) does not count."""
    updates = _heard(log)
    if not updates:
        unheard = bool(_updates(log))
        return Outcome(0.0, [Evidence(note="Nothing the team wrote reached the customer: the channel it used was "
                                           "down." if unheard else "Nobody ever wrote to the customer.")],
                       attempted=unheard)
    first = updates[0]
    dt = log.rel(first.t)
    return Outcome(ramp(dt, p.full_by, p.zero_after),
                   [Evidence(event_seq=first.seq, t=first.t, quote=log.text(first),
                             note=f"{log.name(first.actor)} wrote to the customer {minutes(dt)} after the report.")])


@rule("CUS-02", Rhythm, exact=True)
def customer_rhythm(log: DrillLog, p: Rhythm) -> Outcome:
    """From the report until the customer confirms recovery (or the final resolution, or the end of the
    log): 1 − missed / expected updates as in INT-01, capped after a long silence, so a silence on the
    outcome figures is a silence here too (the first word's timing is also CUS-01's). A confirmation the
    incident's reopening took back does not end the rhythm; an update that repeats the previous one
    within max_gap/3 minutes is spam, not a beat."""
    updates = _heard(log)
    if not updates:
        return Outcome(None, [Evidence(note="No customer updates reached the customer to keep a rhythm (see CUS-01).")])
    confirmed = log.confirmed_recovery()
    end = confirmed.t if confirmed else log.live_end
    start = log.t0
    if end <= updates[0].t:
        return Outcome(None, [Evidence(note="Recovery came before a second update was due.")])
    beats = [e.t for e in updates if log.repeats(e, p.max_gap / 3) is None]
    missed, late = missed_beats(beats, start, end, p.max_gap, p.grace)
    value = clamp(1 - missed / max(1, math.ceil((end - start) / p.max_gap)))
    if max((b - a for a, b in late), default=0.0) > p.hard_cap_gap:
        value = min(value, p.hard_cap_credit)
    evidence = [Evidence(t=b, note=f"The customer heard nothing for {minutes(b - a)} "
                                   f"(from {minutes(log.rel(a))} after the report).") for a, b in late]
    if not late:
        evidence.append(Evidence(note=f"{len(updates)} customer updates, never more than {p.max_gap:g} min apart."))
    undone = log.first("customer_retried", works=True)
    if confirmed is None and undone is not None:
        evidence.append(Evidence(event_seq=undone.seq, t=undone.t,
                                 note=f"The customer confirmed recovery {minutes(log.rel(undone.t))} after the "
                                      "report, but the incident reopened, so the rhythm runs on."))
    return Outcome(value, evidence)


class OneVoice(Params):
    penalty_per_extra_voice: float = Field(gt=0, le=1)
    """Score lost per extra person who writes to the customer without a documented handoff."""


_VOICE_TASK = re.compile(
    r"\bcustomer\b.{0,30}\b(?:updates?|comms|communications?|messages?|contact|voice)\b"
    r"|\b(?:talk|speak|write|reply|respond|answer)s?\b.{0,20}\bcustomer\b"
    r"|\b(?:comms|communications?) (?:lead|role)\b",
    re.IGNORECASE,
)


@rule("CUS-03", OneVoice, exact=True)
def one_voice(log: DrillLog, p: OneVoice) -> Outcome:
    """Distinct people who sent customer updates. The first is the voice; a later one is fine when the
    role was handed to them first: an assign_task to that person whose task mentions customer updates
    ("you take over customer updates"). Every other voice costs `penalty_per_extra_voice`."""
    updates = _updates(log)
    if not updates:
        return Outcome(None, [Evidence(note="Nobody wrote to the customer (see CUS-01).")])
    voices: dict[str, Event] = {}
    for event in updates:
        voices.setdefault(event.actor or "", event)
    extra, evidence, heuristic = 0, [], False
    for i, (person, first) in enumerate(voices.items()):
        if i == 0:
            evidence.append(Evidence(event_seq=first.seq, t=first.t, quote=log.text(first),
                                     note=f"{log.name(person)} speaks to the customer."))
            continue
        handed = next((e for e in log.actions["assign_task"]
                       if log.act(e).get("assignee") == person and e.seq < first.seq
                       and _VOICE_TASK.search(log.act(e)["task"])), None)
        if handed is not None:
            heuristic = True
            evidence.append(Evidence(event_seq=handed.seq, t=handed.t, quote=log.act(handed)["task"],
                                     note=f"Customer updates handed to {log.name(person)}."))
        else:
            extra += 1
            evidence.append(Evidence(event_seq=first.seq, t=first.t, quote=log.text(first),
                                     note=f"{log.name(person)} also wrote to the customer: voice number {i + 1}."))
    return Outcome(clamp(1 - p.penalty_per_extra_voice * extra), evidence, exact=not heuristic)


CUSTOMER_PARTS = {
    "works": ("what still works", "missing_what_works"),
    "fails": ("what fails", "missing_what_fails"),
    "unknown": ("what is not known yet", "missing_what_is_unknown"),
}


@rule("CUS-04", Content, exact=True)
def works_fails_unknown(log: DrillLog, p: Content) -> Outcome:
    """A third for each of works / fails / unknown, averaged over updates sent while the customer was
    blocked. A filled field answers if what it says is true and names something of this incident
    ("everything else", "the feature" and "nothing really" do not); for an empty field the update's
    words (all fields joined) answer unless drills.scoring.textchecks flags it missing. An update that
    repeats an earlier one within `repeat_within` minutes answers nothing."""
    updates = _before_recovery(log)
    if not updates:
        return Outcome(None, [Evidence(note="No customer update was sent while the customer was blocked.")])
    value, evidence, heuristic = parts_answered(log, updates, CUSTOMER_PARTS, p.repeat_within)
    if not evidence:
        evidence.append(Evidence(note=f"All {len(updates)} updates say what works, what fails and what is unknown."))
    return Outcome(value, evidence, exact=not heuristic)


@rule("CUS-05", NoParams, exact=True)
def next_time(log: DrillLog, p: NoParams) -> Outcome:
    """Each update sent while the customer was blocked names the next update time: the field exactly,
    or words without a 'no_next_update_time' flag."""
    updates = _before_recovery(log)
    if not updates:
        return Outcome(None, [Evidence(note="No customer update was sent while the customer was blocked.")])
    given, evidence, heuristic = 0, [], False
    for event in updates:
        action = log.act(event)
        text = log.text(event)
        if action.get("next_update_at") is not None:
            given += 1
            continue
        heuristic = heuristic or bool(text)
        if text and not log.flags(event, "no_next_update_time"):
            given += 1
        else:
            evidence.append(Evidence(event_seq=event.seq, t=event.t, quote=log.text(event),
                                     note="No time for the next update."))
    if not evidence:
        evidence.append(Evidence(note=f"All {len(updates)} updates give the next update time."))
    return Outcome(given / len(updates), evidence, exact=not heuristic)


def _flag_rule(log: DrillLog, rule_id: str, detector: str, updates: list[Event], p: PerFlag,
               allowed_after: float | None = None, allowed_note: str = "") -> tuple[float, list[Evidence]]:
    standing, evidence = 0, []
    for event in updates:
        flags = log.flags(event, detector)
        if allowed_after is not None and event.t >= allowed_after:
            evidence.extend(Evidence(event_seq=event.seq, t=event.t, quote=f.matched, note=allowed_note)
                            for f in flags)
            continue
        count, found = log.judge(rule_id, event, flags)
        standing += count
        evidence.extend(found)
    return clamp(1 - p.penalty_per_flag * standing), evidence


@rule("CUS-06", PerFlag, exact=False)
def no_fix_time(log: DrillLog, p: PerFlag) -> Outcome:
    """Customer updates before the repair was verified (the customer's successful retry, or a clean
    reproduction after a repair) are checked by the 'fix_time_promise' detector."""
    verified = log.verifications()
    until = verified[0].t if verified else math.inf
    updates = [e for e in _updates(log) if e.t < until]
    if not updates:
        return Outcome(None, [Evidence(note="No customer update before the repair was verified.")])
    value, evidence = _flag_rule(log, "CUS-06", "fix_time_promise", updates, p)
    if not evidence:
        evidence.append(Evidence(note=f"No fix time promised in {len(updates)} updates before verification."))
    return Outcome(value, evidence)


class EarlyCause(PerFlag):
    within: float = Field(gt=0)
    """Minutes after the report during which a root cause must not be claimed without evidence."""


def _confirms_cause(log: DrillLog, event: Event) -> bool:
    """A check revealed a key clue (not a red herring), or a repair fixed it."""
    if event.kind == "repair_finished":
        return event.data.get("effect") == "fixes"
    if event.kind != "check_result":
        return False
    for found in event.data.get("clues", []):
        clue = log.scenario.clue(found.get("id", ""))
        if clue is not None and clue.key and not clue.red_herring:
            return True
    return False


@rule("CUS-07", EarlyCause, exact=False)
def no_early_root_cause(log: DrillLog, p: EarlyCause) -> Outcome:
    """Customer updates in the first `within` minutes are checked by the 'root_cause_claim' detector. A
    claim made after the evidence came in (a check revealed a key clue, or a repair fixed it) stands."""
    updates = [e for e in _updates(log) if e.t <= log.t0 + p.within]
    if not updates:
        return Outcome(None, [Evidence(note=f"No customer update in the first {p.within:g} min.")])
    confirmed_at = next((e.t for e in log.events if _confirms_cause(log, e)), math.inf)
    value, evidence = _flag_rule(log, "CUS-07", "root_cause_claim", updates, p, allowed_after=confirmed_at,
                                 allowed_note="Cause stated after the evidence confirmed it.")
    if not evidence:
        evidence.append(Evidence(note="No root cause claimed early; the updates promise the next fact."))
    return Outcome(value, evidence)


@rule("CUS-08", PerFlag, exact=False)
def plain_words(log: DrillLog, p: PerFlag) -> Outcome:
    """Every customer update is checked by the 'jargon' detector (internal names, host names, acronyms
    the customer cannot repeat); each standing flag costs `penalty_per_flag`."""
    updates = _updates(log)
    if not updates:
        return Outcome(None, [Evidence(note="Nobody wrote to the customer.")])
    value, evidence = _flag_rule(log, "CUS-08", "jargon", updates, p)
    if not evidence:
        evidence.append(Evidence(note=f"{len(updates)} customer updates in plain words."))
    return Outcome(value, evidence)


_NEGATED = re.compile(r"\b(?:not|n't|no longer|yet to be|isn't|aren't)\W+(?:\w+\W+)?$", re.IGNORECASE)
FINAL_PARTS = {
    "confirms recovery": re.compile(
        r"\b(?:works? again|working again|working normally|(?:is|are) back|back to normal|restored|recovered|"
        r"resolved|fixed|(?:can|could)\b[^.;!?\n]{0,60}?\bagain)\b", re.IGNORECASE),
    "says whether data was lost": re.compile(r"\b(?:data|lost|loss|intact|nothing (?:was|is) missing)\b",
                                             re.IGNORECASE),
    "says what the customer must do": re.compile(
        r"\b(?:you (?:do not|don't|need|needn't|should|can|may|will need|have to|must)|please|no action|"
        r"nothing (?:to do|you need)|re-?run|retry|try again|re-?export|download)\b", re.IGNORECASE),
}


def _affirmed(pattern: re.Pattern[str], text: str) -> bool:
    return any(not _NEGATED.search(text[max(0, m.start() - 20):m.start()]) for m in pattern.finditer(text))


@rule("CUS-09", NoParams, exact=False)
def final_message(log: DrillLog, p: NoParams) -> Outcome:
    """The last customer update after mitigation, read for what it claims, a third each: it confirms
    recovery (says the broken function works again, or that it is fixed) and the world agrees; it says
    whether data was lost, truly; it says what the customer must do (an instruction, or that nothing is
    needed, which must be true: an owed clean-up makes "you don't need to do anything" false)."""
    if log.mitigated is None:
        return Outcome(None, [Evidence(note="The service never recovered, so no final message was due.")])
    after = [e for e in _updates(log) if e.t >= log.mitigated.t]
    if not after:
        return Outcome(0.0, [Evidence(event_seq=log.mitigated.seq, t=log.mitigated.t,
                                      note="The customer got no message after the service recovered.")])
    final = after[-1]
    text = log.text(final)
    claims = log.claims(final)
    false = {(c.kind, c.function) for c, _ in log.false_claims(final)}
    broken = set(log.truth.broken_ids())

    def said(*kinds: str, functions: set[str] | None = None) -> tuple[bool, bool]:
        """(claimed, claimed truly)"""
        matching = [c for c in claims if c.kind in kinds and (functions is None or c.function in functions)]
        return bool(matching), any((c.kind, c.function) not in false for c in matching)

    recovery, recovery_true = said("all_work")
    works, works_true = said("works", functions=broken)
    if not (recovery or works) and _affirmed(FINAL_PARTS["confirms recovery"], text):
        recovery, recovery_true = True, log.truth.all_broken_work(final.t)
    data, data_true = said("data_safe", "data_lost")
    nothing, nothing_true = said("nothing_to_do")
    instructed = _affirmed(FINAL_PARTS["says what the customer must do"], text)
    parts = {
        "confirms recovery": (recovery or works, recovery_true or works_true),
        "says whether data was lost": (data, data_true),
        "says what the customer must do": (nothing or instructed, nothing_true or (instructed and not nothing)),
    }
    missing = [what for what, (given, _) in parts.items() if not given]
    untrue = [what for what, (given, true) in parts.items() if given and not true]
    earned = sum(1 for given, true in parts.values() if given and true)
    note = "The final message " + ("covers everything, truly." if not (missing or untrue) else
                                   "; ".join(([("never " + ", ".join(missing))] if missing else [])
                                             + ([("is not true when it " + ", ".join(untrue))] if untrue else []))
                                   + ".")
    return Outcome(earned / 3, [Evidence(event_seq=final.seq, t=final.t, quote=text, note=note)])
