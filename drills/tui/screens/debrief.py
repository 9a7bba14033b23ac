"""The debrief: score, capability ratings, the three things to improve with their evidence, text flags
the facilitator can overrule (then rescored), and where the scorecard files were written."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from drills.reports import cap_sentence
from drills.scoring import Rating, RuleResult, Scorecard
from drills.tui.live import Debrief, LiveDrill
from drills.tui.screens.dialogs import ReasonScreen
from drills.tui.widgets.keybar import KeyBar

RATING_STYLE = {Rating.P: "bold green", Rating.S: "bold cyan", Rating.M: "bold yellow", Rating.U: "bold red"}


@dataclass(frozen=True, slots=True)
class Flag:
    """A text flag in the scorecard that the facilitator may overrule."""

    rule: str
    event_seq: int
    flag_id: str
    quote: str
    t: float | None

    @property
    def key(self) -> str:
        return f"{self.rule}:{self.event_seq}:{self.flag_id}"


def flags_of(card: Scorecard) -> list[Flag]:
    """Every finding the facilitator may overrule: each text flag or false claim, and for a rule that lost
    points without one, the rule's finding itself (flag id 'finding': overruled, the rule counts as met)."""
    seen: set[str] = set()
    flags: list[Flag] = []
    findings: list[Flag] = []
    for capability in card.capabilities:
        for rule in capability.rules:
            flagged = False
            for ev in rule.evidence:
                if ev.flag_id and ev.event_seq is not None and ev.flag_id != "finding":
                    flagged = True
                    flag = Flag(rule.rule_id, ev.event_seq, ev.flag_id, ev.quote, ev.t)
                    if flag.key not in seen:
                        seen.add(flag.key)
                        flags.append(flag)
            if not flagged and rule.score is not None and rule.score < 0.8 and rule.evidence:
                first = rule.evidence[0]
                findings.append(Flag(rule.rule_id, -1, "finding", first.note, first.t))
    return flags + findings


def _shown_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)


