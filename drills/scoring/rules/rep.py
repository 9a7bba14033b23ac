"""REP: repair (seed: 'Trade blame for a repair plan'; Google SRE 'stop the bleeding first')."""

from __future__ import annotations

import re

from pydantic import Field

from drills.scenario import FAST_SAFE_KINDS, MITIGATED_AT, RepairEffect
from drills.scoring._scorecard import Evidence
from drills.scoring.rules.base import Outcome, Params, mean, minutes, ramp, rule
from drills.scoring.rules.log import FAILED_EFFECTS, DrillLog

_EFFECTIVE = (RepairEffect.fixes, RepairEffect.mitigates)


class FirstRepair(Params):
    slower_safe_floor: float = Field(ge=0, le=1)
    """Least credit for an effective safe repair that is slower than the fastest (scaled by speed ratio)."""
    wrong_target_credit: float = Field(ge=0, le=1)
    """Credit for a fast, safe kind of repair that does not help this incident."""


@rule("REP-01", FirstRepair, exact=True)
def fastest_safe_first(log: DrillLog, p: FirstRepair) -> Outcome:
    """The first apply_repair against `Scenario.fastest_safe_repair`: the same (or as fast and as safe) earns 1; a safe,
    effective but slower one earns its speed ratio, at least `slower_safe_floor`; a safe kind that does
    not help earns `wrong_target_credit`; new code, a rewrite or a restart earns 0. Never repairing is
    a critical task never attempted. A first repair that made things worse in this drill (its impact went
    up when it landed) earns 0 whatever its kind."""
    best = log.scenario.fastest_safe_repair()
    if best is None:
        return Outcome(None, [Evidence(note="The scenario offers no repair that helps on its own.")])
    applied = log.actions["apply_repair"]
    if not applied:
        return Outcome(0.0, [Evidence(note=f"No repair was ever applied; '{best.label}' was available.")],
                       attempted=False)
    first = applied[0]
    chosen = log.scenario.repair(log.act(first)["repair"])
    if chosen is None:
        return Outcome(None, [Evidence(event_seq=first.seq, t=first.t, note="The repair is not in the scenario.")])
    label = chosen.label
    if chosen.id == best.id or (chosen.kind in FAST_SAFE_KINDS and chosen.effect in _EFFECTIVE
                                and chosen.takes <= best.takes and not chosen.requires):
        value, note = 1.0, f"First repair '{label}' ({chosen.kind.value}) is the fastest safe one."
    elif chosen.kind in FAST_SAFE_KINDS and chosen.effect in _EFFECTIVE:
        value = max(p.slower_safe_floor, best.takes / chosen.takes)
        note = f"'{label}' is safe but slower ({chosen.takes:g} min) than '{best.label}' ({best.takes:g} min)."
    elif chosen.kind in FAST_SAFE_KINDS:
        value, note = p.wrong_target_credit, f"'{label}' is a safe move but does not help; '{best.label}' would."
    else:
        value = 0.0
        note = f"'{label}' ({chosen.kind.value}) while customers were blocked; '{best.label}' was the safe move."
    landed = next((e for e in log.by_kind["repair_finished"] if e.seq > first.seq
                   and e.data.get("repair_id") == chosen.id), None)
    if landed is not None and float(landed.data.get("impact_after", 0)) > float(landed.data.get("impact_before", 0)):
        # What the repair did in this drill outranks what its kind usually does (a rollback that doubled
        # the losses because a flag was still on is not a safe first move).
        value = 0.0
        note = (f"'{label}' made it worse in this drill (impact {landed.data['impact_before']:g} → "
                f"{landed.data['impact_after']:g}); '{best.label}' was the safe move.")
    return Outcome(value, [Evidence(event_seq=first.seq, t=first.t, quote=label, note=note)])


class Par(Params):
    zero_at_par_multiple: float = Field(gt=1)
    """Mitigation at this multiple of the scenario's par time earns nothing (linear from par)."""


