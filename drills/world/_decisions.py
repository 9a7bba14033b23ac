"""Format 2's moments the drill itself decides: decision points put to the team, injects and decision
points the facilitator releases by hand, and what waits for a condition (an inject or decision point
without a time, a harm, a CEO trigger), checked once a simulated minute.

A decision point is asked (`decision_asked`), answered by the team (`decision_made`), and its option's
consequences follow: injects sent, harms recorded, the impact changed, the customer's trust moved, a
reply to the room. Later conditions branch on it (`after_decision: id.option`).
"""

from __future__ import annotations

from collections.abc import Collection, Generator
from typing import Any

import simpy

from drills.scenario import Decision, DecisionOption, Inject, Scenario
from drills.world._conditions import unmet
from drills.world._effects import Effects
from drills.world._reactions import Reactions
from drills.world._state import Refused
from drills.world._visibility import ROOM
from drills.world._world import World

WATCH_EVERY = 1.0
"""Simulated minutes between two looks at the conditions that nothing else schedules."""


def held_back(scenario: Scenario, arrived: Collection[str], asked: Collection[str]) -> list[Inject | Decision]:
    """What the facilitator can release now: injects and decision points without a time or a condition
    that have not arrived (or been asked) yet, in the order authored; an inject a decision option sends
    is that option's, not the facilitator's."""
    sent_by_options = {i for d in scenario.decisions for o in d.options for i in o.injects}
    held: list[Inject | Decision] = [i for i in scenario.injects
                                     if i.at is None and i.when is None and i.id not in arrived
                                     and i.id not in sent_by_options]
    held += [d for d in scenario.decisions if d.at is None and d.when is None and d.id not in asked]
    return held


class Decisions:
    """Decision points, releases and the condition watch over one `World`."""

    def __init__(self, world: World, reactions: Reactions, effects: Effects) -> None:
        self.world = world
        self.reactions = reactions
        self.effects = effects
        self.state = world.state
        self.scenario = world.scenario
        self._env = world.scheduler.env
        self._emit = world.emit

    def start(self) -> None:
        """Schedule the timed decision points, and the watch if anything waits for a condition."""
        sc = self.scenario
        for decision in sc.decisions:
            if decision.at is not None:
                self.world.after(decision.at, self._timed, decision)
        if self._watched():
            self.world.scheduler.process(self._watch())

    def _watched(self) -> bool:
        sc = self.scenario
        return (any(i.at is None and i.when is not None for i in sc.injects)
                or any(d.at is None and d.when is not None for d in sc.decisions)
                or any(h.when is not None for h in sc.harms)
                or any(t.at is None and t.when is not None for t in sc.incident.ceo_triggers))

    def _watch(self) -> Generator[simpy.Event, Any, None]:
        sc = self.scenario
        env = self._env
        while not self.state.ended:
            now = env.now
            for inject in sc.injects:
                if (inject.at is None and inject.when is not None and inject.id not in self.state.injects_arrived
                        and not unmet(inject.when, self.state, now)):
                    self.reactions.fire(inject)
            for decision in sc.decisions:
                if (decision.at is None and decision.when is not None and decision.id not in self.state.decisions_asked
                        and not unmet(decision.when, self.state, now)):
                    self.ask(decision)
            for harm in sc.harms:
                if harm.when is not None and not unmet(harm.when, self.state, now):
                    self.world.record_harm(harm.id, "its condition held")
            for trigger in sc.incident.ceo_triggers:
                if trigger.at is None and trigger.when is not None and not unmet(trigger.when, self.state, now):
                    self.reactions.fire_trigger(trigger.kind.value, trigger.note)
            yield env.timeout(WATCH_EVERY)

    def _timed(self, decision: Decision) -> None:
        reason = unmet(decision.when, self.state, self._env.now)
        if reason:
            self._emit("decision_skipped", None, decision_id=decision.id, reason=reason)
        else:
            self.ask(decision)

    def ask(self, decision: Decision) -> None:
        if decision.id in self.state.decisions_asked or self.state.ended:
            return
        self.state.decisions_asked.add(decision.id)
        self._emit("decision_asked", None, decision_id=decision.id, question=self.world.fill(decision.question),
                   options=[{"id": o.id, "label": o.label} for o in decision.options], free_text=decision.free_text,
                   to=list(decision.to or [ROOM]))

    # ------------------------------------------------------------------ releases

    def releasable(self) -> list[Inject | Decision]:
        """What the facilitator can release now (`held_back`)."""
        return held_back(self.scenario, self.state.injects_arrived, self.state.decisions_asked)

    def release(self, item: str, *, dry_run: bool) -> None:
        chosen = next((x for x in self.releasable() if x.id == item), None)
        if chosen is None:
            names = ", ".join(x.id for x in self.releasable()) or "nothing is waiting"
            raise Refused(f"'{item}' is not waiting to be released — waiting: {names}")
        if dry_run:
            return
        if isinstance(chosen, Decision):
            self.ask(chosen)
        else:
            self.reactions.fire(chosen)

    # ------------------------------------------------------------------ answers

    def answer(self, actor: str, decision_id: str, option_id: str | None, text: str, *, dry_run: bool) -> None:
        decision = self.scenario.decision(decision_id)
        if decision is None or decision_id not in self.state.decisions_asked:
            asked = [d for d in self.state.decisions_asked if d not in self.state.decisions_made]
            raise Refused(f"no decision '{decision_id}' is waiting for an answer — waiting: "
                          f"{', '.join(sorted(asked)) or 'none'}")
        if decision_id in self.state.decisions_made:
            raise Refused(f"decision '{decision_id}' was already answered")
        option = next((o for o in decision.options if o.id == option_id), None)
        if option is None:
            raise Refused(f"decision '{decision_id}' has no option '{option_id}' — choose one of: "
                          f"{', '.join(o.id for o in decision.options)}")
        if text and not decision.free_text:
            raise Refused(f"decision '{decision_id}' takes no free text; choose an option")
        if dry_run:
            return
        self.state.decisions_made[decision_id] = option.id
        self._emit("decision_made", actor, decision_id=decision_id, option_id=option.id, label=option.label,
                   text=text, expected=option.expected,
                   expected_option=next((o.id for o in decision.options if o.expected), None))
        self._consequences(decision, option, actor)

    def _consequences(self, decision: Decision, option: DecisionOption, actor: str) -> None:
        world = self.world
        cause = f"decision '{decision.id}': {option.id}"
        if option.reply:
            world.message("colleague_message", "Facilitator", world.fill(option.reply))
        for inject_id in option.injects:
            inject = self.scenario.inject(inject_id)
            if inject is not None and inject_id not in self.state.injects_arrived:
                self.reactions.fire(inject)
        for harm_id in option.harms:
            world.record_harm(harm_id, cause)
        if option.impact_after is not None and option.impact_after != self.state.impact:
            self.effects.change_impact(option.impact_after, cause, actor=actor)
        if option.trust:
            world.change_trust(option.trust, cause)
