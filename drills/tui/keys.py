"""What every app that shows the room shares about keys: Ctrl-C comes to the app's quit (the room
pauses and asks), and the keys typed while a form opens are held for it (`KeyHolding`).

Both `drill play`'s app and a seat's (`drill join`) mix this in, so a seat's room keeps up with fast
typing exactly as the shared screen does.
"""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.binding import Binding

CTRL_C = Binding("ctrl+c", "quit", "Quit", show=False, priority=True)
"""Ctrl-C interrupts, as the README says: in a drill it pauses the clock (where this screen runs it)
and offers to leave, instead of Textual's "press ctrl+q to quit" notice."""


class KeyHolding(App[str]):
    """Holds the keys that arrive while a form opens, then hands them on in order (`hold_keys`)."""

    _held: list[events.Key] | None = None
    """Keys held while a form opens, handed on in order once it can take them."""
    _holder: object | None = None

    def hold_keys(self, holder: object) -> None:
        """Hold the keys that arrive from now on until `holder` releases them: a form opening takes a
        moment, and text typed straight after the key that opened it would otherwise be lost or land
        elsewhere. A new holder takes over a hold already running (a form sent, the next one opening),
        so only the last can release it."""
        if self._held is None:
            self._held = []
        self._holder = holder

    def release_keys(self, holder: object) -> None:
        """Hand the held keys on, in the order they came (any key after them queues behind them)."""
        if holder is not self._holder:
            return
        held, self._held, self._holder = self._held or [], None, None
        for key in held:
            # The very events the terminal sent: a key made here would carry this call's sender, and
            # Textual stops a message from bubbling back up to its sender (the form's bindings).
            self.post_message(key)

    async def on_event(self, event: events.Event) -> None:
        if self._held is not None and isinstance(event, events.Key):
            self._held.append(event)
            return
        await super().on_event(event)
