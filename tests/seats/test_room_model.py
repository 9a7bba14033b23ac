"""The room's read model, alone: folding a drill's events gives what the engine's state says."""

from __future__ import annotations

import orjson
import pytest

from drills.scenario import builtin_scenarios
from drills.seats import Briefing, RoomModel
from drills.teams import BUILTIN_TEAMS, make_team
from drills.world import Engine

FIELDS = ("owner", "awaiting_ack", "reported_at", "outage_started", "impact", "last_internal_update",
          "next_internal_due", "checks_running", "repairs_running", "repairs_applied", "pending_joins",
          "resolved", "confirmed", "ended", "room")
UNSEEN = {"last_customer_update": "update_undelivered", "next_customer_due": "update_undelivered",
          "mitigated_at": "mitigation_lost"}
"""Fields the engine changes on an event only the facilitator sees: the model keeps what the team knows
(the update they sent; monitoring's last 'failures down'). They must match until that event."""

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
        hidden = {e.kind for e in engine.events}
        names = FIELDS + tuple(name for name, unseen in UNSEEN.items() if unseen not in hidden)
        for name in names:
            want, got = getattr(state, name), getattr(model, name)
            if isinstance(want, set | list):
                want, got = sorted(want), sorted(got)
            if want != got:
                mismatches.append(f"t={engine.now:g} {when}: {name} {got!r} != {want!r}")
        if state.reported_at is not None:
            assert model.reporter is not None and model.reporter.account == engine.world.report_customer.account
        pending = engine.pending_decisions()
        assert list(model.decisions) == pending
        assert {r: model.repairs_landed.get(r) is not None for r in state.repairs_applied} == \
            dict.fromkeys(state.repairs_applied, True)
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
    acted = [e.actor for e in engine.events
             if e.kind in ("action", "action_refused") and e.actor in engine.casting.cast]
    assert model.last_actor == (acted[-1] if acted else None)
    senders = {e.data["sender"] for e in engine.events if e.kind == "inject"
               and e.data["inject_kind"] in ("customer_message", "ticket") and not e.data.get("prompt_for")}
    assert model.wrote_in == senders
    retries = [e for e in engine.events if e.kind == "customer_retried"]
    assert model.last_retry == ((retries[-1].t, bool(retries[-1].data["works"])) if retries else None)


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


@pytest.mark.parametrize("scenario", builtin_scenarios(), ids=lambda s: s.id)
def test_a_briefing_round_trips_and_holds_no_truth(scenario):
    engine = Engine(scenario, "x", seed=1, players={scenario.cast[0].id: "Jon"})
    briefing = Briefing.of(scenario, engine.events[0])
    data = orjson.loads(orjson.dumps(briefing.to_data()))  # as it crosses the wire
    assert Briefing.from_data(data) == briefing
    text = repr(data)
    assert scenario.incident.root_cause not in text
    assert not scenario.briefing or scenario.briefing[:60] not in text  # the scenario's text stays on the host
    for works in scenario.incident.still_works:
        assert f"'{works}'" not in text
    for repair in scenario.repairs:
        assert repair.effect.value not in {str(v) for v in data.values()}
    assert "down" not in {key for channel in data["channels"] for key in channel}
    assert {c.id for c in briefing.customers} == set(engine.casting.customers)
    assert briefing.customer(briefing.reporting_customer) is not None
    assert [c.id for c in briefing.channels] == [c.id for c in scenario.channels]
    assert briefing.played_by(scenario.cast[0].id) == "Jon" and briefing.played_by(scenario.cast[1].id) is None


def test_a_briefing_from_an_older_host_still_opens_the_room():
    scenario = builtin_scenarios()[0]
    data = Briefing.of(scenario, Engine(scenario, "x", seed=1).events[0]).to_data()
    for key in ("customers", "reporting_customer", "channels"):
        del data[key]
    briefing = Briefing.from_data(data)
    assert briefing.customers == () and briefing.channels == () and briefing.reporting_customer == ""


def test_an_update_counts_as_the_team_sent_it_and_to_whom():
    """An update to another account is not the reporting customer's rhythm (as the engine says); one on
    a stale channel counts as sent, because that it reached nobody is the world's truth (the engine
    logs `update_undelivered`, which only the facilitator sees)."""
    from pathlib import Path

    from drills.scenario import load_scenario
    from drills.world import CustomerUpdate

    loaded = load_scenario(Path(__file__).parent.parent / "format2" / "status-page-down.yaml")
    engine = Engine(loaded.scenario, loaded.source, seed=3)
    model = RoomModel(Briefing.of(loaded.scenario, engine.events[0]))
    model.apply_all(engine.events)
    engine.subscribe(model.apply)
    engine.advance_to(10)
    actor = next(iter(engine.casting.cast))
    engine.act(CustomerUpdate(actor=actor, to="mapleleaf", works="x", fails="y", unknown="z", next_update_at=30))
    assert (model.last_customer_update, model.next_customer_due) == (None, None)
    assert (engine.state.last_customer_update, engine.state.next_customer_due) == (None, None)
    engine.act(CustomerUpdate(actor=actor, works="x", fails="y", unknown="z", next_update_at=40))
    assert (model.last_customer_update, model.next_customer_due) == (10, 40)
    assert (engine.state.last_customer_update, engine.state.next_customer_due) == (10, 40)
    engine.advance_to(12)
    assert engine.channel_problem("status-page") == "stale"
    engine.act(CustomerUpdate(actor=actor, to="affected", channel="status-page", works="x", fails="y",
                              unknown="z", next_update_at=45))
    assert engine.events[-1].kind == "update_undelivered"
    assert (model.last_customer_update, model.next_customer_due) == (12, 45)  # what the team sent
    assert engine.state.next_customer_due == 40
