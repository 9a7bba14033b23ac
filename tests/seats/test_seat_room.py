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
