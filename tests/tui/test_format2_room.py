"""Format 2 in the room: the facilitator releases a held decision point with R, the team answers it with d."""

from __future__ import annotations

from pathlib import Path

import pytest

from drills.scenario import load_scenario
from drills.tui.screens.dialogs import ChoiceScreen
from drills.tui.screens.setup import ScenarioChoice

from .test_play import advance, setup_and_start

WAF = Path(__file__).parent.parent / "format2" / "waf-kill-switch.yaml"


@pytest.fixture
def choice() -> ScenarioChoice:
    loaded = load_scenario(WAF)
    return ScenarioChoice(loaded.scenario, loaded.source)


async def test_release_a_held_decision_and_answer_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        room = await setup_and_start(pilot)
        engine = room.live.engine
        await advance(pilot, room, 30)
        assert [item for item, _ in engine.releasable()] == ["waf-off-globally"]
        await pilot.press("d")  # nothing asked yet: a notice, no dialog
        assert not isinstance(app.screen, ChoiceScreen)
        await pilot.press("R")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")
        assert engine.pending_decisions() == ["waf-off-globally"] == list(room.live.model.decisions)
        room.flush()
        await pilot.pause()
        assert "a decision waits (d)" in str(room.query_one("#sb-owner").render())
        await pilot.press("2")
        await pilot.pause()
        inbox = " ".join(strip.text.strip() for strip in room.query_one("#inbox").lines)
        assert "a decision for the team" in inbox and "d answers it" in inbox
        await pilot.press("d")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "enter")
        made = [e for e in engine.events if e.kind == "decision_made"]
        assert [(e.data["option_id"], e.data["expected"]) for e in made] == [("rollback-only", False)]
        assert engine.releasable() == [] and engine.pending_decisions() == []
        room.flush()
        await pilot.pause()
        assert not room.live.model.decisions and "decision" not in str(room.query_one("#sb-owner").render())
        thread = " ".join(strip.text.strip() for strip in room.query_one("#thread").lines)
        assert "decides:" in thread
