"""Outcome figures: what the world measured, read from the event log alone (a pure function)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from drills.actions import INCIDENT_THREAD
from drills.events import Event
from drills.scorecard import OutcomeFigures


def _longest_gap(times: list[float], start: float, end: float) -> float | None:
    if end <= start:
        return None
    points = [start, *[t for t in times if start <= t <= end], end]
    return round(max(b - a for a, b in itertools.pairwise(points)), 2)


def _first(events: Sequence[Event], kind: str, **match: object) -> Event | None:
    for event in events:
        if event.kind == kind and all(event.data.get(k) == v for k, v in match.items()):
            return event
    return None


def figures(events: Sequence[Event], end: float | None = None) -> OutcomeFigures:
    """Outcome figures of a drill; minutes are sim minutes from the first customer report.

    `end` defaults to the time of the last event (the drill's end, or where a crashed log stops).
    """
    if not events:
        return OutcomeFigures()
    started = events[0].data
    end = events[-1].t if end is None else end
    report = _first(events, "incident_reported")
    t0 = report.t if report else None

    def since_report(event: Event | None) -> float | None:
        return None if event is None or t0 is None else round(event.t - t0, 2)

    customer_times = [e.t for e in events if e.action_kind == "customer_update"]
    internal_times = [
        e.t for e in events if e.action_kind == "post_update" and e.data["action"].get("channel") == INCIDENT_THREAD
    ]
    confirmed = _first(events, "customer_retried", works=True)
    resolved_state = False
    resolved_at: float | None = None
    for event in events:
        if event.kind == "resolved":
            resolved_state, resolved_at = True, event.t
        elif event.kind == "reopened":
            resolved_state, resolved_at = False, None

    # Impact is piecewise constant: it changes when the outage starts and when repairs land.
    revenue_per_minute = started.get("revenue_per_hour", 0.0) / 60
    accounts = started.get("affected_accounts", 1)
    impact, since, revenue, blocked = 0.0, 0.0, 0.0, 0.0
    for event in events:
        if event.kind in ("outage_started", "repair_finished"):
            span = event.t - since
            revenue += impact * revenue_per_minute * span
            blocked += min(impact, 1.0) * accounts * span
            impact = 1.0 if event.kind == "outage_started" else event.data["impact_after"]
            since = event.t
    revenue += impact * revenue_per_minute * (end - since)
    blocked += min(impact, 1.0) * accounts * (end - since)

    trust = started.get("trust_start", 0.0)
    for event in events:
        if event.kind == "trust_changed":
            trust = event.data["trust"]

    silence_end_customer = confirmed.t if confirmed else end
    silence_end_internal = resolved_at if resolved_at is not None else end
    return OutcomeFigures(
        time_to_owner=since_report(_first(events, "owner_changed")),
        time_to_first_customer_word=since_report(next((e for e in events if e.action_kind == "customer_update"),
                                                      None)),
        longest_customer_silence=None if t0 is None else _longest_gap(customer_times, t0, silence_end_customer),
        longest_internal_silence=None if t0 is None else _longest_gap(internal_times, t0, silence_end_internal),
        time_to_mitigation=since_report(_first(events, "mitigated")),
        time_to_confirmed_recovery=since_report(confirmed),
        customer_minutes_blocked=round(blocked, 1),
        revenue_lost=round(revenue, 2),
        trust_end=round(trust, 1),
        resolved=resolved_state,
        sim_minutes=round(end, 2),
    )
