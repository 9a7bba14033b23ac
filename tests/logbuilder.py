"""A fluent builder of synthetic drill event logs for scoring tests.

Times are minutes from the first customer report (T0), the playbook's clock: `b.at(5).owner(...)`.
The builder writes what the engine writes for each action (owner_changed after assign_owner,
repair_started/finished and mitigated after apply_repair, customer_retried after ask_customer_retry,
room_changed when someone acts for the first time), with world events queued and released as time
moves on, so a log ends wherever the test stops it, like an interrupted drill.

The scenario is embedded (not a shared fixture) because the tests need things small fixtures lack:
every repair effect, a slower safe repair, a hotfix, a re-run that requires the rollback, a
reproduce check and a CEO trigger.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import yaml

from drills.scenario import load_scenario_text
from drills.world import Event, action_to_dict, cast_scenario, parse_action

SCENARIO = """\
id: scoring-fixture
title: Invoice exports fail for accounts with a tax field
summary: Exports fail with EXP-422 after the morning release; rolling back the export job fixes it.
simulated_minutes: 240
seed: 3
company:
  name: Ledgerly
  clock_start: "10:00"
cast:
  - {id: backend, name: Alex Kim, role: Backend lead, knows: [export-worker, billing-api], seniority: 3}
  - {id: support, name: Mina Okafor, role: Support lead, knows: [helpdesk], seniority: 2}
  - {id: cto, name: Dana Reyes, role: CTO, knows: [architecture], seniority: 5}
  - {id: sre, name: Sam Patel, role: SRE on call, knows: [kubernetes], seniority: 2}
  - {id: pm, name: Lee Chen, role: Product manager, knows: [roadmap], seniority: 3}
  - {id: dev2, name: Jo Park, role: Backend engineer, knows: [billing-api], seniority: 2}
  - {id: dev3, name: Ana Ruiz, role: Frontend engineer, knows: [web], seniority: 2}
customers:
  - {id: acme, name: Acme Corp, contact: Jo Ruiz, account: "4182", revenue_per_hour: 600, largest: true}
  - {id: birch, name: Birch Ltd, contact: Kim Lee, account: "5120", revenue_per_hour: 200}
incident:
  failing_system: export-worker
  root_cause: The release made the export job reject numeric tax IDs.
  onset: 10
  first_report: report
  reported_account: acme
  started_at_text: "10:10"
  error_text: EXP-422
  affected_segment: Accounts with a numeric tax ID
  affected_accounts: 40
  still_works: [login, invoice editing]
  blocked_action: export invoices
  ceo_triggers:
    - {kind: largest_customer, at: 30, note: Acme is our largest customer.}
injects:
  - {id: report, at: 12, kind: customer_message, from: acme, text: "Since 10:10 exports fail with {error}."}
checks:
  - {id: logs, kind: logs, label: Export worker logs, takes: 3, reveals: [tax-null]}
  - {id: dash, kind: metrics, label: Export dashboard, takes: 2, reveals: [cpu-noise]}
  - {id: repro, kind: reproduce, label: Export on account 4182, takes: 2}
  - {id: sweep, kind: logs, label: Failed exports on other accounts since the deploy, takes: 4}
clues:
  - {id: tax-null, text: "EXP-422 tax_id must be a string (export-worker 2.31.0)", key: true}
  - {id: cpu-noise, text: "CPU at 70% on worker-3", red_herring: true}
repairs:
  - {id: rollback, kind: rollback, label: Roll back the export job, takes: 6, effect: fixes}
  - {id: flag, kind: feature_flag, label: Switch off tax field export, takes: 12, effect: mitigates,
     impact_after: 0.3}
  - {id: restart, kind: restart, label: Restart export workers, takes: 3, effect: none}
  - {id: flush, kind: queue_pause, label: Flush the export queue, takes: 2, effect: worse}
  - {id: hotfix, kind: hotfix, label: Patch the tax serializer, takes: 60, effect: fixes}
  - {id: rerun, kind: workaround, label: Re-run failed exports, takes: 5, effect: fixes, requires: [rollback]}
par:
  mitigate_minutes: 30
