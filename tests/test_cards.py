"""Setup cards: the quick read of a scenario file shows what the validated scenario would."""

from __future__ import annotations

from pathlib import Path

import pytest

from drills.paths import BUILTIN_SCENARIOS_DIR
from drills.scenario import CardError, Company, Difficulty, Scenario, builtin_ids, card_of, load_scenario, read_card
from drills.scenario import _cards as cards
from drills.scenario import _yamlsafe as yamlsafe


@pytest.mark.parametrize("ident", builtin_ids())
def test_the_quick_card_of_each_builtin_scenario_is_its_validated_card(ident: str) -> None:
    path = BUILTIN_SCENARIOS_DIR / f"{ident}.yaml"
    assert read_card(path) == card_of(load_scenario(path).scenario)


def test_a_scenario_that_leaves_the_defaults_out_gets_the_models_defaults(tmp_path: Path, minimal_text: str) -> None:
    kept = [line for line in minimal_text.splitlines()
            if not line.startswith(("difficulty:", "drill_minutes:", "simulated_minutes:", "seed:", "  product:"))]
    path = tmp_path / "defaults.yaml"
    path.write_text("\n".join(kept) + "\n")
    card = read_card(path)
    assert card == card_of(load_scenario(path).scenario)
    assert (card.difficulty, card.seed, card.product, card.briefing) == ("medium", 1, "", "")


def test_the_cards_defaults_are_the_models() -> None:
    fields = Scenario.model_fields
    assert {name: fields[name].default for name in cards.DEFAULTS} == cards.DEFAULTS
    assert Company.model_fields["product"].default == cards.PRODUCT_DEFAULT
    assert tuple(d.value for d in Difficulty) == cards.DIFFICULTIES
    assert cards.MAX_BYTES == yamlsafe.MAX_BYTES


@pytest.mark.parametrize(("old", "new"), [
    # YAML 1.1 (the quick read) reads `yes` as true; the loader reads YAML 1.2, where it is text
    ('title: "SSO login loop after an identity config change"', "title: yes"),
    ("seed: 7", "seed: seven"),
    ("difficulty: easy", "difficulty: brutal"),
    ("drill_minutes: 15", "drill_minutes: 0"),
    ("  - id: support-lead\n    role: Support lead", "  - id: support-lead\n    role: [Support lead]"),
    ("id: sso-login-loop", "id: [sso]"),
])
def test_what_the_quick_read_is_unsure_of_is_refused(tmp_path: Path, minimal_text: str, old: str, new: str) -> None:
    assert old in minimal_text
    path = tmp_path / "unsure.yaml"
    path.write_text(minimal_text.replace(old, new, 1))
    with pytest.raises(CardError):
        read_card(path)


def test_broken_yaml_and_oversized_files_are_refused(tmp_path: Path, minimal_text: str) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(minimal_text.replace("cast:", "cast: [", 1))
    big = tmp_path / "big.yaml"
    big.write_text(minimal_text + "#" * cards.MAX_BYTES)
    listed = tmp_path / "list.yaml"
    listed.write_text("- a\n- b\n")
    for path in (broken, big, listed):
        with pytest.raises(CardError):
            read_card(path)
