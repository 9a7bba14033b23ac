"""The facilitator console app (`drill host` opens it in the host's terminal).

It is the facilitator's seat: it connects to the host like any seat, with the facilitator's code,
and receives every event, the scenario (so it can show the truth), the seats and the clock. The host
runs in the same process on its own thread (`HostThread`), so a busy console never delays the clock.

`drill console LOG` attaches the same console to a single-screen `drill play`: it reads the live log
(read-only, twice a second) and reaches the room's clock through the loopback control socket the room
opens beside the log (`control.json`); injects and the end stay in the room.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import App
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from drills.seats import RoomModel, SeatClient, SeatRefused, Welcome, truth_of
from drills.tui.render import Names, one_line
from drills.tui.screens.console import ConsoleScreen
from drills.tui.screens.dialogs import ChoiceScreen, ConfirmScreen
from drills.tui.seat import SeatDrill
from drills.world import FACILITATOR, EndDrill, Event, Release

if TYPE_CHECKING:
    from drills.scenario import Scenario
    from drills.scoring import Scorecard
    from drills.seats import Truth


class TextScreen(ModalScreen[None]):
    """A page of text (the join commands); any key closes it."""

    def __init__(self, title: str, body: Text) -> None:
        super().__init__()
        self.title_text, self.body = title, body

    def compose(self):
        with VerticalScroll(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield Static(self.body)
            yield Static(Text("any key closes this", style="dim"))

    def on_key(self) -> None:
        self.dismiss(None)


class ConsoleApp(App[str]):
    CSS_PATH = "drills.tcss"
    TITLE = "drills"

    def __init__(self, address: str, code: str, *, commands: list[str], listening: str = "",
                 log_path: Path | None = None, playbook: Path | None = None, resumed: bool = False,
                 score_every: float = 10.0, monotonic: Callable[[], float] = time.monotonic,
                 cursor_blink: bool = True, highlight_seconds: float = 4.0, notice_seconds: float = 4.0) -> None:
        super().__init__()
        self.address, self.code = address, code
        self.commands, self.listening, self.resumed = commands, listening, resumed
        self.log_path, self.playbook = log_path, playbook
        self.score_every, self.monotonic = score_every, monotonic
        self.cursor_blink, self.highlight_seconds, self.notice_seconds = cursor_blink, highlight_seconds, notice_seconds
        self.client: SeatClient | None = None
        self.drill: SeatDrill | None = None
        self.scenario: Scenario | None = None
        self.seats: list[dict[str, Any]] = []
        self.card: Scorecard | None = None
        self.final = False
        self.score_error: str | None = None
        self.status_line = f"Connecting to the host at {address}…"
        self._scored_at = -1
        self._names: Names | None = None
        self.attached: Path | None = None
        """The log of the `drill play` this console is attached to (read-only), or None beside a host."""
        self._log_offset = 0
        self._log_tail = b""
        self._pending_log: list[Event] = []
        """Log events read before the control socket's welcome (which gives the briefing)."""

    @classmethod
    def attach(cls, log: Path, **options: Any) -> ConsoleApp:
        """The console of a running `drill play`, attached to its log and its clock control."""
        from drills.seats import read_control

        control = read_control(log)
        app = cls(f"127.0.0.1:{control['port']}", control["token"], commands=[], log_path=None, **options)
        app.attached = log
        return app

    @property
    def model(self) -> RoomModel | None:
        return None if self.drill is None else self.drill.model

    @property
    def console_screen(self) -> ConsoleScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, ConsoleScreen)), None)

    def get_default_screen(self) -> Screen:
        return ConsoleScreen()

    def on_mount(self) -> None:
        if self.listening.startswith("OPEN TO THE NETWORK"):
            self.notify(self.listening, severity="warning", markup=False, timeout=60)
        if self.attached is not None:
            self.set_interval(0.5, self._read_log)
        self._run_console()
        self.set_interval(1.0, self._refresh)
        self.set_interval(self.score_every, self._maybe_score)

    # ---------------------------------------------------------------- the connection

    @work(exclusive=True, group="console", exit_on_error=False)
    async def _run_console(self) -> None:
        client = SeatClient(self.address, self.code, on_welcome=self._welcomed, on_events=self._events,
                            on_message=self._message, on_connection=self._connection)
        self.client = client
        try:
            await client.run()
        except SeatRefused as refusal:
            self.status_line = f"The host refused the console: {refusal}"
            self._refresh()

    def _welcomed(self, welcome: Welcome) -> None:
        if self.drill is None:
            assert self.client is not None
            self.drill = SeatDrill(self.client, welcome, RoomModel(welcome.briefing), log_path=self.log_path,
                                   playbook=self.playbook)
            self._names = Names(self.drill.model.name_of, self.drill.model.clock_text)
            self.call_later(self.action_rescore)
        if not self.commands and self.resumed:
            self.notify("Resumed: the seats reconnect with the codes they were given.", markup=False)
        pending = self._pending_log
        if pending:
            self._pending_log = []
            self._events(pending)
        self._refresh()

    def _read_log(self) -> None:
        """The new whole lines of the attached drill's log (a line being written waits for the next read)."""
        assert self.attached is not None
        with self.attached.open("rb") as log:
            log.seek(self._log_offset)
            chunk = log.read()
        self._log_offset += len(chunk)
        *lines, self._log_tail = (self._log_tail + chunk).split(b"\n")
        events = [Event.from_json(line) for line in lines if line.strip(b"\0 ")]
        if events:
            self._events(events)

    def _events(self, events: list[Event]) -> None:
        if self.drill is None:
            if self.attached is None:
                return
            self._pending_log.extend(events)
            return
        if self.scenario is None and events and events[0].kind == "drill_started":
            from drills.world import scenario_of

            self.scenario, _ = scenario_of(events[0])
        self.drill.receive_events(events)
        console = self.console_screen
        if console is not None and self._names is not None:
            console.add_events(events, self._names)
        self._refresh()

    def _message(self, message: dict[str, Any]) -> None:
        if self.drill is not None:
            self.drill.receive(message)
        kind = message["type"]
        if kind == "seats":
            self.seats = list(message["seats"])
        elif kind == "debrief":
            self.final = True
            if message.get("card") is not None:
                from drills.scoring import Scorecard

                self.card = Scorecard.model_validate(message["card"])
                self.notify("The drill has ended: the debrief is ready for everyone (d opens it here).",
                            markup=False, timeout=30)
            else:
                self.score_error = str(message.get("error"))
        elif kind == "done" and message.get("refused"):
            self.notify(f"Not done: {message['refused']}", severity="error", markup=False)
        elif kind == "refused":
            self.notify(str(message.get("reason")), severity="warning", markup=False)
        self._refresh()

    def _connection(self, connected: bool) -> None:
        if not connected:
            self.status_line = "Lost the host; reconnecting…"

    def _refresh(self) -> None:
        console = self.console_screen
        if console is not None:
            console.refresh_all()

    def truth(self) -> Truth | None:
        if self.scenario is None or self.model is None:
            return None
        return truth_of(self.scenario, self.model.events)

    # ---------------------------------------------------------------- the score so far

    def _maybe_score(self) -> None:
        if self.model is not None and not self.final and len(self.model.events) != self._scored_at:
            self._scored_at = len(self.model.events)
            self._score(list(self.model.events))

    @work(thread=True, exclusive=True, group="score", exit_on_error=False)
    def _score(self, events: list[Event]) -> None:
        from drills.scoring import load_playbook, score

        try:
            card = score(events, load_playbook(self.playbook))
        except Exception as exc:  # a preview must never take the console down; the debrief scores again
            self.call_from_thread(self._scored, None, f"{type(exc).__name__}: {exc}")
            return
        self.call_from_thread(self._scored, card, None)

    def _scored(self, card: Scorecard | None, error: str | None) -> None:
        if not self.final:
            self.card, self.score_error = card, error
            self._refresh()

    def action_rescore(self) -> None:
        self._scored_at = -1
        self._maybe_score()

    # ---------------------------------------------------------------- the facilitator's keys

    def _send(self, coroutine) -> None:
        self.run_worker(coroutine, group="send")

    def _read_only(self) -> bool:
        if self.attached is not None:
            self.notify("Attached to a single-screen drill: injects and the end are in its room (i, ctrl+e).",
                        markup=False)
        return self.attached is not None

    def action_clock(self, op: str) -> None:
        if self.client is not None and self.model is not None and not self.model.done:
            self._send(self.client.clock(op))

    def _act(self, action) -> None:
        if action is not None and self.client is not None:
            self._send(self.client.act(action))

    def action_inject(self) -> None:
        if self._read_only() or self.model is None or self.model.done:
            return
        from drills.tui.screens.base import FormContext
        from drills.tui.screens.console_inject import AdHocInjectForm

        self.push_screen(AdHocInjectForm(FormContext.of(self.model, FACILITATOR)), self._act)

    def action_release(self) -> None:
        """Release an inject or decision point the scenario holds back for the facilitator (format 2)."""
        if self._read_only():
            return
        truth = self.truth()
        if truth is None or self.model is None or self.model.done:
            return
        if not truth.held:
            self.notify("Nothing is held back for you in this scenario — `i` sends an ad-hoc inject.",
                        markup=False)
            return

        def picked(item: str | None) -> None:
            if item:
                self._act(Release(actor=FACILITATOR, item=item))

        choices = [(held.id, f"{held.id}: {one_line(held.what)}") for held in truth.held]
        self.push_screen(ChoiceScreen("Release which inject or decision now?", choices), picked)

    def action_end(self) -> None:
        if self._read_only() or self.model is None or self.model.done:
            return
        reason = "the team finished" if self.model.resolved else "ended early by the facilitator"

        def answered(yes: bool | None) -> None:
            if yes:
                self._act(EndDrill(actor=FACILITATOR, reason=reason))

        self.push_screen(ConfirmScreen("End the drill for everyone?", f"It ends as “{reason}”; every seat gets "
                                       "the debrief.", yes="End drill", no="Keep going"), answered)

    def action_join_commands(self) -> None:
        body = Text()
        if self.listening:
            body.append(self.listening + "\n\n", style="bold")
        for line in self.commands or ["(resumed: the seats use the codes they were given)"]:
            body.append(line + "\n")
        self.push_screen(TextScreen("Join commands, one per seat", body))

    def action_debrief(self) -> None:
        if self.drill is None or not self.final:
            self.notify("The debrief opens once the drill has ended.", markup=False)
            return
        from drills.tui.screens.debrief import DebriefScreen

        self.push_screen(DebriefScreen(self.drill))  # type: ignore[arg-type]

    def action_leave(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.exit("")

        running = self.model is not None and not self.model.done
        self.push_screen(ConfirmScreen("Close the console and stop the host?",
                                       "Seats lose the host; `drill host --resume LOG` brings it back." if running
                                       else "", yes="Quit", no="Stay"), answered)

    async def action_quit(self) -> None:
        self.action_leave()
