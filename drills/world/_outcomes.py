"""Outcome figures: what the world measured, read from the event log alone (a pure function)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, model_serializer

from drills.scenario import WORKS_BELOW
from drills.world._actions import INCIDENT_THREAD
from drills.world._events import Event


class OutcomeFigures(BaseModel):
    """Figures the world measures, beside the rules (minutes are sim minutes from the first report).
    The engine writes them into `drill_ended`; a scorecard carries them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    time_to_owner: float | None = None
    time_to_first_customer_word: float | None = None
    longest_customer_silence: float | None = None
    longest_internal_silence: float | None = None
    time_to_mitigation: float | None = None
    time_to_confirmed_recovery: float | None = None
    customer_minutes_blocked: float = 0
    revenue_lost: float = 0
    trust_end: float = 0
    resolved: bool = False
    sim_minutes: float = 0
    own_loss: float = 0
    """Format 2: the company's own money lost (`incident.loss_per_hour`), beside the customers' revenue."""
    mitigation_lost_at: float | None = None
    """Format 2: when the world first got worse again after it was mitigated (None: it never did)."""
    time_to_lasting_mitigation: float | None = None
    """Format 2, once mitigation was lost: when it was mitigated for the last time and held to the end
    (None: it did not hold)."""
    harms: list[str] = []
    """Format 2: the harms that happened (ids, in order)."""

    @model_serializer(mode="wrap")
    def _without_unused_format2(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Format-2 figures appear only when they say something, so format-1 logs stay as they were."""
        data = handler(self)
        for key, unused in _FORMAT2_DEFAULTS.items():
            if data.get(key) == unused:
                data.pop(key, None)
        return data


def _longest_gap(times: list[float], start: float, end: float) -> float | None:
    if end <= start:
        return None
    points = [start, *[t for t in times if start <= t <= end], end]
    return round(max(b - a for a, b in itertools.pairwise(points)), 2)


def figures(events: Sequence[Event], end: float | None = None) -> OutcomeFigures:
    """Outcome figures of a drill; minutes are sim minutes from the first customer report.

    `end` defaults to the time of the last event (the drill's end, or where a crashed log stops).
    One pass over the events: the engine computes this as every drill ends.
    """
    if not events:
        return OutcomeFigures()
    started = events[0].data
    end = events[-1].t if end is None else end
    firsts: dict[str, float] = {}
    """Time of the first event of each kind that matters here (keys below)."""
    customer_times: list[float] = []
    internal_times: list[float] = []
    resolved_at: float | None = None
    # Impact is piecewise constant: it changes when the outage starts and when repairs land.
    revenue_per_minute = started.get("revenue_per_hour", 0.0) / 60
    accounts = started.get("affected_accounts", 1)
    impact, since, revenue, blocked = 0.0, 0.0, 0.0, 0.0
    own_per_minute = started.get("loss_per_hour", 0.0) / 60
    own = 0.0
    lost_at: float | None = None
    mitigated_last: float | None = None
    harms: list[str] = []
    trust = started.get("trust_start", 0.0)
    undelivered = {e.data.get("action_seq") for e in events if e.kind == "update_undelivered"}
    for event in events:
        kind = event.kind
        if kind == "action":
            action = event.data["action"]
            if action["kind"] == "customer_update" and event.seq not in undelivered:
                customer_times.append(event.t)
            elif action["kind"] == "post_update" and action.get("channel") == INCIDENT_THREAD:
                internal_times.append(event.t)
        elif kind == "outage_started" or kind == "repair_finished" or kind == "impact_changed":
            span = event.t - since
            revenue += impact * revenue_per_minute * span
            blocked += min(impact, 1.0) * accounts * span
            own += impact * own_per_minute * span
            impact = 1.0 if kind == "outage_started" else event.data["impact_after"]
            since = event.t
        elif kind == "trust_changed":
            trust = event.data["trust"]
        elif kind == "mitigated":
            mitigated_last = event.t
        elif kind == "mitigation_lost":
            lost_at = event.t if lost_at is None else lost_at
            mitigated_last = None
        elif kind == "harm_recorded":
            harms.append(event.data["harm_id"])
        elif kind == "resolved":
            resolved_at = event.t
        elif kind == "reopened":
            resolved_at = None
        elif kind == "customer_retried" and event.data.get("works") is True:
            kind = "confirmed"
        if kind in _FIRSTS and kind not in firsts:
            firsts[kind] = event.t
    revenue += impact * revenue_per_minute * (end - since)
    blocked += min(impact, 1.0) * accounts * (end - since)
    own += impact * own_per_minute * (end - since)

    t0 = firsts.get("incident_reported")

    def since_report(kind: str) -> float | None:
        t = firsts.get(kind)
        return None if t is None or t0 is None else round(t - t0, 2)

    confirmed = firsts.get("confirmed")
    silence_end_customer = confirmed if confirmed is not None else end
    silence_end_internal = resolved_at if resolved_at is not None else end
    return OutcomeFigures(
        time_to_owner=since_report("owner_changed"),
        time_to_first_customer_word=None if not customer_times or t0 is None else round(customer_times[0] - t0, 2),
        longest_customer_silence=None if t0 is None else _longest_gap(customer_times, t0, silence_end_customer),
        longest_internal_silence=None if t0 is None else _longest_gap(internal_times, t0, silence_end_internal),
        time_to_mitigation=since_report("mitigated"),
        time_to_confirmed_recovery=since_report("confirmed"),
        customer_minutes_blocked=round(blocked, 1),
        revenue_lost=round(revenue, 2),
        trust_end=round(trust, 1),
        # Resolved only if the world agrees: the team closed it and the blocked action works at the end.
        resolved=resolved_at is not None and impact < WORKS_BELOW,
        sim_minutes=round(end, 2),
        own_loss=round(own, 2),
        mitigation_lost_at=None if lost_at is None or t0 is None else round(lost_at - t0, 2),
        time_to_lasting_mitigation=(None if lost_at is None or mitigated_last is None or t0 is None
                                    else round(mitigated_last - t0, 2)),
        harms=harms,
    )


_FORMAT2_DEFAULTS: dict[str, Any] = {"own_loss": 0, "mitigation_lost_at": None, "time_to_lasting_mitigation": None,
                                     "harms": []}
"""Figures only format 2 can give, and their values when they say nothing."""

_FIRSTS = frozenset({"incident_reported", "owner_changed", "mitigated", "confirmed"})
"""The kinds whose first occurrence `figures` times ('confirmed': a customer retry that worked)."""
