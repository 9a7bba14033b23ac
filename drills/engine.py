"""The SimPy world that plays a scenario, reacts to the team, and logs every event.

Commands in (`act`), events out (`advance_to`, `events`): no UI calls, no wall clock, no global
random. Each random stream has its own generator seeded from the drill's seed, so the same
scenario, seed and timed actions give the same events however time is chunked.
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import re
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import simpy

from drills.actions import (
    AcknowledgeOwnership,
    Action,
    AddNote,
    AnswerJoinRequest,
    ApplyRepair,
    AskCustomerRetry,
    AssignOwner,
    AssignTask,
    CustomerUpdate,
    EndDrill,
    EscalateToCeo,
    FacilitatorInject,
    PostUpdate,
    PutOnWatch,
    Resolve,
    RunCheck,
    ScheduleReview,
    WriteTimeline,
    action_to_dict,
)
from drills.casting import Casting, SeededNames, cast_scenario, seeded_faker
from drills.eventlog import EventSink
from drills.events import Event
from drills.scenario import CheckKind, Condition, Inject, InjectKind, RepairEffect, Scenario, TriggerKind

FORMAT_VERSION = 1
MITIGATED_AT = 0.5
"""Impact at or below this counts as mitigated."""
WORKS_BELOW = 0.25
"""The customer's blocked action works again when impact is below this."""
FACILITATOR = "facilitator"
_LEVELS = ("INFO", "INFO", "DEBUG", "WARN")
_SERVICES = ("web", "api", "worker", "auth", "billing")
_PATHS = ("api/v2/accounts", "api/v2/invoices", "session", "health", "static/app", "webhooks/stripe")
_PLACEHOLDER = re.compile(r"\{(customer|contact|account|owner|clock|error)\}")

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


