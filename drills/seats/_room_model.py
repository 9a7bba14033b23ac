"""The room's read model: what the room shows, projected from the events it receives.

The same projection serves a local room (every event, straight from the engine in the process) and a
remote seat (the events its parts see, over the wire), so the room renders from events and this
model and never reads the engine's objects. `apply` folds one event in; the fields mirror the parts
of the engine's state the room shows (a test replays whole drills and compares them).

What the status board and the forms read is folded only from events a seat receives too, so a seat's
room shows what the shared screen shows: the team's own record (updates, the times they promised,
work started), what reached them (the report, the accounts that wrote in, monitoring's signal, the
customer's retries) and what waits for them (a handoff, join requests, decision points). The hidden
truth a local model also folds (impact, trust, losses) is for comparison and the facilitator's views.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from drills.seats._briefing import Briefing, Customer, Person
from drills.world import INCIDENT_THREAD, Event

AUDIENCES = frozenset({"affected", "everyone"})
"""`CustomerUpdate.to` values that reach every affected account (or every customer) at once."""
VOICES = frozenset({"customer_message", "ticket"})
"""Messages from customers: their senders are the accounts that wrote in."""


@dataclass(frozen=True, slots=True)
class PendingDecision:
    """A decision point put to the team and not answered yet, as `decision_asked` says it."""

    id: str
    question: str
    options: tuple[tuple[str, str], ...]
    """(id, label) of each answer."""
    free_text: bool = False


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
        self.next_internal_due: float | None = None
        """The sim minute the last internal update promised the next one (None: no time promised)."""
        self.last_customer_update: float | None = None
        self.next_customer_due: float | None = None
        self.reported_by: str | None = None
        """The customer id whose report opened the incident (`incident_reported`)."""
        self.mitigated_at: float | None = None
        """When monitoring last showed the failures falling to the mitigated level (`mitigated`)."""
        self.wrote_in: set[str] = set()
        """Senders of customer messages and tickets so far (a stage direction is no message)."""
        self.last_retry: tuple[float, bool] | None = None
        """(when, worked) of the customer's latest retry."""
        self.confirmed_at: float | None = None
        """When the customer first confirmed it works again."""
        self.clock_change: tuple[float, str, float] | None = None
        """(when, 'pause' / 'resume' / 'speed', speed) of the facilitator's last clock change."""
        self.room: list[str] = sorted(briefing.players)
        """The active people: cast members from their first action (or from the start, if played), and
        people let in from a join request."""
        self.repairs_landed: dict[str, float] = {}
        """Repair id -> when it last landed."""
        self.decisions: dict[str, PendingDecision] = {}
        """Decision points waiting for an answer, in the order asked."""
        self.last_actor: str | None = None
        """The cast member who last acted (or was refused)."""
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
        self._by_seq: dict[int, Event] = {}
        hours, minutes = map(int, briefing.clock_start.split(":"))
        self._clock_start = hours * 60 + minutes

    # ---------------------------------------------------------------- reading

    @property
    def cast(self) -> tuple[Person, ...]:
        return self.briefing.cast

    @property
    def done(self) -> bool:
        return self.ended

    @property
    def customers(self) -> dict[str, Customer]:
        return {c.id: c for c in self.briefing.customers}

    @property
    def reporter(self) -> Customer | None:
        """The customer who reported the incident, once they have."""
        return self.briefing.customer(self.reported_by) if self.reported_by else None

    @property
    def admitted(self) -> list[str]:
        """People in the room who are not parts of the cast (let in from a join request)."""
        cast = {p.id for p in self.cast}
        return [p for p in self.room if p not in cast]

    def event(self, seq: int) -> Event | None:
        """The event with this seq, if this room has seen it (a seat sees a subsequence of the log)."""
        return self._by_seq.get(seq)

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
        self._by_seq[event.seq] = event
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
        self._acted(event)
        if kind == "post_update" and action.get("channel", INCIDENT_THREAD) == INCIDENT_THREAD:
            self.last_internal_update = event.t
            self.next_internal_due = action.get("next_update_at")
        elif kind == "customer_update" and self._reaches_reporter(action):
            self.last_customer_update = event.t
            self.next_customer_due = action.get("next_update_at")
        elif kind == "acknowledge_ownership" and self.awaiting_ack == event.actor:
            self.awaiting_ack = None

    def _reaches_reporter(self, update: dict) -> bool:
        """Whether a customer update is one to the reporting customer's rhythm: to their thread, or to
        every affected account. (Whether its channel was up is the world's truth: the team, and a seat,
        count the update they sent.)"""
        to = update.get("to")
        return to is None or to in AUDIENCES or to == self.briefing.reporting_customer

    def _acted(self, event: Event) -> None:
        if event.actor in self._names:
            self.last_actor = event.actor

    def _owner_changed(self, event: Event) -> None:
        self.owner = event.data["owner"]
        if event.data.get("previous") is not None:
            self.awaiting_ack = event.data["owner"]

    def _inject(self, event: Event) -> None:
        self._voice(event)
        person = event.data.get("person")
        if event.data.get("inject_kind") == "join_request" and person and event.data.get("inject_id"):
            self.pending_joins.append(person)

    def _room_changed(self, event: Event) -> None:
        person = event.data.get("person")
        if person in self.pending_joins and event.actor != person:
            self.pending_joins.remove(person)
        if person and event.data.get("admitted") and (event.actor != person or person not in self.room):
            self.room.append(person)

    def _voice(self, event: Event) -> None:
        data = event.data
        if data.get("inject_kind") in VOICES and not data.get("prompt_for") and data.get("sender"):
            self.wrote_in.add(str(data["sender"]))

    def _retried(self, event: Event) -> None:
        works = bool(event.data.get("works"))
        self.last_retry = (event.t, works)
        if works and not self.confirmed:
            self.confirmed, self.confirmed_at = True, event.t

    def _decision_asked(self, event: Event) -> None:
        data = event.data
        self.decisions[str(data["decision_id"])] = PendingDecision(
            str(data["decision_id"]), str(data.get("question") or ""),
            tuple((str(o["id"]), str(o.get("label") or o["id"])) for o in data.get("options") or ()),
            bool(data.get("free_text")))

    def _repair_finished(self, event: Event) -> None:
        self.repairs_running.discard(event.data["repair_id"])
        self.repairs_applied.add(event.data["repair_id"])
        self.repairs_landed[event.data["repair_id"]] = event.t
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
        self.clock_change = (event.t, str(event.data.get("change") or ""), self.speed)

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
    "action_refused": RoomModel._acted,
    "incident_reported": lambda m, e: (setattr(m, "reported_at", e.t),
                                       setattr(m, "reported_by", e.data.get("customer_id"))),
    "outage_started": RoomModel._outage_started,
    "check_started": lambda m, e: m.checks_running.add(e.data["check_id"]),
    "check_result": lambda m, e: m.checks_running.discard(e.data["check_id"]),
    "repair_started": lambda m, e: m.repairs_running.add(e.data["repair_id"]),
    "repair_finished": RoomModel._repair_finished,
    "world_changed": RoomModel._world_changed,
    "trust_changed": lambda m, e: setattr(m, "trust", float(e.data["trust"])),
    "resolved": _set("resolved", True),
    "reopened": _set("resolved", False),
    "customer_retried": RoomModel._retried,
    "mitigated": _set("mitigated_at", _TIME),
    "decision_asked": RoomModel._decision_asked,
    "decision_made": lambda m, e: m.decisions.pop(str(e.data.get("decision_id")), None),
    "clock": RoomModel._clock,
    "drill_ended": RoomModel._ended,
}
"""How each kind of event changes the model (the kinds not here change nothing the room shows)."""
