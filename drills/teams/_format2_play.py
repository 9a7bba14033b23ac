"""How the scripted teams play format 2, as small functions the teams call (kept apart from the teams
themselves so either can change without the other):

- `releases_due` / `next_release`: in headless play a scripted facilitator releases each held inject or
  decision point at its `release_hint`;
- `answers`: the ideal team answers each decision point with the option the scenario expects, the
  chaotic one with the first it does not;
- `follow_ups_once_mitigated`: "stop the bleeding, then fix": once the first repair has mitigated, apply
  the repairs that follow it (its `requires` dependants that do not make things worse);
- `broadcast_to`: where an update to every affected account can go (a declared broadcast channel that
  is working), or nothing (format 1: the customer's own thread);
- `data_statement`: what the final message says about data, true to the harms recorded;
- `duties_due`: the ideal team does the scenario's objectives that an internal post, a note or a task
  can meet, as soon as each one's clock starts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from drills.scenario import HarmKind, Repair, RepairEffect
from drills.world import (
    FACILITATOR,
    Action,
    AddNote,
    AnswerDecision,
    ApplyRepair,
    AssignTask,
    Engine,
    Event,
    NoteLabel,
    PostUpdate,
    Release,
)


def _held_with_hints(engine: Engine) -> list[tuple[float, str]]:
    hinted = engine.release_hints
    if not hinted:
        return []
    waiting = {item for item, _ in engine.releasable()}
    return [(hint, ident) for hint, ident in hinted if ident in waiting]


def releases_due(engine: Engine) -> list[Release]:
    """Release actions for every held item whose hint has come."""
    now = engine.now
    return [Release(actor=FACILITATOR, item=ident) for hint, ident in sorted(_held_with_hints(engine))
            if hint <= now]


def next_release(engine: Engine) -> float:
    """The next minute a held item's hint comes (inf: none)."""
    now = engine.now
    return min((hint for hint, _ in _held_with_hints(engine) if hint > now), default=math.inf)


def answers(engine: Engine, new_events: Sequence[Event], actor: str, *, expected: bool) -> list[AnswerDecision]:
    """An answer to every decision point asked among `new_events`: the expected option (or, with
    `expected=False`, the first option that is not expected)."""
    out = []
    for event in new_events:
        if event.kind != "decision_asked":
            continue
        decision = engine.scenario.decision(event.data["decision_id"])
        if decision is None:
            continue
        wanted = [o for o in decision.options if o.expected == expected] or list(decision.options)
        out.append(AnswerDecision(actor=actor, decision=decision.id, option=wanted[0].id))
    return out


def follow_ups(engine: Engine, first: Repair) -> list[Repair]:
    """The repairs that follow `first` (they require it) and do not make things worse."""
    return [r for r in engine.scenario.repairs if first.id in r.requires and r.effect is not RepairEffect.worse]


def follow_ups_once_mitigated(engine: Engine, first: Repair, actor: str) -> list[ApplyRepair]:
    """Follow-ups to apply now that `first` has mitigated (none before, and none twice)."""
    state = engine.state
    if state.mitigated_at is None or first.id not in state.repairs_applied:
        return []
    return [ApplyRepair(actor=actor, repair=r.id) for r in follow_ups(engine, first)
            if r.id not in state.repairs_applied and r.id not in state.repairs_running]


def broadcast_to(engine: Engine) -> dict[str, str]:
    """{'to': 'affected', 'channel': id} for the first declared broadcast channel that works now, or {}."""
    for channel in engine.scenario.channels:
        if channel.broadcast and not engine.channel_problem(channel.id):
            return {"to": "affected", "channel": channel.id}
    return {}


def data_statement(engine: Engine) -> str:
    """'No data was lost.', or what was lost (and exposed) as the harms recorded say."""
    sc = engine.scenario
    said = []
    for harm_id in engine.state.harms_recorded:
        harm = sc.harm(harm_id)
        if harm is None:
            continue
        window = f" ({harm.window})" if harm.window else ""
        if harm.kind is HarmKind.data_lost:
            said.append(f"We lost data: {harm.what}{window}.")
        elif harm.kind is HarmKind.exposure:
            said.append(f"For a time, {harm.what}{window}.")
        else:
            said.append(f"Some customers saw another customer's data: {harm.what}{window}.")
    return " ".join(said) if said else "No data was lost."


def duties_due(engine: Engine, actor: str, done: set[str]) -> list[Action]:
    """An action for each objective whose clock has started and that a post, a note or a task meets
    (customer updates and escalations carry their own words); `done` remembers them."""
    if not engine.scenario.objectives:
        return []
    from drills.scoring import clock_start

    out: list[Action] = []
    for objective in engine.scenario.objectives:
        match = objective.match
        if objective.id in done or match is None or clock_start(objective, engine.events) is None:
            continue
        words = f" ({match.words[0]})" if match.words else ""
        text = f"Done: {objective.duty}{words}."
        if "post_update" in match.actions:
            out.append(PostUpdate(actor=actor, text=text))
        elif "add_note" in match.actions:
            out.append(AddNote(actor=actor, label=NoteLabel.fact, text=text))
        elif "assign_task" in match.actions:
            out.append(AssignTask(actor=actor, assignee=actor, task=text, due_in=objective.deadline))
        else:
            continue
        done.add(objective.id)
    return out
