"""`drill lint`, `drill schema` and `drill scenarios` through the real entry point."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from drills import paths
from drills.errors import Problem, UsageError
from drills.lint import _lint as lint
from drills.lint import lint_paths, register_check
from drills.scenario import LoadedScenario, read_yaml
from drills.schemas import json_schema

REPO = Path(__file__).resolve().parent.parent
BROKEN = REPO / "tests" / "broken"
SHIPPED = sorted(paths.BUILTIN_SCENARIOS_DIR.glob("*.yaml"))


def test_shipped_scenarios_exist() -> None:
    assert SHIPPED, "scenarios/ holds no built-in scenarios"


# --- drill lint -------------------------------------------------------------------------------------

def test_lint_clean_file_exits_0(drill, minimal_path: Path) -> None:
    result = drill("lint", minimal_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "1 file, 0 errors, 0 warnings\n", "")


def test_lint_prints_the_path_as_given(drill) -> None:
    result = drill("lint", "tests/broken/enum-no-match.yaml", cwd=REPO)
    assert result.returncode == 1
    assert result.stderr == ("tests/broken/enum-no-match.yaml:8:13: 'difficulty' is 'trivial', not one of: easy, "
                             "medium, hard — use one of the values listed\n")
    assert result.stdout == "1 file, 1 error, 0 warnings\n"


def test_lint_folder_of_broken_files(drill) -> None:
    result = drill("lint", "tests/broken", cwd=REPO)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    files = sorted(BROKEN.glob("*.yaml"))
    assert result.stdout == f"{len(files)} files, {len(lines)} errors, 0 warnings\n"
    assert {line.split(":", 1)[0] for line in lines} == {f"tests/broken/{f.name}" for f in files}


def test_lint_walks_folders_recursively_and_skips_hidden_ones(drill, tmp_path: Path, minimal_path: Path) -> None:
    (tmp_path / "team" / "drafts").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    shutil.copy(minimal_path, tmp_path / "team" / "a.yaml")
    shutil.copy(minimal_path, tmp_path / "team" / "drafts" / "b.yml")
    shutil.copy(BROKEN / "python-tag.yaml", tmp_path / ".git" / "ignored.yaml")
    (tmp_path / "team" / "notes.txt").write_text("not yaml")
    result = drill("lint", tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "2 files, 0 errors, 0 warnings\n", "")


def test_lint_shipped_scenarios_clean(drill) -> None:
    result = drill("lint", "scenarios", cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{len(SHIPPED)} file{'s' if len(SHIPPED) != 1 else ''}, 0 errors, 0 warnings\n"


def test_lint_missing_path_is_a_usage_error(drill, tmp_path: Path, minimal_path: Path) -> None:
    result = drill("lint", minimal_path, tmp_path / "nope.yaml")
    assert result.returncode == 2
    assert result.stderr == f"drill: {tmp_path / 'nope.yaml'}: no such file or folder — check the path\n"
    assert result.stdout == ""


def test_lint_empty_folder_is_a_usage_error(drill, tmp_path: Path) -> None:
    result = drill("lint", tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"drill: {tmp_path}: no scenario files (*.yaml, *.yml) in this folder\n"


def test_lint_without_paths_is_a_usage_error(drill) -> None:
    result = drill("lint")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list:
    """An empty check registry for the test, so registered checks do not leak between tests."""
    fresh: list = []
    monkeypatch.setattr(lint, "CHECKS", fresh)
    return fresh


def _lint(paths_: list[Path], strict: bool = False) -> tuple[int, list[str], list[str]]:
    out: list[str] = []
    err: list[str] = []
    code = lint_paths(paths_, strict=strict, out=out.append, err=err.append)
    return code, out, err


def test_registered_checks_add_warnings_and_strict_fails_on_them(checks: list, minimal_path: Path) -> None:
    @register_check
    def slow_inject(loaded: LoadedScenario) -> list[Problem]:
        return [loaded.problem(("injects", i, "at"), f"inject '{inj.id}' comes late", "move it earlier")
                for i, inj in enumerate(loaded.scenario.injects) if inj.at > 30]

    register_check(slow_inject)  # twice is once
    assert checks == [slow_inject]
    assert _lint([minimal_path]) == (0, ["1 file, 0 errors, 1 warning"],
                                     [f"{minimal_path}:83:9: warning: inject 'ceo-asks' comes late — move it earlier"])
    code, out, _ = _lint([minimal_path], strict=True)
    assert (code, out) == (1, ["1 file, 0 errors, 1 warning"])


def test_registered_checks_see_only_scenarios_that_load(checks: list) -> None:
    seen: list[str] = []

    @register_check
    def record(loaded: LoadedScenario) -> list[Problem]:
        seen.append(loaded.scenario.id)
        return []

    code, out, err = _lint([BROKEN / "enum-typo.yaml"])
    assert (code, out, len(err), seen) == (1, ["1 file, 1 error, 0 warnings"], 1, [])


# --- drill schema -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def printed_schema() -> dict:
    result = subprocess.run([sys.executable, "-m", "drills.cli", "schema"], capture_output=True, text=True,
                            check=True, cwd=REPO)
    return json.loads(result.stdout)


def test_schema_has_dialect_and_title(printed_schema: dict) -> None:
    assert printed_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert printed_schema["title"] == "drills scenario"
    jsonschema.Draft202012Validator.check_schema(printed_schema)
    assert "from" in printed_schema["$defs"]["Inject"]["properties"]


@pytest.mark.parametrize("path", [*SHIPPED, REPO / "tests" / "fixtures" / "minimal.yaml"], ids=lambda p: p.name)
def test_schema_validates_scenario(printed_schema: dict, path: Path) -> None:
    jsonschema.Draft202012Validator(printed_schema).validate(read_yaml(path).data)


@pytest.mark.parametrize("name", ["unknown-key-typo", "enum-typo", "minutes-not-a-number", "missing-required-key",
                                  "python-name-for-alias", "id-pattern"])
def test_schema_rejects_what_the_loader_rejects(printed_schema: dict, name: str) -> None:
    data = read_yaml(BROKEN / f"{name}.yaml").data
    assert list(jsonschema.Draft202012Validator(printed_schema).iter_errors(data))


def test_docs_schema_file_is_up_to_date(printed_schema: dict) -> None:
    written = json.loads((REPO / "docs" / "scenario.schema.json").read_text(encoding="utf-8"))
    assert written == printed_schema, "regenerate it: drill schema > docs/scenario.schema.json"


def test_scenario_files_name_the_schema_in_their_modeline() -> None:
    for path in SHIPPED:
        assert path.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../docs/scenario.schema.json\n"), path


@pytest.mark.parametrize(("what", "title"), [("playbook", "drills playbook"), ("script", "drills scripted team")])
def test_other_formats(drill, what: str, title: str) -> None:
    result = drill("schema", what)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == title


def test_a_format_whose_module_is_missing_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "drills.teams._script", None)
    with pytest.raises(UsageError, match="the script format is not available"):
        json_schema("script")


def test_unknown_format_is_a_usage_error(drill) -> None:
    result = drill("schema", "nonsense")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


# --- drill scenarios --------------------------------------------------------------------------------

def test_scenarios_lists_the_builtins(drill) -> None:
    from drills.scenario import builtin_scenarios

    result = drill("scenarios")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    expected = builtin_scenarios()
    assert len(lines) == len(expected) == len(SHIPPED)
    for line, scenario in zip(lines, expected, strict=True):
        assert line.split()[:2] == [scenario.id, scenario.difficulty.value]
        assert f"{scenario.drill_minutes:g} min" in line
        assert line.endswith(scenario.title)


def test_python_dash_m_drills_is_the_drill_command(drill) -> None:
    result = subprocess.run([sys.executable, "-m", "drills", "scenarios"], capture_output=True, text=True,
                            cwd=REPO, check=False, timeout=120)
    assert (result.returncode, result.stdout) == (0, drill("scenarios").stdout)


# --- light commands stay light ----------------------------------------------------------------------

HEAVY = ("textual", "matplotlib", "faker")

PROBE = """
import runpy, sys
sys.argv = ["drill", *sys.argv[1:]]
try:
    runpy.run_module("drills.cli", run_name="__main__")
except SystemExit:
    pass
print("HEAVY:", ",".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


@pytest.mark.parametrize(("args", "allowed"), [
    # A file that loads gets the par check, which plays the ideal team through the engine (Faker names people).
    (["lint", "tests/fixtures/minimal.yaml"], "faker"),
    (["lint", "tests/broken"], ""), (["schema"], ""), (["scenarios"], "")], ids=lambda v: " ".join(v) if v else None)
def test_light_commands_do_not_import_ui_charts_or_faker(args: list[str], allowed: str) -> None:
    result = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], capture_output=True, text=True,
                            cwd=REPO, check=False, timeout=120)
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[-1] == f"HEAVY: {allowed}", result.stdout
