"""What each participant action does to the world. Every handler runs twice: first with
dry_run=True, where it may only refuse (raise Refused), then for real once the action is logged."""

from __future__ import annotations

import random
from collections.abc import Callable

from drills.scenario import MITIGATED_AT, WORKS_BELOW, Check, CheckKind, Repair, RepairEffect, TriggerKind
from drills.world._actions import (
    INCIDENT_THREAD,
    AcknowledgeOwnership,
    Action,
    AddNote,
    AnswerDecision,
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
    Release,
    Resolve,
    RunCheck,
    ScheduleReview,
    WriteTimeline,
)
from drills.world._conditions import channel_problem
from drills.world._decisions import Decisions
from drills.world._effects import Effects
from drills.world._reactions import Reactions
from drills.world._state import (
    TRUST_CONFIRMED,
    TRUST_LATE_UPDATE,
    TRUST_NEW_VOICE,
    TRUST_REOPENED,
    TRUST_STILL_FAILING,
    TRUST_UPDATE,
    TRUST_WORSE,
    Refused,
)
from drills.world._world import World

_LEVELS = ("INFO", "INFO", "DEBUG", "WARN")
_SERVICES = ("web", "api", "worker", "auth", "billing")
_PATHS = ("api/v2/accounts", "api/v2/invoices", "session", "health", "static/app", "webhooks/stripe")
_STATUSES = (200, 200, 200, 204, 304, 404)
_FACILITATOR_ACTIONS = (FacilitatorInject, Release, EndDrill)
_AUDIENCES = ("affected", "everyone")


