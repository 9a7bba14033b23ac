"""The setup screen: names that arrive after the first frame, switching scenarios, and starting."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from drills import paths
from drills.errors import ScenarioError
from drills.lint import problems_for
from drills.paths import BUILTIN_SCENARIOS_DIR, DEFAULT_SCENARIO
from drills.scenario import load_scenario, read_card
from drills.tui.launch import scenario_choices
from drills.tui.screens import setup
from drills.tui.screens.room import RoomScreen
from drills.tui.screens.setup import UNNAMED, PendingChoice, ScenarioChoice, SetupScreen
from drills.world import cast_scenario


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
    second = choices[1].card
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


async def test_start_before_the_scenarios_are_checked_waits_for_them(make_app, fresh_process, monkeypatch) -> None:
    """Built-in scenarios come as cards read without the model; Start must start the checked scenario."""
    monkeypatch.setattr(SetupScreen, "_after_first_frame", lambda self: None)  # Start comes before the worker
    choices = scenario_choices(None)
    assert isinstance(choices[0], PendingChoice)
    app = make_app(choices=choices)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RoomScreen)
        engine = app.screen.live.engine
        assert engine.scenario == load_scenario(choices[0].path).scenario
        assert engine.casting.cast == cast_scenario(engine.scenario, engine.scenario.seed).cast


INFINITE_REVENUE = ("revenue_per_hour: ", "revenue_per_hour: .inf #")
"""An edit the quick read cannot see (it reads no customer) and the loader refuses."""


def _edited_builtins(tmp_path: Path, ident: str, old: str, new: str) -> Path:
    """A copy of the built-in scenarios' folder with one of them edited; returns the edited file."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for path in BUILTIN_SCENARIOS_DIR.glob("*.yaml"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    edited = folder / f"{ident}.yaml"
    text = edited.read_text(encoding="utf-8")
    assert old in text
    edited.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edited


async def test_a_builtin_scenario_that_fails_its_checks_closes_the_app_with_its_error(
        make_app, tmp_path, monkeypatch) -> None:
    broken = _edited_builtins(tmp_path, "queue-backlog-email", *INFINITE_REVENUE)
    monkeypatch.setattr(paths, "BUILTIN_SCENARIOS_DIR", broken.parent)
    choices = scenario_choices(None)
    assert all(isinstance(c, PendingChoice) for c in choices)  # the quick read does not look at customers
    app = make_app(choices=choices)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.return_value == "" and not any(isinstance(s, RoomScreen) for s in app.screen_stack)
    assert app.error is not None
    assert [str(p) for p in app.error.problems] == [str(p) for p in problems_for(broken) if p.severity == "error"]


def test_drill_play_prints_a_broken_builtin_scenarios_error_as_one_line(tmp_path: Path) -> None:
    """The app runs headless; the error ends as the launcher's errors do: one line on stderr, exit 1."""
    broken = _edited_builtins(tmp_path, "checkout-payments-deploy", *INFINITE_REVENUE)
    folder = broken.parent
    script = (f"import sys\nfrom drills import paths\npaths.BUILTIN_SCENARIOS_DIR = paths.Path({str(folder)!r})\n"
              "from textual.app import App\nrun = App.run\nApp.run = lambda self: run(self, headless=True)\n"
              "from drills.cli import main\nmain(['play', '--reports', 'reports'])\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith(f"{broken}:")
    assert "'revenue_per_hour': Input should be a finite number" in line
    assert not (tmp_path / "reports").exists()


def test_a_builtin_the_quick_read_is_unsure_of_is_loaded_before_the_app_opens(tmp_path, monkeypatch) -> None:
    edited = _edited_builtins(tmp_path, DEFAULT_SCENARIO, "\ntitle: ", "\ntitle: yes\nx_title: ")
    monkeypatch.setattr(paths, "BUILTIN_SCENARIOS_DIR", edited.parent)
    with pytest.raises(ScenarioError):  # x_title is not a key of the format
        scenario_choices(None)


async def test_a_card_the_checked_scenario_contradicts_is_redrawn_from_the_checked_one(
        make_app, choice, fresh_process) -> None:
    path = BUILTIN_SCENARIOS_DIR / f"{DEFAULT_SCENARIO}.yaml"
    card = read_card(path)
    wrong = dataclasses.replace(card, title="Not the title", seed=card.seed + 1)
    app = make_app(choices=[PendingChoice(wrong, path)])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert screen.cards == [card]
        assert screen.query_one("#seed").value == str(card.seed)
        picker = screen.query_one("#scenario")
        assert str(picker.get_option_at_index(0).prompt).startswith(card.title)
