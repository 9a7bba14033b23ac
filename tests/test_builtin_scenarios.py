"""The built-in scenarios are rich enough for a real 20-minute drill and teach the playbook's lessons.

Each file in scenarios/ must load, meet the authoring minimums (injects, clues, red herrings,
repairs, a CEO trigger), put the three facts a team should record where the team can find them,
offer one fast safe repair that a good team can land within par, and lint clean.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from drills.paths import BUILTIN_SCENARIOS_DIR, DEFAULT_SCENARIO, PACKAGE_DIR
from drills.scenario import FAST_SAFE_KINDS, InjectKind, RepairEffect, RepairKind, Scenario

FILES = sorted(BUILTIN_SCENARIOS_DIR.glob("*.yaml"))
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
LEGAL_PLACEHOLDERS = {"customer", "contact", "account", "owner", "clock", "error"}
MODELINE = "# yaml-language-server: $schema=../docs/scenario.schema.json"
OWNER_DELAY = 2
"""Minutes from the report to naming the owner on the ideal path."""


def _load(path: Path) -> Scenario:
    return Scenario.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def _fill(scenario: Scenario, text: str) -> str:
    """The placeholders the engine fills that the authors' checks care about."""
    customer = scenario.customer_by_id(scenario.incident.reported_account)
    assert customer is not None
    return text.replace("{error}", scenario.incident.error_text).replace("{account}", customer.account or "")


def _texts(scenario: Scenario) -> list[str]:
    """Every participant-facing text that may carry placeholders."""
    texts = [i.text for i in scenario.injects]
    texts += [c.text for c in scenario.clues]
    texts += [r.side_effect for r in scenario.repairs]
    texts += [*scenario.customer.chase_texts, scenario.customer.confirm_text, scenario.customer.still_failing_text]
    texts += scenario.ceo.asks
    return texts


def _fast_safe(scenario: Scenario):
    fixing = [r for r in scenario.repairs if r.effect is RepairEffect.fixes]
    best = min(fixing, key=lambda r: r.takes)
    assert best.kind in FAST_SAFE_KINDS and not best.requires, (
        f"the quickest fixing repair '{best.id}' must be a fast safe kind with no prerequisite"
    )
    return best


def test_the_builtin_scenarios_ship() -> None:
    assert {p.stem for p in FILES} == {
        "invoice-export-tax-field",
        "checkout-payments-deploy",
        "largest-customer-login-config",
        "queue-backlog-email",
    }
    assert (BUILTIN_SCENARIOS_DIR / f"{DEFAULT_SCENARIO}.yaml").exists()


@pytest.fixture(params=FILES, ids=lambda p: p.stem)
def path(request: pytest.FixtureRequest) -> Path:
    return request.param


@pytest.fixture
def scenario(path: Path) -> Scenario:
    return _load(path)


def test_file_starts_with_the_schema_modeline_and_an_author_comment(path: Path, scenario: Scenario) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == MODELINE
    comment = [line for line in lines[1:12] if line.startswith("#") and line.strip("# ")]
    assert len(comment) >= 3, "a comment block for authors follows the modeline"
    assert scenario.id == path.stem


def test_no_yaml_anchors_or_aliases(path: Path) -> None:
    """The project's safe loader refuses them, so a built-in scenario must not use them."""
    for event in yaml.parse(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader):
        assert not isinstance(event, yaml.AliasEvent), f"alias at {event.start_mark}"
        assert getattr(event, "anchor", None) is None, f"anchor at {event.start_mark}"


def test_minimums_for_a_real_drill(scenario: Scenario) -> None:
    assert len(scenario.injects) >= 15
    assert sum(1 for i in scenario.injects if i.when is not None) >= 5, "the world must react to the team"
    assert len(scenario.clues) >= 6
    assert sum(1 for c in scenario.clues if c.red_herring) >= 2
    assert sum(1 for c in scenario.clues if c.key and not c.red_herring) >= 3
    assert len(scenario.repairs) >= 4
    assert scenario.incident.ceo_triggers, "at least one CEO trigger"
    assert scenario.drill_minutes == 20
    assert 120 <= scenario.simulated_minutes <= 180
    assert 4 <= len(scenario.cast) <= 6


def test_injects_spread_over_the_span_with_every_kind_of_traffic(scenario: Scenario) -> None:
    times = sorted(i.at for i in scenario.injects if i.at is not None)  # format 2: held injects have no time
    assert times[-1] <= scenario.simulated_minutes
    assert times[-1] >= scenario.simulated_minutes * 0.6, "something still happens late in the drill"
    kinds = {i.kind for i in scenario.injects}
    for kind in (InjectKind.ticket, InjectKind.alert, InjectKind.colleague_message, InjectKind.ceo_message,
                 InjectKind.join_request, InjectKind.customer_message):
        assert kind in kinds, f"no {kind.value} inject"
    assert kinds & {InjectKind.log, InjectKind.deploy_note, InjectKind.config_note}
    for inject in scenario.injects:
        if inject.kind is InjectKind.join_request:
            assert inject.person, f"join request '{inject.id}' names who asks to join"