@rule("REP-02", Par, exact=True)
def mitigated_within_par(log: DrillLog, p: Par) -> Outcome:
    """Minutes from the report to the first `mitigated` event against the scenario's par. A log that
    stops unmitigated is scored as mitigated at its end (an upper bound), or N/A before par."""
    par = log.scenario.par.mitigate_minutes
    zero = par * p.zero_at_par_multiple
    if log.mitigated is not None:
        dt = log.rel(log.mitigated.t)
        return Outcome(ramp(dt, par, zero), [Evidence(event_seq=log.mitigated.seq, t=log.mitigated.t,
                                                      note=f"Mitigated {minutes(dt)} after the report "
                                                           f"(par {minutes(par)}).")])
    elapsed = log.rel(log.end)
    if elapsed <= par:
        return Outcome(None, [Evidence(note=f"Not mitigated, but the log ends before par ({minutes(par)}).")])
    return Outcome(ramp(elapsed, par, zero), [Evidence(t=log.end, note=f"Still not mitigated {minutes(elapsed)} "
                                                                      f"after the report (par {minutes(par)}).")])


class Prompt(Params):
    full_within: float = Field(ge=0)
    """Minutes from the evidence pointing to a fast, safe repair to applying it, for full credit."""
    zero_after: float = Field(gt=0)
    """Minutes of delay (debate) from which the rule earns nothing."""


@rule("REP-05", Prompt, exact=True)
def stop_the_bleeding(log: DrillLog, p: Prompt) -> Outcome:
    """Once a check has shown a clue that points to a fast, safe repair that mitigates on its own
    (`clues[].points_to`), the time until one such repair is applied: full within `full_within`
    minutes, nothing from `zero_after` (never applied: measured to the end). Debating the root cause
    while customers are blocked is the delay this measures. N/A if no clue the team saw pointed to one."""
    scenario = log.scenario
    stoppers = {r.id for r in scenario.repairs
                if r.kind in FAST_SAFE_KINDS and r.effect in _EFFECTIVE and not r.requires
                and r.residual_impact <= MITIGATED_AT}
    pointed = None
    for event in log.by_kind["check_result"]:
        for found in event.data.get("clues") or []:
            clue = scenario.clue(str(found.get("id", "")))
            if clue is not None and stoppers & set(scenario.clue_points_to(clue)):
                pointed = event
                break
        if pointed is not None:
            break
    if pointed is None:
        return Outcome(None, [Evidence(note="No clue the team saw pointed to a fast, safe repair.")])
    applied = next((e for e in log.actions["apply_repair"] if e.seq > pointed.seq and log.act(e)["repair"] in stoppers),
                   None)
    until = applied.t if applied is not None else log.live_end
    dt = until - pointed.t
    value = ramp(dt, p.full_within, p.zero_after)
    if applied is not None:
        note = f"'{log.act(applied)['repair']}' went in {minutes(dt)} after the evidence pointed to it."
        return Outcome(value, [Evidence(event_seq=applied.seq, t=applied.t, quote=log.act(applied)["repair"],
                                        note=note)])
    return Outcome(value, [Evidence(event_seq=pointed.seq, t=pointed.t, quote=str(pointed.data.get("label", "")),
                                    note=f"The evidence pointed to a fast, safe repair at {log.clock(pointed.t)}; "
                                         f"none was applied in the {minutes(dt)} that followed.")])


class Plan(Params):
    window: float = Field(gt=0)
    """Minutes either side of the first repair in which the plan must be written down."""


_KIND_WORDS = {
    "rollback": r"roll(?:ed|ing)?[ -]?back", "feature_flag": r"flag|disabl\w+|switch\w* off|turn\w* off",
    "queue_pause": r"pause", "capacity": r"capacity|scal\w+|more (?:workers|nodes|instances)",
    "failover": r"fail[ -]?over", "workaround": r"workaround|manual\w*", "restart": r"restart\w*",
    "hotfix": r"hot ?fix|patch\w*", "rewrite": r"rewrit\w+", "config_change": r"config\w*",
}
_STOP = frozenset({"the", "and", "for", "with", "from", "that", "this", "back"})
_IMPACT = re.compile(r"\b(?:customers?|accounts?|users?|cannot|can't|blocked|fail\w*)\b", re.IGNORECASE)


