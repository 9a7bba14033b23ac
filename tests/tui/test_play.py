"""A whole drill played through the room by key presses alone, the clock advanced deterministically."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot

from drills.tui.app import DrillApp
from drills.tui.screens.debrief import DebriefScreen
from drills.tui.screens.room import RoomScreen
from drills.world import JsonlEventLog, read_log

from .conftest import DEFAULT


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*text)


async def setup_and_start(pilot: Pilot, players: tuple[str, ...] = ("Marta", "Jon")) -> RoomScreen:
    """Setup: scenario preselected; type who plays the first parts; Start with ctrl+s."""
    await pilot.pause()
    await pilot.press("tab", "tab", "tab")  # scenario list -> seed -> speed -> first part
    for name in players:
        await type_text(pilot, name)
        await pilot.press("tab")
    await pilot.press("ctrl+s")
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, DrillApp)
    assert isinstance(app.screen, RoomScreen)
    return app.screen


async def advance(pilot: Pilot, room: RoomScreen, wall_seconds: float) -> None:
    room.advance(wall_seconds)
    await pilot.pause()


def actions(room: RoomScreen) -> list[str]:
    return [e.data["action"]["kind"] for e in room.live.engine.events if e.kind == "action"]


async def test_a_whole_drill_by_key_presses(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        room = await setup_and_start(pilot)
        engine = room.live.engine
        assert engine.scenario.id == DEFAULT
        assert room.live.players == {"backend-lead": "Marta", "support-lead": "Jon"}
        speed = room.live.clock.speed
        assert speed == engine.scenario.default_speed

        # The customer's report arrives at sim minute 8: 8 / speed real minutes.
        await advance(pilot, room, 9 / speed * 60)
        assert engine.state.reported_at is not None

        # Owner: the first person in the list is the backend lead (the actor too).
        await pilot.press("o", "enter")
        assert engine.state.owner == "backend-lead"

        # Internal update: the four questions; Enter moves on, Enter on the last field posts.
        await pilot.press("u")
        await type_text(pilot, "Alder & Finch export fails with EXP-422 since 10:12")
        await pilot.press("enter")
        await type_text(pilot, "account 2291, maybe more with numeric tax IDs")
        await pilot.press("enter")
        await type_text(pilot, "Maya reads the export logs for 2291")
        await pilot.press("enter", "enter")
        await pilot.pause()

        # The support lead speaks to the customer.
        await pilot.press("a")
        assert room.actor == "support-lead"
        await pilot.press("c")
        await type_text(pilot, "logging in and editing invoices")
        await pilot.press("enter")
        await type_text(pilot, "exporting invoices fails with EXP-422")
        await pilot.press("enter")
        await type_text(pilot, "why it happens and how many accounts")
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()

        # Back to the owner: a check, then the rollback.
        await pilot.press("a")
        assert room.actor == "backend-lead"
        await pilot.press("x", "enter")
        assert engine.state.checks_running == {"logs-account-2291"}
        await advance(pilot, room, 5 / speed * 60)
        assert "logs-account-2291" in engine.state.checks_run
        await pilot.press("r", "enter")
        assert engine.state.repairs_running == {"rollback-export-job"}
        await advance(pilot, room, 9 / speed * 60)
        assert engine.state.mitigated_at is not None

        # Ask the customer to retry, wait for their answer, resolve.
        await pilot.press("y")
        await advance(pilot, room, 6 / speed * 60)
        assert engine.state.confirmed
        await pilot.press("v", "enter")
        assert engine.state.resolved

        # End the drill (confirm), then the debrief scores it and writes the scorecard.
        await pilot.press("ctrl+e", "y")
        await pilot.pause()
        assert engine.done
        assert isinstance(app.screen, DebriefScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        debrief = app.screen.debrief
        assert debrief is not None

    assert actions(room) == ["assign_owner", "post_update", "customer_update", "run_check", "apply_repair",
                             "ask_customer_retry", "resolve", "end_drill"]
    assert not [e for e in engine.events if e.kind == "action_refused"]
    update = next(e for e in engine.events if e.action_kind == "post_update").data["action"]
    assert update["known"] == "Alder & Finch export fails with EXP-422 since 10:12"
    assert update["next_update_at"] == next(e for e in engine.events if e.action_kind == "post_update").t + 30
    customer = next(e for e in engine.events if e.action_kind == "customer_update")
    assert customer.actor == "support-lead"
    assert customer.data["action"]["fails"] == "exporting invoices fails with EXP-422"
    assert next(e for e in engine.events if e.kind == "resolved").data["confirmed"] is True

    folder = room.live.folder
    assert folder is not None and folder.parent == Path("reports")
    logged = read_log(folder / "events.jsonl")
    assert [e.to_json() for e in logged.events] == [e.to_json() for e in engine.events]
    assert logged.ended
    assert set(debrief.files) == {"md", "html", "json"}
    for path in debrief.files.values():
        assert path.exists() and path.parent == folder
    card = json.loads(debrief.files["json"].read_text())
    assert card["score"] == debrief.card.score
    assert card["figures"]["time_to_owner"] is not None


async def test_a_refused_action_shows_a_notice(make_app) -> None:
    app = make_app(notice_seconds=3600)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        room = await setup_and_start(pilot)
        assert "Ack" not in str(room.query_one("#keys").render())  # no handoff waits: k is not offered
        await pilot.press("y")  # ask the customer to retry, before any customer has reported anything
        await pilot.pause()
        refused = [e for e in room.live.engine.events if e.kind == "action_refused"]
        assert len(refused) == 1
        notices = [n.message for n in app._notifications]
        assert any("no customer has reported a problem yet" in m for m in notices)
        thread = " ".join(strip.text.strip() for strip in room.query_one("#thread").lines)
        assert "could not ask customer retry" in thread


async def test_a_form_keeps_what_is_missing_and_cancels_cleanly(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        room = await setup_and_start(pilot)
        before = len(room.live.engine.events)
        await pilot.press("u")
        await type_text(pilot, "only the first answer")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(app.screen.query_one("#error").render())
        assert "who is affected" in error
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is room
        assert len(room.live.engine.events) == before


async def test_text_hint_while_typing_a_customer_update(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await setup_and_start(pilot)
        await pilot.press("c")
        await type_text(pilot, "exports should be back shortly")
        await pilot.pause()
        hint = str(app.screen.query_one("#hint").render())
        assert "fix time" in hint and "should be back shortly" in hint


async def test_participant_text_is_never_markup(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        room = await setup_and_start(pilot, players=("[bold]Marta[/bold]",))
        await pilot.press("i")
        await pilot.press("down")  # colleague message
        await pilot.press("enter", "enter")
        await type_text(pilot, "[red]fire[/red] and [link=https://x.test]a link[/link]")
        await pilot.press("enter")
        await pilot.pause()
        inbox = "".join(strip.text for strip in room.query_one("#inbox").lines)
        assert "[red]fire[/red] and [link=https://x.test]a link[/link]" in inbox
        acting = str(room.query_one("#acting").render())
        assert "[bold]Marta[/bold]" in acting


async def test_narrow_uses_tabs_with_unread_counts_and_wide_shows_three_panes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        room = await setup_and_start(pilot)
        assert room.has_class("-narrow")
        await advance(pilot, room, 10 / room.live.clock.speed * 60)
        inbox = room.query_one("#inbox")
        assert not inbox.display and inbox.unread > 0
        assert "Inbox (" in str(room.query_one("#tabs").render())
        await pilot.press("2")
        assert inbox.display and inbox.unread == 0
        assert not room.query_one("#thread").display
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not room.has_class("-narrow")
        assert all(room.query_one(f"#{p}").display for p in ("thread", "inbox", "clues"))


async def test_every_room_command_is_bound_and_in_the_palette(make_app) -> None:
    from drills.tui.commands import ROOM_COMMANDS, RoomCommands

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        room = await setup_and_start(pilot)
        bound = {b.action for bindings in room._bindings.key_to_bindings.values() for b in bindings}
        assert {c.action for c in ROOM_COMMANDS} <= bound
        keybar = str(room.query_one("#keys").render())
        waiting = {"acknowledge", "joins"}  # offered while a handoff or a join request waits
        for command in ROOM_COMMANDS:
            assert (command.label in keybar) is (command.in_key_bar and command.action not in waiting)
        facilitator = str(room.query_one("#facilitator").render())
        for label in ("pause", "speed", "inject", "end"):  # the facilitator's keys are on their own line
            assert label in facilitator
        provider = RoomCommands(room)
        titles = [hit.text async for hit in provider.discover()]
        assert len(titles) == len(ROOM_COMMANDS) + len(room.live.engine.casting.cast)
        # Through the palette: ctrl+p, type, Enter opens the customer form.
        await pilot.press("ctrl+p")
        await type_text(pilot, "Customer")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "CustomerUpdateForm"


async def test_facilitator_controls(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        room = await setup_and_start(pilot)
        clock = room.live.clock
        speed = clock.speed
        await pilot.press("plus")
        assert clock.speed > speed
        await pilot.press("minus", "minus")
        assert clock.speed < speed
        await pilot.press("space")
        assert clock.paused
        now = room.live.engine.now
        await advance(pilot, room, 120)
        assert room.live.engine.now == now
        await pilot.press("space")
        assert not clock.paused
        kinds = [(e.data["paused"], e.data["speed"]) for e in room.live.engine.events if e.kind == "clock"]
        assert len(kinds) == 5
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.press("ctrl+e", "n")
        await pilot.pause()
        assert app.screen is room and not room.live.engine.done


async def test_quit_asks_first_and_leaves_a_log_that_resumes_where_it_stopped(make_app) -> None:
    from drills.tui.launch import resume_app
    from drills.world import resume_live

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        room = await setup_and_start(pilot)
        await advance(pilot, room, 9 / room.live.clock.speed * 60)
        await pilot.press("o", "enter")
        # While the drill runs, the log on disk is exactly the events so far, each fsynced as it happened
        # (a live log is appended, not memory-mapped: no reserved padding for `tail -f` to show).
        assert room.live.log_path.read_bytes() == b"".join(e.to_line() for e in room.live.engine.events)
        assert isinstance(room.live.engine._sink, JsonlEventLog) and room.live.engine._sink.durable
        await pilot.press("q")
        await pilot.pause()
        assert room.live.clock.paused  # asking pauses the clock...
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is room and not room.live.clock.paused  # ...and staying resumes it
        await pilot.press("q", "y")
        await pilot.pause()
    assert app.return_value and "drill resume" in app.return_value
    log = room.live.log_path
    assert log is not None
    stopped_at = room.live.engine.now

    engine = resume_live(read_log(log))
    assert engine.state.owner == "backend-lead"
    resumed = resume_app(engine, log.parent, cursor_blink=False, notice_seconds=3600, highlight_seconds=3600)
    async with resumed.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        again = resumed.screen
        assert isinstance(again, RoomScreen)
        assert again.live.clock.paused
        assert again.live.engine.now == stopped_at
        thread = "\n".join(strip.text for strip in again.query_one("#thread").lines)
        assert "the incident owner" in thread
        await pilot.press("space")
        again.advance(60)
        assert again.live.engine.now > stopped_at
        await pilot.press("q", "y")
        await pilot.pause()
    logged = read_log(log)
    assert not logged.ended
    # q n (pause, resume), q y (pause; the drill reopens paused), space (resume), q y (pause).
    assert [e.data["paused"] for e in logged.events if e.kind == "clock"] == [True, False, True, False, True]


async def test_the_drill_ends_when_time_runs_out_and_the_debrief_opens(make_app) -> None:
    app = make_app(speed=600.0)
    async with app.run_test(size=(120, 40)) as pilot:
        room = await setup_and_start(pilot)
        await pilot.press("u")  # a form is open when time runs out
        await advance(pilot, room, 60)
        assert room.live.engine.done
        assert isinstance(app.screen, DebriefScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.debrief is not None
        assert "the simulated time ran out" in str(app.screen.query_one("#db-title").render())


async def test_debrief_overrules_a_text_flag_and_rescores(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        room = await setup_and_start(pilot)
        await advance(pilot, room, 9 / room.live.clock.speed * 60)
        await pilot.press("c")
        for answer in ("login works", "exports fail", "the cause"):
            await type_text(pilot, answer)
            await pilot.press("enter")
        await pilot.press("enter")
        await type_text(pilot, "should be fixed in 30 minutes")
        await pilot.press("enter", "ctrl+e", "y")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        debrief_screen = app.screen
        assert isinstance(debrief_screen, DebriefScreen)
        first = debrief_screen.debrief
        assert first is not None
        flagged = [f"CUS-06:{e.event_seq}:{e.flag_id}" for e in first.card.rule("CUS-06").evidence if e.flag_id]
        assert flagged and not first.card.overruled
        await pilot.press("o")
        await type_text(pilot, "we meant the next update")
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        second = debrief_screen.debrief
        assert second is not None and second is not first
        assert flagged[0] in second.card.overruled
        assert second.card.rule("CUS-06").score > first.card.rule("CUS-06").score
        log = read_log(room.live.log_path)
        overruled = [e for e in log.events if e.kind == "flag_overruled"]
        assert len(overruled) == 1 and overruled[0].data["reason"] == "we meant the next update"
        written = json.loads(second.files["json"].read_text())
        assert flagged[0] in written["overruled"]
