"""Small typed dialogs: yes/no, a reason, picking who acts, and picking one of a list."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from drills.tui.screens.base import Person, people_list


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS: ClassVar = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, detail: str = "", yes: str = "Yes", no: str = "No", *,
                 command: str = "") -> None:
        """`command`: a command line to show on a line of its own (never split mid-word)."""
        super().__init__()
        self.question, self.detail, self.yes, self.no = question, detail, yes, no
        self.command = command

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < 100, "-narrow")

    def compose(self) -> ComposeResult:
        self.set_class(self.app.size.width < 100, "-narrow")  # before the first frame, not after it
        with Vertical(classes="dialog small"):
            yield Static(Text(self.question, style="bold"), classes="dialog-title")
            if self.detail:
                yield Static(Text(self.detail))
            if self.command:
                yield Static(Text(self.command, no_wrap=True, overflow="fold"), classes="command-line")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error", compact=True)
                yield Button(f"{self.no} (n)", id="no", compact=True)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ReasonScreen(ModalScreen[str | None]):
    """Ask for one line of text (e.g. why a flag is overruled)."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question, self.detail = question, detail

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < 100, "-narrow")

    def compose(self) -> ComposeResult:
        self.set_class(self.app.size.width < 100, "-narrow")
        with Vertical(classes="dialog small"):
            yield Static(Text(self.question, style="bold"), classes="dialog-title")
            if self.detail:
                yield Static(Text(self.detail))
            yield Input(placeholder="reason (Enter to save, esc to cancel)", id="reason", compact=True)
            yield Static("", id="error", classes="form-error")

    def on_mount(self) -> None:
        reason = self.query_one(Input)
        reason.cursor_blink = getattr(self.app, "cursor_blink", True)
        reason.focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            error = self.query_one("#error", Static)
            error.update(Text("⚠ give a reason"))
            error.display = True
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a list of (id, label): what to release, a decision point's answer."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.question, self.choices = question, choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Static(Text(self.question, style="bold"), classes="dialog-title")
            yield OptionList(*(Option(Text(label), id=ident) for ident, label in self.choices), id="choices")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ActorPicker(ModalScreen[str | None]):
    """Pick who acts next on the shared screen."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, people: tuple[Person, ...], current: str) -> None:
        super().__init__()
        self.people, self.current = people, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Static(Text("Who is acting now?", style="bold"), classes="dialog-title")
            yield people_list(self.people, "actor", selected=self.current)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
