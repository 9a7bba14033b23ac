"""The room of a remote seat, headless (`App.run_test`) against a real host on a loopback port: it opens
for the seat's parts, what is typed in it reaches the others, and it shows only what its parts see."""

from __future__ import annotations

from drills.tui.seat_app import SeatApp
from drills.world import FACILITATOR, AddNote, EndDrill, NoteLabel

from .conftest import FrozenClock, hosted, until


def seat_app(address: str, code: str | None) -> SeatApp:
    return SeatApp(address, code, monotonic=FrozenClock(), cursor_blink=False, highlight_seconds=3600,
                   notice_seconds=3600)


def feed_text(room, pane_id: str) -> str:
    from drills.tui.widgets.feed import FeedPane

    pane = room.query_one(f"#{pane_id}", FeedPane)
    return " ".join(" ".join(strip.text for strip in pane.lines).split())


async def test_a_note_typed_in_a_seat_room_reaches_the_other_seat(tmp_path):
    async with hosted(tmp_path) as drill:
        other = await drill.seat("backend")
        app = seat_app(drill.address, drill.codes["support"])
        async with app.run_test(size=(120, 40)) as pilot:
            await until(lambda: app.live is not None)
            await pilot.pause()
            room = app.room
            assert room.actor == "support-lead" and app.live.actors() == ["support-lead"]
            await pilot.press("n")
            await pilot.pause()
            await pilot.press("enter")  # the label: fact
            for ch in "customer says exports hang":
                await pilot.press("space" if ch == " " else ch)
            await pilot.press("enter")
            await until(lambda: any(e.kind == "action" and e.data["action"]["kind"] == "add_note"
                                    for e in other.events))
            note = next(e for e in other.events if e.kind == "action")
            assert note.actor == "support-lead" and note.data["action"]["text"] == "customer says exports hang"
            await until(lambda: any(e.kind == "action" for e in app.live.model.events))
            room.tick()
            await pilot.pause()
            assert "customer says exports hang" in feed_text(room, "thread")


async def test_a_seat_cannot_switch_to_a_part_it_does_not_hold(tmp_path):
    async with hosted(tmp_path) as drill:
        app = seat_app(drill.address, drill.codes["backend"])
        async with app.run_test(size=(120, 40)) as pilot:
            await until(lambda: app.live is not None)
            await pilot.pause()
            room = app.room
            assert room.actor == "backend-lead"
            await pilot.press("a")
            assert room.actor == "sre"
            await pilot.press("a")
            assert room.actor == "backend-lead"
            room.action_set_actor("support-lead")
            assert room.actor == "backend-lead"
            await pilot.press("space")  # the facilitator's key: the console runs a hosted clock
            assert not drill.host.clock.paused


async def test_the_seat_room_shows_the_debrief_the_host_sends(tmp_path):
    async with hosted(tmp_path) as drill:
        boss = await drill.seat("facilitator")
        app = seat_app(drill.address, drill.codes["support"])
        async with app.run_test(size=(120, 40)) as pilot:
            await until(lambda: app.live is not None and boss.welcomes)
            await boss.client.act(AddNote(actor="support-lead", label=NoteLabel.fact, text="not the facilitator's"))
            await boss.client.act(EndDrill(actor=FACILITATOR))
            await until(lambda: app.live.model.done)
            app.room.tick()
            await until(lambda: app.live._debrief is not None, timeout=60)
            from drills.tui.screens.debrief import DebriefScreen

            await until(lambda: isinstance(app.screen, DebriefScreen) and app.screen.debrief is not None,
                        timeout=60)
            await pilot.pause()
            assert app.screen.debrief.card.rating


async def test_a_wrong_code_on_the_command_line_ends_as_one_line(tmp_path):
    async with hosted(tmp_path) as drill:
        app = seat_app(drill.address, "AAAA-BBBB-CCCC-DDDD")
        async with app.run_test(size=(80, 24)):
            await until(lambda: app.error is not None)
        assert "wrong join code" in str(app.error)


