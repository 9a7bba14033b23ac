"""The key bar: every binding the screen offers, wrapped over as many lines as the width needs.

Textual's Footer is one line; the room has two dozen commands and all of them must stay visible
at 80 columns, so this bar packs them into lines itself (never splitting a key from its label).
Each key is clickable.

The lines are laid out while Textual lays out and renders the bar (`get_content_height`, `render`)
rather than in an update after the first refresh, so a screen's first frame already shows them.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

MIN_WIDTH = 20


class KeyBar(Widget):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.palette = True
        """Show the command palette's key too (a narrow room leaves it out: `?` and ctrl+p still work)."""
        self._shown: list[tuple[str, str, str]] | None = None
        """The entries last laid out: a bindings update that changes none of them costs no new layout."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and self._shown is not None and self.entries() != self._shown:
            self.refresh(layout=True)

    def entries(self) -> list[tuple[str, str, str]]:
        """(key, key as shown, label) for each shown binding, one per label."""
        seen: set[str] = set()
        entries = []
        for _, binding, enabled, _ in self.screen.active_bindings.values():
            if binding.show and enabled and binding.description not in seen:
                seen.add(binding.description)
                entries.append((binding.key, self.app.get_key_display(binding), binding.description))
        if self.app.ENABLE_COMMAND_PALETTE and self.palette:
            entries.append(("ctrl+p", "^p", "Commands"))
        return entries

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.text(width).plain.count("\n") + 1

    def render(self) -> Text:
        return self.text(self.size.width)

    def text(self, width: int) -> Text:
        """The bar laid out for `width` cells: one line per row of keys."""
        width = max(width, MIN_WIDTH)
        text = Text(no_wrap=True, overflow="crop")
        used = 0
        self._shown = entries = self.entries()
        for key, display, label in entries:
            # The key's own padded chip separates each entry from the one before it.
            cell = len(display) + 2 + len(label)
            if used and used + cell > width:
                text.append("\n")
                used = 0
            click = Style(meta={"@click": f"app.simulate_key({key!r})"})
            text.append(f" {display} ", style=Style(bold=True, reverse=True) + click)
            text.append(label, style=click)
            used += cell
        return text
