"""The room at 80x24 as a new user meets it (issue 14): readable panes, replies to the right customer,
long updates, a board that never gives the incident away, and keys that keep up with fast typing."""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot

from drills.tui.app import DrillApp
from drills.tui.launch import resume_app
from drills.tui.screens.debrief import DebriefScreen
from drills.tui.screens.dialogs import ConfirmScreen
from drills.tui.screens.room import RoomScreen
from drills.tui.widgets.feed import FeedPane
from drills.world import AnswerJoinRequest, ApplyRepair, AssignOwner, PostUpdate, read_log, resume_live

from .test_play import advance, setup_and_start, type_text


def pane_text(room: RoomScreen, pane: str) -> list[str]:
    return [strip.text.rstrip() for strip in room.query_one(f"#{pane}", FeedPane).lines]


def on_screen(room: RoomScreen, pane: str) -> list[str]:
    """The lines of a pane the reader sees now, without scrolling."""
    feed = room.query_one(f"#{pane}", FeedPane)
    top = round(feed.scroll_y)
    return pane_text(room, pane)[top:top + feed.scrollable_content_region.height]


def board(room: RoomScreen) -> str:
    parts = ("#facilitator", "#sb-owner", "#sb-internal", "#sb-customer", "#sb-work")
    return "\n".join(str(room.query_one(part).render()) for part in parts)


def as_read(room: RoomScreen, pane: str) -> str:
    """A pane's text with its wrapping undone (what a reader takes in, whatever the width)."""
    return " ".join(pane_text(room, pane))


async def to_minute(pilot: Pilot, room: RoomScreen, minute: float) -> None:
    await advance(pilot, room, (minute - room.live.engine.now) / room.live.clock.speed * 60)


async def burst(pilot: Pilot, *keys: str) -> None:
    """Keys as a fast typist or `tmux send-keys` delivers them: all queued before any is handled."""
    for key in keys:
        character = key if len(key) == 1 else {"space": " "}.get(key)
        pilot.app.post_message(events.Key(key, character))
    await pilot.pause()
    await pilot.pause()


