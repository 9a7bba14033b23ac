"""Form fields that keep up with fast typing: a one-line field, a word-wrapped editor, a picker.

Textual resolves a widget's own key bindings (Backspace, the arrows, Enter in a list) only once the
key has bubbled up to the app, while the printable keys behind it go straight into the widget's
queue; typed fast (a paste, `tmux send-keys` at burst speed) the two cross, and "ab⌫c" ends as
"ab". These fields run their own bindings in the order the keys arrive. Moving between fields is
the form's business (`ActionForm`: Tab, Shift+Tab and Enter are resolved as they arrive, so the
keys typed after them land in the next field).

Every text field holds at most `drills.world.MAX_TEXT_CHARS` characters, as the actions do: typing or
pasting past it stops at the cap instead of a refusal when the form is sent.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, TextArea
from textual.widgets.text_area import EditResult, Location

from drills.world import MAX_TEXT_CHARS

MOVES = frozenset({"tab", "shift+tab", "enter"})
"""Keys the form itself handles, as they arrive (never a field's binding)."""


async def run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run the widget's own binding for this key now, in the order of its queue."""
    if event.key in MOVES:
        return False
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):  # the widget's bindings only
        if not binding.priority and widget.check_action(binding.action, ()) is not False:
            event.stop()
            event.prevent_default()
            await widget.run_action(binding.action)
            return True
    return False


class TextField(Input):
    """A one-line field (names, short answers, numbers), capped at MAX_TEXT_CHARS."""

    def __init__(self, *args: object, max_length: int = MAX_TEXT_CHARS, **kwargs: object) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)  # type: ignore[arg-type]

    async def _on_key(self, event: events.Key) -> None:
        if not await run_own_binding(self, event):
            await super()._on_key(event)


class CappedTextArea(TextArea):
    """A free-form editor (the timeline: Enter is a new line) that holds at most `max_length` characters."""

    max_length: int = MAX_TEXT_CHARS

    def _replace_via_keyboard(self, insert: str, start: Location, end: Location) -> EditResult | None:
        """Typing and pasting stop at `max_length` (what a selection replaces makes room)."""
        room = self.max_length - (len(self.text) - len(self.get_text_range(start, end)))
        if len(insert) > room:
            insert = insert[:max(room, 0)]
            if not insert and start == end:
                return None
        return super()._replace_via_keyboard(insert, start, end)


class LongText(CappedTextArea):
    """A word-wrapped editor for an answer that can run long: it grows to a few lines, so the whole
    text can be re-read before it is sent. Enter moves on like a one-line field (the form handles it)."""

    DEFAULT_CSS: ClassVar[str] = """
    LongText { height: auto; min-height: 2; max-height: 6; }
    """

    def __init__(self, text: str = "", *, id: str, placeholder: str = "", max_length: int = MAX_TEXT_CHARS) -> None:
        super().__init__(text[:max_length], id=id, soft_wrap=True, compact=True, tab_behavior="focus",
                         show_line_numbers=False, placeholder=placeholder)
        self.max_length = max_length

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        """Like a one-line field's `value` (the whole text, capped)."""
        self.text = text[:self.max_length]

    async def _on_key(self, event: events.Key) -> None:
        if not await run_own_binding(self, event):
            await super()._on_key(event)


class Picker(OptionList):
    """A list to pick from; its arrows move in the order the keys arrive."""

    async def _on_key(self, event: events.Key) -> None:
        if not await run_own_binding(self, event):
            await super()._on_key(event)


class Queued(Message):
    """A send (ctrl+s, or Enter on the last field) posted to the field in focus, so it is done after the
    keys typed before it (it bubbles up to the form)."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action


BINDINGS_FOR_MOVES: list[Binding] = [
    Binding("tab", "move(1)", "Next field", show=False, priority=True),
    Binding("shift+tab", "move(-1)", "Previous field", show=False, priority=True),
    Binding("enter", "enter", "Next field", show=False, priority=True),
]
"""The form's moves between fields, resolved as the keys arrive (priority bindings run before any
key is handed to a field)."""
