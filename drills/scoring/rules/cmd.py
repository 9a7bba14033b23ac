"""CMD: command and ownership (seed: 'Give one person clear ownership'; PagerDuty roles; GitLab)."""

from __future__ import annotations

import re

from pydantic import Field, model_validator

from drills.scoring._scorecard import Evidence
from drills.scoring.rules.base import NoParams, Outcome, Params, clamp, mean, minutes, ramp, rule
from drills.scoring.rules.log import DrillLog, local_flags
from drills.world import FACILITATOR, INCIDENT_THREAD


class Deadline(Params):
    full_by: float = Field(ge=0)
    """Minutes after the report for full credit."""
    zero_after: float = Field(gt=0)
    """Minutes after the report from which the rule earns nothing (linear in between)."""

    @model_validator(mode="after")
    def _ordered(self) -> Deadline:
        if self.zero_after < self.full_by:
            raise ValueError("zero_after must not be earlier than full_by — raise zero_after or lower full_by")
        return self


@rule("CMD-01", Deadline, exact=True)
def owner_named_fast(log: DrillLog, p: Deadline) -> Outcome:
    """Minutes from the report to the first owner_changed: full credit by `full_by`, none from
    `zero_after`, linear between. Nobody named at all is a critical task never attempted."""
    if not log.spells:
        return Outcome(0.0, [Evidence(note="Nobody was ever named owner.")], attempted=False)
    first = log.spells[0].event
    dt = log.rel(first.t)
    who = log.name(first.data.get("owner"))
    note = f"{who} named owner {minutes(dt)} after the report."
    return Outcome(ramp(dt, p.full_by, p.zero_after), [Evidence(event_seq=first.seq, t=first.t, note=note)])


class OneOwner(Params):
    penalty_per_conflict: float = Field(gt=0, le=1)
    """Score lost each time ownership is taken rather than handed over, or left empty."""


@rule("CMD-02", OneOwner, exact=True)
def exactly_one_owner(log: DrillLog, p: OneOwner) -> Outcome:
    """Ownership is contested when someone other than the current owner (or the facilitator) moves it
    without a complete handoff: the outgoing owner never let go, so for a while two people believe
    they own the incident. A change to nobody leaves it without an owner. Both count as conflicts."""
    if not log.spells:
        return Outcome(None, [Evidence(note="No owner was named, so there was never one owner to keep.")])
    conflicts, evidence = 0, []
    for spell in log.spells[1:]:
        event = spell.event
        previous, assigner = event.data.get("previous"), event.actor
        handoff = event.data.get("handoff") or {}
        complete = bool(handoff.get("scope") and handoff.get("facts") and handoff.get("next_update_at") is not None)
        if spell.owner is None:
            conflicts += 1
            evidence.append(Evidence(event_seq=event.seq, t=event.t, note="The incident was left without an owner."))
        elif previous is not None and assigner not in (previous, FACILITATOR) and not complete:
            conflicts += 1
            evidence.append(Evidence(
                event_seq=event.seq, t=event.t,
                note=f"{log.name(assigner)} moved ownership from {log.name(previous)} to {log.name(spell.owner)} "
                     f"without a handoff: two people thought they owned it.",
            ))
    if not conflicts:
        owners = ", then ".join(log.name(s.owner) for s in log.spells)
        evidence.append(Evidence(event_seq=log.spells[0].event.seq, t=log.spells[0].event.t,
                                 note=f"One owner at a time: {owners}."))
    return Outcome(clamp(1 - p.penalty_per_conflict * conflicts), evidence)


class Closest(Params):
    coordinator_with_expert: float = Field(ge=0, le=1)
    """Credit while the owner is a coordinator and an expert of the failing system has a named task."""


@rule("CMD-03", Closest, exact=True)
def owner_closest(log: DrillLog, p: Closest) -> Outcome:
    """Time-weighted over the ownership spells until resolution: an owner who knows the failing system
    earns 1; a coordinator earns `coordinator_with_expert` once an expert has been given a task by
    name (assign_task to someone who knows the failing system); otherwise 0."""
    if not log.spells:
        return Outcome(None, [Evidence(note="No owner was named.")])
    if not log.closest:
        return Outcome(None, [Evidence(note="The scenario names nobody who knows the failing system.")])
    experts_tasked = [e for e in log.actions["assign_task"] if log.act(e).get("assignee") in log.closest]
    system = log.scenario.incident.failing_system
    weights, values, evidence = [], [], []
    for spell in log.spells:
        if spell.owner in log.closest:
            value, note = 1.0, f"{log.name(spell.owner)} knows {system}, the failing system."
        else:
            tasked = next((e for e in experts_tasked if e.t <= spell.end), None)
            if tasked is not None:
                expert = log.name(log.act(tasked).get("assignee"))
                value = p.coordinator_with_expert
                note = f"{log.name(spell.owner)} coordinated with {expert} ({system}) named for a task."
            else:
                value = 0.0
                closest = ", ".join(sorted(log.name(c) for c in log.closest))
                note = f"{log.name(spell.owner)} does not know {system}; closest: {closest}."
        weights.append(max(spell.end - spell.start, 0.0))
        values.append(value)
        evidence.append(Evidence(event_seq=spell.event.seq, t=spell.event.t, note=note))
    if sum(weights) <= 0:
        return Outcome(values[-1], evidence)
    return Outcome(sum(w * v for w, v in zip(weights, values, strict=True)) / sum(weights), evidence)


class Handoff(Params):
    ack_within: float = Field(gt=0)
    """Minutes the new owner has to acknowledge the handoff."""


