"""The SimPy world that plays a scenario, reacts to the team, and logs every event.

Commands in (`act`), events out (`advance_to`, `events`): no UI calls, no wall clock, no global
random. Each random stream has its own generator seeded from the drill's seed, so the same
scenario, seed and timed actions give the same events however time is chunked.
"""

from __future__ import annotations

import contextlib
import hashlib
import random
from collections.abc import Callable

import simpy

from drills.actions import Action, action_to_dict
from drills.casting import Casting, SeededNames, cast_scenario
from drills.eventlog import EventSink
from drills.events import Event
from drills.handlers import ActionHandlers
from drills.scenario import Scenario
from drills.world import FACILITATOR, FORMAT_VERSION, MITIGATED_AT, WORKS_BELOW, Refused, WorldState

__all__ = ["FACILITATOR", "MITIGATED_AT", "WORKS_BELOW", "Engine", "Refused", "WorldState"]


class Engine(ActionHandlers):
    """Plays one drill of a scenario."""

    def __init__(
        self,
        scenario: Scenario,
        source: str,
        *,
        seed: int | None = None,
        sink: EventSink | None = None,
        players: dict[str, str] | None = None,
        team: str | None = None,
        speed: float | None = None,
        casting: Casting | None = None,
        script: list[dict] | None = None,
    ):
        self.scenario = scenario
        self.seed = scenario.seed if seed is None else seed
        self.env = simpy.Environment()
        self.events: list[Event] = []
        self._sink = sink
        self._listeners: list[Callable[[Event], None]] = []
        self.casting = casting or cast_scenario(scenario, self.seed)
        self.state = WorldState(trust=scenario.customer.trust_start)
        self.state.room = sorted(players or {})
        self._report_customer = self.casting.customers[scenario.incident.reported_account]
        self._fixed_placeholders = {
            "customer": self._report_customer.name,
            "contact": self._report_customer.contact,
            "account": self._report_customer.account,
            "error": scenario.incident.error_text,
        }
        self._revenue_per_minute = sum(c.revenue_per_hour for c in self.casting.customers.values()) / 60
        self._accrued_at = 0.0
        hours, minutes = map(int, scenario.company.clock_start.split(":"))
        self._clock_start = hours * 60 + minutes
        self._checks = {check.id: check for check in scenario.checks}
        self._repairs = {repair.id: repair for repair in scenario.repairs}
        self._clues = {clue.id: clue for clue in scenario.clues}
        self._customer_gen = 0
        self._impact_gen = 0
        self._chase_index = 0
        self._ceo_index = 0
        self._ambient_rng = random.Random(f"{self.seed}:ambient")
        self._ticket_names = SeededNames(self.seed, "tickets")
        self._ticket_no = 4100 + self._ticket_names.random.randrange(800)
        self._noise_rng = random.Random(f"{self.seed}:noise")
        self._emit(
            "drill_started",
            None,
            scenario_id=scenario.id,
            title=scenario.title,
            scenario_hash=hashlib.sha256(source.encode()).hexdigest(),
            scenario_source=source,
            seed=self.seed,
            speed=speed or scenario.default_speed,
            clock_start=scenario.company.clock_start,
            players=dict(players or {}),
            team=team,
            script=script,
            affected_accounts=scenario.incident.affected_accounts,
            revenue_per_hour=self._revenue_per_minute * 60,
            trust_start=scenario.customer.trust_start,
            format=FORMAT_VERSION,
            **self.casting.to_data(),
        )
        self._after(scenario.incident.onset, self._outage_starts)
        for inject in sorted(scenario.injects, key=lambda i: i.at):  # same minute: in the order authored
            self._after(inject.at, self._fire, inject)
        self.env.process(self._ambient_tickets())
        self._after(scenario.simulated_minutes, self._time_runs_out)
        for trigger in scenario.incident.ceo_triggers:
            if trigger.at is not None:
                self._after(trigger.at, self._fire_trigger, trigger.kind.value, trigger.note)
        self._watch_revenue()

    # ------------------------------------------------------------------ time

    @property
    def now(self) -> float:
        return self.env.now

    @property
    def done(self) -> bool:
        return self.state.ended

    def peek(self) -> float:
        """Sim time of the next scheduled world event (inf if none)."""
        return self.env.peek()

    def advance_to(self, t: float) -> list[Event]:
        """Run the world up to (not including) sim time t; returns the events that happened."""
        first = len(self.events)
        env = self.env
        if t > env.now and not self.state.ended:
            try:
                while env.peek() < t:
                    env.step()
            except simpy.core.StopSimulation:
                return self.events[first:]
            # What env.run(until=t) does at its end, without building an `until` event per call: the
            # headless runner advances thousands of times per second.
            env._now = t
        return self.events[first:]

    def step(self) -> None:
        """Process the next scheduled world event, whenever it is (used when replaying a log)."""
        if not self.state.ended:
            with contextlib.suppress(simpy.core.StopSimulation):
                self.env.step()

    def attach_sink(self, sink: EventSink) -> None:
        """Send events from now on to `sink` (used when a replayed drill goes live again)."""
        self._sink = sink

    def close(self) -> None:
        if self._sink is not None:
            self._sink.close()

    def subscribe(self, listener: Callable[[Event], None]) -> None:
        self._listeners.append(listener)

    # ------------------------------------------------------------------ actions

    def act(self, action: Action) -> Event:
        """Apply a participant's action now. Returns the `action` event, or `action_refused` with the reason."""
        try:
            self._check_actor(action)
            if self.state.ended:
                raise Refused("the drill has ended")
            handler = self._handlers[type(action)]
            handler(self, action, dry_run=True)
        except Refused as refusal:
            return self._emit("action_refused", action.actor, action=action_to_dict(action), reason=str(refusal))
        event = self._emit("action", action.actor, action=action_to_dict(action))
        if action.actor in self.casting.cast and action.actor not in self.state.room:
            self.state.room.append(action.actor)
            self._emit("room_changed", action.actor, person=action.actor, admitted=True, size=len(self.state.room))
        handler(self, action, dry_run=False)
        return event

    def record_clock(self, *, paused: bool, speed: float, change: str) -> Event:
        """Log a facilitator clock change ('pause', 'resume' or 'speed') in live play; it does not change
        the simulation, but reports use it to tell real time from simulated time."""
        return self._emit("clock", FACILITATOR, paused=paused, speed=speed, change=change)
