"""Snapshots of the setup, the room, every form and the debrief at 80x24 and 120x40, time frozen.

The clock never moves by itself (a frozen monotonic clock); the scripted part of each drill is
advanced by explicit wall seconds, the seed is the scenario's, the cursor does not blink and
highlights and notices do not expire. Review the report (snapshot_report.html) before updating.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from drills.tui.app import DrillApp
from drills.world import (
    AddNote,
    ApplyRepair,
    AssignOwner,
    CustomerUpdate,
    NoteLabel,
    PostUpdate,
    RunCheck,
)

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


async def _to(pilot: Pilot, minute: float) -> None:
    app = pilot.app
    assert isinstance(app, DrillApp)
    room = app.room
    room.advance((minute - room.live.engine.now) / room.live.clock.speed * 60)
    await _panes_still(pilot)


async def room_mid_drill(pilot: Pilot) -> None:
    """Setup with two players, then twenty sim minutes of a drill with a few team actions."""
    await pilot.press("tab", "tab", "tab", *"Marta", "tab", *"Jon", "ctrl+s")
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, DrillApp)
    room = app.room
    await _to(pilot, 10)
    room.send(AssignOwner(actor="backend-lead", owner="backend-lead"))
    room.send(PostUpdate(actor="backend-lead", known="2291 export fails with EXP-422 since 10:12",
                         affected="Alder & Finch; maybe accounts with numeric tax IDs",
                         next_check="export logs for 2291", next_update_at=40))
    room.send(RunCheck(actor="backend-lead", check="logs-account-2291"))
    room.send(CustomerUpdate(actor="support-lead", works="login, editing invoices", fails="invoice exports",
                             unknown="the cause", next_update_at=45))
    await _to(pilot, 17)
    room.send(AddNote(actor="backend-lead", label=NoteLabel.guess, text="the 09:41 release [r482] broke it"))
    room.send(ApplyRepair(actor="backend-lead", repair="rollback-export-job"))
    await _to(pilot, 20)
    app.clear_notifications()
    await pilot.pause()


def make_run_before(*keys: str, notify: bool = False):
    async def run_before(pilot: Pilot) -> None:
        await room_mid_drill(pilot)
        if keys:
            await pilot.press(*keys)
            await _tab_settled(pilot)
    return run_before


async def _tab_settled(pilot: Pilot) -> None:
    """A tab opens at its first unseen entry once its pane has a size (a resize, then a refresh), and the
    other panes re-lay out around it: on a busy machine (CI runs the suite on every core) that can land
    well after the first pause."""
    await _panes_still(pilot, placed=True)


async def _panes_still(pilot: Pilot, *, placed: bool = False) -> None:
    """Wait until every feed pane has kept its size and scroll for three samples in a row (at most about
    five seconds), and, with `placed`, sits where it should. Between two batches of entries this matters:
    a pane that has not yet scrolled to its end when the next entries arrive reads as scrolled up by the
    reader, and shows them as "2 new" instead of following."""
    from drills.tui.widgets.feed import FeedPane

    last, still = None, 0
    for _ in range(100):
        await pilot.pause()
        panes = [pane for pane in pilot.app.screen.query(FeedPane) if pane.display and pane.size.height]
        where = not placed or all(not pane._follow or pane.scroll_offset.y == pane._unseen_target()
                                  for pane in panes)
        now = tuple((pane.scroll_offset, pane.virtual_size, pane.size) for pane in panes)
        still = still + 1 if where and now == last else 0
        if still >= 3:
            return
        last = now
        await pilot.pause(0.05)


async def names_generated(pilot: Pilot) -> None:
    """The setup names the unnamed parts from a worker after its first frame: wait for it."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_setup(snap_compare, make_app, size: str) -> None:
    assert snap_compare(make_app(), terminal_size=SIZES[size], run_before=names_generated)


@pytest.mark.parametrize("size", SIZES)
def test_room(snap_compare, make_app, size: str) -> None:
    assert snap_compare(make_app(), terminal_size=SIZES[size], run_before=make_run_before())


@pytest.mark.parametrize("size", SIZES)
def test_room_inbox_tab(snap_compare, make_app, size: str) -> None:
    assert snap_compare(make_app(), terminal_size=SIZES[size], run_before=make_run_before("2"))


@pytest.mark.parametrize("size", SIZES)
def test_room_clues_tab(snap_compare, make_app, size: str) -> None:
    assert snap_compare(make_app(), terminal_size=SIZES[size], run_before=make_run_before("3"))


FORMS = {
    "owner-handoff": ("o",),
    "internal-update": ("u", *"we know: 2291 fails"),
    "customer-update": ("c", *"should be back shortly"),
    "customer-update-refused": ("c", "ctrl+s"),
    "internal-update-long": ("u", *"Alder & Finch (account 2291) cannot export since 10:12 with EXP-422, and "
                                  "Brightline's scheduled export failed at 10:15 too"),
    "ceo": ("e",),
    "note": ("n",),
    "check": ("x",),
    "repair": ("r",),
    "task": ("t",),
    "watch": ("w",),
    "resolve": ("v",),
    "timeline": ("l",),
    "review": ("s",),
    "joins": ("j",),
    "inject": ("i",),
    "help": ("question_mark",),
    "end": ("ctrl+e",),
    "quit": ("q",),
    "act-as": ("A",),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("form", FORMS)
def test_form(snap_compare, make_app, form: str, size: str) -> None:
    assert snap_compare(make_app(), terminal_size=SIZES[size], run_before=make_run_before(*FORMS[form]))


@pytest.mark.parametrize("size", SIZES)
def test_debrief(snap_compare, make_app, size: str) -> None:
    async def run_before(pilot: Pilot) -> None:
        await room_mid_drill(pilot)
        await pilot.press("ctrl+e", "y")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZES[size], run_before=run_before)
