"""SIT: facts first (seed: 'What to do in the first hour', 'Shorten the path to facts')."""

from __future__ import annotations

import re

from pydantic import Field, field_validator

from drills.scenario import CheckKind
from drills.scoring._scorecard import Evidence
from drills.scoring.rules.base import Outcome, Params, clamp, rule
from drills.scoring.rules.log import DrillLog, local_flags, normalise, quote

RECORD_KINDS = ("add_note", "post_update", "escalate_to_ceo", "write_timeline")
"""Where the incident record lives: notes, internal updates, the CEO briefing and the timeline."""


class Within(Params):
    within: float = Field(gt=0)
    """Minutes after the report by which the record must hold the facts."""


@rule("SIT-01", Within, exact=False)
def facts_recorded(log: DrillLog, p: Within) -> Outcome:
    """A third each for the reported account, the start time and the exact error as the scenario gives
    them, found in the record by T0 + `within`. Matching ignores case, spacing, punctuation and which
    quote marks were used ('EXP-422 “tax_id must be a string”' records the error), not the words."""
    incident = log.scenario.incident
    wanted = {
        "the reported account": log.reported_account,
        "the time it started": incident.started_at_text,
        "the exact error": incident.error_text,
    }
    record = log.written(RECORD_KINDS, until=log.t0 + p.within)
    found, evidence = 0, []
    for what, needle in wanted.items():
        wanted_words = normalise(needle)
        hit = next((e for e in record if wanted_words and f" {wanted_words} " in f" {normalise(log.text(e))} "),
                   None)
        if hit is None:
            evidence.append(Evidence(note=f"The record never gave {what} ('{needle}') within {p.within:g} min."))
        else:
            found += 1
            evidence.append(Evidence(event_seq=hit.seq, t=hit.t, quote=quote(log.text(hit), needle),
                                     note=f"Recorded {what}: '{needle}'."))
    return Outcome(found / 3, evidence, attempted=bool(record))


class EvidenceFirst(Params):
    evidence_kinds: list[str] = Field(min_length=1)
    """Check kinds that count as evidence (logs, alerts, deploys, config, reproduce, metrics)."""
    unread_credit: float = Field(ge=0, le=1)
    """Credit when the check was started before the repair but its result came back after."""

    @field_validator("evidence_kinds")
    @classmethod
    def _known(cls, kinds: list[str]) -> list[str]:
        known = {k.value for k in CheckKind}
        for kind in kinds:
            if kind not in known:
                raise ValueError(f"'{kind}' is not a check kind — use one of: {', '.join(sorted(known))}")
        return kinds


@rule("SIT-02", EvidenceFirst, exact=True)
def evidence_before_repair(log: DrillLog, p: EvidenceFirst) -> Outcome:
    """Before the first apply_repair, a run_check of one of `evidence_kinds` (the check's kind comes
    from the scenario): 1 if its result came back before the repair and showed a clue pointing to that
    repair (`clues[].points_to`), `unread_credit` if it was only started or showed nothing that pointed
    to the repair (a guess). N/A when no repair was applied, or when the scenario offers no check of those kinds (the
    team could not have looked first)."""
    kinds = set(p.evidence_kinds)
    if not any(check.kind.value in kinds for check in log.scenario.checks):
        return Outcome(None, [Evidence(note="The scenario offers no check of " + ", ".join(p.evidence_kinds)
                                            + ", so there was no evidence to gather before a repair.")])
    repairs = log.actions["apply_repair"]
    if not repairs:
        return Outcome(None, [Evidence(note="No repair was applied.")])
    first = repairs[0]
    checks = [e for e in log.actions["run_check"]
              if e.seq < first.seq and log.check_kind(log.act(e)["check"]) in kinds]
    label = log.act(first)["repair"]
    if not checks:
        return Outcome(0.0, [Evidence(event_seq=first.seq, t=first.t, quote=label,
                                      note="The first repair came before any look at logs, alerts, deploys, "
                                           "config or a reproduction.")])
    results = [e for e in log.by_kind["check_result"] if e.seq < first.seq]
    read = {e.data.get("check_id") for e in results}
    done = [c for c in checks if log.act(c)["check"] in read]
    check = (done or checks)[0]
    kind = log.check_kind(log.act(check)["check"])
    if done:
        pointing = _clues_pointing_at(log, results, label)
        if pointing or not _anything_points(log):
            found = f" ({', '.join(pointing)} pointed to it)" if pointing else ""
            return Outcome(1.0, [Evidence(event_seq=check.seq, t=check.t, quote=log.act(check)["check"],
                                          note=f"A {kind} check came back before the first repair{found}.")])
        return Outcome(p.unread_credit, [Evidence(
            event_seq=first.seq, t=first.t, quote=label, flag_id="guessed_repair",
            note="Checks came back before the first repair, but nothing they showed pointed to it: the repair "
                 "was a guess.")])
    return Outcome(p.unread_credit, [Evidence(event_seq=check.seq, t=check.t, quote=log.act(check)["check"],
                                              note=f"A {kind} check was started, but the repair went ahead "
                                                   "before its result came back.")])


