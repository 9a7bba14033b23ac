"""The console's ad-hoc inject: the room's inject form, plus who receives it (chosen parts, the whole
room, or the default for its kind)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Label, SelectionList

from drills.tui.screens.forms import InjectForm
from drills.world import FACILITATOR, Action, FacilitatorInject

ROOM = "room"


class AdHocInjectForm(InjectForm):
    """Kind, sender and text as in the room; ticking no one sends it to whoever its kind reaches."""

    title_text = "Ad-hoc inject"

    def fields(self) -> ComposeResult:
        yield from super().fields()
        yield Label("To (none ticked: the default for its kind)", classes="field-label")
        choices = [(f"{p.name} — {p.role}", p.id) for p in self.ctx.people]
        choices.append(("Everyone in the room", ROOM))
        yield SelectionList[str](*choices, id="to", classes="picker")

    def build(self) -> Action:
        to = list(self.query_one("#to", SelectionList).selected)
        return FacilitatorInject(actor=FACILITATOR, inject_kind=self.picked("kind") or "colleague_message",
                                 sender=self.need("sender", "who sends it"), text=self.need("text", "the text"),
                                 to=to or None)