"""

MITIGATED_AT = 0.5
WORKS_BELOW = 0.25


class LogBuilder:
    """Builds one drill's event log; every method returns the builder (or use `.last` for the event)."""

    def __init__(self, *, patch: Callable[[dict[str, Any]], None] | None = None,
                 played: tuple[str, ...] = (), seed: int = 3, source: str = SCENARIO):
        if patch is not None:
            data = yaml.safe_load(source)
            patch(data)
            source = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        self.scenario = load_scenario_text(source).scenario
        self.source = source
        self.events: list[Event] = []
        self.now = 0.0
        self._queue: list[tuple[float, int, Callable[[], None]]] = []
        self._order = 0
        self.impact = 0.0
        self.current_owner: str | None = None
        self.mitigated = False
        self.room: list[str] = sorted(played)
        self.last: Event | None = None
        casting = cast_scenario(self.scenario, seed)
        data = casting.to_data()
        for person_id, person in data["cast"].items():
            person["played_by"] = "player" if person_id in played else None
        self._emit("drill_started", None, scenario_id=self.scenario.id, title=self.scenario.title,
                   scenario_hash=hashlib.sha256(source.encode()).hexdigest(), scenario_source=source, seed=seed,
                   speed=7.5, clock_start=self.scenario.company.clock_start,
                   players={p: "player" for p in played}, team="test",
                   affected_accounts=self.scenario.incident.affected_accounts,
                   revenue_per_hour=sum(c.revenue_per_hour for c in self.scenario.customers),
                   trust_start=80, format=1, **data)
        report = next(i for i in self.scenario.injects if i.id == self.scenario.incident.first_report)
        self.t0 = report.at
        self._later(self.scenario.incident.onset, self._outage)
        self._later(self.t0, self._report)
        for trigger in self.scenario.incident.ceo_triggers:
            if trigger.at is not None:
                kind, note = trigger.kind.value, trigger.note
                self._later(trigger.at, lambda kind=kind, note=note: self._emit("ceo_trigger", None, trigger=kind,
                                                                                note=note))
        self.at(0)

    # ------------------------------------------------------------------ time

    def at(self, minute: float) -> LogBuilder:
        """Move to `minute` after the report, releasing the world events due by then."""
        target = self.t0 + minute
        if target < self.now:
            raise ValueError(f"time runs forward: {minute} is before now ({self.now - self.t0} after T0)")
        self._run_until(target)
        self.now = target
        return self

    def _run_until(self, target: float) -> None:
        while self._queue:
            self._queue.sort(key=lambda item: (item[0], item[1]))
            t, _, fn = self._queue[0]
            if t > target:
                break
            self._queue.pop(0)
            self.now = t
            fn()

    def _later(self, t: float, fn: Callable[[], None]) -> None:
        self._order += 1
        self._queue.append((t, self._order, fn))

    def _emit(self, kind: str, actor: str | None, **data: Any) -> Event:
        event = Event(len(self.events), float(self.now), kind, actor, data)
        self.events.append(event)
        self.last = event
        return event

    def _outage(self) -> None:
        self.impact = 1.0
        self._emit("outage_started", None, failing_system=self.scenario.incident.failing_system)

    def _report(self) -> None:
        customer = self.events[0].data["customers"][self.scenario.incident.reported_account]
        self._emit("inject", None, inject_id="report", inject_kind="customer_message", sender="acme",
                   sender_name=customer["contact"], text="Since 10:10 exports fail with EXP-422.", person=None,
                   generated=False)
        self._emit("incident_reported", None, inject_id="report", customer_id=self.scenario.incident.reported_account,
                   account=customer["account"])

    # ------------------------------------------------------------------ generic

    def event(self, kind: str, actor: str | None = None, **data: Any) -> LogBuilder:
        self._emit(kind, actor, **data)
        return self

    def act(self, actor: str, kind: str, *, then: Callable[[], object] | None = None, **fields: Any) -> LogBuilder:
        """An accepted action (validated by the real action models), then the world's immediate answer
        (`then`), then room_changed if the actor had not acted before: the engine's order."""
        action = parse_action({"kind": kind, "actor": actor, **fields})
        self._emit("action", actor, action=action_to_dict(action))
        acted = self.last
        if then is not None:
            then()
        if actor in self.events[0].data["cast"] and actor not in self.room:
            self.room.append(actor)
            self._emit("room_changed", actor, person=actor, admitted=True, size=len(self.room))
        self.last = acted
        return self

    def refused(self, actor: str, kind: str, **fields: Any) -> LogBuilder:
        action = parse_action({"kind": kind, "actor": actor, **fields})
        self._emit("action_refused", actor, action=action_to_dict(action), reason="refused in a test")
        return self

    def _next(self, next_in: float | None) -> float | None:
        return None if next_in is None else self.now + next_in

    # ------------------------------------------------------------------ ownership

    def owner(self, by: str, owner: str, *, scope: str = "", facts: str = "",
              next_in: float | None = None) -> LogBuilder:
        previous, self.current_owner = self.current_owner, owner
        handoff = None if previous is None else {"scope": scope, "facts": facts,
                                                  "next_update_at": self._next(next_in)}
        return self.act(by, "assign_owner", owner=owner, scope=scope, facts=facts,
                        next_update_at=self._next(next_in),
                        then=lambda: self._emit("owner_changed", by, owner=owner, previous=previous,
                                                handoff=handoff))

    def ack(self, by: str) -> LogBuilder:
        return self.act(by, "acknowledge_ownership")

    # ------------------------------------------------------------------ words

    def update(self, by: str, *, known: str = "", affected: str = "", next_check: str = "",
               next_in: float | None = None, text: str = "", channel: str = "incident") -> LogBuilder:
        return self.act(by, "post_update", known=known, affected=affected, next_check=next_check,
                        next_update_at=self._next(next_in), text=text, channel=channel)

    def full_update(self, by: str, next_in: float = 30, **extra: Any) -> LogBuilder:
        """An update that answers the four questions with the structured fields."""
        fields = {"known": "Exports fail with EXP-422 for account 4182 since 10:10",
                  "affected": "Acme and other accounts with a numeric tax ID",
                  "next_check": "Export worker logs", **extra}
        return self.update(by, next_in=next_in, **fields)

    def customer(self, by: str, *, works: str = "", fails: str = "", unknown: str = "",
                 next_in: float | None = None, text: str = "") -> LogBuilder:
        return self.act(by, "customer_update", works=works, fails=fails, unknown=unknown,
                        next_update_at=self._next(next_in), text=text)

    def good_customer(self, by: str, next_in: float = 30, **extra: Any) -> LogBuilder:
        fields = {"works": "Login and invoice editing work.", "fails": "Invoice exports fail.",
                  "unknown": "We do not know yet how long this will take.", **extra}
        return self.customer(by, next_in=next_in, **fields)

    def note(self, by: str, label: str, text: str) -> LogBuilder:
        return self.act(by, "add_note", label=label, text=text)

    def task(self, by: str, assignee: str | None, task: str, due_in: float | None = 15) -> LogBuilder:
        return self.act(by, "assign_task", assignee=assignee, task=task, due_in=due_in)

    def escalate(self, by: str, **fields: Any) -> LogBuilder:
        return self.act(by, "escalate_to_ceo", **fields)

    def timeline(self, by: str, text: str) -> LogBuilder:
        return self.act(by, "write_timeline", text=text)

    def review(self, by: str, when: str = "today 16:00", *, same_day: bool = True,
               follow_ups: list[dict[str, str]] | None = None) -> LogBuilder:
        return self.act(by, "schedule_review", when=when, same_day=same_day, follow_ups=follow_ups or [])

    # ------------------------------------------------------------------ the world's answers

    def check(self, by: str, check_id: str) -> LogBuilder:
        check = self.scenario.check(check_id)
        assert check is not None, check_id
        self.act(by, "run_check", check=check_id,
                 then=lambda: self._emit("check_started", by, check_id=check_id, label=check.label,
                                         eta=check.takes))
        acted = self.last

        def result() -> None:
            works = self.impact < WORKS_BELOW
            clues = []
            if not (check.kind.value == "reproduce" and works):
                for clue_id in check.reveals:
                    clue = self.scenario.clue(clue_id)
                    assert clue is not None
                    clues.append({"id": clue.id, "text": clue.text, "red_herring": clue.red_herring})
            self._emit("check_result", by, check_id=check_id, label=check.label, clues=clues, lines=[],
                       reproduced=None if check.kind.value != "reproduce" else not works)

        self._later(self.now + check.takes, result)
        self.last = acted
        return self

    def repair(self, by: str, repair_id: str) -> LogBuilder:
        repair = self.scenario.repair(repair_id)
        assert repair is not None, repair_id
        self.act(by, "apply_repair", repair=repair_id,
                 then=lambda: self._emit("repair_started", by, repair_id=repair_id, label=repair.label,
                                         repair_kind=repair.kind.value, eta=repair.takes))
        acted = self.last

        def lands() -> None:
            before = self.impact
            effect = repair.effect.value
            after = min(before, repair.residual_impact) if effect in ("fixes", "mitigates") else \
                max(before, repair.residual_impact) if effect == "worse" else before
            self.impact = after
            self._emit("repair_finished", by, repair_id=repair_id, label=repair.label, effect=effect,
                       impact_before=before, impact_after=after, side_effect="")
            if after <= MITIGATED_AT and not self.mitigated:
                self.mitigated = True
                self._emit("mitigated", by, repair_id=repair_id, impact=after)

        self._later(self.now + repair.takes, lands)
        self.last = acted
        return self

    def retry(self, by: str) -> LogBuilder:
        """Ask the customer to retry; their answer comes after the scenario's confirm_after."""
        self.act(by, "ask_customer_retry")
        acted = self.last

        def answer() -> None:
            works = self.impact < WORKS_BELOW
            self._emit("customer_retried", None, works=works,
                       text="It works again." if works else "Still failing with EXP-422.")

        self._later(self.now + self.scenario.customer.confirm_after, answer)
        self.last = acted
        return self

    def resolve(self, by: str, text: str = "") -> LogBuilder:
        confirmed = any(e.kind == "customer_retried" and e.data["works"] for e in self.events)
        return self.act(by, "resolve", text=text,
                        then=lambda: self._emit("resolved", by, by=by, confirmed=confirmed))

    def watch(self, by: str, watcher: str, minutes: float = 30) -> LogBuilder:
        return self.act(by, "put_on_watch", watcher=watcher, minutes=minutes)

    def join(self, person: str, *, admit: bool = True) -> LogBuilder:
        if admit:
            self.room.append(person)
        return self.event("room_changed", "facilitator", person=person, admitted=admit, size=len(self.room))

    def overrule(self, flag_id: str, rule: str, event_seq: int, *, by: str = "facilitator",
                 reason: str = "fair in context") -> LogBuilder:
        return self.event("flag_overruled", by, flag_id=flag_id, rule=rule, event_seq=event_seq, by=by, reason=reason)

    def end(self, reason: str = "ended by facilitator") -> LogBuilder:
        return self.event("drill_ended", None, reason=reason, figures={})

    def build(self) -> list[Event]:
        return list(self.events)


