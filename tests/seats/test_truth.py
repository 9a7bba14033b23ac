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


def test_every_scenario_has_a_truth_and_its_held_items_are_the_engines():
    """Injects that wait (format 2: no `at`) come after the timed ones; what the facilitator may release
    is exactly what the engine would accept, before and after one is released."""
    import glob

    from drills.world import Release

    paths = sorted(glob.glob("scenarios/*.yaml") + glob.glob("tests/format2/*.yaml"))
    assert len(paths) >= 8
    held_somewhere = 0
    for path in paths:
        scenario = load_scenario(path).scenario
        engine = Engine(scenario, "x", seed=1)
        truth = truth_of(scenario, engine.events)
        timed = [i.at for i in truth.upcoming if i.at is not None]
        assert timed == sorted(timed), path
        assert all(i.at is not None for i in truth.upcoming[:len(timed)]), path
        assert [h.id for h in truth.held] == [ident for ident, _ in engine.releasable()], path
        if truth.held:
            held_somewhere += 1
            engine.advance_to(scenario.incident.onset + 1)
            engine.act(Release(actor="facilitator", item=truth.held[0].id))
            after = truth_of(scenario, engine.events)
            assert [h.id for h in after.held] == [ident for ident, _ in engine.releasable()], path
            assert truth.held[0].id not in [h.id for h in after.held], path
    assert held_somewhere >= 2


def test_the_score_preview_before_the_report_says_the_drill_is_still_on():
    """The console's preview before any customer report has nothing to score; it must not say the drill
    ended (the final debrief of a drill that really ended before the report does)."""
    from drills.scoring import DEFAULT_PLAYBOOK_PATH, load_playbook, score
    from drills.tui.console_view import score_text

    loaded = load_scenario("invoice-export-tax-field")
    engine = Engine(loaded.scenario, loaded.source, seed=1)
    engine.advance_to(1)
    card = score(engine.events, load_playbook(DEFAULT_PLAYBOOK_PATH))
    assert not card.scored
    preview = score_text(card).plain
    assert "no customer has reported" in preview and "ended" not in preview
    assert "ended before the incident was reported" in score_text(card, final=True).plain