@rule("CMD-04", Handoff, exact=True)
def explicit_handoff(log: DrillLog, p: Handoff) -> Outcome:
    """Each change of owner after the first scores a quarter for each of: scope, confirmed facts,
    next update time, and the new owner's acknowledge_ownership within `ack_within` minutes."""
    changes = [s for s in log.spells[1:]]
    if not changes:
        return Outcome(None, [Evidence(note="Ownership never changed hands.")])
    scores, evidence = [], []
    for i, spell in enumerate(changes):
        event = spell.event
        handoff = event.data.get("handoff") or {}
        next_change = changes[i + 1].event.seq if i + 1 < len(changes) else None
        acked = next(
            (a for a in log.actions["acknowledge_ownership"]
             if a.actor == spell.owner and a.seq > event.seq and (next_change is None or a.seq < next_change)
             and a.t - event.t <= p.ack_within),
            None,
        )
        parts = {
            "scope": bool(handoff.get("scope")),
            "confirmed facts": bool(handoff.get("facts")),
            "next update time": handoff.get("next_update_at") is not None,
            "acknowledgement": acked is not None,
        }
        scores.append(sum(parts.values()) / 4)
        missing = [k for k, v in parts.items() if not v]
        note = (f"Handoff to {log.name(spell.owner)}: "
                + ("complete." if not missing else "missing " + ", ".join(missing) + "."))
        words = " / ".join(str(handoff[k]) for k in ("scope", "facts") if handoff.get(k))
        evidence.append(Evidence(event_seq=event.seq, t=event.t, quote=words, note=note))
    return Outcome(mean(scores), evidence)


class RoomSize(Params):
    full_max: int = Field(ge=1)
    """Largest room (active people) with full credit."""
    half_max: int = Field(ge=1)
    """Largest room with `half_credit`; larger rooms earn nothing."""
    half_credit: float = Field(ge=0, le=1)
    """Credit for a room above `full_max` and up to `half_max`."""

    @model_validator(mode="after")
    def _ordered(self) -> RoomSize:
        if self.half_max < self.full_max:
            raise ValueError("half_max must not be below full_max — raise half_max")
        return self


@rule("CMD-05", RoomSize, exact=True)
def small_room(log: DrillLog, p: RoomSize) -> Outcome:
    """The room is the active people (events.py): played cast members from the start, others from their
    first action, plus people admitted. The rule scores its largest size during the drill."""
    size, at = log.played_count(), None
    for event in log.by_kind["room_changed"]:
        if event.data.get("size", 0) > size:
            size, at = event.data["size"], event
    value = 1.0 if size <= p.full_max else p.half_credit if size <= p.half_max else 0.0
    note = f"At most {size} active people in the room."
    return Outcome(value, [Evidence(event_seq=at.seq if at else None, t=at.t if at else None, note=note)])


@rule("CMD-06", NoParams, exact=True)
def one_thread(log: DrillLog, p: NoParams) -> Outcome:
    """The share of internal updates posted in the incident thread."""
    updates = log.actions["post_update"]
    if not updates:
        return Outcome(None, [Evidence(note="No internal updates were posted.")])
    side = [e for e in updates if log.act(e).get("channel", INCIDENT_THREAD) != INCIDENT_THREAD]
    evidence = [
        Evidence(event_seq=e.seq, t=e.t, quote=log.text(e),
                 note=f"{log.name(e.actor)} posted in '{log.act(e).get('channel')}', not the incident thread.")
        for e in side
    ]
    if not side:
        evidence.append(Evidence(note=f"All {len(updates)} updates went to the incident thread."))
    return Outcome(1 - len(side) / len(updates), evidence)


class Tasks(Params):
    no_time_box_credit: float = Field(ge=0, le=1)
    """Credit for a task given to a named person without a time box (due_in)."""


_CAN_SOMEONE = re.compile(r"\b(?:can|could|would|will)\s+(?:someone|somebody|anyone|anybody)\b", re.IGNORECASE)


@rule("CMD-07", Tasks, exact=True)
def named_tasks(log: DrillLog, p: Tasks) -> Outcome:
    """Mean over tasks: a named person with a time box earns 1, without one `no_time_box_credit`, a task
    to nobody 0. A "can someone…" in an update or note counts as a task to nobody (flag 'can_someone',
    which the facilitator can overrule)."""
    scores, evidence, heuristic = [], [], False
    for event in log.actions["assign_task"]:
        action = log.act(event)
        if action.get("assignee") is None:
            scores.append(0.0)
            evidence.append(Evidence(event_seq=event.seq, t=event.t, quote=action["task"],
                                     note="Task given to nobody in particular."))
        elif action.get("due_in") is None:
            scores.append(p.no_time_box_credit)
            evidence.append(Evidence(event_seq=event.seq, t=event.t, quote=action["task"],
                                     note=f"Task for {log.name(action['assignee'])} without a time box."))
        else:
            scores.append(1.0)
    for event in log.written(("post_update", "add_note")):
        flags = local_flags(_CAN_SOMEONE, "can_someone", "An open request to nobody: name a person.", log.text(event))
        if flags:
            heuristic = True
            standing, found = log.judge("CMD-07", event, flags)
            scores.extend([0.0] * standing)
            evidence.extend(found)
    if not scores:
        return Outcome(None, [Evidence(note="No tasks were handed out.")])
    if all(s == 1.0 for s in scores):
        evidence.append(Evidence(note=f"All {len(scores)} tasks went to a named person with a time box."))
    return Outcome(mean(scores), evidence, exact=not heuristic)
