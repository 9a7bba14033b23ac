"""The key bar: every binding the screen offers, wrapped over as many lines as the width needs.

Textual's Footer is one line; the room has two dozen commands and all of them must stay visible
at 80 columns, so this bar packs them into lines itself (never splitting a key from its label).
Each key is clickable.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widgets import Static


class KeyBar(Static):
    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self._rebuild)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self, event: events.Resize) -> None:
        self._rebuild()

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self._rebuild()

    def entries(self) -> list[tuple[str, str, str]]:
        """(key, key as shown, label) for each shown binding, one per label."""
        seen: set[str] = set()
        entries = []
        for _, binding, enabled, _ in self.screen.active_bindings.values():
            if binding.show and enabled and binding.description not in seen:
                seen.add(binding.description)
                entries.append((binding.key, self.app.get_key_display(binding), binding.description))
        if self.app.ENABLE_COMMAND_PALETTE:
            entries.append(("ctrl+p", "^p", "Commands"))
        return entries

    def _rebuild(self) -> None:
        width = max(self.size.width, 20)
        text = Text(no_wrap=True, overflow="crop")
        used = 0
        for key, display, label in self.entries():
            cell = len(display) + 2 + len(label) + 3
            if used and used + cell > width:
                text.append("\n")
                used = 0
            click = Style(meta={"@click": f"app.simulate_key({key!r})"})
            text.append(f" {display} ", style=Style(bold=True, reverse=True) + click)
            text.append(f" {label}  ", style=click)
            used += cell
        self.update(text)
