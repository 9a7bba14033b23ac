"""The Textual app: which screen is showing and the few things every screen shares.

Only the setup screen is imported up front, and it draws from setup cards (`drills.scenario._cards`): the
scenario model, pydantic and the loader load in the setup's worker after its first frame, and the
room, the forms, the debrief and the engine once the setup is shown (`_preload`, a thread worker), so
`drill play` shows its first frame without paying for them and Start finds them loaded.
"""

from __future__ import annotations

import gc
import importlib
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.screen import ModalScreen, Screen

from drills.tui.keys import CTRL_C, KeyHolding
from drills.tui.screens.setup import Offer, SetupScreen

if TYPE_CHECKING:
    from drills.errors import DrillError
    from drills.tui.live import LiveDrill
    from drills.tui.screens.room import RoomScreen

PRELOAD = ("drills.world._session", "drills.tui.live", "drills.tui.screens.room", "drills.tui.screens.debrief")
"""What Start and the drill need, imported in the background once the setup screen is up."""


class DrillApp(KeyHolding):
    """Setup, then the room, then the debrief. `exit` returns a line for the terminal (or '')."""

    CSS_PATH = "drills.tcss"
    TITLE = "drills"
    BINDINGS: ClassVar = [CTRL_C]

    def __init__(
        self,
        *,
        choices: Sequence[Offer] = (),
        live: LiveDrill | None = None,
        seed: int | None = None,
        speed: float | None = None,
        playbook: Path | None = None,
        reports: Path = Path("reports"),
        monotonic: Callable[[], float] = time.monotonic,
        tick_interval: float = 0.25,
        cursor_blink: bool = True,
        highlight_seconds: float = 4.0,
        notice_seconds: float = 4.0,
        started_at: Callable[[], datetime] = datetime.now,
        pause_gc: bool = False,
    ) -> None:
        """`monotonic` and `tick_interval` let tests drive the clock; `started_at` names drill folders;
        the blink, highlight and notice durations are real time, so snapshot tests freeze them.

        `pause_gc` (`drill play`): no garbage collection until the setup's first frame is painted. What
        is loaded by then (modules, classes) lives as long as the process, so it is frozen out of every
        later collection, and the collections the start-up would trigger (a full one among them, ~30 ms)
        wait until the frame is up (`first_frame_painted`)."""
        super().__init__()
        self._gc_paused = pause_gc
        if pause_gc:
            gc.freeze()
            gc.disable()
        if live is None and not choices:
            raise ValueError("give the scenarios to choose from, or a live drill to reopen")
        self.choices = list(choices)
        self.live = live
        self.seed, self.speed, self.playbook, self.reports = seed, speed, playbook, reports
        self.monotonic = monotonic
        self.tick_interval = tick_interval
        self.cursor_blink = cursor_blink
        self.highlight_seconds = highlight_seconds
        self.notice_seconds = notice_seconds
        self.started_at = started_at
        self.error: DrillError | None = None
        """Set by `fail`: the launcher raises it once the app has closed, so it ends as its one line."""

    def get_default_screen(self) -> Screen:
        if self.live is not None:
            from drills.tui.screens.room import RoomScreen

            return RoomScreen(self.live)
        return SetupScreen(self.choices, seed=self.seed, speed=self.speed)

    def first_frame_painted(self) -> None:
        """The setup's first frame is on the screen: garbage collection resumes (see `pause_gc`)."""
        if self._gc_paused:
            self._gc_paused = False
            gc.enable()

    def fail(self, error: DrillError) -> None:
        """Close the app because of an error the user can fix (a built-in scenario that fails its checks)."""
        self.error = error
        self.exit("")

    def on_setup_screen_shown(self) -> None:
        if not all(module in sys.modules for module in PRELOAD):
            self._preload()

    @work(thread=True, group="preload", exit_on_error=False)
    def _preload(self) -> None:
        """Import what Start needs while people read the setup (a failure here resurfaces at Start)."""
        for module in PRELOAD:
            importlib.import_module(module)

    def on_setup_screen_start(self, message: SetupScreen.Start) -> None:
        from drills.tui.live import LiveDrill
        from drills.tui.screens.room import RoomScreen
        from drills.world import drill_folder, new_engine

        setup = message.setup
        scenario = setup.choice.scenario
        folder = drill_folder(self.reports, scenario.id, setup.seed, now=self.started_at())
        engine = new_engine(scenario, setup.choice.source, seed=setup.seed, folder=folder,
                            players=setup.players, speed=setup.speed, durable=True)
        self.live = LiveDrill.start(engine, folder, playbook=self.playbook)
        self.push_screen(RoomScreen(self.live))

    @property
    def room(self) -> RoomScreen:
        """The room screen (tests and the screenshot script drive its clock)."""
        from drills.tui.screens.room import RoomScreen

        return next(s for s in self.screen_stack if isinstance(s, RoomScreen))

    def open_debrief(self, live: LiveDrill) -> None:
        from drills.tui.screens.debrief import DebriefScreen

        while isinstance(self.screen, ModalScreen):
            self.pop_screen()
        self.clear_notifications()
        if len(self.screen_stack) > 1:
            self.switch_screen(DebriefScreen(live))
        else:  # the room of a resumed drill is the default screen, which cannot be switched away
            self.push_screen(DebriefScreen(live))

    def leave_drill(self, live: LiveDrill) -> None:
        self.exit(live.leave())

    async def action_quit(self) -> None:
        """ctrl+q and the like: in a running drill, ask first (the room's own quit)."""
        if self.live is None:  # still in the setup: nothing to save
            self.exit("")
            return
        from drills.tui.screens.debrief import DebriefScreen
        from drills.tui.screens.dialogs import ConfirmScreen
        from drills.tui.screens.room import RoomScreen

        room = next((s for s in self.screen_stack if isinstance(s, RoomScreen)), None)
        if room is not None and not room.live.model.done:
            if isinstance(self.screen, ConfirmScreen):
                return  # already asking
            while self.screen is not room and isinstance(self.screen, ModalScreen):
                self.pop_screen()  # a form or a list: closed unsent, as esc would
            room.action_quit()
            return
        debrief = next((s for s in self.screen_stack if isinstance(s, DebriefScreen)), None)
        if debrief is not None:
            debrief.action_quit()
            return
        self.exit("")
