"""YAML files -> typed models, or every problem at once, each at `file:line:col`.

Two layers of checks run on every scenario and both always run, so one `drill lint` shows all
problems in a file:

1. the model's own validation (pydantic); its errors are translated into plain sentences and
   placed on the offending key or value (`_pydantic_problems`);
2. cross-references the model cannot see on its own (`drills.scenario._references`): duplicate ids,
   references to clues, checks and repairs that do not exist, times outside the drill, unknown
   placeholders. They read the raw YAML data, so they still run when the model did not validate.
"""

from __future__ import annotations

import difflib
import enum
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from drills import paths
from drills.errors import InputError, Problem, ScenarioError
from drills.scenario._catalog import builtin_ids, resolve_scenario_ref
from drills.scenario._model import RepairKind, Scenario, safety_class
from drills.scenario._references import describe, did_you_mean, scenario_problems
from drills.scenario._yamlsafe import Located, YamlPath, read_yaml, read_yaml_text
from drills.terminal import QUOTE_LIMIT, quoted

M = TypeVar("M", bound=BaseModel)



@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario and the file it came from."""

    scenario: Scenario
    path: Path
    source: str
    """The file's text, as written (stored in the event log so a replay needs no file)."""
    sha256: str
    """Hex SHA-256 of the file's bytes."""
    located: Located | None = field(default=None, repr=False, compare=False)
    """Where each key and value was written, for checks that report problems (`problem`)."""

    def problem(self, path: YamlPath, what: str, fix: str = "", *, key: bool = False,
                severity: str = "warning") -> Problem:
        """A Problem at the position of `path` (e.g. ("injects", 2, "at")); a warning unless said otherwise."""
        if self.located is None:
            return Problem(str(self.path), 1, 1, what, fix, severity)
        return self.located.problem(path, what, fix, key=key, severity=severity)


def load_model(path: Path, model: type[M], *, error: type[InputError]) -> M:
    """Read a YAML file into `model`; raise `error` with every problem, each located."""
    located = read_yaml(path, error=error)
    obj, problems = validate_located(located, model)
    if problems or obj is None:
        raise error(problems)
    return obj


def validate_located(located: Located, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate already-read YAML against `model`: (the model, []) or (None, located problems).

    Keys must be spelled as in the format (`from`, not the Python name `sender`), matching the
    JSON Schema that `drill schema` prints.
    """
    try:
        return model.model_validate(located.data, by_alias=True, by_name=False), []
    except ValidationError as exc:
        return None, _pydantic_problems(located, model, exc)


def load_scenario(ref: str | Path) -> LoadedScenario:
    """Load a scenario from a path, or by the id of a built-in scenario."""
    path = ref if isinstance(ref, Path) else resolve_scenario_ref(ref)
    return _loaded(read_yaml(path, error=ScenarioError), path)


def load_scenario_text(text: str, filename: str = "<scenario>") -> LoadedScenario:
    """Load a scenario from text; `filename` is used in messages."""
    return _loaded(read_yaml_text(text, filename, error=ScenarioError), Path(filename))


def _loaded(located: Located, path: Path) -> LoadedScenario:
    scenario, problems = check_scenario(located)
    if problems or scenario is None:
        raise ScenarioError(problems)
    return LoadedScenario(scenario, path, located.source, located.sha256, located)


def builtin_scenarios() -> list[Scenario]:
    """Every built-in scenario, loaded and checked, sorted by id."""
    loaded = [load_scenario(paths.BUILTIN_SCENARIOS_DIR / f"{ident}.yaml").scenario for ident in builtin_ids()]
    return sorted(loaded, key=lambda s: s.id)


def check_scenario(located: Located) -> tuple[Scenario | None, list[Problem]]:
    """The model (or None) and every problem of the schema and the cross-references, sorted by position."""
    scenario, problems = validate_located(located, Scenario)
    problems = problems + scenario_problems(located)
    return scenario, sorted(set(problems), key=lambda p: (p.line, p.col, p.what))


# --- pydantic errors in plain words ---------------------------------------------------------------

_PATTERN_WORDS = {
    r"^[a-z0-9][a-z0-9_-]*$": "a lower-case id (letters a-z, digits, '-' and '_', starting with a letter or digit)",
    r"^([01]\d|2[0-3]):[0-5]\d$": "a 24-hour time written HH:MM, like '09:30'",
}


def _pydantic_problems(located: Located, model: type[BaseModel], exc: ValidationError) -> list[Problem]:
    errors = [(_data_path(located.data, err["loc"]), err) for err in exc.errors(include_url=False)]
    # A misspelt key also makes its field "missing"; the unknown-key problem already says
    # "did you mean ...?", so the second problem about the same mistake is left out.
    suggested = set()
    for path, err in errors:
        if err["type"] == "extra_forbidden":
            suggestion = _suggest_key(model, path)
            if suggestion:
                suggested.add((*path[:-1], suggestion))
    return [_one_problem(located, model, path, err) for path, err in errors
            if not (err["type"] == "missing" and path in suggested)]


def _data_path(data: Any, loc: tuple[Any, ...]) -> YamlPath:
    """pydantic's `loc` minus the steps that are not in the data (union member tags and the like)."""
    path: list[Any] = []
    current = data
    for i, step in enumerate(loc):
        last = i == len(loc) - 1
        in_dict = isinstance(current, dict) and step in current
        in_list = isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current)
        if in_dict or in_list:
            current = current[step]
            path.append(step)
        elif last and isinstance(current, dict) and isinstance(step, str):
            path.append(step)  # a missing key: the path names it, marks fall back to the parent
    return tuple(path)


