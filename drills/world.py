"""The state of a drill's world and the core every part of the engine shares: time as a wall
clock, emitting events, filling placeholders, trust and losses.

The engine is split by concept: `world` (state and core), `reactions` (what the world does on its
own), `handlers` (what each participant action does), `engine` (the public API).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import simpy

from drills.actions import FACILITATOR
from drills.casting import Casting, CustomerAccount
from drills.eventlog import EventSink
from drills.events import Event
from drills.scenario import MITIGATED_AT, WORKS_BELOW, Check, Clue, Repair, Scenario

__all__ = ["FACILITATOR", "MITIGATED_AT", "WORKS_BELOW"]  # defined with the scenario format; re-exported for the engine

FORMAT_VERSION = 1
_PLACEHOLDER = re.compile(r"\{(customer|contact|account|owner|clock|error)\}")

# How the customer's trust (0–100) moves. Small numbers, so one mistake hurts but does not end it.
TRUST_UPDATE = 3
TRUST_CHASE = -8
TRUST_LATE_UPDATE = -4
TRUST_NEW_VOICE = -6
TRUST_WORSE = -10
TRUST_STILL_FAILING = -8
TRUST_CONFIRMED = 10
TRUST_REOPENED = -15


class Refused(Exception):
    """An action the engine will not take; the reason is shown to the participant."""


@dataclass
class WorldState:
    """What is true right now. Read by the UI's status board and by scripted teams."""

    impact: float = 0.0
    outage_started: bool = False
    reported_at: float | None = None
    owner: str | None = None
    awaiting_ack: str | None = None
    mitigated_at: float | None = None
    resolved: bool = False
    confirmed: bool = False
    escalated: bool = False
    trust: float = 80.0
    last_internal_update: float | None = None
    next_internal_due: float | None = None
    last_customer_update: float | None = None
    next_customer_due: float | None = None
    customer_updates: int = 0
    internal_updates: int = 0
    last_speaker: str | None = None
    checks_run: set[str] = field(default_factory=set)
    checks_running: set[str] = field(default_factory=set)
    repairs_applied: set[str] = field(default_factory=set)
    repairs_running: set[str] = field(default_factory=set)
    clues_found: list[str] = field(default_factory=list)
    triggers_fired: list[str] = field(default_factory=list)
    pending_joins: list[str] = field(default_factory=list)
    room: list[str] = field(default_factory=list)
    retry_pending: bool = False
    revenue_lost: float = 0.0
    customer_minutes_blocked: float = 0.0
    ended: bool = False


class WorldCore:
    """Attributes and helpers shared by the reactions and the action handlers."""

    scenario: Scenario
    seed: int
    env: simpy.Environment
    events: list[Event]
    state: WorldState
    casting: Casting
    _sink: EventSink | None
    _listeners: list[Callable[[Event], None]]
    _report_customer: CustomerAccount
    _fixed_placeholders: dict[str, str]
    _revenue_per_minute: float
    _accrued_at: float
    _clock_start: int
    """The company's wall clock at sim minute 0, in minutes since midnight."""
    _checks: dict[str, Check]
    _repairs: dict[str, Repair]
    _clues: dict[str, Clue]
    """The scenario's checks, repairs and clues by id (the scenario's lookups scan its lists)."""

    def clock_text(self, t: float | None = None) -> str:
        total = self._clock_start + int(self.env.now if t is None else t)
        return f"{(total // 60) % 24:02d}:{total % 60:02d}"

    def name_of(self, person: str | None) -> str:
        if person is None:
            return "nobody"
        member = self.casting.cast.get(person)
        return member.name if member else person

    def _after(self, minutes: float, then: Callable[..., None], *args: Any) -> None:
        """Call `then(*args)` once `minutes` of sim time have passed: a timeout with a callback, which
        costs the world a third of a one-shot SimPy process (the engine schedules a dozen per drill)."""
        self.env.timeout(minutes).callbacks.append(lambda _: then(*args))

    def _emit(self, kind: str, actor: str | None, **data: Any) -> Event:
        events = self.events
        event = Event(len(events), float(self.env.now), kind, actor, data)
        events.append(event)
        if self._sink is not None:
            self._sink.write(event)
        if self._listeners:
            for listener in self._listeners:
                listener(event)
        return event

    def _fill(self, text: str) -> str:
        if "{" not in text:
            return text

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name == "owner":
                return self.name_of(self.state.owner)
            if name == "clock":
                return self.clock_text()
            return self._fixed_placeholders[name]

        return _PLACEHOLDER.sub(value, text)

    def _message(self, inject_kind: str, sender: str, text: str, *, inject_id: str | None = None,
                 person: str | None = None) -> Event:
        sender_name = sender
        if sender in self.casting.cast:
            sender_name = self.casting.cast[sender].name
        elif sender in self.casting.customers:
            customer = self.casting.customers[sender]
            sender_name = f"{customer.contact} ({customer.name})"
        elif sender == "ceo":
            sender_name = f"{self.casting.ceo_name} (CEO)"
        return self._emit(
            "inject",
            None,
            inject_id=inject_id,
            inject_kind=inject_kind,
            sender=sender,
            sender_name=sender_name,
            text=text,
            person=person,
            generated=inject_id is None,
        )

    def _change_trust(self, delta: float, reason: str) -> None:
        new = max(0.0, min(100.0, self.state.trust + delta))
        if new != self.state.trust:
            self.state.trust = new
            self._emit("trust_changed", None, trust=round(new, 1), delta=delta, reason=reason)

    def losses_now(self) -> tuple[float, float]:
        """Revenue lost and customer-minutes blocked up to this moment (read-only: `state` holds them
        as of the last change of impact, which is all the world needs; a live status board needs now)."""
        span = self.env.now - self._accrued_at
        impact = self.state.impact
        return (
            self.state.revenue_lost + impact * self._revenue_per_minute * span,
            self.state.customer_minutes_blocked
            + min(impact, 1.0) * self.scenario.incident.affected_accounts * span,
        )

    def _accrue(self) -> None:
        self.state.revenue_lost, self.state.customer_minutes_blocked = self.losses_now()
        self._accrued_at = self.env.now

    def _end(self, reason: str) -> None:
        if self.state.ended:
            return
        from drills.outcomes import figures

        self._accrue()
        self.state.ended = True
        self._emit("drill_ended", None, reason=reason,
                   figures=figures(self.events, end=self.env.now).model_dump(mode="json"))
        # Stop env.run() right here, whatever `until` it was given: nothing happens after the end.
        stop = self.env.event()
        stop.callbacks.append(simpy.core.StopSimulation.callback)
        stop.succeed()
