"""The status board, the facilitator line and the 'acting as' bar: they show a StatusView, nothing more.

Every line wraps rather than being cut: at 80 columns a long owner name or a long check label takes
a second line instead of losing its end.
"""

from __future__ import annotations

from rich.style import Style
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


FACILITATOR_KEYS = (("space", "␣", "pause"), ("plus", "+/-", "speed"), ("i", "i", "inject"), ("ctrl+e", "^e", "end"))
"""The facilitator's keys, on their line (the key bar holds the team's)."""


class FacilitatorLine(Static):
    """The facilitator's line: the clock, its speed, their last change and their keys (never in the team's
    thread). `wide`: room for the last change too, and for `R` while the scenario holds something back
    for the facilitator (narrow: a toast says when one is due)."""

    wide = False

    def show(self, view: StatusView, *, held: int = 0, controls: bool = True) -> None:
        """`controls`: this screen runs the clock (a shared screen); a hosted seat shows it, keys-free."""
        text = Text()
        text.append(view.clock, style="bold")
        text.append(f" ×{view.speed:g} ")
        if view.ended:
            text.append("■ ended", style="bold")
        elif view.paused:
            text.append("⏸ PAUSED", style="bold reverse")
        else:
            text.append("▶ ", style="bold")
            text.append(f"{view.real_minutes_left:.0f} {'real ' if self.wide else ''}min left", style="dim")
        if view.facilitator and self.wide:
            text.append(f" · last change {view.facilitator}", style="magenta")
        if controls:
            text.append(" │ facilitator", style="bold magenta")
        else:
            text.append(" │ the facilitator runs the clock", style="magenta")
        keys = list(FACILITATOR_KEYS) if controls else []
        if held and self.wide and controls:
            keys.insert(3, ("R", "R", f"release ({held} held)"))
        for key, shown, label in keys:
            click = Style(meta={"@click": f"app.simulate_key({key!r})"})
            text.append(" ")
            text.append(f" {shown} ", style=Style(bold=True, reverse=True) + click)
            text.append(label, style=Style(color="magenta") + click)
        if text != self._shown:
            self._shown = text
            self.update(text)

    _shown: Text | None = None


class StatusBoard(Vertical):
    """The owner, what reached the team about the customers, the update countdowns, work in flight.
    `wide`: each countdown on its own line with the time of the last update; narrow: both on one."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: dict[str, tuple[Text, str]] = {}
        self.wide = False

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
        if view.decisions_waiting:
            waiting = view.decisions_waiting
            owner.append(f" · {'a decision waits' if waiting == 1 else f'{waiting} decisions wait'} (d)",
                         style="bold italic")
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

        if self.wide:
            for selector, countdown in (("#sb-internal", view.internal), ("#sb-customer", view.customer)):
                self._set(selector, self._countdown(countdown), countdown.level)
        else:
            both = self._short(view.internal)
            both.append("   ")
            both.append_text(self._short(view.customer))
            worst = max((view.internal.level, view.customer.level), key=("ok", "warn", "late").index)
            self._set("#sb-internal", both, worst)
            self._set("#sb-customer", Text(), "ok")

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

    @staticmethod
    def _short(countdown: Countdown) -> Text:
        """One countdown in a few words: 'Internal: promised 10:45 · due in 20m'."""
        text = Text(f"{countdown.label}: ", style="dim")
        text.append(countdown.mark_text if countdown.left is not None or countdown.last_text == "none yet"
                    else countdown.idle, style="bold")
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
