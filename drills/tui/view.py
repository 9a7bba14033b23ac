"""What the status board shows, read from the engine once per tick: only what the team could know.

A plain snapshot (no Textual), so the board is a pure display of it and tests can check the
numbers without a screen. Nothing here changes the world, and nothing here reads the hidden truth:
no losses, no trust, no impact, no list of what still works. The board shows the team's own
record (owner, updates and the times they promised), what reached them (the report, the accounts
that wrote in, the monitoring signal, the customer's confirmation) and the work they started.
"""

from __future__ import annotations

from dataclasses import dataclass

from drills.world import Engine, Event, LiveClock

UPDATE_MARK = 30.0
"""Minutes between updates the playbook asks for: the countdown when the team promised no time."""
WARN_BEFORE = 10.0
"""Minutes before the due time at which the countdown turns to a warning."""
_VOICES = frozenset({"customer_message", "ticket"})


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


def _mins(minutes: float) -> str:
    minutes = max(0, round(minutes))
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m"


def _countdown(engine: Engine, label: str, last: float | None, promised: float | None, *, stopped: str) -> Countdown:
    state = engine.state
    now = engine.now
    if state.reported_at is None:
        return Countdown(label, "none yet", None)
    last_text = "none yet" if last is None else f"{engine.clock_text(last)} ({_mins(now - last)} ago)"
    if stopped:
        return Countdown(label, last_text, None, idle=stopped)
    since = last if last is not None else state.reported_at
    # A promise counts when it was made with the last update (a promise from before it was kept or broken).
    due, kept_promise = (promised, True) if promised is not None and last is not None else (since + UPDATE_MARK, False)
    return Countdown(label, last_text, due - now, engine.clock_text(due), kept_promise)


def _situation(engine: Engine) -> tuple[str, int]:
    """What reached the team about the customers, in words, and how many accounts wrote in."""
    s = engine.state
    incident = engine.scenario.incident
    senders = {e.data.get("sender") for e in engine.events
               if e.kind == "inject" and e.data.get("inject_kind") in _VOICES and not e.data.get("prompt_for")}
    if s.reported_at is None:
        return "No customer has reported a problem yet.", len(senders)
    reporter = engine.casting.customers.get(incident.reported_account)
    words = f"Reported {engine.clock_text(s.reported_at)}"
    if reporter is not None:
        words += f" by {reporter.name}"
    words += f": cannot {incident.blocked_action}"
    last_retry = _last(engine.events, "customer_retried")
    if s.confirmed:
        confirmed = _first_confirmation(engine.events)
        at = f" at {engine.clock_text(confirmed.t)}" if confirmed is not None else ""
        words = f"The customer confirmed{at}: {incident.blocked_action} works again"
    elif last_retry is not None and not last_retry.data.get("works"):
        words += f" · the customer's retry at {engine.clock_text(last_retry.t)} still failed"
    elif s.mitigated_at is not None:
        words += f" · monitoring: failures down since {engine.clock_text(s.mitigated_at)}"
    return words, len(senders)


def _last(events: list[Event], kind: str) -> Event | None:
    return next((e for e in reversed(events) if e.kind == kind), None)


def _first_confirmation(events: list[Event]) -> Event | None:
    return next((e for e in events if e.kind == "customer_retried" and e.data.get("works")), None)


def _facilitator(engine: Engine) -> str:
    change = _last(engine.events, "clock")
    if change is None:
        return ""
    speed = f"×{change.data.get('speed', 0):g}"
    what = {"pause": "paused", "resume": f"resumed at {speed}"}.get(change.data.get("change", ""), f"speed {speed}")
    return f"{engine.clock_text(change.t)} {what}"


def status_view(engine: Engine, clock: LiveClock) -> StatusView:
    s = engine.state
    labels = {c.id: c.label for c in engine.scenario.checks}
    repair_labels = {r.id: r.label for r in engine.scenario.repairs}
    situation, wrote_in = _situation(engine)
    return StatusView(
        clock=engine.clock_text(),
        speed=clock.speed,
        paused=clock.paused,
        ended=s.ended,
        real_minutes_left=clock.real_minutes_left(),
        owner=engine.name_of(s.owner),
        awaiting_ack=engine.name_of(s.awaiting_ack) if s.awaiting_ack else None,
        internal=_countdown(engine, "Internal", s.last_internal_update, s.next_internal_due,
                            stopped="resolved" if s.resolved else ""),
        customer=_countdown(engine, "Customer", s.last_customer_update, s.next_customer_due,
                            stopped="customer confirmed" if s.confirmed else ""),
        situation=situation,
        accounts_wrote_in=wrote_in,
        pending_joins=tuple(s.pending_joins),
        checks_running=tuple(labels.get(c, c) for c in sorted(s.checks_running)),
        repairs_running=tuple(repair_labels.get(r, r) for r in sorted(s.repairs_running)),
        resolved=s.resolved,
        confirmed=s.confirmed,
        facilitator=_facilitator(engine),
    )
