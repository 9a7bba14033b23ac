"""Script files: a team's timed actions in YAML, for golden tests and for replaying a real drill.

    # drills script
    scenario: invoice-export-tax-field   # informational
    actions:
      - {at: 4, as: maya, do: assign_owner, owner: maya}
      - {at: 5, as: priya, do: customer_update, works: "Login works", fails: "Exports fail",
         unknown: "The cause", next_update_at: 30}

`at` is sim minutes from the start of the drill, `as` the cast id acting, `do` the action kind; the
other keys are that action's fields (see `drill schema script`). A drill's events.jsonl is accepted
too: its actions are replayed at their times.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from drills.errors import Problem, ScriptError
from drills.scenario import MAX_MINUTES, MAX_SEED
from drills.world import ACTION_KINDS, MAX_TEXT_CHARS, Action, parse_action


class ScriptStep(BaseModel):
    """One timed action; keys other than at/as/do are the action's own fields (each free-text field holds
    at most drills.world.MAX_TEXT_CHARS characters)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, allow_inf_nan=False)
    at: float = Field(ge=0, le=MAX_MINUTES, description="Sim minutes from the start of the drill.")
    as_: str = Field(alias="as", description="Cast id of the person acting ('facilitator' for end_drill).")
    do: str = Field(description=f"Action kind: one of {', '.join(ACTION_KINDS)}. The action's own fields follow as "
                                f"keys; each free-text field holds at most {MAX_TEXT_CHARS} characters.")


class Script(BaseModel):
    """A scripted team: timed actions."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    scenario: str | None = Field(default=None, description="The scenario this script was written for.")
    seed: int | None = Field(default=None, ge=0, le=MAX_SEED)
    actions: list[ScriptStep] = Field(min_length=1)


def load_script(path: Path) -> list[tuple[float, Action]]:
    if path.suffix == ".jsonl" or path.is_dir():
        return script_from_log(path)
    from drills.scenario import load_model, read_yaml

    script = load_model(path, Script, error=ScriptError)
    located = read_yaml(path, error=ScriptError)
    problems: list[Problem] = []
    timed: list[tuple[float, Action]] = []
    for index, step in enumerate(script.actions):
        where = ("actions", index)
        if step.do not in ACTION_KINDS:
            close = difflib.get_close_matches(step.do, ACTION_KINDS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(ACTION_KINDS)}"
            problems.append(located.problem((*where, "do"), f"unknown action '{step.do}'", hint))
            continue
        fields = dict(step.model_extra or {})
        try:
            timed.append((step.at, parse_action({"kind": step.do, "actor": step.as_, **fields})))
        except ValidationError as exc:
            for error in exc.errors():
                loc = [p for p in error["loc"] if p != step.do]
                field = str(loc[0]) if loc else "do"
                if error["type"] == "extra_forbidden":
                    problems.append(located.problem((*where, field), f"'{step.do}' has no field '{field}'",
                                                    "remove it, or check `drill schema script`", key=True))
                elif error["type"] == "missing":
                    problems.append(located.problem(where, f"'{step.do}' needs '{field}'", f"add {field}: …"))
                else:
                    problems.append(located.problem((*where, field), f"'{field}': {error['msg']}",
                                                    "fix the value"))
    if problems:
        raise ScriptError(problems)
    return timed


def script_from_log(path: Path) -> list[tuple[float, Action]]:
    from drills.world import read_log

    logged = read_log(path)
    return [(e.t, parse_action(e.data["action"])) for e in logged.events
            if e.kind in ("action", "action_refused")]


def script_to_yaml(timed: list[tuple[float, Action]], scenario_id: str | None = None) -> str:
    """Write timed actions as a script file (e.g. to turn a real drill's log into a golden test)."""
    import yaml

    steps = []
    for at, action in timed:
        fields = action.model_dump(mode="json", exclude_defaults=True)
        fields.pop("kind", None)
        actor = fields.pop("actor", action.actor)
        steps.append({"at": at, "as": actor, "do": action.kind, **fields})
    return yaml.safe_dump({"scenario": scenario_id, "actions": steps}, sort_keys=False, allow_unicode=True)
