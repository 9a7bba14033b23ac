"""What format 2 adds to the cross-references, and the rewrite of a format-1 file into format 2.

`format2_problems` reads the raw YAML data (like the other cross-references, so it runs when the model
did not validate): every format-2 construct in a file that does not say `format: 2` is an error that
names the key, and inside format 2 every id a condition, a decision option, a repair outcome or an
objective names must exist. `upgrade_text` rewrites a format-1 file's text so that it says `format: 2`,
keeping its comments and layout, and spells the format-1 shorthands the format-2 way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from drills.errors import Problem
from drills.scenario._yamlsafe import Located, YamlPath

_NEW_CONDITION_KEYS = ("repair_running", "after_inject", "after_decision", "impact_above", "impact_below",
                       "trust_below", "minutes_since_report", "all", "any", "not")
_NEW_TOP = ("harms", "channels", "decisions", "objectives", "customer_words")
_NEW_INCIDENT = ("loss_per_hour", "tickets_per_minute", "no_fast_safe_repair")
_FORMAT1_LIMITS = (("takes", 600), ("impact_after", 2))
"""Numbers format 1 stops at (format 2 allows more: a day-long restore, impact above 2)."""
_CONDITION_TARGETS = {"after_repair": "repairs", "not_after_repair": "repairs", "after_check": "checks",
                      "repair_running": "repairs", "after_inject": "injects", "after_decision": "decisions"}
_FORMAT1_CONDITION_KEYS = ("after_repair", "not_after_repair", "after_check")
RECIPIENT_WORDS = ("room", "facilitator")
"""What an inject's `to` may name beside cast ids."""

Ref = Callable[[YamlPath, Any, str, str], None]


def _is_id(value: Any) -> bool:
    """An id a reference can name; anything else (a list, a mapping) is reported by the schema, not here."""
    return isinstance(value, (str, int, float, bool)) or value is None


def _ids(data: Any, key: str) -> set[Any]:
    return {item.get("id") for _, item in _items(data, key) if _is_id(item.get("id"))}


