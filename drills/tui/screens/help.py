"""The playbook as a one-page routine, with the keys that do each step."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

ROUTINE = (
    ("o", "Name one owner — the person closest to the failing system — within 5 minutes."),
    ("u", "Post an internal update within 10 minutes: what we know, who is affected, what we check "
          "next, when the next update is. Then at least every 30 minutes."),
    ("c", "Tell the customer within 15 minutes: what still works, what fails, what is not known yet, "
          "and when they hear from us next. No fix times, no guessed causes."),
    ("n", "Keep facts, questions, guesses and the next check apart in the record."),
    ("x", "Check logs, alerts and recent deploys or config changes before repairing."),
    ("r", "Choose the fastest safe repair first (rollback, flag, workaround) — not new code."),
    ("t", "Every task goes to a named person with a time box; never “can someone…”."),
    ("e", "Escalate to the CEO when the business triggers fire: impact first, quantified; cause as "
          "understood; mitigation; a realistic timeline and its dependency; what you need; how often "
          "they will hear from you."),
    ("y", "Ask the customer to retry; only the owner resolves, after the customer confirms."),
    ("w", "Put a named person on watch for 30 minutes afterwards."),
    ("l s", "Write the timeline and schedule the review the same day, each follow-up with an owner "
            "and a due date."),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def __init__(self, playbook: Path | None) -> None:
        super().__init__()
        self.playbook = playbook

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(Text("The routine (esc to close)", style="bold"), classes="dialog-title")
            yield Static(self._routine())
            yield Static(self._rules(), id="rules")

    def _routine(self) -> Text:
        text = Text()
        for n, (keys, step) in enumerate(ROUTINE, start=1):
            text.append(f"{n:>2}. ", style="dim")
            text.append(f"[{keys}] ", style="bold")
            text.append(step + "\n")
        return text

    def _rules(self) -> Text:
        from drills.scoring import load_playbook

        playbook = load_playbook(self.playbook)
        text = Text.assemble((f"\n{playbook.title} — what the debrief scores\n", "bold"))
        text.append("★ a critical rule: failing it caps its capability at M (U when it scores 0). Ratings: P performed "
                    "without challenges · S some challenges · M major challenges · U unable to be performed.\n",
                    style="dim")
        for capability in playbook.capabilities:
            text.append(f"\n{capability.id} ", style="bold")
            text.append(capability.title + "\n", style="bold")
            for rule in capability.rules:
                text.append(f"  {rule.id}{'★' if rule.critical else ' '} ", style="dim")
                text.append(rule.title + "\n")
        return text

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
