"""Scripted teams that play a drill headless: `ideal`, `passive`, `chaotic`, and timed scripts.

A team is woken by the runner, reads the events since it last looked, and returns actions. The
built-in teams know the scenario (they are test fixtures and balance probes, not players): the
ideal one follows ../shared/PLAYBOOK.md step by step, the others make the seed guides' mistakes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from drills.scenario import WORKS_BELOW, CheckKind, Repair, RepairEffect, Scenario
from drills.world import (
    Action,
    AddNote,
    AnswerJoinRequest,
    ApplyRepair,
    AskCustomerRetry,
    AssignOwner,
    AssignTask,
    CustomerUpdate,
    EndDrill,
    Engine,
    EscalateToCeo,
    Event,
    FollowUp,
    NoteLabel,
    PostUpdate,
    PutOnWatch,
    Resolve,
    RunCheck,
    ScheduleReview,
    WriteTimeline,
)

REACTION = 1.0
"""Minutes a scripted team takes to react to something new."""


class Team:
    """Base: wakes on new world events (after REACTION) and at the times it planned."""

    name = "team"

    def __init__(self) -> None:
        self._plans: list[float] = []
        self._roles: _Roles | None = None

    def _roles_of(self, scenario: Scenario) -> _Roles:
        if self._roles is None:
            self._roles = _roles(scenario)
        return self._roles

    def plan(self, at: float) -> None:
        self._plans.append(at)

    def next_wakeup(self, engine: Engine) -> float:
        now = engine.now
        self._plans = [t for t in self._plans if t > now]
        candidates = [*self._plans, engine.peek() + REACTION]
        return max(min(candidates), now + 0.01)

    def decide(self, engine: Engine, new_events: Sequence[Event]) -> list[Action]:
        raise NotImplementedError


def play_headless(engine: Engine, team: Team, pace: Callable[[float], None] | None = None) -> Engine:
    """Run a drill to its end as fast as the CPU allows, or at a pace: `pace(t)` is called before the
    world advances to sim time t (it may sleep; the engine itself never reads a clock)."""
    seen = len(engine.events)
    while not engine.done:
        target = team.next_wakeup(engine)
        if pace is not None:
            pace(min(target, engine.scenario.simulated_minutes))
        engine.advance_to(target)
        if engine.done:
            break
        new = engine.events[seen:]
        for action in team.decide(engine, new):
            engine.act(action)
        seen = len(engine.events)
    return engine


# --------------------------------------------------------------------------- scenario knowledge


def fastest_safe_repair(scenario: Scenario) -> Repair:
    """The playbook's first repair (Scenario.fastest_safe_repair), or the quickest repair at all."""
    return scenario.fastest_safe_repair() or min(scenario.repairs, key=lambda r: (r.takes, r.id))


def tempting_slow_repair(scenario: Scenario) -> Repair:
    fixing = [r for r in scenario.repairs
              if r.effect in (RepairEffect.fixes, RepairEffect.mitigates) and not r.requires]
    return max(fixing or scenario.repairs, key=lambda r: r.takes)


def useless_repair(scenario: Scenario) -> Repair | None:
    return next((r for r in scenario.repairs if r.effect in (RepairEffect.none, RepairEffect.worse)), None)


def _person_by_role(scenario: Scenario, *words: str, exclude: set[str] = frozenset()) -> str | None:
    for member in scenario.cast:
        if member.id not in exclude and any(w in member.role.lower() for w in words):
            return member.id
    return None


@dataclass
class _Roles:
    owner: str
    voice: str
    helper: str
    senior: str


def _roles(scenario: Scenario) -> _Roles:
    closest = scenario.closest_to_failure
    owner = closest[0].id if closest else scenario.cast[0].id
    voice = _person_by_role(scenario, "support", "customer", "success", exclude={owner}) or owner
    others = [c.id for c in scenario.cast if c.id not in (owner, voice)]
    senior = max(scenario.cast, key=lambda c: c.seniority).id
    return _Roles(owner=owner, voice=voice, helper=others[0] if others else owner, senior=senior)


# --------------------------------------------------------------------------- ideal


