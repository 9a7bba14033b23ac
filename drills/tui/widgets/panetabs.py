"""One line of pane tabs for small terminals, with unread counts; hidden when the panes sit side by side."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

PANES = (("thread", "Thread"), ("inbox", "Inbox"), ("clues", "Clues"))


class PaneTabs(Static):
    def show(self, current: str, unread: dict[str, int], below: int = 0) -> None:
        """`below`: entries of the current pane that arrived under the fold while the reader scrolled up."""
        text = Text()
        for number, (pane, title) in enumerate(PANES, start=1):
            click = Style(meta={"@click": f"screen.show_pane({pane!r})"})
            label = f" {number} {title}" + (f" ({unread[pane]})" if unread.get(pane) else "") + " "
            style = Style(bold=True, reverse=True) if pane == current else Style(dim=not unread.get(pane))
            text.append(label, style=style + click)
            text.append(" ")
        if below:
            text.append(f" {below} new below — end shows them", style="bold yellow")
        else:
            text.append(" 1/2/3 or tab to switch", style="dim")
        self.update(text)
