"""The scenario format: what a drill is made of, read safely from YAML.

The pydantic models (`Scenario` and its parts, documented field by field), YAML reading that
remembers where every key came from (`read_yaml`), the loader that checks a file against the
model and its cross-references and puts every problem at `file:line:col` (`load_scenario`), the
built-in scenarios (`builtin_scenarios`), the setup screen's quick cards (`read_card`), and
`drill new`'s starter (`new_scenario`). Format 2 (`format: 2`: conditions everywhere, repair outcomes,
harms, channels, decision points, objectives, floods) is checked by `_format2`, which also rewrites a
format-1 file as format 2 (`upgrade_text`, behind `drill lint --upgrade`).

Nothing here knows the engine: the world, scoring and the room read scenarios, never the reverse.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drills.scenario._authoring import new_scenario
    from drills.scenario._cards import CardError, SetupCard, card_of, read_card
    from drills.scenario._catalog import builtin_ids, resolve_scenario_ref
    from drills.scenario._format2 import upgrade_text
    from drills.scenario._loader import (
        LoadedScenario,
        builtin_scenarios,
        check_scenario,
        load_model,
        load_scenario,
        load_scenario_text,
        validate_located,
    )
    from drills.scenario._model import (
        FAST_SAFE_KINDS,
        MAX_IMPACT,
        MAX_MINUTES,
        MAX_SEED,
        MIN_PATIENCE,
        MITIGATED_AT,
        RISKY_KINDS,
        SLOW_SAFE_KINDS,
        WORKS_BELOW,
        CastMember,
        CeoBehaviour,
        Channel,
        ChannelKind,
        Check,
        CheckKind,
        Clue,
        Company,
        Condition,
        Customer,
        CustomerBehaviour,
        Decision,
        DecisionOption,
        Difficulty,
        EscalationTrigger,
        Harm,
        HarmKind,
        Incident,
        Inject,
        InjectKind,
        Objective,
        ObjectiveMatch,
        Outcome,
        Par,
        Repair,
        RepairEffect,
        RepairKind,
        Scenario,
        Scope,
        Severity,
        TriggerKind,
        UserFunction,
        holds_at_start,
        safety_class,
    )
    from drills.scenario._yamlsafe import Located, Mark, YamlPath, read_yaml, read_yaml_text

__all__ = [
    "FAST_SAFE_KINDS",
    "MAX_IMPACT",
    "MAX_MINUTES",
    "MAX_SEED",
    "MIN_PATIENCE",
    "MITIGATED_AT",
    "RISKY_KINDS",
    "SLOW_SAFE_KINDS",
    "WORKS_BELOW",
    "CardError",
    "CastMember",
    "CeoBehaviour",
    "Channel",
    "ChannelKind",
    "Check",
    "CheckKind",
    "Clue",
    "Company",
    "Condition",
    "Customer",
    "CustomerBehaviour",
    "Decision",
    "DecisionOption",
    "Difficulty",
    "EscalationTrigger",
    "Harm",
    "HarmKind",
    "Incident",
    "Inject",
    "InjectKind",
    "LoadedScenario",
    "Located",
    "Mark",
    "Objective",
    "ObjectiveMatch",
    "Outcome",
    "Par",
    "Repair",
    "RepairEffect",
    "RepairKind",
    "Scenario",
    "Scope",
    "SetupCard",
    "Severity",
    "TriggerKind",
    "UserFunction",
    "YamlPath",
    "builtin_ids",
    "builtin_scenarios",
    "card_of",
    "check_scenario",
    "holds_at_start",
    "load_model",
    "load_scenario",
    "load_scenario_text",
    "new_scenario",
    "read_card",
    "read_yaml",
    "read_yaml_text",
    "resolve_scenario_ref",
    "safety_class",
    "upgrade_text",
    "validate_located",
]

_EXPORTS = {
    "Channel": "_model",
    "ChannelKind": "_model",
    "Decision": "_model",
    "DecisionOption": "_model",
    "Harm": "_model",
    "HarmKind": "_model",
    "Objective": "_model",
    "ObjectiveMatch": "_model",
    "Outcome": "_model",
    "MAX_IMPACT": "_model",
    "SLOW_SAFE_KINDS": "_model",
    "RISKY_KINDS": "_model",
    "safety_class": "_model",
    "holds_at_start": "_model",
    "upgrade_text": "_format2",
    "Scope": "_model",
    "UserFunction": "_model",
    "Scenario": "_model",
    "Company": "_model",
    "CastMember": "_model",
    "Customer": "_model",
    "Incident": "_model",
    "Inject": "_model",
    "InjectKind": "_model",
    "Condition": "_model",
    "Check": "_model",
    "CheckKind": "_model",
    "Clue": "_model",
    "Repair": "_model",
    "RepairKind": "_model",
    "RepairEffect": "_model",
    "TriggerKind": "_model",
    "EscalationTrigger": "_model",
    "CustomerBehaviour": "_model",
    "CeoBehaviour": "_model",
    "Par": "_model",
    "Difficulty": "_model",
    "Severity": "_model",
    "MITIGATED_AT": "_model",
    "MAX_MINUTES": "_model",
    "MAX_SEED": "_model",
    "MIN_PATIENCE": "_model",
    "WORKS_BELOW": "_model",
    "FAST_SAFE_KINDS": "_model",
    "Located": "_yamlsafe",
    "Mark": "_yamlsafe",
    "YamlPath": "_yamlsafe",
    "read_yaml": "_yamlsafe",
    "read_yaml_text": "_yamlsafe",
    "LoadedScenario": "_loader",
    "builtin_scenarios": "_loader",
    "check_scenario": "_loader",
    "load_model": "_loader",
    "load_scenario": "_loader",
    "load_scenario_text": "_loader",
    "validate_located": "_loader",
    "builtin_ids": "_catalog",
    "resolve_scenario_ref": "_catalog",
    "CardError": "_cards",
    "SetupCard": "_cards",
    "card_of": "_cards",
    "read_card": "_cards",
    "new_scenario": "_authoring",
}
"""Each public name and the private module it lives in: imported when the name is first used, so
importing this package costs nothing (`drill lint`, `drill schema` and the setup's first frame stay light)."""


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
