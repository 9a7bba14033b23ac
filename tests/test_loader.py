"""The scenario loader: every problem at once, each at file:line:col with a fix."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict, Field

from drills import paths
from drills.errors import PlaybookError, ScenarioError, UsageError
from drills.lint import problems_for
from drills.scenario import (
    builtin_ids,
    builtin_scenarios,
    load_model,
    load_scenario,
    load_scenario_text,
    resolve_scenario_ref,
)

BROKEN = Path(__file__).parent / "broken"

# Each broken file is tests/fixtures/minimal.yaml with one mistake (a comment on line 1 says which),
# so lines are one below the fixture's. Expected: every problem line after "file:".
CORPUS: dict[str, list[str]] = {
    "unknown-key-typo": ["4:1: unknown key 'tittle' — did you mean 'title'?"],
    "unknown-nested-key": ["27:5: unknown key 'know' in cast member 'cto' — did you mean 'knows'?"],
    "unknown-key-no-match": [
        "15:3: unknown key 'colour' in 'company' — allowed keys here: name, product, clock_start"],
    "python-name-for-alias": ["75:5: unknown key 'sender' in inject 'login-alert' — did you mean 'from'?"],
    "minutes-not-a-number": ["68:9: 'at' must be a number of minutes, got 'ten' — write a number such as 10 or 2.5"],
    "bool-not-a-bool": ["36:14: 'largest' must be true or false, got 'maybe' — write true or false"],
    "int-not-whole": ["28:16: 'seniority' must be a whole number, got 4.5 — write a number such as 3"],
    "missing-required-key": [
        "48:1: 'incident' is missing 'error_text' — add `error_text:`, the exact error the customer sees "
        "(e.g. 'EXP-422'); the team should record it"],
    "missing-key-in-list-item": [
        "72:5: inject 'login-alert' is missing 'kind' — add `kind:` with one of: customer_message, ticket, "
        "alert, log, deploy_note, config_note, colleague_message, ceo_message, join_request"],
    "enum-typo": [
        "69:11: 'kind' is 'customer_mesage', not one of: customer_message, ticket, alert, log, deploy_note, "
        "config_note, colleague_message, ceo_message, join_request — did you mean 'customer_message'?"],
    "enum-no-match": [
        "8:13: 'difficulty' is 'trivial', not one of: easy, medium, hard — use one of the values listed"],
    "id-pattern": [
        "3:5: 'id' must be a lower-case id (letters a-z, digits, '-' and '_', starting with a letter or digit), "
        "got 'SSO Login Loop' — try 'sso-login-loop'"],
    "clock-pattern": [
        "16:16: 'clock_start' must be a 24-hour time written HH:MM, like '09:30', got '9am' — write it in that form"],
    "number-out-of-range": [
        "41:13: 'patience' must be at least 0.5, got -3 — use a number 0.5 or more and 2880 or less"],
    "empty-cast": ["18:7: 'cast' needs at least 1 entry — add one; see docs/scenario-format.md"],
    "duplicate-key": [
        "12:1: duplicate key 'seed' (first at line 11) — remove one of them; YAML would silently keep only the last"],
    "duplicate-inject-id": [
        "72:9: duplicate inject id 'first-report' (first used at line 67) — give each inject its own id"],
    "reveals-unknown-clue": [
        "97:15: check 'auth-logs' reveals unknown clue 'redirect-lop' — did you mean 'redirect-loop'?"],
    "condition-unknown-repair": [
        "90:25: inject 'ceo-asks' waits on unknown repair 'rollback-cookies' (not_after_repair) — "
        "did you mean 'rollback-cookie'?"],
    "condition-unknown-check": [
        "89:20: inject 'ceo-asks' waits on unknown check 'config-histroy' (after_check) — "
        "did you mean 'config-history'?"],
    "requires-unknown-repair": [
        "126:16: repair 'restart-auth' requires unknown repair 'rollback' — did you mean 'rollback-cookie'?"],
    "requires-cycle": [
        "121:15: repairs rollback-cookie → restart-auth → rollback-cookie require each other in a circle — "
        "remove one of these requires so that a repair can start"],
    "first-report-unknown": [
        "52:17: first_report 'first-reprot' is not the id of an inject — did you mean 'first-report'?"],
    "first-report-wrong-kind": [
        "52:17: first_report 'login-alert' is an inject of kind alert; the first report must be a customer_message "
        "or a ticket — point first_report at the customer's first message"],
    "reported-account-unknown": [
        "53:21: reported_account 'northwnd' is not the id of a customer — did you mean 'northwind'?"],
    "must-find-unknown": [
        "129:30: par.must_find names unknown clue 'root-cause' — known clues: cdn-noise, cookie-change, redirect-loop"],
    "join-request-without-person": [
        "77:5: join_request inject 'cto-joins' has no 'person' — add `person:` with who asks to join the "
        "incident room"],
    "inject-after-drill-end": [
        "84:9: inject 'ceo-asks' arrives at minute 200, after the drill ends (simulated_minutes: 120) — "
        "move it earlier or raise simulated_minutes"],
    "trigger-after-drill-end": [
        "63:11: CEO trigger fires at minute 130, after the drill ends (simulated_minutes: 120) — "
        "move it earlier or raise simulated_minutes"],
    "onset-after-first-report": [
        "51:10: onset (minute 20) is after the first report arrives (inject 'first-report' at minute 12) — "
        "the outage starts before the customer reports it: make onset 12 or earlier"],
    "unknown-placeholder": [
        "71:11: unknown placeholder {contakt} in inject 'first-report' — did you mean {contact}?"],
    "python-tag": [
        "11:7: the tag !!python/object/apply:os.system asks for a Python object; scenario files hold plain data "
        "only and drills never runs code from them — remove the tag"],
    "tab-indent": ["14:1: a tab character where YAML expects spaces — indent with spaces, not tabs"],
    "unquoted-colon": [
        "76:24: YAML syntax error: mapping values are not allowed in this context — if the value contains ': ', "
        "put the whole value in quotes"],
    "two-documents": [
        "142:1: a second YAML document starts here — a scenario file is one document: remove this '---' and what "
        "follows, or split it into its own file"],
    "trigger-missing-parameter": [
        "62:7: a revenue_at_risk trigger needs revenue_lost_over — add `revenue_lost_over:`"],
    "text-not-text": [
        "32:11: 'name' must be text, got a list — write the text after the colon, in quotes if it starts with a "
        "special character"],
    "section-not-a-mapping": [
        "13:10: 'company' must be a mapping of keys to values, got 'Ledgerly' — write the keys indented on the "
        "lines below it"],
    "top-level-list": [
        "2:1: the top level of the file is a list, not a mapping — a scenario file is a mapping of keys to values "
        "(lines like `id: ...`)"],
    "trigger-without-at": [
        "62:7: a largest_customer trigger without `at` never fires — add `at:` with the minute the business learns "
        "of it"],
    "first-report-conditional": [
        "73:7: inject 'first-report' is the first report, so it cannot wait on a condition — remove `when:`; the "
        "playbook's clocks start when the first report arrives"],
    "empty-chase-texts": ["45:16: 'chase_texts' needs at least 1 entry — add one; see docs/scenario-format.md"],
    "several-problems": [
        "4:1: unknown key 'tittle' — did you mean 'title'?",
        "53:21: reported_account 'northwnd' is not the id of a customer — did you mean 'northwind'?",
        "68:9: 'at' must be a number of minutes, got 'ten' — write a number such as 10 or 2.5",
        "97:15: check 'auth-logs' reveals unknown clue 'redirect-lop' — did you mean 'redirect-loop'?",
    ],
}


def test_corpus_is_complete() -> None:
    on_disk = {p.stem for p in BROKEN.glob("*.yaml")}
    assert on_disk == set(CORPUS), "every broken file needs an expected problem, and every entry a file"
    assert len(on_disk) >= 25


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_broken_file_reports_exact_problems(name: str) -> None:
    path = BROKEN / f"{name}.yaml"
    assert [str(p) for p in problems_for(path)] == [f"{path}:{line}" for line in CORPUS[name]]


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_broken_file_raises_the_same_problems(name: str) -> None:
    path = BROKEN / f"{name}.yaml"
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.lines() == [f"{path}:{line}" for line in CORPUS[name]]


def test_broken_files_differ_from_the_fixture_by_one_mistake(minimal_text: str) -> None:
    """The corpus is built from the fixture, so each file tests one thing (except several-problems)."""
    base = minimal_text.splitlines()
    for name in CORPUS:
        if name in ("several-problems", "top-level-list", "empty-cast", "section-not-a-mapping", "requires-cycle",
                    "first-report-conditional"):
            continue
        lines = (BROKEN / f"{name}.yaml").read_text().splitlines()[1:]
        changed = len(set(lines) ^ set(base))
        assert 1 <= changed <= 3, name


def test_minimal_fixture_is_clean(minimal_path: Path) -> None:
    assert problems_for(minimal_path) == []
    loaded = load_scenario(minimal_path)
    assert loaded.scenario.id == "sso-login-loop"
    assert loaded.path == minimal_path
    assert loaded.source == minimal_path.read_text(encoding="utf-8")
    assert loaded.sha256 == hashlib.sha256(minimal_path.read_bytes()).hexdigest()


def test_loaded_scenario_locates_problems_for_later_checks(minimal_path: Path) -> None:
    loaded = load_scenario(minimal_path)
    warning = loaded.problem(("injects", 3, "at"), "late", "earlier")
    assert str(warning) == f"{minimal_path}:83:9: warning: late — earlier"
    assert loaded.problem(("injects", 3, "at"), "x", key=True).col == 5
    # Something absent points at the key of the mapping that should hold it; a value at its first line.
    assert loaded.problem(("incident", "no_such_key"), "x").line == 47
    assert loaded.problem(("incident",), "x").line == 48


def test_load_scenario_text_uses_the_given_name(minimal_text: str) -> None:
    loaded = load_scenario_text(minimal_text, "inline.yaml")
    assert loaded.scenario.title.startswith("SSO login loop")
    assert loaded.path == Path("inline.yaml")
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(minimal_text.replace("at: 12\n    kind: customer", "at: soon\n    kind: customer"),
                           "inline.yaml")
    assert caught.value.lines() == [
        "inline.yaml:67:9: 'at' must be a number of minutes, got 'soon' — write a number such as 10 or 2.5"]


def test_yaml_1_1_surprises_do_not_happen(minimal_text: str) -> None:
    """Unquoted 09:30 stays text (YAML 1.1 reads the number 570) and 'no' is not false."""
    text = minimal_text.replace('clock_start: "09:00"', "clock_start: 09:30").replace(
        "  product: Invoicing", "  product: no\n  # Invoicing")
    scenario = load_scenario_text(text).scenario
    assert scenario.company.clock_start == "09:30"
    assert scenario.company.product == "no"


def test_a_number_where_text_belongs_gets_a_quoting_hint(minimal_text: str) -> None:
    """An account number with a leading zero would lose it as a number; the fix quotes it as written."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(minimal_text.replace('account: "4182"', "account: 0755  # ledger id"), "a.yaml")
    assert caught.value.lines() == [
        "a.yaml:33:14: 'account' must be text, got 755 — put it in quotes so that YAML reads it as text: "
        'account: "0755"']


