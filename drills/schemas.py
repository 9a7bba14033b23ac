"""JSON Schemas of the file formats, generated from the pydantic models (one definition, no drift).

`drill schema > docs/scenario.schema.json` regenerates the file that scenario YAML files name in
their `# yaml-language-server: $schema=...` modeline, which gives editors completion and checks.
"""

from __future__ import annotations

import importlib
from typing import Any

from pydantic import BaseModel

from drills.errors import UsageError

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_FORMATS = {
    # The models' own modules, imported by name when asked for, so one that is missing is a usage error.
    "scenario": ("drills.scenario._model", "Scenario", "drills scenario"),
    "playbook": ("drills.scoring._playbook", "Playbook", "drills playbook"),
    "script": ("drills.teams._script", "Script", "drills scripted team"),
}


def json_schema(what: str) -> dict[str, Any]:
    """The JSON Schema of the `what` format: "scenario", "playbook" or "script"."""
    if what not in _FORMATS:
        raise UsageError(f"unknown format '{what}' — choose one of: {', '.join(_FORMATS)}")
    module_name, class_name, title = _FORMATS[what]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise UsageError(f"the {what} format is not available in this version of drills — "
                         "`drill schema scenario` prints the scenario format") from None
    model = getattr(module, class_name, None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise UsageError(f"the {what} format is not available in this version of drills — "
                         "`drill schema scenario` prints the scenario format")
    schema = model.model_json_schema(by_alias=True)
    return {"$schema": JSON_SCHEMA_DIALECT, "title": title, **{k: v for k, v in schema.items() if k != "title"}}
