"""`drill new`: the starter lints clean and plays, --from copies a built-in, nothing is overwritten."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from drills.errors import UsageError
from drills.paths import BUILTIN_SCENARIOS_DIR, REPO_DIR
from drills.scenario import builtin_ids, load_scenario, read_yaml_text
from drills.scenario._authoring import STARTER, humanise, id_problem, scenario_path, set_top_level, yaml_scalar

SCHEMA = REPO_DIR / "docs" / "scenario.schema.json"


def drill(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "drills.cli", *map(str, args)], cwd=cwd, capture_output=True,
                            text=True, timeout=120, check=False)
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    folder = tmp_path_factory.mktemp("new")
    return folder / "payments-outage.yaml", drill("new", "payments-outage", cwd=folder)


def test_new_writes_the_starter_and_prints_the_next_three_commands(starter) -> None:
    path, result = starter
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == "Wrote payments-outage.yaml (scenario 'payments-outage', from the commented starter)."
    assert lines[-4:] == ["Next:",
                          "  drill lint --strict payments-outage.yaml",
                          "  drill simulate payments-outage.yaml --runs 20 --team all",
                          "  drill play payments-outage.yaml"]
    scenario = load_scenario(path).scenario
    assert scenario.id == "payments-outage"
    assert scenario.title == "Payments outage"


def test_the_starter_keeps_its_comments_and_points_at_the_schema(starter) -> None:
    path, _ = starter
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (path.parent / first.split("=", 1)[1]).resolve() == SCHEMA.resolve()
    template = STARTER.read_text(encoding="utf-8")
    comments = [line for line in template.splitlines() if line.lstrip().startswith("#")][1:]
    assert len(comments) > 80, "every section of the starter is explained"
    assert [line for line in text.splitlines() if line.lstrip().startswith("#")][1:] == comments
    sections = ("company", "cast", "customers", "ceo", "customer", "incident", "injects", "checks", "clues",
                "repairs", "par")
    for key in sections:
        before = template.split(f"\n{key}:", 1)[0].rstrip().splitlines()[-1]
        assert before.startswith("#"), f"'{key}' has a comment right above it"


def test_the_starter_lints_clean_under_strict(starter) -> None:
    path, _ = starter
    result = drill("lint", "--strict", path.name, cwd=path.parent)
    assert (result.returncode, result.stdout, result.stderr) == (0, "1 file, 0 errors, 0 warnings\n", "")


def test_the_template_itself_lints_clean() -> None:
    result = drill("lint", "--strict", STARTER, cwd=REPO_DIR)
    assert result.returncode == 0, result.stderr


def test_on_the_starter_the_ideal_team_beats_passive_and_chaotic(starter) -> None:
    from drills.scoring import load_playbook
    from drills.teams import run_one

    path, _ = starter
    loaded = load_scenario(path)
    book = load_playbook(None)
    for seed in (1, 2, 3):
        runs = {team: run_one(loaded, team=team, seed=seed, folder=None, playbook=book)
                for team in ("ideal", "passive", "chaotic")}
        ideal = runs["ideal"]
        assert ideal.card is not None and ideal.figures.time_to_confirmed_recovery is not None
        for other in ("passive", "chaotic"):
            card = runs[other].card
            assert card is not None
            assert ideal.card.score >= card.score + 30, (seed, other, ideal.card.score, card.score)
            assert ideal.figures.revenue_lost < runs[other].figures.revenue_lost
            assert ideal.figures.trust_end > runs[other].figures.trust_end


def test_the_starter_balance_report_through_the_cli(starter) -> None:
    path, _ = starter
    result = drill("simulate", path.name, "--runs", "3", "--team", "all", "--json", cwd=path.parent)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    medians = {team: data["score"]["median"] for team, data in summary["teams"].items()}
    assert medians["ideal"] > max(medians["passive"], medians["chaotic"]) + 30
    assert summary["teams"]["ideal"]["resolved"] == 3


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("keep me\n", encoding="utf-8")
    result = drill("new", "mine", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "drill: mine.yaml already exists — pick another name, or move the file away first\n"
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_new_rejects_a_name_that_cannot_be_an_id(tmp_path: Path) -> None:
    result = drill("new", "My Outage", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "drill: 'My Outage' cannot be a scenario id (the file name is the id: lower-case letters a-z, digits, '-' "
        "and '_', starting with a letter or digit, at most 64 characters) — try `drill new my-outage`\n")
    assert list(tmp_path.iterdir()) == []


def test_new_accepts_a_path_and_creates_its_folder(tmp_path: Path) -> None:
    result = drill("new", "team/drafts/login-loop.yml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "team" / "drafts" / "login-loop.yml"
    assert load_scenario(written).scenario.id == "login-loop"
    assert "  drill lint --strict team/drafts/login-loop.yml" in result.stdout.splitlines()


def test_new_from_a_builtin_copies_it_with_a_new_id_and_title(tmp_path: Path) -> None:
    result = drill("new", "our-invoices", "--from", "invoice-export-tax-field", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "Wrote our-invoices.yaml (scenario 'our-invoices', from a copy of the built-in 'invoice-export-tax-field').")
    copy = load_scenario(tmp_path / "our-invoices.yaml").scenario
    original = load_scenario("invoice-export-tax-field").scenario
    assert copy.id == "our-invoices"
    assert copy.title == f"Our invoices: {original.title}"
    assert copy.model_dump(exclude={"id", "title"}) == original.model_dump(exclude={"id", "title"})
    text = (tmp_path / "our-invoices.yaml").read_text(encoding="utf-8")
    assert "# Copied from the built-in scenario 'invoice-export-tax-field' by `drill new`." in text.splitlines()[2]
    lint = drill("lint", "--strict", "our-invoices.yaml", cwd=tmp_path)
    assert lint.returncode == 0, lint.stderr


@pytest.mark.parametrize("builtin", builtin_ids())
def test_every_builtin_can_be_copied(tmp_path: Path, builtin: str) -> None:
    from drills.scenario import new_scenario

    new_scenario(str(tmp_path / "copy"), from_builtin=builtin)
    assert load_scenario(tmp_path / "copy.yaml").scenario.id == "copy"


def test_new_from_an_unknown_builtin_suggests_one(tmp_path: Path) -> None:
    result = drill("new", "mine", "--from", "invoice-export", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("drill: --from: no built-in scenario 'invoice-export' — did you mean "
                                    "'invoice-export-tax-field'? built-in scenarios: ")
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_the_id_of_a_builtin_elsewhere(tmp_path: Path) -> None:
    result = drill("new", "invoice-export-tax-field", cwd=tmp_path)
    assert result.returncode == 2
    assert "is the id of a built-in scenario" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_scenario_path_and_ids() -> None:
    assert scenario_path("a/b") == Path("a/b.yaml")
    assert scenario_path("a/b.yml") == Path("a/b.yml")
    assert scenario_path("v1.2") == Path("v1.2.yaml")
    assert id_problem("queue-backlog-email") == ""
    assert "try `drill new v1-2`" in id_problem("v1.2")
    assert "at most 64" in id_problem("a" * 65)
    assert humanise("queue_backlog-email") == "Queue backlog email"
    with pytest.raises(UsageError):
        scenario_path("  ")


@pytest.mark.parametrize("value", ["Plain title", "Checkout: fails", "PR #12 broke it", "1234", "yes", "say \"hi\"",
                                   "back\\slash", "- dash first", "Ünïcode — dash", "1e3", "0o17", "1_000", "0x1f",
                                   "10:00", "null", "true", ".inf"])
def test_titles_read_back_exactly(value: str) -> None:
    text = set_top_level("id: x\ntitle: >-\n  old folded\n  title\n\nsummary: s\n", "title", value)
    expected = {"id": "x", "title": value, "summary": "s"}
    assert read_yaml_text(text, "t.yaml").data == expected  # YAML 1.2, as drills reads it
    assert yaml.safe_load(text) == expected  # YAML 1.1, as other tools may read it
    assert yaml_scalar("Plain title") == "Plain title"


@pytest.mark.parametrize("name", ["1e3", "0o17", "2e10"])
def test_new_with_a_name_yaml_12_reads_as_a_number(tmp_path: Path, name: str) -> None:
    result = drill("new", name, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert load_scenario(tmp_path / f"{name}.yaml").scenario.id == name
    lint = drill("lint", "--strict", f"{name}.yaml", cwd=tmp_path)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_a_new_file_that_would_not_load_is_a_one_line_usage_error(tmp_path: Path, monkeypatch) -> None:
    import drills.scenario._authoring as authoring

    starter = authoring.render_starter

    def broken(ident: str, path: Path) -> str:  # a starter that no longer loads, whatever the name
        return set_top_level(starter(ident, path), "simulated_minutes", "-5")

    monkeypatch.setattr(authoring, "render_starter", broken)
    with pytest.raises(UsageError) as caught:
        authoring.new_scenario(str(tmp_path / "odd"))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("'odd' cannot be a scenario id: the new file would not load (")
    assert message.endswith("— use lower-case letters, digits, '-' and '_' that read as text, such as "
                            "`drill new scenario-odd`")
    assert list(tmp_path.iterdir()) == []


def test_builtin_ids_do_not_collide_with_the_starter() -> None:
    assert "starter" not in builtin_ids()
    assert not (BUILTIN_SCENARIOS_DIR / "starter.yaml").exists()
