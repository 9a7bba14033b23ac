"""Scenario format 2 (issue 13): the four incident shapes teach their lesson in the drill itself, every
construct does what the format says, and format-1 files are untouched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from drills.lint import problems_for
from drills.scenario import load_scenario, load_scenario_text, upgrade_text
from drills.scoring import load_playbook, score
from drills.teams import IdealTeam, ScriptTeam, play_headless
from drills.teams._script import load_script
from drills.world import (
    FACILITATOR,
    AnswerDecision,
    ApplyRepair,
    CustomerUpdate,
    Engine,
    Release,
    figures,
    parse_action,
    visible_to,
)

HERE = Path(__file__).parent
SHAPES = HERE / "format2"
SCRIPTS = HERE / "format2-scripts"
REPO = HERE.parent


def _engine(name: str) -> Engine:
    loaded = load_scenario(SHAPES / f"{name}.yaml")
    return Engine(loaded.scenario, loaded.source, seed=loaded.scenario.seed)


def _ideal(name: str) -> Engine:
    return play_headless(_engine(name), IdealTeam())


def _scripted(name: str, script: str) -> Engine:
    return play_headless(_engine(name), ScriptTeam(load_script(SCRIPTS / f"{script}.yaml")))


def _kinds(engine: Engine, kind: str) -> list:
    return [e for e in engine.events if e.kind == kind]


def _obj(engine: Engine, objective: str) -> float | None:
    card = score(engine.events, load_playbook(None))
    return card.rule(f"OBJ-{objective}").score


@pytest.mark.parametrize("path", sorted(SHAPES.glob("*.yaml")), ids=lambda p: p.stem)
def test_each_shape_lints_clean(path: Path) -> None:
    assert [str(p) for p in problems_for(path)] == []


# --------------------------------------------------------------------------- the four shapes


def test_rollback_is_worse_only_while_the_flag_is_on() -> None:
    ideal = _ideal("partial-deploy-rollback")
    rollback_first = _scripted("partial-deploy-rollback", "partial-deploy-rollback-first")
    worse = [e for e in rollback_first.events if e.kind == "repair_finished" and e.data["repair_id"] == "rollback-94"]
    assert worse[0].data["effect"] == "worse" and worse[0].data["impact_after"] == 3
    best, bad = figures(ideal.events), figures(rollback_first.events)
    assert bad.own_loss > 2 * best.own_loss
    assert bad.time_to_mitigation > best.time_to_mitigation
    assert ideal.state.confirmed

    # The same rollback once the flag is off changes nothing.
    engine = _engine("partial-deploy-rollback")
    engine.advance_to(4)
    engine.act(ApplyRepair(actor="ops-lead", repair="flag-off-rlp"))
    engine.advance_to(9)
    engine.act(ApplyRepair(actor="ops-lead", repair="rollback-94"))
    engine.advance_to(20)
    landed = [e for e in engine.events if e.kind == "repair_finished" and e.data["repair_id"] == "rollback-94"]
    assert landed[0].data["effect"] == "fixes" and engine.state.impact == 0


def test_the_status_page_that_lies() -> None:
    ideal = _ideal("status-page-down")
    only_status_page = _scripted("status-page-down", "status-page-only")
    undelivered = _kinds(only_status_page, "update_undelivered")
    assert undelivered and all(e.data["channel"] == "status-page" and e.data["reason"] == "stale" for e in undelivered)
    assert not _kinds(ideal, "update_undelivered")
    assert {e.data["channel"] for e in _kinds(ideal, "update_broadcast")} == {"email"}
    best, bad = figures(ideal.events), figures(only_status_page.events)
    assert best.time_to_first_customer_word < 5 < 150 < bad.time_to_first_customer_word
    assert bad.trust_end < best.trust_end - 40
    assert _obj(ideal, "alternative-channel") == 1.0
    assert _obj(only_status_page, "alternative-channel") == 0.0
    assert score(ideal.events, load_playbook(None)).score > score(only_status_page.events, load_playbook(None)).score


def test_the_kill_switch_beats_the_rollback_and_the_ideal_team_finishes_the_fix() -> None:
    ideal = _ideal("waf-kill-switch")
    rollback = _scripted("waf-kill-switch", "waf-rollback-first")
    best, bad = figures(ideal.events), figures(rollback.events)
    assert best.time_to_mitigation < 10 < 30 < bad.time_to_mitigation
    applied = [e.data["repair_id"] for e in ideal.events if e.kind == "repair_finished"]
    assert applied == ["waf-kill-switch", "remove-rule-reenable"], "stop the bleeding, then fix"
    assert ideal.state.confirmed and ideal.state.resolved
    assert [e.data["harm_id"] for e in _kinds(ideal, "harm_recorded")] == ["waf-off"]
    made = _kinds(ideal, "decision_made")
    assert made[0].data["option_id"] == "kill-switch" and made[0].data["expected"] is True


def test_the_data_loss_must_be_stated() -> None:
    ideal = _ideal("database-deleted")
    claims_none = _scripted("database-deleted", "database-deleted-no-loss-claimed")
    for engine in (ideal, claims_none):
        harms = _kinds(engine, "harm_recorded")
        assert [(h.data["harm_id"], h.data["harm_kind"], h.data["window"]) for h in harms] == [
            ("six-hours-lost", "data_lost", "17:20-23:25 UTC")]
    final = [e.data["action"] for e in ideal.events if e.action_kind == "customer_update"][-1]
    assert "17:20-23:25 UTC" in final["unknown"] and "No data was lost" not in final["unknown"]
    assert _obj(ideal, "say-what-was-lost") == 1.0
    assert _obj(claims_none, "say-what-was-lost") == 0.0
    assert figures(ideal.events).harms == ["six-hours-lost"]


# --------------------------------------------------------------------------- constructs


def _mini(extra: str, repairs: str = "") -> Engine:
    base = (REPO / "tests/fixtures/minimal.yaml").read_text(encoding="utf-8")
    text = "format: 2\n" + base.replace("\nrepairs:\n", f"\n{extra}\nrepairs:\n{repairs}", 1)
    loaded = load_scenario_text(text, "mini.yaml")
    return Engine(loaded.scenario, loaded.source, seed=1)


def test_temporary_effect_wears_off_and_mitigation_is_lost_and_said() -> None:
    engine = _mini("", """  - id: buy-time
    kind: capacity
    label: Add capacity
    takes: 2
    effect: mitigates
    effects:
      - effect: mitigates
        impact_after: 0.3
        lasts: 20
