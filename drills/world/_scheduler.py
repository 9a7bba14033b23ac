"""The SimPy part of the world: sim time, callbacks scheduled for later, and the event list every
event is appended to (and written to the drill's log as it happens). It knows nothing of scenarios:
the other parts of the engine schedule through it and emit through it."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import simpy

from drills.world._eventlog import EventSink
from drills.world._events import Event


class Scheduler:
    """One drill's SimPy environment and its events, in order."""

    def __init__(self, sink: EventSink | None = None) -> None:
        self.env = simpy.Environment()
        self.events: list[Event] = []
        """Every event so far; `seq` is the index."""
        self.sink = sink
        """Where events are written as they happen (None: memory only)."""
        self._listeners: list[Callable[[Event], None]] = []

    @property
    def now(self) -> float:
        return self.env.now

    def after(self, minutes: float, then: Callable[..., None], *args: Any) -> None:
        """Call `then(*args)` once `minutes` of sim time have passed: a timeout with a callback, which
        costs the world a third of a one-shot SimPy process (the engine schedules a dozen per drill)."""
        self.env.timeout(minutes).callbacks.append(lambda _: then(*args))

    def process(self, generator: Generator[simpy.Event, Any, None]) -> None:
        """Run a SimPy process (a generator that yields timeouts) alongside the world."""
        self.env.process(generator)

    def emit(self, kind: str, actor: str | None, **data: Any) -> Event:
        """Append an event at the current sim time, write it to the sink, tell the listeners."""
        events = self.events
        event = Event(len(events), float(self.env.now), kind, actor, data)
        events.append(event)
        if self.sink is not None:
            self.sink.write(event)
        if self._listeners:
            for listener in self._listeners:
                listener(event)
        return event

    def stop(self) -> None:
        """Stop env.run() (or the engine's stepping) right here, whatever `until` it was given."""
        stop = self.env.event()
        stop.callbacks.append(simpy.core.StopSimulation.callback)
        stop.succeed()

    def subscribe(self, listener: Callable[[Event], None]) -> None:
        self._listeners.append(listener)