def _one_problem(located: Located, model: type[BaseModel], path: YamlPath, err: Any) -> Problem:
    kind: str = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    name = str(path[-1]) if path else "the file"
    info, annotation = _field_at(model, path)
    if kind == "extra_forbidden":
        return _unknown_key(located, model, path)
    if kind == "missing":
        where = describe(located.data, path[:-1])
        return located.problem(path, f"{where} is missing '{name}'", _add_hint(name, info, annotation), key=True)
    said = quoted(path[-1]) if path and isinstance(path[-1], str) else describe(located.data, path)
    if kind == "enum" or (kind == "literal_error" and _choices(annotation)):
        choices = _choices(annotation) or []
        what = f"{said} is {_show(value)}, not one of: {', '.join(choices)}"
        if _strip(annotation) is RepairKind:
            return located.problem(path, what, repair_kind_hint(value))
        return located.problem(path, what, did_you_mean(value, choices, "use one of the values listed"))
    if kind == "string_pattern_mismatch":
        words = _PATTERN_WORDS.get(ctx.get("pattern", ""), f"text matching {ctx.get('pattern')}")
        fix = f"try '{_slug(value)}'" if ctx.get("pattern") == r"^[a-z0-9][a-z0-9_-]*$" and _slug(value) else \
            "write it in that form"
        return located.problem(path, f"{said} must be {words}, got {_show(value)}", fix)
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        whole = kind.startswith("int")
        noun = "a whole number" if whole else _number_noun(name, info)
        example = "such as 3" if whole else "such as 10 or 2.5"
        return located.problem(path, f"{said} must be {noun}, got {_show(value)}", f"write a number {example}")
    if kind in ("bool_parsing", "bool_type"):
        return located.problem(path, f"{said} must be true or false, got {_show(value)}", "write true or false")
    if kind == "string_type":
        raw = _raw_scalar(located, path)
        if raw and not isinstance(value, list | dict):
            fix = f"put it in quotes so that YAML reads it as text: {name}: \"{raw}\""
        else:
            fix = "write the text after the colon, in quotes if it starts with a special character"
        return located.problem(path, f"{said} must be text, got {_show(value)}", fix)
    if kind in ("list_type", "tuple_type", "set_type"):
        return located.problem(path, f"{said} must be a list, got {_show(value)}",
                               "write it as [a, b] or one '- item' per line")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return located.problem(path, f"{said} must be a mapping of keys to values, got {_show(value)}",
                               "write the keys indented on the lines below it")
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = _show(next(iter(ctx.values()), None))  # e.g. 1,000,000,000
        relation = {"greater_than_equal": "at least", "greater_than": "more than",
                    "less_than_equal": "at most", "less_than": "less than"}[kind]
        return located.problem(path, f"{said} must be {relation} {bound}, got {_show(value)}", _range_hint(info))
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return located.problem(path, f"{said} needs at least {least} entr{'y' if least == 1 else 'ies'}",
                               f"add {'one' if least == 1 else 'more'}; see docs/scenario-format.md")
    if kind == "too_long":
        return located.problem(path, f"{said} has more than {ctx.get('max_length')} entries", "remove some")
    if kind == "string_too_short":
        return located.problem(path, f"{said} is empty", "write some text, or leave the key out if it is optional")
    if kind == "string_too_long":
        most = ctx.get("max_length")
        return located.problem(path, f"{said} is {len(str(value))} characters long, more than {most}",
                               f"shorten it to {most} characters or fewer")
    if kind == "value_error":
        message = str(ctx.get("error", err["msg"])).removeprefix("Value error, ")
        # A validator may give its own fix after " — " (the playbook's validators do).
        message, _, own_fix = message.partition(" — ")
        needs = re.search(r"needs (\w+)$", message)
        fix = own_fix or (f"add `{needs.group(1)}:`" if needs else "see docs/scenario-format.md")
        return located.problem(path, message, fix)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tags = str(ctx.get("expected_tags", "")).replace("'", "").split(", ")
        what = f"{said}: {ctx.get('discriminator', 'kind')} is {_show(ctx.get('tag'))}, not one of: {', '.join(tags)}"
        return located.problem(path, what, did_you_mean(ctx.get("tag"), tags, "use one of the values listed"))
    return located.problem(path, f"{said}: {err['msg']}", "see `drill schema` for the format")


