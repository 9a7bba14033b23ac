"""YAML files -> typed models, or every problem at once, each at `file:line:col`.

Two layers of checks run on every scenario and both always run, so one `drill lint` shows all
problems in a file:

1. the model's own validation (pydantic); its errors are translated into plain sentences and
   placed on the offending key or value (`_pydantic_problems`);
2. cross-references the model cannot see on its own (`_scenario_problems`): duplicate ids, references
   to clues, checks and repairs that do not exist, times outside the drill, unknown placeholders.
   They read the raw YAML data, so they still run when the model did not validate.
"""

from __future__ import annotations

import difflib
import enum
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from drills.errors import InputError, Problem, ScenarioError
from drills.scenario import InjectKind, Scenario, TriggerKind
from drills.yamlsafe import Located, YamlPath, read_yaml, read_yaml_text

M = TypeVar("M", bound=BaseModel)

PLACEHOLDERS = ("customer", "contact", "account", "owner", "clock", "error")
"""Names that may appear in braces in the texts participants see; the engine fills them in (and leaves
any other braces, such as JSON in a log line, as written)."""

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


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
    from drills.catalog import resolve_scenario_ref

    path = ref if isinstance(ref, Path) else resolve_scenario_ref(ref)
    return _loaded(read_yaml(path, error=ScenarioError), path)


def load_scenario_text(text: str, filename: str = "<scenario>") -> LoadedScenario:
    """Load a scenario from text; `filename` is used in messages."""
    return _loaded(read_yaml_text(text, filename, error=ScenarioError), Path(filename))


def _loaded(located: Located, path: Path) -> LoadedScenario:
    scenario, problems = _check_scenario(located)
    if problems or scenario is None:
        raise ScenarioError(problems)
    return LoadedScenario(scenario, path, located.source, located.sha256, located)


def problems_for(path: Path) -> list[Problem]:
    """Every problem in one scenario file, without raising: schema, cross-references, then (only for a
    file that loads) the registered lint checks from `drills.lint`."""
    from drills.lint import run_checks

    if not path.is_file():
        what = "not a regular file" if path.exists() else "no such file"
        return [Problem(str(path), 1, 1, what, "give the path of a scenario .yaml file")]
    try:
        located = read_yaml(path, error=ScenarioError)
    except InputError as exc:
        return list(exc.problems)
    scenario, problems = _check_scenario(located)
    if problems or scenario is None:
        return problems
    return run_checks(LoadedScenario(scenario, path, located.source, located.sha256, located))


def _check_scenario(located: Located) -> tuple[Scenario | None, list[Problem]]:
    scenario, problems = validate_located(located, Scenario)
    problems = problems + _scenario_problems(located)
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
        where = _describe(located.data, path[:-1])
        return located.problem(path, f"{where} is missing '{name}'", _add_hint(name, info, annotation), key=True)
    said = f"'{path[-1]}'" if path and isinstance(path[-1], str) else _describe(located.data, path)
    if kind == "enum" or (kind == "literal_error" and _choices(annotation)):
        choices = _choices(annotation) or []
        what = f"{said} is {_show(value)}, not one of: {', '.join(choices)}"
        return located.problem(path, what, _did_you_mean(value, choices, "use one of the values listed"))
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
        bound = _show(next(iter(ctx.values()), None))
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
        return located.problem(path, what, _did_you_mean(ctx.get("tag"), tags, "use one of the values listed"))
    return located.problem(path, f"{said}: {err['msg']}", "see `drill schema` for the format")


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
    where = f" in {_describe(located.data, path[:-1])}" if path[:-1] else ""
    what = f"unknown key '{path[-1]}'{where}"
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
    return raw if raw and raw[0] not in "[{\"'|>&*!" else ""


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
            low = f"{meta.ge:g} or more"
        if getattr(meta, "gt", None) is not None:
            low = f"more than {meta.gt:g}"
        if getattr(meta, "le", None) is not None:
            high = f"{meta.le:g} or less"
        if getattr(meta, "lt", None) is not None:
            high = f"less than {meta.lt:g}"
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
        return f"'{value}'"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _slug(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    return re.sub(r"[^a-z0-9_-]+", "-", value.lower()).strip("-_")[:64]


def _did_you_mean(value: Any, known: list[str], otherwise: str) -> str:
    if isinstance(value, str):
        close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
        if not close:
            close = difflib.get_close_matches(value.lower(), [k.lower() for k in known], n=1, cutoff=0.6)
            close = [k for k in known if k.lower() in close][:1]
        if close:
            return f"did you mean '{close[0]}'?"
    return otherwise


_SINGULAR = {"injects": "inject", "checks": "check", "clues": "clue", "repairs": "repair",
             "cast": "cast member", "customers": "customer", "ceo_triggers": "CEO trigger"}


def _describe(data: Any, path: YamlPath) -> str:
    """A human name for the thing at `path`: "inject 'first-report'", "'incident'", "the scenario"."""
    if not path:
        return "the file"
    node = data
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            node = None
            break
    last = path[-1]
    if isinstance(last, int) and len(path) >= 2:
        noun = _SINGULAR.get(str(path[-2]), f"{path[-2]} item")
        ident = node.get("id") if isinstance(node, dict) else None
        return f"{noun} '{ident}'" if isinstance(ident, str) else f"{noun} {last + 1}"
    return f"'{last}'"


# --- cross-references ---------------------------------------------------------------------------

_NOT_REPORTS = {k.value for k in InjectKind} - {InjectKind.customer_message.value, InjectKind.ticket.value}
_TIMED_TRIGGERS = {k.value for k in (TriggerKind.largest_customer, TriggerKind.legal, TriggerKind.security,
                                      TriggerKind.reputational)}
"""Triggers that fire only at their `at` minute (the others fire on revenue, a failed repair or time open)."""
_ID_LISTS = ("cast", "customers", "injects", "checks", "clues", "repairs")


def _entries(data: dict[Any, Any], key: str) -> Iterator[tuple[int, dict[Any, Any]]]:
    items = data.get(key)
    if isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, dict):
                yield i, item