def test_the_repairs_teach_fastest_safe_first(scenario: Scenario) -> None:
    best = _fast_safe(scenario)
    assert best.takes <= 10
    safe_kinds = [r for r in scenario.repairs if r.kind in FAST_SAFE_KINDS and not r.requires]
    assert min(safe_kinds, key=lambda r: r.takes).id == best.id, (
        "no fast-safe-kind repair (even one that does not help) is quicker than the right one"
    )
    slow = [r for r in scenario.repairs if r.kind in (RepairKind.hotfix, RepairKind.rewrite)
            and r.effect in (RepairEffect.fixes, RepairEffect.mitigates) and r.takes >= 45]
    assert slow, "a tempting slow repair (hotfix or rewrite, 45 minutes or more)"
    effects = {r.effect for r in scenario.repairs}
    assert RepairEffect.none in effects, "a repair that does nothing"
    assert RepairEffect.worse in effects, "a repair that makes it worse"
    for repair in scenario.repairs:
        if repair.effect is RepairEffect.worse:
            assert repair.side_effect, f"'{repair.id}' says what got worse"
    follow_ups = [r for r in scenario.repairs if best.id in r.requires]
    assert follow_ups, "a follow-up repair that needs the fast safe one first"


def test_the_first_report_holds_the_three_facts(scenario: Scenario) -> None:
    incident = scenario.incident
    report = next(i for i in scenario.injects if i.id == incident.first_report)
    assert report.kind in (InjectKind.customer_message, InjectKind.ticket)
    assert report.sender == incident.reported_account
    assert report.at >= incident.onset
    assert 2 <= report.at <= 10
    text = _fill(scenario, report.text)
    customer = scenario.customer_by_id(incident.reported_account)
    assert customer is not None and customer.account
    assert customer.account in text
    assert incident.started_at_text in text
    assert incident.error_text in text


def test_error_text_appears_in_the_first_report_or_a_ticket(scenario: Scenario) -> None:
    carriers = [i for i in scenario.injects
                if i.id == scenario.incident.first_report or i.kind is InjectKind.ticket]
    assert any(scenario.incident.error_text in _fill(scenario, i.text) for i in carriers)


def test_start_time_is_in_the_evidence(scenario: Scenario) -> None:
    found = [c for c in scenario.clues if scenario.incident.started_at_text in c.text and not c.red_herring]
    assert found, "a check confirms when it started"


def test_the_right_person_knows_the_failing_system(scenario: Scenario) -> None:
    closest = scenario.closest_to_failure
    assert len(closest) == 1, "exactly the owner-to-be knows the failing system"
    most_senior = max(c.seniority for c in scenario.cast)
    assert closest[0].seniority < most_senior, "the right owner is not the highest title"


def test_some_names_are_left_to_faker(scenario: Scenario) -> None:
    assert 1 <= sum(1 for c in scenario.cast if c.name is None) <= 2
    assert any(c.contact is None for c in scenario.customers)


def test_only_legal_placeholders(scenario: Scenario) -> None:
    for text in _texts(scenario):
        for name in PLACEHOLDER.findall(text):
            assert name in LEGAL_PLACEHOLDERS, f"illegal placeholder {{{name}}} in: {text[:60]}"


def test_references_resolve(scenario: Scenario) -> None:
    clue_ids = {c.id for c in scenario.clues}
    revealed = {clue for check in scenario.checks for clue in check.reveals}
    assert revealed <= clue_ids
    assert clue_ids <= revealed, "every clue can be found by some check"
    assert set(scenario.par.must_find) <= revealed
    for clue_id in scenario.par.must_find:
        clue = scenario.clue(clue_id)
        assert clue is not None and clue.key and not clue.red_herring
    repair_ids = {r.id for r in scenario.repairs}
    check_ids = {c.id for c in scenario.checks}
    for inject in scenario.injects:
        if inject.when is None:
            continue
        for ref in (inject.when.after_repair, inject.when.not_after_repair):
            assert ref is None or ref in repair_ids
        assert inject.when.after_check is None or inject.when.after_check in check_ids
    for repair in scenario.repairs:
        assert set(repair.requires) <= repair_ids


def test_checks_cover_the_evidence_a_team_should_look_at(scenario: Scenario) -> None:
    kinds = {c.kind.value for c in scenario.checks}
    assert {"logs", "deploys", "config", "alerts", "metrics", "reproduce"} <= kinds
    herring_checks = [c for c in scenario.checks
                      if any((clue := scenario.clue(cid)) is not None and clue.red_herring for cid in c.reveals)]
    assert len(herring_checks) >= 2, "red herrings turn up in more than one place"


