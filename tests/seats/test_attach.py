"""`drill console LOG` beside a single-screen room: the console reads the live log (read-only) and runs the
room's clock through the room's loopback control socket."""

from __future__ import annotations

from drills.scenario import load_scenario
from drills.tui.console import ConsoleApp
from drills.tui.launch import resume_app
from drills.world import AddNote, NoteLabel, new_engine

from .conftest import DEFAULT, FrozenClock, until

FROZEN = dict(cursor_blink=False, highlight_seconds=3600, notice_seconds=3600)


async def test_the_console_attaches_to_a_play_room_and_runs_its_clock(tmp_path):
    loaded = load_scenario(DEFAULT)
    folder = tmp_path / "drill"
    engine = new_engine(loaded.scenario, loaded.source, seed=1, folder=folder, durable=True,
                        players={"support-lead": "Ana"})
    room_app = resume_app(engine, folder, monotonic=FrozenClock(), **FROZEN)  # opens paused
    async with room_app.run_test(size=(120, 40)):
        await until(lambda: (folder / "control.json").exists())
        console = ConsoleApp.attach(folder / "events.jsonl", score_every=3600, **FROZEN)
        async with console.run_test(size=(120, 40)) as pilot:
            await until(lambda: console.model is not None and console.scenario is not None)
            assert console.model.paused
            await pilot.press("space")
            await until(lambda: not room_app.live.clock.paused)
            await until(lambda: not console.model.paused)
            room_app.room.send(AddNote(actor="support-lead", label=NoteLabel.fact, text="seen from the console"))
            await until(lambda: any(e.kind == "action" and e.data["action"]["text"] == "seen from the console"
                                    for e in console.model.events))
            await pilot.press("ctrl+e")  # read-only: the end is the room's
            await pilot.pause()
            assert not room_app.live.engine.done
            assert len(console.model.events) == len(room_app.live.engine.events)
    assert not (folder / "control.json").exists()


def test_attaching_without_a_running_room_is_one_clear_line(tmp_path, drill):
    loaded = load_scenario(DEFAULT)
    engine = new_engine(loaded.scenario, loaded.source, seed=1, folder=tmp_path / "d", durable=True)
    engine.close()
    result = drill("console", tmp_path / "d" / "events.jsonl")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no room is running this drill" in result.stderr
