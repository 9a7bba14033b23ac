"""What a seat may know of the drill before anything happens: the title, the clock, the people (and
which parts someone plays), the customers the team can write to (the one whose thread an update goes
to by default first), the channels the scenario declares, the checks and repairs it can choose from,
and what the customer is trying to do. Never the truth (root cause, what a repair does, what still
works, the scripted injects, which channel is down): those stay with the host and the facilitator.
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
class Customer:
    """A customer account the team can write to, as its people know it (no revenue, no plan)."""

    id: str
    name: str
    contact: str
    account: str
    largest: bool = False


@dataclass(frozen=True, slots=True)
class Channel:
    """A way to reach customers the scenario declares: its id and name, never whether it is down."""

    id: str
    name: str


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
    affected_accounts: int
    revenue_per_hour: float
    trust_start: float
    customers: tuple[Customer, ...] = ()
    reporting_customer: str = ""
    """The customer whose thread an update without a recipient goes to (`CustomerUpdate.to` None)."""
    channels: tuple[Channel, ...] = ()

    def customer(self, customer_id: str | None) -> Customer | None:
        return next((c for c in self.customers if c.id == customer_id), None)

    def played_by(self, cast_id: str | None) -> str | None:
        """Who plays this part, if a participant does (their lines become stage directions to them)."""
        return self.players.get(cast_id or "") or None

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
            affected_accounts=scenario.incident.affected_accounts,
            revenue_per_hour=float(data.get("revenue_per_hour") or 0.0),
            trust_start=float(data.get("trust_start", scenario.customer.trust_start)),
            customers=tuple(_customer(cid, c) for cid, c in (data.get("customers") or {}).items()),
            reporting_customer=scenario.incident.reported_account,
            channels=tuple(Channel(c.id, c.name) for c in scenario.channels),
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
            affected_accounts=int(data["affected_accounts"]),
            revenue_per_hour=float(data["revenue_per_hour"]),
            trust_start=float(data["trust_start"]),
            customers=tuple(_customer(str(c["id"]), c) for c in data.get("customers") or ()),
            reporting_customer=str(data.get("reporting_customer") or ""),
            channels=tuple(Channel(str(c["id"]), str(c["name"])) for c in data.get("channels") or ()),
        )


def _customer(customer_id: str, data: dict[str, Any]) -> Customer:
    return Customer(customer_id, str(data.get("name") or customer_id), str(data.get("contact") or ""),
                    str(data.get("account") or ""), bool(data.get("largest")))


def _option(data: dict[str, Any]) -> Option:
    return Option(str(data["id"]), str(data["label"]), float(data["takes"]),
                  tuple(str(r) for r in data.get("requires") or ()))


def seat_started(started: Event) -> Event:
    """The `drill_started` event as a seat receives it: without the scenario's text or the script."""
    return Event(started.seq, started.t, started.kind, started.actor,
                 {key: started.data[key] for key in SEAT_STARTED_KEYS if key in started.data})
