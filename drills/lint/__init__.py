"""`drill lint`: will a scenario file play the way its author meant?

Every problem in a file at once (`problems_for`): the format's own checks, then checks beyond the
format on files that load, one of which plays the scripted ideal team through the engine (so lint
sits above the teams, not inside the scenario format). `lint_paths` is the command; more checks
can be added with `register_check`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drills import lazy_exports

if TYPE_CHECKING:
    from drills.lint._lint import lint_paths, problems_for, register_check, run_checks, upgrade_file

__all__ = [
    "lint_paths",
    "problems_for",
    "register_check",
    "run_checks",
    "upgrade_file",
]

_EXPORTS = {
    "lint_paths": "_lint",
    "problems_for": "_lint",
    "register_check": "_lint",
    "run_checks": "_lint",
    "upgrade_file": "_lint",
}
"""Each public name and the private module it lives in: imported when the name is first used, so
importing this package costs nothing (`drill lint`, `drill schema` and the setup's first frame stay light)."""


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