""")
    engine.advance_to(13)
    engine.act(ApplyRepair(actor="auth-engineer", repair="buy-time"))
    engine.advance_to(60)
    kinds = [e.kind for e in engine.events if e.kind in ("mitigated", "mitigation_lost", "impact_changed")]
    assert kinds == ["mitigated", "impact_changed", "mitigation_lost"]
    result = figures(engine.events)
    assert result.time_to_mitigation == 3 and result.mitigation_lost_at == 23
    assert result.time_to_lasting_mitigation is None


def test_delayed_effect_takes_hold_later_within_its_range() -> None:
    engine = _mini("", """  - id: warm-up
    kind: failover
    label: Fail over to the warm standby
    takes: 2
    effect: fixes
    effects:
      - effect: fixes
        delay: [5, 10]
""")
    engine.advance_to(13)
    engine.act(ApplyRepair(actor="auth-engineer", repair="warm-up"))
    engine.advance_to(40)
    finished = _kinds(engine, "repair_finished")[0]
    held = _kinds(engine, "impact_changed")[0]
    assert finished.data["impact_after"] == 1.0 and 5 <= finished.data["takes_hold_in"] <= 10
    assert held.t == pytest.approx(finished.t + finished.data["takes_hold_in"]) and held.data["impact_after"] == 0


def test_conditions_all_any_not_and_decisions_branch() -> None:
    text = (REPO / "tests/fixtures/minimal.yaml").read_text(encoding="utf-8")
    text = "format: 2\n" + text.replace("\nchecks:\n", """
  - id: thanks
    kind: customer_message
    from: northwind
    text: Thanks for posting it.
  - id: after-yes
    at: 30
    kind: colleague_message
    from: cto
    when:
      any:
        - after_decision: go-public.yes
        - all: [{escalated: true}, {not: {owner_assigned: false}}]
    text: Good call.

decisions:
  - id: go-public
    question: Post on the status page now?
    release_hint: 15
    options:
      - {id: "yes", label: Post it, expected: true, injects: [thanks]}
      - {id: "no", label: Wait}

