"""A bounded, append-only feed (thread, inbox, clues) with an unread count and a fading highlight."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import RichLog

FRESH_SECONDS = 4.0
"""How long a pane stays highlighted after something new arrives."""
MAX_LINES = 2000
"""Older entries scroll off; the event log keeps everything."""


class FeedPane(RichLog):
    """One pane of the room. New entries are appended (never a re-render of the whole log)."""

    unread: reactive[int] = reactive(0)

    class UnreadChanged(Message):
        """The unread count changed (the pane tabs show it)."""

        def __init__(self, pane: FeedPane, unread: int) -> None:
            super().__init__()
            self.pane = pane
            self.unread = unread

    def __init__(self, title: str, *, id: str, max_lines: int = MAX_LINES) -> None:
        super().__init__(id=id, max_lines=max_lines, wrap=True, min_width=20, markup=False)
        self.title = title
        self.border_title = title
        self._fade: Timer | None = None
        self.seen = True
        """Whether the room shows this pane now and someone is looking at it (then nothing is unread)."""

    def add(self, entries: list[Text], *, fresh: bool = True) -> None:
        """Append entries; `fresh=False` for history (a resumed drill), which is neither unread nor highlighted."""
        if not entries:
            return
        for text in entries:
            self.write(text)
            self.write(Text(""))
        if not fresh:
            return
        if not self.seen or not self.has_focus:
            self.unread += len(entries)
        self.add_class("-fresh")
        if self._fade is not None:
            self._fade.stop()
        self._fade = self.set_timer(getattr(self.app, "highlight_seconds", FRESH_SECONDS), self._faded)

    def _faded(self) -> None:
        self.remove_class("-fresh")
        self._fade = None

    def mark_read(self) -> None:
        self.unread = 0

    def watch_unread(self, unread: int) -> None:
        self.border_title = f"{self.title} ({unread} new)" if unread else self.title
        self.post_message(self.UnreadChanged(self, unread))

    def on_focus(self) -> None:
        self.mark_read()
