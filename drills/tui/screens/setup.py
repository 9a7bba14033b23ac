"""The short setup: pick the scenario, the seed and the speed, say who plays whom, Start."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalGroup, Vertical, VerticalScroll
from textual.message import Message
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


class SetupScreen(Screen[None]):
    """Posts `Start` with the choices made; the app opens the room."""

    BINDINGS: ClassVar = [
        Binding("ctrl+s", "start", "Start"),
        Binding("escape", "app.quit", "Quit"),
    ]

    class Start(Message):
        def __init__(self, setup: SetupResult) -> None:
            super().__init__()
            self.setup = setup

    def __init__(self, choices: list[ScenarioChoice], *, seed: int | None = None, speed: float | None = None):
        super().__init__()
        self.choices = choices
        self.fixed_seed = seed
        self.fixed_speed = speed
        self.players: dict[str, str] = {}
        self.index = 0
        """The scenario shown (composed with its values, so the first frame needs no second pass)."""

    @property
    def choice(self) -> ScenarioChoice:
        return self.choices[self.index]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="setup"):
            yield Static(Text("Set up the drill", style="bold"), classes="dialog-title")
            options = []
            for option in self.choices:
                s = option.scenario
                text = Text.assemble((s.title, "bold"))
                text.append(f"  {s.id} · {s.difficulty.value} · {s.drill_minutes:g} min", style="dim")
                options.append(Option(text, id=s.id))
            picker = OptionList(*options, id="scenario", markup=False, classes="picker")
            picker.highlighted = 0
            yield picker
            yield Static(self._summary(), id="summary")
            with HorizontalGroup(classes="field-row"):
                yield Label("Seed", classes="field-label")
                yield self._input(self._seed_default(), id="seed", type="integer", classes="short")
                yield Label("Speed ×", classes="field-label short-label")
                yield self._input(self._speed_default(), id="speed", type="number", classes="short")
            yield Static(self._speed_text(self._speed()), id="speed-preview", classes="form-note")
            yield Static(Text("Who plays whom (leave a part empty if nobody plays it)", style="bold"),
                         classes="section")
            yield Vertical(*self._cast_rows(), id="cast")
            with Horizontal(classes="buttons"):
                yield Button("Start (ctrl+s)", id="start", variant="primary", compact=True)
        yield KeyBar(id="keys")

    def _input(self, value: str, **options: Any) -> Input:
        field = Input(value=value, compact=True, **options)
        field.set_reactive(Input.cursor_blink, getattr(self.app, "cursor_blink", True))
        return field

    def on_mount(self) -> None:
        self.query_one("#scenario").focus()

    @on(OptionList.OptionHighlighted, "#scenario")
    async def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.index:
            self.index = event.option_index
            await self._show_choice()

    @on(OptionList.OptionSelected, "#scenario")
    def _selected(self) -> None:
        self.focus_next()

    def _summary(self) -> Text:
        """The participants' briefing, never the author's summary: that one says how it is solved."""
        scenario = self.choice.scenario
        summary = Text.assemble((scenario.company.name, "bold"))
        if scenario.company.product:
            summary.append(f" — {scenario.company.product}", style="dim")
        if scenario.briefing:
            summary.append("\n")
            summary.append(scenario.briefing)
        return summary

    def _seed_default(self) -> str:
        return str(self.fixed_seed if self.fixed_seed is not None else self.choice.scenario.seed)

    def _speed_default(self) -> str:
        return f"{self.fixed_speed or self.choice.scenario.default_speed:g}"

    def _cast_rows(self) -> list[HorizontalGroup]:
        scenario = self.choice.scenario
        casting = cast_scenario(scenario, int(self._seed_default()))
        rows = []
        for member in scenario.cast:
            field = self._input(self.players.get(member.id, ""), placeholder="participant's name",
                                id=f"play-{member.id}", classes="player")
            label = Label(self._cast_label(casting.cast[member.id].name, member.role), id=f"who-{member.id}",
                          classes="cast-label")
            rows.append(HorizontalGroup(label, field, classes="field-row"))
        return rows

    @staticmethod
    def _cast_label(name: str, role: str) -> Text:
        label = Text.assemble((name, "bold"))
        label.append(f" — {role}", style="dim")
        return label

    async def _show_choice(self) -> None:
        self.query_one("#summary", Static).update(self._summary())
        self.query_one("#seed", Input).value = self._seed_default()
        self.query_one("#speed", Input).value = self._speed_default()
        cast = self.query_one("#cast", Vertical)
        await cast.remove_children()
        await cast.mount_all(self._cast_rows())

    def _seed(self) -> int | None:
        try:
            return int(self.query_one("#seed", Input).value) if self.is_mounted else int(self._seed_default())
        except ValueError:
            return None

    def _speed(self) -> float | None:
        try:
            speed = float(self.query_one("#speed", Input).value) if self.is_mounted else float(self._speed_default())
        except ValueError:
            return None
        return speed if speed > 0 else None

    def _name_cast(self) -> None:
        scenario = self.choice.scenario
        seed = self._seed()
        casting = cast_scenario(scenario, scenario.seed if seed is None else seed)
        for member in scenario.cast:
            for node in self.query(f"#who-{member.id}").results(Label):
                node.update(self._cast_label(casting.cast[member.id].name, member.role))

    def _speed_text(self, speed: float | None) -> Text:
        scenario = self.choice.scenario
        if speed is None:
            return Text("the speed must be a number above 0", style="red")
        return Text(f"{scenario.simulated_minutes / 60:g} h simulated in about "
                    f"{scenario.simulated_minutes / speed:.0f} real minutes", style="dim")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id == "seed":
            self._name_cast()
        elif event.input.id == "speed":
            self.query_one("#speed-preview", Static).update(self._speed_text(self._speed()))
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
        self.post_message(self.Start(SetupResult(self.choice, seed, speed, players)))
