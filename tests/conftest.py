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


def _run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    from click.testing import CliRunner

    from drills.cli import main

    argv = [str(a) for a in args]
    result = CliRunner().invoke(main, argv, catch_exceptions=False)
    return subprocess.CompletedProcess(["drill", *argv], result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cli() -> DrillRunner:
    """Run `drill` in this process (click's runner over `drills.cli.main`, the same entry point): what a
    command prints, writes and exits with, without a new interpreter per call. Use `drill` for what only
    a real process shows (a hang, Python's own warnings, signals)."""
    return _run_cli
