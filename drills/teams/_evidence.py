"""What a scripted team knows: only what its checks showed it.

A scripted team runs checks in the playbook's order of hard evidence (logs, recent deploys and config
changes, alerts, metrics; a reproduction is a test, not evidence), reads the clues they reveal, and
considers the repairs those clues point to (`Scenario.clue_points_to`). It never reads the scenario's
answer: if the clues it found point nowhere, it has no repair to choose.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable

from drills.scenario import FAST_SAFE_KINDS, Check, CheckKind, Repair, Scenario
from drills.world import Event

EVIDENCE_ORDER = (CheckKind.logs, CheckKind.deploys, CheckKind.config, CheckKind.alerts, CheckKind.metrics)


def evidence_checks(scenario: Scenario) -> list[Check]:
    """The checks that gather evidence, one of each kind first in the playbook's order, then the rest."""
    checks = [c for c in scenario.checks if c.kind in EVIDENCE_ORDER]
    checks.sort(key=lambda c: EVIDENCE_ORDER.index(c.kind))
    firsts: list[Check] = []
    seen: set[CheckKind] = set()
    for check in checks:
        if check.kind not in seen:
            seen.add(check.kind)
            firsts.append(check)
    return firsts + [c for c in checks if c not in firsts]


class Evidence:
    """The clues a team has seen and the repairs they point to."""

    def __init__(self, scenario: Scenario, *, shuffle: int | None = None, loudest_first: bool = False) -> None:
        self.scenario = scenario
        self.order = evidence_checks(scenario)
        if shuffle is not None:
            random.Random(shuffle).shuffle(self.order)
        self.loudest_first = loudest_first
        self.clues: list[str] = []
        self.checks_done: set[str] = set()
        self.checks_started: set[str] = set()

    def read(self, events: Iterable[Event]) -> None:
        for event in events:
            if event.kind == "check_started":
                self.checks_started.add(event.data["check_id"])
            elif event.kind == "check_result":
                self.checks_done.add(event.data["check_id"])
                for clue in event.data.get("clues") or []:
                    if clue["id"] not in self.clues:
                        self.clues.append(clue["id"])

    def asked(self, check_ids: Iterable[str]) -> None:
        """The team started these checks (it does not see the events of its own actions)."""
        self.checks_started.update(check_ids)

    def waiting(self) -> bool:
        return bool(self.checks_started - self.checks_done)

    def next_checks(self, n: int) -> list[Check]:
        """Up to n evidence checks not yet run."""
        return [c for c in self.order if c.id not in self.checks_started][:n]

    def votes(self) -> Counter[str]:
        votes: Counter[str] = Counter()
        for clue_id in self.clues:
            clue = self.scenario.clue(clue_id)
            if clue is not None:
                votes.update(self.scenario.clue_points_to(clue))
        return votes

    def candidates(self, applied: Iterable[str] = ()) -> list[Repair]:
        """Repairs the clues point to that can start now, best first: fast and safe kinds first (the
        playbook's order), then the most clues behind them, then the quickest."""
        done = set(applied)
        votes = self.votes()
        out = [r for r in self.scenario.repairs
               if votes[r.id] and r.id not in done and all(q in done for q in r.requires)]
        if self.loudest_first:
            out.sort(key=lambda r: (-votes[r.id], r.kind not in FAST_SAFE_KINDS, r.takes, r.id))
        else:
            out.sort(key=lambda r: (r.kind not in FAST_SAFE_KINDS, -votes[r.id], r.takes, r.id))
        return out