def _items(data: Any, key: str) -> Iterator[tuple[int, dict[Any, Any]]]:
    items = data.get(key) if isinstance(data, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            yield i, item


def _mapping(data: Any, key: str) -> dict[Any, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def conditions(data: dict[Any, Any]) -> Iterator[tuple[YamlPath, dict[Any, Any]]]:
    """Every condition mapping in the file (and the ones nested in all/any/not), with its path."""

    def nested(path: YamlPath, cond: Any) -> Iterator[tuple[YamlPath, dict[Any, Any]]]:
        if not isinstance(cond, dict):
            return
        yield path, cond
        for key in ("all", "any"):
            for j, inner in enumerate(cond.get(key) if isinstance(cond.get(key), list) else []):
                yield from nested((*path, key, j), inner)
        yield from nested((*path, "not"), cond.get("not"))

    for i, inject in _items(data, "injects"):
        yield from nested(("injects", i, "when"), inject.get("when"))
    for k, trigger in _items(_mapping(data, "incident"), "ceo_triggers"):
        yield from nested(("incident", "ceo_triggers", k, "when"), trigger.get("when"))
    for i, repair in _items(data, "repairs"):
        for j, outcome in _items(repair, "effects"):
            yield from nested(("repairs", i, "effects", j, "when"), outcome.get("when"))
    for i, harm in _items(data, "harms"):
        yield from nested(("harms", i, "when"), harm.get("when"))
    for i, channel in _items(data, "channels"):
        for key in ("down_when", "stale_when"):
            yield from nested(("channels", i, key), channel.get(key))
    for i, decision in _items(data, "decisions"):
        yield from nested(("decisions", i, "when"), decision.get("when"))


def _owner(data: dict[Any, Any], path: YamlPath) -> str:
    """"inject 'x'", "repair 'y'", "CEO trigger 2": what a condition at `path` belongs to."""
    section = path[1] if path[0] == "incident" else path[0]
    index = path[2] if path[0] == "incident" else path[1]
    items = (_mapping(data, "incident") if path[0] == "incident" else data).get(section)
    item = items[index] if isinstance(items, list) and isinstance(index, int) and index < len(items) else None
    noun = {"injects": "inject", "repairs": "repair", "harms": "harm", "channels": "channel",
            "decisions": "decision", "ceo_triggers": "CEO trigger"}.get(str(section), str(section))
    ident = item.get("id") if isinstance(item, dict) else None
    return f"{noun} '{ident}'" if isinstance(ident, str) else f"{noun} {int(index) + 1}"


def _format1_uses(data: dict[Any, Any]) -> Iterator[tuple[YamlPath, str]]:
    """(path, what) for every format-2 construct in the data."""
    for key in _NEW_TOP:
        if key in data:
            yield (key,), f"'{key}'"
    for key in _NEW_INCIDENT:
        if key in _mapping(data, "incident"):
            yield ("incident", key), f"'incident.{key}'"
    for path, cond in conditions(data):
        for key in _NEW_CONDITION_KEYS:
            if key in cond:
                yield (*path, key), f"the condition '{key}'"
    for k, trigger in _items(_mapping(data, "incident"), "ceo_triggers"):
        if "when" in trigger:
            yield ("incident", "ceo_triggers", k, "when"), "a CEO trigger's 'when'"
    for i, inject in _items(data, "injects"):
        for key in ("to", "release_hint"):
            if key in inject:
                yield ("injects", i, key), f"an inject's '{key}'"
    for i, repair in _items(data, "repairs"):
        if "effects" in repair:
            yield ("repairs", i, "effects"), "a repair's 'effects'"
        for key, most in _FORMAT1_LIMITS:
            value = repair.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool) and value > most:
                yield ("repairs", i, key), f"'{key}' above {most}"
    simulated = data.get("simulated_minutes")
    if isinstance(simulated, int | float) and not isinstance(simulated, bool) and simulated > 24 * 60:
        yield ("simulated_minutes",), "'simulated_minutes' above 1440"


def _says_nothing(data: Any, path: YamlPath) -> bool:
    node = data
    for step in path:
        node = node[step] if isinstance(node, dict | list) else None
    return node is None or (not isinstance(node, bool) and node in ([], {}, "", 0))


def format2_problems(located: Located, ids: dict[str, dict[str, int]], ref: Ref) -> list[Problem]:
    """Format-2 constructs in a format-1 file, and the references format 2 adds (see the module)."""
    data = located.data
    out: list[Problem] = []
    if data.get("format", 1) != 2:
        for path, what in _format1_uses(data):
            if _says_nothing(data, path):
                continue  # `harms: []`, `loss_per_hour: 0`: a format-1 model written out with its defaults
            out.append(located.problem(path, f"{what} needs format 2",
                                       "add `format: 2` at the top of the file (`drill lint --upgrade FILE` does it)",
                                       key=path[-1] in ("harms", "channels", "decisions", "objectives",
                                                        "customer_words", "effects", "when", "to",
                                                        "release_hint", *_NEW_INCIDENT, *_NEW_CONDITION_KEYS),
                                       severity="error"))
        for i, inject in _items(data, "injects"):
            if "at" not in inject:
                out.append(located.problem(("injects", i), f"inject '{inject.get('id')}' is missing 'at'",
                                           "add `at:`, simulated minutes from the start of the drill (format 2: "
                                           "an inject without `at` waits for the facilitator or its `when`)",
                                           severity="error"))
    options = {d.get("id"): _ids(d, "options") for _, d in _items(data, "decisions") if _is_id(d.get("id"))}
    harms = _ids(data, "harms")
    functions = _ids(data, "functions")
    cast = _ids(data, "cast")
    held = {i.get("id") for _, i in _items(data, "injects") if "at" not in i and _is_id(i.get("id"))}

    out.extend(_duplicates(located, data))
    for path, cond in conditions(data):
        owner = _owner(data, path)
        for key, target in _CONDITION_TARGETS.items():
            if len(path) == 3 and path[0] == "injects" and key in _FORMAT1_CONDITION_KEYS:
                continue  # format 1's own cross-references check these
            value = cond.get(key)
            if key == "after_decision" and isinstance(value, str) and "." in value:
                decision, _, option = value.partition(".")
                ref((*path, key), decision, "decisions", f"{owner} waits on unknown decision '{{value}}' ({key})")
                if decision in options and option not in options[decision]:
                    known = ", ".join(sorted(o for o in options[decision] if isinstance(o, str)))
                    out.append(located.problem((*path, key), f"decision '{decision}' has no option '{option}'",
                                               f"its options are: {known}", severity="error"))
                continue
            ref((*path, key), value, target, f"{owner} waits on unknown {target[:-1]} '{{value}}' ({key})")

    def names(path: YamlPath, values: Any, known: set[Any], noun: str, fix: str) -> None:
        for j, value in enumerate(values if isinstance(values, list) else []):
            if isinstance(value, str) and value not in known:
                out.append(located.problem((*path, j), f"unknown {noun} '{value}'", fix, severity="error"))

    harm_fix = f"known harms: {', '.join(sorted(h for h in harms if isinstance(h, str))) or 'none yet (add harms:)'}"
    for i, repair in _items(data, "repairs"):
        for j, outcome in _items(repair, "effects"):
            names(("repairs", i, "effects", j, "harms"), outcome.get("harms"), harms, "harm", harm_fix)
            for fid in outcome.get("functions") or {} if isinstance(outcome.get("functions"), dict) else {}:
                if functions and fid not in functions:
                    out.append(located.problem(("repairs", i, "effects", j, "functions", fid),
                                               f"unknown function '{fid}'",
                                               f"known functions: {', '.join(sorted(functions))}", key=True,
                                               severity="error"))
                elif not functions:
                    out.append(located.problem(("repairs", i, "effects", j, "functions"),
                                               "per-function recovery needs the scenario's `functions:`",
                                               "declare the user-facing functions under `functions:`",
                                               key=True, severity="error"))
                    break
    for i, decision in _items(data, "decisions"):
        for j, option in _items(decision, "options"):
            here = ("decisions", i, "options", j)
            names((*here, "harms"), option.get("harms"), harms, "harm", harm_fix)
            for k, inject in enumerate(option.get("injects") if isinstance(option.get("injects"), list) else []):
                ref((*here, "injects", k), inject, "injects", "decision option sends unknown inject '{value}'")
                if inject in ids["injects"] and inject not in held:
                    out.append(located.problem((*here, "injects", k),
                                               f"inject '{inject}' has its own `at`, so it would arrive twice",
                                               "remove its `at` (an inject without one waits to be sent)"))
    recipients = {*cast, *RECIPIENT_WORDS}
    for i, inject in _items(data, "injects"):
        names(("injects", i, "to"), inject.get("to"), recipients, "recipient",
              f"name cast ids, or {' or '.join(RECIPIENT_WORDS)}")
    for i, decision in _items(data, "decisions"):
        names(("decisions", i, "to"), decision.get("to"), recipients, "recipient",
              f"name cast ids, or {' or '.join(RECIPIENT_WORDS)}")
    for i, objective in _items(data, "objectives"):
        ref(("objectives", i, "after_inject"), objective.get("after_inject"), "injects",
            "objective waits on unknown inject '{value}'")
        match = objective.get("match")
        if isinstance(match, dict):
            ref(("objectives", i, "match", "repair"), match.get("repair"), "repairs",
                "objective names unknown repair '{value}'")
    return out


def _duplicates(located: Located, data: dict[Any, Any]) -> Iterator[Problem]:
    for i, decision in _items(data, "decisions"):
        seen_options: set[Any] = set()
        for j, option in _items(decision, "options"):
            if option.get("id") in seen_options:
                yield located.problem(("decisions", i, "options", j, "id"),
                                      f"decision '{decision.get('id')}' has two options '{option.get('id')}'",
                                      "give each option its own id", severity="error")
            seen_options.add(option.get("id"))


# --------------------------------------------------------------------------- upgrade

_NOT_AFTER = re.compile(r"^(?P<indent>\s*)not_after_repair:\s*(?P<id>[a-z0-9][a-z0-9_-]*)\s*(?P<comment>#.*)?$")


def upgrade_text(source: str) -> str:
    """A format-1 scenario's text rewritten as format 2: `format: 2` before the first key, and every
    one-line `not_after_repair: X` spelt `not: {after_repair: X}`. Comments and layout are kept; the
    meaning is the same (format 2 reads every format-1 construct)."""
    lines = source.splitlines(keepends=True)
    out: list[str] = []
    placed = False
    for line in lines:
        stripped = line.strip()
        if not placed and stripped and not stripped.startswith("#") and stripped != "---":
            if stripped.startswith("format:"):
                line = "format: 2\n"
                placed = True
                out.append(line)
                continue
            out.append("format: 2\n")
            placed = True
        match = _NOT_AFTER.match(line.rstrip("\n"))
        if match:
            comment = f"  {match['comment']}" if match["comment"] else ""
            line = f"{match['indent']}not: {{after_repair: {match['id']}}}{comment}\n"
        out.append(line)
    return "".join(out)
