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


async def test_the_facilitator_is_cued_when_a_held_item_is_due(make_app) -> None:
    """The facilitator line offers R while something is held (wide), and a toast says once when its
    release_hint comes (both widths); after the release the line drops R."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        room = await setup_and_start(pilot)
        engine = room.live.engine
        line = lambda: str(room.query_one("#facilitator").render())  # noqa: E731
        cues = lambda: [n for n in app._notifications if "R releases it" in n.message]  # noqa: E731
        assert "release (1 held)" in line()
        assert not cues()
        hint = engine.release_hints[0][0]
        await advance(pilot, room, max(0.0, (hint + 0.5 - engine.now) / room.live.clock.speed * 60))
        room.refresh_status()
        assert len(cues()) == 1
        room.refresh_status()
        assert len(cues()) == 1  # once per item
        await pilot.press("R")
        await pilot.press("enter")
        room.refresh_status()
        await pilot.pause()
        assert "release" not in line()
