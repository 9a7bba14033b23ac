"""Shared fixtures. Keep this small: fixtures used by one test file live in that file."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# The fuzz test's budgets (tests/test_fuzz.py). CI runs "ci": a few dozen mutants, seconds in all, and no
# deadline (a busy CI machine must not make a slow example a failure; the tests bound events and memory).
# `pytest --hypothesis-profile=long` goes deeper locally.
settings.register_profile("ci", max_examples=40, deadline=None, print_blob=True)
settings.register_profile("long", max_examples=2_000, deadline=None, print_blob=True)
settings.load_profile("ci")

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