def test_placeholders_only_flag_words_in_braces(minimal_text: str) -> None:
    """JSON in a log line is not a placeholder; {owner} is; {Customer} is not."""
    text = minimal_text.replace('"Login success rate below 80% for 10 minutes"',
                                "'{\"error\": \"SSO-302-LOOP\", \"rate\": 0.78} paged {owner}'")
    load_scenario_text(text)
    with pytest.raises(ScenarioError, match=r"unknown placeholder \{Customer\}.*did you mean \{customer\}\?"):
        load_scenario_text(minimal_text.replace("from {customer}", "from {Customer}"))


def test_placeholders_are_checked_in_every_text_the_engine_fills(minimal_text: str) -> None:
    text = (minimal_text.replace('"Any news? Our team still cannot log in."', '"Any news, {contct}?"')
            .replace("CDN cache purge at 08:50", "CDN purge by {ownr}")
            .replace("  patience: 15\n", "  patience: 15\n  asks: ['{who} at {clock}?']\n", 1)
            .replace("    effect: none\n", "    effect: none\n    side_effect: Sessions drop at {time}\n"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "p.yaml")
    known = "{customer}, {contact}, {account}, {owner}, {clock}, {error}"
    assert caught.value.lines() == [
        f"p.yaml:41:10: unknown placeholder {{who}} in ceo.asks — the placeholders are {known}",
        "p.yaml:46:7: unknown placeholder {contct} in customer.chase_texts — did you mean {contact}?",
        "p.yaml:112:11: unknown placeholder {ownr} in clue 'cdn-noise' — did you mean {owner}?",
        f"p.yaml:126:18: unknown placeholder {{time}} in repair 'restart-auth' — the placeholders are {known}",
    ]


def test_all_problems_reported_at_once_even_when_the_model_fails(minimal_text: str) -> None:
    text = minimal_text.replace("  - id: acme\n", "  - id: northwind\n").replace("    takes: 4\n", "    takes: 0\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "s.yaml")
    assert caught.value.lines() == [
        "s.yaml:36:9: duplicate customer id 'northwind' (first used at line 30) — give each customer its own id",
        "s.yaml:118:12: 'takes' must be more than 0, got 0 — use a number more than 0 and 2880 or less",
    ]


def test_unknown_builtin_name_suggests_and_lists() -> None:
    known = builtin_ids()
    assert known, "the built-in scenarios are missing from scenarios/"
    typo = known[0][:-1]
    with pytest.raises(UsageError) as caught:
        load_scenario(typo)
    message = str(caught.value)
    assert f"unknown scenario '{typo}'" in message
    assert f"did you mean '{known[0]}'?" in message
    assert all(ident in message for ident in known)
    assert caught.value.exit_code == 2


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        load_scenario(str(tmp_path / "nope.yaml"))
    with pytest.raises(UsageError, match="no such file"):
        load_scenario(tmp_path / "nope.yaml")


def test_builtin_scenarios_load_by_id_and_are_sorted() -> None:
    scenarios = builtin_scenarios()
    assert [s.id for s in scenarios] == sorted(s.id for s in scenarios)
    assert [s.id for s in scenarios] == builtin_ids(), "scenarios/<id>.yaml: the file name must be the id"
    for scenario in scenarios:
        assert resolve_scenario_ref(scenario.id) == paths.BUILTIN_SCENARIOS_DIR / f"{scenario.id}.yaml"
        assert load_scenario(scenario.id).scenario == scenario


def test_shipped_scenarios_are_lint_clean() -> None:
    for path in sorted(paths.BUILTIN_SCENARIOS_DIR.glob("*.yaml")):
        assert [str(p) for p in problems_for(path) if p.severity == "error"] == []


class _Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=r"^[A-Z]{3}-\d{2}$")
    weight: float = Field(default=1, gt=0)


class _Book(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    title: str
    rules: list[_Rule]


def test_load_model_is_generic(tmp_path: Path) -> None:
    good = tmp_path / "book.yaml"
    good.write_text("title: Ours\nrules:\n  - id: CMD-01\n    weight: 2\n")
    assert load_model(good, _Book, error=PlaybookError).rules[0].weight == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: Ours\nrules:\n  - id: cmd1\n    wieght: 2\n")
    with pytest.raises(PlaybookError) as caught:
        load_model(bad, _Book, error=PlaybookError)
    assert caught.value.lines() == [
        f"{bad}:3:9: 'id' must be text matching ^[A-Z]{{3}}-\\d{{2}}$, got 'cmd1' — write it in that form",
        f"{bad}:4:5: unknown key 'wieght' in rules item 'cmd1' — did you mean 'weight'?",
    ]
    bad.write_text("- not a mapping\n")
    with pytest.raises(PlaybookError, match="a playbook file is a mapping"):
        load_model(bad, _Book, error=PlaybookError)


def test_format_doc_walks_through_the_fixture_verbatim(minimal_text: str) -> None:
    """docs/scenario-format.md quotes tests/fixtures/minimal.yaml; the quotes must not drift from it."""
    doc = (Path(__file__).parent.parent / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    blocks = [b.split("\n```", 1)[0] + "\n" for b in doc.split("```yaml\n")[1:]]
    quoted = [b for b in blocks if not b.startswith(("# yaml-language-server", "# example", "# from "))]
    assert len(quoted) >= 10
    for block in quoted:
        assert block in minimal_text, block
    # Format 2's examples quote the shape scenarios, each block naming its file on its first line.
    elsewhere = [b for b in blocks if b.startswith("# from ")]
    assert len(elsewhere) >= 8
    for block in elsewhere:
        first, _, rest = block.partition("\n")
        source = (Path(__file__).parent.parent / first.removeprefix("# from ")).read_text(encoding="utf-8")
        assert rest in source, block


def _repair_effect_table(doc: str) -> dict[str, list[str]]:
    """The rows of the 'effect' table in docs/scenario-format.md, by effect."""
    section = doc.split("### Repairs and their effects", 1)[1].split("\n### ", 1)[0]
    rows = [line.strip("|").split(" | ") for line in section.splitlines() if line.startswith("| `")]
    return {cells[0].strip("` "): [c.strip() for c in cells[1:]] for cells in rows}


def test_format_doc_says_impact_after_is_ignored_for_effect_none(minimal_text: str) -> None:
    import yaml

    from drills.scenario import Scenario
    from drills.world import ApplyRepair, Engine

    doc = (Path(__file__).parent.parent / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    table = _repair_effect_table(doc)
    assert set(table) == {"fixes", "mitigates", "none", "worse"}
    assert any(cell.startswith("ignored") for cell in table["none"]), table["none"]
    assert not any("ignored" in cell for effect in ("fixes", "mitigates", "worse") for cell in table[effect])

    data = yaml.safe_load(minimal_text)
    restart = next(r for r in data["repairs"] if r["effect"] == "none")
    restart["impact_after"] = 0.1
    source = yaml.safe_dump(data, sort_keys=False)
    engine = Engine(Scenario.model_validate(data), source, seed=1, team="test")
    engine.advance_to(13)
    assert engine.act(ApplyRepair(actor=data["cast"][0]["id"], repair=restart["id"])).kind == "action"
    engine.advance_to(13 + restart["takes"] + 1)
    finished = next(e for e in engine.events if e.kind == "repair_finished")
    assert finished.data["impact_before"] == finished.data["impact_after"] == 1.0
    assert not any(e.kind == "mitigated" for e in engine.events)
