"""LRN: learning (seed: 'What to do after service comes back'; HSEEP improvement plan; PagerDuty)."""

from __future__ import annotations

import re

from pydantic import Field

from drills.scoring._scorecard import Evidence
from drills.scoring.rules.base import NoParams, Outcome, Params, mean, rule
from drills.scoring.rules.log import DrillLog

TIMELINE_ITEMS = {
    "onset": r"\b(?:start\w*|began|begun|onset|first (?:[\w-]+ )?(?:errors?|failures?)|deploy\w*|release\w*)\b",
    "report": r"\b(?:report\w*|ticket|customer (?:wrote|said|told|emailed|called)|complain\w*)\b",
    "owner": r"\b(?:owner|owns|owned|ownership|took (?:it|over)|incident lead|in charge)\b",
    "first customer word": r"\b(?:first (?:customer )?(?:update|word|message|reply)|told the customer|"
                           r"(?:informed|updated|replied to|wrote to|answered) the customer|customer update)\b",
    "key decisions": r"\b(?:decid\w*|decision|chose|chosen|agreed|approv\w*)\b",
    "mitigation": r"\b(?:mitigat\w*|roll(?:ed|ing)?[ -]?back|rollback|restored|recover\w*|flag|workaround|"
                  r"failover|exports? work\w*)\b",
    "customer confirmation": r"\b(?:confirm\w*|verified|works? again)\b",
    "resolution": r"\b(?:resolv\w*|resolution|closed|close)\b",
}
_TIMES = re.compile(r"\b(?:[01]?\d|2[0-3])[:.h][0-5]\d\b|\bT\s?\+\s?\d+|\b\d+\s?min", re.IGNORECASE)
_CLOCK = re.compile(r"\b([01]?\d|2[0-3])[:.h]([0-5]\d)\b")
MOMENT_EVENTS = {
    "onset": ("outage_started",),
    "report": ("incident_reported",),
    "owner": ("owner_changed",),
    "key decisions": ("repair_started",),
    "mitigation": ("mitigated",),
    "resolution": ("resolved",),
}
"""The events that mark a moment in the world: a timeline line at that clock time (within two minutes)
records the moment, whatever words it uses."""


def _moment_times(log: DrillLog) -> dict[str, list[float]]:
    times = {moment: [e.t for kind in kinds for e in log.by_kind[kind]] for moment, kinds in MOMENT_EVENTS.items()}
    customer = log.actions["customer_update"]
    times["first customer word"] = [customer[0].t] if customer else []
    times["customer confirmation"] = [e.t for e in log.by_kind["customer_retried"] if e.data.get("works")]
    return times


def _clock_minutes(log: DrillLog, t: float) -> int:
    hours, minutes_ = map(int, log.clock(t).split(":"))
    return hours * 60 + minutes_


def _by_line(log: DrillLog, text: str) -> set[str]:
    """Moments a timeline records by stating their clock time on a line of their own words: a line whose
    time matches a moment counts for it when its words read as that moment, or as nothing else."""
    covered: set[str] = set()
    for line in re.split(r"\n|(?<=[.;])\s+", text):
        timed = _timed_moments(log, line)
        if not timed:
            continue
        worded = {k for k, pattern in TIMELINE_ITEMS.items() if re.search(pattern, line, re.IGNORECASE)}
        covered |= (timed & worded) or (timed if not worded else set())
    return covered


def _timed_moments(log: DrillLog, text: str) -> set[str]:
    """Moments whose clock time (±2 min) a timeline line states, where the line also reads as that moment
    or is the only moment at that time."""
    stated = {int(h) * 60 + int(m) for h, m in _CLOCK.findall(text)}
    covered = set()
    for moment, times in _moment_times(log).items():
        for t in times:
            at = _clock_minutes(log, t)
            if any(abs(at - s) <= 2 or abs(at - s) >= 24 * 60 - 2 for s in stated):
                covered.add(moment)
    return covered


class Timeline(Params):
    min_times: int = Field(ge=0)
    """Time stamps (10:14, T+12, 12 min) the timeline needs for its last fifth of credit."""


