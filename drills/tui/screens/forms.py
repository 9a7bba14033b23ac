"""The action forms: one typed modal screen per thing the team can do, mirroring the world's actions
(drills/world/_actions.py)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Checkbox, Label, Static
from textual.widgets.option_list import Option

from drills.tui.screens.base import (
    ActionForm,
    Choice,
    FormError,
    long_text,
    minutes_input,
    people_list,
    row,
    text_input,
)
from drills.tui.widgets.fields import CappedTextArea, Picker
from drills.world import (
    FACILITATOR,
    Action,
    AddNote,
    AnswerJoinRequest,
    ApplyRepair,
    AssignOwner,
    AssignTask,
    CustomerUpdate,
    EscalateToCeo,
    FacilitatorInject,
    FollowUp,
    NoteLabel,
    PostUpdate,
    PutOnWatch,
    Resolve,
    RunCheck,
    ScheduleReview,
    WriteTimeline,
)


class InternalUpdateForm(ActionForm):
    """The four questions of an internal update."""

    title_text = "Internal update"
    audience = "internal"
    send_label = "Post"

    def fields(self) -> ComposeResult:
        yield row("What we know", long_text("known", "facts only: account, start time, exact error"))
        yield row("Who is affected", long_text("affected", "which customers / accounts, how many"))
        yield row("What we check next", long_text("next_check", "the next check and who runs it"))
        yield row("Next update in", minutes_input("next_update"), self.minutes_preview("next_update"))

    def build(self) -> Action:
        return PostUpdate(
            actor=self.ctx.actor,
            known=self.need("known", "what we know"),
            affected=self.need("affected", "who is affected"),
            next_check=self.need("next_check", "what we check next"),
            next_update_at=self.at("next_update", "the next update"),
        )


class CustomerUpdateForm(ActionForm):
    """An update to a customer: to whom (a message to answer, an account, every affected account), and
    on which channel once the scenario declares channels; then works / fails / not known / next."""

    title_text = "Update to the customer"
    audience = "customer"
    first_focus = "#works"
    """The recipient is preselected (the longest-waiting message); shift+tab goes back to change it."""

    def fields(self) -> ComposeResult:
        yield Label("To", classes="field-label")
        options = []
        for recipient in self.ctx.recipients:
            text = Text()
            if recipient.unanswered:
                text.append("● ", style="bold yellow")
            text.append(recipient.label, style="bold" if recipient.unanswered else "")
            options.append(Option(text, id=recipient.key))
        picker = Picker(*options, id="to", markup=False, classes="picker")
        picker.highlighted = self._default_recipient() if options else None
        yield picker
        if self.ctx.channels:
            yield Label("Channel", classes="field-label")
            channels = [Option(Text("Their own ticket or email thread"), id="")]
            channels += [Option(Text(label), id=ident) for ident, label in self.ctx.channels]
            channel_picker = Picker(*channels, id="channel", markup=False, classes="picker")
            channel_picker.highlighted = 0
            yield channel_picker
        yield row("What still works", long_text("works", "in the customer's words"))
        yield row("What is not working", long_text("fails", "what they cannot do"))
        yield row("Not known yet", long_text("unknown", "say what we do not know — no fix times"))
        yield row("Next update in", minutes_input("next_update"), self.minutes_preview("next_update"))
        yield row("Anything else", long_text("text", "optional: what they should do now"))

    def _default_recipient(self) -> int:
        """The reporting customer: their unanswered message if there is one, else their account."""
        recipients = self.ctx.recipients
        waiting = next((i for i, r in enumerate(recipients) if r.unanswered and r.to is None), None)
        if waiting is not None:
            return waiting
        return next((i for i, r in enumerate(recipients) if r.key.startswith("account-") and r.to is None), 0)

    def build(self) -> Action:
        recipient = next((r for r in self.ctx.recipients if r.key == self.picked("to")), None)
        channel = self.picked("channel") if self.ctx.channels else None
        return CustomerUpdate(
            actor=self.ctx.actor,
            to=recipient.to if recipient else None,
            reply_to=recipient.reply_to if recipient else None,
            channel=channel or None,
            works=self.need("works", "what still works"),
            fails=self.need("fails", "what is not working"),
            unknown=self.need("unknown", "what is not known yet"),
            next_update_at=self.at("next_update", "the next update"),
            text=self.value("text"),
        )


class CeoForm(ActionForm):
    title_text = "Escalate to the CEO"
    audience = "executive"
    send_label = "Send brief"

    def fields(self) -> ComposeResult:
        yield row("Impact", long_text("impact", "first: money per hour, customers affected"))
        yield row("Cause (as understood)", long_text("cause", "what we know, what is not confirmed"))
        yield row("Mitigation under way", long_text("mitigation", "the repair and who does it"))
        yield row("Timeline", long_text("timeline", "realistic, and what it depends on"))
        yield row("What we need", long_text("ask", "a decision or people — or 'nothing yet'"))
        yield row("Updates every", text_input("update_every", "e.g. 30 minutes"))

    def build(self) -> Action:
        return EscalateToCeo(
            actor=self.ctx.actor,
            impact=self.need("impact", "the impact"),
            cause=self.need("cause", "the cause as understood"),
            mitigation=self.need("mitigation", "the mitigation under way"),
            timeline=self.need("timeline", "the timeline"),
            ask=self.need("ask", "what we need"),
            update_every=self.need("update_every", "how often the CEO hears from us"),
        )


NOTE_LABELS = (
    (NoteLabel.fact, "Fact — confirmed, with its source"),
    (NoteLabel.question, "Question — open, not known yet"),
    (NoteLabel.guess, "Guess — a theory, not confirmed"),
    (NoteLabel.next_check, "Next check — what we look at next"),
)


class NoteForm(ActionForm):
    title_text = "Note in the incident record"
    audience = "internal"
    send_label = "Add"

    def fields(self) -> ComposeResult:
        yield Label("Label", classes="field-label")
        picker = Picker(*(Option(Text(text), id=label.value) for label, text in NOTE_LABELS),
                            id="label", markup=False, classes="picker")
        picker.highlighted = 0
        yield picker
        yield row("Note", long_text("text", "one fact, question, guess or check"))

    def build(self) -> Action:
        label = self.picked("label") or NoteLabel.fact.value
        return AddNote(actor=self.ctx.actor, label=NoteLabel(label), text=self.need("text", "the note"))


class OwnerForm(ActionForm):
    """Assign the owner; with an owner already named it is a handoff and asks for its parts."""

    title_text = "Incident owner"
    send_label = "Assign"

    def fields(self) -> ComposeResult:
        if self.ctx.owner:
            yield Static(Text(f"Handing off from {self.ctx.person(self.ctx.owner)}: give the new owner the scope, "
                              "the confirmed facts and the next update time.", style="italic"),
                         classes="form-note")
        yield Label("Who owns it", classes="field-label")
        others = [p for p in self.ctx.people if p.id != self.ctx.owner]
        yield people_list(others, "owner")
        if self.ctx.owner:
            yield row("Scope", text_input("scope", "what the incident covers now"))
            yield row("Confirmed facts", long_text("facts", "what we know for sure"))
            yield row("Next update in", minutes_input("next_update"), self.minutes_preview("next_update"))

    def build(self) -> Action:
        owner = self.picked("owner")
        if not owner:
            raise FormError("pick the new owner", "owner")
        if not self.ctx.owner:
            return AssignOwner(actor=self.ctx.actor, owner=owner)
        return AssignOwner(
            actor=self.ctx.actor,
            owner=owner,
            scope=self.need("scope", "the scope"),
            facts=self.need("facts", "the confirmed facts"),
            next_update_at=self.at("next_update", "the next update"),
        )


class TaskForm(ActionForm):
    title_text = "Give someone a task"
    send_label = "Assign"

    def fields(self) -> ComposeResult:
        yield Label("Who does it", classes="field-label")
        yield people_list(self.ctx.people, "assignee", anyone="Nobody in particular (“can someone…”)",
                          extra=self.ctx.admitted)
        yield row("Task", text_input("task", "one concrete thing to do"))
        yield row("Due in", minutes_input("due_in", 10), self.minutes_preview("due_in", 10))

    def build(self) -> Action:
        assignee = self.picked("assignee") or None
        return AssignTask(actor=self.ctx.actor, assignee=assignee, task=self.need("task", "the task"),
                          due_in=self.minutes("due_in", "the time box"))


class WatchForm(ActionForm):
    title_text = "Put someone on watch"
    send_label = "Start watch"

    def fields(self) -> ComposeResult:
        yield Label("Who watches the signals", classes="field-label")
        yield people_list(self.ctx.people, "watcher", selected=self.ctx.owner)
        yield row("For how long (min)", minutes_input("minutes", 30))

    def build(self) -> Action:
        watcher = self.picked("watcher")
        if not watcher:
            raise FormError("pick who watches", "watcher")
        return PutOnWatch(actor=self.ctx.actor, watcher=watcher, minutes=self.minutes("minutes", "the watch"))


class ResolveForm(ActionForm):
    title_text = "Resolve the incident"
    audience = "internal"
    send_label = "Resolve"

    def fields(self) -> ComposeResult:
        yield Static(Text("Only the owner resolves, once the customer has confirmed they can work again.",
                          style="italic"), classes="form-note")
        yield row("Closing note", long_text("text", "optional: what fixed it, what is left"))

    def build(self) -> Action:
        return Resolve(actor=self.ctx.actor, text=self.value("text"))


class TimelineForm(ActionForm):
    title_text = "Incident timeline"
    audience = "internal"
    send_label = "Save"

    def fields(self) -> ComposeResult:
        yield CappedTextArea(id="text", classes="timeline", compact=True, soft_wrap=True, placeholder=(
            "One line per moment, with the time: onset, first report, owner named, first word to the "
            "customer, key decisions, mitigation, customer confirmation, resolution."))

    def build(self) -> Action:
        return WriteTimeline(actor=self.ctx.actor, text=self.need("text", "the timeline"))


class ReviewForm(ActionForm):
    title_text = "Schedule the review"
    send_label = "Schedule"

    def fields(self) -> ComposeResult:
        yield row("When", text_input("when", "e.g. today 16:00"))
        yield Checkbox("Same day as the incident", value=True, id="same_day", compact=True)
        yield Static(Text("Follow-up actions: each with one owner and a due date", style="dim"),
                     classes="form-note")
        for n in range(1, 4):
            follow_up = row(f"Action {n}", text_input(f"item{n}", "what"), text_input(f"owner{n}", "owner"),
                            text_input(f"due{n}", "due, e.g. Fri"))
            follow_up.add_class("follow-up")
            yield follow_up

    def build(self) -> Action:
        follow_ups = []
        for n in range(1, 4):
            item, owner, due = self.value(f"item{n}"), self.value(f"owner{n}"), self.value(f"due{n}")
            if item or owner or due:
                if not item or not owner:
                    missing = f"item{n}" if not item else f"owner{n}"
                    raise FormError(f"action {n} needs both what and its owner", missing)
                follow_ups.append(FollowUp(owner=owner, item=item, due=due))
        return ScheduleReview(actor=self.ctx.actor, when=self.need("when", "when the review meets"),
                              same_day=self.query_one("#same_day", Checkbox).value, follow_ups=follow_ups)


class _PickForm(ActionForm):
    """A list of choices with what each takes; Enter picks and sends."""

    choices_attr: ClassVar[str] = "checks"

    def choices(self) -> tuple[Choice, ...]:
        return getattr(self.ctx, self.choices_attr)

    def fields(self) -> ComposeResult:
        options = []
        for choice in self.choices():
            text = Text.assemble((choice.label, "dim" if choice.busy or choice.done else "bold"))
            text.append(f"  takes {choice.takes:g} min", style="dim")
            if choice.done:
                text.append(f"  ✓ applied at {choice.done}", style="bold green")
            elif choice.busy:
                text.append("  … running now", style="bold yellow")
            if choice.needs:
                text.append(f"  needs {', '.join(choice.needs)} first", style="italic")
            options.append(Option(text, id=choice.id, disabled=choice.busy or bool(choice.done)))
        picker = Picker(*options, id="choice", markup=False, classes="picker tall")
        picker.highlighted = next((i for i, c in enumerate(self.choices()) if not c.busy and not c.done), None)
        yield picker

    def chosen(self) -> str:
        picked = self.picked("choice")
        if not picked:
            raise FormError("pick one", "choice")
        return picked


class CheckPicker(_PickForm):
    title_text = "Run a check"
    send_label = "Run"
    choices_attr = "checks"

    def build(self) -> Action:
        return RunCheck(actor=self.ctx.actor, check=self.chosen())


class RepairPicker(_PickForm):
    title_text = "Apply a repair"
    send_label = "Apply"
    choices_attr = "repairs"

    def build(self) -> Action:
        return ApplyRepair(actor=self.ctx.actor, repair=self.chosen())


class JoinForm(ActionForm):
    """Answer a join request: admit or decline the highlighted person."""

    title_text = "Requests to join the room"
    send_label = "Admit"
    BINDINGS: ClassVar = [*ActionForm.BINDINGS, Binding("d", "decline", "Decline")]

    def fields(self) -> ComposeResult:
        yield Static(Text("Keep the room small: admit people who can act on the failing system.", style="italic"),
                     classes="form-note")
        options = [Option(Text(person), id=person) for person in self.ctx.pending_joins]
        picker = Picker(*options, id="person", markup=False, classes="picker")
        picker.highlighted = 0 if options else None
        yield picker
        yield Static(Text("Enter or ctrl+s admits · d declines", style="dim"))

    def _answer(self, admit: bool) -> Action:
        person = self.picked("person")
        if not person:
            raise FormError("nobody is waiting to join", "person")
        return AnswerJoinRequest(actor=self.ctx.actor, person=person, admit=admit)

    def build(self) -> Action:
        return self._answer(True)

    def action_decline(self) -> None:
        try:
            self.dismiss(self._answer(False))
        except FormError as problem:
            self._error(str(problem), problem.field)


INJECT_KINDS = (
    ("customer_message", "Customer message"),
    ("colleague_message", "Colleague message"),
    ("ceo_message", "CEO message"),
    ("ticket", "Support ticket"),
    ("alert", "Alert"),
    ("log", "Log line"),
    ("deploy_note", "Deploy note"),
    ("config_note", "Config change note"),
)


class InjectForm(ActionForm):
    """The facilitator types an inject on the spot."""

    title_text = "Facilitator inject"
    send_label = "Inject"

    def heading(self) -> Text:
        text = Text.assemble((self.title_text, "bold"))
        text.append(f"  · now {self.ctx.clock_text(self.ctx.now)}", style="dim")
        return text

    def fields(self) -> ComposeResult:
        yield Label("Kind", classes="field-label")
        picker = Picker(*(Option(Text(label), id=kind) for kind, label in INJECT_KINDS), id="kind",
                            markup=False, classes="picker")
        picker.highlighted = 0
        yield picker
        yield row("From", text_input("sender", "who sends it", value="Facilitator"))
        yield row("Text", long_text("text", "what arrives"))

    def build(self) -> Action:
        return FacilitatorInject(actor=FACILITATOR, inject_kind=self.picked("kind") or "colleague_message",
                                 sender=self.need("sender", "who sends it"), text=self.need("text", "the text"))
