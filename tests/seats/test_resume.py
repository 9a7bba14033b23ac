"""A host killed with -9 is resumed from its log (`drill host --resume LOG`'s path) on the same port,
and the seats reconnect with their codes: nothing lost, no action applied twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from drills.seats import SEATS_FILE, resumed_hosted
from drills.world import PostUpdate, read_log

from .conftest import Drill, until

pytestmark = pytest.mark.slow

HOST_SCRIPT = textwrap.dedent("""
    import asyncio, json, sys
    from pathlib import Path
    from drills.seats import SeatSpec, new_hosted

    async def main():
        hosted = new_hosted(None, seed=1, speed=None, reports=Path(sys.argv[1]), bind="127.0.0.1", port=0,
                            seats=[SeatSpec("ana", ("support-lead",)), SeatSpec("ben", ("backend-lead", "sre"))])
        port = await hosted.host.start()
        print(json.dumps({"port": port, "codes": hosted.host.codes, "log": str(hosted.log)}), flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())
""")


async def test_a_killed_host_is_resumed_and_the_seats_reconnect(tmp_path: Path):
    process = subprocess.Popen([sys.executable, "-c", HOST_SCRIPT, str(tmp_path / "reports")],
                               stdout=subprocess.PIPE, text=True)
    try:
        started = json.loads(process.stdout.readline())
        log = Path(started["log"])
        first = Drill(None, started["codes"], log.parent, started["port"])
        ana, ben = await first.seat("ana"), await first.seat("ben")
        await until(lambda: ana.welcomes and ben.welcomes)
        await ana.client.act(PostUpdate(actor="support-lead", known="before the crash"), action_id="crash-0001")
        await until(lambda: any(e.kind == "action" for e in ben.events))
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    assert "code" not in (log.parent / SEATS_FILE).read_text().lower().replace("code_sha256", "")

    # The seat resends what it is not sure of (as after a crash between logging and acknowledging).
    ana.client.pending["crash-0001"] = {"kind": "post_update", "actor": "support-lead", "known": "before the crash"}
    hosted = resumed_hosted(log, bind="127.0.0.1", port=None)
    assert hosted.host.port == started["port"]  # the port the seats know, from the seats file
    await hosted.host.start()
    try:
        await until(lambda: len(ana.welcomes) == 2 and len(ben.welcomes) == 2, timeout=30)
        await ben.client.act(PostUpdate(actor="sre", known="after the resume"))
        await until(lambda: any(e.data.get("action", {}).get("known") == "after the resume" for e in ana.events))
        await until(lambda: ana.client.pending == {})
        knowns = [e.data["action"]["known"] for e in hosted.host.engine.events if e.kind == "action"]
        assert knowns == ["before the crash", "after the resume"]
        for seat in (ana, ben):
            seqs = [e.seq for e in seat.events]
            assert seqs == sorted(set(seqs))
    finally:
        for seat in (ana, ben):
            await seat.client.close()
        await hosted.host.stop()
    logged = read_log(log)
    assert [e.data["action"]["known"] for e in logged.events if e.kind == "action"] == knowns
    assert any(e.kind == "clock" and e.data["change"] == "pause" for e in logged.events[-5:])
