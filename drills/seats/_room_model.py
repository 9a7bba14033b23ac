"""The room's read model: what the room shows, projected from the events it receives.

The same projection serves a local room (every event, straight from the engine in the process) and a
remote seat (the events its parts see, over the wire), so the room renders from events and this
model and never reads the engine's objects. `apply` folds one event in; the fields mirror the parts
of the engine's state the room shows (a test replays whole drills and compares them).
"""

from __future__ import annotations

from collections.abc import Iterable

from drills.seats._briefing import Briefing, Person
from drills.world import INCIDENT_THREAD, Event


class RoomModel:
    """One room's view of a drill, built from its briefing and the events it has seen."""

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.events: list[Event] = []
        """The events this room has seen, in order (a seat's are a subsequence of the log)."""
        self.now = 0.0
        """Sim minutes: the latest event's time, or the host's clock when it says more."""
        self.speed = briefing.speed
        self.paused = False
        self.owner: str | None = None
        self.awaiting_ack: str | None = None
        self.reported_at: float | None = None
        self.outage_started = False
        self.impact = 0.0
        self.trust = briefing.trust_start
        self.last_internal_update: float | None = None
        self.last_customer_update: float | None = None
        self.checks_running: set[str] = set()
        self.repairs_running: set[str] = set()
        self.repairs_applied: set[str] = set()
        self.pending_joins: list[str] = []
        self.resolved = False
        self.confirmed = False
        self.ended = False
        self.revenue_lost = 0.0
        self.customer_minutes_blocked = 0.0
        self._accrued_at = 0.0
        self._names = {p.id: p.name for p in briefing.cast}
        hours, minutes = map(int, briefing.clock_start.split(":"))
        self._clock_start = hours * 60 + minutes

    # ---------------------------------------------------------------- reading

    @property
    def cast(self) -> tuple[Person, ...]:
        return self.briefing.cast

    @property
    def done(self) -> bool:
        return self.ended

    def clock_text(self, t: float | None = None) -> str:
        """The company's wall clock at sim time `t` (default: now), as HH:MM."""
        total = self._clock_start + int(self.now if t is None else t)
        return f"{(total // 60) % 24:02d}:{total % 60:02d}"

    def name_of(self, person: str | None) -> str:
        if person is None:
            return "nobody"
        return self._names.get(person, person)

    def real_minutes_left(self) -> float:
        """Real minutes until the simulated span runs out at the current speed."""
        return max(self.briefing.simulated_minutes - self.now, 0) / self.speed

    def losses_now(self) -> tuple[float, float]:
        """Revenue lost and customer-minutes blocked up to now, at the impact the room knows."""
        span = max(self.now - self._accrued_at, 0.0)
        return (
            self.revenue_lost + self.impact * self.briefing.revenue_per_hour / 60 * span,
            self.customer_minutes_blocked + min(self.impact, 1.0) * self.briefing.affected_accounts * span,
        )

    # ---------------------------------------------------------------- folding events in

    def set_clock(self, *, now: float, speed: float, paused: bool) -> None:
        """What the host's clock says between events (a seat's clock moves while nothing happens)."""
        self.now = max(self.now, now)
        self.speed, self.paused = speed, paused

    def apply_all(self, events: Iterable[Event]) -> None:
        for event in events:
            self.apply(event)

    def apply(self, event: Event) -> None:
        self.events.append(event)
        self.now = max(self.now, event.t)
        handler = _FOLDS.get(event.kind)
        if handler is not None:
            handler(self, event)

    def _set_impact(self, t: float, impact: float) -> None:
        span = max(t - self._accrued_at, 0.0)
        self.revenue_lost += self.impact * self.briefing.revenue_per_hour / 60 * span
        self.customer_minutes_blocked += min(self.impact, 1.0) * self.briefing.affected_accounts * span
        self._accrued_at = t
        self.impact = impact

    def _action(self, event: Event) -> None:
        action = event.data["action"]
        kind = action.get("kind")
        if kind == "post_update" and action.get("channel", INCIDENT_THREAD) == INCIDENT_THREAD:
            self.last_internal_update = event.t
        elif kind == "customer_update":
            self.last_customer_update = event.t
        elif kind == "acknowledge_ownership" and self.awaiting_ack == event.actor:
            self.awaiting_ack = None

    def _owner_changed(self, event: Event) -> None:
        self.owner = event.data["owner"]
        if event.data.get("previous") is not None:
            self.awaiting_ack = event.data["owner"]

    def _inject(self, event: Event) -> None:
        person = event.data.get("person")
        if event.data.get("inject_kind") == "join_request" and person and event.data.get("inject_id"):
            self.pending_joins.append(person)

    def _room_changed(self, event: Event) -> None:
        person = event.data.get("person")
        if person in self.pending_joins and event.actor != person:
            self.pending_joins.remove(person)

    def _repair_finished(self, event: Event) -> None:
        self.repairs_running.discard(event.data["repair_id"])
        self.repairs_applied.add(event.data["repair_id"])
        self._set_impact(event.t, float(event.data["impact_after"]))

    def _world_changed(self, event: Event) -> None:
        impact = event.data.get("impact")
        if isinstance(impact, int | float) and impact != self.impact:
            self._set_impact(event.t, float(impact))

    def _outage_started(self, event: Event) -> None:
        self.outage_started = True
        self._set_impact(event.t, 1.0)

    def _clock(self, event: Event) -> None:
        self.speed, self.paused = float(event.data["speed"]), bool(event.data["paused"])

    def _ended(self, event: Event) -> None:
        self._set_impact(event.t, self.impact)
        self.ended = True


def _set(field: str, value: object):
    def fold(model: RoomModel, event: Event) -> None:
        setattr(model, field, event.t if value is _TIME else value)
    return fold


_TIME = object()

_FOLDS = {
    "action": RoomModel._action,
    "owner_changed": RoomModel._owner_changed,
    "inject": RoomModel._inject,
    "room_changed": RoomModel._room_changed,
    "incident_reported": _set("reported_at", _TIME),
    "outage_started": RoomModel._outage_started,
    "check_started": lambda m, e: m.checks_running.add(e.data["check_id"]),
    "check_result": lambda m, e: m.checks_running.discard(e.data["check_id"]),
    "repair_started": lambda m, e: m.repairs_running.add(e.data["repair_id"]),
    "repair_finished": RoomModel._repair_finished,
    "world_changed": RoomModel._world_changed,
    "trust_changed": lambda m, e: setattr(m, "trust", float(e.data["trust"])),
    "resolved": _set("resolved", True),
    "reopened": _set("resolved", False),
    "customer_retried": lambda m, e: setattr(m, "confirmed", m.confirmed or bool(e.data.get("works"))),
    "clock": RoomModel._clock,
    "drill_ended": RoomModel._ended,
}
"""How each kind of event changes the model (the kinds not here change nothing the room shows)."""