@rule("LRN-01", Timeline, exact=False)
def timeline_written(log: DrillLog, p: Timeline) -> Outcome:
    """All write_timeline texts together: four fifths for the eight moments (onset, report, owner, first
    customer word, key decisions, mitigation, customer confirmation, resolution), each recorded by its
    words or by a line stating the clock time the world says it happened; one fifth for carrying at
    least `min_times` time stamps."""
    entries = log.actions["write_timeline"]
    if not entries:
        return Outcome(0.0, [Evidence(note="No timeline was written.")])
    text = "\n".join(log.text(e) for e in entries)
    by_time = _by_line(log, text)
    covered = [k for k, pattern in TIMELINE_ITEMS.items() if re.search(pattern, text, re.IGNORECASE) or k in by_time]
    missing = [k for k in TIMELINE_ITEMS if k not in covered]
    times = len(_TIMES.findall(text))
    stamped = 1.0 if p.min_times == 0 else min(1.0, times / p.min_times)
    note = f"{len(covered)} of {len(TIMELINE_ITEMS)} moments, {times} time stamps."
    if missing:
        note += " Missing: " + ", ".join(missing) + "."
    last = entries[-1]
    return Outcome(0.8 * len(covered) / len(TIMELINE_ITEMS) + 0.2 * stamped,
                   [Evidence(event_seq=last.seq, t=last.t, quote=text, note=note)])


_LATER_DAY = re.compile(
    r"\b(?:tomorrow|next (?:week|month|quarter|year|sprint|\w+day)|mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|"
    r"sun)(?:day)?\b|\b(?:later|sometime|some time|tbd|tba|soon|eventually|when we can|in \d+ (?:days|weeks))\b"
    r"|\b\d{4}-\d\d-\d\d\b|\b\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE)
_SAME_DAY = re.compile(
    r"\b(?:today|tonight|this (?:afternoon|evening|morning)|end of (?:the )?day|eod|after lunch|before we go home)\b"
    r"|\b(?:[01]?\d|2[0-3])[:.h][0-5]\d\b|\b\d{1,2}\s?(?:am|pm)\b", re.IGNORECASE)


@rule("LRN-02", NoParams, exact=True)
def review_same_day(log: DrillLog, p: NoParams) -> Outcome:
    """1 if a schedule_review is booked the same day: `same_day` set and its `when` naming today or a time
    (not another day: "sometime next quarter" with same_day set is not the same day); half when `when`
    names no day or time at all; 0 if booked for a later day or not at all."""
    reviews = log.actions["schedule_review"]
    best, best_value, best_note = None, -1.0, ""
    for event in reviews:
        action = log.act(event)
        when = str(action.get("when") or "")
        if not action.get("same_day") or _LATER_DAY.search(when):
            value, note = 0.0, ("The review was booked for a later day, not the same day." if action.get("same_day")
                                is False else f"'{when}' is not the same day, whatever the booking says.")
        elif _SAME_DAY.search(when):
            value, note = 1.0, "The review was booked the same day."
        else:
            value, note = 0.5, f"The review is meant for today, but '{when}' names no time."
        if value > best_value:
            best, best_value, best_note = event, value, note
    if best is None:
        return Outcome(0.0, [Evidence(note="No follow-up review was booked.")])
    return Outcome(best_value, [Evidence(event_seq=best.seq, t=best.t, quote=log.act(best)["when"], note=best_note)])


_SHARED = re.compile(r",|&|/|\band\b|\bteam\b|\beveryone\b|\ball\b|\bwe\b|\btbd\b|\?", re.IGNORECASE)


@rule("LRN-03", NoParams, exact=True)
def follow_ups_owned(log: DrillLog, p: NoParams) -> Outcome:
    """Half for one owner (a single person, not 'team', 'Alex and Sam' or 'TBD'), half for a due date,
    per follow-up listed with the review."""
    items = [(e, f) for e in log.actions["schedule_review"] for f in log.act(e).get("follow_ups") or []]
    if not items:
        return Outcome(0.0, [Evidence(note="No follow-up actions were written down.")])
    scores, evidence = [], []
    for event, item in items:
        owner, due = str(item.get("owner") or "").strip(), str(item.get("due") or "").strip()
        one_owner = bool(owner) and not _SHARED.search(owner)
        scores.append(0.5 * one_owner + 0.5 * bool(due))
        problems = ([] if one_owner else [f"no single owner ('{owner}')" if owner else "no owner"]) + \
                   ([] if due else ["no due date"])
        if problems:
            evidence.append(Evidence(event_seq=event.seq, t=event.t, quote=str(item.get("item") or ""),
                                     note="Follow-up with " + " and ".join(problems) + "."))
    if not evidence:
        evidence.append(Evidence(note=f"All {len(items)} follow-ups have one owner and a due date."))
    return Outcome(mean(scores), evidence)
