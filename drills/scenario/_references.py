"""Checks a scenario's model cannot make on its own: duplicate ids, references to clues, checks and
repairs that do not exist, times outside the drill, unknown placeholders, circular `requires`. They read
the raw YAML data (with its marks), so they still run when the model did not validate, and every problem
is placed on the offending key or value."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from drills.errors import Problem
from drills.scenario._format2 import format2_problems
from drills.scenario._model import InjectKind, TriggerKind
from drills.scenario._yamlsafe import Located, YamlPath
from drills.terminal import quoted

PLACEHOLDERS = ("customer", "contact", "account", "owner", "clock", "error")
"""Names that may appear in braces in the texts participants see; the engine fills them in (and leaves
any other braces, such as JSON in a log line, as written)."""

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def did_you_mean(value: Any, known: list[str], otherwise: str) -> str:
    if isinstance(value, str):
        close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
        if not close:
            close = difflib.get_close_matches(value.lower(), [k.lower() for k in known], n=1, cutoff=0.6)
            close = [k for k in known if k.lower() in close][:1]
        if close:
            return f"did you mean {quoted(close[0])}?"
    return otherwise


_SINGULAR = {"injects": "inject", "checks": "check", "clues": "clue", "repairs": "repair", "functions": "function",
             "harms": "harm", "channels": "channel", "decisions": "decision", "objectives": "objective",
             "options": "option", "effects": "effect",
             "cast": "cast member", "customers": "customer", "ceo_triggers": "CEO trigger"}


def describe(data: Any, path: YamlPath) -> str:
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
        return f"{noun} {quoted(ident)}" if isinstance(ident, str) else f"{noun} {last + 1}"
    return quoted(last)


# --- cross-references ---------------------------------------------------------------------------

_NOT_REPORTS = {k.value for k in InjectKind} - {InjectKind.customer_message.value, InjectKind.ticket.value}
_TIMED_TRIGGERS = {k.value for k in (TriggerKind.largest_customer, TriggerKind.legal, TriggerKind.security,
                                      TriggerKind.reputational)}
"""Triggers that fire only at their `at` minute (the others fire on revenue, a failed repair or time open)."""
_ID_LISTS = ("cast", "customers", "injects", "checks", "clues", "repairs", "functions", "harms", "channels",
             "decisions", "objectives")


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
    """A number for the time checks, or None (not a number, or too large for a float: the schema says so)."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, int | float):
            return float(value)
        return float(value) if isinstance(value, str) else None
    except (ValueError, OverflowError):
        return None


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and bool(_ID.match(value))


def _unknown_ref(value: str, known: dict[str, int], plural: str) -> str:
    names = sorted(known)
    otherwise = f"known {plural}: {', '.join(names)}" if names else f"this scenario has no {plural} yet"
    return did_you_mean(value, names, otherwise)


