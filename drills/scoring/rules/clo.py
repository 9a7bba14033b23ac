"""CLO: verification and closure (seed: 'Do not close the incident until someone confirms that the
customer can complete the broken action'; 'What to do after service comes back'; GitLab)."""

from __future__ import annotations

import re

from pydantic import Field

from drills.scoring._scorecard import Evidence
from drills.scoring.rules.base import NoParams, Outcome, Params, rule
from drills.scoring.rules.log import GOOD_EFFECTS, DrillLog


@rule("CLO-01", NoParams, exact=True)
def tested_on_real_case(log: DrillLog, p: NoParams) -> Outcome:
    """After the first repair that helped, the customer's successful retry or a clean reproduction on the
    reported account must come before the incident is first resolved (or at all, if never resolved)."""
    good = next((e for e in log.by_kind["repair_finished"] if e.data.get("effect") in GOOD_EFFECTS), None)
    if good is None:
        return Outcome(None, [Evidence(note="No repair helped, so there was nothing to test.")])
    resolved = log.first("resolved")
    tests = log.verifications()
    before = [e for e in tests if resolved is None or e.seq < resolved.seq]
    if before:
        test = before[0]
        what = "the customer retried successfully" if test.kind == "customer_retried" else \
            f"reproduced on account {log.reported_account}: it works"
        return Outcome(1.0, [Evidence(event_seq=test.seq, t=test.t, quote=str(test.data.get("text") or ""),
                                      note=f"Tested on the real case: {what}.")])
    if resolved is not None:
        return Outcome(0.0, [Evidence(event_seq=resolved.seq, t=resolved.t,
                                      note="Called fixed before the repair was tested on the reported case.")])
    return Outcome(0.0, [Evidence(event_seq=good.seq, t=good.t,
                                  note="The repair was never tested on the reported account.")])


@rule("CLO-02", NoParams, exact=True)
def customer_confirms(log: DrillLog, p: NoParams) -> Outcome:
    """The customer's successful retry must come before the (first) resolution. Resolving without
    ever asking the customer to retry is a critical task never attempted."""
    resolved = log.first("resolved")
    confirmed = log.first("customer_retried", works=True)
    if resolved is None:
        if confirmed is not None:
            return Outcome(1.0, [Evidence(event_seq=confirmed.seq, t=confirmed.t,
                                          quote=str(confirmed.data.get("text") or ""),
                                          note="The customer confirmed recovery (not yet resolved).")])
        if log.first("drill_ended") is not None and log.mitigated is None:
            # The drill ran out with the customer still blocked: closure was never reached, which the
            # playbook counts as a critical task not attempted, not as a situation that never arose.
            return Outcome(0.0, [Evidence(note="The drill ended with the customer still blocked: nobody got as "
                                               "far as the customer confirming recovery.")], attempted=False)
        return Outcome(None, [Evidence(note="The incident was not closed, so there was no closing to check.")])
    if confirmed is not None and confirmed.seq < resolved.seq:
        return Outcome(1.0, [Evidence(event_seq=confirmed.seq, t=confirmed.t,
                                      quote=str(confirmed.data.get("text") or ""),
                                      note="The customer confirmed they can work again before it was resolved.")])
    asked = any(e.seq < resolved.seq for e in log.actions["ask_customer_retry"])
    said = next((a for a in reversed(log.actions["resolve"]) if a.seq < resolved.seq), None)
    evidence = [Evidence(event_seq=resolved.seq, t=resolved.t, quote=log.text(said) if said else "",
                         note=f"{log.name(resolved.data.get('by') or resolved.actor)} resolved it before the customer "
                              "confirmed they could work again.")]
    reopened = log.first("reopened")
    if reopened is not None and reopened.seq > resolved.seq:
        evidence.append(Evidence(event_seq=reopened.seq, t=reopened.t, quote=str(reopened.data.get("text") or ""),
                                 note="The customer reopened it."))
    return Outcome(0.0, evidence, attempted=asked)


class Watch(Params):
    min_minutes: float = Field(gt=0)
    """Minutes a named person watches the signals after mitigation for full credit."""