def _mapping(data: Any, key: str) -> dict[Any, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and bool(_ID.match(value))


def _unknown_ref(value: str, known: dict[str, int], plural: str) -> str:
    names = sorted(known)
    otherwise = f"known {plural}: {', '.join(names)}" if names else f"this scenario has no {plural} yet"
    return _did_you_mean(value, names, otherwise)


def _scenario_problems(located: Located) -> list[Problem]:
    data = located.data
    out: list[Problem] = []
    ids: dict[str, dict[str, int]] = {}
    for key in _ID_LISTS:
        seen: dict[str, int] = {}
        for i, item in _entries(data, key):
            ident = item.get("id")
            if not _is_id(ident):
                continue
            if ident in seen:
                first = located.mark((key, seen[ident], "id")).line
                noun = _SINGULAR[key]
                out.append(located.problem((key, i, "id"),
                                           f"duplicate {noun} id '{ident}' (first used at line {first})",
                                           f"give each {noun} its own id"))
            else:
                seen[ident] = i
        ids[key] = seen

    def ref(path: YamlPath, value: Any, target: str, what: str) -> None:
        if _is_id(value) and value not in ids[target]:
            out.append(located.problem(path, what.replace("{value}", value), _unknown_ref(value, ids[target], target)))

    for i, check in _entries(data, "checks"):
        reveals = check.get("reveals")
        for j, clue in enumerate(reveals if isinstance(reveals, list) else []):
            ref(("checks", i, "reveals", j), clue, "clues",
                f"check '{check.get('id')}' reveals unknown clue '{{value}}'")

    simulated = _number(data.get("simulated_minutes", 150))
    for i, inject in _entries(data, "injects"):
        name = inject.get("id")
        when = inject.get("when")
        if isinstance(when, dict):
            for key, target in (("after_repair", "repairs"), ("not_after_repair", "repairs"),
                                ("after_check", "checks")):
                ref(("injects", i, "when", key), when.get(key), target,
                    f"inject '{name}' waits on unknown {target[:-1]} '{{value}}' ({key})")
        if inject.get("kind") == "join_request" and not inject.get("person"):
            out.append(located.problem(("injects", i), f"join_request inject '{name}' has no 'person'",
                                       "add `person:` with who asks to join the incident room"))
        at = _number(inject.get("at"))
        if at is not None and simulated is not None and at > simulated:
            out.append(located.problem(("injects", i, "at"),
                                       f"inject '{name}' arrives at minute {at:g}, after the drill ends "
                                       f"(simulated_minutes: {simulated:g})",
                                       "move it earlier or raise simulated_minutes"))

    for i, repair in _entries(data, "repairs"):
        requires = repair.get("requires")
        for j, needed in enumerate(requires if isinstance(requires, list) else []):
            if needed == repair.get("id"):
                out.append(located.problem(("repairs", i, "requires", j), f"repair '{needed}' requires itself",
                                           "remove it from its own requires"))
            else:
                ref(("repairs", i, "requires", j), needed, "repairs",
                    f"repair '{repair.get('id')}' requires unknown repair '{{value}}'")
    out.extend(_requires_cycles(located, ids["repairs"]))

    incident = _mapping(data, "incident")
    first = incident.get("first_report")
    ref(("incident", "first_report"), first, "injects", "first_report '{value}' is not the id of an inject")
    if _is_id(first) and first in ids["injects"]:
        index = ids["injects"][first]
        report = data["injects"][index]
        if report.get("kind") in _NOT_REPORTS:
            out.append(located.problem(("incident", "first_report"),
                                       f"first_report '{first}' is an inject of kind {report.get('kind')}; "
                                       "the first report must be a customer_message or a ticket",
                                       "point first_report at the customer's first message"))
        if report.get("when") is not None:
            out.append(located.problem(("injects", index, "when"),
                                       f"inject '{first}' is the first report, so it cannot wait on a condition",
                                       "remove `when:`; the playbook's clocks start when the first report arrives"))
        onset, reported = _number(incident.get("onset", 0)), _number(report.get("at"))
        if onset is not None and reported is not None and onset > reported:
            out.append(located.problem(("incident", "onset"),
                                       f"onset (minute {onset:g}) is after the first report arrives "
                                       f"(inject '{first}' at minute {reported:g})",
                                       f"the outage starts before the customer reports it: make onset {reported:g} "
                                       "or earlier"))
    ref(("incident", "reported_account"), incident.get("reported_account"), "customers",
        "reported_account '{value}' is not the id of a customer")
    triggers = incident.get("ceo_triggers")
    for k, trigger in enumerate(triggers if isinstance(triggers, list) else []):
        at = _number(trigger.get("at")) if isinstance(trigger, dict) else None
        if isinstance(trigger, dict) and trigger.get("kind") in _TIMED_TRIGGERS and trigger.get("at") is None:
            out.append(located.problem(("incident", "ceo_triggers", k),
                                       f"a {trigger['kind']} trigger without `at` never fires",
                                       "add `at:` with the minute the business learns of it"))
        if at is not None and simulated is not None and at > simulated:
            out.append(located.problem(("incident", "ceo_triggers", k, "at"),
                                       f"CEO trigger fires at minute {at:g}, after the drill ends "
                                       f"(simulated_minutes: {simulated:g})",
                                       "move it earlier or raise simulated_minutes"))

    out.extend(_placeholder_problems(located))
    must_find = _mapping(data, "par").get("must_find")
    for j, clue in enumerate(must_find if isinstance(must_find, list) else []):
        ref(("par", "must_find", j), clue, "clues", "par.must_find names unknown clue '{value}'")
    return out


def _texts_with_placeholders(data: dict[Any, Any]) -> Iterator[tuple[YamlPath, Any, str]]:
    """Every text the engine fills placeholders in: (path, text, how to name it in a message)."""
    for key, text_key in (("injects", "text"), ("clues", "text"), ("repairs", "side_effect")):
        for i, item in _entries(data, key):
            yield (key, i, text_key), item.get(text_key), f"{_SINGULAR[key]} '{item.get('id')}'"
    for section, key in (("customer", "chase_texts"), ("customer", "confirm_text"),
                         ("customer", "still_failing_text"), ("ceo", "asks")):
        value = _mapping(data, section).get(key)
        for j, text in enumerate(value) if isinstance(value, list) else [(None, value)]:
            yield (section, key) if j is None else (section, key, j), text, f"{section}.{key}"


def _placeholder_problems(located: Located) -> list[Problem]:
    known = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
    out = []
    for path, text, where in _texts_with_placeholders(located.data):
        for placeholder in _PLACEHOLDER.findall(text) if isinstance(text, str) else []:
            if placeholder not in PLACEHOLDERS:
                close = difflib.get_close_matches(placeholder.lower(), PLACEHOLDERS, n=1, cutoff=0.6)
                fix = f"did you mean {{{close[0]}}}?" if close else f"the placeholders are {known}"
                out.append(located.problem(path, f"unknown placeholder {{{placeholder}}} in {where}", fix))
    return out


def _requires_cycles(located: Located, repair_ids: dict[str, int]) -> list[Problem]:
    """Repairs that require each other in a circle can never start; report each circle once."""
    graph: dict[str, set[str]] = {}
    for ident, index in repair_ids.items():
        requires = located.data["repairs"][index].get("requires")
        graph[ident] = {r for r in requires if r in repair_ids and r != ident} if isinstance(requires, list) else set()
    out: list[Problem] = []
    stuck = set(graph)
    while True:
        # Peel off repairs whose requirements can all be met; what is left sits in or behind a circle.
        free = {r for r in stuck if not graph[r] & stuck}
        while free:
            stuck -= free
            free = {r for r in stuck if not graph[r] & stuck}
        if not stuck:
            return out
        start = min(stuck, key=repair_ids.__getitem__)
        trail = [start]
        while True:
            nxt = min(graph[trail[-1]] & stuck, key=repair_ids.__getitem__)
            if nxt in trail:
                circle = trail[trail.index(nxt):]
                break
            trail.append(nxt)
        first = min(circle, key=repair_ids.__getitem__)
        rotated = circle[circle.index(first):] + circle[:circle.index(first)]
        out.append(located.problem(("repairs", repair_ids[first], "requires"),
                                   f"repairs {' → '.join([*rotated, first])} require each other in a circle",
                                   "remove one of these requires so that a repair can start"))
        stuck -= set(circle)
