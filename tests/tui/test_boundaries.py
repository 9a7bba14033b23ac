"""The core never imports Textual; only drills.tui does, and only when the room opens."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import importlib, pkgutil, sys
import drills
names = [m.name for m in pkgutil.walk_packages(drills.__path__, "drills.") if not m.name.startswith("drills.tui")]
for name in names:
    importlib.import_module(name)
import drills.tui.launch
print(len(names), "textual" in sys.modules)
"""


def test_core_modules_and_the_launcher_do_not_import_textual() -> None:
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True).stdout.split()
    assert int(out[0]) > 20
    assert out[1] == "False"


FIRST_FRAME = """
import sys
from pathlib import Path
import drills.cli
from drills.tui.launch import play_app
play_app(None, seed=None, speed=None, playbook=None, reports=Path("reports"))
print(" ".join(m for m in ("drills.world._engine", "drills.world._session", "drills.tui.screens.room",
                           "drills.tui.screens.debrief", "drills.scoring._playbook", "drills.scoring._scorer",
                           "faker") if m in sys.modules))
"""


def test_drill_play_builds_its_first_screen_without_the_room_the_engine_or_faker() -> None:
    """They load after the setup is painted (a worker); the shipped playbook loads when the debrief scores."""
    out = subprocess.run([sys.executable, "-c", FIRST_FRAME], capture_output=True, text=True, check=True).stdout
    assert out.split() == []


AFTER_FIRST_FRAME = """
import asyncio, sys
from pathlib import Path
from drills.tui.app import PRELOAD
from drills.tui.launch import play_app

app = play_app(None, seed=None, speed=None, playbook=None, reports=Path("reports"))

async def main():
    async with app.run_test() as pilot:
        for _ in range(2):  # the names worker, then (on the setup's Shown) the preload worker
            await pilot.pause()
            await app.workers.wait_for_complete()
        print(" ".join(m for m in (*PRELOAD, "faker") if m not in sys.modules) or "-")
        print(str(app.screen.query_one("#cast-names").render()).count("…"))

asyncio.run(main())
"""


def test_the_names_and_what_start_needs_load_in_the_background_once_the_setup_is_up(tmp_path) -> None:
    out = subprocess.run([sys.executable, "-c", AFTER_FIRST_FRAME], capture_output=True, text=True, check=True,
                         cwd=tmp_path).stdout.split("\n")
    assert out[0] == "-"  # nothing left to load
    assert out[1] == "0"  # every part named


AT_FIRST_PAINT = """
import asyncio, gc, sys
from pathlib import Path
import drills.cli
from drills.tui.launch import play_app

WATCHED = ("pydantic", "drills.scenario._model", "drills.scenario._loader", "drills.world._casting")
app = play_app(None, seed=None, speed=None, playbook=None, reports=Path("reports"))
at_paint = []
display = app._display

def first_paint(screen, renderable):
    if renderable is not None and not at_paint:
        at_paint.append(" ".join(m for m in WATCHED if m in sys.modules) or "-")
    display(screen, renderable)

app._display = first_paint

async def main():
    async with app.run_test() as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        print(at_paint[0])
        print(" ".join(m for m in WATCHED if m not in sys.modules) or "-")
        print(gc.isenabled())

asyncio.run(main())
"""


def test_drill_play_paints_its_first_frame_before_loading_the_scenario_model(tmp_path) -> None:
    """The setup draws from cards read without pydantic; the scenarios are checked after the first paint,
    and garbage collection, paused for the start-up, runs again."""
    out = subprocess.run([sys.executable, "-c", AT_FIRST_PAINT], capture_output=True, text=True, check=True,
                         cwd=tmp_path).stdout.split("\n")
    assert out[0] == "-"  # none of them at the first paint
    assert out[1] == "-"  # all of them once the setup's worker has checked the scenarios
    assert out[2] == "True"
