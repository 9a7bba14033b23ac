"""The host of a drill: the engine (the only writer of the event log), its live clock, and the
WebSocket server the seats connect to.

Everything runs on one asyncio loop: a tick advances the engine by the real time since the last tick
× speed (`LiveClock`), an action from a seat is applied as it arrives, and the events each produced
are sent to every connected seat that sees them. Each connection has its own outgoing queue and
writer, so a slow seat only ever fills its own queue; one that falls too far behind is dropped and
catches up from the log when it reconnects. Nothing waits for a seat.

Actions carry an id; the host keeps the id of every action it applied (and, beside the log, which
event it became), so a seat that resends after a reconnect, or after the host itself was killed and
resumed, never has an action applied twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from drills.scenario import Scenario
from drills.seats._briefing import Briefing, seat_started
from drills.seats._codes import SEATS_FILE, Seat, SeatBook, WrongCodes
from drills.seats._control import apply_clock_op
from drills.seats._visibility import seat_sees
from drills.seats._wire import (
    MAX_MESSAGE_BYTES,
    Act,
    ClockOp,
    Hello,
    SeatsAsk,
    WireError,
    decode_seat_message,
    encode,
    events_message,
    first_error,
)
from drills.world import FACILITATOR, Engine, Event, LiveClock, parse_action

LEDGER_FILE = "seat-actions.jsonl"
"""Beside the log: each applied action's id and the seq of the event it became (never a code)."""
CATCH_UP_BATCH = 500
"""Events per message when a seat catches up."""


@dataclass
class RateLimit:
    """A token bucket per connection: `burst` messages at once, `per_second` sustained. A seat that
    keeps flooding past `cutoff` refused messages in a row is disconnected."""

    per_second: float = 10.0
    burst: float = 20.0
    cutoff: int = 50


@dataclass
class _Connection:
    ws: ServerConnection
    seat: Seat
    queue: asyncio.Queue[bytes]
    tokens: float
    refill_at: float
    flooded: int = 0
    writer: asyncio.Task | None = None