class Engine:
    """Plays one drill of a scenario."""

    def __init__(
        self,
        scenario: Scenario,
        source: str,
        *,
        seed: int | None = None,
        sink: EventSink | None = None,
        players: dict[str, str] | None = None,
        team: str | None = None,
        speed: float | None = None,
        casting: Casting | None = None,
        script: list[dict] | None = None,
    ):
        self.scenario = scenario
        self.seed = scenario.seed if seed is None else seed
        self.env = simpy.Environment()
        self.events: list[Event] = []
        self._sink = sink
        self._listeners: list[Callable[[Event], None]] = []
        self.casting = casting or cast_scenario(scenario, self.seed)
        self.state = WorldState(trust=scenario.customer.trust_start)
        self.state.room = sorted(players or {})
        self._report_customer = self.casting.customers[scenario.incident.reported_account]
        self._fixed_placeholders = {
            "customer": self._report_customer.name,
            "contact": self._report_customer.contact,
            "account": self._report_customer.account,
            "error": scenario.incident.error_text,
        }
        self._revenue_per_minute = sum(c.revenue_per_hour for c in self.casting.customers.values()) / 60
        self._accrued_at = 0.0
        self._customer_gen = 0
        self._impact_gen = 0
        self._chase_index = 0
        self._ceo_index = 0
        self._ambient_rng = random.Random(f"{self.seed}:ambient")
        self._ticket_no = 4100 + random.Random(f"{self.seed}:tickets").randrange(800)
        self._emit(
            "drill_started",
            None,
            scenario_id=scenario.id,
            title=scenario.title,
            scenario_hash=hashlib.sha256(source.encode()).hexdigest(),
            scenario_source=source,
            seed=self.seed,
            speed=speed or scenario.default_speed,
            clock_start=scenario.company.clock_start,
            players=dict(players or {}),
            team=team,
            script=script,
            affected_accounts=scenario.incident.affected_accounts,
            revenue_per_hour=self._revenue_per_minute * 60,
            trust_start=scenario.customer.trust_start,
            format=FORMAT_VERSION,
            **self.casting.to_data(),
        )
        self.env.process(self._outage())
        self.env.process(self._scripted_injects())
        self.env.process(self._ambient_tickets())
        self.env.process(self._horizon())
        for trigger in scenario.incident.ceo_triggers:
            if trigger.at is not None:
                self.env.process(self._trigger_at(trigger.kind.value, trigger.at, trigger.note))
            elif trigger.kind is TriggerKind.open_duration:
                self.env.process(self._open_too_long(trigger.open_minutes or 60, trigger.note))
        self._watch_revenue()

    # ------------------------------------------------------------------ time

    @property
    def now(self) -> float:
        return self.env.now

    @property
    def done(self) -> bool:
        return self.state.ended

    def losses_now(self) -> tuple[float, float]:
        """Revenue lost and customer-minutes blocked up to this moment (read-only: `state` holds them
        as of the last change of impact, which is all the world needs; a live status board needs now)."""
        span = self.env.now - self._accrued_at
        impact = self.state.impact
        return (
            self.state.revenue_lost + impact * self._revenue_per_minute * span,
            self.state.customer_minutes_blocked
            + min(impact, 1.0) * self.scenario.incident.affected_accounts * span,
        )

    def peek(self) -> float:
        """Sim time of the next scheduled world event (inf if none)."""
        return self.env.peek()

    def advance_to(self, t: float) -> list[Event]:
        """Run the world up to (not including) sim time t; returns the events that happened."""
        first = len(self.events)
        env = self.env
        if t > env.now and not self.state.ended:
            try:
                while env.peek() < t:
                    env.step()
            except simpy.core.StopSimulation:
                return self.events[first:]
            # What env.run(until=t) does at its end, without building an `until` event per call: the
            # headless runner advances thousands of times per second.
            env._now = t
        return self.events[first:]

    def step(self) -> None:
        """Process the next scheduled world event, whenever it is (used when replaying a log)."""
        if not self.state.ended:
            with contextlib.suppress(simpy.core.StopSimulation):
                self.env.step()

    def attach_sink(self, sink: EventSink) -> None:
        """Send events from now on to `sink` (used when a replayed drill goes live again)."""
        self._sink = sink

    def close(self) -> None:
        if self._sink is not None:
            self._sink.close()

    def subscribe(self, listener: Callable[[Event], None]) -> None:
        self._listeners.append(listener)

    def clock_text(self, t: float | None = None) -> str:
        hours, minutes = map(int, self.scenario.company.clock_start.split(":"))
        total = hours * 60 + minutes + int(self.env.now if t is None else t)
        return f"{(total // 60) % 24:02d}:{total % 60:02d}"

    def name_of(self, person: str | None) -> str:
        if person is None:
            return "nobody"
        member = self.casting.cast.get(person)
        return member.name if member else person

    # ------------------------------------------------------------------ events

    def _emit(self, kind: str, actor: str | None, **data: Any) -> Event:
        event = Event(len(self.events), float(self.env.now), kind, actor, data)
        self.events.append(event)
        if self._sink is not None:
            self._sink.write(event)
        for listener in self._listeners:
            listener(event)
        return event

    def _fill(self, text: str) -> str:
        if "{" not in text:
            return text

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name == "owner":
                return self.name_of(self.state.owner)
            if name == "clock":
                return self.clock_text()
            return self._fixed_placeholders[name]

        return _PLACEHOLDER.sub(value, text)

    def _message(self, inject_kind: str, sender: str, text: str, *, inject_id: str | None = None,
                 person: str | None = None) -> Event:
        sender_name = sender
        if sender in self.casting.cast:
            sender_name = self.casting.cast[sender].name
        elif sender in self.casting.customers:
            customer = self.casting.customers[sender]
            sender_name = f"{customer.contact} ({customer.name})"
        elif sender == "ceo":
            sender_name = f"{self.casting.ceo_name} (CEO)"
        return self._emit(
            "inject",
            None,
            inject_id=inject_id,
            inject_kind=inject_kind,
            sender=sender,
            sender_name=sender_name,
            text=text,
            person=person,
            generated=inject_id is None,
        )

    def _change_trust(self, delta: float, reason: str) -> None:
        new = max(0.0, min(100.0, self.state.trust + delta))
        if new != self.state.trust:
            self.state.trust = new
            self._emit("trust_changed", None, trust=round(new, 1), delta=delta, reason=reason)

    def _accrue(self) -> None:
        span = self.env.now - self._accrued_at
        self.state.revenue_lost += self.state.impact * self._revenue_per_minute * span
        self.state.customer_minutes_blocked += (
            min(self.state.impact, 1.0) * self.scenario.incident.affected_accounts * span
        )
        self._accrued_at = self.env.now

    def _set_impact(self, impact: float) -> None:
        self._accrue()
        self.state.impact = impact
        self._impact_gen += 1
        self._watch_revenue()

    # ------------------------------------------------------------------ world processes

    def _outage(self) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(self.scenario.incident.onset)
        self.state.outage_started = True
        self._set_impact(1.0)
        self._emit("outage_started", None, failing_system=self.scenario.incident.failing_system)

    def _horizon(self) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(self.scenario.simulated_minutes)
        self._end("the simulated time ran out")

    def _scripted_injects(self) -> Generator[simpy.Event, Any, None]:
        for inject in sorted(self.scenario.injects, key=lambda i: i.at):
            if inject.at > self.env.now:
                yield self.env.timeout(inject.at - self.env.now)
            self._fire(inject)

    def _fire(self, inject: Inject) -> None:
        unmet = self._unmet(inject.when)
        if unmet:
            self._emit("inject_skipped", None, inject_id=inject.id, reason=unmet)
            return
        if inject.kind is InjectKind.join_request and inject.person:
            self.state.pending_joins.append(inject.person)
        self._message(inject.kind.value, inject.sender, self._fill(inject.text), inject_id=inject.id,
                      person=inject.person)
        if inject.id == self.scenario.incident.first_report:
            self.state.reported_at = self.env.now
            self._emit("incident_reported", None, inject_id=inject.id, customer_id=self._report_customer.id,
                       account=self._report_customer.account)
            self._expect_customer_word(self.scenario.customer.patience)

    def _unmet(self, when: Condition | None) -> str:
        """Empty if every condition holds, else which one does not."""
        if when is None:
            return ""
        s = self.state
        facts = {
            "owner_assigned": s.owner is not None,
            "internal_update_sent": s.internal_updates > 0,
            "customer_update_sent": s.customer_updates > 0,
            "escalated": s.escalated,
            "mitigated": s.mitigated_at is not None,
            "resolved": s.resolved,
        }
        for name, actual in facts.items():
            wanted = getattr(when, name)
            if wanted is not None and wanted != actual:
                return f"{name} is {str(actual).lower()}"
        if when.after_repair and when.after_repair not in s.repairs_applied:
            return f"repair {when.after_repair} not applied"
        if when.not_after_repair and when.not_after_repair in s.repairs_applied:
            return f"repair {when.not_after_repair} applied"
        if when.after_check and when.after_check not in s.checks_run:
            return f"check {when.after_check} not run"
        return ""

    def _ambient_tickets(self) -> Generator[simpy.Event, Any, None]:
        """Other affected accounts write in at a rate that grows with the impact."""
        rng = self._ambient_rng
        incident = self.scenario.incident
        while not self.state.ended:
            impact = self.state.impact
            if impact <= 0 or self.state.reported_at is None:
                yield self.env.timeout(10)
                continue
            rate = min(impact, 1.5) * min(incident.affected_accounts, 40) / 240  # tickets per minute
            yield self.env.timeout(rng.expovariate(rate))
            if self.state.impact <= 0 or self.state.ended:
                continue
            fake = seeded_faker(self.seed, f"ticket:{self._ticket_no}")
            self._ticket_no += 1
            account = fake.random_int(1000, 9999)
            phrasing = rng.choice(
                (
                    "We cannot {action}. The screen says: {error}",
                    "Since this morning we are unable to {action}. Error: {error}. Please advise.",
                    "Is something down? {action} keeps failing for us ({error}).",
                    "Our team cannot {action} and we have a deadline today. Seeing '{error}'.",
                )
            )
            text = phrasing.format(action=incident.blocked_action, error=incident.error_text)
            self._message(
                "ticket",
                "Support queue",
                f"Ticket #{self._ticket_no} — {fake.name()} at {fake.company()} (account {account}): "
                f"{text[0].upper()}{text[1:]}",
            )

    def _expect_customer_word(self, wait: float) -> None:
        """The customer chases if nothing arrives within `wait` minutes."""
        self._customer_gen += 1
        self.env.process(self._customer_patience(self._customer_gen, wait))

    def _customer_patience(self, generation: int, wait: float) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(wait)
        if generation != self._customer_gen or self.state.confirmed or self.state.ended:
            return
        if self.state.resolved and self.state.impact < WORKS_BELOW:
            return
        texts = self.scenario.customer.chase_texts
        text = texts[self._chase_index % len(texts)]
        self._chase_index += 1
        last = self.state.last_customer_update
        silent_for = round(self.env.now - (last if last is not None else self.state.reported_at or 0), 2)
        self._message("customer_message", self._report_customer.id, self._fill(text))
        self._emit("customer_chased", None, text=self._fill(text), silent_for=silent_for)
        self._change_trust(TRUST_CHASE, "the customer had to chase an update")
        self._expect_customer_word(self.scenario.customer.patience)

    def _trigger_at(self, kind: str, at: float, note: str) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(at)
        self._fire_trigger(kind, note)

    def _open_too_long(self, minutes: float, note: str) -> Generator[simpy.Event, Any, None]:
        while self.state.reported_at is None and not self.state.ended:
            yield self.env.timeout(1)
        yield self.env.timeout(minutes)
        if not self.state.resolved:
            self._fire_trigger(TriggerKind.open_duration.value, note or f"incident open {minutes:g} minutes")

    def _watch_revenue(self) -> None:
        """Schedule the revenue_at_risk trigger for when the loss crosses its threshold at this impact."""
        rate = self.state.impact * self._revenue_per_minute
        if rate <= 0:
            return
        for trigger in self.scenario.incident.ceo_triggers:
            if trigger.kind is TriggerKind.revenue_at_risk and "revenue_at_risk" not in self.state.triggers_fired:
                remaining = (trigger.revenue_lost_over or 0) - self.state.revenue_lost
                self.env.process(self._revenue_crossing(self._impact_gen, max(remaining, 0) / rate, trigger.note))

    def _revenue_crossing(self, generation: int, wait: float, note: str) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(wait)
        if generation == self._impact_gen:
            self._accrue()
            self._fire_trigger(TriggerKind.revenue_at_risk.value, note)

    def _fire_trigger(self, kind: str, note: str) -> None:
        if kind in self.state.triggers_fired or self.state.ended:
            return
        warranted = any(t.kind.value == kind for t in self.scenario.incident.ceo_triggers)
        if not warranted:
            return
        self.state.triggers_fired.append(kind)
        self._emit("ceo_trigger", None, trigger=kind, note=note)
        if not self.state.escalated and len(self.state.triggers_fired) == 1:
            self.env.process(self._ceo_patience())

    def _ceo_patience(self) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(self.scenario.ceo.patience)
        if self.state.escalated or self.state.ended:
            return
        asks = self.scenario.ceo.asks
        text = asks[self._ceo_index % len(asks)]
        self._ceo_index += 1
        self._message("ceo_message", "ceo", self._fill(text))
        self._emit("ceo_asked", None, text=self._fill(text))

    # ------------------------------------------------------------------ actions

    def act(self, action: Action) -> Event:
        """Apply a participant's action now. Returns the `action` event, or `action_refused` with the reason."""
        try:
            self._check_actor(action)
            if self.state.ended:
                raise Refused("the drill has ended")
            handler = self._handlers[type(action)]
            handler(self, action, dry_run=True)
        except Refused as refusal:
            return self._emit("action_refused", action.actor, action=action_to_dict(action), reason=str(refusal))
        event = self._emit("action", action.actor, action=action_to_dict(action))
        if action.actor in self.casting.cast and action.actor not in self.state.room:
            self.state.room.append(action.actor)
            self._emit("room_changed", action.actor, person=action.actor, admitted=True, size=len(self.state.room))
        handler(self, action, dry_run=False)
        return event

    def record_clock(self, *, paused: bool, speed: float) -> Event:
        """Log a facilitator clock change (live play); it does not change the simulation."""
        return self._emit("clock", FACILITATOR, paused=paused, speed=speed)

    def _check_actor(self, action: Action) -> None:
        if isinstance(action, FacilitatorInject | EndDrill):
            return
        if action.actor not in self.casting.cast:
            known = ", ".join(self.casting.cast)
            raise Refused(f"unknown person '{action.actor}' — act as one of: {known}")

    def _person(self, person_id: str) -> None:
        if person_id not in self.casting.cast:
            raise Refused(f"unknown person '{person_id}' — choose one of: {', '.join(self.casting.cast)}")

    def _assign_owner(self, action: AssignOwner, *, dry_run: bool) -> None:
        self._person(action.owner)
        if self.state.resolved:
            raise Refused("the incident is resolved; reopen is not needed to change owner")
        if action.owner == self.state.owner:
            raise Refused(f"{self.name_of(action.owner)} already owns the incident")
        if dry_run:
            return
        previous = self.state.owner
        handoff = None
        if previous is not None:
            handoff = {"scope": action.scope, "facts": action.facts, "next_update_at": action.next_update_at}
            self.state.awaiting_ack = action.owner
        self.state.owner = action.owner
        self._emit("owner_changed", action.actor, owner=action.owner, previous=previous, handoff=handoff)

    def _acknowledge(self, action: AcknowledgeOwnership, *, dry_run: bool) -> None:
        if self.state.awaiting_ack != action.actor:
            raise Refused("there is no handoff waiting for this person to acknowledge")
        if not dry_run:
            self.state.awaiting_ack = None

    def _post_update(self, action: PostUpdate, *, dry_run: bool) -> None:
        if dry_run:
            return
        if action.channel == "incident":
            self.state.internal_updates += 1
            self.state.last_internal_update = self.env.now
            self.state.next_internal_due = action.next_update_at

    def _customer_update(self, action: CustomerUpdate, *, dry_run: bool) -> None:
        if dry_run:
            return
        s = self.state
        if s.next_customer_due is not None and self.env.now > s.next_customer_due + 2:
            self._change_trust(TRUST_LATE_UPDATE, "the update came later than promised")
        if s.last_speaker is not None and s.last_speaker != action.actor:
            self._change_trust(TRUST_NEW_VOICE, "a different person spoke for the company")
        else:
            self._change_trust(TRUST_UPDATE, "the customer heard from us")
        s.customer_updates += 1
        s.last_customer_update = self.env.now
        s.last_speaker = action.actor
        s.next_customer_due = action.next_update_at
        promised = action.next_update_at
        patience = self.scenario.customer.patience
        wait = (promised - self.env.now + 2) if promised and promised > self.env.now else patience
        self._expect_customer_word(wait)

    def _escalate(self, action: EscalateToCeo, *, dry_run: bool) -> None:
        if dry_run:
            return
        first = not self.state.escalated
        self.state.escalated = True
        if first:
            reply = (
                "Thanks for telling me straight away. Keep me posted at the times you said; "
                "tell me if you need a decision from me."
                if self.scenario.escalation_warranted
                else "Thanks. This sounds like something the team can handle without me — keep support in the loop."
            )
            self._message("ceo_message", "ceo", reply)

    def _note(self, action: AddNote | WriteTimeline | ScheduleReview, *, dry_run: bool) -> None:
        return

    def _run_check(self, action: RunCheck, *, dry_run: bool) -> None:
        check = self.scenario.check(action.check)
        if check is None:
            options = ", ".join(c.id for c in self.scenario.checks)
            raise Refused(f"no check '{action.check}' in this drill — choose one of: {options}")
        if check.id in self.state.checks_running:
            raise Refused(f"'{check.label}' is already running")
        if dry_run:
            return
        self.state.checks_running.add(check.id)
        self._emit("check_started", action.actor, check_id=check.id, label=check.label, eta=check.takes)
        self.env.process(self._check_result(check.id, action.actor))

    def _check_result(self, check_id: str, actor: str) -> Generator[simpy.Event, Any, None]:
        check = self.scenario.check(check_id)
        assert check is not None
        yield self.env.timeout(check.takes)
        self.state.checks_running.discard(check_id)
        self.state.checks_run.add(check_id)
        fake = seeded_faker(self.seed, f"check:{check_id}:{len(self.events)}")
        lines = [self._noise_line(fake) for _ in range(check.noise_lines)]
        works = self.state.impact < WORKS_BELOW
        clues = []
        if check.kind is CheckKind.reproduce and works:
            lines.append(f"{self.clock_text()} reproduce on account {self._report_customer.account}: "
                         f"{self.scenario.incident.blocked_action} completed normally")
        else:
            for clue_id in check.reveals:
                clue = self.scenario.clue(clue_id)
                assert clue is not None
                clues.append({"id": clue.id, "text": self._fill(clue.text), "red_herring": clue.red_herring})
                if clue.id not in self.state.clues_found:
                    self.state.clues_found.append(clue.id)
        self._emit("check_result", actor, check_id=check_id, label=check.label, clues=clues, lines=lines,
                   reproduced=None if check.kind is not CheckKind.reproduce else not works)

    def _noise_line(self, fake: SeededNames) -> str:
        """An unremarkable log line; drawn from the seeded Faker's own generator (cheap per line)."""
        rnd = fake.random
        return (
            f"{self.clock_text()}:{rnd.randint(10, 59)} {rnd.choice(_LEVELS)} {rnd.choice(_SERVICES)}-"
            f"{rnd.randint(1, 4)} {rnd.choice(('GET', 'POST'))} /{rnd.choice(_PATHS)}/{rnd.randint(100, 9999)} "
            f"{rnd.choice((200, 200, 200, 204, 304, 404))} {rnd.randint(3, 480)}ms"
        )

    def _apply_repair(self, action: ApplyRepair, *, dry_run: bool) -> None:
        repair = self.scenario.repair(action.repair)
        if repair is None:
            options = ", ".join(r.id for r in self.scenario.repairs)
            raise Refused(f"no repair '{action.repair}' in this drill — choose one of: {options}")
        if repair.id in self.state.repairs_running:
            raise Refused(f"'{repair.label}' is already in progress")
        missing = [r for r in repair.requires if r not in self.state.repairs_applied]
        if missing:
            raise Refused(f"'{repair.label}' needs {', '.join(missing)} first")
        if dry_run:
            return
        self.state.repairs_running.add(repair.id)
        self._emit("repair_started", action.actor, repair_id=repair.id, label=repair.label,
                   repair_kind=repair.kind.value, eta=repair.takes)
        self.env.process(self._repair_lands(repair.id, action.actor))

    def _repair_lands(self, repair_id: str, actor: str) -> Generator[simpy.Event, Any, None]:
        repair = self.scenario.repair(repair_id)
        assert repair is not None
        yield self.env.timeout(repair.takes)
        if self.state.ended:
            return
        self.state.repairs_running.discard(repair_id)
        self.state.repairs_applied.add(repair_id)
        before = self.state.impact
        after = before
        if repair.effect in (RepairEffect.fixes, RepairEffect.mitigates):
            after = min(before, repair.residual_impact)
        elif repair.effect is RepairEffect.worse:
            after = max(before, repair.residual_impact)
        self._set_impact(after)
        self._emit("repair_finished", actor, repair_id=repair_id, label=repair.label, effect=repair.effect.value,
                   impact_before=before, impact_after=after, side_effect=self._fill(repair.side_effect))
        if repair.effect in (RepairEffect.none, RepairEffect.worse):
            self._fire_trigger(TriggerKind.failed_remediation.value, f"'{repair.label}' did not fix it")
        if repair.effect is RepairEffect.worse:
            self._change_trust(TRUST_WORSE, "the service got worse for the customer")
        if after <= MITIGATED_AT and self.state.mitigated_at is None and self.state.outage_started:
            self.state.mitigated_at = self.env.now
            self._emit("mitigated", actor, repair_id=repair_id, impact=after)

    def _assign_task(self, action: AssignTask, *, dry_run: bool) -> None:
        if action.assignee is not None:
            self._person(action.assignee)
        if dry_run or action.assignee is not None:
            return
        self.env.process(self._nobody_took_it(action.task))

    def _nobody_took_it(self, task: str) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(6)
        if self.state.ended:
            return
        colleague = sorted(self.casting.cast)[len(self.events) % len(self.casting.cast)]
        self._message("colleague_message", colleague, f"Was '{task}' meant for me? I assumed someone else had it.")

    def _ask_retry(self, action: AskCustomerRetry, *, dry_run: bool) -> None:
        if self.state.retry_pending:
            raise Refused("the customer is already trying again; wait for their answer")
        if self.state.reported_at is None:
            raise Refused("no customer has reported a problem yet")
        if dry_run:
            return
        self.state.retry_pending = True
        self.env.process(self._customer_retries())

    def _customer_retries(self) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(self.scenario.customer.confirm_after)
        self.state.retry_pending = False
        if self.state.ended:
            return
        works = self.state.impact < WORKS_BELOW
        behaviour = self.scenario.customer
        text = self._fill(behaviour.confirm_text if works else behaviour.still_failing_text)
        self._message("customer_message", self._report_customer.id, text)
        self._emit("customer_retried", None, works=works, text=text)
        if works and not self.state.confirmed:
            self.state.confirmed = True
            self._change_trust(TRUST_CONFIRMED, "the customer confirmed they can work again")
        elif not works:
            self._change_trust(TRUST_STILL_FAILING, "asked to retry while it still failed")

    def _watch(self, action: PutOnWatch, *, dry_run: bool) -> None:
        self._person(action.watcher)
        if dry_run:
            return
        self.env.process(self._watch_ends(action.watcher, action.minutes))

    def _watch_ends(self, watcher: str, minutes: float) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(minutes)
        if not self.state.ended:
            self._emit("watch_finished", watcher, watcher=watcher, minutes=minutes,
                       clean=self.state.impact < WORKS_BELOW)

    def _resolve(self, action: Resolve, *, dry_run: bool) -> None:
        if self.state.resolved:
            raise Refused("the incident is already resolved")
        if dry_run:
            return
        self.state.resolved = True
        self._emit("resolved", action.actor, by=action.actor, confirmed=self.state.confirmed)
        if self.state.impact >= WORKS_BELOW:
            self.env.process(self._customer_reopens())

    def _customer_reopens(self) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(6)
        if self.state.ended or not self.state.resolved or self.state.impact < WORKS_BELOW:
            return
        text = self._fill(self.scenario.customer.still_failing_text)
        self.state.resolved = False
        self._message("customer_message", self._report_customer.id, f"You marked this resolved, but: {text}")
        self._emit("reopened", None, text=text)
        self._change_trust(TRUST_REOPENED, "closed while the customer was still blocked")

    def _answer_join(self, action: AnswerJoinRequest, *, dry_run: bool) -> None:
        if action.person not in self.state.pending_joins:
            waiting = ", ".join(self.state.pending_joins) or "nobody"
            raise Refused(f"{action.person} has not asked to join (waiting: {waiting})")
        if dry_run:
            return
        self.state.pending_joins.remove(action.person)
        if action.admit:
            self.state.room.append(action.person)
        self._emit("room_changed", action.actor, person=action.person, admitted=action.admit,
                   size=len(self.state.room))

    def _facilitator_inject(self, action: FacilitatorInject, *, dry_run: bool) -> None:
        if not dry_run:
            self._message(action.inject_kind, action.sender, action.text)

    def _end_drill(self, action: EndDrill, *, dry_run: bool) -> None:
        if not dry_run:
            self._end(action.reason)

    def _end(self, reason: str) -> None:
        if self.state.ended:
            return
        from drills.outcomes import figures

        self._accrue()
        self.state.ended = True
        self._emit("drill_ended", None, reason=reason,
                   figures=figures(self.events, end=self.env.now).model_dump(mode="json"))
        # Stop env.run() right here, whatever `until` it was given: nothing happens after the end.
        stop = self.env.event()
        stop.callbacks.append(simpy.core.StopSimulation.callback)
        stop.succeed()

    _handlers: ClassVar[dict[type, Callable[..., None]]] = {
        AssignOwner: _assign_owner,
        AcknowledgeOwnership: _acknowledge,
        PostUpdate: _post_update,
        CustomerUpdate: _customer_update,
        EscalateToCeo: _escalate,
        AddNote: _note,
        WriteTimeline: _note,
        ScheduleReview: _note,
        RunCheck: _run_check,
        ApplyRepair: _apply_repair,
        AssignTask: _assign_task,
        AskCustomerRetry: _ask_retry,
        PutOnWatch: _watch,
        Resolve: _resolve,
        AnswerJoinRequest: _answer_join,
        FacilitatorInject: _facilitator_inject,
        EndDrill: _end_drill,
    }
