"""INT: internal rhythm (seed: 30-minute rhythm and the four questions; Statuspage cadence)."""

from __future__ import annotations

import math

from pydantic import Field

from drills.scoring._scorecard import Evidence
from drills.scoring.rules.base import Outcome, Params, clamp, mean, minutes, missed_beats, ramp, rule
from drills.scoring.rules.cmd import Deadline
from drills.scoring.rules.log import DrillLog
from drills.world import Event


class Rhythm(Params):
    max_gap: float = Field(gt=0)
    """Minutes between updates."""
    grace: float = Field(ge=0)
    """Minutes an update may be late before it counts as missed."""
    hard_cap_gap: float = Field(gt=0)
    """Any silence longer than this caps the rule at `hard_cap_credit`."""
    hard_cap_credit: float = Field(ge=0, le=1)
    """The most this rule can earn once a silence exceeded `hard_cap_gap`."""


@rule("INT-01", Rhythm, exact=True)
def update_rhythm(log: DrillLog, p: Rhythm) -> Outcome:
    """Silences are measured from the report, between incident-thread updates, and from the last update
    to the resolution (or the end of the log). Score = 1 − missed / expected updates, where expected =
    ceil(window / max_gap); a silence over `hard_cap_gap` caps it at `hard_cap_credit`. An update that
    repeats the previous one within max_gap/3 minutes is spam, not a beat of the rhythm."""
    window = log.live_end - log.t0
    times = [e.t for e in log.updates() if log.repeats(e, p.max_gap / 3) is None]
    if not times:
        return Outcome(0.0, [Evidence(note="No update was ever posted in the incident thread.")], attempted=False)
    missed, late = missed_beats(times, log.t0, log.live_end, p.max_gap, p.grace)
    expected = max(1, math.ceil(window / p.max_gap))
    value = clamp(1 - missed / expected)
    longest = max((b - a for a, b in late), default=0.0)
    if longest > p.hard_cap_gap:
        value = min(value, p.hard_cap_credit)
    by_time = {e.t: e for e in log.updates()}
    evidence = [
        Evidence(event_seq=by_time[b].seq if b in by_time else None, t=b,
                 note=f"{minutes(b - a)} of silence (from {minutes(log.rel(a))} to {minutes(log.rel(b))} after the "
                      f"report).")
        for a, b in late
    ]
    if not late:
        evidence.append(Evidence(note=f"{len(times)} updates, never more than {p.max_gap:g} min (+{p.grace:g}) apart."))
    return Outcome(value, evidence)


@rule("INT-02", Deadline, exact=True)
def first_update(log: DrillLog, p: Deadline) -> Outcome:
    """Minutes from the report to the first incident-thread update: full by `full_by`, none from
    `zero_after`."""
    updates = log.updates()
    if not updates:
        return Outcome(0.0, [Evidence(note="No update was ever posted in the incident thread.")])
    first = updates[0]
    dt = log.rel(first.t)
    return Outcome(ramp(dt, p.full_by, p.zero_after),
                   [Evidence(event_seq=first.seq, t=first.t, quote=log.text(first),
                             note=f"First internal update {minutes(dt)} after the report.")])


FOUR_QUESTIONS = {
    "known": ("what we know", "missing_what_we_know"),
    "affected": ("who is affected", "missing_who_is_affected"),
    "next_check": ("what we check next", "missing_next_check"),
    "next_update_at": ("when the next update is", "no_next_update_time"),
}
"""Structured field → (the question it answers, the textchecks flag that says free text leaves it out)."""


class Content(Params):
    repeat_within: float = Field(gt=0)
    """An update that repeats an earlier one of its kind within this many minutes is spam: it earns nothing."""


@rule("INT-03", Content, exact=True)
def four_questions(log: DrillLog, p: Content) -> Outcome:
    """A quarter per question answered, averaged over incident-thread updates. A filled field answers
    if it says something true about this incident: not boilerplate ("investigating", "some customers",
    "looking into it") and not a claim the world contradicted. For an empty field, the update's words
    (all fields joined) answer it unless drills.scoring.textchecks flags it missing. An update that
    repeats an earlier one within `repeat_within` minutes answers nothing."""
    updates = log.updates()
    if not updates:
        return Outcome(0.0, [Evidence(note="No update was ever posted in the incident thread.")], attempted=False)
    value, evidence, heuristic = parts_answered(log, updates, FOUR_QUESTIONS, p.repeat_within)
    if not evidence:
        evidence.append(Evidence(note=f"All {len(updates)} updates answer the four questions."))
    return Outcome(value, evidence, exact=not heuristic)