@rule("CLO-03", Watch, exact=True)
def watched(log: DrillLog, p: Watch) -> Outcome:
    """The best put_on_watch at or after mitigation: minutes / `min_minutes`, capped at 1; a watcher who
    is not a cast member earns half of that."""
    if log.mitigated is None:
        return Outcome(None, [Evidence(note="The service never recovered, so there was nothing to watch.")])
    watches = [e for e in log.actions["put_on_watch"] if e.t >= log.mitigated.t]
    if not watches:
        return Outcome(0.0, [Evidence(event_seq=log.mitigated.seq, t=log.mitigated.t,
                                      note="Nobody was put on watch after the service recovered.")])
    best, best_value = watches[0], -1.0
    for event in watches:
        action = log.act(event)
        value = min(1.0, float(action.get("minutes") or 0) / p.min_minutes)
        if action.get("watcher") not in log.cast:
            value /= 2
        if value > best_value:
            best, best_value = event, value
    action = log.act(best)
    return Outcome(best_value, [Evidence(event_seq=best.seq, t=best.t,
                                         note=f"{log.name(action.get('watcher'))} watches for "
                                              f"{float(action.get('minutes') or 0):g} min.")])


_OTHER_ACCOUNTS = re.compile(
    r"\b(?:other|all|affected|remaining|every|any)\b.{0,25}\b(?:accounts?|customers?|exports?|jobs?|tenants?|users?)\b"
    r"|\bre-?run\w*|\bbackfill\w*|\breprocess\w*|\bstuck jobs?\b|\bfailed (?:exports|jobs|runs)\b",
    re.IGNORECASE,
)


@rule("CLO-04", NoParams, exact=False)
def owner_closes(log: DrillLog, p: NoParams) -> Outcome:
    """Half: every resolution is by the owner at that moment. Half: the other affected accounts are put
    right. Where the scenario has clean-up repairs (`cleanup`), one of them must have landed: what a repair
    does in the world counts, not the words of a task. Where it has none, after the first repair that
    helped someone checks other affected accounts (a run_check, apply_repair or assign_task whose label or
    task mentions other accounts, re-runs or backfills)."""
    resolutions = log.by_kind["resolved"]
    if not resolutions:
        return Outcome(None, [Evidence(note="The incident was not resolved.")])
    evidence, value = [], 0.0
    wrong = [e for e in resolutions
             if (e.data.get("by") or e.actor) != log.owner_at(e.t, e.seq)]
    if not wrong:
        value += 0.5
        first = resolutions[0]
        evidence.append(Evidence(event_seq=first.seq, t=first.t,
                                 note=f"Resolved by the owner, {log.name(first.data.get('by') or first.actor)}."))
    for event in wrong:
        owner = log.owner_at(event.t, event.seq)
        evidence.append(Evidence(event_seq=event.seq, t=event.t,
                                 note=f"{log.name(event.data.get('by') or event.actor)} resolved it, but "
                                      f"{log.name(owner)} owned it."))
    cleanups = [r for r in log.scenario.repairs if r.is_cleanup]
    if cleanups:  # the world knows whether the clean-up happened; words in a task do not re-run anything
        landed = log.truth.cleanups_landed
        if landed:
            value += 0.5
            evidence.append(Evidence(event_seq=landed[0].seq, t=landed[0].t, quote=str(landed[0].data.get("label")),
                                     note="The clean-up ran: the other affected accounts' failed work was redone."))
        else:
            evidence.append(Evidence(note="The clean-up never ran (" + "; ".join(r.label for r in cleanups) + "): "
                                          "the other affected accounts were left as they were."))
        return Outcome(value, evidence)
    good = next((e for e in log.by_kind["repair_finished"] if e.data.get("effect") in GOOD_EFFECTS), None)
    since = good.t if good else log.t0
    sweep = None
    for event in log.by_kind["action"]:
        if event.t < since:
            continue
        action = log.act(event)
        words = ""
        if action["kind"] == "assign_task":
            words = action["task"]
        elif action["kind"] == "run_check" and (check := log.scenario.check(action["check"])):
            words = check.label
        elif action["kind"] == "apply_repair" and (repair := log.scenario.repair(action["repair"])):
            words = repair.label
        if words and _OTHER_ACCOUNTS.search(words):
            sweep = (event, words)
            break
    if sweep is not None:
        value += 0.5
        evidence.append(Evidence(event_seq=sweep[0].seq, t=sweep[0].t, quote=sweep[1],
                                 note="Other affected accounts were checked or re-run."))
    else:
        evidence.append(Evidence(note="Nobody checked or re-ran the other affected accounts."))
    return Outcome(value, evidence)
