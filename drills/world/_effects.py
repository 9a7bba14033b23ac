"""Repair outcomes that depend on the drill (format 2): the first outcome whose condition holds as the
repair lands wins; it may take hold later ("5-10 minutes to warm up"), wear off ("buys two hours"),
recover some user-facing functions and not others, and record lasting harms. Also any other change of
impact the scenario declares (a decision option's), logged as `impact_changed`.

Format-1 repairs keep the handlers' own landing, event for event; this part plays every repair of a
format-2 scenario.
"""

from __future__ import annotations

import random

from drills.scenario import Outcome, Repair, RepairEffect, TriggerKind
from drills.world._conditions import unmet
from drills.world._reactions import Reactions
from drills.world._state import TRUST_WORSE
from drills.world._world import World


class Effects:
    """Plays repair outcomes and declared impact changes over one `World`."""

    def __init__(self, world: World, reactions: Reactions, seed: int) -> None:
        self.world = world
        self.reactions = reactions
        self.state = world.state
        self._env = world.scheduler.env
        self._emit = world.emit
        self._rng = random.Random(f"{seed}:effects")

    def outcome(self, repair: Repair) -> Outcome:
        """The first of the repair's outcomes that holds now; none holding, its own effect."""
        for outcome in repair.effects:
            if not unmet(outcome.when, self.state, self._env.now):
                return outcome
        return Outcome.model_construct(when=None, effect=repair.effect, impact_after=repair.residual_impact,
                                       functions={}, delay=[], lasts=None, side_effect=repair.side_effect, harms=[])

    def land(self, repair: Repair, actor: str) -> None:
        """The repair is in place: its outcome takes hold now or after its delay."""
        outcome = self.outcome(repair)
        delay = self._delay(outcome)
        side_effect = self.world.fill(outcome.side_effect or repair.side_effect)
        before = self.state.impact
        if delay:
            self._emit("repair_finished", actor, repair_id=repair.id, label=repair.label, effect=outcome.effect.value,
                       impact_before=before, impact_after=before, side_effect=side_effect, takes_hold_in=delay)
            self.world.after(delay, self._take_hold, repair, outcome, actor, None)
        else:
            self._take_hold(repair, outcome, actor, side_effect)

    def _delay(self, outcome: Outcome) -> float:
        if not outcome.delay:
            return 0.0
        low, high = outcome.delay[0], outcome.delay[-1]
        return round(self._rng.uniform(min(low, high), max(low, high)), 1) if high != low else low

    def _take_hold(self, repair: Repair, outcome: Outcome, actor: str, side_effect: str | None) -> None:
        """Apply the outcome; `side_effect` not None: it takes hold as the repair lands (one event)."""
        if self.state.ended:
            return
        before, functions_before = self.state.impact, dict(self.state.functions)
        target = outcome.residual_impact
        if outcome.effect in (RepairEffect.fixes, RepairEffect.mitigates):
            after = min(before, target)
        elif outcome.effect is RepairEffect.worse:
            after = max(before, target)
        else:
            after = before
        functions = dict(outcome.functions) if outcome.effect is not RepairEffect.none else functions_before
        self.reactions.set_impact(after, functions)
        landing = side_effect is not None
        reason = f"'{repair.label}' landed" if landing else f"'{repair.label}' took hold"
        if landing:
            self._emit("repair_finished", actor, repair_id=repair.id, label=repair.label, effect=outcome.effect.value,
                       impact_before=before, impact_after=after, side_effect=side_effect)
        else:
            self._emit("impact_changed", actor, repair_id=repair.id, impact_before=before, impact_after=after,
                       reason=reason)
        self.reactions.report_truth(reason)
        if outcome.effect in (RepairEffect.none, RepairEffect.worse):
            self.reactions.fire_trigger(TriggerKind.failed_remediation.value, f"'{repair.label}' did not fix it")
        if outcome.effect is RepairEffect.worse:
            self.world.change_trust(TRUST_WORSE, "the service got worse for the customer")
        for harm_id in outcome.harms:
            self.world.record_harm(harm_id, reason)
        self.reactions.check_mitigation(actor, repair.id, reason)
        if outcome.lasts:
            self.world.after(outcome.lasts, self._wears_off, repair, before, functions_before,
                             self.reactions.impact_generation)

    def _wears_off(self, repair: Repair, impact: float, functions: dict[str, float], generation: int) -> None:
        if self.state.ended or generation != self.reactions.impact_generation:
            return  # something else changed the impact since: that holds
        self.change_impact(impact, f"'{repair.label}' wore off", repair_id=repair.id, functions=functions)

    def change_impact(self, impact: float, reason: str, *, actor: str | None = None, repair_id: str | None = None,
                      functions: dict[str, float] | None = None) -> None:
        """A declared change of impact that is not a repair landing: logged as `impact_changed`."""
        before = self.state.impact
        self.reactions.set_impact(impact, functions)
        self._emit("impact_changed", actor, repair_id=repair_id, impact_before=before, impact_after=impact,
                   reason=reason)
        self.reactions.report_truth(reason)
        if impact > before:
            self.world.change_trust(TRUST_WORSE, "the service got worse for the customer")
        self.reactions.check_mitigation(actor, repair_id, reason)
