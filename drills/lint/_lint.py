"""`drill lint`: check scenario files and folders, print every problem, exit 0 / 1 / 2.

Checks beyond the format and its cross-references (style, balance, playability) are in `CHECKS`:
ours (`_checks.py`) to begin with, and more with `register_check`. They see only scenarios
that load, and usually return warnings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from drills.errors import InputError, Problem, ScenarioError
from drills.lint import _checks as lintchecks
from drills.scenario import LoadedScenario, check_scenario, read_yaml
from drills.terminal import terminal_text

Check = Callable[[LoadedScenario], list[Problem]]

CHECKS: list[Check] = list(lintchecks.CHECKS)
"""Extra semantic checks, run in registration order on every scenario that loads."""

SUFFIXES = (".yaml", ".yml")


def register_check(fn: Check) -> Check:
    """Add a check `fn(LoadedScenario) -> list[Problem]`; usable as a decorator. Registering twice is a no-op."""
    if fn not in CHECKS:
        CHECKS.append(fn)
    return fn


def run_checks(loaded: LoadedScenario) -> list[Problem]:
    """The problems the registered checks find in a scenario that loaded, sorted by position."""
    problems = [p for check in CHECKS for p in check(loaded)]
    return sorted(problems, key=lambda p: (p.line, p.col))


def problems_for(path: Path) -> list[Problem]:
    """Every problem in one scenario file, without raising: schema, cross-references, then (only for a
    file that loads) the lint checks."""
    if not path.is_file():
        what = "not a regular file" if path.exists() else "no such file"
        return [Problem(str(path), 1, 1, what, "give the path of a scenario .yaml file")]
    try:
        located = read_yaml(path, error=ScenarioError)
    except InputError as exc:
        return list(exc.problems)
    scenario, problems = check_scenario(located)
    if problems or scenario is None:
        return problems
    return run_checks(LoadedScenario(scenario, path, located.source, located.sha256, located))


def lint_paths(paths: list[Path], *, strict: bool, out: Callable[[str], object],
               err: Callable[[str], object]) -> int:
    """Lint files and folders (searched recursively for *.yaml and *.yml).

    Problems go to `err`, one per line; a one-line summary goes to `out`. Returns the exit code:
    0 clean (warnings allowed unless `strict`), 1 errors, 2 a path that does not exist or holds no
    scenario files.
    """
    files: list[Path] = []
    usage = False
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file()
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                err(f"drill: {terminal_text(str(path))}: no scenario files (*.yaml, *.yml) in this folder")
                usage = True
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            err(f"drill: {terminal_text(str(path))}: no such file or folder — check the path")
            usage = True
    if usage:
        return 2
    errors = warnings = 0
    for file in files:
        for problem in problems_for(file):
            err(str(problem))
            if problem.severity == "warning":
                warnings += 1
            else:
                errors += 1
    out(f"{_count(len(files), 'file')}, {_count(errors, 'error')}, {_count(warnings, 'warning')}")
    return 1 if errors or (strict and warnings) else 0


def upgrade_file(path: Path, *, out: Callable[[str], object], err: Callable[[str], object]) -> int:
    """`drill lint --upgrade FILE`: rewrite a format-1 scenario as format 2 in place, print the diff, and
    lint the result. Returns the exit code: 0 done (or nothing to do), 1 the file has errors, 2 usage."""
    import difflib

    from drills.scenario import load_scenario_text, upgrade_text

    if not path.is_file():
        err(f"drill: {path}: no such file — give the path of one scenario .yaml file")
        return 2
    problems = [p for p in problems_for(path) if p.severity != "warning"]
    if problems:
        for problem in problems:
            err(str(problem))
        err(f"drill: {path}: fix the errors first; --upgrade rewrites only a file that loads")
        return 1
    source = path.read_text(encoding="utf-8")
    loaded = load_scenario_text(source, str(path))
    if loaded.scenario.format == 2:
        out(f"{path}: already format 2, nothing to do")
        return 0
    upgraded = upgrade_text(source)
    try:
        load_scenario_text(upgraded, str(path))
    except ScenarioError as exc:  # the rewrite must never break a file; keep it as it was
        for line in exc.lines():
            err(line)
        err(f"drill: {path}: the upgraded text does not load, so the file was left as it was — please report it")
        return 1
    path.write_text(upgraded, encoding="utf-8")
    diff = difflib.unified_diff(source.splitlines(keepends=True), upgraded.splitlines(keepends=True),
                                fromfile=f"{path} (format 1)", tofile=f"{path} (format 2)")
    for line in diff:
        out(line.rstrip("\n"))
    out(f"{path}: upgraded to format 2")
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"

