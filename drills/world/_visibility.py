"""Who sees what: the recipients of each message, and whether a seat holding some parts sees an event.

A message (an `inject` event) carries `to`: cast ids, or ROOM (everyone in the room), or FACILITATOR.
The scenario may say who receives an inject; otherwise the kind decides, the way messages reach people
in a real company: customers write to the people who answer customers, alerts page the engineers, the
CEO asks the owner and the most senior person. A shared screen shows everything; a seat of its own
shows what its parts would see, and the facilitator sees everything.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import Protocol

from drills.world._actions import FACILITATOR, INCIDENT_THREAD
from drills.world._events import Event

ROOM = "room"
"""Everyone in the room."""

_CUSTOMER_FACING = re.compile(r"\b(?:support|customer|success|account manager|community|helpdesk)\b", re.IGNORECASE)
_ENGINEERING = re.compile(
    r"\b(?:engineer\w*|sre|on[ -]?call|developer|dev|devops|ops|infra\w*|platform|backend|frontend|architect|"
    r"cto|dba|security)\b", re.IGNORECASE)
_BY_ROLE = {
    "customer_message": _CUSTOMER_FACING,
    "ticket": _CUSTOMER_FACING,
    "alert": _ENGINEERING,
    "log": _ENGINEERING,
    "deploy_note": _ENGINEERING,
    "config_note": _ENGINEERING,
}
FACILITATOR_ONLY = frozenset({"world_changed", "inject_skipped", "ceo_trigger", "impact_changed", "mitigation_lost",
                              "harm_recorded", "update_undelivered", "decision_skipped", "objective_judged"})
"""Events that carry the truth the team cannot see; only the facilitator's view shows them."""


class _Person(Protocol):
    id: str
    role: str
    seniority: int


def recipients_for(inject_kind: str, cast: Mapping[str, _Person], *, owner: str | None = None,
                   declared: Sequence[str] | None = None) -> list[str]:
    """Who receives a message of this kind: the scenario's `declared` recipients if it names any, else a
    default by kind (see the module docstring); ROOM when no cast member fits the kind."""
    if declared:
        return list(declared)
    if inject_kind == "ceo_message":
        senior = max(cast.values(), key=lambda p: (p.seniority, p.id), default=None)
        chosen = [p for p in (owner, senior.id if senior else None) if p]
        return list(dict.fromkeys(chosen)) or [ROOM]
    pattern = _BY_ROLE.get(inject_kind)
    if pattern is None:
        return [ROOM]
    chosen = [p.id for p in cast.values() if pattern.search(p.role)]
    return chosen or [ROOM]


def visible_to(event: Event, parts: Collection[str]) -> bool:
    """Whether a seat holding the cast ids `parts` sees `event` (FACILITATOR in `parts`: everything).

    Messages reach their recipients (a log without `to` shows them to everyone); a check's result goes to
    whoever ran it; a post outside the incident thread to its writer; the world's hidden truth to nobody
    but the facilitator; everything else the team does or sees together is shared."""
    if FACILITATOR in parts:
        return True
    kind = event.kind
    if kind in FACILITATOR_ONLY:
        return False
    if kind in ("inject", "decision_asked"):
        to = event.data.get("to")
        return not to or ROOM in to or any(p in to for p in parts)
    if kind in ("check_started", "check_result"):
        return event.actor in parts
    if kind == "action":
        action = event.data["action"]
        if action["kind"] == "post_update" and action.get("channel", INCIDENT_THREAD) != INCIDENT_THREAD:
            return event.actor in parts
        return action["kind"] not in ("facilitator_inject", "end_drill", "release")
    return True