@dataclass
class _IdealMemory:
    report_t: float | None = None
    started: bool = False
    next_internal: float = math.inf
    next_customer: float = math.inf
    repair_applied: set[str] = field(default_factory=set)
    checks_done: set[str] = field(default_factory=set)
    escalated: bool = False
    trigger_t: float | None = None
    fixed_at: float | None = None
    verified: bool = False
    asked_retry: bool = False
    confirmed_at: float | None = None
    resolved: bool = False
    wrapped_up: bool = False
    watch_done: bool = False
    first_customer_word: float | None = None


class IdealTeam(Team):
    """Follows the playbook: one owner fast, facts first, rhythm, one voice, fastest safe repair,
    customer confirms, watch, owner resolves, timeline and same-day review."""

    name = "ideal"
    internal_cadence = 12.0
    """Minutes between internal updates while the incident is live (tighter than the playbook's 30)."""
    customer_cadence = 25.0

    def __init__(self) -> None:
        super().__init__()
        self.m = _IdealMemory()

    def decide(self, engine: Engine, new_events: Sequence[Event]) -> list[Action]:
        sc = engine.scenario
        roles = self._roles_of(sc)
        m = self.m
        now = engine.now
        out: list[Action] = []
        for event in new_events:
            if event.kind == "incident_reported":
                m.report_t = event.t
            elif event.kind == "check_result":
                m.checks_done.add(event.data["check_id"])
                if event.data.get("reproduced") is False:
                    m.verified = True
            elif event.kind == "ceo_trigger" and m.trigger_t is None:
                m.trigger_t = event.t
            elif event.kind == "repair_finished":
                if event.data["impact_after"] < WORKS_BELOW and m.fixed_at is None:
                    m.fixed_at = event.t
            elif event.kind == "customer_retried":
                if event.data["works"]:
                    m.confirmed_at = event.t
                else:
                    m.asked_retry = False
            elif event.kind == "watch_finished":
                m.watch_done = True
            elif event.kind == "inject" and event.data.get("inject_kind") == "join_request" and event.data["person"]:
                out.append(AnswerJoinRequest(actor=roles.owner, person=event.data["person"], admit=False))
        if m.report_t is None:
            return out

        if not m.started:
            m.started = True
            out += self._open(engine, roles)
            return out

        incident = sc.incident
        if m.trigger_t is not None and not m.escalated:
            m.escalated = True
            out.append(self._escalation(engine, roles))

        safe = fastest_safe_repair(sc)
        if not m.repair_applied and (self._checks_back(engine) or now - m.report_t >= 12):
            m.repair_applied.add(safe.id)
            due = now + safe.takes
            out.append(ApplyRepair(actor=roles.owner, repair=safe.id))
            out.append(AssignTask(actor=roles.owner, assignee=roles.helper, task=f"Watch error rate while "
                                  f"'{safe.label}' rolls out; tell {engine.name_of(roles.owner)} what you see",
                                  due_in=safe.takes + 5))
            out.append(self._internal(engine, roles, plan=(
                f"Repair plan: customers with {incident.affected_segment} cannot {incident.blocked_action}. "
                f"{engine.name_of(roles.owner)} applies '{safe.label}' by {engine.clock_text(due)}; "
                f"{engine.name_of(roles.helper)} watches the error rate; {engine.name_of(roles.voice)} updates "
                f"the customer.")))
            self.plan(due + 0.5)

        if m.fixed_at is not None and not m.asked_retry and m.confirmed_at is None:
            m.asked_retry = True
            repro = next((c for c in sc.checks if c.kind is CheckKind.reproduce), None)
            if repro is not None:
                out.append(RunCheck(actor=roles.helper, check=repro.id))
            for follow in sc.repairs:
                if safe.id in follow.requires and follow.effect is not RepairEffect.worse:
                    out.append(ApplyRepair(actor=roles.owner, repair=follow.id))
            out.append(AssignTask(actor=roles.owner, assignee=roles.helper,
                                  task="Check the other affected accounts since the deploy and re-run their "
                                       "failed jobs", due_in=30))
            out.append(AskCustomerRetry(actor=roles.voice))

        if m.confirmed_at is not None and not m.resolved:
            m.resolved = True
            out.append(CustomerUpdate(
                actor=roles.voice,
                works=f"You can {incident.blocked_action} again; we confirmed it on your account.",
                fails="Nothing we know of is failing now.",
                unknown="No data was lost. We are still checking other accounts and will re-run anything stuck.",
                next_update_at=now + 60,
                text=f"Thank you for confirming. You don't need to do anything. We'll send a short summary by "
                     f"{engine.clock_text(now + 60)}.",
            ))
            out.append(PutOnWatch(actor=roles.owner, watcher=roles.helper, minutes=30))
            out.append(self._internal(engine, roles, plan="Customer confirmed recovery. Watching the same "
                                      "signals for 30 minutes, then the owner resolves."))
            out.append(Resolve(actor=roles.owner, text="Customer confirmed; watch in place."))
            m.next_customer = math.inf

        if m.resolved and not m.wrapped_up:
            m.wrapped_up = True
            out.append(WriteTimeline(actor=roles.owner, text=self._timeline(engine)))
            out.append(ScheduleReview(
                actor=roles.owner, when="today 16:30", same_day=True,
                follow_ups=[
                    FollowUp(owner=roles.helper, item="Re-run every failed job since the deploy", due="tomorrow"),
                    FollowUp(owner=roles.owner, item="Add a release check on realistic sample data",
                             due="in one week"),
                ]))
            m.next_internal = math.inf

        if m.watch_done:
            out.append(EndDrill(actor="facilitator", reason="the team finished the drill"))
            return out

        if now >= m.next_internal and not m.resolved:
            out.append(self._internal(engine, roles))
        if now >= m.next_customer and m.confirmed_at is None:
            out.append(self._customer(engine, roles))
        return out

    def _checks_back(self, engine: Engine) -> bool:
        wanted = {c.id for c in engine.scenario.checks if self._useful(engine.scenario, c.id)}
        return bool(wanted) and wanted <= self.m.checks_done

    @staticmethod
    def _useful(scenario: Scenario, check_id: str) -> bool:
        check = scenario.check(check_id)
        must = set(scenario.par.must_find) or {c.id for c in scenario.clues if c.key}
        return check is not None and check.kind is not CheckKind.reproduce and bool(must & set(check.reveals))

    def _open(self, engine: Engine, roles: _Roles) -> list[Action]:
        sc = engine.scenario
        incident = sc.incident
        account = engine.casting.customers[incident.reported_account].account
        out: list[Action] = [
            AssignOwner(actor=roles.senior, owner=roles.owner),
            AddNote(actor=roles.owner, label=NoteLabel.fact,
                    text=f"Account {account} reports '{incident.error_text}', started {incident.started_at_text}."),
            AddNote(actor=roles.owner, label=NoteLabel.question,
                    text="Which change went out just before the first failure?"),
            AddNote(actor=roles.owner, label=NoteLabel.guess,
                    text="Possibly the latest deploy; not confirmed."),
        ]
        useful = [c for c in sc.checks if self._useful(sc, c.id)][:3]
        for check in useful:
            out.append(RunCheck(actor=roles.owner, check=check.id))
        if useful:
            out.append(AddNote(actor=roles.owner, label=NoteLabel.next_check,
                               text="; ".join(c.label for c in useful)))
        out.append(self._internal(engine, roles))
        out.append(self._customer(engine, roles))
        return out

    def _internal(self, engine: Engine, roles: _Roles, plan: str = "") -> PostUpdate:
        sc = engine.scenario
        incident = sc.incident
        nxt = engine.now + self.internal_cadence
        self.m.next_internal = nxt
        self.plan(nxt)
        account = engine.casting.customers[incident.reported_account].account
        fixed = self.m.fixed_at is not None
        return PostUpdate(
            actor=roles.owner,
            known=(f"Customers cannot {incident.blocked_action} ('{incident.error_text}'), reported by account "
                   f"{account}, started {incident.started_at_text}." + (" The repair is in place." if fixed else "")),
            affected=f"{incident.affected_segment}: about {incident.affected_accounts} accounts.",
            next_check="Verify on the reported account." if fixed else "Logs and recent changes around the start.",
            next_update_at=nxt,
            text=plan,
        )

    def _customer(self, engine: Engine, roles: _Roles) -> CustomerUpdate:
        incident = engine.scenario.incident
        nxt = engine.now + self.customer_cadence
        self.m.next_customer = nxt
        self.plan(nxt)
        works = "; ".join(incident.still_works) or "the rest of the product"
        return CustomerUpdate(
            actor=roles.voice,
            works=f"Still working: {works}.",
            fails=f"You cannot {incident.blocked_action} right now.",
            unknown="We do not know the cause yet and will not guess.",
            next_update_at=nxt,
            text=f"We are actively working on it. Next update at {engine.clock_text(nxt)}.",
        )

    def _escalation(self, engine: Engine, roles: _Roles) -> EscalateToCeo:
        sc = engine.scenario
        incident = sc.incident
        per_hour = sum(c.revenue_per_hour for c in engine.casting.customers.values())
        safe = fastest_safe_repair(sc)
        return EscalateToCeo(
            actor=roles.owner,
            impact=(f"About ${per_hour:,.0f} per hour at risk: {incident.affected_accounts} accounts cannot "
                    f"{incident.blocked_action}."),
            cause="As we understand it now, a recent change; not yet confirmed.",
            mitigation=f"We are applying a {safe.kind.value.replace('_', ' ')}, about {safe.takes:g} minutes.",
            timeline=f"Service back in roughly {safe.takes + 10:g} minutes, depending on the repair holding.",
            ask="No decision needed now; we will ask if the repair fails.",
            update_every="Every 30 minutes until resolved.",
        )

    def _timeline(self, engine: Engine) -> str:
        rows = []
        for event in engine.events:
            label = {
                "outage_started": "onset",
                "incident_reported": "customer report",
                "owner_changed": "owner named",
                "mitigated": "mitigated",
                "customer_retried": "customer confirmed recovery",
                "resolved": "resolved",
            }.get(event.kind)
            if event.kind == "action" and event.action_kind == "customer_update" and "first customer word" not in rows:
                label = "first customer word"
            if event.kind == "repair_started":
                label = f"decision: {event.data['label']}"
            if label and all(label not in r for r in rows):
                rows.append(f"{engine.clock_text(event.t)} {label}")
        rows.append(f"{engine.clock_text()} resolved")
        return "\n".join(rows)


