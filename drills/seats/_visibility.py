"""Who sees which event: a seat sees what its parts would see; the facilitator sees everything."""

from __future__ import annotations

from drills.world import Event

FACILITATOR_ONLY = frozenset({"inject_skipped", "ceo_trigger"})
"""The world's workings the team cannot observe (used until drills.world.visible_to is on main)."""


def seat_sees(event: Event, parts: tuple[str, ...], *, facilitator: bool = False) -> bool:
    """Whether a seat holding cast ids `parts` receives `event` (its drill_started is sent redacted)."""
    if facilitator or event.kind == "drill_started":
        return True
    try:
        from drills.world import visible_to
    except ImportError:  # until the shared contract's visible_to lands on main
        return _default_visible(event, parts)
    return visible_to(event, list(parts))


def _default_visible(event: Event, parts: tuple[str, ...]) -> bool:
    if event.kind in FACILITATOR_ONLY:
        return False
    if event.kind == "check_result":
        return event.actor in parts
    to = event.data.get("to") if event.kind == "inject" else None
    if isinstance(to, list):
        return "room" in to or any(part in to for part in parts)
    return True
