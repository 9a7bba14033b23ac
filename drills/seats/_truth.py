"""The truth the team cannot see, as the facilitator console shows it: the root cause, what each
repair does and whether it has landed, each user-facing function's state (from the `world_changed`
events), the scripted injects still to come, what the facilitator holds back to release (format 2)
and the business triggers.

A pure function of the scenario and the events so far (the facilitator's seat receives them all).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from drills.scenario import Scenario
from drills.world import Event, held_back


@dataclass(frozen=True, slots=True)
class RepairTruth:
    id: str
    label: str
    kind: str
    effect: str
    takes: float
    requires: tuple[str, ...]
    state: str
    """'not tried', 'running' or 'landed'."""


@dataclass(frozen=True, slots=True)
class FunctionState:
    id: str
    name: str
    failing: float
    """Share failing: 0 works for everyone, 1 fails for every affected account, above 1 worse."""

    @property
    def text(self) -> str:
        if self.failing <= 0:
            return "works"
        return f"fails for {min(self.failing, 1):.0%} of affected accounts" + (" (worse)" if self.failing > 1 else "")


@dataclass(frozen=True, slots=True)
class UpcomingInject:
    id: str
    at: float | None
    """None: it waits for its condition, or for the facilitator to release it (format 2)."""
    kind: str
    sender: str
    text: str
    condition: str
    """The inject's `when`, in words ('' when it always fires)."""


@dataclass(frozen=True, slots=True)
class TriggerTruth:
    kind: str
    note: str
    fired_at: float | None


@dataclass(frozen=True, slots=True)
class HeldItem:
    """An inject or decision point the facilitator releases by hand (format 2)."""

    id: str
    what: str
    release_hint: float | None
    """The minute a facilitator would usually release it, if the author said."""


@dataclass(frozen=True, slots=True)
class Truth:
    root_cause: str
    failing_system: str
    impact: float
    repairs: tuple[RepairTruth, ...]
    functions: tuple[FunctionState, ...]
    upcoming: tuple[UpcomingInject, ...]
    held: tuple[HeldItem, ...]
    triggers: tuple[TriggerTruth, ...]


def truth_of(scenario: Scenario, events: Sequence[Event]) -> Truth:
    running: set[str] = set()
    landed: set[str] = set()
    fired: set[str] = set()
    asked: set[str] = set()
    trigger_at: dict[str, float] = {}
    impact = 0.0
    functions = _declared_functions(scenario)
    told = any(e.kind == "world_changed" for e in events)
    """Logs written before world_changed existed: the functions follow the impact instead."""
    for event in events:
        kind, data = event.kind, event.data
        if kind == "repair_started":
            running.add(data["repair_id"])
        elif kind == "repair_finished":
            running.discard(data["repair_id"])
            landed.add(data["repair_id"])
            impact = float(data.get("impact_after", impact))
        elif kind == "outage_started":
            impact = 1.0
        elif kind in ("inject", "inject_skipped") and data.get("inject_id"):
            fired.add(data["inject_id"])
        elif kind == "decision_asked":
            asked.add(data["decision_id"])
        elif kind == "ceo_trigger":
            trigger_at.setdefault(data["trigger"], event.t)
        elif kind == "world_changed":
            impact = float(data.get("impact", impact))
            for fid, share in (data.get("functions") or {}).items():
                name = functions.get(fid, (fid, 0.0))[0]
                functions[fid] = (name, float(share))
            continue
        if kind in ("outage_started", "repair_finished") and not told:
            functions = _from_impact(scenario, impact)
    return Truth(
        root_cause=scenario.incident.root_cause,
        failing_system=scenario.incident.failing_system,
        impact=impact,
        repairs=tuple(
            RepairTruth(r.id, r.label, r.kind.value, r.effect.value, r.takes, tuple(r.requires),
                        "landed" if r.id in landed else "running" if r.id in running else "not tried")
            for r in scenario.repairs),
        functions=tuple(FunctionState(fid, name, share) for fid, (name, share) in functions.items()),
        upcoming=tuple(
            UpcomingInject(i.id, i.at, i.kind.value, i.sender, i.text, _condition(i.when))
            for i in sorted(scenario.injects, key=_when_due) if i.id not in fired),
        held=tuple(HeldItem(item.id, getattr(item, "question", None) or getattr(item, "text", ""),
                            item.release_hint)
                   for item in held_back(scenario, fired, asked)),
        triggers=tuple(TriggerTruth(t.kind.value, t.note, trigger_at.get(t.kind.value))
                       for t in scenario.incident.ceo_triggers),
    )


def _when_due(inject) -> tuple[int, float]:
    """Timed injects by their minute, then the ones that wait (by their release hint, if any)."""
    if inject.at is not None:
        return (0, inject.at)
    return (1, inject.release_hint if inject.release_hint is not None else math.inf)


def _declared_functions(scenario: Scenario) -> dict[str, tuple[str, float]]:
    """Each user-facing function and its share failing before the outage (everything works)."""
    return {f.id: (f.name, 0.0) for f in scenario.user_functions}


def _from_impact(scenario: Scenario, impact: float) -> dict[str, tuple[str, float]]:
    """Until a scenario's functions come as world_changed events: the blocked action fails as much as
    the impact says, what still works works."""
    incident = scenario.incident
    found = {"blocked": (incident.blocked_action, impact)}
    for n, works in enumerate(incident.still_works):
        found[f"works-{n}"] = (works, 0.0)
    return found


def _condition(when) -> str:
    if when is None:
        return ""
    parts = [f"{name.replace('_', ' ')}={value}" for name, value in when.model_dump(exclude_none=True).items()]
    return ", ".join(parts)