# --------------------------------------------------------------------------- passive


class PassiveTeam(Team):
    """Does little and late: the most senior person takes it after 20 minutes, one vague customer
    message, one check, the tempting slow repair, no escalation, no confirmation."""

    name = "passive"

    def __init__(self) -> None:
        super().__init__()
        self.report_t: float | None = None
        self.done: set[str] = set()

    def decide(self, engine: Engine, new_events: Sequence[Event]) -> list[Action]:
        for event in new_events:
            if event.kind == "incident_reported":
                self.report_t = event.t
                for delay in (20, 35, 45, 50, 60):
                    self.plan(event.t + delay)
        if self.report_t is None:
            return []
        sc = engine.scenario
        senior = self._roles_of(sc).senior
        since = engine.now - self.report_t
        out: list[Action] = []
        steps: list[tuple[float, str, Action]] = [
            (20, "owner", AssignOwner(actor=senior, owner=senior)),
            (35, "customer", CustomerUpdate(actor=senior, text="We are looking into it.")),
            (45, "check", RunCheck(actor=senior, check=sc.checks[-1].id) if sc.checks else None),
            (50, "update", PostUpdate(actor=senior, text="Still looking into the problem.")),
            (60, "repair", ApplyRepair(actor=senior, repair=tempting_slow_repair(sc).id)),
        ]
        for at, key, action in steps:
            if since >= at and key not in self.done and action is not None:
                self.done.add(key)
                out.append(action)
        return out


