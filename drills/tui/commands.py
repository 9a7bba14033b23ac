"""Every room command in one table: the key bindings, the key bar and the command palette read it.

Adding a row here makes a command reachable both ways; the room screen implements `action_<name>`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from drills.tui.live import LiveDrill


@dataclass(frozen=True, slots=True)
class RoomCommand:
    action: str
    """Name of the room screen's action (`action_<name>`)."""
    key: str
    label: str
    """Short label for the key bar."""
    help: str
    """What it does, for the command palette."""
    group: str
    """'team' (acts as the current person) or 'facilitator'."""
    key_display: str | None = None
    """How the key bar shows the key, when not the key itself."""
    in_key_bar: bool = True
    """False for the facilitator's clock and drill keys: their own line shows them (`FacilitatorLine`)."""


ROOM_COMMANDS: tuple[RoomCommand, ...] = (
    RoomCommand("owner", "o", "Owner", "Assign the incident owner, or hand off to a new one", "team"),
    RoomCommand("acknowledge", "k", "Ack", "Acknowledge a handoff: 'I have it'", "team"),  # shown while one waits
    RoomCommand("update", "u", "Update", "Post an internal update (the four questions)", "team"),
    RoomCommand("customer", "c", "Customer", "Send the customer an update (works / fails / unknown)", "team"),
    RoomCommand("ceo", "e", "CEO", "Escalate to the CEO (impact, cause, mitigation, timeline, ask)", "team"),
    RoomCommand("note", "n", "Note", "Add a note: fact, question, guess or next check", "team"),
    RoomCommand("check", "x", "Check", "Run a check (logs, deploys, metrics, reproduce…)", "team"),
    RoomCommand("repair", "r", "Repair", "Apply a repair (rollback, flag, restart…)", "team"),
    RoomCommand("task", "t", "Task", "Give a named person a task with a time box", "team"),
    RoomCommand("watch", "w", "Watch", "Put someone on watch after the repair", "team"),
    RoomCommand("retry", "y", "Retry", "Ask the customer to try again", "team"),
    RoomCommand("resolve", "v", "Resolve", "Mark the incident resolved", "team"),
    RoomCommand("timeline", "l", "Timeline", "Write the incident timeline", "team"),
    RoomCommand("review", "s", "Review", "Schedule the follow-up review and its actions", "team"),
    RoomCommand("joins", "j", "Joins", "Answer requests to join the incident room", "team"),
    RoomCommand("next_actor", "a", "Act as", "Switch who is acting on the shared screen", "team"),
    RoomCommand("pause", "space", "Pause", "Pause or resume the clock", "facilitator", in_key_bar=False),
    RoomCommand("faster", "plus", "Faster", "Speed the clock up", "facilitator", in_key_bar=False),
    RoomCommand("slower", "minus", "Slower", "Slow the clock down", "facilitator", in_key_bar=False),
    RoomCommand("inject", "i", "Inject", "Send an ad-hoc inject typed now", "facilitator", in_key_bar=False),
    RoomCommand("end", "ctrl+e", "End", "End the drill now and go to the debrief", "facilitator", in_key_bar=False),
    RoomCommand("help", "question_mark", "Help", "The playbook as a one-page routine", "facilitator"),
    RoomCommand("quit", "q", "Quit", "Leave the room (the drill can be resumed)", "facilitator"),
)
"""In key-bar order: team actions first, then the facilitator's controls."""


def room_bindings() -> list[Binding]:
    """The room's keys. They are priority bindings, resolved as each key arrives: a form opened by `c`
    is on the screen before the next key is handed on, so text typed straight after it lands in the
    form (a plain binding acts only once its key has bubbled up, after the keys behind it were lost)."""
    bindings = [Binding(c.key, c.action, c.label, show=c.in_key_bar, key_display=c.key_display, tooltip=c.help,
                        priority=True)
                for c in ROOM_COMMANDS]
    # Second keys for the same commands, not repeated in the key bar.
    bindings += [
        Binding("equals_sign", "faster", "Faster", show=False, priority=True),
        Binding("underscore", "slower", "Slower", show=False, priority=True),
        Binding("f1", "help", "Help", show=False, priority=True),
        Binding("A", "pick_actor", "Pick who acts", show=False, priority=True),
        # Format 2 (issue 13): the board says when a decision point waits for d; R is the facilitator's
        # release of a held inject (a hosted drill's console releases them).
        Binding("d", "decide", "Answer a decision", show=False, priority=True),
        Binding("R", "release", "Release a held inject", show=False, priority=True),
        Binding("1", "show_pane('thread')", "Thread", show=False, priority=True),
        Binding("2", "show_pane('inbox')", "Inbox", show=False, priority=True),
        Binding("3", "show_pane('clues')", "Clues", show=False, priority=True),
    ]
    return bindings


class RoomCommands(Provider):
    """The command palette's view of the room: every command, and 'act as' for each cast member."""

    def _entries(self) -> list[tuple[str, str, str]]:
        live: LiveDrill = self.screen.live  # type: ignore[attr-defined]  (the room screen's drill)
        entries = [(c.label if c.group == "team" else f"Facilitator: {c.label}", c.help, c.action)
                   for c in ROOM_COMMANDS]
        parts = live.parts()
        for person in live.model.cast:
            if person.id in parts:
                entries.append((f"Act as {person.name}", f"{person.role} — the next actions are theirs",
                                f"set_actor({person.id!r})"))
        return entries

    async def discover(self) -> Hits:
        for title, help_text, action in self._entries():
            yield DiscoveryHit(title, partial(self.screen.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self._entries():
            score = max(matcher.match(title), matcher.match(help_text) * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self.screen.run_action, action), help=help_text)