def good_drill(end_at: float = 100) -> LogBuilder:
    """A drill played by the playbook: every rule applies and passes (a baseline to break one thing)."""
    b = LogBuilder()
    (b.at(1).owner("cto", "backend")
     .at(2).task("backend", "support", "Own customer updates: you speak to the customer", due_in=5)
     .note("backend", "fact", "Account 4182 sees EXP-422 since 10:10 when exporting invoices")
     .note("backend", "guess", "The morning release might have changed the export job")
     .note("backend", "next_check", "Export worker logs around 10:10")
     .check("backend", "logs")
     .at(3).full_update("backend", next_in=25)
     .at(5).good_customer("support", next_in=25)
     .at(6).task("backend", "sre", "Check the deploy log for the export job", due_in=10)
     .at(8).update("backend", known="EXP-422 comes from the new tax ID check in the export job",
                   affected="About 40 accounts with a numeric tax ID, including Acme",
                   next_check="Roll back the export job, then reproduce on account 4182", next_in=22)
     .repair("backend", "rollback")
     .escalate("backend", impact="Invoice exports are down for 40 customers, about $800 per hour.",
               cause="This morning's release changed the export job.",
               mitigation="Rolling back the export job now.",
               timeline="Exports should work within 30 minutes, pending the rollback test.",
               ask="No decision needed yet.", update_every="Every 30 minutes.")
     .at(16).check("backend", "repro")
     .at(19).retry("support")
     .at(25).check("backend", "sweep")
     .repair("backend", "rerun")
     .at(26).update("backend", known="Exports work again since the rollback; account 4182 confirmed it",
                    affected="Acme and other accounts with a numeric tax ID", next_check="Watch the export error rate",
                    next_in=30)
     .at(27).customer("support", text="Exports work again. No data was lost; you do not need to do anything. "
                                      "Failed exports since 10:10 will be re-run for you.")
     .at(28).watch("backend", "sre", 30)
     .at(29).resolve("backend")
     .at(35).timeline("backend", "10:10 exports start failing after the deploy. 10:12 Acme reports EXP-422. "
                                 "10:13 Alex is owner. 10:17 first customer update. Decided to roll back the export "
                                 "job at 10:20; mitigated 10:26. 10:33 customer confirmed. 10:41 resolved.")
     .review("backend", "today 16:00", follow_ups=[
         {"owner": "sre", "item": "Re-run all failed exports", "due": "today"},
         {"owner": "backend", "item": "Add a test export with numeric tax IDs to the release", "due": "Friday"},
     ])
     .at(end_at).end())
    return b