async def test_a_seat_gets_the_same_room_as_the_shared_screen(tmp_path):
    """The room's board, recipients, answered marks and stage directions read the read model, never the
    engine: a seat has them from the events it receives and its briefing. Ctrl-C asks before leaving but
    leaves the hosted clock alone (it is the facilitator's)."""
    from drills.seats import Briefing, RoomModel, seat_sees
    from drills.tui.screens.dialogs import ConfirmScreen
    from drills.tui.view import status_view

    async with hosted(tmp_path) as drill:
        app = seat_app(drill.address, drill.codes["support"])
        async with app.run_test(size=(80, 24)) as pilot:
            await until(lambda: app.live is not None)
            engine = drill.host.engine
            engine.advance_to(14)
            drill.host.tick()
            wanted = [e.seq for e in engine.events if seat_sees(e, ("support-lead",))]
            model = app.live.model
            await until(lambda: [e.seq for e in model.events] == wanted)
            room = app.room
            room.tick()
            await pilot.pause()

            shared = RoomModel(Briefing.of(drill.host.scenario, engine.events[0]))
            shared.apply_all(engine.events)
            shared.set_clock(now=model.now, speed=model.speed, paused=model.paused)
            seat_view, shared_view = status_view(model), status_view(shared)
            assert seat_view.situation == shared_view.situation
            assert "Reported 10:13 by Alder & Finch Wholesale: cannot export invoices" in seat_view.situation
            assert (seat_view.internal, seat_view.customer) == (shared_view.internal, shared_view.customer)
            assert seat_view.accounts_wrote_in == shared_view.accounts_wrote_in > 0
            board = " ".join(str(room.query_one(f"#{part}").render()) for part in ("sb-owner", "sb-internal"))
            assert "wrote in" in board and "30-min mark" in board and "trust" not in board and "$" not in board

            await pilot.press("2")  # the inbox tab (one pane at a time at 80x24)
            await pilot.pause()
            inbox = feed_text(room, "inbox")
            assert "● unanswered" in inbox
            assert "stage direction for Ana" in inbox  # Ana plays the support lead: her part's line is a prompt

            await pilot.press("c")
            await pilot.pause()
            options = [str(o.prompt) for o in app.screen.query_one("#to").options]
            assert options[0].startswith("● Reply to ticket #48213")
            assert any("Alder & Finch Wholesale (account 2291) — reported the incident" in o for o in options)
            assert "Every affected account" in options

            paused, changes = drill.host.clock.paused, sum(e.kind == "clock" for e in engine.events)
            await pilot.press("ctrl+c")  # from inside the form: it closes unsent and the room asks
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            assert "drill join" in app.screen.detail
            assert drill.host.clock.paused == paused and sum(e.kind == "clock" for e in engine.events) == changes
            await pilot.press("n")
            await pilot.pause()
            assert app.screen is room


async def test_a_seat_shows_the_clock_without_the_facilitators_keys(tmp_path):
    """The clock is the host's: a seat's line shows it without pause, speed, inject or end keys, and a
    seat with one part offers no 'Act as' (one with two parts does)."""
    from drills.tui.widgets.keybar import KeyBar

    async with hosted(tmp_path) as drill:
        for seat, parts in (("support", 1), ("backend", 2)):
            app = seat_app(drill.address, drill.codes[seat])
            async with app.run_test(size=(80, 24)) as pilot:
                await until(lambda app=app: app.live is not None)
                await pilot.pause()
                room = app.room
                room.refresh_status()
                line = str(room.query_one("#facilitator").render())
                assert "the facilitator runs the clock" in line
                assert "pause" not in line and "inject" not in line
                room.refresh_bindings()
                await pilot.pause()
                keys = str(room.query_one(KeyBar).render())
                assert ("Act as" in keys) == (parts > 1), keys
