"""The built-in scenarios shipped in scenarios/<id>.yaml, and how a scenario reference is resolved.

Files and names only: nothing here reads a scenario (the loader's `builtin_scenarios` does), so the
setup's first frame can list the built-ins without the scenario model."""

from __future__ import annotations

import difflib
from pathlib import Path

from drills import paths
from drills.errors import UsageError


def builtin_ids() -> list[str]:
    """Ids of the built-in scenarios (their file names), sorted; reads no file."""
    folder = paths.BUILTIN_SCENARIOS_DIR
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def resolve_scenario_ref(ref: str) -> Path:
    """A scenario reference -> its file: an existing path, or the id of a built-in scenario.

    Anything that looks like a path (has a folder part or a .yaml/.yml suffix) is taken as one.
    """
    candidate = Path(ref)
    if candidate.is_file():
        return candidate
    looks_like_path = candidate.suffix in (".yaml", ".yml") or len(candidate.parts) > 1
    if candidate.is_dir():
        raise UsageError(f"{ref}: is a folder — give one scenario file (drill lint takes folders)")
    if looks_like_path:
        raise UsageError(f"{ref}: no such file — check the path, or run `drill scenarios` for the built-in ones")
    builtin = paths.BUILTIN_SCENARIOS_DIR / f"{ref}.yaml"
    if builtin.is_file():
        return builtin
    known = builtin_ids()
    close = difflib.get_close_matches(ref, known, n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'? " if close else ""
    listing = ", ".join(known) if known else "none are installed"
    raise UsageError(f"unknown scenario '{ref}' — {hint}built-in scenarios: {listing}; "
                     "or give the path of a .yaml file")