# --------------------------------------------------------------------------- chaotic


class ChaoticTeam(Team):
    """Everyone talks: two owners without a handoff, three voices to the customer, blame, a fix
    time promised early, 'can someone…', a rewrite instead of a rollback, and closing before the
    customer confirms."""

    name = "chaotic"

    def __init__(self) -> None:
        super().__init__()
        self.report_t: float | None = None
        self.done: set[str] = set()

    def decide(self, engine: Engine, new_events: Sequence[Event]) -> list[Action]:
        out: list[Action] = []
        roles = self._roles_of(engine.scenario)
        for event in new_events:
            if event.kind == "incident_reported":
                self.report_t = event.t
                for delay in (2, 4, 6, 9, 14, 20, 30, 45):
                    self.plan(event.t + delay)
            elif event.kind == "inject" and event.data.get("inject_kind") == "join_request" and event.data["person"]:
                out.append(AnswerJoinRequest(actor=roles.senior, person=event.data["person"], admit=True))
        if self.report_t is None:
            return out
        sc = engine.scenario
        incident = sc.incident
        cast = [c.id for c in sc.cast]
        speakers = [roles.voice, roles.owner, roles.senior, *cast]
        slow = tempting_slow_repair(sc)
        useless = useless_repair(sc)
        # Someone else grabs ownership straight away, without a handoff (alone, the senior grabs it twice).
        second_owner = next((c for c in (roles.owner, roles.helper, *cast) if c != roles.senior), roles.senior)
        steps: list[tuple[float, str, list[Action]]] = [
            (2, "owners", [AssignOwner(actor=roles.senior, owner=roles.senior),
                           AssignOwner(actor=roles.voice, owner=second_owner)]),
            (4, "voices", [
                CustomerUpdate(actor=speakers[0], text="Sorry about this! It should be back shortly."),
                CustomerUpdate(actor=speakers[1], text="The root cause is the last deploy. It will be fixed in "
                                                      "30 minutes."),
                CustomerUpdate(actor=speakers[2], text="Good news, this is already fixed on our side."),
            ]),
            (6, "blame", [
                PostUpdate(actor=roles.senior, text=f"Whoever shipped the last deploy should have tested it. "
                                                    f"This is human error. {incident.failing_system} is down."),
                AssignTask(actor=roles.senior, task="Can someone look at the logs?"),
                PostUpdate(actor=roles.owner, text="Debating in DMs whether it's the database.", channel="dm"),
            ]),
            (9, "useless", [ApplyRepair(actor=roles.helper, repair=useless.id)] if useless else []),
            (14, "rewrite", [ApplyRepair(actor=roles.owner, repair=slow.id),
                             CustomerUpdate(actor=speakers[1], text="We are rewriting the component, ETA 20 "
                                                                   "minutes.")]),
            (20, "again", [ApplyRepair(actor=roles.helper, repair=useless.id)] if useless else []),
            (30, "ceo", [EscalateToCeo(actor=roles.helper, text="Stuff is broken, the team failed to test it. "
                                       "We're on it.")]),
            (45, "close", [Resolve(actor=roles.voice, text="Graphs look fine now, closing.")]),
        ]
        since = engine.now - self.report_t
        for at, key, actions in steps:
            if since >= at and key not in self.done:
                self.done.add(key)
                out += actions
        return out


# --------------------------------------------------------------------------- scripts


class ScriptTeam(Team):
    """Plays a list of timed actions (from a script file or a real drill's log)."""

    def __init__(self, timed: Sequence[tuple[float, Action]], name: str = "script"):
        super().__init__()
        self.name = name
        self._timed = sorted(timed, key=lambda pair: pair[0])
        self._next = 0

    def next_wakeup(self, engine: Engine) -> float:
        if self._next < len(self._timed):
            return self._timed[self._next][0]
        return math.inf

    def decide(self, engine: Engine, new_events: Sequence[Event]) -> list[Action]:
        out: list[Action] = []
        while self._next < len(self._timed) and self._timed[self._next][0] <= engine.now:
            out.append(self._timed[self._next][1])
            self._next += 1
        return out


BUILTIN_TEAMS: dict[str, type[Team]] = {"ideal": IdealTeam, "passive": PassiveTeam, "chaotic": ChaoticTeam}
