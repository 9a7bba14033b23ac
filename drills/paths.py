"""Where shipped files live."""

import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
INSTALLED_SCENARIOS_DIR = Path(sys.prefix) / "share" / "drills" / "scenarios"
"""Where a non-editable install puts the built-in scenarios (see pyproject's data-files)."""
BUILTIN_SCENARIOS_DIR = (
    REPO_DIR / "scenarios" if (REPO_DIR / "scenarios").is_dir() else INSTALLED_SCENARIOS_DIR
)
DEFAULT_SCENARIO = "invoice-export-tax-field"
