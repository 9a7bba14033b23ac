"""The engine's parts, each built and tested alone: a hand-built state, a scheduler, one part at a time."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from drills.scenario import Condition, Scenario
from drills.world import RunCheck, WorldState, cast_scenario
from drills.world._handlers import Handlers
from drills.world._reactions import Reactions
from drills.world._scheduler import Scheduler
from drills.world._state import TRUST_CHASE, Refused
from drills.world._world import World

SCENARIO = Scenario.model_validate(
    yaml.safe_load((Path(__file__).parent / "fixtures" / "engine_world.yaml").read_text(encoding="utf-8")))


def world_with(state: WorldState) -> World:
    return World(SCENARIO, cast_scenario(SCENARIO, 7), state, Scheduler())


def test_the_scheduler_runs_callbacks_at_their_time_and_tells_listeners() -> None:
    scheduler = Scheduler()
    heard: list[str] = []
    scheduler.subscribe(lambda event: heard.append(event.kind))
    scheduler.after(5, lambda: scheduler.emit("ping", None, n=1))
    scheduler.env.run(until=10)
    assert [(e.seq, e.t, e.kind, e.data) for e in scheduler.events] == [(0, 5.0, "ping", {"n": 1})]
    assert heard == ["ping"]


def test_a_reaction_reads_only_the_state_it_is_given() -> None:
    state = WorldState(owner="maya", repairs_applied={"rollback"})
    reactions = Reactions(world_with(state), seed=7)
    assert reactions.unmet(Condition(owner_assigned=True, after_repair="rollback")) == ""
    assert reactions.unmet(Condition(customer_update_sent=True)) == "customer_update_sent is false"
    assert reactions.unmet(Condition(after_check="logs")) == "check logs not run"


def test_the_customer_chases_when_nothing_arrives_in_time() -> None:
    state = WorldState(reported_at=0.0, trust=50.0)
    world = world_with(state)
    reactions = Reactions(world, seed=7)
    reactions.expect_customer_word(4)
    world.scheduler.env.run(until=5)
    kinds = [e.kind for e in world.scheduler.events]
    assert kinds == ["inject", "customer_chased", "trust_changed"]
    assert state.trust == 50.0 + TRUST_CHASE


def test_a_handler_alone_refuses_then_runs_a_check() -> None:
    state = WorldState(checks_running={"deploys"})
    world = world_with(state)
    handlers = Handlers(world, Reactions(world, seed=7), seed=7)
    again = RunCheck(actor="maya", check="deploys")
    with pytest.raises(Refused, match="already running"):
        handlers.handler(again)(again, dry_run=True)
    action = RunCheck(actor="maya", check="logs")
    handlers.handler(action)(action, dry_run=False)
    assert state.checks_running == {"deploys", "logs"}
    world.scheduler.env.run(until=4)
    result = world.scheduler.events[-1]
    assert (result.kind, result.t, [c["id"] for c in result.data["clues"]]) == (
        "check_result", 3.0, ["tax-null", "disk-warning"])
    assert state.checks_run == {"logs"} and state.clues_found == ["tax-null", "disk-warning"]
