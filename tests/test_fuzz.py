"""Property-based fuzzing of the loader, the engine and the log reader (hypothesis).

Mutants of the built-in scenarios (values of any type and size, control characters, keys removed or
unknown, lists emptied or doubled) either lint with located one-line errors, or lint clean and then
every built-in scripted team plays them to the end and they score, without a traceback, within an
event and memory bound. Mutants of real event logs are either read, replayed and scored, or refused
with one located line.

CI runs the small `ci` profile (tests/conftest.py); `pytest tests/test_fuzz.py --hypothesis-profile=long
--hypothesis-show-statistics` goes deeper and prints how many mutants were refused and played.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import resource
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from drills.errors import DrillError, EventLogError
from drills.lint import problems_for
from drills.paths import BUILTIN_SCENARIOS_DIR
from drills.scenario import builtin_ids, load_scenario
from drills.scoring import load_playbook, score
from drills.teams import BUILTIN_TEAMS, run_one
from drills.world import read_log, verify_log

BUILTINS = {ident: yaml.safe_load((BUILTIN_SCENARIOS_DIR / f"{ident}.yaml").read_text(encoding="utf-8"))
            for ident in builtin_ids()}
PLAYBOOK = load_playbook(None)
MAX_EVENTS = 20_000
"""Far more than any drill of the format's ranges emits: a world that runs away hits this."""
MAX_GROWTH_KB = 1_000_000
"""Peak memory the whole fuzz run may add (ru_maxrss is in KB): a runaway scenario used 4 GB."""
HANG_SECONDS = 60
"""Wall time one mutant may take (the slowest take about a second): a hang guard, not a speed test."""
RAW = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
LOCATED = re.compile(r"^(?P<file>.+?):\d+:\d+: ")

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.integers(min_value=10**18, max_value=10**400),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, 1, -1, 1e-300, 1e308, 0.5, 2**63, 1440, 1441]),
    st.text(max_size=20),
    st.text(alphabet=st.sampled_from("ab\x1b\x9b\u202e\r\n\x85\t:{}#-"), max_size=12),
    st.sampled_from(["x" * 100_000, "{owner}", "{nope}", "10:00", "yes", "rollback", "fixes", "customer_message"]),
)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path into a YAML document (keys and list indexes), the document itself first."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*prefix, i))
    return found


def _at(node: Any, path: tuple) -> Any:
    for step in path:
        node = node[step]
    return node


@st.composite
def mutants(draw: st.DrawFn) -> dict[str, Any]:
    """A built-in scenario with one to four mutations at random places."""
    data = json.loads(json.dumps(BUILTINS[draw(st.sampled_from(sorted(BUILTINS)))]))
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths[1:]))
        parent, last = _at(data, path[:-1]), path[-1]
        how = draw(st.sampled_from(["replace", "replace", "replace", "delete", "unknown_key", "empty", "double",
                                    "wrap"]))
        if how == "replace":
            parent[last] = draw(SCALARS)
        elif how == "delete":
            del parent[last]
        elif how == "unknown_key" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = draw(SCALARS)
        elif how == "empty" and isinstance(parent[last], list | dict):
            parent[last] = type(parent[last])()
        elif how == "double" and isinstance(parent[last], list):
            parent[last] = parent[last] * draw(st.sampled_from([2, 30]))
        elif how == "wrap":
            parent[last] = [parent[last]]
    return data


@contextlib.contextmanager
def _no_hang() -> Iterator[None]:
    def hung(signum: int, frame: object) -> None:
        raise TimeoutError(f"one mutant ran for over {HANG_SECONDS} s: drills hangs on it")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _one_located_line(text: str, path: Path) -> None:
    assert "\n" not in text and "\r" not in text, text
    assert not RAW.search(text), repr(text)
    assert len(text) < 1200, len(text)
    match = LOCATED.match(text)
    assert match and match["file"] == str(path), text


@pytest.fixture(scope="module")
def memory_bound():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    yield
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown < MAX_GROWTH_KB, f"the fuzz run grew the process by {grown / 1000:.0f} MB"


@pytest.mark.slow
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(scenario=mutants())
def test_a_mutant_scenario_is_refused_in_located_lines_or_played_to_the_end(
        scenario: dict[str, Any], tmp_path_factory: pytest.TempPathFactory, memory_bound) -> None:
    path = tmp_path_factory.mktemp("mutant") / "mutant.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with _no_hang():
        _lint_or_play(path)


@pytest.mark.parametrize("section", ["cast", "harms", "functions", "decisions", "injects"])
def test_an_id_that_is_a_list_is_refused_in_a_located_line(section: str, tmp_path: Path) -> None:
    """Found by the fuzzer: ids are gathered into sets to check references, and a list is not hashable."""
    scenario = json.loads(json.dumps(BUILTINS["queue-backlog-email"]))
    items = scenario.get(section) or [{}]
    scenario[section] = [{**items[0], "id": ["a", "b"]}, *items[1:]]
    path = tmp_path / "mutant.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False, allow_unicode=True), encoding="utf-8")
    problems = problems_for(path)
    assert any(p.severity == "error" for p in problems)
    for problem in problems:
        _one_located_line(str(problem), path)


def _lint_or_play(path: Path) -> None:
    problems = problems_for(path)
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        _one_located_line(str(problem), path)
    if errors:
        event("refused by lint")
        return
    event("played")
    loaded = load_scenario(path)
    for team in BUILTIN_TEAMS:
        result = run_one(loaded, team=team, seed=1, folder=None, playbook=PLAYBOOK)
        assert result.events[-1].kind == "drill_ended", team
        assert len(result.events) < MAX_EVENTS, team
        assert result.card is not None and (result.card.score is None or math.isfinite(result.card.score))


@pytest.fixture(scope="module")
def real_log(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("real") / "drill"
    run_one(load_scenario("invoice-export-tax-field"), team="chaotic", seed=2, folder=folder, playbook=PLAYBOOK)
    return [json.loads(line) for line in (folder / "events.jsonl").read_text().splitlines()]


@st.composite
def log_mutants(draw: st.DrawFn, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    records = json.loads(json.dumps(records))
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(records) - 1))
        paths = _paths(records[i])
        path = draw(st.sampled_from(paths[1:]))
        parent, last = _at(records[i], path[:-1]), path[-1]
        how = draw(st.sampled_from(["replace", "replace", "delete", "drop_event", "swap_events"]))
        if how == "replace":
            parent[last] = draw(SCALARS)
        elif how == "delete":
            del parent[last]
        elif how == "drop_event" and len(records) > 2:
            del records[i]
        elif how == "swap_events" and i + 1 < len(records):
            records[i], records[i + 1] = records[i + 1], records[i]
    return records


@pytest.mark.slow
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_a_mutant_log_is_refused_in_one_located_line_or_verified_and_scored(
        data: st.DataObject, real_log: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> None:
    records = data.draw(log_mutants(real_log))
    path = tmp_path_factory.mktemp("log") / "events.jsonl"
    path.write_text("".join(json.dumps(r, allow_nan=True, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8", errors="surrogatepass")
    try:
        with _no_hang():
            logged = read_log(path)
            verify_log(logged)
    except EventLogError as exc:
        event("refused")
        (line,) = exc.lines()
        _one_located_line(line.removeprefix("drill: "), path)
        return
    except DrillError as exc:  # a usage error (say, a scenario copy that no longer loads): one line each
        event("refused")
        assert all("\n" not in line and not RAW.search(line) for line in exc.lines())
        return
    event("verified")
    card = score(logged.events, PLAYBOOK)
    assert card.score is None or math.isfinite(card.score)
