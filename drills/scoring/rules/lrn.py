"""LRN: learning (seed: 'What to do after service comes back'; HSEEP improvement plan; PagerDuty)."""

from __future__ import annotations

import re

from pydantic import Field

from drills.scoring._scorecard import Evidence
from drills.scoring.rules.base import NoParams, Outcome, Params, mean, rule
from drills.scoring.rules.log import DrillLog

TIMELINE_ITEMS = {
    "onset": r"\b(?:start\w*|began|begun|onset|first (?:error|failure)s?|deploy\w*|release\w*)\b",
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


class Timeline(Params):
    min_times: int = Field(ge=0)
    """Time stamps (10:14, T+12, 12 min) the timeline needs for its last fifth of credit."""


@rule("LRN-01", Timeline, exact=False)
def timeline_written(log: DrillLog, p: Timeline) -> Outcome:
    """All write_timeline texts together: four fifths for the eight moments (keywords for onset, report,
    owner, first customer word, key decisions, mitigation, customer confirmation, resolution), one
    fifth for carrying at least `min_times` time stamps."""
    entries = log.actions["write_timeline"]
    if not entries:
        return Outcome(0.0, [Evidence(note="No timeline was written.")])
    text = "\n".join(log.text(e) for e in entries)
    covered = [k for k, pattern in TIMELINE_ITEMS.items() if re.search(pattern, text, re.IGNORECASE)]
    missing = [k for k in TIMELINE_ITEMS if k not in covered]
    times = len(_TIMES.findall(text))
    stamped = 1.0 if p.min_times == 0 else min(1.0, times / p.min_times)
    note = f"{len(covered)} of {len(TIMELINE_ITEMS)} moments, {times} time stamps."
    if missing:
        note += " Missing: " + ", ".join(missing) + "."
    last = entries[-1]
    return Outcome(0.8 * len(covered) / len(TIMELINE_ITEMS) + 0.2 * stamped,
                   [Evidence(event_seq=last.seq, t=last.t, quote=text, note=note)])


@rule("LRN-02", NoParams, exact=True)
def review_same_day(log: DrillLog, p: NoParams) -> Outcome:
    """1 if a schedule_review says same_day; 0 if the review was booked for a later day or not at all."""
    reviews = log.actions["schedule_review"]
    same_day = next((e for e in reviews if log.act(e).get("same_day")), None)
    if same_day is not None:
        return Outcome(1.0, [Evidence(event_seq=same_day.seq, t=same_day.t, quote=log.act(same_day)["when"],
                                      note="The review was booked the same day.")])
    if reviews:
        return Outcome(0.0, [Evidence(event_seq=reviews[0].seq, t=reviews[0].t, quote=log.act(reviews[0])["when"],
                                      note="The review was booked, but not the same day.")])
    return Outcome(0.0, [Evidence(note="No follow-up review was booked.")])


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