checks:
""", 1)
    loaded = load_scenario_text(text, "mini.yaml")
    assert [str(p) for p in problems_for_text(loaded)] == []
    engine = Engine(loaded.scenario, loaded.source, seed=1)
    engine.advance_to(14)
    # 'thanks' is the 'yes' option's to send, so it is not in the facilitator's list.
    assert engine.releasable() == [("go-public", "Post on the status page now?")]
    refused = engine.act(AnswerDecision(actor="cto", decision="go-public", option="yes"))
    assert refused.kind == "action_refused"
    engine.act(Release(actor=FACILITATOR, item="go-public"))
    assert engine.pending_decisions() == ["go-public"]
    assert engine.act(AnswerDecision(actor="cto", decision="go-public", option="maybe")).kind == "action_refused"
    engine.act(AnswerDecision(actor="cto", decision="go-public", option="yes"))
    assert "thanks" in engine.state.injects_arrived and engine.pending_decisions() == []
    engine.advance_to(31)
    arrived = [e.data["inject_id"] for e in _kinds(engine, "inject")]
    assert "after-yes" in arrived
    assert engine.act(Release(actor=FACILITATOR, item="go-public")).kind == "action_refused"


def problems_for_text(loaded) -> list:
    from drills.lint import run_checks

    return run_checks(loaded)


def test_held_inject_with_a_condition_arrives_when_it_holds_and_recipients_are_declared() -> None:
    engine = _ideal("partial-deploy-rollback")
    assert "rollback-progress" not in engine.state.injects_arrived  # the ideal team never rolls back
    script = _scripted("partial-deploy-rollback", "partial-deploy-rollback-first")
    progress = next(e for e in _kinds(script, "inject") if e.data["inject_id"] == "rollback-progress")
    assert progress.data["to"] == ["sre"]
    assert visible_to(progress, ["sre"]) and not visible_to(progress, ["support-lead"])
    started = next(e for e in script.events if e.kind == "repair_started" and e.data["repair_id"] == "rollback-94")
    assert started.t <= progress.t <= started.t + 1


def test_ticket_flood_arrives_as_one_message_a_minute_with_its_count() -> None:
    engine = _ideal("status-page-down")
    flood = [e for e in _kinds(engine, "inject") if e.data.get("count")]
    assert len(flood) > 100
    assert max(e.data["count"] for e in flood) >= 100, "a flood of hundreds of accounts a minute"
    first_hour = [e for e in flood if e.t < 62]
    assert sum(e.data["count"] for e in first_hour) > 1000


def test_customer_update_names_a_known_channel_and_audience() -> None:
    engine = _engine("status-page-down")
    engine.advance_to(5)
    assert engine.act(CustomerUpdate(actor="comms", text="x", channel="fax")).kind == "action_refused"
    assert engine.act(CustomerUpdate(actor="comms", text="x", to="someone")).kind == "action_refused"
    assert engine.channel_problem("status-page") == "stale" and engine.channel_problem("email") == ""
    engine.act(CustomerUpdate(actor="comms", text="We are on it.", to="affected", channel="social"))
    broadcast = _kinds(engine, "update_broadcast")[-1]
    assert broadcast.data["accounts"] == 4200 and engine.state.customer_updates == 1


# --------------------------------------------------------------------------- format 1 stays format 1


def test_a_format2_construct_in_a_format1_file_says_how_to_upgrade() -> None:
    text = (REPO / "tests/fixtures/minimal.yaml").read_text(encoding="utf-8").replace(
        "seed: 7\n", "seed: 7\ncustomer_words: [git]\n")
    with pytest.raises(Exception) as caught:
        load_scenario_text(text, "old.yaml")
    assert caught.value.lines() == [  # type: ignore[attr-defined]
        "old.yaml:11:1: 'customer_words' needs format 2 — add `format: 2` at the top of the file "
        "(`drill lint --upgrade FILE` does it)"]


@pytest.mark.parametrize("name", ["invoice-export-tax-field", "largest-customer-login-config"])
def test_upgrade_keeps_a_builtin_playing_the_same(name: str) -> None:
    path = REPO / "scenarios" / f"{name}.yaml"
    source = path.read_text(encoding="utf-8")
    old = load_scenario_text(source, str(path))
    new = load_scenario_text(upgrade_text(source), str(path))
    assert old.scenario.format == 1 and new.scenario.format == 2

    played = play_headless(Engine(old.scenario, old.source, seed=3), IdealTeam())
    actions = [(e.t, parse_action(e.data["action"])) for e in played.events if e.kind == "action"]
    replayed = play_headless(Engine(new.scenario, new.source, seed=3), ScriptTeam(actions))
    # The same actions in the same world: the same story (the scripted teams play format 2 a little
    # differently, so the actions are the format-1 ideal team's).
    assert [(e.t, e.kind, e.actor) for e in replayed.events] == [(e.t, e.kind, e.actor) for e in played.events]


def test_lint_upgrade_rewrites_the_file_and_shows_the_diff(tmp_path: Path) -> None:
    target = tmp_path / "old.yaml"
    target.write_text((REPO / "tests/fixtures/minimal.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "drills.cli", "lint", "--upgrade", str(target)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "+format: 2" in run.stdout and "+      not: {after_repair: rollback-cookie}" in run.stdout
    assert load_scenario(target).scenario.format == 2
    again = subprocess.run([sys.executable, "-m", "drills.cli", "lint", "--upgrade", str(target)],
                           capture_output=True, text=True, check=False)
    assert again.returncode == 0 and "already format 2" in again.stdout


def test_the_report_shows_each_decision_and_the_expected_answer(tmp_path: Path) -> None:
    from drills.reports import write_scorecards

    engine = _scripted("waf-kill-switch", "waf-rollback-first")
    written = write_scorecards(tmp_path, engine.events, score(engine.events, load_playbook(None)))
    markdown = Path(written["md"]).read_text(encoding="utf-8")
    section = markdown.split("## 7. Decisions", 1)[1]
    assert "No, roll the rule back through the normal pipeline" in section
    assert "no: Yes, kill switch now" in section
    assert 'id="decisions"' in Path(written["html"]).read_text(encoding="utf-8")
    plain = _ideal("partial-deploy-rollback")
    other = write_scorecards(tmp_path / "plain", plain.events, score(plain.events, load_playbook(None)))
    assert "Decisions" not in Path(other["md"]).read_text(encoding="utf-8")
