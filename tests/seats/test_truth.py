"""The facilitator's truth, alone: a pure function of the scenario and the events so far."""

from __future__ import annotations

from drills.scenario import load_scenario
from drills.seats import truth_of
from drills.teams import IdealTeam, play_headless
from drills.world import Engine


def test_the_truth_follows_the_drill_from_start_to_end():
    scenario = load_scenario("invoice-export-tax-field").scenario
    engine = Engine(scenario, "x", seed=1)
    before = truth_of(scenario, engine.events)
    assert before.root_cause == scenario.incident.root_cause
    assert all(f.failing == 0 for f in before.functions)
    assert len(before.upcoming) == len(scenario.injects)
    assert all(r.state == "not tried" for r in before.repairs)

    engine.advance_to(scenario.incident.onset + 1)
    during = truth_of(scenario, engine.events)
    broken = {f.id for f in scenario.user_functions if f.broken}
    assert {f.id for f in during.functions if f.failing > 0} == broken

    play_headless(engine, IdealTeam())
    after = truth_of(scenario, engine.events)
    assert all(f.failing == 0 for f in after.functions)
    assert any(r.state == "landed" for r in after.repairs)
    assert len(after.upcoming) < len(before.upcoming)
    fired = {t.kind for t in after.triggers if t.fired_at is not None}
    assert fired == {e.data["trigger"] for e in engine.events if e.kind == "ceo_trigger"}
