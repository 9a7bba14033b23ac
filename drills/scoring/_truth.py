"""What was true at every moment of a drill, rebuilt from its event log for the scorer.

The engine knows the truth as the drill runs and writes it down: `world_changed` events carry the
state of each user-facing function (its share failing: 0 works for everyone, 1 fails for every
affected account), `check_result` events the clues the team found, `repair_finished` the repairs that
landed, `harm_recorded` the lasting consequences. A log written before `world_changed` existed is read
from its impact changes instead (`outage_started`, `repair_finished`), which is what such a log's world
did: every broken function followed the one impact number.

Scoring asks this module, never the engine: a claim in an update is judged against the truth at the
moment the update was sent.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from drills.scenario import WORKS_BELOW, Scenario, UserFunction
from drills.world import Event


@dataclass(frozen=True, slots=True)
class Harm:
    """A lasting consequence the world recorded (data lost, exposure, data shown to the wrong customer)."""

    t: float
    kind: str
    what: str
    seq: int


class Truth:
    """The world's state over time, as the log records it."""

    def __init__(self, events: Sequence[Event], scenario: Scenario, affected_accounts: int) -> None:
        self.scenario = scenario
        self.functions: dict[str, UserFunction] = {f.id: f for f in scenario.user_functions}
        if scenario.functions:
            # What the incident says still works is a working function too, so "cancelling open orders
            # works" is not read as a claim about the broken function "orders".
            for i, item in enumerate(scenario.incident.still_works):
                self.functions.setdefault(f"still-works:{i + 1}", UserFunction.model_construct(
                    id=f"still-works:{i + 1}", name=item, words=[], broken=False))
        self.affected_accounts = affected_accounts
        self._times: list[float] = [0.0]
        self._states: list[dict[str, float]] = [{f: 0.0 for f in self.functions}]
        told = any(e.kind == "world_changed" for e in events)
        impact = 0.0
        self.first_key_clue: Event | None = None
        """The first check result that showed a key clue that is not a red herring (evidence for a cause)."""
        self.cleanups_landed: list[Event] = []
        self.cleanups_started: list[Event] = []
        self.harms: list[Harm] = []
        for event in events:
            kind = event.kind
            if kind == "world_changed":
                shares = {f: float(v) for f, v in (event.data.get("functions") or {}).items() if f in self.functions}
                self._record(event.t, {**self._states[-1], **shares})
            elif not told and kind in ("outage_started", "repair_finished"):
                impact = 1.0 if kind == "outage_started" else float(event.data.get("impact_after", impact))
                self._record(event.t, {f: (impact if fn.broken else 0.0) for f, fn in self.functions.items()})
            if kind == "check_result" and self.first_key_clue is None and self._shows_key_clue(event):
                self.first_key_clue = event
            elif kind in ("repair_started", "repair_finished"):
                repair = scenario.repair(str(event.data.get("repair_id")))
                if repair is not None and repair.is_cleanup:
                    (self.cleanups_landed if kind == "repair_finished" else self.cleanups_started).append(event)
            elif kind == "harm_recorded":
                kind = str(event.data.get("harm_kind") or event.data.get("kind") or "")
                self.harms.append(Harm(event.t, kind, str(event.data.get("what", "")), event.seq))

    def _record(self, t: float, state: dict[str, float]) -> None:
        if t == self._times[-1]:
            self._states[-1] = state
        else:
            self._times.append(t)
            self._states.append(state)

    def _shows_key_clue(self, event: Event) -> bool:
        for found in event.data.get("clues") or []:
            clue = self.scenario.clue(str(found.get("id", "")))
            if clue is not None and clue.key and not clue.red_herring:
                return True
        return False

    # ------------------------------------------------------------------ the state of functions

    def share_failing(self, function_id: str, t: float) -> float:
        """The function's share failing at sim time t (0 when t is before anything happened)."""
        return self._states[bisect_right(self._times, t) - 1].get(function_id, 0.0)

    def works(self, function_id: str, t: float) -> bool:
        return self.share_failing(function_id, t) < WORKS_BELOW

    def broken_ids(self) -> list[str]:
        return [f for f, fn in self.functions.items() if fn.broken]

    def all_broken_work(self, t: float) -> bool:
        return all(self.works(f, t) for f in self.broken_ids())

    def anything_works(self, t: float) -> bool:
        return any(self.works(f, t) for f in self.functions)

    def changed_between(self, function_id: str, start: float, end: float) -> bool:
        """Whether the function went from working to failing or back between two moments."""
        before = self.works(function_id, start)
        lo, hi = bisect_right(self._times, start), bisect_right(self._times, end)
        return any((self._states[i].get(function_id, 0.0) < WORKS_BELOW) != before for i in range(lo, hi))

    def failing_accounts(self, function_id: str, t: float) -> int:
        return max(1, round(min(self.share_failing(function_id, t), 1.0) * self.affected_accounts))

    def describe(self, function_id: str, t: float) -> str:
        """The truth about one function at t, in the words of the debrief."""
        name = self.functions[function_id].name
        if self.works(function_id, t):
            return f"{name} worked"
        return f"{name} still failed for {self.failing_accounts(function_id, t)} accounts"

    # ------------------------------------------------------------------ what else the world knows

    def cause_supported_at(self) -> float | None:
        """When the evidence first supported a cause: a key clue shown, or a repair that fixes landed."""
        return self.first_key_clue.t if self.first_key_clue is not None else None

    def data_lost_by(self, t: float) -> list[Harm]:
        return [h for h in self.harms if h.kind == "data_lost" and h.t <= t]

    def cleanup_owed(self) -> bool:
        """The scenario has clean-up work (a re-run, a backfill) and none of it was ever started (one still
        running when the drill ended is under way, not owed)."""
        return any(r.is_cleanup for r in self.scenario.repairs) and not self.cleanups_started

    def words_of(self, function_id: str) -> list[str]:
        fn = self.functions[function_id]
        return [fn.name.lower(), *(w.lower() for w in fn.words)]

    # ------------------------------------------------------------------ judging a claim

    def falsity(self, kind: str, function: str | None, t: float, *, hedged: bool = False) -> str | None:
        """None if a claim of this kind (see drills.scoring._statements) was true at t, else the truth it
        denies, in the debrief's words."""
        if kind == "works" and function is not None and not self.works(function, t):
            return self.describe(function, t)
        if kind == "fails" and function is not None and self.works(function, t):
            return self.describe(function, t)
        if kind == "all_work":
            failing = [f for f in self.broken_ids() if not self.works(f, t)]
            return "; ".join(self.describe(f, t) for f in failing) or None
        if kind == "still_broken" and self.broken_ids() and self.all_broken_work(t):
            return "; ".join(self.describe(f, t) for f in self.broken_ids()) + " again"
        if kind == "all_fail":
            working = [self.functions[f].name for f in self.functions if self.works(f, t)]
            return ", ".join(working) + " worked" if working else None
        if kind == "everyone" and self.scenario.incident.scope.value == "some":
            incident = self.scenario.incident
            return (f"only some customers were affected: {incident.affected_segment} "
                    f"(about {self.affected_accounts} accounts)")
        if kind == "data_safe":
            lost = self.data_lost_by(t)
            return ("data was lost: " + "; ".join(h.what for h in lost)) if lost else None
        if kind == "data_lost" and not self.data_lost_by(t):
            return "no data was lost" + (" or at risk" if hedged else "")
        if kind == "nothing_to_do" and self.cleanup_owed():
            owed = ", ".join(r.label for r in self.scenario.repairs if r.is_cleanup)
            return f"the clean-up never happened ({owed}), so the customer's failed work was left as it was"
        return None
