"""The facilitator console: the clock, the truth the team cannot see, the seats, the score so far and
every event, on the facilitator's own screen.

It renders what its `ConsoleApp` holds (attributes down) and calls the app for the clock, injects,
releases and the end; the app talks to the host (or, for `drill play`, to the room's control socket).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from drills.tui import console_view
from drills.tui.render import Line, Names, describe
from drills.tui.widgets.feed import FeedPane
from drills.world import Event


class ConsoleScreen(Screen[None]):
    BINDINGS: ClassVar = [
        Binding("space", "app.clock('toggle')", "Pause/resume"),
        Binding("plus,equals_sign", "app.clock('faster')", "Faster"),
        Binding("minus,underscore", "app.clock('slower')", "Slower"),
        Binding("i", "app.inject", "Inject"),
        Binding("r", "app.release", "Release held"),
        Binding("j", "app.join_commands", "Join commands"),
        Binding("s", "app.rescore", "Score now"),
        Binding("ctrl+e", "app.end", "End drill"),
        Binding("d", "app.debrief", "Debrief"),
        Binding("q", "app.leave", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="console-clock")
        with Horizontal(id="console-panes"):
            with VerticalScroll(id="console-truth-box"):
                yield Static(id="console-truth")
            with VerticalScroll(id="console-side"):
                yield Static(id="console-score")
                yield Static(id="console-seats")
        yield FeedPane("Everything that happens (the facilitator sees all)", id="console-log")
        yield Footer()

    @property
    def owner(self) -> Any:
        """The console app (its module imports this one, so not named here)."""
        return self.app

    def on_mount(self) -> None:
        self.sub_title = "facilitator console"
        self.refresh_all()

    def add_events(self, events: list[Event], names: Names) -> None:
        lines: list[Text] = []
        for event in events:
            lines.extend(line.text for line in describe(event, names) or _hidden(event, names))
        self.query_one("#console-log", FeedPane).add(lines, fresh=False)

    def refresh_all(self) -> None:
        app = self.owner
        model = app.model
        if model is None:
            self.query_one("#console-clock", Static).update(Text(app.status_line, style="italic"))
            return
        seats = app.seats
        self.query_one("#console-clock", Static).update(console_view.clock_text(
            model.clock_text(), speed=model.speed, paused=model.paused, ended=model.done,
            real_minutes_left=model.real_minutes_left(),
            connected=sum(1 for s in seats if s["connected"] and s["id"] != "facilitator"),
            seats=sum(1 for s in seats if s["id"] != "facilitator")))
        truth = app.truth()
        if truth is not None:
            self.query_one("#console-truth", Static).update(console_view.truth_text(truth, model.clock_text,
                                                                                     model.now))
        self.query_one("#console-seats", Static).update(console_view.seats_text(seats, model.name_of))
        self.query_one("#console-score", Static).update(
            console_view.score_text(app.card, final=app.final, error=app.score_error))


def _hidden(event: Event, names: Names) -> list[Line]:
    """The world's workings the room does not show: the facilitator's log has them too."""
    data = event.data
    text = Text()
    text.append(names.clock_text(event.t), style="dim")
    if event.kind == "ceo_trigger":
        text.append(f" CEO trigger: {data.get('trigger', '')}", style="bold red")
        if data.get("note"):
            text.append(f" — {data['note']}")
    elif event.kind == "inject_skipped":
        text.append(f" inject {data.get('inject_id')} skipped: {data.get('reason', '')}", style="dim italic")
    elif event.kind == "world_changed":
        text.append(f" world: impact {data.get('impact')}", style="magenta")
        if data.get("reason"):
            text.append(f" — {data['reason']}", style="dim")
    elif event.kind in ("incident_reported", "outage_started", "customer_chased", "trust_changed", "ceo_asked",
                        "customer_retried"):
        text.append(f" {event.kind.replace('_', ' ')}", style="dim italic")
        detail = data.get("reason") or data.get("failing_system") or data.get("text") or ""
        if detail:
            text.append(f": {detail}", style="dim")
    else:
        return []
    return [Line("thread", text)]
