"""What every part of the engine shares: the scenario and its cast, the state, the scheduler, and
the helpers on them: time as a wall clock, names, placeholders, messages, trust, losses, the end.

The reactions and the handlers each take a `World`; nothing here reacts or handles an action.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from drills.scenario import Check, Clue, Repair, Scenario
from drills.world._casting import Casting, CustomerAccount
from drills.world._events import Event
from drills.world._outcomes import figures
from drills.world._scheduler import Scheduler
from drills.world._state import WorldState
from drills.world._visibility import recipients_for

_PLACEHOLDER = re.compile(r"\{(customer|contact|account|owner|clock|error)\}")

GENERATED_PER_MINUTE = 4
"""The most messages the world makes up on its own (chases, other accounts' tickets, the CEO asking) in one
simulated minute: the scenario format bounds what makes them, and this bounds what any world may emit."""


class World:
    """The shared core of one drill: built by the engine, handed to its parts."""

    def __init__(self, scenario: Scenario, casting: Casting, state: WorldState, scheduler: Scheduler) -> None:
        self.scenario = scenario
        self.casting = casting
        self.state = state
        self.scheduler = scheduler
        self.emit = scheduler.emit
        self.after = scheduler.after
        self.report_customer: CustomerAccount = casting.customers[scenario.incident.reported_account]
        """The account whose contact reports the incident (and chases, and retries)."""
        self._fixed_placeholders = {
            "customer": self.report_customer.name,
            "contact": self.report_customer.contact,
            "account": self.report_customer.account,
            "error": scenario.incident.error_text,
        }
        self.revenue_per_minute = sum(c.revenue_per_hour for c in casting.customers.values()) / 60
        self.own_loss_per_minute = scenario.incident.loss_per_hour / 60
        """The company's own loss rate at full impact (format 2), beside the customers' revenue."""
        self._accrued_at = 0.0
        self._generated_minute = -1
        self._generated = 0
        hours, minutes = map(int, scenario.company.clock_start.split(":"))
        self._clock_start = hours * 60 + minutes
        """The company's wall clock at sim minute 0, in minutes since midnight."""
        self.played: frozenset[str] = frozenset()
        """Cast ids a participant plays (set by the engine): lines the scenario gives them become prompts."""
        self.checks: dict[str, Check] = {check.id: check for check in scenario.checks}
        self.repairs: dict[str, Repair] = {repair.id: repair for repair in scenario.repairs}
        self.clues: dict[str, Clue] = {clue.id: clue for clue in scenario.clues}
        """The scenario's checks, repairs and clues by id (the scenario's lookups scan its lists)."""

    def clock_text(self, t: float | None = None) -> str:
        total = self._clock_start + int(self.scheduler.env.now if t is None else t)
        return f"{(total // 60) % 24:02d}:{total % 60:02d}"

    def name_of(self, person: str | None) -> str:
        if person is None:
            return "nobody"
        member = self.casting.cast.get(person)
        return member.name if member else person

    def fill(self, text: str) -> str:
        """A scenario text with its placeholders ({customer}, {owner}, {clock}, …) filled in."""
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

    def message(self, inject_kind: str, sender: str, text: str, *, inject_id: str | None = None,
                person: str | None = None, to: Sequence[str] | None = None, **extra: object) -> Event:
        """An `inject` event: a message reaches the team, its sender named as the team sees them."""
        casting = self.casting
        sender_name = sender
        if sender in casting.cast:
            sender_name = casting.cast[sender].name
        elif sender in casting.customers:
            customer = casting.customers[sender]
            sender_name = f"{customer.contact} ({customer.name})"
        elif sender == "ceo":
            sender_name = f"{casting.ceo_name} (CEO)"
        if inject_id is not None:
            self.state.injects_arrived.add(inject_id)
        if sender in self.played:
            # A participant plays the sender: the line becomes a prompt to them (a stage direction), not
            # words put in their mouth, and it reaches only them.
            return self.emit("inject", None, inject_id=inject_id, inject_kind=inject_kind, sender=sender,
                             sender_name=sender_name, text=text, person=person, generated=inject_id is None,
                             to=[sender], prompt_for=sender, **extra)
        return self.emit(
            "inject",
            None,
            inject_id=inject_id,
            inject_kind=inject_kind,
            sender=sender,
            sender_name=sender_name,
            text=text,
            person=person,
            generated=inject_id is None,
            to=recipients_for(inject_kind, casting.cast, owner=self.state.owner, declared=to),
            **extra,
        )

    def may_generate(self) -> bool:
        """Whether the world may make up one more message this minute (and count it if so)."""
        minute = int(self.scheduler.env.now)
        if minute != self._generated_minute:
            self._generated_minute, self._generated = minute, 0
        if self._generated >= GENERATED_PER_MINUTE:
            return False
        self._generated += 1
        return True

    def change_trust(self, delta: float, reason: str) -> None:
        new = max(0.0, min(100.0, self.state.trust + delta))
        if new != self.state.trust:
            self.state.trust = new
            self.emit("trust_changed", None, trust=round(new, 1), delta=delta, reason=reason)

    def losses_now(self) -> tuple[float, float]:
        """Revenue lost and customer-minutes blocked up to this moment (read-only: `state` holds them
        as of the last change of impact, which is all the world needs; a live status board needs now)."""
        span = self.scheduler.env.now - self._accrued_at
        impact = self.state.impact
        return (
            self.state.revenue_lost + impact * self.revenue_per_minute * span,
            self.state.customer_minutes_blocked
            + min(impact, 1.0) * self.scenario.incident.affected_accounts * span,
        )

    def own_loss_now(self) -> float:
        """The company's own money lost up to this moment (format 2's `incident.loss_per_hour`)."""
        span = self.scheduler.env.now - self._accrued_at
        return self.state.own_loss + self.state.impact * self.own_loss_per_minute * span

    def accrue(self) -> None:
        """Bring the state's losses up to now (before the impact changes, and at the end)."""
        if self.own_loss_per_minute:
            self.state.own_loss = self.own_loss_now()
        self.state.revenue_lost, self.state.customer_minutes_blocked = self.losses_now()
        self._accrued_at = self.scheduler.env.now

    def record_harm(self, harm_id: str, cause: str) -> None:
        """A lasting consequence happens (format 2): recorded once, as `harm_recorded`."""
        harm = self.scenario.harm(harm_id)
        if harm is None or harm_id in self.state.harms_recorded or self.state.ended:
            return
        self.state.harms_recorded.append(harm_id)
        self.emit("harm_recorded", None, harm_id=harm.id, harm_kind=harm.kind.value, what=self.fill(harm.what),
                  window=harm.window, accounts=harm.accounts, cause=cause)

    def end(self, reason: str) -> None:
        if self.state.ended:
            return
        scheduler = self.scheduler
        self.accrue()
        self.state.ended = True
        self.emit("drill_ended", None, reason=reason,
                  figures=figures(scheduler.events, end=scheduler.env.now).model_dump(mode="json"))
        # Stop env.run() right here, whatever `until` it was given: nothing happens after the end.
        scheduler.stop()
