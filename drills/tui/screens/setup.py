"""The short setup: pick the scenario, the seed and the speed, say who plays whom, Start.

It is `drill play`'s first frame, so it is kept cheap to show: few widgets (the cast's names are one
Static beside a column of inputs, the labels are Statics), and it draws from setup cards
(`drills.scenario._cards`), not from scenario models: the built-in scenarios come as cards read without pydantic
(`PendingChoice`). After the first paint a thread worker loads and checks them (the loader, pydantic
and the scenario model load there) and generates the names of the parts the author left unnamed
(Faker, ~150 ms, once per process); until then those parts show "…" before their role. Start waits
for that worker, so a drill always starts from a checked scenario; a built-in that fails its checks
ends the app with the loader's error (`DrillApp.fail`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerCancelled, WorkerFailed, WorkerState

from drills.errors import DrillError
from drills.scenario import SetupCard, card_of
from drills.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from drills.scenario import Scenario

UNNAMED = "…"
"""Shown for a generated name until the names are loaded."""

_names_loaded = threading.Event()
"""Set once this process has generated names (Faker and its name pools stay loaded): later setups name
every part in their first frame."""


class StartButton(Static, can_focus=True):
    """Start as a one-line button: focus and Enter, or a click. Textual's Button would cost the first
    frame its ~7 KB of CSS for variants the setup never shows."""

    BINDINGS: ClassVar = [Binding("enter", "screen.start", "Start", show=False)]

    async def on_click(self) -> None:
        await self.run_action("screen.start")


@dataclass(frozen=True, slots=True)
class ScenarioChoice:
    """A checked scenario the setup offers, with the text the event log stores."""

    scenario: Scenario
    source: str

    @property
    def card(self) -> SetupCard:
        return card_of(self.scenario)


@dataclass(frozen=True, slots=True)
class PendingChoice:
    """A built-in scenario offered by its quickly read card; the setup loads and checks `path` after its
    first frame (`SetupScreen._load`)."""

    card: SetupCard
    path: Path


Offer = ScenarioChoice | PendingChoice


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
        # Resolved as the key arrives, so names typed straight after a Tab land in the next field.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]
    AUTO_FOCUS = "#scenario"
    """Focused as the screen opens (no focus moves after the first frame, each of which restyles the screen)."""

    class Start(Message):
        def __init__(self, setup: SetupResult) -> None:
            super().__init__()
            self.setup = setup

    class Shown(Message):
        """The setup is painted with everything it shows, names too: the app may load the rest now."""

    def __init__(self, choices: Sequence[Offer], *, seed: int | None = None, speed: float | None = None):
        super().__init__()
        self.cards = [choice.card for choice in choices]
        """What is shown of each offered scenario."""
        self.offers: list[Offer] = list(choices)
        """The offered scenarios; the worker replaces each pending one with the checked scenario."""
        self._loader: Worker | None = None
        self._loaded_once = False
        self._failed = False
        self.fixed_seed = seed
        self.fixed_speed = speed
        self.players: dict[str, str] = {}
        self.index = 0
        """The scenario shown (composed with its values, so the first frame needs no second pass)."""
        self._shown: dict[str, object] = {}
        """What the cast names and the notes were last drawn for (the inputs' first Changed redraws nothing)."""

    @property
    def card(self) -> SetupCard:
        return self.cards[self.index]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="setup"):
            yield Static(Text("Set up the drill", style="bold"), classes="dialog-title")
            options = [Option(self._option_text(card), id=card.id) for card in self.cards]
            picker = OptionList(*options, id="scenario", markup=False, classes="picker")
            picker.highlighted = 0
            yield picker
            yield Static(self._summary(), id="summary")
            with HorizontalGroup(classes="field-row"):
                yield Static("Seed", classes="field-label")
                yield self._input(self._seed_default(), id="seed", type="integer", classes="short")
                yield Static("Speed ×", classes="field-label short-label")
                yield self._input(self._speed_default(), id="speed", type="number", classes="short")
            yield Static(self._notes(self._speed()), id="notes")
            with HorizontalGroup(id="cast"):
                yield Static(self._cast_text(), id="cast-names")
                yield Vertical(*self._player_inputs(), id="players")
            with HorizontalGroup(classes="buttons"):
                yield StartButton("Start (ctrl+s)", id="start")
        yield KeyBar(id="keys")

    @staticmethod
    def _option_text(card: SetupCard) -> Text:
        text = Text.assemble((card.title, "bold"))
        text.append(f"  {card.id} · {card.difficulty} · {card.drill_minutes:g} min", style="dim")
        return text

    def _input(self, value: str, **options: Any) -> Input:
        field = Input(value=value, compact=True, **options)
        field.set_reactive(Input.cursor_blink, getattr(self.app, "cursor_blink", True))
        return field

    def on_mount(self) -> None:
        self.call_after_refresh(self._after_first_frame)
        self.call_after_refresh(self._align_players)

    def _after_first_frame(self) -> None:
        self.app.first_frame_painted()
        if self._ready():
            self.post_message(self.Shown())
        else:
            self._start_loading()

    def _ready(self) -> bool:
        """Every offered scenario is checked and this process has generated names."""
        return _names_loaded.is_set() and all(isinstance(offer, ScenarioChoice) for offer in self.offers)

    def _start_loading(self) -> Worker:
        if self._loader is None:
            self._loader = self._load()
        return self._loader

    @work(thread=True, group="load")
    def _load(self) -> list[ScenarioChoice] | DrillError:
        """Load and check the pending built-in scenarios, then generate every offered scenario's names once:
        whichever needs Faker loads it and its name pools here, so no later pick or seed generates names on
        the UI thread's first call. A built-in that fails its checks is returned as its error."""
        from drills.scenario import load_scenario
        from drills.world import cast_scenario

        checked: list[ScenarioChoice] = []
        for offer in self.offers:
            if isinstance(offer, PendingChoice):
                try:
                    loaded = load_scenario(offer.path)
                except DrillError as err:
                    return err
                offer = ScenarioChoice(loaded.scenario, loaded.source)
            checked.append(offer)
        for choice in checked:
            cast_scenario(choice.scenario, choice.scenario.seed)
        _names_loaded.set()
        return checked

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is self._loader and event.state == WorkerState.SUCCESS:
            await self._loaded(event.worker.result)

    async def _wait_until_loaded(self) -> bool:
        """Wait for the worker if it has not finished (Start can come before it does); False if it failed."""
        if not self._ready() and not self._failed:
            try:
                await self._loaded(await self._start_loading().wait())
            except (WorkerFailed, WorkerCancelled):  # a bug: the app shows it and exits
                return False
        return not self._failed

    async def _loaded(self, result: list[ScenarioChoice] | DrillError | None) -> None:
        """Take the worker's result (once: both its state change and a waiting Start bring it here)."""
        if self._loaded_once or result is None:
            return
        self._loaded_once = True
        if isinstance(result, DrillError):
            self._failed = True
            self.app.fail(result)
            return
        self.offers = list(result)
        cards = [choice.card for choice in result]
        if cards != self.cards:  # the quick read and the model disagree (never for the shipped files: a test)
            self.cards = cards
            picker = self.query_one("#scenario", OptionList)
            for index, card in enumerate(cards):
                picker.replace_option_prompt_at_index(index, self._option_text(card))
            await self._show_choice()
        self._name_cast()
        self.post_message(self.Shown())

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
        card = self.card
        summary = Text.assemble((card.company, "bold"))
        if card.product:
            summary.append(f" — {card.product}", style="dim")
        if card.briefing:
            summary.append("\n")
            summary.append(card.briefing)
        return summary

    def _seed_default(self) -> str:
        return str(self.fixed_seed if self.fixed_seed is not None else self.card.seed)

    def _speed_default(self) -> str:
        return f"{self.fixed_speed or self.card.default_speed:g}"

    def _player_inputs(self) -> list[Input]:
        return [self._input(self.players.get(member.id, ""), placeholder="participant's name",
                            id=f"play-{member.id}", classes="player")
                for member in self.card.cast]

    def _names_key(self) -> tuple[int, int | None]:
        """What the names depend on: the scenario, and once it is checked and names are loaded the seed."""
        if not _names_loaded.is_set() or isinstance(self.offers[self.index], PendingChoice):
            return self.index, None
        seed = self._seed()
        return self.index, self.card.seed if seed is None else seed

    def _names(self, seed: int | None) -> dict[str, str]:
        """Cast id -> name: the author's, plus the generated ones for the seed once names are loaded."""
        if seed is None:
            return {member.id: member.name for member in self.card.cast if member.name}
        from drills.world import cast_scenario  # loaded by the worker by now

        choice = self.offers[self.index]
        assert isinstance(choice, ScenarioChoice)
        return {cid: person.name for cid, person in cast_scenario(choice.scenario, seed).cast.items()}

    def _cast_text(self) -> Text:
        """One line per part, beside its input: the name, then the role."""
        key = self._shown["names"] = self._names_key()
        names = self._names(key[1])
        text = Text()
        for member in self.card.cast:
            if text:
                text.append("\n")
            text.append(names.get(member.id, UNNAMED), style="bold")
            text.append(f" — {member.role}", style="dim")
        return text

    async def _show_choice(self) -> None:
        self.query_one("#summary", Static).update(self._summary())
        self.query_one("#seed", Input).value = self._seed_default()
        self.query_one("#speed", Input).value = self._speed_default()
        self._name_cast()
        players = self.query_one("#players", Vertical)
        await players.remove_children()
        await players.mount_all(self._player_inputs())
        self.call_after_refresh(self._align_players)

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
        if self._shown.get("names") != self._names_key():
            self.query_one("#cast-names", Static).update(self._cast_text())
            self.call_after_refresh(self._align_players)

    def on_resize(self) -> None:
        self.call_after_refresh(self._align_players)

    def _align_players(self) -> None:
        """Keep each part's input beside its line when a long name or role wraps to more lines."""
        names = self.query_one("#cast-names", Static)
        width = names.content_region.width
        if width <= 0:
            return
        lines = self._cast_text().split("\n")
        for line, field in zip(lines, self.query(".player"), strict=False):
            extra = len(line.wrap(self.app.console, width)) - 1
            if field.styles.margin.bottom != extra:
                field.styles.margin = (0, 0, extra, 0)

    def _notes(self, speed: float | None) -> Text:
        """How long the drill takes at this speed, then the heading of the cast."""
        card = self.card
        self._shown["notes"] = (self.index, speed)
        notes = Text()
        if speed is None:
            notes.append("the speed must be a number above 0", style="red")
        else:
            notes.append(f"{card.simulated_minutes / 60:g} h simulated in about "
                         f"{card.simulated_minutes / speed:.0f} real minutes", style="dim")
        notes.append("\n\n")
        notes.append("Who plays whom (leave a part empty if nobody plays it)", style="bold")
        return notes

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id == "seed":
            self._name_cast()
        elif event.input.id == "speed":
            if self._shown.get("notes") != (self.index, self._speed()):
                self.query_one("#notes", Static).update(self._notes(self._speed()))
        elif event.input.id and event.input.id.startswith("play-"):
            self.players[event.input.id.removeprefix("play-")] = event.value.strip()

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        players = list(self.query(".player"))
        if players and event.input is players[-1]:
            await self.action_start()
        else:
            self.focus_next()

    async def action_start(self) -> None:
        """Start the drill from the checked scenario (waiting for the worker that checks it, if need be)."""
        if not await self._wait_until_loaded():
            return
        seed, speed = self._seed(), self._speed()
        if seed is None or speed is None:
            self.app.notify("Give a whole-number seed and a speed above 0.", severity="error", markup=False)
            return
        choice = self.offers[self.index]
        assert isinstance(choice, ScenarioChoice)
        cast_ids = {m.id for m in self.card.cast}
        players = {cid: name for cid, name in self.players.items() if name and cid in cast_ids}
        self.post_message(self.Start(SetupResult(choice, seed, speed, players)))
