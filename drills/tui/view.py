"""What the status board shows, read from the room's read model once per tick.

A plain snapshot (no Textual), so the board is a pure display of it and tests can check the
numbers without a screen. Nothing here changes the world.
"""

from __future__ import annotations

from dataclasses import dataclass

from drills.scenario import WORKS_BELOW
from drills.seats import RoomModel

UPDATE_MARK = 30.0
"""Minutes between updates the playbook asks for (the countdown on the board)."""
WARN_BEFORE = 10.0
"""Minutes before the mark at which the countdown turns to a warning."""


@dataclass(frozen=True, slots=True)
class Countdown:
    """Time since the last update of one kind and how long until the 30-minute mark."""

    label: str
    last_text: str
    """e.g. '10:22 (7m ago)' or 'none yet'."""
    left: float | None
    """Minutes to the mark (negative when overdue); None when no rhythm runs (see `idle`)."""
    idle: str = "no report yet"
    """Why no rhythm runs: before the report, or once resolved / confirmed."""

    @property
    def level(self) -> str:
        """'ok', 'warn' or 'late': drives the board's colour class."""
        if self.left is None or self.left > WARN_BEFORE:
            return "ok"
        return "warn" if self.left > 0 else "late"

    @property
    def mark_text(self) -> str:
        if self.left is None:
            return self.idle
        if self.left > 0:
            return f"due in {_mins(self.left)}"
        return f"OVERDUE {_mins(-self.left)}"


@dataclass(frozen=True, slots=True)
class StatusView:
    clock: str
    speed: float
    paused: bool
    ended: bool
    real_minutes_left: float
    owner: str
    awaiting_ack: str | None
    internal: Countdown
    customer: Countdown
    customer_state: str
    """What the customer can and cannot do, in words."""
    still_works: str
    accounts_blocked: int
    customer_minutes_blocked: float
    revenue_lost: float
    trust: float
    pending_joins: tuple[str, ...]
    checks_running: tuple[str, ...]
    repairs_running: tuple[str, ...]
    resolved: bool
    confirmed: bool


def _mins(minutes: float) -> str:
    minutes = max(0, round(minutes))
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m"


def _countdown(model: RoomModel, label: str, last: float | None) -> Countdown:
    state = model
    now = model.now
    if state.reported_at is None:
        return Countdown(label, "none yet", None)
    since = last if last is not None else state.reported_at
    last_text = "none yet" if last is None else f"{model.clock_text(last)} ({_mins(now - last)} ago)"
    if label == "Internal" and state.resolved:
        return Countdown(label, last_text, None, "resolved")
    if label == "Customer" and state.confirmed:
        return Countdown(label, last_text, None, "customer confirmed")
    return Countdown(label, last_text, UPDATE_MARK - (now - since))


def status_view(model: RoomModel) -> StatusView:
    s = model
    briefing = model.briefing
    if s.reported_at is None:
        customer_state = "no customer has reported a problem"
    elif s.impact >= WORKS_BELOW:
        customer_state = f"customers cannot {briefing.blocked_action}"
    else:
        customer_state = f"{briefing.blocked_action}: works again"
    labels = {c.id: c.label for c in briefing.checks}
    repair_labels = {r.id: r.label for r in briefing.repairs}
    reported = s.reported_at is not None
    revenue_lost, customer_minutes = model.losses_now()
    return StatusView(
        clock=model.clock_text(),
        speed=model.speed,
        paused=model.paused,
        ended=s.ended,
        real_minutes_left=model.real_minutes_left(),
        owner=model.name_of(s.owner),
        awaiting_ack=model.name_of(s.awaiting_ack) if s.awaiting_ack else None,
        internal=_countdown(model, "Internal", s.last_internal_update),
        customer=_countdown(model, "Customer", s.last_customer_update),
        customer_state=customer_state,
        still_works=", ".join(briefing.still_works),
        accounts_blocked=round(min(s.impact, 1.0) * briefing.affected_accounts) if reported else 0,
        customer_minutes_blocked=customer_minutes,
        revenue_lost=revenue_lost,
        trust=s.trust,
        pending_joins=tuple(s.pending_joins),
        checks_running=tuple(labels.get(c, c) for c in sorted(s.checks_running)),
        repairs_running=tuple(repair_labels.get(r, r) for r in sorted(s.repairs_running)),
        resolved=s.resolved,
        confirmed=s.confirmed,
    )