def _clues_pointing_at(log: DrillLog, results: list, repair_id: str) -> list[str]:
    """Clues shown in these check results that point to the repair (`Scenario.clue_points_to`)."""
    out = []
    for result in results:
        for found in result.data.get("clues") or []:
            clue = log.scenario.clue(str(found.get("id", "")))
            if clue is not None and repair_id in log.scenario.clue_points_to(clue) and clue.id not in out:
                out.append(clue.id)
    return out


def _anything_points(log: DrillLog) -> bool:
    """Whether any clue of the scenario points to any repair (else no repair can be found from evidence)."""
    return any(log.scenario.clue_points_to(c) for c in log.scenario.clues)


class KeptApart(Params):
    hedged_fact_penalty: float = Field(ge=0, le=1)
    """Score lost per note labelled 'fact' that is worded as a guess ('probably', 'I think')."""


_HEDGE = re.compile(
    r"\b(?:probably|maybe|perhaps|possibly|likely|might|i think|we think|i guess|my guess|could be|"
    r"seems? to|not sure|i suspect|we suspect)\b",
    re.IGNORECASE,
)


@rule("SIT-03", KeptApart, exact=True)
def kept_apart(log: DrillLog, p: KeptApart) -> Outcome:
    """The incident log (notes) in three buckets, a third each: confirmed facts (notes labelled fact), what
    is not confirmed (notes labelled question or guess), and the next check (notes labelled next_check,
    or an update's 'what we check next'). Updates tell people; notes are the record the seed's "short
    incident log" asks for, so an update's 'what we know' does not fill the facts bucket. A fact note
    worded as a guess is a mixed bucket (flag 'hedged_fact', overrulable) and costs `hedged_fact_penalty`."""
    notes = log.actions["add_note"]
    updates = log.actions["post_update"]
    if not notes and not updates:
        return Outcome(0.0, [Evidence(note="Nothing was written down: no notes, no updates.")])
    buckets: dict[str, list[int]] = {"facts": [], "open questions or guesses": [], "the next check": []}
    hedged, evidence = 0, []
    for event in notes:
        label, text = log.act(event)["label"], log.act(event)["text"]
        if label == "fact":
            flags = local_flags(_HEDGE, "hedged_fact", "A guess recorded as a fact: label it guess until proven.",
                                text)
            if flags:
                standing, found = log.judge("SIT-03", event, flags[:1])
                hedged += standing
                evidence.extend(found)
                if standing:
                    continue
            buckets["facts"].append(event.seq)
        elif label in ("question", "guess"):
            buckets["open questions or guesses"].append(event.seq)
        elif label == "next_check":
            buckets["the next check"].append(event.seq)
    for event in updates:
        action = log.act(event)
        if action.get("next_check"):
            buckets["the next check"].append(event.seq)
    kept = [name for name, seqs in buckets.items() if seqs]
    missing = [name for name, seqs in buckets.items() if not seqs]
    evidence.insert(0, Evidence(note=("The record keeps apart " + ", ".join(kept) + "." if kept else
                                      "The record keeps nothing apart.")
                                + ("" if notes else " Nobody wrote a note: there is no incident log.")
                                + (" Missing: " + ", ".join(missing) + "." if missing else "")))
    return Outcome(clamp(len(kept) / 3 - p.hedged_fact_penalty * hedged), evidence,
                   exact=False if any(e.flag_id for e in evidence) else None)