@dataclass
class Host:
    """One hosted drill. Build it, `await start()`, and it serves until `await stop()`."""

    engine: Engine
    scenario: Scenario
    seats: SeatBook
    folder: Path | None
    """The drill's folder (events.jsonl, seats.json, the ledger, the scorecards); None keeps all in memory."""
    clock: LiveClock | None = None
    bind: str = "127.0.0.1"
    port: int = 0
    playbook: Path | None = None
    codes: dict[str, str] = field(default_factory=dict)
    """Codes in clear of the seats made by this process (for the console's join commands); memory only."""
    monotonic: Callable[[], float] = time.monotonic
    penalty_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    """How a wrong code's answer is delayed (tests record the delays instead of waiting)."""
    tick_seconds: float = 0.25
    clock_every: float = 1.0
    """Seconds between clock messages to every seat (and at once on every clock change)."""
    rate: RateLimit = field(default_factory=RateLimit)
    queue_limit: int = 512
    """Messages waiting for one seat before it is dropped as too slow."""
    wrong_codes: WrongCodes = field(default_factory=WrongCodes)

    def __post_init__(self) -> None:
        if self.clock is None:
            speed = float(self.engine.events[0].data.get("speed") or self.scenario.default_speed)
            self.clock = LiveClock(self.engine, speed)
        self.briefing = Briefing.of(self.scenario, self.engine.events[0])
        self.connections: list[_Connection] = []
        self.applied: dict[tuple[str, str], dict[str, Any]] = {}
        """(seat id, action id) -> the `done` message sent for it."""
        self.debrief: dict[str, Any] | None = None
        self._sent = 0
        self._server: Server | None = None
        self._tasks: list[asyncio.Task] = []
        self._ledger_fd: int | None = None
        self._last_tick = 0.0
        self._last_clock_message = 0.0
        self._finishing = False
        self._read_ledger()

    # ---------------------------------------------------------------- life

    async def start(self) -> int:
        """Listen and start the clock; returns the bound port (ask for port 0 to get a free one)."""
        self._server = await serve(self._serve, self.bind, self.port, max_size=MAX_MESSAGE_BYTES,
                                   max_queue=32, ping_interval=20, ping_timeout=20, compression=None)
        self.port = self._server.sockets[0].getsockname()[1]
        if self.folder is not None:
            self.seats.save(self.folder / SEATS_FILE, port=self.port)
            self._ledger_fd = os.open(self.folder / LEDGER_FILE, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self._sent = len(self.engine.events)
        self._last_tick = self.monotonic()
        self._tasks.append(asyncio.get_running_loop().create_task(self._ticking()))
        return self.port

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        if self._ledger_fd is not None:
            os.close(self._ledger_fd)
            self._ledger_fd = None
        self.engine.close()

    async def _ticking(self) -> None:
        while True:
            await asyncio.sleep(self.tick_seconds)
            self.tick()

    def tick(self) -> None:
        """Advance the clock by the real time since the last tick, and send what happened."""
        now = self.monotonic()
        elapsed, self._last_tick = now - self._last_tick, now
        assert self.clock is not None
        self.clock.tick(elapsed)
        self._broadcast()
        if now - self._last_clock_message >= self.clock_every:
            self._send_clock()

    # ---------------------------------------------------------------- what seats receive

    def _broadcast(self) -> None:
        events = self.engine.events
        if self._sent < len(events):
            new, self._sent = events[self._sent:], len(events)
            lines = [(event, event.to_line()) for event in new]
            for connection in list(self.connections):
                mine = [line for event, line in lines if self._sees(connection.seat, event)]
                if mine:
                    self._enqueue(connection, events_message(mine))
        if self.engine.done and not self._finishing:
            self._finishing = True
            self._send_clock()
            self._tasks.append(asyncio.get_running_loop().create_task(self._finish()))

    def _sees(self, seat: Seat, event: Event) -> bool:
        return seat_sees(event, seat.parts, facilitator=seat.facilitator)

    def _line_for(self, seat: Seat, event: Event) -> bytes:
        if event.kind == "drill_started" and not seat.facilitator:
            return seat_started(event).to_line()
        return event.to_line()

    def _enqueue(self, connection: _Connection, message: bytes) -> None:
        if connection.queue.qsize() >= self.queue_limit:
            self._drop(connection, 1013, "this seat fell too far behind; reconnecting catches it up")
            return
        connection.queue.put_nowait(message)

    def _drop(self, connection: _Connection, code: int, reason: str) -> None:
        if connection in self.connections:
            self.connections.remove(connection)
        asyncio.get_running_loop().create_task(connection.ws.close(code, reason))
        self._send_seats()

    def clock_message(self) -> bytes:
        assert self.clock is not None
        return encode("clock", now=self.engine.now, speed=self.clock.speed, paused=self.clock.paused,
                      real_minutes_left=self.clock.real_minutes_left(), ended=self.engine.done)

    def _send_clock(self) -> None:
        self._last_clock_message = self.monotonic()
        message = self.clock_message()
        for connection in list(self.connections):
            self._enqueue(connection, message)

    def seat_list(self) -> list[dict[str, Any]]:
        connected: dict[str, int] = {}
        for connection in self.connections:
            connected[connection.seat.id] = connected.get(connection.seat.id, 0) + 1
        return [{"id": s.id, "parts": list(s.parts), "label": s.label, "connected": connected.get(s.id, 0),
                 "code": self.codes.get(s.id)} for s in self.seats.seats.values()]

    def _send_seats(self) -> None:
        message = encode("seats", seats=self.seat_list(), address=self.address())
        for connection in self.connections:
            if connection.seat.facilitator:
                self._enqueue(connection, message)

    def address(self) -> str:
        return f"{display_host(self.bind)}:{self.port}"

    # ---------------------------------------------------------------- a connection

    async def _serve(self, ws: ServerConnection) -> None:
        remote = str(ws.remote_address[0]) if ws.remote_address else "?"
        try:
            raw = await asyncio.wait_for(ws.recv(), timeout=15)
            hello = decode_seat_message(raw)
            if not isinstance(hello, Hello):
                raise WireError("say hello with your join code first")
        except (WireError, TimeoutError) as problem:
            await self._refuse(ws, str(problem) or "no hello within 15 seconds")
            return
        except ConnectionClosed:
            return
        seat = self.seats.match(hello.code)
        if seat is None:
            await self.penalty_sleep(self.wrong_codes.delay_for(remote))
            await self._refuse(ws, "wrong join code — check the code the facilitator gave you (letters and "
                                   "digits in four groups, e.g. K7F2-QX9M-4TDA-8WZE)")
            return
        self.wrong_codes.forgive(remote)
        if self.engine.done and not seat.facilitator:
            await self._refuse(ws, "the drill has ended — this code no longer opens a seat; ask the facilitator "
                                   "for the debrief")
            return
        connection = _Connection(ws, seat, asyncio.Queue(), self.rate.burst, self.monotonic())
        self._welcome(connection, hello.since)
        self.connections.append(connection)
        connection.writer = asyncio.get_running_loop().create_task(self._write(connection))
        self._send_seats()
        try:
            async for raw in ws:
                # A dropped connection is still read until it closes: unread messages would stall the close.
                if connection not in self.connections:
                    continue
                if not self._allowed(connection):
                    if connection.flooded > self.rate.cutoff:
                        self._drop(connection, 1008, "too many messages: this seat is flooding the host")
                    continue
                self._receive(connection, raw)
        except ConnectionClosed:
            pass
        finally:
            if connection in self.connections:
                self.connections.remove(connection)
                self._send_seats()
            connection.writer.cancel()

    async def _refuse(self, ws: ServerConnection, reason: str) -> None:
        with contextlib.suppress(ConnectionClosed):
            await ws.send(encode("refused", reason=reason, fatal=True))
            await ws.close(1008, reason[:120])

    def _welcome(self, connection: _Connection, since: int) -> None:
        seat = connection.seat
        connection.queue.put_nowait(encode("welcome", seat=seat.id, parts=list(seat.parts),
                                           facilitator=seat.facilitator, briefing=self.briefing.to_data(),
                                           address=self.address()))
        batch: list[bytes] = []
        for event in self.engine.events[since + 1:self._sent]:
            if self._sees(seat, event):
                batch.append(self._line_for(seat, event))
                if len(batch) >= CATCH_UP_BATCH:
                    connection.queue.put_nowait(events_message(batch))
                    batch = []
        if batch:
            connection.queue.put_nowait(events_message(batch))
        connection.queue.put_nowait(self.clock_message())
        if seat.facilitator:
            connection.queue.put_nowait(encode("seats", seats=self.seat_list(), address=self.address()))
        if self.debrief is not None:
            connection.queue.put_nowait(encode("debrief", **self.debrief))

    async def _write(self, connection: _Connection) -> None:
        with contextlib.suppress(ConnectionClosed):
            while True:
                await connection.ws.send(await connection.queue.get())

    def _allowed(self, connection: _Connection) -> bool:
        now = self.monotonic()
        refill = (now - connection.refill_at) * self.rate.per_second
        connection.tokens = min(self.rate.burst, connection.tokens + refill)
        connection.refill_at = now
        if connection.tokens >= 1:
            connection.tokens -= 1
            connection.flooded = 0
            return True
        connection.flooded += 1
        if connection.flooded == 1:
            self._enqueue(connection, encode("refused", reason="slow down: too many messages from this seat; "
                                                                "the last ones were not applied", fatal=False))
        return False

    def _receive(self, connection: _Connection, raw: str | bytes) -> None:
        try:
            message = decode_seat_message(raw)
        except WireError as problem:
            self._enqueue(connection, encode("refused", reason=f"invalid message: {problem}", fatal=False))
            return
        if isinstance(message, Act):
            self._enqueue(connection, self._act(connection.seat, message))
            self._broadcast()
        elif isinstance(message, ClockOp | SeatsAsk) and not connection.seat.facilitator:
            self._enqueue(connection, encode("refused", reason="only the facilitator console can do that",
                                             fatal=False))
        elif isinstance(message, ClockOp):
            self.clock_op(message.op, message.speed)
        elif isinstance(message, SeatsAsk):
            self._enqueue(connection, encode("seats", seats=self.seat_list(), address=self.address()))
        else:
            self._enqueue(connection, encode("refused", reason="already said hello", fatal=False))

    def clock_op(self, op: str, speed: float | None = None) -> None:
        clock = self.clock
        assert clock is not None
        if self.engine.done:
            return
        self.tick()  # the time until now runs at the old speed
        apply_clock_op(clock, op, speed)
        self._broadcast()
        self._send_clock()

    def _act(self, seat: Seat, message: Act) -> bytes:
        key = (seat.id, message.id)
        if key in self.applied:
            return encode("done", **self.applied[key])
        try:
            action = parse_action(message.action)
        except ValidationError as problem:
            return encode("done", id=message.id, seq=None, refused=f"invalid action: {first_error(problem)}")
        allowed = seat.parts if not seat.facilitator else (FACILITATOR,)
        if action.actor not in allowed:
            held = ", ".join(self.briefing_name(p) for p in seat.parts)
            return encode("done", id=message.id, seq=None,
                          refused=f"this seat acts as {held}, not as {self.briefing_name(action.actor)}")
        seq = len(self.engine.events)
        self._record(seat.id, message.id, seq)
        event = self.engine.act(action)
        done = {"id": message.id, "seq": event.seq,
                "refused": event.data.get("reason") if event.kind == "action_refused" else None}
        self.applied[key] = done
        return encode("done", **done)

    def briefing_name(self, person: str) -> str:
        return self.engine.name_of(person) if person != FACILITATOR else "the facilitator"

    # ---------------------------------------------------------------- applied once, across restarts

    def _record(self, seat_id: str, action_id: str, seq: int) -> None:
        """Before applying: which event this action will be, fsynced (a host killed right after the
        action was logged then knows, on resume, that it was applied)."""
        if self._ledger_fd is not None:
            os.write(self._ledger_fd, json.dumps({"seat": seat_id, "id": action_id, "seq": seq}).encode() + b"\n")
            os.fsync(self._ledger_fd)

    def _read_ledger(self) -> None:
        if self.folder is None or not (self.folder / LEDGER_FILE).exists():
            return
        events = self.engine.events
        for line in (self.folder / LEDGER_FILE).read_bytes().splitlines():
            try:
                record = json.loads(line)
                seat_id, action_id, seq = str(record["seat"]), str(record["id"]), int(record["seq"])
            except (ValueError, KeyError, TypeError):
                continue  # a line torn by a kill: its action, if logged, is not known applied
            if 0 <= seq < len(events) and events[seq].kind in ("action", "action_refused"):
                event = events[seq]
                self.applied[(seat_id, action_id)] = {
                    "id": action_id, "seq": seq,
                    "refused": event.data.get("reason") if event.kind == "action_refused" else None}

    # ---------------------------------------------------------------- the end

    async def _finish(self) -> None:
        """Score the drill (in a thread: it takes a moment) and send the debrief to everyone."""
        self.engine.close()
        try:
            card, files = await asyncio.get_running_loop().run_in_executor(None, self._score)
        except Exception as exc:  # the log is safe either way; the seats hear why there is no debrief
            self.debrief = {"card": None, "files": {}, "error": f"{type(exc).__name__}: {exc}"}
        else:
            self.debrief = {"card": card, "files": files, "error": None}
        message = encode("debrief", **self.debrief)
        for connection in list(self.connections):
            self._enqueue(connection, message)

    def _score(self) -> tuple[dict[str, Any], dict[str, str]]:
        from drills.scoring import load_playbook, score
        from drills.world import LOG_NAME, read_log

        log = None if self.folder is None else self.folder / LOG_NAME
        events = read_log(log).events if log is not None and log.exists() else self.engine.events
        card = score(events, load_playbook(self.playbook))
        files: dict[str, str] = {}
        if self.folder is not None:
            from drills.reports import write_scorecards

            files = {kind: str(path) for kind, path in write_scorecards(self.folder, events, card).items()}
        return card.model_dump(mode="json"), files


def display_host(bind: str) -> str:
    """The address to print in join commands: the machine's LAN address when listening on all of them."""
    if bind not in ("0.0.0.0", "::", ""):
        return bind
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the outgoing interface
        return probe.getsockname()[0]
    return socket.gethostname()


def join_command(address: str, code: str) -> str:
    return f"drill join {address} --code {code}"


class HostThread:
    """A host on its own thread and asyncio loop, beside a UI that has its own (the facilitator
    console connects to it like any seat). `start` returns once it listens."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="drill-host", daemon=True)

    def start(self) -> int:
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            raise self._error
        return self.host.port

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self.host.start())
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        self._loop.run_forever()

    def call(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run `fn(*args)` on the host's loop (thread-safe)."""
        self._loop.call_soon_threadsafe(fn, *args)

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        future = asyncio.run_coroutine_threadsafe(self.host.stop(), self._loop)
        with contextlib.suppress(Exception):
            future.result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