class Handlers:
    """One handler per action type over one `World`; the world's `Reactions` are told when an action
    changes what they react to (the customer's patience, the impact, a trigger, the end)."""

    def __init__(self, world: World, reactions: Reactions, seed: int, effects: Effects | None = None,
                 decisions: Decisions | None = None) -> None:
        self.world = world
        self.reactions = reactions
        self.effects = effects or Effects(world, reactions, seed)
        self.decisions = decisions or Decisions(world, reactions, self.effects)
        self.action_seq: int | None = None
        """The seq of the `action` event being handled (set by the engine), for events that point at it."""
        self.state = world.state
        self.scenario = world.scenario
        self.casting = world.casting
        self._env = world.scheduler.env
        self._emit = world.emit
        self._after = world.after
        self._noise_rng = random.Random(f"{seed}:noise")
        self._handlers: dict[type, Callable[..., None]] = {
            AssignOwner: self._assign_owner,
            AcknowledgeOwnership: self._acknowledge,
            PostUpdate: self._post_update,
            CustomerUpdate: self._customer_update,
            EscalateToCeo: self._escalate,
            AddNote: self._note,
            WriteTimeline: self._note,
            ScheduleReview: self._note,
            RunCheck: self._run_check,
            ApplyRepair: self._apply_repair,
            AssignTask: self._assign_task,
            AskCustomerRetry: self._ask_retry,
            PutOnWatch: self._watch,
            Resolve: self._resolve,
            AnswerJoinRequest: self._answer_join,
            FacilitatorInject: self._facilitator_inject,
            AnswerDecision: self._answer_decision,
            Release: self._release,
            EndDrill: self._end_drill,
        }

    def handler(self, action: Action) -> Callable[..., None]:
        """The handler of `action`'s type: call it with `(action, dry_run=...)`."""
        return self._handlers[type(action)]

    def check_actor(self, action: Action) -> None:

        if type(action) in _FACILITATOR_ACTIONS:
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
            raise Refused(f"{self.world.name_of(action.owner)} already owns the incident")
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
        if action.channel == INCIDENT_THREAD:
            self.state.internal_updates += 1
            self.state.last_internal_update = self._env.now
            self.state.next_internal_due = action.next_update_at

    def _customer_update(self, action: CustomerUpdate, *, dry_run: bool) -> None:
        if dry_run:
            self._check_audience(action)
            return
        if not self._delivered(action):
            return
        s = self.state
        if s.next_customer_due is not None and self._env.now > s.next_customer_due + 2:
            self.world.change_trust(TRUST_LATE_UPDATE, "the update came later than promised")
        if s.last_speaker is not None and s.last_speaker != action.actor:
            self.world.change_trust(TRUST_NEW_VOICE, "a different person spoke for the company")
        else:
            self.world.change_trust(TRUST_UPDATE, "the customer heard from us")
        s.customer_updates += 1
        s.last_customer_update = self._env.now
        s.last_speaker = action.actor
        s.next_customer_due = action.next_update_at
        promised = action.next_update_at
        patience = self.scenario.customer.patience
        wait = (promised - self._env.now + 2) if promised and promised > self._env.now else patience
        self.reactions.expect_customer_word(wait)

    def _check_audience(self, action: CustomerUpdate) -> None:
        sc = self.scenario
        if action.to is not None and action.to not in _AUDIENCES and action.to not in self.casting.customers:
            raise Refused(f"unknown audience '{action.to}' — send it to a customer id, 'affected' (every affected "
                          "account) or 'everyone'")
        if action.channel is not None and sc.channels and sc.channel(action.channel) is None:
            raise Refused(f"no channel '{action.channel}' in this drill — choose one of: "
                          f"{', '.join(c.id for c in sc.channels)}")

    def _delivered(self, action: CustomerUpdate) -> bool:
        """Whether the update reaches the reporting customer (format 2: its channel may be down or stale,
        and it may go to someone else). Says so in the log when it reaches nobody; a broadcast that
        arrives means fewer affected accounts write in for a while."""
        channel = self.scenario.channel(action.channel) if action.channel else None
        if channel is not None:
            reason = channel_problem(channel, self.state, self._env.now)
            if reason:
                self._emit("update_undelivered", action.actor, action_seq=self.action_seq, channel=channel.id,
                           reason=reason, shows=channel.shows)
                return False
        if action.to in _AUDIENCES:
            self.state.broadcast_at = self._env.now
            accounts = (self.scenario.incident.affected_accounts if action.to == "affected"
                        else max(len(self.casting.customers), self.scenario.incident.affected_accounts))
            self._emit("update_broadcast", action.actor, action_seq=self.action_seq, audience=action.to,
                       channel=action.channel, accounts=accounts)
        return action.to is None or action.to in _AUDIENCES or action.to == self.world.report_customer.id

    def _answer_decision(self, action: AnswerDecision, *, dry_run: bool) -> None:
        self.decisions.answer(action.actor, action.decision, action.option, action.text, dry_run=dry_run)

    def _release(self, action: Release, *, dry_run: bool) -> None:
        self.decisions.release(action.item, dry_run=dry_run)

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
            self.world.message("ceo_message", "ceo", reply)

    def _note(self, action: AddNote | WriteTimeline | ScheduleReview, *, dry_run: bool) -> None:
        return

    def _run_check(self, action: RunCheck, *, dry_run: bool) -> None:
        check = self.world.checks.get(action.check)
        if check is None:
            options = ", ".join(c.id for c in self.scenario.checks)
            raise Refused(f"no check '{action.check}' in this drill — choose one of: {options}")
        if check.id in self.state.checks_running:
            raise Refused(f"'{check.label}' is already running")
        if dry_run:
            return
        self.state.checks_running.add(check.id)
        self._emit("check_started", action.actor, check_id=check.id, label=check.label, eta=check.takes)
        self._after(check.takes, self._check_result, check, action.actor)

    def _check_result(self, check: Check, actor: str) -> None:
        self.state.checks_running.discard(check.id)
        self.state.checks_run.add(check.id)
        clock = self.world.clock_text()
        lines = [self._noise_line(clock) for _ in range(check.noise_lines)]
        works = self.state.impact < WORKS_BELOW
        clues = []
        if check.kind is CheckKind.reproduce and works:
            lines.append(f"{clock} reproduce on account {self.world.report_customer.account}: "
                         f"{self.scenario.incident.blocked_action} completed normally")
        else:
            for clue_id in check.reveals:
                clue = self.world.clues[clue_id]
                clues.append({"id": clue.id, "text": self.world.fill(clue.text), "red_herring": clue.red_herring})
                if clue.id not in self.state.clues_found:
                    self.state.clues_found.append(clue.id)
        self._emit("check_result", actor, check_id=check.id, label=check.label, clues=clues, lines=lines,
                   reproduced=None if check.kind is not CheckKind.reproduce else not works)

    def _noise_line(self, clock: str) -> str:
        """An unremarkable log line. Every part comes from one 64-bit draw of the drill's noise generator,
        taken apart digit by digit in mixed radix (the ranges multiply to ~2^41): a third of the cost of
        drawing each part with randint/choice, and noise lines are the most numerous generated text."""
        r = self._noise_rng.getrandbits(64)
        r, second = divmod(r, 50)
        r, level = divmod(r, len(_LEVELS))
        r, service = divmod(r, len(_SERVICES))
        r, instance = divmod(r, 4)
        r, method = divmod(r, 2)
        r, path = divmod(r, len(_PATHS))
        r, resource = divmod(r, 9900)
        r, status = divmod(r, len(_STATUSES))
        millis = r % 478
        return (f"{clock}:{10 + second} {_LEVELS[level]} {_SERVICES[service]}-{1 + instance} "
                f"{('GET', 'POST')[method]} /{_PATHS[path]}/{100 + resource} {_STATUSES[status]} {3 + millis}ms")

    def _apply_repair(self, action: ApplyRepair, *, dry_run: bool) -> None:
        repair = self.world.repairs.get(action.repair)
        if repair is None:
            options = ", ".join(r.id for r in self.scenario.repairs)
            raise Refused(f"no repair '{action.repair}' in this drill — choose one of: {options}")
        if repair.id in self.state.repairs_running:
            raise Refused(f"'{repair.label}' is already in progress — wait for it to land")
        if repair.id in self.state.repairs_applied:
            raise Refused(f"'{repair.label}' has already been applied; doing it again changes nothing — "
                          "choose another repair")
        missing = [r for r in repair.requires if r not in self.state.repairs_applied]
        if missing:
            raise Refused(f"'{repair.label}' needs {', '.join(missing)} first")
        if dry_run:
            return
        self.state.repairs_running.add(repair.id)
        self._emit("repair_started", action.actor, repair_id=repair.id, label=repair.label,
                   repair_kind=repair.kind.value, eta=repair.takes)
        self._after(repair.takes, self._repair_lands, repair, action.actor)

    def _repair_lands(self, repair: Repair, actor: str) -> None:
        repair_id = repair.id
        if self.state.ended:
            return
        self.state.repairs_running.discard(repair_id)
        self.state.repairs_applied.add(repair_id)
        if self.scenario.format == 2:
            self.effects.land(repair, actor)
            return
        before = self.state.impact
        after = before
        if repair.effect in (RepairEffect.fixes, RepairEffect.mitigates):
            after = min(before, repair.residual_impact)
        elif repair.effect is RepairEffect.worse:
            after = max(before, repair.residual_impact)
        self.reactions.set_impact(after)
        self._emit("repair_finished", actor, repair_id=repair_id, label=repair.label, effect=repair.effect.value,
                   impact_before=before, impact_after=after, side_effect=self.world.fill(repair.side_effect))
        self.reactions.report_truth(f"'{repair.label}' landed")
        if repair.effect in (RepairEffect.none, RepairEffect.worse):
            self.reactions.fire_trigger(TriggerKind.failed_remediation.value, f"'{repair.label}' did not fix it")
        if repair.effect is RepairEffect.worse:
            self.world.change_trust(TRUST_WORSE, "the service got worse for the customer")
        if after <= MITIGATED_AT and self.state.mitigated_at is None and self.state.outage_started:
            self.state.mitigated_at = self._env.now
            self._emit("mitigated", actor, repair_id=repair_id, impact=after)

    def _assign_task(self, action: AssignTask, *, dry_run: bool) -> None:
        if action.assignee is not None and action.assignee not in self.state.room:  # admitted people take tasks
            self._person(action.assignee)
        if dry_run or action.assignee is not None:
            return
        self._after(6, self._nobody_took_it, action.task)

    def _nobody_took_it(self, task: str) -> None:
        if self.state.ended:
            return
        colleague = sorted(self.casting.cast)[len(self.world.scheduler.events) % len(self.casting.cast)]
        self.world.message("colleague_message", colleague, f"Was '{task}' meant for me? I assumed someone else had it.")

    def _ask_retry(self, action: AskCustomerRetry, *, dry_run: bool) -> None:
        if self.state.retry_pending:
            raise Refused("the customer is already trying again; wait for their answer")
        if self.state.reported_at is None:
            raise Refused("no customer has reported a problem yet")
        if dry_run:
            return
        self.state.retry_pending = True
        self._after(self.scenario.customer.confirm_after, self._customer_retries)

    def _customer_retries(self) -> None:
        self.state.retry_pending = False
        if self.state.ended:
            return
        works = self.state.impact < WORKS_BELOW
        behaviour = self.scenario.customer
        text = self.world.fill(behaviour.confirm_text if works else behaviour.still_failing_text)
        self.world.message("customer_message", self.world.report_customer.id, text)
        self._emit("customer_retried", None, works=works, text=text)
        if works and not self.state.confirmed:
            self.state.confirmed = True
            self.world.change_trust(TRUST_CONFIRMED, "the customer confirmed they can work again")
        elif not works:
            self.world.change_trust(TRUST_STILL_FAILING, "asked to retry while it still failed")

    def _watch(self, action: PutOnWatch, *, dry_run: bool) -> None:
        self._person(action.watcher)
        if dry_run:
            return
        self._after(action.minutes, self._watch_ends, action.watcher, action.minutes)

    def _watch_ends(self, watcher: str, minutes: float) -> None:
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
            self._after(6, self._customer_reopens)

    def _customer_reopens(self) -> None:
        if self.state.ended or not self.state.resolved or self.state.impact < WORKS_BELOW:
            return
        text = self.world.fill(self.scenario.customer.still_failing_text)
        self.state.resolved = False
        self.world.message("customer_message", self.world.report_customer.id, f"You marked this resolved, but: {text}")
        self._emit("reopened", None, text=text)
        self.world.change_trust(TRUST_REOPENED, "closed while the customer was still blocked")

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
            self.world.message(action.inject_kind, action.sender, action.text, to=action.to)

    def _end_drill(self, action: EndDrill, *, dry_run: bool) -> None:
        if not dry_run:
            self.world.end(action.reason)
