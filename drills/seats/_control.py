"""The clock control of a single-screen drill (`drill play`): a small loopback socket the room opens so
that `drill console LOG` in a second terminal can pause, resume and change the speed.

The room writes `control.json` beside its log (port and token, readable by its user only) when it
opens the socket, and removes it when it closes. The console reads the log itself (read-only) and
uses this socket only for the clock: it speaks the seats' wire format (hello with the token, clock
operations, clock messages each second) and refuses actions — a shared screen's team acts in its room.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from drills.errors import UsageError
from drills.seats._briefing import Briefing
from drills.seats._codes import FACILITATOR_SEAT
from drills.seats._wire import MAX_MESSAGE_BYTES, ClockOp, Hello, WireError, decode_seat_message, encode
from drills.world import LiveClock

CONTROL_FILE = "control.json"


class ClockControl:
    def __init__(self, clock: LiveClock, folder: Path, briefing: Briefing,
                 on_change: Callable[[], None] = lambda: None) -> None:
        self.clock = clock
        self.folder = folder
        self.briefing = briefing
        self.on_change = on_change
        self.token = secrets.token_urlsafe(24)
        self.port = 0
        self._server: Server | None = None
        self._clients: set[ServerConnection] = set()

    async def serve(self) -> None:
        """Listen until cancelled (the room runs this in a worker)."""
        self._server = await serve(self._handle, "127.0.0.1", 0, max_size=MAX_MESSAGE_BYTES, compression=None)
        self.port = self._server.sockets[0].getsockname()[1]
        path = self.folder / CONTROL_FILE
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            json.dump({"port": self.port, "token": self.token}, out)
        try:
            while True:
                await asyncio.sleep(1.0)
                self.broadcast()
        finally:
            path.unlink(missing_ok=True)
            self._server.close()

    def status(self) -> bytes:
        return encode("clock", now=self.clock.engine.now, speed=self.clock.speed, paused=self.clock.paused,
                      real_minutes_left=self.clock.real_minutes_left(), ended=self.clock.engine.done)

    def broadcast(self) -> None:
        message = self.status()
        for ws in list(self._clients):
            asyncio.get_running_loop().create_task(_send(ws, message))

    async def _handle(self, ws: ServerConnection) -> None:
        try:
            hello = decode_seat_message(await asyncio.wait_for(ws.recv(), timeout=15))
            if not isinstance(hello, Hello) or not secrets.compare_digest(hello.code, self.token):
                raise WireError("wrong control token — attach with `drill console LOG` as the user who runs the room")
        except (WireError, TimeoutError, ConnectionClosed) as problem:
            with contextlib.suppress(ConnectionClosed):
                await ws.send(encode("refused", reason=str(problem) or "no hello", fatal=True))
            return
        await ws.send(encode("welcome", seat=FACILITATOR_SEAT, parts=[], facilitator=True,
                             briefing=self.briefing.to_data(), address=f"127.0.0.1:{self.port}"))
        await ws.send(self.status())
        self._clients.add(ws)
        try:
            async for raw in ws:
                try:
                    message = decode_seat_message(raw)
                except WireError as problem:
                    await ws.send(encode("refused", reason=f"invalid message: {problem}", fatal=False))
                    continue
                if isinstance(message, ClockOp) and not self.clock.engine.done:
                    apply_clock_op(self.clock, message.op, message.speed)
                    self.on_change()
                    self.broadcast()
                else:
                    await ws.send(encode("refused", reason="read-only: a console attached to `drill play` runs "
                                                           "the clock; the team acts in its room", fatal=False))
        except ConnectionClosed:
            pass
        finally:
            self._clients.discard(ws)


async def _send(ws: ServerConnection, message: bytes) -> None:
    with contextlib.suppress(ConnectionClosed):
        await ws.send(message)


def apply_clock_op(clock: LiveClock, op: str, speed: float | None = None) -> None:
    """A facilitator's clock operation (the wire's `clock` op) on a live clock."""
    if op == "pause":
        clock.pause()
    elif op == "resume":
        clock.resume()
    elif op == "toggle":
        clock.toggle()
    elif op == "faster":
        clock.faster()
    elif op == "slower":
        clock.slower()
    elif op == "speed" and speed is not None:
        clock.set_speed(speed)


def read_control(log: Path) -> dict[str, Any]:
    """The control socket a running room opened beside `log` (UsageError when none is open)."""
    path = log.parent / CONTROL_FILE
    try:
        data = json.loads(path.read_text())
        return {"port": int(data["port"]), "token": str(data["token"])}
    except FileNotFoundError:
        raise UsageError(f"{log}: no room is running this drill (no {CONTROL_FILE} beside the log) — start it "
                         "with `drill play` or `drill resume`, then attach") from None
    except (ValueError, KeyError, TypeError):
        raise UsageError(f"{path}:1:1: not a control file — close the room and open it again") from None