_KIND_WORDS = {
    "revert": RepairKind.rollback, "roll_back": RepairKind.rollback, "undeploy": RepairKind.rollback,
    "flag": RepairKind.feature_flag, "toggle": RepairKind.feature_flag, "feature_toggle": RepairKind.feature_flag,
    "killswitch": RepairKind.kill_switch, "kill": RepairKind.kill_switch, "disable": RepairKind.kill_switch,
    "pause": RepairKind.queue_pause, "throttle": RepairKind.queue_pause, "scale": RepairKind.capacity,
    "scale_up": RepairKind.capacity, "scale_out": RepairKind.capacity, "fail_over": RepairKind.failover,
    "reroute": RepairKind.traffic_shift, "drain": RepairKind.traffic_shift, "shift_traffic": RepairKind.traffic_shift,
    "manual": RepairKind.manual_workaround, "backup": RepairKind.restore, "restore_backup": RepairKind.restore,
    "snapshot": RepairKind.restore, "reboot": RepairKind.restart, "patch": RepairKind.hotfix,
    "fix": RepairKind.hotfix, "config": RepairKind.config_change,
}
"""Words authors use for a repair, and the kind each means."""


def repair_kind_hint(value: Any) -> str:
    """A suggestion for an unknown repair kind that never crosses safety classes: a known synonym, or a
    near-identical spelling (a typo); otherwise the kinds by class, for the author to choose."""
    word = re.sub(r"[\s-]+", "_", value.strip().lower()) if isinstance(value, str) else ""
    kinds = [k.value for k in RepairKind]
    meant = _KIND_WORDS.get(word) or next(iter(difflib.get_close_matches(word, kinds, n=1, cutoff=0.85)), None)
    if meant is not None:
        kind = RepairKind(meant)
        return f"did you mean '{kind.value}' ({safety_class(kind)})?"
    by_class: dict[str, list[str]] = {}
    for kind in RepairKind:
        by_class.setdefault(safety_class(kind), []).append(kind.value)
    return "choose by what it does: " + "; ".join(f"{cls}: {', '.join(names)}" for cls, names in by_class.items())


def _allowed_keys(model: type[BaseModel], parent: YamlPath) -> tuple[list[str], dict[str, str]]:
    """Keys the format allows at `parent`, and Python field names that are spelt differently in YAML."""
    owner = _model_in(_field_at(model, parent)[1]) if parent else model
    allowed: list[str] = []
    renamed: dict[str, str] = {}
    for fname, finfo in owner.model_fields.items() if owner is not None else ():
        allowed.append(finfo.alias or fname)
        if finfo.alias:
            renamed[fname] = finfo.alias
    return allowed, renamed


def _suggest_key(model: type[BaseModel], path: YamlPath) -> str | None:
    allowed, renamed = _allowed_keys(model, path[:-1])
    key = path[-1]
    if key in renamed:
        return renamed[key]
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6) if isinstance(key, str) else []
    return close[0] if close else None


