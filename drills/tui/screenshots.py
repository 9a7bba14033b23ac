"""README screenshots: play a scripted drill in the room and save SVGs of the room and the debrief.

    python -m drills.tui.screenshots docs/      # writes docs/screenshots/room.svg and debrief.svg

Deterministic: the built-in default scenario, its seed, a frozen clock advanced by explicit
seconds, fixed drill-folder names; the drill's files go to a temporary folder.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from textual.pilot import Pilot

from drills.tui.app import DrillApp

ROOM_SIZE = (80, 24)
"""The room as most laptops' terminals first show it (the README says so)."""
DEBRIEF_SIZE = (120, 40)


async def _keys(pilot: Pilot, *keys: str, text: str = "") -> None:
    await pilot.press(*keys, *text)
    await pilot.pause()


async def _advance_to(pilot: Pilot, app: DrillApp, sim_minute: float) -> None:
    room = app.room
    left = sim_minute - room.live.engine.now
    if left > 0:
        room.advance(left / room.live.clock.speed * 60)
    await pilot.pause()


async def play(pilot: Pilot, out: Path) -> None:
    """The scripted drill: a good start with one slip (a fix-time promise) for the debrief to flag."""
    app = pilot.app
    assert isinstance(app, DrillApp)
    await _keys(pilot, "tab", "tab", "tab", text="Marta")
    await _keys(pilot, "tab", text="Jon")
    await _keys(pilot, "tab", text="Ade")
    await _keys(pilot, "ctrl+s")
    await _advance_to(pilot, app, 10)
    await _keys(pilot, "o", "enter")
    await _keys(pilot, "u", text="Alder & Finch (2291): export fails EXP-422 since 10:12")
    await _keys(pilot, "enter", text="exports for accounts with a numeric tax ID")
    await _keys(pilot, "enter", text="Maya: export logs for 2291, then the 09:41 release")
    await _keys(pilot, "enter", "enter")
    await _keys(pilot, "x", "enter")
    await _keys(pilot, "a")
    await _keys(pilot, "c", text="logging in, editing invoices, payments")
    await _keys(pilot, "enter", text="exporting invoices fails with EXP-422")
    await _keys(pilot, "enter", text="the cause and how many accounts")
    await _keys(pilot, "enter", "enter", text="should be fixed in 30 minutes")
    await _keys(pilot, "enter")
    await _advance_to(pilot, app, 15)
    await _keys(pilot, "a")
    await _keys(pilot, "x", "down", "enter")
    await _advance_to(pilot, app, 19)
    await _keys(pilot, "r", "enter")
    await _advance_to(pilot, app, 21)
    await _keys(pilot, "n", "down", "down", "enter", text="Rollback of the export job alone should clear it")
    await _keys(pilot, "enter")
    await _keys(pilot, "2")  # the inbox: the replies marked, the ticket's account in bold
    app.clear_notifications()
    await pilot.pause()
    app.save_screenshot("room.svg", str(out))
    await _keys(pilot, "1")
    await pilot.resize_terminal(*DEBRIEF_SIZE)
    await pilot.pause()
    await _advance_to(pilot, app, 29)
    await _keys(pilot, "y")
    await _advance_to(pilot, app, 36)
    await _keys(pilot, "v", "enter")
    await _keys(pilot, "ctrl+e", "y")
    await app.workers.wait_for_complete()
    await pilot.pause()
    app.save_screenshot("debrief.svg", str(out))


async def _main(docs: Path) -> None:
    from drills.paths import DEFAULT_SCENARIO
    from drills.scenario import load_scenario
    from drills.tui.screens.setup import ScenarioChoice

    out = (docs / "screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    loaded = load_scenario(DEFAULT_SCENARIO)
    with tempfile.TemporaryDirectory() as scratch:
        here = Path.cwd()
        os.chdir(scratch)
        try:
            app = DrillApp(choices=[ScenarioChoice(loaded.scenario, loaded.source)], reports=Path("reports"),
                           monotonic=lambda: 0.0, cursor_blink=False, highlight_seconds=3600, notice_seconds=3600,
                           started_at=lambda: datetime(2026, 3, 2, 10, 0, 0))
            async with app.run_test(size=ROOM_SIZE, notifications=True) as pilot:
                await play(pilot, out)
        finally:
            os.chdir(here)
    print(f"wrote {out / 'room.svg'} and {out / 'debrief.svg'}")


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.exit("usage: python -m drills.tui.screenshots DOCS_FOLDER")
    asyncio.run(_main(Path(args[0])))


if __name__ == "__main__":
    main()
