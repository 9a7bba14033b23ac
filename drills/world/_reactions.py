"""What the world does on its own: the outage, scripted and ambient injects, the customer's
patience, business triggers and the CEO asking for a briefing."""

from __future__ import annotations

import math
import random
from collections.abc import Generator
from typing import Any

import simpy

from drills.scenario import (
    MIN_PATIENCE,
    MITIGATED_AT,
    WORKS_BELOW,
    Condition,
    EscalationTrigger,
    Inject,
    InjectKind,
    TriggerKind,
)
from drills.world._casting import SeededNames
from drills.world._conditions import unmet
from drills.world._state import TRUST_CHASE
from drills.world._world import World


class Reactions:
    """The world's own processes over one `World`; the handlers call `set_impact`, `expect_customer_word`
    and `fire_trigger` when an action changes what the world reacts to."""

    def __init__(self, world: World, seed: int) -> None:
        self.world = world
        self.state = world.state
        self.scenario = world.scenario
        self._env = world.scheduler.env
        self._emit = world.emit
        self._after = world.after
        self._customer_gen = 0
        self._impact_gen = 0
        self._chase_index = 0
        self._ceo_index = 0
        self._functions = self.scenario.user_functions
        self._told: dict[str, float] | None = None
        """The function shares last emitted in `world_changed`."""
        self._ambient_rng = random.Random(f"{seed}:ambient")
        self._ticket_names = SeededNames(seed, "tickets")
        self._ticket_no = 4100 + self._ticket_names.random.randrange(800)

    def start(self) -> None:
        """Schedule everything the scenario sets in motion at minute 0, in this order (same-minute
        callbacks run in the order they were scheduled): the outage, the injects, the ambient tickets,
        the end of simulated time, timed CEO triggers, and the revenue watch."""
        scenario = self.scenario
        after = self._after
        after(scenario.incident.onset, self.outage_starts)
        timed = [i for i in scenario.injects if i.at is not None]
        for inject in sorted(timed, key=lambda i: i.at or 0):  # same minute: in the order authored
            after(inject.at or 0, self.fire, inject)
        if scenario.incident.tickets_per_minute and scenario.incident.tickets_per_minute > 1:
            self.world.scheduler.process(self.ticket_flood())
        else:
            self.world.scheduler.process(self.ambient_tickets())
        after(scenario.simulated_minutes, self.time_runs_out)
        for trigger in scenario.incident.ceo_triggers:
            if trigger.at is not None:
                after(trigger.at, self._timed_trigger, trigger)
        self.watch_revenue()

    def _timed_trigger(self, trigger: EscalationTrigger) -> None:
        if trigger.when is None or not self.unmet(trigger.when):
            self.fire_trigger(trigger.kind.value, trigger.note)

    def set_impact(self, impact: float, functions: dict[str, float] | None = None) -> None:
        """The impact from now on; `functions` (format 2): shares failing per function that differ from it."""
        self.world.accrue()
        self.state.impact = impact
        self.state.functions = dict(functions or {})
        self._impact_gen += 1
        self.watch_revenue()

    @property
    def impact_generation(self) -> int:
        """Counts changes of impact: a temporary effect wears off only if nothing changed it since."""
        return self._impact_gen

    def check_mitigation(self, actor: str | None, repair_id: str | None, reason: str) -> None:
        """Mitigated when the impact first falls to the mitigated level; in format 2 the world can get
        worse again, and then says so (`mitigation_lost`) and can be mitigated again."""
        s = self.state
        if s.impact <= MITIGATED_AT and s.mitigated_at is None and s.outage_started:
            s.mitigated_at = self._env.now
            self._emit("mitigated", actor, repair_id=repair_id, impact=s.impact)
        elif s.impact > MITIGATED_AT and s.mitigated_at is not None and self.scenario.format == 2:
            s.mitigated_at = None
            self._emit("mitigation_lost", actor, repair_id=repair_id, impact=s.impact, reason=reason)

    def outage_starts(self) -> None:
        self.state.outage_started = True
        self.set_impact(1.0)
        self._emit("outage_started", None, failing_system=self.scenario.incident.failing_system)
        self.report_truth("the outage started")
        for harm in self.scenario.harms:
            if harm.when is None and not self._named_elsewhere(harm.id):
                self.world.record_harm(harm.id, "the outage started")

    def _named_elsewhere(self, harm_id: str) -> bool:
        """Whether a repair outcome or a decision option names this harm (then it happens with them)."""
        sc = self.scenario
        return (any(harm_id in o.harms for r in sc.repairs for o in r.effects)
                or any(harm_id in o.harms for d in sc.decisions for o in d.options))

    def report_truth(self, reason: str) -> None:
        """Emit `world_changed` when the state of any user-facing function differs from the last one told:
        the truth scoring, the facilitator's console and replays read."""
        impact = self.state.impact
        overrides = self.state.functions
        shares = {f.id: (round(impact, 6) if f.broken else 0.0) for f in self._functions}
        for fid, share in overrides.items():
            if fid in shares:
                shares[fid] = round(share, 6)
        if shares != self._told:
            self._told = shares
            self._emit("world_changed", None, impact=round(impact, 6), functions=shares, reason=reason)

    def time_runs_out(self) -> None:
        self.world.end("the simulated time ran out")

    def fire(self, inject: Inject) -> None:
        unmet = self.unmet(inject.when)
        if unmet:
            self._emit("inject_skipped", None, inject_id=inject.id, reason=unmet)
            return
        world = self.world
        if inject.kind is InjectKind.join_request and inject.person:
            self.state.pending_joins.append(inject.person)
        world.message(inject.kind.value, inject.sender, world.fill(inject.text), inject_id=inject.id,
                      person=inject.person, to=inject.to or None)
        if inject.id == self.scenario.incident.first_report:
            self.state.reported_at = self._env.now
            self._emit("incident_reported", None, inject_id=inject.id, customer_id=world.report_customer.id,
                       account=world.report_customer.account)
            self.expect_customer_word(self.scenario.customer.patience)
            for trigger in self.scenario.incident.ceo_triggers:
                if trigger.at is None and trigger.kind is TriggerKind.open_duration:
                    minutes = trigger.open_minutes or 60
                    self._after(minutes, self._open_too_long, minutes, trigger.note)

    def unmet(self, when: Condition | None) -> str:
        """Empty if every condition holds, else which one does not."""
        return unmet(when, self.state, self._env.now)

    def ambient_tickets(self) -> Generator[simpy.Event, Any, None]:
        """Other affected accounts write in at a rate that grows with the impact."""
        rng = self._ambient_rng
        env = self._env
        incident = self.scenario.incident
        while not self.state.ended:
            impact = self.state.impact
            if impact <= 0 or self.state.reported_at is None:
                yield env.timeout(10)
                continue
            if incident.tickets_per_minute:
                rate = min(impact, 1.5) * incident.tickets_per_minute
            else:
                rate = min(impact, 1.5) * min(incident.affected_accounts, 40) / 240  # tickets per minute
            rate *= self._informed()
            yield env.timeout(rng.expovariate(rate))
            if self.state.impact <= 0 or self.state.ended or not self.world.may_generate():
                continue
            fake = self._ticket_names
            self._ticket_no += 1
            account = fake.random_int(1000, 9999)
            phrasing = rng.choice(
                (
                    "We cannot {action}. The screen says: {error}",
                    "Since this morning we are unable to {action}. Error: {error}. Please advise.",
                    "Is something down? {action} keeps failing for us ({error}).",
                    "Our team cannot {action} and we have a deadline today. Seeing '{error}'.",
                )
            )
            text = phrasing.format(action=incident.blocked_action, error=incident.error_text)
            self.world.message(
                "ticket",
                "Support queue",
                f"Ticket #{self._ticket_no} — {fake.name()} at {fake.company()} (account {account}): "
                f"{text[0].upper()}{text[1:]}",
            )

    def _informed(self) -> float:
        """Fewer affected accounts write in for 30 minutes after an update reached all of them."""
        told = self.state.broadcast_at
        return 0.3 if told is not None and self._env.now - told < 30 else 1.0

    def ticket_flood(self) -> Generator[simpy.Event, Any, None]:
        """Format 2's `incident.tickets_per_minute` above one: each minute, one message with how many
        affected accounts wrote in (a draw around the rate at this impact) and three of them quoted."""
        rng = self._ambient_rng
        env = self._env
        incident = self.scenario.incident
        while not self.state.ended:
            yield env.timeout(1)
            impact = self.state.impact
            if impact <= 0 or self.state.reported_at is None or self.state.ended:
                continue
            mean = min(impact, 1.5) * (incident.tickets_per_minute or 0) * self._informed()
            count = max(0, round(rng.gauss(mean, math.sqrt(mean)))) if mean > 0 else 0
            if not count:
                continue
            fake = self._ticket_names
            samples = []
            for _ in range(min(count, 3)):
                self._ticket_no += 1
                samples.append(f"#{self._ticket_no} {fake.company()} (account {fake.random_int(1000, 9999)})")
            self._ticket_no += count - len(samples)
            self.world.message(
                "ticket", "Support queue",
                f"{count} new ticket{'s' if count != 1 else ''} in the last minute: customers cannot "
                f"{incident.blocked_action} ({incident.error_text}). Latest: {'; '.join(samples)}.",
                count=count)

    def expect_customer_word(self, wait: float) -> None:
        """The customer chases if nothing arrives within `wait` minutes."""
        self._customer_gen += 1
        self._after(max(wait, MIN_PATIENCE), self._customer_patience, self._customer_gen)

    def _customer_patience(self, generation: int) -> None:
        if generation != self._customer_gen or self.state.confirmed or self.state.ended:
            return
        if self.state.resolved and self.state.impact < WORKS_BELOW:
            return
        world = self.world
        if not world.may_generate():
            self.expect_customer_word(self.scenario.customer.patience)
            return
        texts = self.scenario.customer.chase_texts
        text = texts[self._chase_index % len(texts)]
        self._chase_index += 1
        last = self.state.last_customer_update
        silent_for = round(self._env.now - (last if last is not None else self.state.reported_at or 0), 2)
        world.message("customer_message", world.report_customer.id, world.fill(text))
        self._emit("customer_chased", None, text=world.fill(text), silent_for=silent_for)
        world.change_trust(TRUST_CHASE, "the customer had to chase an update")
        self.expect_customer_word(self.scenario.customer.patience)

    def _open_too_long(self, minutes: float, note: str) -> None:
        """`minutes` after the first report (scheduled when it arrives)."""
        if not self.state.resolved:
            self.fire_trigger(TriggerKind.open_duration.value, note or f"incident open {minutes:g} minutes")

    def watch_revenue(self) -> None:
        """Schedule the revenue_at_risk trigger for when the loss crosses its threshold at this impact."""
        rate = self.state.impact * (self.world.revenue_per_minute + self.world.own_loss_per_minute)
        if rate <= 0:
            return
        for trigger in self.scenario.incident.ceo_triggers:
            if (trigger.kind is TriggerKind.revenue_at_risk and "revenue_at_risk" not in self.state.triggers_fired
                    and trigger.revenue_lost_over is not None):
                remaining = trigger.revenue_lost_over - (self.state.revenue_lost + self.state.own_loss)
                self._after(max(remaining, 0) / rate, self._revenue_crossing, self._impact_gen, trigger.note)

    def _revenue_crossing(self, generation: int, note: str) -> None:
        if generation == self._impact_gen:
            self.world.accrue()
            self.fire_trigger(TriggerKind.revenue_at_risk.value, note)

    def fire_trigger(self, kind: str, note: str) -> None:
        if kind in self.state.triggers_fired or self.state.ended:
            return
        warranted = any(t.kind.value == kind for t in self.scenario.incident.ceo_triggers)
        if not warranted:
            return
        self.state.triggers_fired.append(kind)
        self._emit("ceo_trigger", None, trigger=kind, note=note)
        if not self.state.escalated and len(self.state.triggers_fired) == 1:
            self._after(self.scenario.ceo.patience, self._ceo_patience)

    def _ceo_patience(self) -> None:
        if self.state.escalated or self.state.ended or not self.world.may_generate():
            return
        world = self.world
        asks = self.scenario.ceo.asks
        text = asks[self._ceo_index % len(asks)]
        self._ceo_index += 1
        world.message("ceo_message", "ceo", world.fill(text))
        self._emit("ceo_asked", None, text=world.fill(text))
