"""A whole drill played by keys in a real terminal at 80x24 (tmux), reading the screen as a person would.

`drill play` runs in a tmux pane of 80x24 on a private tmux server; keys go in with `send-keys` in
bursts, as fast as tmux delivers them, and the screen is read back with `capture-pane`. The drill
runs on its real clock at a high speed; each wait polls the screen for what a person would wait
for (with a generous deadline, never asserting how long anything took). Skipped when tmux is not
installed (`apt-get install -y tmux`; `.ci/run` installs it where it can).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install -y tmux)")

DEADLINE = 60.0
"""Seconds to wait for something to appear before the test fails (a hang, not slowness)."""


class Terminal:
    """One tmux pane running a command, on a tmux server of its own."""

    def __init__(self, command: list[str], cwd: Path, size: tuple[int, int] = (80, 24)) -> None:
        self.socket = f"drills-test-{uuid.uuid4().hex[:8]}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
        env.update(TERM="xterm-256color", COLUMNS=str(size[0]), LINES=str(size[1]))
        shell = f"cd {shlex.quote(str(cwd))} && {shlex.join(command)}; echo EXITED $?; sleep 600"
        self._tmux("new-session", "-d", "-s", "drill", "-x", str(size[0]), "-y", str(size[1]), shell, env=env)

    def _tmux(self, *args: str, env: dict[str, str] | None = None) -> str:
        assert TMUX is not None
        result = subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True, env=env,
                                timeout=30, check=True)
        return result.stdout

    def keys(self, *keys: str) -> None:
        """Send keys in one burst: tmux key names ('Enter', 'Tab', 'C-s') or literal text."""
        self._tmux("send-keys", "-t", "drill", *keys)

    def text(self, text: str) -> None:
        self._tmux("send-keys", "-t", "drill", "-l", text)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "drill")

    def wait_for(self, *words: str, deadline: float = DEADLINE) -> str:
        """The screen once it shows every one of `words` (a phrase may wrap onto the next line)."""
        end = time.monotonic() + deadline
        screen = ""
        while time.monotonic() < end:
            screen = self.screen()
            flowing = " ".join(screen.split())
            if all(" ".join(word.split()) in flowing for word in words):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"the screen never showed {words!r}; it shows:\n{screen}")

    def close(self) -> None:
        subprocess.run([TMUX or "tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30,
                       check=False)


@pytest.fixture
def terminal(tmp_path: Path):
    opened: list[Terminal] = []

    def start(*args: str) -> Terminal:
        term = Terminal([sys.executable, "-m", "drills", *args], tmp_path)
        opened.append(term)
        return term

    yield start
    for term in opened:
        term.close()


def test_a_whole_drill_by_keys_at_80x24_shows_the_first_tickets_account_without_scrolling(terminal, tmp_path):
    term = terminal("play", "--speed", "120")  # 150 simulated minutes in 75 real seconds
    term.wait_for("Set up the drill", "Who plays whom")
    term.keys("Tab", "Tab", "Tab")
    term.text("Marta")
    term.keys("Tab")
    term.text("Jon")
    term.keys("C-s")
    term.wait_for("ACTING AS", "Maya Okafor", "Marta")

    # The first ticket arrives on the inbox tab; opening it shows its account number at once.
    term.wait_for("Reported 10:13 by Alder & Finch Wholesale")
    term.keys("2")
    inbox = term.wait_for("Ticket #48213")
    assert "(account 2291)" in inbox, inbox
    assert "● unanswered" in inbox

    # Owner, an internal update and a reply to the ticket, each typed in one burst.
    term.keys("o", "Enter")
    term.wait_for("Owner: Maya Okafor")
    term.keys("u")
    term.text("Alder & Finch (account 2291): exports fail with EXP-422 since 10:12")
    term.keys("Tab")
    term.text("accounts with a numeric tax ID")
    term.keys("Tab")
    term.text("Maya reads the export logs for 2291")
    term.keys("C-s")
    term.wait_for("promised")
    term.keys("a")
    term.wait_for("played by Jon")
    term.keys("c")
    term.text("logging in and editing invoices")
    term.keys("Tab")
    term.text("exporting invoices fails with EXP-422")
    term.keys("Tab")
    term.text("why it happens and how many accounts")
    term.keys("C-s")
    term.wait_for("✓ answered")

    # The owner checks the logs, then rolls back the export job; the customer retries.
    term.keys("a")
    term.wait_for("ACTING AS  Maya Okafor")
    term.keys("x", "Enter")
    term.wait_for("checks running:")
    term.keys("r", "Enter")
    term.wait_for("repairs running:")
    term.wait_for("monitoring: failures down")
    term.keys("1", "End")  # the thread, at its newest entries
    term.wait_for("repair landed")
    term.keys("y")
    term.wait_for("The customer confirmed")
    term.keys("v", "Enter")
    term.wait_for("marks the incident resolved")

    # End the drill; the debrief scores it and writes the scorecard.
    term.keys("C-e")
    term.wait_for("End the drill now?")
    term.keys("y")
    term.wait_for("Debrief", "Score", "P performed")  # the legend of the ratings, on screen
    term.keys("q")
    term.wait_for("EXITED 0")
    (folder,) = (tmp_path / "reports").iterdir()
    assert {p.name for p in folder.iterdir()} >= {"events.jsonl", "scorecard.md", "scorecard.html", "scorecard.json"}


def test_ctrl_c_pauses_the_drill_and_shows_how_to_resume_it(terminal, tmp_path):
    term = terminal("play", "--speed", "60")
    term.wait_for("Set up the drill")
    term.keys("C-s")
    term.wait_for("ACTING AS")
    term.keys("C-c")
    dialog = term.wait_for("Leave the drill room?", "The clock is paused", "drill resume", "events.jsonl")
    (folder,) = (tmp_path / "reports").iterdir()
    log = f"reports/{folder.name}/events.jsonl"
    assert any(log in line for line in dialog.splitlines()), (log, dialog)  # the path whole on one line
    term.keys("y")
    out = term.wait_for("EXITED 0")
    assert f"Resume it with: drill resume {log}" in "".join(out.splitlines())  # the terminal wraps it at 80
    clock = [json.loads(line) for line in (folder / "events.jsonl").read_text().splitlines()
             if '"kind":"clock"' in line]
    assert clock and clock[-1]["data"]["paused"] is True  # Ctrl-C paused the drill before it was saved
