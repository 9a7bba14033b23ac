"""Browser seats: `drill host --web PORT` serves the seat's room in a browser page with textual-serve."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.slow


def test_the_browser_seat_page_is_served():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = f"{sys.executable} -m drills join 127.0.0.1:9"
    server = subprocess.Popen([sys.executable, "-m", "drills.tui.web", command, "127.0.0.1", str(port), "127.0.0.1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, page = time.monotonic() + 30, ""
        while time.monotonic() < deadline and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    page = answer.read().decode()
            except OSError:
                time.sleep(0.2)
        assert "textual.js" in page and "drills: join a hosted drill" in page
    finally:
        server.terminate()
        server.wait(timeout=10)
