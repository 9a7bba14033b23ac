"""Three real terminals in tmux: `drill host` with its console, and two `drill join` seats; a note
typed in one seat's room appears in the other's."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

TMUX = shutil.which("tmux")
DRILL = Path(sys.executable).parent / "drill"


def _tmux(server: str, *args: str, check: bool = True) -> str:
    return subprocess.run([TMUX, "-L", server, *args], capture_output=True, text=True, check=check, timeout=30).stdout


def _wait_for(probe, what: str, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"not seen within {timeout:g} s: {what}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install tmux) — the three-terminal test "
                                         "needs it")
def test_a_note_typed_in_one_terminal_seat_appears_in_the_other(tmp_path):
    server = f"drills-test-{tmp_path.name}"
    port = _free_port()
    size = ["-x", "120", "-y", "40"]
    try:
        _tmux(server, "new-session", "-d", "-s", "drill", *size, "-c", str(tmp_path),
              f"{DRILL} host --port {port} --seat ana=support-lead --seat ben=backend-lead,sre; sleep 60")

        def commands() -> list[str]:
            # The screen as it was before the console opened (no alternate screen yet: nothing).
            saved = _tmux(server, "capture-pane", "-p", "-a", "-t", "drill:0", check=False)
            return [line.split("#")[0].strip() for line in saved.splitlines() if line.startswith("drill join")]

        joins = _wait_for(lambda: commands() if len(commands()) == 2 else None, "the join commands")
        for name, command in zip(("ana", "ben"), joins, strict=True):
            _tmux(server, "new-window", "-t", "drill", "-n", name, "-c", str(tmp_path), f"{DRILL.parent}/{command}")

        def screen(window: str) -> str:
            return _tmux(server, "capture-pane", "-p", "-J", "-t", f"drill:{window}")

        _wait_for(lambda: "ACTING AS" in screen("ana") and "ACTING AS" in screen("ben"), "both seats' rooms")
        assert "Wendy Hudson" in screen("ana") and "Maya Okafor" in screen("ben")
        _tmux(server, "send-keys", "-t", "drill:ana", "n")
        _wait_for(lambda: "Note in the incident record" in screen("ana"), "the note form")
        for keys in (["Enter"], ["-l", "tmux-typed fact"], ["Enter"]):
            time.sleep(0.5)  # a real person's pace: each key lands in the field the last one moved to
            _tmux(server, "send-keys", "-t", "drill:ana", *keys)
        _wait_for(lambda: "tmux-typed fact" in " ".join(screen("ben").split()),
                  "the note on the other seat:\n" + screen("ana"))
        _wait_for(lambda: "seats 2/2 connected" in " ".join(screen("0").split()), "the console's seat count")
    finally:
        subprocess.run([TMUX, "-L", server, "kill-server"], capture_output=True, check=False, timeout=30)