@rule("REP-03", Plan, exact=False)
def one_screen_plan(log: DrillLog, p: Plan) -> Outcome:
    """Within `window` minutes of the first repair the record holds, a quarter each: the customer impact
    (an update's 'who is affected' or impact words), the chosen repair (named in an update or note),
    a named person per task (every assign_task there has an assignee; the repairer counts as one), and
    the next update time (an internal or customer update with next_update_at)."""
    applied = log.actions["apply_repair"]
    if not applied:
        return Outcome(None, [Evidence(note="No repair was applied, so no repair plan was due.")])
    first = applied[0]
    lo, hi = first.t - p.window, first.t + p.window
    around = [e for e in log.by_kind["action"] if lo <= e.t <= hi]
    said = [e for e in around if log.act(e)["kind"] in ("post_update", "add_note")]
    repair = log.scenario.repair(log.act(first)["repair"])
    words = {w for w in re.findall(r"[a-z]{4,}", repair.label.lower()) if w not in _STOP} if repair else set()
    named = re.compile(
        "|".join([_KIND_WORDS.get(repair.kind.value, r"$^") if repair else r"$^", *map(re.escape, words)]),
        re.IGNORECASE,
    )
    tasks = [e for e in around if log.act(e)["kind"] == "assign_task"]
    parts = {
        "the customer impact": any(log.act(e).get("affected") or _IMPACT.search(log.text(e)) for e in said),
        "the chosen repair": any(named.search(log.text(e)) for e in said),
        "a named person per task": all(log.act(e).get("assignee") for e in tasks),
        "the next update time": any(log.act(e).get("next_update_at") is not None for e in around
                                    if log.act(e)["kind"] in ("post_update", "customer_update")),
    }
    missing = [k for k, v in parts.items() if not v]
    note = ("The repair plan is on record: impact, repair, named people, next update." if not missing
            else f"Within {p.window:g} min of the first repair the record lacks " + ", ".join(missing) + ".")
    return Outcome(sum(parts.values()) / 4, [Evidence(event_seq=first.seq, t=first.t, note=note)])


class ChangeCourse(Params):
    within: float = Field(gt=0)
    """Minutes after a failed repair by which a different repair should start."""
    late_credit: float = Field(ge=0, le=1)
    """Credit when the change of course comes later than `within`."""


@rule("REP-04", ChangeCourse, exact=True)
def change_course(log: DrillLog, p: ChangeCourse) -> Outcome:
    """Per failed repair (effect none or worse): 1 if a different repair starts within `within` minutes,
    `late_credit` if later, 0 if none came or the failed repair was applied again."""
    failures = [e for e in log.by_kind["repair_finished"] if e.data.get("effect") in FAILED_EFFECTS]
    scores, evidence = [], []
    for failure in failures:
        failed_id = failure.data.get("repair_id")
        later = [e for e in log.actions["apply_repair"] if e.seq > failure.seq]
        # The engine refuses a repair already applied; trying it again is still the repeat this rule names.
        tried = later + [e for e in log.by_kind["action_refused"]
                         if e.seq > failure.seq and e.data["action"].get("kind") == "apply_repair"]
        repeat = min((e for e in tried if log.act(e)["repair"] == failed_id), key=lambda e: e.seq, default=None)
        other = next((e for e in later if log.act(e)["repair"] != failed_id), None)
        label = failure.data.get("label", failed_id)
        if repeat is not None:
            scores.append(0.0)
            evidence.append(Evidence(event_seq=repeat.seq, t=repeat.t, quote=label,
                                     note=f"'{label}' failed and was tried again."))
        elif other is not None:
            dt = other.t - failure.t
            scores.append(1.0 if dt <= p.within else p.late_credit)
            evidence.append(Evidence(event_seq=other.seq, t=other.t, quote=log.act(other)["repair"],
                                     note=f"Changed course {minutes(dt)} after '{label}' failed."))
        elif log.end - failure.t >= p.within:
            scores.append(0.0)
            evidence.append(Evidence(event_seq=failure.seq, t=failure.t, quote=label,
                                     note=f"'{label}' failed and no other repair followed."))
    if not scores:
        return Outcome(None, [Evidence(note="No repair failed.")])
    return Outcome(mean(scores), evidence)
