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
print(" ".join(m for m in ("drills.engine", "drills.session", "drills.tui.screens.room", "drills.tui.screens.debrief",
                           "drills.playbook", "drills.scoring", "faker") if m in sys.modules))
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
