"""Scripted teams that play a drill headless: `ideal`, `passive`, `chaotic`, and timed scripts.

A team is woken by the runner, reads the events since it last looked, and returns actions. The
ideal team follows ../shared/PLAYBOOK.md step by step and the typical one plays it with human habits;
both know only what their checks showed (drills.teams._evidence), never what a repair would do. The
passive and chaotic teams know the scenario (they are balance probes, not players) and make the seed
guides' mistakes.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from drills.scenario import WORKS_BELOW, CheckKind, Repair, RepairEffect, RepairKind, Scenario
from drills.teams._evidence import Evidence, evidence_checks
from drills.teams._format2_play import (
    answers,
    broadcast_to,
    data_statement,
    duties_due,
    follow_ups_once_mitigated,
    next_release,
    releases_due,
)
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
    plays_facilitator = True
    """Headless, a scripted facilitator releases held injects and decision points at their hints."""

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
        if team.plays_facilitator:
            target = min(target, next_release(engine))
        if pace is not None:
            pace(min(target, engine.scenario.simulated_minutes))
        engine.advance_to(target)
        if engine.done:
            break
        for release in releases_due(engine) if team.plays_facilitator else ():
            engine.act(release)
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


def hunch_repair(scenario: Scenario) -> Repair | None:
    """What people try before any evidence is back: turn it off and on again (the quickest restart that
    needs no other repair first). Chosen by its kind alone, never by what it would do; None when the
    scenario offers no restart."""
    restarts = [r for r in scenario.repairs if r.kind is RepairKind.restart and not r.requires]
    return min(restarts, key=lambda r: (r.takes, r.id), default=None)


def _look_further(evidence: Evidence, owner: str) -> list[RunCheck]:
    """The next two checks the team has not asked for yet, asked for now."""
    more = evidence.next_checks(2)
    evidence.asked(c.id for c in more)
    return [RunCheck(actor=owner, check=c.id) for c in more]


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


@dataclass(frozen=True)
class Habits:
    """How a team that follows the playbook actually plays: its delays, its rhythm and its slips. The ideal
    team has perfect habits; the typical team draws its own from the drill's seed."""

    owner_after: float = 0.0
    """Minutes after the report (and the team's reaction) before an owner is named."""
    senior_owns: bool = False
    """The most senior person takes ownership instead of the person closest to the failing system."""
    notes: bool = True
    """Questions and guesses go into the incident log beside the facts."""
    first_customer_after: float = 0.0
    internal_cadence: float = 12.0
    customer_cadence: float = 25.0
    vague_every: int = 0
    """Every n-th internal update forgets the next check and who is affected (0: never)."""
    first_checks: int = 3
    guess_first: bool = False
    """A repair is tried on a hunch before any evidence is back."""
    decide_after: float = 0.0
    """Minutes between the evidence pointing to a repair and applying it."""
    check_order: int | None = None
    """None: checks in the playbook's order of hard evidence; a number: the team picks checks by hunch, in
    an order shuffled with this number as its seed."""
    follows_loudest: bool = False
    """The repair most clues point to comes first, even before a faster, safer one."""
    hasty: bool = False
    """The team acts on the first clue that points to a repair, without waiting for its other checks."""
    looks_again: bool = False
    """After a repair that did not fix it, the team runs more checks before it picks the next one, instead of
    taking the next repair its old clues point to."""
    # The seed guide's "mistakes that make it worse", for probing a scenario and the scoring:
    voices: int = 1
    """How many people answer the customer; each extra one tells a story of their own."""
    promises_fix_time: bool = False
    """The first customer update promises a fix in 30 minutes."""
    keeps_log: bool = True
    """False: nobody writes a note or the timeline."""
    verify_with_customer: bool = True
    """False: the team resolves when its graphs look normal, without asking the customer."""
    watch_minutes: float = 30.0
    full_timeline: bool = True
    review_same_day: bool = True
    escalate_after: float | None = 0.0
    """Minutes after a business trigger before the CEO is briefed (None: never)."""


