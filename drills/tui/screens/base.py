"""What every action form shares: a typed modal result, field rows, live text hints, send/cancel.

A form never touches the engine: it gets a FormContext (attributes down) and dismisses with an
Action or None (the typed result goes up); the room sends the action and shows any refusal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalGroup, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from drills.seats import RoomModel
from drills.tui.widgets.fields import BINDINGS_FOR_MOVES, LongText, Picker, Queued, TextField
from drills.world import MAX_TEXT_CHARS, Action

if TYPE_CHECKING:
    from drills.tui.replies import Recipient


class FormError(ValueError):
    """Something the person must fix before the form can be sent (shown in the form, at the field)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        """The field to fix: it gets the focus and the message beneath it."""


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    role: str

    @property
    def label(self) -> Text:
        text = Text.assemble((self.name, "bold"))
        text.append(f" — {self.role}", style="dim")
        return text


@dataclass(frozen=True, slots=True)
class Choice:
    """A check or repair as the picker shows it."""

    id: str
    label: str
    takes: float
    busy: bool
    """Already running: shown but not selectable."""
    needs: tuple[str, ...] = ()
    """Labels of repairs that must land first."""
    done: str = ""
    """Already applied (a repair) — when, e.g. '10:31': shown but not selectable."""


@dataclass(frozen=True, slots=True)
class FormContext:
    """What a form may know: who acts, the time, the people and the choices. Read-only."""

    actor: str
    actor_name: str
    now: float
    clock_text: Callable[[float], str]
    people: tuple[Person, ...]
    owner: str | None
    pending_joins: tuple[str, ...]
    checks: tuple[Choice, ...]
    repairs: tuple[Choice, ...]
    admitted: tuple[str, ...] = ()
    """People let into the room from a join request (not parts of the cast): they can take tasks."""
    recipients: tuple[Recipient, ...] = ()
    """Whom a customer update can go to, unanswered messages first."""
    channels: tuple[tuple[str, str], ...] = ()
    """(id, label) of the channels the scenario declares."""

    @classmethod
    def of(cls, model: RoomModel, actor: str) -> FormContext:
        """What the forms need, from the room's read model (the same on a shared screen and a seat)."""
        from drills.tui.replies import channels_of, recipients

        s = model
        briefing = model.briefing
        repair_labels = {r.id: r.label for r in briefing.repairs}
        landed = {repair: model.clock_text(t) for repair, t in model.repairs_landed.items()}
        return cls(
            actor=actor,
            actor_name=model.name_of(actor),
            now=model.now,
            clock_text=model.clock_text,
            people=tuple(Person(p.id, p.name, p.role) for p in model.cast),
            owner=s.owner,
            pending_joins=tuple(s.pending_joins),
            checks=tuple(Choice(c.id, c.label, c.takes, c.id in s.checks_running) for c in briefing.checks),
            repairs=tuple(
                Choice(r.id, r.label, r.takes, r.id in s.repairs_running,
                       tuple(repair_labels.get(x, x) for x in r.requires if x not in s.repairs_applied),
                       landed.get(r.id, "earlier") if r.id in s.repairs_applied else "")
                for r in briefing.repairs
            ),
            admitted=tuple(model.admitted),
            recipients=tuple(recipients(model)),
            channels=tuple(channels_of(model)),
        )

    def person(self, cast_id: str | None) -> str:
        return next((p.name for p in self.people if p.id == cast_id), cast_id or "nobody")


def row(label: str, widget: Widget, *more: Widget) -> Vertical:
    """A label and its field(s) on one line, with room beneath for what is wrong with it."""
    field_id = widget.id or ""
    return Vertical(HorizontalGroup(Label(label, classes="field-label"), widget, *more, classes="field-row"),
                    Static("", id=f"{field_id}-problem", classes="field-problem"), classes="field")


def text_input(field_id: str, placeholder: str = "", value: str = "") -> TextField:
    """A one-line field, capped at MAX_TEXT_CHARS like every text field of an action."""
    return TextField(value=value, placeholder=placeholder, id=field_id, compact=True, select_on_focus=False,
                     max_length=MAX_TEXT_CHARS)


def long_text(field_id: str, placeholder: str = "", value: str = "") -> LongText:
    """A word-wrapped editor for an answer that can run long (updates, the CEO brief), capped at MAX_TEXT_CHARS."""
    return LongText(value, id=field_id, placeholder=placeholder, max_length=MAX_TEXT_CHARS)


def minutes_input(field_id: str, default: int = 30) -> TextField:
    return TextField(value=str(default), type="integer", id=field_id, compact=True, classes="minutes",
                     select_on_focus=True)


def people_list(people: Iterable[Person], field_id: str, *, anyone: str | None = None,
                selected: str | None = None, extra: Iterable[str] = ()) -> Picker:
    options = [Option(p.label, id=p.id) for p in people]
    options += [Option(Text.assemble((name, "bold"), (" — let into the room", "dim")), id=name) for name in extra]
    if anyone:
        options.append(Option(Text(anyone, style="italic"), id=""))
    picker = Picker(*options, id=field_id, markup=False, classes="picker")
    ids = [o.id for o in options]
    picker.highlighted = ids.index(selected) if selected in ids else 0
    return picker


FIELDS = "TextField, LongText, Picker, TextArea, Checkbox"
"""What the form moves between (in order)."""
NARROW_BELOW = 100
"""Below this width the hints sit under the fields instead of beside them."""


class ActionForm(ModalScreen[Action | None]):
    """Base for the action forms. Subclasses give `title`, `fields()` and `build()`.

    The fields scroll; the live hints and what is missing sit beside them (below them when narrow),
    always in view, and the buttons stay at the bottom. Tab / Shift+Tab / Enter move between fields
    as the keys arrive (so keys typed fast after them land where they should), Enter on the last
    field or ctrl+s sends, esc cancels. A refusal puts the focus on the field to fix, with the reason
    beneath it."""

    title_text: ClassVar[str] = ""
    audience: ClassVar[str | None] = None
    """'customer', 'internal' or 'executive': show text-check hints while typing."""
    send_label: ClassVar[str] = "Send"
    first_focus: ClassVar[str | None] = None
    """The field that has the focus as the form opens (default: the first)."""

    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "send", "Send", priority=True),
        *BINDINGS_FOR_MOVES,
    ]

    def __init__(self, ctx: FormContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._hints: list[str] = []

    def compose(self) -> ComposeResult:
        self.set_class(self.app.size.width < NARROW_BELOW, "-narrow")  # before the first frame
        with Vertical(classes="dialog form"):
            yield Static(self.heading(), classes="dialog-title")
            with Horizontal(id="form-body"):
                with VerticalScroll(id="fields"):
                    yield from self.fields()
                with Vertical(id="side"):
                    yield Static(self._no_hints(), id="hint", classes="hint -empty")
                    yield Static("", id="error", classes="form-error")
            with Horizontal(classes="buttons"):
                yield Static(Text("Tab/Enter: next field · ctrl+s: send · esc: cancel", style="dim"),
                             classes="form-keys")
                yield Button(f"{self.send_label} (ctrl+s)", id="send", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def heading(self) -> Text:
        text = Text.assemble((self.title_text, "bold"))
        text.append("  as ", style="dim")
        text.append(self.ctx.actor_name, style="bold reverse")
        text.append(f"  · now {self.ctx.clock_text(self.ctx.now)}", style="dim")
        return text

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def build(self) -> Action:
        """The action the form describes, or FormError with what to fix."""
        raise NotImplementedError

    def on_mount(self) -> None:
        blink = getattr(self.app, "cursor_blink", True)
        for widget in self.query(Input):
            widget.cursor_blink = blink
        for area in self.query(TextArea):
            area.cursor_blink = blink
        first = next(iter(self.query(self.first_focus or FIELDS)), None)
        if first is not None:
            first.focus()
        self.call_after_refresh(self._ready_for_keys)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_BELOW, "-narrow")

    def _ready_for_keys(self) -> None:
        """The first field has the focus: the keys the app held while the form opened go to it now."""
        release = getattr(self.app, "release_keys", None)
        if release is not None:
            release(self)

    def on_unmount(self) -> None:
        self._ready_for_keys()  # never leave the app holding keys (unless a newer form took the hold over)

    # ---------------------------------------------------------------- reading fields

    def value(self, field_id: str) -> str:
        widget = self.query_one(f"#{field_id}")
        if isinstance(widget, TextArea):
            return widget.text.strip()
        assert isinstance(widget, Input)
        return widget.value.strip()

    def picked(self, field_id: str) -> str | None:
        picker = self.query_one(f"#{field_id}", OptionList)
        if picker.highlighted is None:
            return None
        return picker.get_option_at_index(picker.highlighted).id

    def minutes(self, field_id: str, what: str) -> float:
        raw = self.value(field_id)
        if not raw:
            raise FormError(f"give {what} in minutes from now", field_id)
        minutes = int(raw)
        if minutes <= 0:
            raise FormError(f"{what} must be in the future (minutes from now, above 0)", field_id)
        return minutes

    def at(self, field_id: str, what: str) -> float:
        """A minutes-from-now field as a sim minute."""
        return self.ctx.now + self.minutes(field_id, what)

    def need(self, field_id: str, what: str) -> str:
        text = self.value(field_id)
        if not text:
            raise FormError(f"fill in {what}", field_id)
        return text

    # ---------------------------------------------------------------- behaviour

    def action_send(self) -> None:
        """ctrl+s: send once the field in focus has taken the keys typed before it."""
        self._queue("send")

    def send_now(self) -> None:
        try:
            action = self.build()
        except FormError as problem:
            self._error(str(problem), problem.field)
            self.call_after_refresh(self._ready_for_keys)
            return
        except ValidationError as problem:
            first = problem.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else None
            self._error(f"{field or 'the form'}: {first['msg']}", field if field and self.query(f"#{field}") else None)
            self.call_after_refresh(self._ready_for_keys)
            return
        self.dismiss(action)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_move(self, step: int) -> None:
        self._queue("next" if step > 0 else "previous")

    def action_enter(self) -> None:
        self._queue("enter")

    def _queue(self, what: str) -> None:
        """Do a move or a send in its turn. A move happens now (the keys behind it then reach the next
        field); a send, or an Enter that will send, waits behind the keys the field in focus has not
        taken yet."""
        focused = self.focused
        if focused is None:
            if what in ("send", "enter"):
                self.send_now()
            return
        fields = list(self.query(FIELDS))
        sends = what == "send" or (what == "enter" and (isinstance(focused, Button) or focused is fields[-1]))
        if sends:
            # The keys typed after a send belong to the room (the next command): hold them until this
            # form is gone, or hand them back to it if it refuses.
            hold = getattr(self.app, "hold_keys", None)
            if hold is not None:
                hold(self)
            focused.post_message(Queued(what))
        elif what == "enter":
            self.focus_next()
        else:
            self._step(what)

    def _step(self, what: str) -> None:
        self.focus_next() if what == "next" else self.focus_previous()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Enter in a free-form editor (the timeline) is a new line; there the form's Enter steps aside.
        free_form = isinstance(self.focused, TextArea) and not isinstance(self.focused, LongText)
        return not (action == "enter" and free_form)

    @on(Queued)
    def _queued(self, message: Queued) -> None:
        message.stop()
        if message.action == "send":
            self.send_now()
        elif message.action == "enter":
            self._enter()

    def _enter(self) -> None:
        """Enter: a button presses; elsewhere the next field, or on the last one a send."""
        focused = self.focused
        if isinstance(focused, Button):
            focused.press()
            return
        fields = list(self.query(FIELDS))
        if focused is None or (fields and focused is fields[-1]):
            self.send_now()
        else:
            self.focus_next()

    def _error(self, message: str, field: str | None = None) -> None:
        for problem in self.query(".field-problem"):
            problem.display = False
        error = self.query_one("#error", Static)
        error.update(Text(f"⚠ {message}") if message else "")
        error.display = bool(message)
        if field is None:
            return
        spots = self.query(f"#{field}-problem")
        if spots:
            spot = spots.first(Static)
            spot.update(Text(f"⚠ {message}"))
            spot.display = True
        widgets = self.query(f"#{field}")
        if widgets:
            widgets.first().focus()

    @on(Button.Pressed, "#send")
    def _send_pressed(self) -> None:
        self.send_now()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        """A click on an option: it is picked; move on."""
        event.stop()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.has_class("minutes"):
            preview = self.query(f"#{event.input.id}-at")
            if preview:
                preview.first(Static).update(self._at_text(event.value))
        if self.audience:
            self._hint()

    @on(TextArea.Changed)
    def _area_changed(self) -> None:
        if self.audience:
            self._hint()

    def minutes_preview(self, field_id: str, default: int = 30) -> Static:
        return Static(self._at_text(str(default)), id=f"{field_id}-at", classes="at-preview")

    def _at_text(self, raw: str) -> Text:
        try:
            minutes = int(raw)
        except ValueError:
            return Text(" minutes from now", style="dim")
        return Text(f" min → {self.ctx.clock_text(self.ctx.now + minutes)}", style="dim")

    def _hint(self) -> None:
        from drills.tui.live import text_hints

        assert self.audience is not None
        drafts = [w.value for w in self.query(Input) if not w.has_class("minutes")]
        drafts += [a.text for a in self.query(TextArea)]
        try:
            hints = text_hints("\n".join(d for d in drafts if d.strip()), self.audience)
        except Exception as exc:  # a hint must never take down a live drill; the debrief scores the text anyway
            self.log.error(f"text hints failed: {exc!r}")
            hints = []
        if hints == self._hints:
            return
        self._hints = hints
        hint = Text()
        for line in hints[:3]:
            if hint:
                hint.append("\n")
            hint.append("hint: ", style="bold")
            hint.append(line)
        panel = self.query_one("#hint", Static)
        panel.update(hint or self._no_hints())
        panel.set_class(not hint, "-empty")

    def _no_hints(self) -> Text:
        """What the hint panel says before it has anything to say (forms that check wording)."""
        if not self.audience:
            return Text()
        return Text("Hints on your wording (fix-time promises, guessed causes, blame, jargon) appear here as "
                    "you type.", style="dim italic")
