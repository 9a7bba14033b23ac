"""Fixtures for the drill room's tests: the app on a frozen clock, driven by explicit wall seconds."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from drills.scenario import load_scenario
from drills.tui.app import DrillApp
from drills.tui.screens.setup import ScenarioChoice

DEFAULT = "invoice-export-tax-field"
STARTED = datetime(2026, 3, 2, 10, 0, 0)


class FrozenClock:
    """A monotonic clock that only moves when a test moves it (the room's timer then ticks 0 s)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def choice() -> ScenarioChoice:
    loaded = load_scenario(DEFAULT)
    return ScenarioChoice(loaded.scenario, loaded.source)


@pytest.fixture
def make_app(tmp_path: Path, choice: ScenarioChoice, monkeypatch: pytest.MonkeyPatch) -> Callable[..., DrillApp]:
    """A drill app whose reports go to tmp_path/reports, with every real-time effect frozen."""
    monkeypatch.chdir(tmp_path)

    def make(**overrides: object) -> DrillApp:
        options: dict = dict(choices=[choice], reports=Path("reports"), monotonic=FrozenClock(),
                             cursor_blink=False, highlight_seconds=3600, notice_seconds=3600,
                             started_at=lambda: STARTED)
        options.update(overrides)
        return DrillApp(**options)

    return make


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests (Pilot needs a loop) without an async plugin: one fresh loop per test."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    kwargs = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**kwargs))
    return True
