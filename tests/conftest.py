"""Shared fixtures. Keep this small: fixtures used by one test file live in that file."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
MINIMAL = FIXTURES / "minimal.yaml"

DrillRunner = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def minimal_path() -> Path:
    """A short, realistic, lint-clean scenario (tests/fixtures/minimal.yaml)."""
    return MINIMAL


@pytest.fixture
def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


def _run_drill(*args: str | Path, cwd: Path | None = None, stdin: str | None = None,
               timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "drills.cli", *map(str, args)], cwd=cwd or REPO, input=stdin,
                          capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture
def drill() -> DrillRunner:
    """Run the real `drill` entry point in a subprocess: drill("lint", path) -> CompletedProcess."""
    return _run_drill
