"""One error tree. Every error the user can cause ends as one line per problem on stderr.

    DrillError                  exit 1 unless said otherwise
     ├── UsageError             exit 2: wrong arguments, a file that does not exist
     ├── InputError             a file we read is broken; carries Problems with file:line:col
     │    ├── ScenarioError     a scenario (YAML) file
     │    ├── PlaybookError     a playbook (YAML) file
     │    └── ScriptError       a scripted-team (YAML) file
     ├── EventLogError          an event log that cannot be read, resumed or scored
     └── OutputError            a file drills would write is not safe to write (a link, not a regular file)
"""

from __future__ import annotations

from dataclasses import dataclass

from drills.terminal import terminal_text

MAX_PART = 400
"""Characters of a problem's `what` or `fix` kept on its line: values inside are already cut to ~80
(`drills.terminal.quoted`); this bounds the rest, such as a long list of known ids."""


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
        """One line, whatever the file name, the message or the values in it hold."""
        tail = f" — {_part(self.fix)}" if self.fix else ""
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{_part(self.file)}:{self.line}:{self.col}: {prefix}{_part(self.what)}{tail}"


def _part(text: str) -> str:
    text = terminal_text(text)
    return text if len(text) <= MAX_PART else text[:MAX_PART - 1] + "…"


def sizes(size: int, limit: int) -> tuple[str, str]:
    """A size and the limit it broke, as a too-big message shows them: in MB when that tells them apart
    ("2.4 MB, more than the 2.0 MB"), else in bytes ("2,000,001 bytes, more than the 2,000,000 bytes")."""
    if size >= 100_000 and limit >= 100_000 and f"{size / 1e6:.1f}" != f"{limit / 1e6:.1f}":
        return f"{size / 1e6:.1f} MB", f"{limit / 1e6:.1f} MB"
    return f"{size:,} bytes", f"{limit:,} bytes"


class DrillError(Exception):
    exit_code = 1

    def lines(self) -> list[str]:
        """What the user sees on stderr: one line, safe for the terminal (messages quote paths and values)."""
        return [f"drill: {terminal_text(str(self))}"]


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


class OutputError(DrillError):
    pass
