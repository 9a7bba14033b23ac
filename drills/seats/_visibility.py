"""Who sees which event: a seat sees what its parts would see (`drills.world.visible_to`); the
facilitator sees everything."""

from __future__ import annotations

from drills.world import FACILITATOR, Event, visible_to


def seat_sees(event: Event, parts: tuple[str, ...], *, facilitator: bool = False) -> bool:
    """Whether a seat holding cast ids `parts` receives `event` (its drill_started is sent redacted)."""
    if facilitator:
        return visible_to(event, (FACILITATOR,))
    return event.kind == "drill_started" or visible_to(event, parts)
