"""What a seat may know of the drill before anything happens: the title, the clock, the people, the
checks and repairs it can choose from, and what the customer is trying to do. Never the truth
(root cause, what a repair does, the scripted injects): those stay with the host and the facilitator.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from drills.scenario import Scenario
from drills.world import Event

SEAT_STARTED_KEYS = ("scenario_id", "title", "seed", "speed", "clock_start", "players", "team",
                     "affected_accounts", "revenue_per_hour", "trust_start", "format", "cast", "customers",
                     "ceo_name")
"""What of `drill_started` a seat receives: everything but the scenario's text (its truth) and the script."""


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class Option:
    """A check or a repair as players see it: its label and how long it takes, not what it does."""

    id: str
    label: str
    takes: float
    requires: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Briefing:
    title: str
    clock_start: str
    """The company's wall clock at sim minute 0 (HH:MM)."""
    simulated_minutes: float
    speed: float
    cast: tuple[Person, ...]
    players: dict[str, str]
    """Cast id -> who plays that part."""
    checks: tuple[Option, ...]
    repairs: tuple[Option, ...]
    blocked_action: str
    still_works: tuple[str, ...]
    affected_accounts: int
    revenue_per_hour: float
    trust_start: float

    @classmethod
    def of(cls, scenario: Scenario, started: Event) -> Briefing:
        data = started.data
        cast = data.get("cast") or {}
        return cls(
            title=scenario.title,
            clock_start=scenario.company.clock_start,
            simulated_minutes=scenario.simulated_minutes,
            speed=float(data.get("speed") or scenario.default_speed),
            cast=tuple(Person(cid, str(c.get("name") or cid), str(c.get("role") or "")) for cid, c in cast.items())
            or tuple(Person(c.id, c.name or c.id, c.role) for c in scenario.cast),
            players=dict(data.get("players") or {}),
            checks=tuple(Option(c.id, c.label, c.takes) for c in scenario.checks),
            repairs=tuple(Option(r.id, r.label, r.takes, tuple(r.requires)) for r in scenario.repairs),
            blocked_action=scenario.incident.blocked_action,
            still_works=tuple(scenario.incident.still_works),
            affected_accounts=scenario.incident.affected_accounts,
            revenue_per_hour=float(data.get("revenue_per_hour") or 0.0),
            trust_start=float(data.get("trust_start", scenario.customer.trust_start)),
        )

    def to_data(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Briefing:
        """From a host's `welcome` (raises KeyError/TypeError/ValueError if it is not a briefing)."""
        return cls(
            title=str(data["title"]),
            clock_start=str(data["clock_start"]),
            simulated_minutes=float(data["simulated_minutes"]),
            speed=float(data["speed"]),
            cast=tuple(Person(str(p["id"]), str(p["name"]), str(p["role"])) for p in data["cast"]),
            players={str(k): str(v) for k, v in dict(data["players"]).items()},
            checks=tuple(_option(o) for o in data["checks"]),
            repairs=tuple(_option(o) for o in data["repairs"]),
            blocked_action=str(data["blocked_action"]),
            still_works=tuple(str(s) for s in data["still_works"]),
            affected_accounts=int(data["affected_accounts"]),
            revenue_per_hour=float(data["revenue_per_hour"]),
            trust_start=float(data["trust_start"]),
        )


def _option(data: dict[str, Any]) -> Option:
    return Option(str(data["id"]), str(data["label"]), float(data["takes"]),
                  tuple(str(r) for r in data.get("requires") or ()))


def seat_started(started: Event) -> Event:
    """The `drill_started` event as a seat receives it: without the scenario's text or the script."""
    return Event(started.seq, started.t, started.kind, started.actor,
                 {key: started.data[key] for key in SEAT_STARTED_KEYS if key in started.data})
