"""A seat's connection to its host: hello with the join code, catch up from the last event it has,
send actions (each once, by id), and reconnect with the same code when the line drops.

It runs on the caller's asyncio loop (the seat's Textual app, a test, the benchmark) and reports
through callbacks, so the room it feeds never touches the network.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from drills.seats._briefing import Briefing
from drills.seats._wire import MAX_HOST_MESSAGE_BYTES, WireError, decode_host_message, encode
from drills.world import Action, Event, action_to_dict


class SeatRefused(Exception):
    """The host refused this seat for good (a wrong code, the drill has ended): the reason is its text."""


@dataclass(frozen=True, slots=True)
class Welcome:
    seat: str
    parts: tuple[str, ...]
    facilitator: bool
    briefing: Briefing
    address: str


@dataclass
class SeatClient:
    """One seat. `await run()` connects and keeps the seat connected until `close()` or a final refusal."""

    address: str
    """HOST:PORT (or a ws:// URL)."""
    code: str
    on_welcome: Callable[[Welcome], None] = lambda welcome: None
    on_events: Callable[[list[Event]], None] = lambda events: None
    on_message: Callable[[dict[str, Any]], None] = lambda message: None
    """Every other message from the host: done, clock, seats, debrief, refused."""
    on_connection: Callable[[bool], None] = lambda connected: None
    reconnect: bool = True
    """Whether to reconnect when the line drops (False: `run` returns)."""
    retry_for: float = 600.0
    """Seconds to keep trying to reach a host that is gone (a killed host is resumed within minutes)."""
    last_seq: int = -1
    """The seq of the last event received: a reconnect asks for what came after it."""
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Actions sent and not yet acknowledged, by id: resent after a reconnect (the host applies each once)."""
    welcome: Welcome | None = None
    _ws: ClientConnection | None = None
    _closed: bool = False

    @property
    def url(self) -> str:
        return self.address if "://" in self.address else f"ws://{self.address}"

    @property
    def connected(self) -> bool:
        return self._ws is not None

    async def run(self) -> None:
        delay, gone_since = 0.1, None
        loop = asyncio.get_running_loop()
        while not self._closed:
            try:
                async with connect(self.url, max_size=MAX_HOST_MESSAGE_BYTES, open_timeout=10,
                                   compression=None, ping_interval=20, ping_timeout=20) as ws:
                    delay, gone_since = 0.1, None
                    await self._session(ws)
            except SeatRefused:
                raise
            except InvalidURI as exc:
                raise SeatRefused(f"{self.address}: not an address — give HOST:PORT as the join command "
                                  "shows it") from exc
            except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError, WireError):
                pass
            finally:
                if self._ws is not None:
                    self._ws = None
                    self.on_connection(False)
            if self._closed or not self.reconnect:
                break
            gone_since = gone_since or loop.time()
            if loop.time() - gone_since > self.retry_for:
                raise SeatRefused(f"{self.address}: the host has not answered for {self.retry_for:g} s — "
                                  "ask the facilitator whether it is running")
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)

    async def _session(self, ws: ClientConnection) -> None:
        await ws.send(encode("hello", code=self.code, since=self.last_seq))
        first = True
        async for raw in ws:
            message = decode_host_message(raw)
            kind = message["type"]
            if kind == "refused" and message.get("fatal"):
                self._closed = True
                raise SeatRefused(str(message.get("reason", "refused by the host")))
            if first:
                if kind != "welcome":
                    raise WireError("the host did not welcome this seat")
                first = False
                self.welcome = Welcome(str(message["seat"]), tuple(message["parts"]), bool(message["facilitator"]),
                                       Briefing.from_data(message["briefing"]), str(message.get("address", "")))
                self._ws = ws
                self.on_welcome(self.welcome)
                self.on_connection(True)
                for action_id, action in list(self.pending.items()):
                    await ws.send(encode("act", id=action_id, action=action))
                continue
            if kind == "events":
                events = [Event(e["seq"], e["t"], e["kind"], e.get("actor"), e["data"]) for e in message["events"]
                          if e["seq"] > self.last_seq]
                if events:
                    self.last_seq = events[-1].seq
                    self.on_events(events)
                continue
            if kind == "done":
                self.pending.pop(str(message.get("id")), None)
            self.on_message(message)

    async def act(self, action: Action | dict[str, Any], action_id: str | None = None) -> str:
        """Send an action (kept until the host acknowledges it); returns its id."""
        action_id = action_id or secrets.token_hex(8)
        data = action if isinstance(action, dict) else action_to_dict(action)
        self.pending[action_id] = data
        await self._send(encode("act", id=action_id, action=data))
        return action_id

    async def clock(self, op: str, speed: float | None = None) -> None:
        await self._send(encode("clock", op=op, speed=speed))

    async def ask_seats(self) -> None:
        await self._send(encode("seats"))

    async def send_raw(self, raw: str | bytes) -> None:
        """Send bytes as they are (tests of the host's refusals)."""
        await self._send(raw)

    async def _send(self, raw: str | bytes) -> None:
        if self._ws is not None:
            with contextlib.suppress(ConnectionClosed):
                await self._ws.send(raw)

    async def close(self) -> None:
        self._closed = True
        if self._ws is not None:
            await self._ws.close()




def check_seat(address: str, code: str, *, timeout: float = 10.0) -> Welcome:
    """Ask the host once whether this code opens a seat, before a UI opens (raises SeatRefused with why)."""
    import asyncio

    async def ask() -> Welcome:
        client = SeatClient(address, code, reconnect=False)

        def welcomed(welcome: Welcome) -> None:
            client._closed = True
            asyncio.get_running_loop().create_task(client.close())

        client.on_welcome = welcomed
        await asyncio.wait_for(client.run(), timeout)
        if client.welcome is None:
            raise SeatRefused(f"{address}: no host answers there — check the address in the join command and "
                              "that `drill host` is running")
        return client.welcome

    try:
        return asyncio.run(ask())
    except TimeoutError:
        raise SeatRefused(f"{address}: the host did not answer within {timeout:g} s — check the address and "
                          "that `drill host` is running") from None
