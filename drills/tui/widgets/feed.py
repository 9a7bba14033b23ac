"""A bounded feed (thread, inbox, clues) that wraps its entries to the width it has, whenever it has it.

Entries are kept as Rich `Text` and laid out into lines for the pane's current width; a new width
(a resize, or a hidden tab shown again) lays them out anew, so an entry that arrived while its tab
was hidden is never stuck at the width it had then. Lines are drawn with the Line API (only the
visible ones), and an entry can be replaced by its key (an inbox message once it is answered).

It follows new entries only while the reader is at the bottom, and never past the first one the
reader has not seen; scrolled up, it stays put and counts what arrived below ("3 new ↓" in its
border). A pane shown again (a tab) opens at its first unseen entry, not at the newest.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

FRESH_SECONDS = 4.0
"""How long a pane stays highlighted after something new arrives."""
MAX_ENTRIES = 600
"""Older entries scroll off; the event log keeps everything."""


class FeedPane(ScrollView, can_focus=True):
    """One pane of the room. New entries are appended; a keyed entry can be replaced in place."""

    BINDINGS = [  # noqa: RUF012  (Textual reads a plain class list)
        Binding("up", "scroll_up", "Scroll up", show=False),
        Binding("down", "scroll_down", "Scroll down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Newest", show=False),
    ]

    unread: reactive[int] = reactive(0)
    below: reactive[int] = reactive(0)
    """Entries below the fold that the reader has not seen yet."""

    class BelowChanged(Message):
        """The count of entries below the fold changed (the narrow room's tabs show it)."""

        def __init__(self, pane: FeedPane, below: int) -> None:
            super().__init__()
            self.pane = pane
            self.below = below

    class UnreadChanged(Message):
        """The unread count changed (the pane tabs show it)."""

        def __init__(self, pane: FeedPane, unread: int) -> None:
            super().__init__()
            self.pane = pane
            self.unread = unread

    def __init__(self, title: str, *, id: str, max_entries: int = MAX_ENTRIES) -> None:
        super().__init__(id=id)
        self.title = title
        self.border_title = title
        self.max_entries = max_entries
        self._entries: list[Text] = []
        self._keys: list[str | None] = []
        self._laid_out: list[list[Strip]] = []
        """The lines of each entry at `_width` (one blank line after each)."""
        self._lines: list[Strip] = []
        self._starts: list[int] = []
        """The first line of each entry."""
        self._seen_upto = 0
        """Entries before this index have been on the screen (or are history)."""
        self._width = 0
        self._follow = True
        """The reader was at the bottom when last looking: new entries scroll into view."""
        self._moved = 0
        """Counts the reader's own scrolling: a scroll to the unseen entries planned before it is dropped."""
        self._fade: Timer | None = None
        self.seen = True
        """Whether the room shows this pane now and someone is looking at it (then nothing is unread)."""

    # ---------------------------------------------------------------- content

    @property
    def texts(self) -> list[Text]:
        """The entries, oldest first (tests read them)."""
        return list(self._entries)

    @property
    def lines(self) -> list[Strip]:
        """The entries as laid out at the current width (tests read them)."""
        return list(self._lines)

    def add(self, entries: list[Text], *, fresh: bool = True, keys: list[str | None] | None = None) -> None:
        """Append entries; `fresh=False` for history (a resumed drill), which is neither unread nor highlighted."""
        if not entries:
            return
        for text, key in zip(entries, keys or [None] * len(entries), strict=True):
            self._entries.append(text)
            self._keys.append(key)
            self._laid_out.append(self._layout(text))
        overflow = len(self._entries) - self.max_entries
        if overflow > 0:
            del self._entries[:overflow], self._keys[:overflow], self._laid_out[:overflow]
            self._seen_upto = max(0, self._seen_upto - overflow)
        if not fresh:
            self._seen_upto = len(self._entries)
        self._relines()
        if self._follow:
            self.call_after_refresh(self.show_unseen, self._moved)
        else:
            self._count_below()
        if not fresh:
            return
        if not self.seen or not self.has_focus:
            self.unread += len(entries)
        self.add_class("-fresh")
        if self._fade is not None:
            self._fade.stop()
        self._fade = self.set_timer(getattr(self.app, "highlight_seconds", FRESH_SECONDS), self._faded)

    def replace(self, key: str, text: Text) -> bool:
        """Show a keyed entry anew (e.g. once a message is answered); False if it has scrolled off."""
        try:
            index = self._keys.index(key)
        except ValueError:
            return False
        if self._entries[index] == text:
            return True
        self._entries[index] = text
        self._laid_out[index] = self._layout(text)
        self._relines()
        return True

    def write(self, text: Text) -> None:
        """Append one entry that is not news (the pane's own introduction)."""
        self.add([text], fresh=False)

    # ---------------------------------------------------------------- layout

    def _layout(self, text: Text) -> list[Strip]:
        if self._width <= 0:
            return []
        console = self.app.console
        options = console.options.update(width=self._width, min_width=self._width, max_width=self._width,
                                         no_wrap=False, overflow="fold", highlight=False)
        lines = console.render_lines(text, options, pad=False, new_lines=False)
        return [Strip(line) for line in lines] + [Strip([Segment("")])]

    def _relines(self) -> None:
        self._lines = []
        self._starts = []
        for lines in self._laid_out:
            self._starts.append(len(self._lines))
            self._lines.extend(lines)
        self.virtual_size = Size(self._width, len(self._lines))
        self.refresh()

    def show_unseen(self, moved: int | None = None) -> None:
        """Scroll down to the newest entries, but never past the first one the reader has not seen
        (unless the reader has scrolled since this was planned: `moved`)."""
        if not self._width or not self.display or not self.size.height:
            return
        if moved is not None and moved != self._moved:
            return
        self.scroll_to(y=self._unseen_target(), animate=False, immediate=True)
        self._count_below()
        self._follow = self._at_bottom()

    def _unseen_target(self) -> int:
        """The line to scroll to: the newest, or the first entry not seen yet if that is higher."""
        target = self.max_scroll_y
        if self._seen_upto < len(self._starts):
            target = min(target, self._starts[self._seen_upto])
        return target

    def on_resize(self, _: events.Resize) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        if width == self._width:
            if self._follow:
                self.call_after_refresh(self.show_unseen, self._moved)
            return
        self._width = width
        self._laid_out = [self._layout(text) for text in self._entries]
        self._relines()
        if self._follow:
            self.call_after_refresh(self.show_unseen, self._moved)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        return self._lines[index].crop_extend(0, width, self.rich_style).apply_style(self.rich_style)

    # ---------------------------------------------------------------- reading

    def _reader_scrolls(self, *, up: bool) -> None:
        """The reader scrolled: up stops following new entries; down follows again once at the bottom."""
        self._moved += 1
        if up:
            self._follow = False
        else:
            self.call_after_refresh(self._settle)

    def _settle(self) -> None:
        self._follow = self._at_bottom()
        self._count_below()

    def action_scroll_up(self) -> None:
        self._reader_scrolls(up=True)
        super().action_scroll_up()

    def action_scroll_down(self) -> None:
        super().action_scroll_down()
        self._reader_scrolls(up=False)

    def action_page_up(self) -> None:
        self._reader_scrolls(up=True)
        super().action_page_up()

    def action_page_down(self) -> None:
        super().action_page_down()
        self._reader_scrolls(up=False)

    def action_scroll_home(self) -> None:
        self._reader_scrolls(up=True)
        super().action_scroll_home()

    def action_scroll_end(self) -> None:
        """The newest entries, and follow them from here on."""
        self._moved += 1
        self.scroll_end(animate=False, immediate=True, x_axis=False)
        self._follow = True
        self.call_after_refresh(self._count_below)

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._reader_scrolls(up=True)
        super()._on_mouse_scroll_up(event)

    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        super()._on_mouse_scroll_down(event)
        self._reader_scrolls(up=False)

    def _at_bottom(self) -> bool:
        return self.scroll_y >= self.max_scroll_y - 0.5 or not self._width

    def _count_below(self) -> None:
        """Entries whose first line has been on the screen are seen; the rest are below the fold."""
        if self._width and self.display and self.size.height:
            bottom = round(self.scroll_y) + self.scrollable_content_region.height
            while self._seen_upto < len(self._starts) and self._starts[self._seen_upto] < bottom:
                self._seen_upto += 1
        self.below = len(self._entries) - self._seen_upto

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._count_below()

    def watch_below(self, below: int) -> None:
        self.border_subtitle = f"{below} new ↓ (end)" if below else ""
        self.post_message(self.BelowChanged(self, below))

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
