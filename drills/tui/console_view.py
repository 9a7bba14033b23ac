"""What the facilitator console shows, as Rich text: the clock, the truth, the seats, the score so far.

Pure functions of the data (no Textual), so the console's screen only places them. Scenario and
participant text is appended as plain text, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text

from drills.seats import FACILITATOR_SEAT, Truth
from drills.tui.render import one_line

if TYPE_CHECKING:
    from drills.scoring import Scorecard


def clock_text(sim: str, *, speed: float, paused: bool, ended: bool, real_minutes_left: float,
               connected: int, seats: int) -> Text:
    text = Text()
    text.append(f" SIM {sim} ", style="bold reverse")
    text.append(f"  ×{speed:g}  ")
    if ended:
        text.append("ENDED", style="bold")
    elif paused:
        text.append("PAUSED", style="bold yellow")
    else:
        text.append("running", style="green")
    text.append(f"  ·  {real_minutes_left:.1f} real min left at this speed", style="bold")
    text.append(f"  ·  seats {connected}/{seats} connected", style="dim")
    return text


def truth_text(truth: Truth, clock: Callable[[float], str], now: float) -> Text:
    text = Text()
    text.append("Root cause ", style="bold")
    text.append(f"({truth.failing_system})", style="dim")
    text.append("\n  ")
    text.append(truth.root_cause)
    text.append("\n\nUser-facing functions", style="bold")
    for function in truth.functions:
        text.append("\n  ")
        text.append("✗ " if function.failing > 0 else "✓ ", style="red" if function.failing > 0 else "green")
        text.append(function.name)
        text.append(f" — {function.text}", style="dim")
    text.append("\n\nRepairs", style="bold")
    for repair in truth.repairs:
        text.append("\n  ")
        text.append(repair.label)
        text.append(f"  {repair.kind}, {repair.effect}, {repair.takes:g} min", style="dim")
        if repair.requires:
            text.append(f", needs {', '.join(repair.requires)}", style="dim")
        if repair.state != "not tried":
            text.append(f"  [{repair.state}]", style="bold cyan")
    text.append("\n\nComing up", style="bold")
    for shown, inject in enumerate(truth.upcoming):
        if shown == 6:
            text.append(f"\n  …and {len(truth.upcoming) - shown} more", style="dim")
            break
        due = clock(inject.at) if inject.at is not None and inject.at >= now else "waits"
        text.append(f"\n  {due:<6}", style="dim")
        text.append(f"{inject.kind} from {inject.sender}: ")
        text.append(one_line(inject.text), style="italic")
        if inject.condition:
            text.append(f"  (if {inject.condition})", style="dim")
    if not truth.upcoming:
        text.append("\n  no scripted injects left", style="dim")
    if truth.held:
        text.append("\n\nHeld back for you to release (r)", style="bold")
        for item in truth.held:
            text.append(f"\n  {item.id}: ")
            text.append(one_line(item.what), style="italic")
            if item.release_hint is not None:
                text.append(f"  (usually at {clock(item.release_hint)})", style="dim")
    text.append("\n\nCEO triggers", style="bold")
    for trigger in truth.triggers:
        text.append("\n  ")
        text.append(trigger.kind.replace("_", " "))
        text.append(f" — fired {clock(trigger.fired_at)}" if trigger.fired_at is not None else " — not yet",
                    style="bold red" if trigger.fired_at is not None else "dim")
    if not truth.triggers:
        text.append("\n  none: escalating to the CEO is not warranted", style="dim")
    return text


def seats_text(seats: Sequence[dict[str, Any]], name_of: Callable[[str], str]) -> Text:
    text = Text("Seats", style="bold")
    for seat in seats:
        if seat["id"] == FACILITATOR_SEAT:
            continue
        text.append("\n  ")
        text.append("● " if seat["connected"] else "○ ", style="green" if seat["connected"] else "dim")
        text.append(str(seat["id"]), style="bold")
        text.append(": " + ", ".join(name_of(p) for p in seat["parts"]), style="dim")
        if seat["connected"] > 1:
            text.append(f" ({seat['connected']} screens)", style="dim")
    return text


def score_text(card: Scorecard | None, *, final: bool = False, error: str | None = None) -> Text:
    text = Text("Debrief (final score)" if final else "Score so far (preview)", style="bold")
    if error:
        text.append(f"\n  could not score: {error}", style="red")
        return text
    if card is None:
        text.append("\n  scoring…", style="dim italic")
        return text
    if not card.scored:
        # A preview before the first customer report has nothing to score yet: the drill is still on.
        why = card.not_scored if final else "no customer has reported the incident yet"
        text.append(f"\n  not scored yet: {why}", style="dim")
        return text
    text.append(f"\n  {card.score:.0f}/100, rating {card.rating.value}", style="bold")
    for capability in card.capabilities:
        if capability.rating is not None:
            text.append(f"\n  {capability.id} {capability.rating.value}", style="dim")
            text.append(f" {capability.title}", style="dim")
    findings = card.improvements(3)
    if findings:
        text.append("\n  Findings so far:" if not final else "\n  Top three to improve:", style="bold")
    for rule in findings:
        text.append(f"\n  {rule.rule_id}{'★' if rule.critical else ''} ", style="bold")
        text.append(rule.title)
        if rule.evidence and rule.evidence[0].note:
            text.append(f" — {rule.evidence[0].note}", style="dim")
    return text


