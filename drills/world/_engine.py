"""The SimPy world that plays a scenario, reacts to the team, and logs every event.

Commands in (`act`), events out (`advance_to`, `events`): no UI calls, no wall clock, no global
random. Each random stream has its own generator seeded from the drill's seed, so the same
scenario, seed and timed actions give the same events however time is chunked.

`Engine` is the one public front. It builds its parts and drives them: the `WorldState` value, the
`Scheduler` (SimPy and the event list), the `World` every part shares, the world's `Reactions` and
the action `Handlers`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from collections.abc import Callable

import simpy

from drills.scenario import Scenario
from drills.world._actions import FACILITATOR, Action, action_to_dict
from drills.world._casting import Casting, cast_scenario
from drills.world._conditions import channel_problem
from drills.world._decisions import Decisions
from drills.world._effects import Effects
from drills.world._eventlog import EventSink
from drills.world._events import Event
from drills.world._handlers import Handlers
from drills.world._reactions import Reactions
from drills.world._scheduler import Scheduler
from drills.world._state import Refused, WorldState
from drills.world._world import World

FORMAT_VERSION = 1


class Engine:
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
        self.casting = casting or cast_scenario(scenario, self.seed)
        self.state = WorldState(trust=scenario.customer.trust_start)
        self.state.room = sorted(players or {})
        self.scheduler = Scheduler(sink)
        self.env = self.scheduler.env
        self.events: list[Event] = self.scheduler.events
        self.world = World(scenario, self.casting, self.state, self.scheduler)
        self.world.played = frozenset(cast_id for cast_id, player in (players or {}).items()
                                      if player and cast_id in self.casting.cast)
        self.reactions = Reactions(self.world, self.seed)
        self.effects = Effects(self.world, self.reactions, self.seed)
        self.decisions = Decisions(self.world, self.reactions, self.effects)
        self.handlers = Handlers(self.world, self.reactions, self.seed, self.effects, self.decisions)
        self._emit = self.scheduler.emit
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
            revenue_per_hour=self.world.revenue_per_minute * 60,
            trust_start=scenario.customer.trust_start,
            format=FORMAT_VERSION,
            **self.casting.to_data(),
            **({"loss_per_hour": scenario.incident.loss_per_hour} if scenario.incident.loss_per_hour else {}),
        )
        self.reactions.start()
        self.decisions.start()

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

    @property
    def _sink(self) -> EventSink | None:
        """Where events are written as they happen (None: memory only)."""
        return self.scheduler.sink

    def attach_sink(self, sink: EventSink) -> None:
        """Send events from now on to `sink` (used when a replayed drill goes live again)."""
        self.scheduler.sink = sink

    def close(self) -> None:
        if self.scheduler.sink is not None:
            self.scheduler.sink.close()

    def subscribe(self, listener: Callable[[Event], None]) -> None:
        self.scheduler.subscribe(listener)

    def clock_text(self, t: float | None = None) -> str:
        """The company's wall clock at sim time `t` (default: now), as HH:MM."""
        return self.world.clock_text(t)

    def name_of(self, person: str | None) -> str:
        """A cast id's generated or authored name ('nobody' for None)."""
        return self.world.name_of(person)

    def losses_now(self) -> tuple[float, float]:
        """Revenue lost and customer-minutes blocked up to this moment."""
        return self.world.losses_now()

    # ------------------------------------------------------------------ actions

    def act(self, action: Action) -> Event:
        """Apply a participant's action now. Returns the `action` event, or `action_refused` with the reason."""
        handlers = self.handlers
        try:
            handlers.check_actor(action)
            if self.state.ended:
                raise Refused("the drill has ended")
            handler = handlers.handler(action)
            handler(action, dry_run=True)
        except Refused as refusal:
            return self._emit("action_refused", action.actor, action=action_to_dict(action), reason=str(refusal))
        event = self._emit("action", action.actor, action=action_to_dict(action))
        if action.actor in self.casting.cast and action.actor not in self.state.room:
            self.state.room.append(action.actor)
            self._emit("room_changed", action.actor, person=action.actor, admitted=True, size=len(self.state.room))
        handlers.action_seq = event.seq
        handler(action, dry_run=False)
        return event

    def releasable(self) -> list[tuple[str, str]]:
        """(id, what) of each held inject and decision point the facilitator can release now (format 2)."""
        return [(item.id, getattr(item, "question", None) or getattr(item, "text", ""))
                for item in self.decisions.releasable()]

    @functools.cached_property
    def release_hints(self) -> list[tuple[float, str]]:
        """(minute, id) of every inject and decision point with a `release_hint`, in order (format 2)."""
        sc = self.scenario
        return sorted([(i.release_hint, i.id) for i in sc.injects if i.release_hint is not None]
                      + [(d.release_hint, d.id) for d in sc.decisions if d.release_hint is not None])

    def channel_problem(self, channel_id: str) -> str:
        """'down', 'stale' or '' for a declared channel right now ('unknown' for an id not declared)."""
        channel = self.scenario.channel(channel_id)
        return "unknown" if channel is None else channel_problem(channel, self.state, self.env.now)

    def pending_decisions(self) -> list[str]:
        """Ids of the decision points asked and not answered yet, in the order asked."""
        s = self.state
        asked = [e.data["decision_id"] for e in self.events if e.kind == "decision_asked"]
        return [d for d in asked if d not in s.decisions_made]

    def record_clock(self, *, paused: bool, speed: float, change: str) -> Event:
        """Log a facilitator clock change ('pause', 'resume' or 'speed') in live play; it does not change
        the simulation, but reports use it to tell real time from simulated time."""
        return self._emit("clock", FACILITATOR, paused=paused, speed=speed, change=change)
