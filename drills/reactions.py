"""What the world does on its own: the outage, scripted and ambient injects, the customer's
patience, business triggers and the CEO asking for a briefing."""

from __future__ import annotations

import random
from collections.abc import Generator
from typing import Any

import simpy

from drills.casting import SeededNames
from drills.scenario import Condition, Inject, InjectKind, TriggerKind
from drills.world import TRUST_CHASE, WORKS_BELOW, WorldCore


class WorldReactions(WorldCore):
    _customer_gen: int
    _impact_gen: int
    _chase_index: int
    _ceo_index: int
    _ambient_rng: random.Random
    _ticket_names: SeededNames
    _ticket_no: int

    def _set_impact(self, impact: float) -> None:
        self._accrue()
        self.state.impact = impact
        self._impact_gen += 1
        self._watch_revenue()

    def _outage_starts(self) -> None:
        self.state.outage_started = True
        self._set_impact(1.0)
        self._emit("outage_started", None, failing_system=self.scenario.incident.failing_system)

    def _time_runs_out(self) -> None:
        self._end("the simulated time ran out")

    def _fire(self, inject: Inject) -> None:
        unmet = self._unmet(inject.when)
        if unmet:
            self._emit("inject_skipped", None, inject_id=inject.id, reason=unmet)
            return
        if inject.kind is InjectKind.join_request and inject.person:
            self.state.pending_joins.append(inject.person)
        self._message(inject.kind.value, inject.sender, self._fill(inject.text), inject_id=inject.id,
                      person=inject.person)
        if inject.id == self.scenario.incident.first_report:
            self.state.reported_at = self.env.now
            self._emit("incident_reported", None, inject_id=inject.id, customer_id=self._report_customer.id,
                       account=self._report_customer.account)
            self._expect_customer_word(self.scenario.customer.patience)
            for trigger in self.scenario.incident.ceo_triggers:
                if trigger.at is None and trigger.kind is TriggerKind.open_duration:
                    minutes = trigger.open_minutes or 60
                    self._after(minutes, self._open_too_long, minutes, trigger.note)

    def _unmet(self, when: Condition | None) -> str:
        """Empty if every condition holds, else which one does not."""
        if when is None:
            return ""
        s = self.state
        facts = {
            "owner_assigned": s.owner is not None,
            "internal_update_sent": s.internal_updates > 0,
            "customer_update_sent": s.customer_updates > 0,
            "escalated": s.escalated,
            "mitigated": s.mitigated_at is not None,
            "resolved": s.resolved,
        }
        for name, actual in facts.items():
            wanted = getattr(when, name)
            if wanted is not None and wanted != actual:
                return f"{name} is {str(actual).lower()}"
        if when.after_repair and when.after_repair not in s.repairs_applied:
            return f"repair {when.after_repair} not applied"
        if when.not_after_repair and when.not_after_repair in s.repairs_applied:
            return f"repair {when.not_after_repair} applied"
        if when.after_check and when.after_check not in s.checks_run:
            return f"check {when.after_check} not run"
        return ""

    def _ambient_tickets(self) -> Generator[simpy.Event, Any, None]:
        """Other affected accounts write in at a rate that grows with the impact."""
        rng = self._ambient_rng
        incident = self.scenario.incident
        while not self.state.ended:
            impact = self.state.impact
            if impact <= 0 or self.state.reported_at is None:
                yield self.env.timeout(10)
                continue
            rate = min(impact, 1.5) * min(incident.affected_accounts, 40) / 240  # tickets per minute
            yield self.env.timeout(rng.expovariate(rate))
            if self.state.impact <= 0 or self.state.ended:
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
            self._message(
                "ticket",
                "Support queue",
                f"Ticket #{self._ticket_no} — {fake.name()} at {fake.company()} (account {account}): "
                f"{text[0].upper()}{text[1:]}",
            )

    def _expect_customer_word(self, wait: float) -> None:
        """The customer chases if nothing arrives within `wait` minutes."""
        self._customer_gen += 1
        self._after(wait, self._customer_patience, self._customer_gen)

    def _customer_patience(self, generation: int) -> None:
        if generation != self._customer_gen or self.state.confirmed or self.state.ended:
            return
        if self.state.resolved and self.state.impact < WORKS_BELOW:
            return
        texts = self.scenario.customer.chase_texts
        text = texts[self._chase_index % len(texts)]
        self._chase_index += 1
        last = self.state.last_customer_update
        silent_for = round(self.env.now - (last if last is not None else self.state.reported_at or 0), 2)
        self._message("customer_message", self._report_customer.id, self._fill(text))
        self._emit("customer_chased", None, text=self._fill(text), silent_for=silent_for)
        self._change_trust(TRUST_CHASE, "the customer had to chase an update")
        self._expect_customer_word(self.scenario.customer.patience)

    def _open_too_long(self, minutes: float, note: str) -> None:
        """`minutes` after the first report (scheduled when it arrives)."""
        if not self.state.resolved:
            self._fire_trigger(TriggerKind.open_duration.value, note or f"incident open {minutes:g} minutes")

    def _watch_revenue(self) -> None:
        """Schedule the revenue_at_risk trigger for when the loss crosses its threshold at this impact."""
        rate = self.state.impact * self._revenue_per_minute
        if rate <= 0:
            return
        for trigger in self.scenario.incident.ceo_triggers:
            if trigger.kind is TriggerKind.revenue_at_risk and "revenue_at_risk" not in self.state.triggers_fired:
                remaining = (trigger.revenue_lost_over or 0) - self.state.revenue_lost
                self._after(max(remaining, 0) / rate, self._revenue_crossing, self._impact_gen, trigger.note)

    def _revenue_crossing(self, generation: int, note: str) -> None:
        if generation == self._impact_gen:
            self._accrue()
            self._fire_trigger(TriggerKind.revenue_at_risk.value, note)

    def _fire_trigger(self, kind: str, note: str) -> None:
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
        if self.state.escalated or self.state.ended:
            return
        asks = self.scenario.ceo.asks
        text = asks[self._ceo_index % len(asks)]
        self._ceo_index += 1
        self._message("ceo_message", "ceo", self._fill(text))
        self._emit("ceo_asked", None, text=self._fill(text))