class DebriefScreen(Screen[None]):
    BINDINGS: ClassVar = [
        Binding("o", "overrule", "Overrule"),
        Binding("q", "quit", "Quit"),
    ]

    class Scored(Message):
        def __init__(self, debrief: Debrief | None, error: str = "") -> None:
            super().__init__()
            self.debrief = debrief
            self.error = error

    def __init__(self, live: LiveDrill) -> None:
        super().__init__()
        self.live = live
        self.debrief: Debrief | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="debrief"):
            yield Static(self._heading(), id="db-title")
            yield Static(Text("Scoring the drill and writing the scorecard…", style="italic"), id="db-score")
            yield Static(id="db-caps")
            yield Static(id="db-improve")
            yield Static(id="db-flags-title")
            yield OptionList(id="db-flags", markup=False)
            yield Static(id="db-files")
        yield KeyBar(id="keys")

    def _heading(self) -> Text:
        model = self.live.model
        ended = next((e for e in reversed(model.events) if e.kind == "drill_ended"), None)
        text = Text.assemble(("Debrief · ", "bold"))
        text.append(model.briefing.title, style="bold")
        if ended is not None:
            text.append(f"\nended at {model.clock_text(ended.t)}: {ended.data.get('reason', '')}", style="dim")
        return text

    def on_mount(self) -> None:
        self._score()

    @work(thread=True, exclusive=True, group="debrief")
    def _score(self, overrule: tuple[str, str, int, str] | None = None) -> None:
        """Scoring and writing reports take a moment; the screen stays responsive."""
        try:
            if overrule is None:
                debrief = self.live.finish()
            else:
                flag_id, rule, seq, reason = overrule
                debrief = self.live.overrule(flag_id=flag_id, rule=rule, event_seq=seq, reason=reason)
        except Exception as exc:  # shown on the screen: the drill's log is safe either way
            self.post_message(self.Scored(None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(self.Scored(debrief))

    @on(Scored)
    def _scored(self, message: Scored) -> None:
        if message.debrief is None:
            self.query_one("#db-score", Static).update(Text(f"Could not score the drill: {message.error}",
                                                            style="bold red"))
            return
        self.debrief = message.debrief
        self._show(message.debrief)

    def _show(self, debrief: Debrief) -> None:
        card = debrief.card
        score = Text()
        if card.scored:
            score.append(f"Score {card.score:.0f}/100 ", style="bold")
            score.append(f" {card.rating.value} ", style=RATING_STYLE[card.rating] + " reverse")
        else:
            score.append(f"Not scored: {card.not_scored}", style="bold")
        f = card.figures
        score.append("\n")
        for label, value in (
            ("owner after", f.time_to_owner), ("first customer word", f.time_to_first_customer_word),
            ("mitigated", f.time_to_mitigation), ("customer confirmed", f.time_to_confirmed_recovery),
        ):
            score.append(f"{label} ", style="dim")
            score.append("—" if value is None else f"{value:.0f} min", style="bold")
            score.append(" · ", style="dim")
        score.append("\nrevenue lost ", style="dim")
        score.append(f"${f.revenue_lost:,.0f}", style="bold")
        score.append(" · customer-minutes blocked ", style="dim")
        score.append(f"{f.customer_minutes_blocked:,.0f}", style="bold")
        score.append(" · trust at the end ", style="dim")
        score.append(f"{f.trust_end:.0f}/100", style="bold")
        capped = cap_sentence(card)
        if capped:
            score.append("\n" + capped, style="yellow")
        for note in card.overrule_notes:
            score.append("\n" + note, style="dim")
        self.query_one("#db-score", Static).update(score)

        caps = Text.assemble(("\nCapabilities", "bold"))
        caps.append("  (P performed · S some challenges · M major challenges · U unable to perform; ★ a critical "
                    "rule: failing it caps its capability at M, scoring 0 on it makes it U)\n", style="dim")
        for cap in card.capabilities:
            caps.append(f"  {cap.id} ", style="bold")
            caps.append(f"{cap.title:<34.34}")
            if cap.score is None or cap.rating is None:
                caps.append(f" {'n/a':>5}\n", style="dim")
                continue
            caps.append(f" {cap.score:5.0f}  ")
            caps.append(f" {cap.rating.value} ", style=RATING_STYLE[cap.rating] + " reverse")
            caps.append("\n")
        self.query_one("#db-caps", Static).update(caps)

        self.query_one("#db-improve", Static).update(self._improvements(card.improvements(3)))

        flags = flags_of(card)
        overruled = set(card.overruled)
        title = Text.assemble(("\nFindings", "bold"))
        title.append(" — select one and press o to overrule it with a reason" if flags else ": none", style="dim")
        self.query_one("#db-flags-title", Static).update(title)
        picker = self.query_one("#db-flags", OptionList)
        picker.clear_options()
        for flag in flags:
            text = Text.assemble((f"{flag.rule} ", "bold"))
            text.append(flag.flag_id.replace("_", " "))
            text.append(" · “", style="dim")
            text.append(flag.quote.strip())
            text.append("”", style="dim")
            is_overruled = flag.key in overruled
            if is_overruled:
                text.append("  (overruled)", style="italic green")
            picker.add_option(Option(text, id=flag.key, disabled=is_overruled))
        picker.display = bool(flags)
        open_flags = [i for i, flag in enumerate(flags) if flag.key not in overruled]
        if open_flags:
            picker.highlighted = open_flags[0]
            picker.focus()

        # The folder once, then the file names: a long folder wraps as a whole line, never leaving a
        # file's kind alone on a line.
        written = sorted(debrief.files.values())
        if self.live.log_path is not None:
            written.append(self.live.log_path)
        files = Text.assemble(("\nScorecard written to ", "bold"))
        if written:
            files.append(_shown_path(written[0].parent) + os.sep, style="bold")
            files.append("\n  ")
            files.append(" · ".join(path.name for path in written))
        files.append("\n")
        self.query_one("#db-files", Static).update(files)

    def _improvements(self, rules: list[RuleResult]) -> Group:
        """Numbered, with wrapped lines kept under their item (a grid, not one long Text)."""
        title = Text.assemble(("\nTop three to improve", "bold"))
        if not rules:
            return Group(title, Text("  Nothing failed: every rule that applied passed."))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=3, justify="right")
        grid.add_column(ratio=1)
        model = self.live.model
        for n, rule in enumerate(rules, start=1):
            body = Text.assemble((f"{rule.rule_id}{'★' if rule.critical else ''} ", "bold"))
            body.append(rule.title)
            body.append(f"  ({(rule.score or 0) * 100:.0f}%)", style="dim")
            for ev in rule.evidence[:2]:
                body.append("\n• ")
                if ev.t is not None:
                    body.append(f"{model.clock_text(ev.t)} ", style="dim")
                if ev.quote:
                    body.append(f"“{ev.quote}” ", style="italic")
                body.append(ev.note)
            if rule.advice:
                body.append("\n→ ", style="bold")
                body.append(rule.advice)
            grid.add_row(Text(f"{n}.", style="bold"), body)
        return Group(title, grid)

    def action_overrule(self) -> None:
        picker = self.query_one("#db-flags", OptionList)
        if self.debrief is None or not picker.display or picker.highlighted is None:
            self.app.notify("There is no finding to overrule.", markup=False)
            return
        option = picker.get_option_at_index(picker.highlighted)
        if option.disabled or option.id is None:
            return
        rule, seq, flag_id = option.id.split(":", 2)

        def reasoned(reason: str | None) -> None:
            if reason:
                self.query_one("#db-score", Static).update(Text("Rescoring…", style="italic"))
                self._score((flag_id, rule, int(seq), reason))

        self.app.push_screen(ReasonScreen(f"Overrule {rule} ({flag_id.replace('_', ' ')})?",
                                          "The flag stays in the log with your reason, and the drill is rescored."),
                             reasoned)

    def action_quit(self) -> None:
        files = self.debrief.files if self.debrief else {}
        self.app.exit(message_for(files))


def message_for(files: dict[str, Path]) -> str:
    if not files:
        return ""
    return "Scorecard: " + ", ".join(_shown_path(p) for _, p in sorted(files.items()))