def test_par_is_reachable_by_the_ideal_path_even_one_check_at_a_time(scenario: Scenario) -> None:
    """Owner 2 minutes after the report, the quickest check for each must-find clue run one after
    another, then the fast safe repair: it must land within par."""
    needed: dict[str, float] = {}
    for clue_id in scenario.par.must_find:
        check = min((c for c in scenario.checks if clue_id in c.reveals), key=lambda c: c.takes)
        needed[check.id] = check.takes
    minutes = OWNER_DELAY + sum(needed.values()) + _fast_safe(scenario).takes
    assert minutes <= scenario.par.mitigate_minutes
    assert 25 <= scenario.par.mitigate_minutes <= 45


def test_difficulty_ladder() -> None:
    difficulty = {p.stem: _load(p).difficulty.value for p in FILES}
    assert difficulty == {
        "invoice-export-tax-field": "easy",
        "checkout-payments-deploy": "medium",
        "largest-customer-login-config": "hard",
        "queue-backlog-email": "medium",
    }


def test_escalation_numbers_are_findable(scenario: Scenario) -> None:
    """The team can quote money per hour and accounts affected from a clue (EXE-02's truth)."""
    per_hour = sum(c.revenue_per_hour for c in scenario.customers)
    figure = f"${per_hour:,.0f}"
    accounts = str(scenario.incident.affected_accounts)
    assert any(figure in c.text and accounts in c.text for c in scenario.clues if not c.red_herring)


def test_the_ideal_path_plays_to_mitigation_within_par(scenario: Scenario, path: Path) -> None:
    """Play the ideal path through the real engine: owner, must-find checks, the fast safe repair,
    the customer retries and confirms."""
    from drills.world import ApplyRepair, AskCustomerRetry, AssignOwner, Engine, RunCheck

    engine = Engine(scenario, path.read_text(encoding="utf-8"), seed=scenario.seed)
    report_at = next(i.at for i in scenario.injects if i.id == scenario.incident.first_report)
    owner = scenario.closest_to_failure[0].id
    boss = max(scenario.cast, key=lambda c: c.seniority).id
    now = report_at + OWNER_DELAY
    engine.advance_to(now)
    assert engine.act(AssignOwner(actor=boss, owner=owner)).kind == "action"
    checks = {min((c for c in scenario.checks if cid in c.reveals), key=lambda c: c.takes).id
              for cid in scenario.par.must_find}
    for check_id in sorted(checks):
        assert engine.act(RunCheck(actor=owner, check=check_id)).kind == "action"
        engine.advance_to(engine.now + scenario.check(check_id).takes + 0.01)
    found = {clue for e in engine.events if e.kind == "check_result" for clue in (c["id"] for c in e.data["clues"])}
    assert set(scenario.par.must_find) <= found
    best = _fast_safe(scenario)
    assert engine.act(ApplyRepair(actor=owner, repair=best.id)).kind == "action"
    engine.advance_to(engine.now + best.takes + 0.1)
    mitigated = [e for e in engine.events if e.kind == "mitigated"]
    assert mitigated and mitigated[0].t - report_at <= scenario.par.mitigate_minutes
    assert engine.act(AskCustomerRetry(actor=owner)).kind == "action"
    engine.advance_to(engine.now + scenario.customer.confirm_after + 0.1)
    retried = [e for e in engine.events if e.kind == "customer_retried"]
    assert retried and retried[-1].data["works"] is True


def test_useless_repairs_do_not_help_in_the_engine(scenario: Scenario, path: Path) -> None:
    from drills.world import ApplyRepair, Engine

    for repair in scenario.repairs:
        if repair.effect not in (RepairEffect.none, RepairEffect.worse):
            continue
        engine = Engine(scenario, path.read_text(encoding="utf-8"), seed=scenario.seed)
        engine.advance_to(10)
        actor = scenario.cast[0].id
        assert engine.act(ApplyRepair(actor=actor, repair=repair.id)).kind == "action"
        engine.advance_to(10 + repair.takes + 0.1)
        assert engine.state.impact >= 1.0
        assert "failed_remediation" in engine.state.triggers_fired or not any(
            t.kind.value == "failed_remediation" for t in scenario.incident.ceo_triggers)


@pytest.mark.slow
@pytest.mark.skipif(not (PACKAGE_DIR / "scenario" / "_loader.py").exists(),
                    reason="drills/scenario/_loader.py has not landed")
def test_drill_lint_is_clean_on_the_builtin_folder() -> None:
    drill = Path(sys.executable).with_name("drill")
    cmd = [str(drill)] if drill.exists() else [sys.executable, "-m", "drills.cli"]
    result = subprocess.run([*cmd, "lint", "--strict", str(BUILTIN_SCENARIOS_DIR)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout
