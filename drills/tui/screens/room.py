"""The drill room: status board, the three feeds, every action a key away, the clock ticking.

The room owns no state of the world: each tick it advances the live clock by the real time that
passed (a remote seat's host does that), appends what happened to the feeds and shows the read
model's view on the board. The same room serves a local drill (`LiveDrill`) and a seat of a hosted
one (`SeatDrill`): it renders from their `model` and the events they pass on, never from an engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import ModalScreen, Screen
from textual.timer import Timer

from drills.tui.commands import RoomCommands, room_bindings
from drills.tui.live import LiveDrill
from drills.tui.render import Line, Names, awaits_reply, describe, inject_line, one_line
from drills.tui.replies import answers, recipient_text
from drills.tui.screens import forms
from drills.tui.screens.base import FormContext
from drills.tui.screens.dialogs import ActorPicker, ChoiceScreen, ConfirmScreen
from drills.tui.view import status_view
from drills.tui.widgets.feed import FeedPane
from drills.tui.widgets.keybar import KeyBar
from drills.tui.widgets.panetabs import PANES, PaneTabs
from drills.tui.widgets.status import ActingBar, FacilitatorLine, StatusBoard
from drills.world import (
    FACILITATOR,
    AcknowledgeOwnership,
    Action,
    AnswerDecision,
    AskCustomerRetry,
    EndDrill,
    Event,
    Release,
)

if TYPE_CHECKING:
    from drills.tui.seat import SeatDrill

WIDE_AT = (110, 32)
"""Width and height from which the three panes sit side by side."""
MAX_TOASTS_PER_TICK = 2


class RoomScreen(Screen[None]):
    BINDINGS: ClassVar = room_bindings()
    COMMANDS: ClassVar = {RoomCommands}

    def __init__(self, live: LiveDrill | SeatDrill) -> None:
        super().__init__()
        self.live = live
        self.actor = last_actor(live) or live.actors()[0]
        self.current_pane = "thread"
        self._pending: list[Event] = []
        model = live.model
        self._names = Names(model.name_of, model.clock_text, player_of=model.briefing.played_by,
                            recipient=lambda update: recipient_text(update, model))
        self._waiting_for: tuple[bool, bool] = (False, False)
        self._cued: set[str] = set()
        """Held items the facilitator has been told are due (once each)."""
        """Whether a handoff waits for its ack, and someone to join (the key bar shows k and j then)."""
        self._waiting: dict[int, Event] = {}
        """Messages that await an answer to the customer, by seq (the inbox marks them)."""
        self._last_tick = 0.0
        self._timer: Timer | None = None
        self._ended = False

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield ActingBar(id="acting")
        yield FacilitatorLine(id="facilitator")
        yield StatusBoard(id="status")
        yield PaneTabs(id="tabs")
        with Horizontal(id="panes"):
            yield FeedPane("Incident thread", id="thread")
            yield FeedPane("Inbox", id="inbox")
            yield FeedPane("Clues", id="clues")
        yield KeyBar(id="keys")

    PANE_INTROS: ClassVar = {
        "thread": "The incident thread: updates, notes, owner changes, checks and repairs as the team makes them.",
        "inbox": "The inbox: customer messages, tickets, the CEO, colleagues and requests to join.",
        "clues": "Clues: alerts, logs, deploy and config notes, and the results of checks.",
    }

    def on_mount(self) -> None:
        model = self.live.model
        self.sub_title = model.briefing.title
        for pane_id, intro in self.PANE_INTROS.items():
            self.query_one(f"#{pane_id}", FeedPane).write(Text(intro, style="dim italic"))
        self._append_lines(describe_all(model.events, self._names), notify=False)
        self._mark_answers(model.events)
        self.live.subscribe(self._pending.append)
        control = self.live.clock_control(on_change=self.flush)
        if control is not None:  # `drill console LOG` in a second terminal pauses and speeds through it
            self.run_worker(control.serve(), group="control", exit_on_error=False)
        self._last_tick = self.app.monotonic()  # type: ignore[attr-defined]
        self._timer = self.set_interval(self.app.tick_interval, self.tick)  # type: ignore[attr-defined]
        self._show_actor()
        self._layout(self.size.width, self.size.height)
        self.refresh_status()

    def on_resize(self, event: events.Resize) -> None:
        self._layout(event.size.width, event.size.height)
        self.call_after_refresh(self._place_toasts)

    def _place_toasts(self) -> None:
        """Toasts sit above the key bar, never over it (its height depends on the width)."""
        racks = self.query("#textual-toastrack")
        if racks:
            racks.first().styles.margin = (0, 0, self.query_one(KeyBar).outer_size.height, 0)

    def _layout(self, width: int, height: int) -> None:
        narrow = width < WIDE_AT[0] or height < WIDE_AT[1]
        self.set_class(narrow, "-narrow")
        board, facilitator, keys = self.query_one(StatusBoard), self.query_one(FacilitatorLine), self.query_one(KeyBar)
        if board.wide == narrow or keys.palette == narrow:
            board.wide = facilitator.wide = keys.palette = not narrow
            board._shown.clear()
            facilitator._shown = None
            keys.refresh(layout=True)
            if self.is_mounted:
                self.refresh_status()
        for pane_id, _ in PANES:
            pane = self.query_one(f"#{pane_id}", FeedPane)
            pane.set_class(pane_id == self.current_pane, "-current")
            pane.seen = not narrow or pane_id == self.current_pane
            if pane.seen and narrow:
                pane.mark_read()
        self._show_tabs()

    def _show_tabs(self) -> None:
        unread = {pane_id: self.query_one(f"#{pane_id}", FeedPane).unread for pane_id, _ in PANES}
        below = self.query_one(f"#{self.current_pane}", FeedPane).below
        self.query_one(PaneTabs).show(self.current_pane, unread, below)

    def on_feed_pane_unread_changed(self, _: FeedPane.UnreadChanged) -> None:
        self._show_tabs()

    def on_feed_pane_below_changed(self, _: FeedPane.BelowChanged) -> None:
        self._show_tabs()

    # ---------------------------------------------------------------- the clock

    def tick(self) -> None:
        """Advance the world by the real time since the last tick (timers skip missed ticks)."""
        now = self.app.monotonic()  # type: ignore[attr-defined]
        elapsed, self._last_tick = now - self._last_tick, now
        self.live.tick(elapsed)
        self.flush()

    def advance(self, wall_seconds: float) -> None:
        """Advance by explicit wall seconds (tests, scripted screenshots)."""
        self.live.tick(wall_seconds)
        self.flush()

    def flush(self) -> None:
        """Show what happened since the last flush, once."""
        if self._pending:
            events, self._pending[:] = list(self._pending), []
            self._append_lines(describe_all(events, self._names), notify=True)
            self._mark_answers(events)
        self.refresh_status()
        if self.live.model.done and not self._ended:
            self._ended = True
            if self._timer is not None:
                self._timer.stop()
            self.app.open_debrief(self.live)  # type: ignore[attr-defined]

    def _append_lines(self, lines: list[Line], *, notify: bool) -> None:
        # The facilitator's entries (clock changes) are on their own line, from the status view; a
        # facilitator-only inject belongs to the facilitator's console, not to this shared screen.
        lines = [line for line in lines if line.pane != "facilitator"]
        by_pane: dict[str, list[Line]] = {pane_id: [] for pane_id, _ in PANES}
        for line in lines:
            by_pane[line.pane].append(line)
        for pane_id, pane_lines in by_pane.items():
            self.query_one(f"#{pane_id}", FeedPane).add([line.text for line in pane_lines], fresh=notify,
                                                         keys=[line.key for line in pane_lines])
        if notify:
            notices = [line for line in lines if line.notice]
            if self.has_class("-narrow"):  # one pane at a time: its tab counts what is new; toasts only warn
                notices = [line for line in notices if line.severity != "information"]
            for line in notices[:MAX_TOASTS_PER_TICK]:
                seconds = self.app.notice_seconds  # type: ignore[attr-defined]
                self.app.notify(line.notice or "", severity=line.severity, markup=False,
                                timeout=seconds * 1.5 if line.severity != "information" else seconds)
            if len(notices) > MAX_TOASTS_PER_TICK:
                self.app.notify(f"…and {len(notices) - MAX_TOASTS_PER_TICK} more new items", markup=False,
                                timeout=self.app.notice_seconds)  # type: ignore[attr-defined]

    def _mark_answers(self, events: list[Event]) -> None:
        """Mark new messages that await an answer, and those a customer update has just answered."""
        model = self.live.model
        reporting, customers = model.briefing.reporting_customer, model.customers
        inbox = self.query_one("#inbox", FeedPane)
        for event in events:
            if awaits_reply(event):
                self._waiting[event.seq] = event
            elif event.kind == "action" and event.data["action"].get("kind") == "customer_update":
                update = event.data["action"]
                for seq, message in list(self._waiting.items()):
                    if answers(update, message, reporting=reporting, customers=customers):
                        del self._waiting[seq]
                        inbox.replace(f"inject:{seq}", inject_line(message, self._names, answered=True).text)

    @property
    def unanswered(self) -> list[int]:
        """Seqs of the messages still waiting for an answer (tests and the customer form read it)."""
        return sorted(self._waiting)

    def refresh_status(self) -> None:
        view = status_view(self.live.model)
        self.query_one(StatusBoard).show(view)
        held = {ident for ident, _ in self.live.releasable()}
        self.query_one(FacilitatorLine).show(view, held=len(held), controls=self.live.runs_clock)
        due = [ident for ident in self.live.releases_due(held) if ident not in self._cued]
        if due:
            self._cued.update(due)
            self.app.notify("Facilitator: a held inject or decision is due about now — R releases it.",
                            severity="warning", markup=False)
        waiting = (view.awaiting_ack is not None, bool(view.pending_joins))
        if waiting != self._waiting_for:
            self._waiting_for = waiting
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Ack and Joins are in the key bar only while a handoff or a request waits (the board says so)."""
        model = self.live.model
        if action == "acknowledge":
            return model.awaiting_ack is not None
        if action == "joins":
            return bool(model.pending_joins)
        if action == "next_actor":
            return len(self.live.parts()) > 1  # a seat with one part has nobody else to act as
        return True

    # ---------------------------------------------------------------- acting

    def _show_actor(self) -> None:
        person = next(p for p in self.live.model.cast if p.id == self.actor)
        self.query_one(ActingBar).show(person.name, person.role, self.live.players.get(self.actor))

    def send(self, action: Action | None) -> None:
        """Send a form's action to the engine; a refusal shows as a notice (rendered from its event)."""
        if action is None:
            return
        if self.live.remote:
            self.run_worker(self.live.act(action), group="send")  # the host's events come back to the feeds
            return
        self.live.act(action)
        self.flush()

    def _form(self, form: Callable[[FormContext], ModalScreen[Action | None]]) -> None:
        if self.live.model.done:
            return
        screen = form(FormContext.of(self.live.model, self.actor))
        self.app.hold_keys(screen)  # type: ignore[attr-defined]  (released by the form once a field has the focus)
        self.app.push_screen(screen, self.send)

    def action_owner(self) -> None:
        self._form(forms.OwnerForm)

    def action_acknowledge(self) -> None:
        self.send(AcknowledgeOwnership(actor=self.actor))

    def action_update(self) -> None:
        self._form(forms.InternalUpdateForm)

    def action_customer(self) -> None:
        self._form(forms.CustomerUpdateForm)

    def action_ceo(self) -> None:
        self._form(forms.CeoForm)

    def action_note(self) -> None:
        self._form(forms.NoteForm)

    def action_check(self) -> None:
        self._form(forms.CheckPicker)

    def action_repair(self) -> None:
        self._form(forms.RepairPicker)

    def action_task(self) -> None:
        self._form(forms.TaskForm)

    def action_watch(self) -> None:
        self._form(forms.WatchForm)

    def action_retry(self) -> None:
        self.send(AskCustomerRetry(actor=self.actor))

    def action_resolve(self) -> None:
        self._form(forms.ResolveForm)

    def action_timeline(self) -> None:
        self._form(forms.TimelineForm)

    def action_review(self) -> None:
        self._form(forms.ReviewForm)

    def action_joins(self) -> None:
        if not self.live.model.pending_joins:
            self.app.notify("Nobody is waiting to join the room.", markup=False)
            return
        self._form(forms.JoinForm)

    def action_decide(self) -> None:
        """Answer the oldest decision point waiting (format 2), as the person acting (from the read model:
        the question and its answers as `decision_asked` put them, so a seat answers the same way)."""
        model = self.live.model
        if model.done or not model.decisions:
            self.app.notify("No decision is waiting for an answer.", markup=False)
            return
        decision = next(iter(model.decisions.values()))
        actor = self.actor

        def answered(option: str | None) -> None:
            if option:
                self.send(AnswerDecision(actor=actor, decision=decision.id, option=option))

        self.app.push_screen(ChoiceScreen(decision.question, list(decision.options)), answered)

    def action_next_actor(self) -> None:
        actors = self.live.actors()
        index = actors.index(self.actor) if self.actor in actors else -1
        self.action_set_actor(actors[(index + 1) % len(actors)])

    def action_set_actor(self, cast_id: str) -> None:
        if cast_id in self.live.parts():
            self.actor = cast_id
            self._show_actor()

    def action_pick_actor(self) -> None:
        parts = self.live.parts()
        people = tuple(p for p in FormContext.of(self.live.model, self.actor).people if p.id in parts)

        def picked(cast_id: str | None) -> None:
            if cast_id:
                self.action_set_actor(cast_id)

        self.app.push_screen(ActorPicker(people, self.actor), picked)

    def action_show_pane(self, pane_id: str) -> None:
        self.current_pane = pane_id
        self._layout(self.size.width, self.size.height)
        self.query_one(f"#{pane_id}", FeedPane).focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, FeedPane) and event.widget.id != self.current_pane:
            self.current_pane = event.widget.id or "thread"
            self._layout(self.size.width, self.size.height)

    # ---------------------------------------------------------------- facilitator

    def _clock(self, op: str) -> None:
        if not self.live.runs_clock:
            self.app.notify("The facilitator's console runs the clock of a hosted drill.", markup=False)
            return
        self.live.clock_op(op)
        self.flush()

    def action_pause(self) -> None:
        self._clock("toggle")

    def action_faster(self) -> None:
        self._clock("faster")

    def action_slower(self) -> None:
        self._clock("slower")

    def action_release(self) -> None:
        """Release a held inject or decision point (format 2) from the scenario's list (the facilitator's:
        a hosted drill's console releases them)."""
        if not self.live.runs_clock:
            self.app.notify("The facilitator releases injects from the console in a hosted drill.", markup=False)
            return
        held = self.live.releasable()
        if self.live.model.done or not held:
            self.app.notify("Nothing is waiting to be released.", markup=False)
            return

        def picked(item: str | None) -> None:
            if item:
                self.send(Release(actor=FACILITATOR, item=item))

        choices = [(ident, f"{ident}: {one_line(what)}") for ident, what in held]
        self.app.push_screen(ChoiceScreen("Release which inject or decision now?", choices), picked)

    def action_inject(self) -> None:
        if not self.live.runs_clock:
            self.app.notify("Injects come from the facilitator's console in a hosted drill.", markup=False)
            return
        self._form(forms.InjectForm)

    def action_end(self) -> None:
        if not self.live.runs_clock:
            self.app.notify("The facilitator ends a hosted drill from the console.", markup=False)
            return
        finished = self.live.model.resolved
        reason = "the team finished" if finished else "ended early by the facilitator"

        def answered(yes: bool | None) -> None:
            if yes:
                self.send(EndDrill(actor=FACILITATOR, reason=reason))

        self.app.push_screen(ConfirmScreen("End the drill now?", f"It ends as “{reason}” and goes to the debrief.",
                                           yes="End drill", no="Keep going"), answered)

    def action_help(self) -> None:
        from drills.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.live.playbook))

    def action_quit(self) -> None:
        """Pause the clock and ask; staying resumes it as it was (q, ctrl+q and ctrl+c all come here). A
        seat of a hosted drill leaves the clock to the facilitator: the drill goes on without it."""
        live = self.live
        if live.model.done:
            return
        pauses = live.runs_clock and not live.model.paused
        if pauses:
            live.clock_op("pause")
            self.flush()

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.leave_drill(live)  # type: ignore[attr-defined]
            elif pauses:
                live.clock_op("resume")
                self.flush()

        log = live.log_path
        if not live.runs_clock:
            detail, command = "The drill goes on at the host; come back with the same `drill join` command.", ""
        else:
            detail = ("The clock is paused. The drill is saved as it happens; pick it up again with:" if log
                      else "The clock is paused.")
            command = f"drill resume {log}" if log else ""
        self.app.push_screen(ConfirmScreen("Leave the drill room?", detail, yes="Leave", no="Stay",
                                           command=command), answered)


def last_actor(live: LiveDrill | SeatDrill) -> str | None:
    """Who acted last in a resumed drill, if this screen may act as them (it reopens acting as them)."""
    actor = live.model.last_actor
    return actor if actor in live.parts() else None


def describe_all(events: list[Event], names: Names) -> list[Line]:
    return [line for event in events for line in describe(event, names)]