def scenario_problems(located: Located) -> list[Problem]:
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
                                           f"duplicate {noun} id {quoted(ident)} (first used at line {first})",
                                           f"give each {noun} its own id"))
            else:
                seen[ident] = i
        ids[key] = seen

    def ref(path: YamlPath, value: Any, target: str, what: str) -> None:
        if _is_id(value) and value not in ids[target]:
            out.append(located.problem(path, what.replace("{value}", quoted(value)),
                                       _unknown_ref(value, ids[target], target)))

    for i, clue in _entries(data, "clues"):
        points_to = clue.get("points_to")
        for j, repair in enumerate(points_to if isinstance(points_to, list) else []):
            ref(("clues", i, "points_to", j), repair, "repairs",
                f"clue {quoted(clue.get('id'))} points to unknown repair {{value}}")

    for i, check in _entries(data, "checks"):
        reveals = check.get("reveals")
        for j, clue in enumerate(reveals if isinstance(reveals, list) else []):
            ref(("checks", i, "reveals", j), clue, "clues",
                f"check {quoted(check.get('id'))} reveals unknown clue {{value}}")

    simulated = _number(data.get("simulated_minutes", 150))
    for i, inject in _entries(data, "injects"):
        name = inject.get("id")
        when = inject.get("when")
        if isinstance(when, dict):
            for key, target in (("after_repair", "repairs"), ("not_after_repair", "repairs"),
                                ("after_check", "checks")):
                ref(("injects", i, "when", key), when.get(key), target,
                    f"inject {quoted(name)} waits on unknown {target[:-1]} {{value}} ({key})")
        if inject.get("kind") == "join_request" and not inject.get("person"):
            out.append(located.problem(("injects", i), f"join_request inject {quoted(name)} has no 'person'",
                                       "add `person:` with who asks to join the incident room"))
        at = _number(inject.get("at"))
        if at is not None and simulated is not None and at > simulated:
            out.append(located.problem(("injects", i, "at"),
                                       f"inject {quoted(name)} arrives at minute {at:g}, after the drill ends "
                                       f"(simulated_minutes: {simulated:g})",
                                       "move it earlier or raise simulated_minutes"))

    for i, repair in _entries(data, "repairs"):
        requires = repair.get("requires")
        for j, needed in enumerate(requires if isinstance(requires, list) else []):
            if needed == repair.get("id"):
                out.append(located.problem(("repairs", i, "requires", j), f"repair {quoted(needed)} requires itself",
                                           "remove it from its own requires"))
            else:
                ref(("repairs", i, "requires", j), needed, "repairs",
                    f"repair {quoted(repair.get('id'))} requires unknown repair {{value}}")
    out.extend(_requires_cycles(located, ids["repairs"]))

    incident = _mapping(data, "incident")
    first = incident.get("first_report")
    ref(("incident", "first_report"), first, "injects", "first_report {value} is not the id of an inject")
    if _is_id(first) and first in ids["injects"]:
        index = ids["injects"][first]
        report = data["injects"][index]
        if str(report.get("kind")) in _NOT_REPORTS:
            out.append(located.problem(("incident", "first_report"),
                                       f"first_report {quoted(first)} is an inject of kind {report.get('kind')}; "
                                       "the first report must be a customer_message or a ticket",
                                       "point first_report at the customer's first message"))
        if "at" not in report and data.get("format") == 2:
            out.append(located.problem(("injects", index), f"inject '{first}' is the first report, so it needs `at`",
                                       "add `at:` with the minute the customer's first message arrives",
                                       severity="error"))
        if report.get("when") is not None:
            out.append(located.problem(("injects", index, "when"),
                                       f"inject {quoted(first)} is the first report, so it cannot wait on a condition",
                                       "remove `when:`; the playbook's clocks start when the first report arrives"))
        onset, reported = _number(incident.get("onset", 0)), _number(report.get("at"))
        if onset is not None and reported is not None and onset > reported:
            out.append(located.problem(("incident", "onset"),
                                       f"onset (minute {onset:g}) is after the first report arrives "
                                       f"(inject {quoted(first)} at minute {reported:g})",
                                       f"the outage starts before the customer reports it: make onset {reported:g} "
                                       "or earlier"))
    ref(("incident", "reported_account"), incident.get("reported_account"), "customers",
        "reported_account {value} is not the id of a customer")
    triggers = incident.get("ceo_triggers")
    for k, trigger in enumerate(triggers if isinstance(triggers, list) else []):
        at = _number(trigger.get("at")) if isinstance(trigger, dict) else None
        if isinstance(trigger, dict) and str(trigger.get("kind")) in _TIMED_TRIGGERS and trigger.get("at") is None \
                and trigger.get("when") is None:
            out.append(located.problem(("incident", "ceo_triggers", k),
                                       f"a {trigger['kind']} trigger without `at` never fires",
                                       "add `at:` with the minute the business learns of it"))
        if at is not None and simulated is not None and at > simulated:
            out.append(located.problem(("incident", "ceo_triggers", k, "at"),
                                       f"CEO trigger fires at minute {at:g}, after the drill ends "
                                       f"(simulated_minutes: {simulated:g})",
                                       "move it earlier or raise simulated_minutes"))

    out.extend(_placeholder_problems(located))
    out.extend(format2_problems(located, ids, ref))
    must_find = _mapping(data, "par").get("must_find")
    for j, clue in enumerate(must_find if isinstance(must_find, list) else []):
        ref(("par", "must_find", j), clue, "clues", "par.must_find names unknown clue {value}")
    return out


def _texts_with_placeholders(data: dict[Any, Any]) -> Iterator[tuple[YamlPath, Any, str]]:
    """Every text the engine fills placeholders in: (path, text, how to name it in a message)."""
    for key, text_key in (("injects", "text"), ("clues", "text"), ("repairs", "side_effect")):
        for i, item in _entries(data, key):
            yield (key, i, text_key), item.get(text_key), f"{_SINGULAR[key]} {quoted(item.get('id'))}"
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
        graph[ident] = ({r for r in requires if isinstance(r, str) and r in repair_ids and r != ident}
                        if isinstance(requires, list) else set())
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
