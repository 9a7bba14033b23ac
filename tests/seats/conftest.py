"""Fixtures for hosted drills: a real host on a loopback port (port 0, the bound one read back) and
real seat clients, all on the test's own asyncio loop."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from drills.scenario import load_scenario
from drills.seats import FACILITATOR_SEAT, Host, SeatBook, SeatClient, Welcome
from drills.world import Event, LiveClock, new_engine

DEFAULT = "invoice-export-tax-field"
SEATS = {"support": ("support-lead",), "backend": ("backend-lead", "sre"), "boss": ("cto",)}
"""Seats of the tests' drill: one part, two parts (a small team), and the CTO."""


class FrozenClock:
    """A monotonic clock that moves only when a test moves it: the drill stands still, rate limits do not refill."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Seat:
    """A seat client and everything it received."""

    client: SeatClient
    events: list[Event] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    welcomes: list[Welcome] = field(default_factory=list)
    task: asyncio.Task | None = None
    error: BaseException | None = None

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.messages if m["type"] == kind]

    def saw(self, kind: str) -> list[Event]:
        return [e for e in self.events if e.kind == kind]


@dataclass
class Drill:
    host: Host | None
    """None when the host runs in another process."""
    codes: dict[str, str]
    folder: Path
    port: int
    clock: FrozenClock = field(default_factory=FrozenClock)
    seats: list[Seat] = field(default_factory=list)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    async def seat(self, name: str, *, code: str | None = None, since: int = -1, reconnect: bool = True) -> Seat:
        client = SeatClient(self.address, code or self.codes[name], last_seq=since, retry_for=30, reconnect=reconnect)
        seat = Seat(client)
        client.on_events = seat.events.extend
        client.on_message = seat.messages.append
        client.on_welcome = seat.welcomes.append

        async def run() -> None:
            try:
                await client.run()
            except BaseException as exc:
                seat.error = exc

        seat.task = asyncio.get_running_loop().create_task(run())
        self.seats.append(seat)
        return seat


async def until(condition, *, timeout: float = 10.0) -> None:
    """Wait until `condition()` holds (the network is real): a hang fails, slowness does not."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not reached within the timeout")
        await asyncio.sleep(0.01)


def make_host(folder: Path, *, scenario_ref: str = DEFAULT, **options: Any) -> tuple[Host, dict[str, str]]:
    loaded = load_scenario(scenario_ref)
    cast = {member.id for member in loaded.scenario.cast}
    players = {"support-lead": "Ana", "backend-lead": "Ben", "sre": "Ben", "cto": "Cy"}
    engine = new_engine(loaded.scenario, loaded.source, seed=1, folder=folder, durable=True,
                        players={part: name for part, name in players.items() if part in cast})
    book = SeatBook()
    seats = {name: tuple(p for p in parts if p in cast) for name, parts in SEATS.items()}
    codes = {name: book.add(name, parts) for name, parts in seats.items() if parts}
    codes[FACILITATOR_SEAT] = book.add(FACILITATOR_SEAT, ())
    clock = LiveClock(engine, 10.0)
    host = Host(engine, loaded.scenario, book, folder, clock=clock, codes=dict(codes), **options)
    return host, codes


@contextlib.asynccontextmanager
async def hosted(tmp_path: Path, *, scenario_ref: str = DEFAULT, **options: Any) -> AsyncIterator[Drill]:
    """A real host on a loopback port for the scenario (the seats of SEATS whose parts it casts)."""
    frozen = FrozenClock()
    options.setdefault("monotonic", frozen)
    host, codes = make_host(tmp_path / "drill", scenario_ref=scenario_ref, **options)
    await host.start()
    drill = Drill(host, codes, tmp_path / "drill", host.port, frozen)
    try:
        yield drill
    finally:
        for seat in drill.seats:
            await seat.client.close()
            if seat.task is not None:
                seat.task.cancel()
        await host.stop()


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests without an async plugin: one fresh loop per test."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    kwargs = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**kwargs))
    return True
