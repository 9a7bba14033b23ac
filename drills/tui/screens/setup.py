"""The short setup: pick the scenario, the seed and the speed, say who plays whom, Start."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalGroup, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from drills.casting import cast_scenario
from drills.scenario import Scenario
from drills.tui.widgets.keybar import KeyBar


@dataclass(frozen=True, slots=True)
class ScenarioChoice:
    """A scenario the setup offers, with the text the event log stores."""

    scenario: Scenario
    source: str


@dataclass(frozen=True, slots=True)
class SetupResult:
    choice: ScenarioChoice
    seed: int
    speed: float
    players: dict[str, str]
    """Cast id -> the participant who plays that part (parts nobody plays are left out)."""


class SetupScreen(Screen[SetupResult]):
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "start", "Start"),
        Binding("escape", "app.quit", "Quit"),
    ]

    def __init__(self, choices: list[ScenarioChoice], *, seed: int | None = None, speed: float | None = None):
        super().__init__()
        self.choices = choices
        self.fixed_seed = seed
        self.fixed_speed = speed
        self.players: dict[str, str] = {}

    @property
    def choice(self) -> ScenarioChoice:
        picker = self.query_one("#scenario", OptionList)
        return self.choices[picker.highlighted or 0]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="setup"):
            yield Static(Text("Set up the drill", style="bold"), classes="dialog-title")
            options = []
            for choice in self.choices:
                s = choice.scenario
                text = Text.assemble((s.title, "bold"))
                text.append(f"  {s.id} · {s.difficulty.value} · {s.drill_minutes:g} min", style="dim")
                options.append(Option(text, id=s.id))
            picker = OptionList(*options, id="scenario", markup=False, classes="picker")
            picker.highlighted = 0
            yield picker
            yield Static(id="summary")
            with HorizontalGroup(classes="field-row"):
                yield Label("Seed", classes="field-label")
                yield Input(id="seed", type="integer", compact=True, classes="short")
                yield Label("Speed ×", classes="field-label short-label")
                yield Input(id="speed", type="number", compact=True, classes="short")
            yield Static(id="speed-preview", classes="form-note")
            yield Static(Text("Who plays whom (leave a part empty if nobody plays it)", style="bold"),
                         classes="section")
            yield Vertical(id="cast")
            with Horizontal(classes="buttons"):
                yield Button("Start (ctrl+s)", id="start", variant="primary", compact=True)
        yield KeyBar(id="keys")

    async def on_mount(self) -> None:
        for widget in self.query(Input):
            widget.cursor_blink = getattr(self.app, "cursor_blink", True)
        await self._show_choice()
        self.query_one("#scenario").focus()

    @on(OptionList.OptionHighlighted, "#scenario")
    async def _highlighted(self) -> None:
        await self._show_choice()

    @on(OptionList.OptionSelected, "#scenario")
    def _selected(self) -> None:
        self.focus_next()

    async def _show_choice(self) -> None:
        scenario = self.choice.scenario
        summary = Text.assemble((scenario.company.name, "bold"))
        if scenario.company.product:
            summary.append(f" — {scenario.company.product}", style="dim")
        summary.append("\n")
        summary.append(scenario.summary)
        self.query_one("#summary", Static).update(summary)
        self.query_one("#seed", Input).value = str(self.fixed_seed if self.fixed_seed is not None else scenario.seed)
        self.query_one("#speed", Input).value = f"{self.fixed_speed or scenario.default_speed:g}"
        cast = self.query_one("#cast", Vertical)
        await cast.remove_children()
        rows = []
        for member in scenario.cast:
            field = Input(value=self.players.get(member.id, ""), placeholder="participant's name",
                          id=f"play-{member.id}", compact=True, classes="player")
            field.cursor_blink = getattr(self.app, "cursor_blink", True)
            rows.append(HorizontalGroup(Label(id=f"who-{member.id}", classes="cast-label"), field,
                                        classes="field-row"))
        await cast.mount_all(rows)
        self._name_cast()
        self._preview_speed()

    def _seed(self) -> int | None:
        try:
            return int(self.query_one("#seed", Input).value)
        except ValueError:
            return None

    def _speed(self) -> float | None:
        try:
            speed = float(self.query_one("#speed", Input).value)
        except ValueError:
            return None
        return speed if speed > 0 else None

    def _name_cast(self) -> None:
        scenario = self.choice.scenario
        seed = self._seed()
        casting = cast_scenario(scenario, scenario.seed if seed is None else seed)
        for member in scenario.cast:
            person = casting.cast[member.id]
            label = Text.assemble((person.name, "bold"))
            label.append(f" — {person.role}", style="dim")
            for node in self.query(f"#who-{member.id}"):
                node.update(label)  # type: ignore[attr-defined]

    def _preview_speed(self) -> None:
        scenario = self.choice.scenario
        speed = self._speed()
        preview = Text()
        if speed is None:
            preview.append("the speed must be a number above 0", style="red")
        else:
            preview.append(f"{scenario.simulated_minutes / 60:g} h simulated in about "
                           f"{scenario.simulated_minutes / speed:.0f} real minutes", style="dim")
        self.query_one("#speed-preview", Static).update(preview)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id == "seed":
            self._name_cast()
        elif event.input.id == "speed":
            self._preview_speed()
        elif event.input.id and event.input.id.startswith("play-"):
            self.players[event.input.id.removeprefix("play-")] = event.value.strip()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        players = list(self.query(".player"))
        if players and event.input is players[-1]:
            self.action_start()
        else:
            self.focus_next()

    @on(Button.Pressed, "#start")
    def _start_pressed(self) -> None:
        self.action_start()

    def action_start(self) -> None:
        seed, speed = self._seed(), self._speed()
        if seed is None or speed is None:
            self.app.notify("Give a whole-number seed and a speed above 0.", severity="error", markup=False)
            return
        cast_ids = {m.id for m in self.choice.scenario.cast}
        players = {cid: name for cid, name in self.players.items() if name and cid in cast_ids}
        self.dismiss(SetupResult(self.choice, seed, speed, players))
