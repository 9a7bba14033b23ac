"""What every action form shares: a typed modal result, field rows, live text hints, send/cancel.

A form never touches the engine: it gets a FormContext (attributes down) and dismisses with an
Action or None (the typed result goes up); the room sends the action and shows any refusal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalGroup, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from drills.seats import RoomModel
from drills.world import MAX_TEXT_CHARS, Action


class FormError(ValueError):
    """Something the person must fix before the form can be sent (shown in the form)."""


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

    @classmethod
    def of(cls, model: RoomModel, actor: str) -> FormContext:
        s = model
        briefing = model.briefing
        repair_labels = {r.id: r.label for r in briefing.repairs}
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
                       tuple(repair_labels.get(x, x) for x in r.requires if x not in s.repairs_applied))
                for r in briefing.repairs
            ),
        )

    def person(self, cast_id: str | None) -> str:
        return next((p.name for p in self.people if p.id == cast_id), cast_id or "nobody")


def row(label: str, widget: Widget, *more: Widget) -> HorizontalGroup:
    """A label and its field(s) on one line."""
    return HorizontalGroup(Label(label, classes="field-label"), widget, *more, classes="field-row")


def text_input(field_id: str, placeholder: str = "", value: str = "") -> Input:
    return Input(value=value, placeholder=placeholder, id=field_id, compact=True, select_on_focus=False,
                 max_length=MAX_TEXT_CHARS)


def minutes_input(field_id: str, default: int = 30) -> Input:
    return Input(value=str(default), type="integer", id=field_id, compact=True, classes="minutes",
                 select_on_focus=True)


def people_list(people: Iterable[Person], field_id: str, *, anyone: str | None = None,
                selected: str | None = None) -> OptionList:
    options = [Option(p.label, id=p.id) for p in people]
    if anyone:
        options.append(Option(Text(anyone, style="italic"), id=""))
    picker = OptionList(*options, id=field_id, markup=False, classes="picker")
    ids = [o.id for o in options]
    picker.highlighted = ids.index(selected) if selected in ids else 0
    return picker


class ActionForm(ModalScreen[Action | None]):
    """Base for the action forms. Subclasses give `title`, `fields()` and `build()`."""

    title_text: ClassVar[str] = ""
    audience: ClassVar[str | None] = None
    """'customer', 'internal' or 'executive': show text-check hints while typing."""
    send_label: ClassVar[str] = "Send"

    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "send", "Send"),
    ]

    def __init__(self, ctx: FormContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._hints: list[str] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(self.heading(), classes="dialog-title")
            yield from self.fields()
            yield Static("", id="hint", classes="hint")
            yield Static("", id="error", classes="form-error")
            with Horizontal(classes="buttons"):
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
        first = next(iter(self.query("Input, OptionList, TextArea, Checkbox")), None)
        if first is not None:
            first.focus()

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
            raise FormError(f"give {what} in minutes from now")
        minutes = int(raw)
        if minutes <= 0:
            raise FormError(f"{what} must be in the future (minutes from now, above 0)")
        return minutes

    def at(self, field_id: str, what: str) -> float:
        """A minutes-from-now field as a sim minute."""
        return self.ctx.now + self.minutes(field_id, what)

    def need(self, field_id: str, what: str) -> str:
        text = self.value(field_id)
        if not text:
            raise FormError(f"fill in {what}")
        return text

    # ---------------------------------------------------------------- behaviour

    def action_send(self) -> None:
        try:
            action = self.build()
        except FormError as problem:
            self._error(f"⚠ {problem}")
            return
        except ValidationError as problem:
            first = problem.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            self._error(f"⚠ {where}: {first['msg']}")
            return
        self.dismiss(action)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _error(self, message: str) -> None:
        error = self.query_one("#error", Static)
        error.update(Text(message))
        error.display = bool(message)

    @on(Button.Pressed, "#send")
    def _send_pressed(self) -> None:
        self.action_send()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter moves on; Enter in the last field sends."""
        event.stop()
        fields = list(self.query("Input, OptionList, TextArea, Checkbox"))
        if fields and event.input is fields[-1]:
            self.action_send()
        else:
            self.focus_next()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        """Enter on a list moves on; on the last field it sends."""
        event.stop()
        fields = list(self.query("Input, OptionList, TextArea, Checkbox"))
        if fields and event.option_list is fields[-1]:
            self.action_send()
        else:
            self.focus_next()

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
        for line in hints[:2]:
            if hint:
                hint.append("\n")
            hint.append("hint: ", style="bold")
            hint.append(line)
        self.query_one("#hint", Static).update(hint)
        self.query_one("#hint", Static).display = bool(hint)
