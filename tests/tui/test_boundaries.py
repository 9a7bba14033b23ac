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
