"""One error tree. Every error the user can cause ends as one line per problem on stderr.

    DrillError                  exit 1 unless said otherwise
     ├── UsageError             exit 2: wrong arguments, a file that does not exist
     ├── InputError             a file we read is broken; carries Problems with file:line:col
     │    ├── ScenarioError     a scenario (YAML) file
     │    ├── PlaybookError     a playbook (YAML) file
     │    └── ScriptError       a scripted-team (YAML) file
     └── EventLogError          an event log that cannot be read, resumed or scored
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in one file, located as precisely as we can."""

    file: str
    line: int
    col: int
    what: str
    fix: str = ""
    severity: str = "error"
    """'error' or 'warning' (lint checks beyond the schema)."""

    def __str__(self) -> str:
        tail = f" — {self.fix}" if self.fix else ""
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}:{self.col}: {prefix}{self.what}{tail}"


class DrillError(Exception):
    exit_code = 1

    def lines(self) -> list[str]:
        return [f"drill: {self}"]


class UsageError(DrillError):
    exit_code = 2


class InputError(DrillError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class ScenarioError(InputError):
    pass


class PlaybookError(InputError):
    pass


class ScriptError(InputError):
    pass


class EventLogError(DrillError):
    pass
