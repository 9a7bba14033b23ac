"""The playbook as data: the shipped default matches PLAYBOOK.md, and a broken playbook is an error
at the right file:line:col."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from drills.errors import PlaybookError
from drills.schemas import json_schema
from drills.scoring import DEFAULT_PLAYBOOK_PATH, Playbook, Rating, load_playbook
from drills.scoring.reference import reference_markdown
from drills.scoring.rules import REGISTRY

SHIPPED = DEFAULT_PLAYBOOK_PATH.read_text()

# From PLAYBOOK.md "Capabilities and rules (defaults)": rule ids, ★ marks the critical ones. Beyond it, the
# checks of claims against the truth (INT-06★, CUS-10★, EXE-05) and "stop the bleeding" (REP-05★), and the
# incident log made critical (SIT-03★): each catches one of the seed guide's "mistakes that make it worse"
# that PLAYBOOK.md's scoring section says must not hide inside a high average (docs/playbook.md says why).
PLAYBOOK_MD = """
CMD-01★ CMD-02★ CMD-03 CMD-04 CMD-05 CMD-06 CMD-07
SIT-01★ SIT-02 SIT-03★
INT-01★ INT-02 INT-03★ INT-04 INT-05★ INT-06★
CUS-01★ CUS-02 CUS-03★ CUS-04 CUS-05 CUS-06★ CUS-07 CUS-08 CUS-09 CUS-10★
EXE-01 EXE-02 EXE-03 EXE-04 EXE-05
REP-01★ REP-02 REP-05★ REP-03 REP-04
CLO-01 CLO-02★ CLO-03 CLO-04
LRN-01 LRN-02 LRN-03
"""
PLAYBOOK_MD_RULES = re.findall(r"\S+", PLAYBOOK_MD)
WEIGHTS = {"CMD": 19, "SIT": 8, "INT": 17, "CUS": 22, "EXE": 9, "REP": 10, "CLO": 10, "LRN": 5}


@pytest.fixture(scope="module")
def default() -> Playbook:
    return load_playbook(None)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "playbook.yaml"
    path.write_text(text)
    return path


def edited(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """The shipped playbook with one edit; returns its path and the 1-based line of the edit."""
    assert SHIPPED.count(old) == 1, old
    text = SHIPPED.replace(old, new)
    return write(tmp_path, text), text[: text.index(new)].count("\n") + 1


def problems(path: Path) -> list[str]:
    with pytest.raises(PlaybookError) as caught:
        load_playbook(path)
    return [str(p) for p in caught.value.problems]


# ---------------------------------------------------------------- the shipped default


def test_default_is_the_shipped_file(default: Playbook) -> None:
    assert load_playbook(DEFAULT_PLAYBOOK_PATH) == default
    assert default.id == "default" and default.version


def test_rules_match_playbook_md(default: Playbook) -> None:
    listed = [r.id + ("★" if r.critical else "") for r in default.rules()]
    assert listed == PLAYBOOK_MD_RULES


def test_every_implemented_rule_is_shipped_and_vice_versa(default: Playbook) -> None:
    assert {r.id for r in default.rules()} == set(REGISTRY)


def test_capability_weights_and_bands(default: Playbook) -> None:
    assert {c.id: c.weight for c in default.capabilities} == WEIGHTS
    assert [(b.rating, b.min, b.max) for b in default.bands] == [
        (Rating.P, 80, 100), (Rating.S, 66, 79), (Rating.M, 50, 65), (Rating.U, 0, 49)]
    assert [default.rate(s) for s in (100, 80, 79.9, 66, 65.9, 50, 49.9, 0)] == list("PPSSMMUU")


def test_every_rule_has_advice_and_a_source(default: Playbook) -> None:
    for rule in default.rules():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", rule.advice.strip()) if s]
        assert 1 <= len(sentences) <= 2, rule.id
        assert rule.source and rule.title, rule.id
        assert re.search(r"Seed|PagerDuty|SRE|GitLab|Statuspage|HSEEP", rule.source), rule.id


@pytest.mark.parametrize(
    ("rule_id", "params"),
    [
        ("CMD-01", {"full_by": 5, "zero_after": 15}),
        ("CMD-05", {"full_max": 5, "half_max": 8}),
        ("SIT-01", {"within": 60}),
        ("INT-01", {"max_gap": 30, "grace": 5, "hard_cap_gap": 60}),
        ("INT-02", {"full_by": 10}),
        ("CUS-01", {"full_by": 15}),
        ("CUS-02", {"max_gap": 30}),
        ("CUS-07", {"within": 60}),
        ("EXE-01", {"full_within": 15, "unwarranted_credit": 0.5}),
        ("EXE-02", {"tolerance": 0.25}),
        ("EXE-04", {"max_words": 150}),
        ("REP-02", {"zero_at_par_multiple": 2}),
        ("REP-04", {"within": 15}),
        ("CLO-03", {"min_minutes": 30}),
    ],
)
def test_playbook_md_thresholds_are_parameters(default: Playbook, rule_id: str, params: dict) -> None:
    rule = default.rule(rule_id)
    assert {k: rule.params[k] for k in params} == params


def test_rule_parameters_have_no_hidden_defaults() -> None:
    """Every threshold a rule reads must be written in the YAML: no parameter defaults in code."""
    for spec in REGISTRY.values():
        for name, field in spec.params.model_fields.items():
            assert field.is_required(), f"{spec.id}.{name} has a default in code"
            assert field.description, f"{spec.id}.{name} has no description"


def test_schema_documents_the_format() -> None:
    schema = Playbook.model_json_schema()
    rule = schema["$defs"]["Rule"]["properties"]
    assert "critical" in rule and rule["advice"]["description"]


# ---------------------------------------------------------------- broken playbooks


def test_unknown_rule_id_is_located(tmp_path: Path) -> None:
    path, line = edited(tmp_path, "- id: CMD-06\n", "- id: CMD-66\n")
    found = problems(path)
    assert len(found) == 1
    assert found[0] == (f"{path}:{line}:13: no rule 'CMD-66' is implemented — did you mean 'CMD-06'? "
                        "(to switch a rule off, leave it out)")


def test_bad_parameter_type_is_located(tmp_path: Path) -> None:
    path, line = edited(tmp_path, "params: {full_by: 5, zero_after: 15}", "params: {full_by: soon, zero_after: 15}")
    assert problems(path) == [f"{path}:{line}:27: 'full_by' must be a number, got 'soon' — write a number such "
                              "as 10 or 2.5"]


def test_unknown_and_missing_parameters_are_located(tmp_path: Path) -> None:
    path, line = edited(tmp_path, "params: {grace: 5}", "params: {grase: 5}")
    found = problems(path)
    assert len(found) == 2
    assert any(p.startswith(f"{path}:{line}:") and "unknown key 'grase'" in p for p in found)
    assert any(p.startswith(f"{path}:{line}:") and "missing 'grace'" in p for p in found)


def test_parameter_values_are_checked(tmp_path: Path) -> None:
    path, line = edited(tmp_path, "evidence_kinds: [logs,", "evidence_kinds: [logz,")
    (found,) = problems(path)
    assert found.startswith(f"{path}:{line}:") and "'logz' is not a check kind" in found
    path, line = edited(tmp_path, "{full_by: 15, zero_after: 30}", "{full_by: 15, zero_after: 10}")
    (found,) = problems(path)
    assert found.startswith(f"{path}:{line}:") and "zero_after must not be earlier than full_by" in found


def test_rule_under_the_wrong_capability(tmp_path: Path) -> None:
    path, _ = edited(tmp_path, "      - id: LRN-03\n", "      - id: CLO-04\n")
    (found,) = problems(path)
    assert "listed twice" in found or "listed under capability LRN" in found


def test_overlapping_bands(tmp_path: Path) -> None:
    path, _ = edited(tmp_path, "{rating: S, min: 66, max: 79}", "{rating: S, min: 66, max: 85}")
    (found,) = problems(path)
    assert found.endswith("bands S and P overlap — end S below 80")


def test_a_rule_can_be_left_out(tmp_path: Path) -> None:
    start = SHIPPED.index("      - id: CMD-05")
    end = SHIPPED.index("      - id: CMD-06")
    playbook = load_playbook(write(tmp_path, SHIPPED[:start] + SHIPPED[end:]))
    assert "CMD-05" not in {r.id for r in playbook.rules()}
    assert len(playbook.rules()) == len(REGISTRY) - 1


def test_yaml_errors_are_located(tmp_path: Path) -> None:
    path = write(tmp_path, "id: x\nversion: '1'\ntitle: [unclosed\n")
    (found,) = problems(path)
    assert found.startswith(f"{path}:")


def test_json_schema_checks_each_rules_params() -> None:
    schema = json_schema("playbook")
    jsonschema.validate(yaml.safe_load(SHIPPED), schema)
    broken = yaml.safe_load(SHIPPED.replace("{full_by: 5, zero_after: 15}", "{full_by: 5, zero_after: 15, x: 1}"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_docs_playbook_md_is_generated_from_the_playbook(default: Playbook) -> None:
    doc = Path(__file__).resolve().parents[1] / "docs" / "playbook.md"
    assert doc.read_text() == reference_markdown(default), (
        "docs/playbook.md is stale: .venv/bin/python -m drills.scoring.reference > docs/playbook.md")
    assert doc.read_text().count("\n### ") == len(REGISTRY)
