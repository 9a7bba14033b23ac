"""Which detectors exist, what each says, and which audience each applies to.

Per audience (PLAYBOOK, "Where sources disagree"): to a customer any time for a fix is a promise,
even a conditional one. Internal and executive updates are checked too, but there the CEO guide asks
for a realistic estimate with its dependencies ("approximately 4-6 hours, pending confirmation of the
rollback"): an estimate tied to a stated dependency or check is not a promise, a bare one ("fixed in
10 minutes") is. `fix_time_promise` reads the audience for that (`detect(..., audience=...)`).
Unhedged root-cause claims are checked for every audience: guesses are welcome internally when they
are labelled as guesses.
"""

from __future__ import annotations

from drills.scoring.textchecks._text import parse
from drills.scoring.textchecks.claims import find_blame, find_root_cause_claims
from drills.scoring.textchecks.elements import (
    find_missing_next_check,
    find_missing_what_fails,
    find_missing_what_is_unknown,
    find_missing_what_we_know,
    find_missing_what_works,
    find_missing_who_is_affected,
    find_vague_content,
    find_vague_next_check,
)
from drills.scoring.textchecks.impact import find_missing_quantified_impact
from drills.scoring.textchecks.jargon import find_jargon
from drills.scoring.textchecks.model import AUDIENCES, Audience, Detector, Flag
from drills.scoring.textchecks.next_update import find_no_next_update_time
from drills.scoring.textchecks.promises import find_fix_time_promises

_C, _I, _E = "customer", "internal", "executive"

_ALL: tuple[Detector, ...] = (
    Detector(
        "fix_time_promise", frozenset({_C, _I, _E}),
        "Promises a fix time before the repair is verified.",
        'Promise the next update, not a fix time; internally, tie an estimate to what it depends on: '
        '"about 20-40 minutes if the rollback holds; next update at 10:45."',
        find_fix_time_promises,
        by_audience=True,
    ),
    Detector(
        "root_cause_claim", frozenset({_C, _I, _E}),
        "Claims a root cause; in the first hour only evidence can confirm one.",
        'Promise the next fact, not the final answer: "We suspect the 9:40 change; not yet confirmed."',
        find_root_cause_claims,
    ),
    Detector(
        "blame", frozenset({_C, _I, _E}),
        "Points at people while the incident is live.",
        "Drop the blame: say what failed and what happens next; ask why in the review.",
        find_blame,
    ),
    Detector(
        "jargon", frozenset({_C, _E}),
        "Uses internal jargon the reader cannot repeat.",
        'Say it in plain words a support lead could repeat: "invoice exports fail", not host or service names.',
        find_jargon,
    ),
    Detector(
        "no_next_update_time", frozenset({_C, _I}),
        "Gives no time for the next update.",
        'End with the time of the next update, even if nothing changes: "Next update at 10:45."',
        find_no_next_update_time,
    ),
    Detector(
        "missing_what_we_know", frozenset({_I}),
        "Does not say what we know.",
        "Start with the confirmed facts: the exact error, the account, when it started.",
        find_missing_what_we_know,
    ),
    Detector(
        "missing_who_is_affected", frozenset({_I}),
        "Does not say who is affected.",
        "Say who is affected: every customer, one plan, one region, or one account.",
        find_missing_who_is_affected,
    ),
    Detector(
        "missing_next_check", frozenset({_I}),
        "Does not say what we check next.",
        'Name the next check and who runs it: "Priya compares the 9:40 release with the failing job."',
        find_missing_next_check,
    ),
    Detector(
        "missing_what_works", frozenset({_C}),
        "Does not say what still works.",
        'Say what still works so the customer knows the safe path: "Login works, exports fail."',
        find_missing_what_works,
    ),
    Detector(
        "missing_what_fails", frozenset({_C}),
        "Does not say plainly what fails.",
        'Say what fails right now in plain words: "invoice exports fail", not "we are investigating an issue".',
        find_missing_what_fails,
    ),
    Detector(
        "missing_what_is_unknown", frozenset({_C}),
        "Does not say what is not known yet.",
        'Say what is not known yet: "we are still checking whether queued exports are delayed or lost."',
        find_missing_what_is_unknown,
    ),
    Detector(
        "missing_quantified_impact", frozenset({_E}),
        "Does not put the business impact in numbers.",
        'Quantify the impact first: money per hour and customers affected, e.g. "about $4,000 per hour, 38 accounts".',
        find_missing_quantified_impact,
    ),
)

_FOR_RULES: tuple[Detector, ...] = (
    Detector(
        "vague_next_check", frozenset(),
        "Names no concrete next check, only a placeholder.",
        'Name the check and who runs it: "Priya compares the 9:40 release with the failing job", '
        'not "looking into it".',
        find_vague_next_check,
    ),
    Detector(
        "vague_content", frozenset(),
        "Fills a field with a phrase that says nothing.",
        'Be specific: which customers, which function, what time: "38 EU accounts cannot export invoices".',
        find_vague_content,
    ),
)
"""Detectors for rules that read one structured field: they run for no audience in `check_text`."""

DETECTORS: dict[str, Detector] = {d.id: d for d in (*_ALL, *_FOR_RULES)}
"""Every detector by its stable id."""

AUDIENCE_DETECTORS: dict[Audience, tuple[str, ...]] = {
    a: tuple(d.id for d in _ALL if a in d.audiences) for a in AUDIENCES
}
"""Detector ids that apply to each audience, in report order."""


def check_text(text: str, audience: Audience) -> list[Flag]:
    """All detectors for `audience`; flags with evidence in text order, then missing elements."""
    if audience not in AUDIENCE_DETECTORS:
        raise ValueError(f"unknown audience {audience!r}; expected one of {', '.join(AUDIENCES)}")
    doc = parse(text)
    flags = [f for d_id in AUDIENCE_DETECTORS[audience] for f in DETECTORS[d_id].run(doc, audience)]
    return sorted(flags, key=lambda f: (f.start < 0, f.start, f.end))


def detect(detector_id: str, text: str, *, audience: Audience = "customer") -> list[Flag]:
    """One detector by id, whether or not it applies to `audience`. The audience changes the verdict
    of the detectors that read it (a fix time: any time is a promise to a customer; internally, an
    estimate tied to a stated dependency is not); the default, the customer, is the strictest."""
    try:
        detector = DETECTORS[detector_id]
    except KeyError:
        raise KeyError(f"unknown detector {detector_id!r}; known: {', '.join(DETECTORS)}") from None
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; expected one of {', '.join(AUDIENCES)}")
    return detector(text, audience)
