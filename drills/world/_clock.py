"""Real-time play: advance the engine by elapsed wall time × speed, with pause and speed changes.

The caller (the Textual room's `set_interval` tick, or a paced headless run) measures wall time and
passes it in, so this module never reads a clock itself and tests need no real time.
"""

from __future__ import annotations

from dataclasses import dataclass

from drills.world._engine import Engine
from drills.world._events import Event

SPEEDS = (1.0, 2.0, 4.0, 7.5, 10.0, 15.0, 20.0, 30.0, 60.0)
"""Speeds the facilitator steps through (sim minutes per real minute)."""


@dataclass
class LiveClock:
    engine: Engine
    speed: float
    """Simulated minutes per real minute."""
    paused: bool = False

    def tick(self, wall_seconds: float) -> list[Event]:
        """Advance by the wall time since the last tick; returns the events that happened."""
        if self.paused or self.engine.done or wall_seconds <= 0:
            return []
        return self.engine.advance_to(self.engine.now + wall_seconds / 60 * self.speed)

    def pause(self) -> None:
        if not self.paused:
            self.paused = True
            self.engine.record_clock(paused=True, speed=self.speed, change="pause")

    def resume(self) -> None:
        if self.paused:
            self.paused = False
            self.engine.record_clock(paused=False, speed=self.speed, change="resume")

    def toggle(self) -> None:
        self.resume() if self.paused else self.pause()

    def set_speed(self, speed: float) -> None:
        speed = max(0.25, min(speed, 240.0))
        if speed != self.speed:
            self.speed = speed
            self.engine.record_clock(paused=self.paused, speed=speed, change="speed")

    def faster(self) -> None:
        self.set_speed(next((s for s in SPEEDS if s > self.speed), self.speed * 2))

    def slower(self) -> None:
        self.set_speed(next((s for s in reversed(SPEEDS) if s < self.speed), self.speed / 2))

    def real_minutes_left(self) -> float:
        """Real minutes until the simulated span runs out at the current speed."""
        left = self.engine.scenario.simulated_minutes - self.engine.now
        return max(left, 0) / self.speed