async def test_items_that_arrive_on_a_hidden_tab_wrap_to_the_full_width(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        room = await setup_and_start(pilot)
        await pilot.press("3", "plus", "1")  # the repro: the clues tab, faster, back to the thread
        await to_minute(pilot, room, 13)
        thread = pane_text(room, "thread")
        assert not any("speed" in line for line in thread)  # the facilitator's entries are not the team's
        assert "×10" in str(room.query_one("#facilitator").render())  # the facilitator's line shows it
        await pilot.press("2")
        inbox = pane_text(room, "inbox")
        assert max(len(line) for line in inbox) > 70  # full width, not ~20 columns
        assert any("(account 2291)" in line for line in inbox)  # one line, not broken across three
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        side_by_side = pane_text(room, "inbox")  # three panes now: the inbox is narrower, laid out again
        width = room.query_one("#inbox", FeedPane).scrollable_content_region.width
        assert side_by_side != inbox and max(len(line) for line in side_by_side) <= width


async def test_the_inbox_opens_at_the_first_unseen_message_and_stays_put_while_read(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        room = await setup_and_start(pilot)
        await to_minute(pilot, room, 25)
        await pilot.press("2")
        await pilot.pause()
        # The first ticket's account is on screen without scrolling, and the rest waits below.
        assert any("account 2291" in line for line in on_screen(room, "inbox"))
        inbox = room.query_one("#inbox", FeedPane)
        assert inbox.below > 0 and "new below" in str(room.query_one("#tabs").render())
        top = inbox.scroll_y
        await to_minute(pilot, room, 40)  # more arrives while the reader is reading: no jump
        assert inbox.scroll_y == top
        await pilot.press("end")
        await pilot.pause()
        assert inbox.below == 0 and inbox.scroll_y == inbox.max_scroll_y
        await to_minute(pilot, room, 60)  # at the bottom: it follows
        await pilot.pause()
        assert inbox.scroll_y > top


async def test_the_board_shows_only_what_the_team_knows_and_counts_to_their_promise(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        room = await setup_and_start(pilot)
        await to_minute(pilot, room, 7.5)  # the outage has started; nobody has reported it
        shown = board(room)
        assert room.live.engine.state.outage_started
        assert "No customer has reported a problem yet" in shown
        for secret in ("$", "customer-minutes", "trust", "still works", "tax ID"):
            assert secret not in shown
        await to_minute(pilot, room, 10)
        assert "cannot export invoices" in board(room) and "30-min mark 10:43" in board(room)
        room.send(PostUpdate(actor="backend-lead", known="2291 fails", affected="Alder & Finch",
                             next_check="logs", next_update_at=room.live.engine.now + 20))
        await pilot.pause()
        internal = str(room.query_one("#sb-internal").render())
        assert "promised 10:35" in internal and "due in 20m" in internal


async def test_replies_name_their_recipient_and_the_inbox_marks_what_is_answered(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        room = await setup_and_start(pilot)
        await to_minute(pilot, room, 13)
        engine = room.live.engine
        tickets = {e.data["inject_id"]: e.seq for e in engine.events if e.kind == "inject"
                   and e.data["inject_kind"] == "ticket"}  # the scenario's, and the support queue's (no id)
        assert room.unanswered == sorted(tickets.values())
        assert as_read(room, "inbox").count("● unanswered") == len(tickets)
        await pilot.press("c")
        await pilot.pause()
        form = app.screen
        options = [str(o.prompt) for o in form.query_one("#to").options]
        assert options[0].startswith("● Reply to ticket #48213")  # the longest waiting first, preselected
        assert "Every affected account" in options
        brightline = next(i for i, o in enumerate(options) if o.startswith("● Reply to ticket #48219"))
        await pilot.press("shift+tab", *["down"] * brightline)  # back to the recipient: Brightline's ticket
        for answer in ("login works", "their scheduled export", "why"):
            await pilot.press("tab")
            await type_text(pilot, answer)
        await pilot.press("ctrl+s")
        await pilot.pause()
        update = next(e for e in engine.events if e.action_kind == "customer_update").data["action"]
        brightline = next(e for e in engine.events if e.kind == "inject" and e.data["inject_id"] == "ticket-brightline")
        assert (update["to"], update["reply_to"]) == ("brightline", brightline.seq)
        assert brightline.seq not in room.unanswered and tickets["report-alder-finch"] in room.unanswered
        inbox = as_read(room, "inbox")
        assert inbox.count("● unanswered") == len(tickets) - 1 and inbox.count("✓ answered") == 1
        assert "→ Brightline Bookkeeping, re ticket #48219" in as_read(room, "thread")


async def test_long_answers_are_word_wrapped_editors_and_a_refusal_points_at_the_field(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await setup_and_start(pilot)
        await pilot.press("u")
        await pilot.pause()
        form = app.screen
        known = form.query_one("#known")
        assert type(known).__name__ == "LongText" and known.soft_wrap
        long = "Alder & Finch (account 2291) cannot export since 10:12 with EXP-422; Brightline's export failed too"
        await type_text(pilot, long)
        await pilot.pause()
        assert known.text == long and known.size.height > 1  # the whole answer in view, over two lines
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert form.focused is form.query_one("#affected")  # the next keys go where the fix is needed
        assert "fill in who is affected" in str(form.query_one("#affected-problem").render())
        await type_text(pilot, "11 accounts")
        assert form.query_one("#affected").text == "11 accounts" and known.text == long


async def test_keys_typed_at_burst_speed_land_in_order_and_in_the_right_field(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        room = await setup_and_start(pilot)
        await to_minute(pilot, room, 9)
        await burst(pilot, "c", *"works", "tab", *"exports fa1", "backspace", *"il", "tab", *"why", "tab",
                    "backspace", "backspace", *"15", "ctrl+s")
        update = next(e for e in room.live.engine.events if e.action_kind == "customer_update")
        action = update.data["action"]
        assert (action["works"], action["fails"], action["unknown"]) == ("works", "exports fail", "why")
        assert action["next_update_at"] == update.t + 15


async def test_a_played_part_gets_a_stage_direction_not_words_in_their_mouth(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        room = await setup_and_start(pilot)  # Jon plays the support lead
        await to_minute(pilot, room, 10)
        inject = next(e for e in room.live.engine.events if e.kind == "inject"
                      and e.data["inject_id"] == "support-forwards")
        assert inject.data["prompt_for"] == "support-lead"
        inbox = as_read(room, "inbox")
        assert "stage direction for Jon" in inbox and "The script has your part raise this" in inbox


async def test_the_repair_picker_marks_applied_and_running_repairs(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        room = await setup_and_start(pilot)
        await to_minute(pilot, room, 9)
        room.send(ApplyRepair(actor="backend-lead", repair="restart-export-workers"))
        await pilot.press("r")
        await pilot.pause()
        running = next(o for o in app.screen.query_one("#choice").options if o.id == "restart-export-workers")
        assert running.disabled and "running now" in str(running.prompt)
        await pilot.press("escape")
        await to_minute(pilot, room, 14)
        await pilot.press("r")
        await pilot.pause()
        restart = next(o for o in app.screen.query_one("#choice").options if o.id == "restart-export-workers")
        assert restart.disabled and "applied at 10:18" in str(restart.prompt)


async def test_someone_let_into_the_room_can_be_given_a_task(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        room = await setup_and_start(pilot)
        await to_minute(pilot, room, 19)
        room.send(AnswerJoinRequest(actor="backend-lead", person="Priya Nair", admit=True))
        await pilot.press("t")
        await pilot.pause()
        ids = [o.id for o in app.screen.query_one("#assignee").options]
        assert "Priya Nair" in ids
        await pilot.press(*["down"] * ids.index("Priya Nair"), "tab")
        await type_text(pilot, "Call Alder & Finch's director")
        await pilot.press("ctrl+s")
        await pilot.pause()
        task = [e for e in room.live.engine.events if e.action_kind == "assign_task"]
        assert task and task[0].data["action"]["assignee"] == "Priya Nair"


async def test_ctrl_c_pauses_and_offers_to_leave_with_the_resume_command(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        room = await setup_and_start(pilot)
        await pilot.press("u")  # even from inside a form
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and room.live.clock.paused
        command = str(app.screen.query_one(".command-line").render())
        assert command == f"drill resume {room.live.log_path}"
        await pilot.press("y")
        await pilot.pause()
    assert app.return_value and "drill resume" in app.return_value


async def test_a_resumed_drill_acts_as_whoever_acted_last(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        room = await setup_and_start(pilot)
        await to_minute(pilot, room, 9)
        room.send(AssignOwner(actor="support-lead", owner="backend-lead"))
        await pilot.press("q", "y")
        await pilot.pause()
    log = room.live.log_path
    resumed = resume_app(resume_live(read_log(log)), log.parent, cursor_blink=False, notice_seconds=3600,
                         highlight_seconds=3600)
    async with resumed.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        again = resumed.screen
        assert isinstance(again, RoomScreen) and again.actor == "support-lead"
        assert "Jon" in str(again.query_one("#acting").render())


async def test_the_debrief_explains_its_marks(make_app) -> None:
    app: DrillApp = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await setup_and_start(pilot)
        await pilot.press("ctrl+e", "y")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        caps = str(app.screen.query_one("#db-caps").render())
        assert "P performed" in caps and "U unable" in caps and "★ a critical rule" in caps
        files = str(app.screen.query_one("#db-files").render())
        assert "scorecard.html" in files and not any(line.strip() == "html" for line in files.splitlines())


async def test_ack_and_joins_are_offered_while_something_waits_for_them(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        room = await setup_and_start(pilot)
        keys = room.query_one("#keys")
        assert "Ack" not in str(keys.render()) and "Joins" not in str(keys.render())
        await to_minute(pilot, room, 19)  # Priya Nair asks to join at minute 18
        room.send(AssignOwner(actor="backend-lead", owner="backend-lead"))
        room.send(AssignOwner(actor="backend-lead", owner="support-lead", scope="exports", facts="EXP-422",
                              next_update_at=40))
        await pilot.pause()
        assert "Ack" in str(keys.render()) and "Joins" in str(keys.render())
        await pilot.press("a", "k")
        await pilot.pause()
        assert room.live.engine.state.awaiting_ack is None
        assert "Ack" not in str(keys.render())


async def test_every_text_field_stops_at_the_text_cap(make_app) -> None:
    """The word-wrapped editors and the one-line fields hold at most MAX_TEXT_CHARS, typed or pasted, so
    a long answer is cut at the field instead of refused when it is sent."""
    from textual.widgets import Input

    from drills.tui.widgets.fields import CappedTextArea
    from drills.world import MAX_TEXT_CHARS

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await setup_and_start(pilot)
        for key in ("u", "e", "l"):
            await pilot.press(key)
            await pilot.pause()
            form = app.screen
            fields = list(form.query(CappedTextArea)) + list(form.query(Input))
            assert fields
            for field in fields:
                assert field.max_length == MAX_TEXT_CHARS
            editor = next(iter(form.query(CappedTextArea)))
            editor.focus()
            await pilot.pause()
            editor.post_message(events.Paste("x" * (MAX_TEXT_CHARS + 50)))
            await pilot.pause()
            assert len(editor.text) == MAX_TEXT_CHARS
            await pilot.press("y")
            assert len(editor.text) == MAX_TEXT_CHARS
            await pilot.press("escape")
            await pilot.pause()
