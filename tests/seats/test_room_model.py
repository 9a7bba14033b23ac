"""The room's read model, alone: folding a drill's events gives what the engine's state says."""

from __future__ import annotations

import pytest

from drills.scenario import builtin_scenarios
from drills.seats import Briefing, RoomModel
from drills.teams import BUILTIN_TEAMS, make_team
from drills.world import Engine

FIELDS = ("owner", "awaiting_ack", "reported_at", "outage_started", "impact", "last_internal_update",
          "last_customer_update", "checks_running", "repairs_running", "repairs_applied", "pending_joins",
          "resolved", "confirmed", "ended")

CASES = [(s, team) for s in builtin_scenarios() for team in BUILTIN_TEAMS]


@pytest.mark.parametrize(("scenario", "team_name"), CASES, ids=[f"{s.id}-{t}" for s, t in CASES])
def test_the_model_follows_the_engine_event_by_event(scenario, team_name):
    engine = Engine(scenario, scenario.model_dump_json(), seed=3)
    model = RoomModel(Briefing.of(scenario, engine.events[0]))
    model.apply(engine.events[0])
    engine.subscribe(model.apply)
    team = make_team(team_name)
    mismatches: list[str] = []

    def compare(when: str) -> None:
        state = engine.state
        for name in FIELDS:
            want, got = getattr(state, name), getattr(model, name)
            if isinstance(want, set | list):
                want, got = sorted(want), sorted(got)
            if want != got:
                mismatches.append(f"t={engine.now:g} {when}: {name} {got!r} != {want!r}")
        assert model.trust == pytest.approx(state.trust, abs=0.06)
        model.now = engine.now
        for mine, theirs in zip(model.losses_now(), engine.losses_now(), strict=True):
            assert mine == pytest.approx(theirs, rel=1e-6, abs=1e-6)

    seen = len(engine.events)
    while not engine.done:
        engine.advance_to(team.next_wakeup(engine))
        compare("after advancing")
        if engine.done:
            break
        for action in team.decide(engine, engine.events[seen:]):
            engine.act(action)
            compare(f"after {action.kind}")
        seen = len(engine.events)
    assert not mismatches, mismatches[:5]
    assert model.events == engine.events


def test_clock_and_names_come_from_the_briefing():
    scenario = builtin_scenarios()[0]
    engine = Engine(scenario, "x", seed=1)
    model = RoomModel(Briefing.of(scenario, engine.events[0]))
    assert model.clock_text(0) == engine.clock_text(0)
    assert model.clock_text(75) == engine.clock_text(75)
    someone = next(iter(engine.casting.cast))
    assert model.name_of(someone) == engine.name_of(someone)
    assert model.name_of(None) == "nobody"
    model.set_clock(now=30, speed=2.0, paused=True)
    assert model.real_minutes_left() == pytest.approx((scenario.simulated_minutes - 30) / 2)


def test_a_briefing_round_trips_and_holds_no_truth():
    scenario = builtin_scenarios()[0]
    engine = Engine(scenario, "x", seed=1)
    briefing = Briefing.of(scenario, engine.events[0])
    assert Briefing.from_data(briefing.to_data()) == briefing
    text = repr(briefing.to_data())
    assert scenario.incident.root_cause not in text
    for repair in scenario.repairs:
        assert repair.effect.value not in {str(v) for v in briefing.to_data().values()}
