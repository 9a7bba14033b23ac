"""Whether a scenario's condition holds in the drill's state right now, and if not, why not.

One evaluator for every place format 2 allows a condition: injects, CEO triggers, repair outcomes,
harms, channels and decision points. The reason it gives is logged (`inject_skipped`), so format 1's
reasons are kept word for word.
"""

from __future__ import annotations

from drills.scenario import Channel, Condition
from drills.world._state import WorldState


def unmet(when: Condition | None, state: WorldState, now: float) -> str:
    """Empty if every condition in `when` holds, else which one does not."""
    if when is None:
        return ""
    s = state
    facts = {
        "owner_assigned": s.owner is not None,
        "internal_update_sent": s.internal_updates > 0,
        "customer_update_sent": s.customer_updates > 0,
        "escalated": s.escalated,
        "mitigated": s.mitigated_at is not None,
        "resolved": s.resolved,
    }
    for name, actual in facts.items():
        wanted = getattr(when, name)
        if wanted is not None and wanted != actual:
            return f"{name} is {str(actual).lower()}"
    if when.after_repair and when.after_repair not in s.repairs_applied:
        return f"repair {when.after_repair} not applied"
    if when.not_after_repair and when.not_after_repair in s.repairs_applied:
        return f"repair {when.not_after_repair} applied"
    if when.after_check and when.after_check not in s.checks_run:
        return f"check {when.after_check} not run"
    return _format2_unmet(when, s, now)


def channel_problem(channel: Channel, state: WorldState, now: float) -> str:
    """'down', 'stale' or '' (the channel works) right now."""
    if channel.down or (channel.down_when is not None and not unmet(channel.down_when, state, now)):
        return "down"
    if channel.stale_when is not None and not unmet(channel.stale_when, state, now):
        return "stale"
    return ""


def _format2_unmet(when: Condition, s: WorldState, now: float) -> str:
    if when.repair_running and when.repair_running not in s.repairs_running:
        return f"repair {when.repair_running} not running"
    if when.after_inject and when.after_inject not in s.injects_arrived:
        return f"inject {when.after_inject} not arrived"
    if when.after_decision:
        decision, _, option = when.after_decision.partition(".")
        chosen = s.decisions_made.get(decision)
        if chosen is None:
            return f"decision {decision} not answered"
        if option and chosen != option:
            return f"decision {decision} answered {chosen}"
    if when.impact_above is not None and not s.impact > when.impact_above:
        return f"impact is {s.impact:g}, not above {when.impact_above:g}"
    if when.impact_below is not None and not s.impact < when.impact_below:
        return f"impact is {s.impact:g}, not below {when.impact_below:g}"
    if when.trust_below is not None and not s.trust < when.trust_below:
        return f"trust is {s.trust:g}, not below {when.trust_below:g}"
    if when.minutes_since_report is not None:
        since = None if s.reported_at is None else now - s.reported_at
        if since is None or since < when.minutes_since_report:
            return f"not {when.minutes_since_report:g} minutes since the report"
    for inner in when.all_ or ():
        reason = unmet(inner, s, now)
        if reason:
            return reason
    if when.any_ and all(unmet(inner, s, now) for inner in when.any_):
        return "none of `any` holds"
    if when.not_ is not None and not unmet(when.not_, s, now):
        return "the `not` condition holds"
    return ""
