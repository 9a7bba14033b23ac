"""Where shipped files live."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
BUILTIN_SCENARIOS_DIR = REPO_DIR / "scenarios"
DEFAULT_SCENARIO = "invoice-export-tax-field"