@dataclass
class _IdealMemory:
    report_t: float | None = None
    started: bool = False
    owner_named: bool = False
    customer_started: bool = False
    next_internal: float = math.inf
    next_customer: float = math.inf
    internal_count: int = 0
    customer_count: int = 0
    shares: dict[str, float] | None = None
    """Each user-facing function's share failing, as the world last said (a probe may read it)."""
    extra_voices: int = 0
    repair_applied: set[str] = field(default_factory=set)
    chosen: Repair | None = None
    """The repair the team chose from its evidence (None until the clues point somewhere)."""
    doubt: bool = False
    """A repair chosen from the clues did not fix it: the team trusts no clue until more checks are back."""
    rechecks: set[str] | None = None
    """The checks the team ran when in doubt (None: not yet asked)."""
    apply_at: float = 0.0
    """When the chosen repair goes in: at once for a hunch, after the team's deliberation otherwise."""
    guessed: bool = False
    hunch: Repair | None = None
    escalated: bool = False
    trigger_t: float | None = None
    fixed_at: float | None = None
    asked_retry: bool = False
    confirmed_at: float | None = None
    resolved: bool = False
    wrapped_up: bool = False
    watch_done: bool = False


class IdealTeam(Team):
    """Follows the playbook: one owner fast, facts first, rhythm, one voice, the fastest safe repair its
    evidence points to, customer confirms, watch, owner resolves, timeline and same-day review. It knows
    only what its checks showed (see drills.teams._evidence)."""

    name = "ideal"
    internal_cadence = Habits.internal_cadence
    """Minutes between internal updates while the incident is live (tighter than the playbook's 30)."""
    customer_cadence = Habits.customer_cadence

    def __init__(self, habits: Habits | None = None) -> None:
        super().__init__()
        self.m = _IdealMemory()
        self.habits = habits
        self.evidence: Evidence | None = None
        self.duties_done: set[str] = set()

    def habits_for(self, engine: Engine) -> Habits:
        return Habits()

    def decide(self, engine: Engine, new_events: Sequence[Event]) -> list[Action]:
        out = self._decide(engine, new_events)
        # The runner shows a team only what happened since it acted, not the events of its own actions.
        assert self.evidence is not None
        self.evidence.asked(a.check for a in out if isinstance(a, RunCheck))
        return out

    def _decide(self, engine: Engine, new_events: Sequence[Event]) -> list[Action]:
        sc = engine.scenario
        if self.habits is None:
            self.habits = self.habits_for(engine)
        h = self.habits
        roles = self._roles_of(sc)
        m = self.m
        now = engine.now
        out: list[Action] = []
        if self.evidence is None:
            self.evidence = Evidence(sc, shuffle=h.check_order, loudest_first=h.follows_loudest)
        evidence = self.evidence
        evidence.read(new_events)
        for event in new_events:
            if event.kind == "incident_reported":
                m.report_t = event.t
                self.plan(event.t + REACTION + h.owner_after)
                self.plan(event.t + REACTION + h.first_customer_after)
            elif event.kind == "check_result" and event.data.get("reproduced") is False:
                pass
            elif event.kind == "ceo_trigger" and m.trigger_t is None:
                m.trigger_t = event.t
                if h.escalate_after is not None:
                    self.plan(event.t + REACTION + h.escalate_after)
            elif event.kind == "repair_finished":
                if event.data["impact_after"] < WORKS_BELOW and m.fixed_at is None:
                    m.fixed_at = event.t
                elif m.chosen is not None and event.data["repair_id"] == m.chosen.id and (
                        sc.format == 1 or _did_not_help(event.data)):
                    # It did not fix it: back to the evidence for the next. (In format 2 an outcome that
                    # comes later, or one that only stops the bleeding, is waited for: its follow-ups finish
                    # the job.)
                    m.doubt = h.looks_again and m.chosen is not m.hunch  # a hunch had no clues to doubt
                    m.chosen = None
            elif event.kind == "world_changed":
                m.shares = dict(event.data.get("functions") or {})
                failing, _back = self._failing(sc)
                if not failing and m.fixed_at is None and m.repair_applied:
                    m.fixed_at = event.t  # what broke works again (an outcome that came after its repair)
            elif event.kind == "customer_retried":
                if event.data["works"]:
                    m.confirmed_at = event.t
                else:
                    m.asked_retry = False
            elif event.kind == "watch_finished":
                m.watch_done = True
            elif event.kind == "inject" and event.data.get("inject_kind") == "join_request" and event.data["person"]:
                out.append(AnswerJoinRequest(actor=roles.owner, person=event.data["person"], admit=False))
        out += answers(engine, new_events, roles.owner, expected=True)
        out += duties_due(engine, roles.owner, self.duties_done)
        if m.report_t is None:
            return out
        since = now - m.report_t

        if not m.started:
            m.started = True
            out += self._open(engine, roles)
        if not m.owner_named and since >= h.owner_after:
            m.owner_named = True
            owner = roles.senior if h.senior_owns else roles.owner
            out.append(AssignOwner(actor=roles.senior, owner=owner))
            if h.senior_owns and owner != roles.owner:
                out.append(AssignTask(actor=owner, assignee=roles.owner, due_in=10,
                                      task=f"Dig into {sc.incident.failing_system}: you know it best"))
            out.append(self._internal(engine, roles))
        if not m.customer_started and since >= h.first_customer_after:
            m.customer_started = True
            out.append(self._customer(engine, roles))
            for extra in range(1, h.voices):
                self.plan(now + 2 * extra)
        if m.customer_started and m.extra_voices < h.voices - 1 and (
                since >= h.first_customer_after + 2 * (m.extra_voices + 1)):
            out.append(self._another_voice(roles, m.extra_voices))
            m.extra_voices += 1

        incident = sc.incident
        if (m.trigger_t is not None and not m.escalated and h.escalate_after is not None
                and now >= m.trigger_t + h.escalate_after):
            m.escalated = True
            out.append(self._escalation(engine, roles))

        if h.guess_first and not m.guessed and not m.repair_applied:
            m.guessed = True
            hunch = hunch_repair(sc)
            if hunch is not None:  # tried at once: a hunch is not debated
                m.chosen, m.apply_at, m.hunch = hunch, now, hunch
        if m.doubt and m.chosen is None:  # look again before the next repair: two more checks, then choose
            if m.rechecks is None:
                more = _look_further(evidence, roles.owner)
                out += more
                m.rechecks = {c.check for c in more}
            if m.rechecks <= evidence.checks_done:
                m.doubt, m.rechecks = False, None
        if m.chosen is None and not m.doubt and (
                not evidence.waiting() or (h.hasty and evidence.candidates(m.repair_applied))):
            candidates = evidence.candidates(m.repair_applied)
            if candidates:
                m.chosen = candidates[0]
                m.apply_at = now + h.decide_after
                self.plan(m.apply_at)
            else:  # the clues point nowhere yet: look further, or stay without a repair
                out += _look_further(evidence, roles.owner)
        chosen = m.chosen
        if (chosen is not None and chosen.id not in m.repair_applied and m.fixed_at is None
                and now >= m.apply_at):
            m.repair_applied.add(chosen.id)
            due = now + chosen.takes
            out.append(ApplyRepair(actor=roles.owner, repair=chosen.id))
            out.append(AssignTask(actor=roles.owner, assignee=roles.helper, task=f"Watch error rate while "
                                  f"'{chosen.label}' rolls out; tell {engine.name_of(roles.owner)} what you see",
                                  due_in=chosen.takes + 5))
            out.append(self._internal(engine, roles, plan=(
                f"Repair plan: customers with {incident.affected_segment} cannot {incident.blocked_action}. "
                f"{engine.name_of(roles.owner)} applies '{chosen.label}' by {engine.clock_text(due)}; "
                f"{engine.name_of(roles.helper)} watches the error rate; {engine.name_of(roles.voice)} updates "
                f"the customer.")))
            self.plan(due + 0.5)
        if sc.format == 2 and chosen is not None:  # stop the bleeding, then fix: follow-ups once it mitigates
            out += follow_ups_once_mitigated(engine, chosen, roles.owner)

        if m.fixed_at is not None and not m.asked_retry and m.confirmed_at is None:
            m.asked_retry = True
            repro = next((c for c in sc.checks if c.kind is CheckKind.reproduce), None)
            if repro is not None:
                out.append(RunCheck(actor=roles.helper, check=repro.id))
            for follow in sc.repairs if sc.format == 1 else ():
                if follow.is_cleanup and follow.id not in m.repair_applied and all(
                        r in m.repair_applied for r in follow.requires):
                    m.repair_applied.add(follow.id)
                    out.append(ApplyRepair(actor=roles.owner, repair=follow.id))
            out.append(AssignTask(actor=roles.owner, assignee=roles.helper,
                                  task="Check the other affected accounts since the deploy and re-run their "
                                       "failed jobs", due_in=30))
            if h.verify_with_customer:
                out.append(AskCustomerRetry(actor=roles.voice))
            else:
                m.confirmed_at = now  # "the graphs look normal"

        if m.confirmed_at is not None and not m.resolved:
            m.resolved = True
            confirmed = h.verify_with_customer
            out.append(CustomerUpdate(
                actor=roles.voice,
                works=(f"You can {incident.blocked_action} again; we confirmed it on your account." if confirmed
                       else f"You can {incident.blocked_action} again."),
                fails="Nothing we know of is failing now.",
                unknown=f"{data_statement(engine)} We are still checking other accounts and will re-run anything "
                        "stuck.",
                next_update_at=now + 60,
                text=("Thank you for confirming. " if confirmed else "")
                + (self._what_to_do(sc, m) + f" We'll send a short summary by {engine.clock_text(now + 60)}."),
            ))
            if h.watch_minutes > 0:
                out.append(PutOnWatch(actor=roles.owner, watcher=roles.helper, minutes=h.watch_minutes))
            out.append(self._internal(engine, roles, plan=(
                "Customer confirmed recovery. " if confirmed else "The graphs look normal. ")
                + (f"Watching the same signals for {h.watch_minutes:g} minutes, then the owner resolves."
                   if h.watch_minutes > 0 else "")))
            out.append(Resolve(actor=roles.owner, text="Customer confirmed; watch in place." if confirmed
                               else "Graphs look normal; closing."))
            m.next_customer = math.inf
            if h.watch_minutes <= 0:
                m.watch_done = True

        if m.resolved and not m.wrapped_up:
            m.wrapped_up = True
            if h.keeps_log:
                out.append(WriteTimeline(actor=roles.owner, text=self._timeline(engine)))
            out.append(ScheduleReview(
                actor=roles.owner, when="today 16:30" if h.review_same_day else "tomorrow 10:00",
                same_day=h.review_same_day,
                follow_ups=[
                    FollowUp(owner=roles.helper, item="Re-run every failed job since the deploy", due="tomorrow"),
                    FollowUp(owner=roles.owner, item="Add a release check on realistic sample data",
                             due="in one week"),
                ]))
            m.next_internal = math.inf

        if m.watch_done:
            out.append(EndDrill(actor="facilitator", reason="the team finished the drill"))
            return out

        if m.owner_named and now >= m.next_internal and not m.resolved:
            out.append(self._internal(engine, roles))
        if m.customer_started and now >= m.next_customer and m.confirmed_at is None:
            out.append(self._customer(engine, roles))
        return out

    def _open(self, engine: Engine, roles: _Roles) -> list[Action]:
        sc = engine.scenario
        incident = sc.incident
        account = engine.casting.customers[incident.reported_account].account
        habits = self.habits or Habits()
        out: list[Action] = [
            AddNote(actor=roles.owner, label=NoteLabel.fact,
                    text=f"Account {account} reports '{incident.error_text}', started {incident.started_at_text}."),
        ] if habits.keeps_log else []
        if habits.notes and habits.keeps_log:
            out += [AddNote(actor=roles.owner, label=NoteLabel.question,
                            text="Which change went out just before the first failure?"),
                    AddNote(actor=roles.owner, label=NoteLabel.guess,
                            text="Possibly the latest deploy; not confirmed.")]
        useful = (self.evidence.next_checks(habits.first_checks) if self.evidence
                  else evidence_checks(sc)[:habits.first_checks])
        if self.evidence is not None:
            self.evidence.asked(c.id for c in useful)
        for check in useful:
            out.append(RunCheck(actor=roles.owner, check=check.id))
        if useful and habits.keeps_log:
            out.append(AddNote(actor=roles.owner, label=NoteLabel.next_check,
                               text="; ".join(c.label for c in useful)))
        return out

    def _internal(self, engine: Engine, roles: _Roles, plan: str = "") -> PostUpdate:
        sc = engine.scenario
        incident = sc.incident
        habits = self.habits or Habits()
        nxt = engine.now + habits.internal_cadence
        self.m.next_internal = nxt
        self.m.internal_count += 1
        self.plan(nxt)
        vague = bool(habits.vague_every) and self.m.internal_count % habits.vague_every == 0 and not plan
        account = engine.casting.customers[incident.reported_account].account
        fixed = self.m.fixed_at is not None
        if fixed and self.m.chosen is not None:
            known = (f"Since '{self.m.chosen.label}' landed, customers can {incident.blocked_action} again. It "
                     f"was reported by account {account} ('{incident.error_text}', from {incident.started_at_text}).")
        else:
            failing, back = self._failing(sc)
            what = " and ".join(failing) if back and failing else incident.blocked_action
            known = (f"Customers cannot {what} ('{incident.error_text}'), reported by account "
                     f"{account}, started {incident.started_at_text}."
                     + (f" {'; '.join(back).capitalize()} works again." if back and failing else ""))
        return PostUpdate(
            actor=roles.owner,
            known=known,
            affected="" if vague else f"{incident.affected_segment}: about {incident.affected_accounts} accounts.",
            next_check="Looking into it." if vague else
            ("Verify on the reported account." if fixed else "Logs and recent changes around the start."),
            next_update_at=nxt,
            text=plan,
        )

    def _failing(self, sc: Scenario) -> tuple[list[str], list[str]]:
        """The names of the broken functions that fail now and of those that work again."""
        shares = self.m.shares
        failing, back = [], []
        for f in sc.user_functions:
            if f.broken:
                (failing if shares is None or shares.get(f.id, 1.0) >= WORKS_BELOW else back).append(f.name)
        return failing, back

    @staticmethod
    def _what_to_do(sc: Scenario, m: _IdealMemory) -> str:
        """What the customer must do: nothing if every clean-up the team knows of is under way."""
        owed = [r for r in sc.repairs if r.is_cleanup and r.id not in m.repair_applied]
        if not owed:
            return "You don't need to do anything."
        return f"Please redo what failed this morning; we have not yet done it for you ({owed[0].label.lower()})."

    def _customer(self, engine: Engine, roles: _Roles) -> CustomerUpdate:
        incident = engine.scenario.incident
        habits = self.habits or Habits()
        nxt = engine.now + habits.customer_cadence
        self.m.next_customer = nxt
        self.m.customer_count += 1
        self.plan(nxt)
        count = self.m.customer_count
        if count == 1 and habits.promises_fix_time:
            return CustomerUpdate(actor=roles.voice, works="Everything else works.",
                                  fails=f"You cannot {incident.blocked_action} right now.",
                                  text="We will have it fixed in 30 minutes.", next_update_at=nxt)

        works = "; ".join(incident.still_works) or "the rest of the product"
        if self.m.fixed_at is not None:
            return CustomerUpdate(
                actor=roles.voice,
                works=f"Still working: {works}.",
                text=f"We have put a fix in place and are checking it on your account now; please try to "
                     f"{incident.blocked_action} again. Next update at {engine.clock_text(nxt)}.",
                unknown="We have not yet confirmed the fix on your account.",
                next_update_at=nxt,
            )
        failing, back = self._failing(engine.scenario)
        if back and failing:  # some of what broke works again
            works = "; ".join([*incident.still_works, *back])
        fails = " and ".join(failing) if back and failing else incident.blocked_action
        return CustomerUpdate(
            actor=roles.voice,
            works=f"Still working: {works}.",
            fails=f"You cannot {fails} right now.",
            unknown="We do not know the cause yet and will not guess.",
            next_update_at=nxt,
            text=f"We are actively working on it. Next update at {engine.clock_text(nxt)}.",
            **broadcast_to(engine),
        )

    @staticmethod
    def _another_voice(roles: _Roles, index: int) -> CustomerUpdate:
        """Someone else answers the customer with a story of their own (the seed's first mistake)."""
        others = [p for p in dict.fromkeys((roles.owner, roles.senior, roles.helper)) if p != roles.voice]
        stories = ("Hi, engineering here. Our database is slow right now, that's why it fails. We're on it.",
                   "Good news: this is already fixed on our side.")
        return CustomerUpdate(actor=others[index % len(others)] if others else roles.voice,
                              text=stories[index % len(stories)])

    def _escalation(self, engine: Engine, roles: _Roles) -> EscalateToCeo:
        sc = engine.scenario
        incident = sc.incident
        per_hour = sum(c.revenue_per_hour for c in engine.casting.customers.values())
        chosen = self.m.chosen
        if chosen is not None:
            mitigation = f"We are applying a {chosen.kind.value.replace('_', ' ')}, about {chosen.takes:g} minutes."
            timeline = f"Service back in roughly {chosen.takes + 10:g} minutes, depending on the repair holding."
        else:
            mitigation = "We are still finding which change to undo; checks are running."
            timeline = "No estimate until the checks show the cause; next update in 30 minutes."
        if self.m.fixed_at is not None:
            impact = (f"About ${per_hour:,.0f} per hour was at risk: {incident.affected_accounts} accounts could not "
                      f"{incident.blocked_action} until {engine.clock_text(self.m.fixed_at)}, when the repair landed.")
        else:
            impact = (f"About ${per_hour:,.0f} per hour at risk: {incident.affected_accounts} accounts cannot "
                      f"{incident.blocked_action}.")
        return EscalateToCeo(
            actor=roles.owner,
            impact=impact,
            cause="As we understand it now, a recent change; not yet confirmed.",
            mitigation=mitigation,
            timeline=timeline,
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
        if not (self.habits or Habits()).full_timeline:
            rows = rows[1::2]  # written from memory: every other moment
        return "\n".join(rows)


def _did_not_help(finished: dict) -> bool:
    """A repair that landed with its whole outcome and left the impact where it was, or raised it."""
    return not finished.get("takes_hold_in") and finished["impact_after"] >= finished["impact_before"]


class TypicalTeam(IdealTeam):
    """A decent human team: it follows the playbook with the habits of real people, drawn from the drill's
    seed (so `--runs` gives a spread and the same seed the same drill). It names an owner after a few
    minutes (now and then the most senior person), writes to the customer a little late, keeps a looser
    rhythm with the odd vague update, runs fewer checks first, sometimes restarts something on a hunch
    before the evidence is in, takes a few minutes to decide, after a repair that did not fix it either
    tries the next one its clues point to or first runs more checks, and now and then skips the customer's
    confirmation, a full watch, a full timeline or a same-day review. Like the ideal team it knows only what
    its checks showed, so a scenario whose quick checks point to plausible wrong repairs, or whose key clue
    sits behind a slower check, costs it wrong first repairs and later mitigation."""

    name = "typical"

    def habits_for(self, engine: Engine) -> Habits:
        rng = random.Random(f"{engine.seed}:typical")
        return Habits(
            owner_after=rng.uniform(1, 9),
            senior_owns=rng.random() < 0.2,
            notes=rng.random() < 0.65,
            first_customer_after=rng.uniform(4, 22),
            internal_cadence=rng.uniform(16, 40),
            customer_cadence=rng.uniform(20, 40),
            vague_every=rng.choice((0, 2, 2, 3)),
            first_checks=rng.choice((1, 1, 2, 3)),
            guess_first=rng.random() < 0.1,
            hasty=rng.random() < 0.4,
            decide_after=rng.uniform(2, 12),
            check_order=rng.randrange(2**32) if rng.random() < 0.5 else None,
            follows_loudest=rng.random() < 0.5,
            verify_with_customer=rng.random() < 0.85,
            watch_minutes=rng.choice((0, 15, 20, 30, 30)),
            full_timeline=rng.random() < 0.6,
            review_same_day=rng.random() < 0.75,
            escalate_after=rng.uniform(3, 25) if rng.random() < 0.8 else None,
            looks_again=rng.random() < 0.5,
        )


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
        out += answers(engine, new_events, roles.senior, expected=False)
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

    plays_facilitator = False  # a script (or a real drill's log) holds its facilitator's releases itself

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


BUILTIN_TEAMS: dict[str, type[Team]] = {"ideal": IdealTeam, "typical": TypicalTeam, "passive": PassiveTeam,
                                        "chaotic": ChaoticTeam}
