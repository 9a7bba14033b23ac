"""The setup screen: names that arrive after the first frame, switching scenarios, and starting."""

from __future__ import annotations

import threading

import pytest

from drills.casting import cast_scenario
from drills.tui.launch import scenario_choices
from drills.tui.screens import setup
from drills.tui.screens.room import RoomScreen
from drills.tui.screens.setup import UNNAMED, ScenarioChoice, SetupScreen


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """As in a new process: no names generated yet, so the setup must generate them itself."""
    loaded = threading.Event()
    monkeypatch.setattr(setup, "_names_loaded", loaded)
    return loaded


def cast_lines(screen: SetupScreen) -> list[str]:
    return str(screen.query_one("#cast-names").render()).splitlines()


def test_unnamed_parts_show_a_mark_until_names_are_loaded(choice: ScenarioChoice, fresh_process) -> None:
    screen = SetupScreen([choice])
    scenario = choice.scenario
    before = screen._cast_text().plain.splitlines()
    assert before == [f"{m.name or UNNAMED} — {m.role}" for m in scenario.cast]
    assert any(m.name is None for m in scenario.cast)  # else this test shows nothing

    fresh_process.set()
    casting = cast_scenario(scenario, scenario.seed)
    assert screen._cast_text().plain.splitlines() == [f"{casting.cast[m.id].name} — {m.role}" for m in scenario.cast]


async def test_the_names_arrive_after_the_first_frame_and_follow_the_seed(make_app, choice, fresh_process) -> None:
    scenario = choice.scenario
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        assert fresh_process.is_set()
        named = cast_scenario(scenario, scenario.seed)
        assert cast_lines(screen) == [f"{named.cast[m.id].name} — {m.role}" for m in scenario.cast]

        await pilot.press("tab", *"12")  # the seed field selects its value on focus, so typing replaces it
        await pilot.pause()
        assert screen.query_one("#seed").value == "12"
        renamed = cast_scenario(scenario, 12)
        assert cast_lines(screen) == [f"{renamed.cast[m.id].name} — {m.role}" for m in scenario.cast]

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RoomScreen)
        assert app.screen.live.engine.casting.cast == renamed.cast


async def test_picking_another_scenario_shows_its_parts_and_starts_it(make_app) -> None:
    choices = scenario_choices(None)
    second = choices[1].scenario
    app = make_app(choices=choices)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("down")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        assert [line.split(" — ")[1] for line in cast_lines(screen)] == [m.role for m in second.cast]
        assert [node.id for node in screen.query(".player")] == [f"play-{m.id}" for m in second.cast]
        assert screen.query_one("#seed").value == str(second.seed)

        await pilot.click("#start")
        await pilot.pause()
        assert isinstance(app.screen, RoomScreen)
        assert app.screen.live.engine.scenario.id == second.id


async def test_enter_on_the_start_button_starts_and_escape_on_the_setup_quits(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#start").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoomScreen)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_value == ""