def _unknown_key(located: Located, model: type[BaseModel], path: YamlPath) -> Problem:
    allowed, _ = _allowed_keys(model, path[:-1])
    where = f" in {describe(located.data, path[:-1])}" if path[:-1] else ""
    what = f"unknown key {quoted(path[-1])}{where}"
    suggestion = _suggest_key(model, path)
    if suggestion:
        return located.problem(path, what, f"did you mean '{suggestion}'?", key=True)
    fix = f"allowed keys here: {', '.join(allowed)}" if allowed else "remove it"
    return located.problem(path, what, fix, key=True)


def _raw_scalar(located: Located, path: YamlPath) -> str:
    """The value at `path` as written in the file, if it is a plain one-line value (for quoting hints)."""
    line, col = located.mark(path)
    lines = located.source.splitlines()
    if path not in located.value_marks or line > len(lines):
        return ""
    raw = lines[line - 1][col - 1:].split(" #")[0].strip()
    return raw if raw and raw[0] not in "[{\"'|>&*!" and len(raw) <= QUOTE_LIMIT else ""


def _field_at(model: type[BaseModel], path: YamlPath) -> tuple[FieldInfo | None, Any]:
    """The field and type found by walking `path` through the model's annotations (None if lost)."""
    info: FieldInfo | None = None
    tp: Any = model
    for step in path:
        tp = _strip(tp)
        if isinstance(step, int):
            if typing.get_origin(tp) in (list, tuple, set, frozenset):
                tp = typing.get_args(tp)[0]
                continue
            return None, None
        inner = _model_in(tp)
        if inner is not None:
            found = next((f for n, f in inner.model_fields.items() if step in (n, f.alias)), None)
            if found is None:
                return None, None
            info, tp = found, found.annotation
        elif typing.get_origin(tp) is dict:
            info, tp = None, typing.get_args(tp)[1]
        else:
            return None, None
    return info, _strip(tp)


def _strip(tp: Any) -> Any:
    """Remove Annotated[...] and Optional from a type."""
    while True:
        if typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif typing.get_origin(tp) in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _model_in(tp: Any) -> type[BaseModel] | None:
    tp = _strip(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _choices(annotation: Any) -> list[str] | None:
    tp = _strip(annotation)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return [str(m.value) for m in tp]
    if typing.get_origin(tp) is typing.Literal:
        return [str(a) for a in typing.get_args(tp)]
    return None


def _number_noun(name: str, info: FieldInfo | None) -> str:
    description = (info.description or "").lower() if info else ""
    if ("minute" in description and " per " not in description) or name == "at" or name.endswith("_minutes"):
        return "a number of minutes"
    return "a number"


def _range_hint(info: FieldInfo | None) -> str:
    low = high = ""
    for meta in info.metadata if info else []:
        if getattr(meta, "ge", None) is not None:
            low = f"{_number_text(meta.ge)} or more"
        if getattr(meta, "gt", None) is not None:
            low = f"more than {_number_text(meta.gt)}"
        if getattr(meta, "le", None) is not None:
            high = f"{_number_text(meta.le)} or less"
        if getattr(meta, "lt", None) is not None:
            high = f"less than {_number_text(meta.lt)}"
    if low and high:
        return f"use a number {low} and {high}"
    return f"use a number {low or high}" if low or high else "change the number"


def _add_hint(name: str, info: FieldInfo | None, annotation: Any) -> str:
    choices = _choices(annotation)
    if choices:
        return f"add `{name}:` with one of: {', '.join(choices)}"
    if info and info.description:
        description = info.description.rstrip(".")
        return f"add `{name}:`, {description[:1].lower()}{description[1:]}"
    return f"add `{name}:`"


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, int | float):
        return _number_text(value)
    return str(value)


def _number_text(value: float) -> str:
    """A number as a message shows it: 1,000,000,000 rather than 1e+09; never hundreds of digits."""
    if isinstance(value, int) and abs(value) >= 10**QUOTE_LIMIT:
        return f"a number of more than {QUOTE_LIMIT} digits"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return f"{value:,}" if isinstance(value, int) and abs(value) >= 10_000 else f"{value:g}"


def _slug(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    return re.sub(r"[^a-z0-9_-]+", "-", value.lower()).strip("-_")[:64]
