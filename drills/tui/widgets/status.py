"""The status board and the 'acting as' bar: they show a StatusView, nothing more."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import HorizontalGroup, Vertical
from textual.widgets import Static

from drills.tui.view import Countdown, StatusView


def _money(amount: float) -> str:
    return f"${amount:,.0f}"


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
        text.append("   (a: next person)", style="dim")
        self.update(text)


class StatusBoard(Vertical):
    """Sim clock, owner, the update countdowns, what the customer can do, the cost so far, work in flight."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: dict[str, tuple[Text, str]] = {}

    def compose(self) -> ComposeResult:
        with HorizontalGroup(classes="status-row"):
            yield Static(id="sb-clock", classes="chip")
            yield Static(id="sb-owner", classes="chip")
        with HorizontalGroup(classes="status-row"):
            yield Static(id="sb-internal", classes="chip")
            yield Static(id="sb-customer", classes="chip")
        with HorizontalGroup(classes="status-row"):
            yield Static(id="sb-cannot", classes="chip")
            yield Static(id="sb-works", classes="chip wide")
        with HorizontalGroup(classes="status-row"):
            yield Static(id="sb-cost", classes="chip wide")
        with HorizontalGroup(classes="status-row"):
            yield Static(id="sb-work", classes="chip wide")

    def show(self, view: StatusView) -> None:
        clock = Text()
        clock.append(view.clock, style="bold")
        clock.append(f" ×{view.speed:g} ")
        if view.ended:
            clock.append("■ ended", style="bold")
        elif view.paused:
            clock.append("⏸ PAUSED", style="bold reverse")
        else:
            clock.append("▶ running")
            clock.append(f" · {view.real_minutes_left:.0f} real min left", style="dim")
        self._set("#sb-clock", clock, "ok")

        owner = Text("Owner: ")
        owner.append(view.owner, style="bold")
        if view.awaiting_ack:
            owner.append(f" · waiting for {view.awaiting_ack} to ack", style="italic")
        level = "warn" if view.owner == "nobody" and view.internal.left is not None else "ok"
        self._set("#sb-owner", owner, level)

        for selector, countdown in (("#sb-internal", view.internal), ("#sb-customer", view.customer)):
            self._set(selector, self._countdown(countdown), countdown.level)

        cannot = Text.assemble((view.customer_state, "bold"))
        self._set("#sb-cannot", cannot, "late" if "cannot" in view.customer_state else "ok")
        works = Text.assemble(("still works: ", "dim"))
        works.append(view.still_works or "—")
        self._set("#sb-works", works, "ok")

        cost = Text()
        cost.append(f"{view.accounts_blocked}", style="bold")
        cost.append(" accounts blocked · ")
        cost.append(f"{view.customer_minutes_blocked:,.0f}", style="bold")
        cost.append(" customer-minutes · ")
        cost.append(_money(view.revenue_lost), style="bold")
        cost.append(" lost · trust ")
        cost.append(f"{view.trust:.0f}/100", style="bold")
        self._set("#sb-cost", cost, "warn" if view.trust < 50 else "ok")

        work = Text()
        work.append("waiting to join: ", style="dim")
        work.append(", ".join(view.pending_joins) or "—", style="bold" if view.pending_joins else "")
        work.append(" · checks running: ", style="dim")
        work.append(", ".join(view.checks_running) or "—")
        work.append(" · repairs: ", style="dim")
        work.append(", ".join(view.repairs_running) or "—")
        self._set("#sb-work", work, "warn" if view.pending_joins else "ok")

    @staticmethod
    def _countdown(countdown: Countdown) -> Text:
        text = Text(f"{countdown.label}: ")
        text.append(countdown.last_text)
        text.append(" · ")
        text.append(countdown.mark_text, style="bold")
        return text

    def _set(self, selector: str, text: Text, level: str) -> None:
        """Update a chip only when it changes: an update costs a layout pass, and ticks come 4 times a second."""
        if self._shown.get(selector) == (text, level):
            return
        self._shown[selector] = (text, level)
        chip = self.query_one(selector, Static)
        chip.update(text)
        chip.set_class(level == "warn", "-warn")
        chip.set_class(level == "late", "-late")
