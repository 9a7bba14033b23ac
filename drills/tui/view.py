"""What the status board shows, read from the room's read model once per tick: only what the team could know.

A plain snapshot (no Textual), so the board is a pure display of it and tests can check the
numbers without a screen. Nothing here changes the world, and nothing here reads the hidden truth:
no losses, no trust, no impact, no list of what still works. The board shows the team's own
record (owner, updates and the times they promised), what reached them (the report, the accounts
that wrote in, the monitoring signal, the customer's confirmation) and the work they started. It
reads the `RoomModel` (a projection of events), never the engine, so a seat's board is the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from drills.seats import RoomModel

UPDATE_MARK = 30.0
"""Minutes between updates the playbook asks for: the countdown when the team promised no time."""
WARN_BEFORE = 10.0
"""Minutes before the due time at which the countdown turns to a warning."""


@dataclass(frozen=True, slots=True)
class Countdown:
    """Time since the last update of one kind and how long until the next is due."""

    label: str
    last_text: str
    """e.g. '10:22 (7m ago)' or 'none yet'."""
    left: float | None
    """Minutes until the next is due (negative when overdue); None when no rhythm runs (see `idle`)."""
    due_text: str = ""
    """The wall-clock time it is due, e.g. '10:35'."""
    promised: bool = False
    """Due at the time the team promised (else at the 30-minute mark)."""
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
        due = f"promised {self.due_text}" if self.promised else f"30-min mark {self.due_text}"
        if self.left > 0:
            return f"{due} · due in {_mins(self.left)}"
        return f"{due} · OVERDUE {_mins(-self.left)}"


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
    situation: str
    """What the team has heard: the report, the monitoring signal, the customer's confirmation."""
    accounts_wrote_in: int
    """Distinct senders of customer messages and tickets so far."""
    pending_joins: tuple[str, ...]
    checks_running: tuple[str, ...]
    repairs_running: tuple[str, ...]
    resolved: bool
    confirmed: bool
    facilitator: str = ""
    """The facilitator's last clock change, e.g. '10:08 speed ×15' (their line, never the thread)."""
    decisions_waiting: int = 0
    """Decision points put to the team and not answered yet (format 2: `d` answers the oldest)."""


def _mins(minutes: float) -> str:
    minutes = max(0, round(minutes))
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m"


def _countdown(model: RoomModel, label: str, last: float | None, promised: float | None, *,
               stopped: str) -> Countdown:
    now = model.now
    if model.reported_at is None:
        return Countdown(label, "none yet", None)
    last_text = "none yet" if last is None else f"{model.clock_text(last)} ({_mins(now - last)} ago)"
    if stopped:
        return Countdown(label, last_text, None, idle=stopped)
    since = last if last is not None else model.reported_at
    # A promise counts when it was made with the last update (a promise from before it was kept or broken).
    due, kept_promise = (promised, True) if promised is not None and last is not None else (since + UPDATE_MARK, False)
    return Countdown(label, last_text, due - now, model.clock_text(due), kept_promise)


def _situation(model: RoomModel) -> str:
    """What reached the team about the customers, in words."""
    if model.reported_at is None:
        return "No customer has reported a problem yet."
    blocked = model.briefing.blocked_action
    words = f"Reported {model.clock_text(model.reported_at)}"
    if model.reporter is not None:
        words += f" by {model.reporter.name}"
    words += f": cannot {blocked}"
    if model.confirmed:
        at = f" at {model.clock_text(model.confirmed_at)}" if model.confirmed_at is not None else ""
        return f"The customer confirmed{at}: {blocked} works again"
    if model.last_retry is not None and not model.last_retry[1]:
        return words + f" · the customer's retry at {model.clock_text(model.last_retry[0])} still failed"
    if model.mitigated_at is not None:
        return words + f" · monitoring: failures down since {model.clock_text(model.mitigated_at)}"
    return words


def _facilitator(model: RoomModel) -> str:
    if model.clock_change is None:
        return ""
    t, change, speed = model.clock_change
    what = {"pause": "paused", "resume": f"resumed at ×{speed:g}"}.get(change, f"speed ×{speed:g}")
    return f"{model.clock_text(t)} {what}"


def status_view(model: RoomModel) -> StatusView:
    briefing = model.briefing
    labels = {c.id: c.label for c in briefing.checks}
    repair_labels = {r.id: r.label for r in briefing.repairs}
    return StatusView(
        clock=model.clock_text(),
        speed=model.speed,
        paused=model.paused,
        ended=model.ended,
        real_minutes_left=model.real_minutes_left(),
        owner=model.name_of(model.owner),
        awaiting_ack=model.name_of(model.awaiting_ack) if model.awaiting_ack else None,
        internal=_countdown(model, "Internal", model.last_internal_update, model.next_internal_due,
                            stopped="resolved" if model.resolved else ""),
        customer=_countdown(model, "Customer", model.last_customer_update, model.next_customer_due,
                            stopped="customer confirmed" if model.confirmed else ""),
        situation=_situation(model),
        accounts_wrote_in=len(model.wrote_in),
        pending_joins=tuple(model.pending_joins),
        checks_running=tuple(labels.get(c, c) for c in sorted(model.checks_running)),
        repairs_running=tuple(repair_labels.get(r, r) for r in sorted(model.repairs_running)),
        resolved=model.resolved,
        confirmed=model.confirmed,
        facilitator=_facilitator(model),
        decisions_waiting=len(model.decisions),
    )