def parts_answered(log: DrillLog, updates: list[Event], parts: dict[str, tuple[str, str]],
                   repeat_within: float) -> tuple[float, list[Evidence], bool]:
    """The mean share of `parts` the updates answer truly and specifically (`DrillLog.answers`, then
    `DrillLog.hollow`); an update repeating an earlier one within `repeat_within` minutes answers nothing.
    Returns (score, evidence, whether any answer was read from free text)."""
    scores, evidence, heuristic = [], [], False
    for event in updates:
        repeated = log.repeats(event, repeat_within)
        if repeated is not None:
            scores.append(0.0)
            evidence.append(Evidence(event_seq=event.seq, t=event.t, quote=log.text(event), flag_id="repeat",
                                     note=f"Repeats the update of {log.clock(repeated.t)} "
                                          f"({minutes(event.t - repeated.t)} earlier): spam carries nothing new."))
            continue
        answered, missing, from_words = log.answers(event, parts)
        answered, missing = log.hollow(event, parts, answered, missing)
        heuristic = heuristic or from_words
        scores.append(answered / len(parts))
        if missing:
            evidence.append(Evidence(event_seq=event.seq, t=event.t, quote=log.text(event),
                                     note="Does not say " + ", ".join(missing) + "."))
    return mean(scores), evidence, heuristic


class OnTime(Params):
    grace: float = Field(ge=0)
    """Minutes a promised update may be late and still count as on time."""


@rule("INT-04", OnTime, exact=True)
def promise_kept(log: DrillLog, p: OnTime) -> Outcome:
    """Each incident-thread update that names a next update time due before the resolution (and
    before the log ends) is a promise; it is kept if the next update arrives by then + grace."""
    updates = log.updates()
    kept, judged, evidence = 0, 0, []
    for i, event in enumerate(updates):
        due = log.act(event).get("next_update_at")
        if due is None or due >= log.live_end:
            continue
        judged += 1
        following = updates[i + 1] if i + 1 < len(updates) else None
        if following is not None and following.t <= due + p.grace:
            kept += 1
        else:
            came = f"came {minutes(following.t - due)} late" if following else "never came"
            evidence.append(Evidence(event_seq=event.seq, t=event.t,
                                     note=f"Promised the next update at {minutes(log.rel(due))} after the report; "
                                          f"it {came}."))
    if not judged:
        return Outcome(None, [Evidence(note="No update promised a next update time that fell due.")])
    if kept == judged:
        evidence.append(Evidence(note=f"All {judged} promised updates arrived on time."))
    return Outcome(kept / judged, evidence)


class PerFlag(Params):
    penalty_per_flag: float = Field(gt=0, le=1)
    """Score lost per flagged phrase the facilitator has not overruled."""


BLAME_SCOPE = ("post_update", "add_note", "customer_update", "escalate_to_ceo", "assign_task", "assign_owner")


@rule("INT-05", PerFlag, exact=False)
def no_blame(log: DrillLog, p: PerFlag) -> Outcome:
    """Every text written while the incident is live (before its final resolution) is checked by the
    'blame' detector; each standing flag costs `penalty_per_flag`."""
    written = [e for e in log.written(BLAME_SCOPE) if e.t < log.live_end or log.final_resolved is None]
    if not written:
        return Outcome(None, [Evidence(note="Nothing was written while the incident was live.")])
    standing, evidence = 0, []
    for event in written:
        count, found = log.judge("INT-05", event, log.flags(event, "blame"))
        standing += count
        evidence.extend(found)
    if not evidence:
        evidence.append(Evidence(note=f"No blame in {len(written)} messages written while the incident was live."))
    return Outcome(clamp(1 - p.penalty_per_flag * standing), evidence)
