"""The status board, the facilitator line and the 'acting as' bar: they show a StatusView, nothing more.

Every line wraps rather than being cut: at 80 columns a long owner name or a long check label takes
a second line instead of losing its end.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from drills.tui.view import Countdown, StatusView


class ActingBar(Static):
    """Who the next action is by — shown big, because the screen is shared."""

    def show(self, name: str, role: str, player: str | None) -> None:
        text = Text()
        text.append(" ACTING AS ", style="bold reverse")
        text.append(" ")
        text.append(name, style="bold")
        text.append(f" · {role}")
        if player:
            text.append(" · played by ")
            text.append(player, style="italic")
        self.update(text)


class FacilitatorLine(Static):
    """The facilitator's line: the clock, its speed, and their last change (never in the team's thread)."""

    def show(self, view: StatusView) -> None:
        text = Text()
        text.append("Facilitator ", style="bold magenta")
        text.append(view.clock, style="bold")
        text.append(f" ×{view.speed:g} ")
        if view.ended:
            text.append("■ ended", style="bold")
        elif view.paused:
            text.append("⏸ PAUSED", style="bold reverse")
            text.append(" (space resumes)", style="dim")
        else:
            text.append("▶ running", style="bold")
            text.append(f" · {view.real_minutes_left:.0f} real min left", style="dim")
        if view.facilitator:
            text.append(f" · {view.facilitator}", style="magenta")
        if text != self._shown:
            self._shown = text
            self.update(text)

    _shown: Text | None = None


class StatusBoard(Vertical):
    """The owner, the update countdowns, what reached the team about the customers, work in flight."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: dict[str, tuple[Text, str]] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="sb-owner", classes="status-line")
        yield Static(id="sb-internal", classes="status-line")
        yield Static(id="sb-customer", classes="status-line")
        yield Static(id="sb-work", classes="status-line")

    def show(self, view: StatusView) -> None:
        owner = Text("Owner: ", style="dim")
        owner.append(view.owner, style="bold")
        if view.awaiting_ack:
            owner.append(f" · waiting for {view.awaiting_ack} to ack (k)", style="italic")
        if view.pending_joins:
            owner.append(" · waiting to join: ", style="dim")
            owner.append(", ".join(view.pending_joins), style="bold")
            owner.append(" (j)", style="dim")
        owner.append(" · ")
        owner.append(view.situation, style="bold red" if "cannot" in view.situation else "bold")
        if view.accounts_wrote_in:
            owner.append(f" · {view.accounts_wrote_in} account{'s' if view.accounts_wrote_in != 1 else ''} wrote in")
        level = "warn" if view.owner == "nobody" and view.internal.left is not None else "ok"
        self._set("#sb-owner", owner, level)

        for selector, countdown in (("#sb-internal", view.internal), ("#sb-customer", view.customer)):
            self._set(selector, self._countdown(countdown), countdown.level)

        work = Text()
        for label, items in (("checks running: ", view.checks_running), ("repairs running: ", view.repairs_running)):
            if items:
                if work:
                    work.append(" · ")
                work.append(label, style="dim")
                work.append(", ".join(items))
        self._set("#sb-work", work, "ok")

    @staticmethod
    def _countdown(countdown: Countdown) -> Text:
        text = Text(f"{countdown.label} update: ", style="dim")
        text.append(countdown.last_text)
        text.append(" · ")
        text.append(countdown.mark_text, style="bold")
        return text

    def _set(self, selector: str, text: Text, level: str) -> None:
        """Update a line only when it changes: an update costs a layout pass, and ticks come 4 times a second."""
        if self._shown.get(selector) == (text, level):
            return
        self._shown[selector] = (text, level)
        line = self.query_one(selector, Static)
        line.update(text)
        line.display = bool(text)
        line.set_class(level == "warn", "-warn")
        line.set_class(level == "late", "-late")
