"""The state of a drill's world: a plain value that can be built and inspected alone, and the
numbers by which the customer's trust moves.

The engine is split into parts that are composed, not inherited: `state` (this value), `scheduler`
(the SimPy environment and the event list), `world` (what every part shares: names, placeholders,
trust, losses, the end), `reactions` (what the world does on its own), `handlers` (what each
participant action does) and `engine` (the public front that builds and drives them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    # Format 2
    injects_arrived: set[str] = field(default_factory=set)
    decisions_asked: set[str] = field(default_factory=set)
    decisions_made: dict[str, str] = field(default_factory=dict)
    """Decision id -> the option chosen."""
    harms_recorded: list[str] = field(default_factory=list)
    functions: dict[str, float] = field(default_factory=dict)
    """Share failing per user-facing function where a repair outcome set it (the rest follow `impact`)."""
    own_loss: float = 0.0
    """The company's own money lost (format 2's `incident.loss_per_hour`), as of the last change of impact."""
    broadcast_at: float | None = None
    """When the last update reached every affected account (fewer of them write in for a while)."""
