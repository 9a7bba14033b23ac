"""`drill join`: the room for one seat of a hosted drill, on this person's own screen.

The app connects with the join code (asked for on the screen when none was given, as in a browser
seat), opens the same room as `drill play` once the host welcomes the seat, and the debrief when
the host sends it. The seat client runs in a worker on the app's loop; it reconnects by itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from drills.errors import DrillError
from drills.seats import SeatClient, SeatRefused, Welcome, normalise
from drills.tui.keys import CTRL_C, KeyHolding
from drills.tui.seat import SeatDrill


class JoinScreen(Screen[None]):
    """Where the seat waits for its host: asks for the code if it has none, then says what happens."""

    BINDINGS: ClassVar = [Binding("ctrl+q", "app.quit", "Quit")]

    def __init__(self, address: str, *, ask_code: bool) -> None:
        super().__init__()
        self.address = address
        self.ask_code = ask_code

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="join"):
            yield Static(Text.assemble(("Join a hosted drill", "bold"), ("  at ", "dim"), (self.address, "bold")))
            yield Input(placeholder="join code, e.g. K7F2-QX9M-4TDA-8WZE", id="code", compact=True)
            yield Static("", id="join-status")

    def on_mount(self) -> None:
        code = self.query_one("#code", Input)
        code.display = self.ask_code
        if self.ask_code:
            code.focus()
        else:
            self.app.connect(self.app.code)  # type: ignore[attr-defined]

    def say(self, text: str, style: str = "") -> None:
        self.query_one("#join-status", Static).update(Text(text, style=style))

    @on(Input.Submitted, "#code")
    def _submitted(self, event: Input.Submitted) -> None:
        if len(normalise(event.value)) < 16:
            self.say("A join code has 16 letters and digits (the dashes do not matter).", "red")
            return
        self.app.connect(event.value)  # type: ignore[attr-defined]


class SeatApp(KeyHolding):
    CSS_PATH = "drills.tcss"
    TITLE = "drills"
    BINDINGS: ClassVar = [CTRL_C]

    def __init__(self, address: str, code: str | None, *, monotonic: Callable[[], float] = time.monotonic,
                 tick_interval: float = 0.25, cursor_blink: bool = True, highlight_seconds: float = 4.0,
                 notice_seconds: float = 4.0) -> None:
        super().__init__()
        self.address = address
        self.code = code
        self.monotonic = monotonic
        self.tick_interval = tick_interval
        self.cursor_blink = cursor_blink
        self.highlight_seconds = highlight_seconds
        self.notice_seconds = notice_seconds
        self.live: SeatDrill | None = None
        self.client: SeatClient | None = None
        self.error: DrillError | None = None
        """A refusal when the code came from the command line: the launcher ends with it as one line."""

    def get_default_screen(self) -> Screen:
        return JoinScreen(self.address, ask_code=self.code is None)

    @property
    def join_screen(self) -> JoinScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, JoinScreen)), None)

    def connect(self, code: str) -> None:
        if self.join_screen is not None:
            self.join_screen.say(f"Connecting to {self.address}…", "italic")
        self._run_seat(code)

    @work(exclusive=True, group="seat", exit_on_error=False)
    async def _run_seat(self, code: str) -> None:
        client = SeatClient(self.address, code, on_welcome=self._welcomed, on_events=self._events,
                            on_message=self._message, on_connection=self._connection)
        self.client = client
        try:
            await client.run()
        except SeatRefused as refusal:
            if self.live is None and self.code is None and self.join_screen is not None:
                self.join_screen.say(str(refusal), "bold red")  # a browser seat: try another code
                return
            if self.live is None:
                self.error = DrillError(str(refusal))
                self.exit("")
                return
            self.notify(str(refusal), severity="error", markup=False, timeout=3600)

    def _welcomed(self, welcome: Welcome) -> None:
        if self.live is not None:
            self.notify("Back in touch with the host.", markup=False)
            return
        assert self.client is not None
        from drills.tui.screens.room import RoomScreen

        self.live = SeatDrill.opened(self.client, welcome)
        self.live.notify = lambda text, severity: self.notify(text, severity=severity, markup=False)  # type: ignore[arg-type]
        self.sub_title = f"seat {welcome.seat}"
        self.push_screen(RoomScreen(self.live))

    def _events(self, events) -> None:
        if self.live is not None:
            self.live.receive_events(events)

    def _message(self, message: dict) -> None:
        if self.live is not None:
            self.live.receive(message)

    def _connection(self, connected: bool) -> None:
        if not connected and self.live is not None and not self.live.model.done:
            self.notify("Lost the host; reconnecting with the same code…", severity="warning", markup=False)

    @property
    def room(self):
        from drills.tui.screens.room import RoomScreen

        return next(s for s in self.screen_stack if isinstance(s, RoomScreen))

    def open_debrief(self, live: SeatDrill) -> None:
        from drills.tui.screens.debrief import DebriefScreen

        while isinstance(self.screen, ModalScreen):
            self.pop_screen()
        self.clear_notifications()
        self.switch_screen(DebriefScreen(live))  # type: ignore[arg-type]

    def leave_drill(self, live: SeatDrill) -> None:
        self.exit(live.leave())

    async def action_quit(self) -> None:
        """ctrl+q, ctrl+c: in a running drill, the room asks first (a form open is closed unsent)."""
        from drills.tui.screens.dialogs import ConfirmScreen
        from drills.tui.screens.room import RoomScreen

        room = next((s for s in self.screen_stack if isinstance(s, RoomScreen)), None)
        if self.live is not None and not self.live.model.done and room is not None:
            if isinstance(self.screen, ConfirmScreen):
                return  # already asking
            while self.screen is not room and isinstance(self.screen, ModalScreen):
                self.pop_screen()
            room.action_quit()
            return
        if self.client is not None:
            await self.client.close()
        self.exit("")
