"""One live drill as the room sees it: the engine, its live clock, its folder and what to score against.

Thin glue, no Textual: the room calls `tick` from its timer and `act` from its forms; the debrief
calls `finish` and `overrule`. The room renders from `model` (the read model every event is folded
into, as a remote seat's is) and the events it is sent (`subscribe`), never from the engine's
objects. Scoring, reports and text checks are imported lazily so the room opens without paying for them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from drills.seats import Briefing, RoomModel
from drills.world import FACILITATOR, LOG_NAME, Action, Engine, Event, LiveClock, read_log

if TYPE_CHECKING:
    from drills.scoring import Scorecard
    from drills.seats import ClockControl


@dataclass
class Debrief:
    """The result of a finished drill as the debrief screen shows it."""

    card: Scorecard
    files: dict[str, Path]
    events: list[Event]


@dataclass
class LiveDrill:
    engine: Engine
    clock: LiveClock
    folder: Path | None
    """Where events.jsonl is written as it happens, and the scorecards at the end."""
    playbook: Path | None = None
    """Playbook YAML to score against (None: the shipped default)."""
    players: dict[str, str] = field(default_factory=dict)
    """Cast id -> the participant playing that part."""
    model: RoomModel | None = None
    """What the room shows, folded from every event (built by `start`)."""
    runs_clock = True
    """The room's keys pause and change speed (a remote seat's clock is the facilitator's)."""
    remote = False

    def __post_init__(self) -> None:
        if self.model is None:
            self.model = RoomModel(Briefing.of(self.engine.scenario, self.engine.events[0]))
            self.model.apply_all(self.engine.events)
            self.engine.subscribe(self.model.apply)
            self._sync_clock()

    def _sync_clock(self) -> None:
        assert self.model is not None
        self.model.set_clock(now=self.engine.now, speed=self.clock.speed, paused=self.clock.paused)

    def subscribe(self, listener: Callable[[Event], None]) -> None:
        """Tell `listener` of every event from now on (the room's feeds)."""
        self.engine.subscribe(listener)

    @classmethod
    def start(cls, engine: Engine, folder: Path | None, *, playbook: Path | None = None) -> LiveDrill:
        """Wrap an engine (new or resumed) at the speed its log last recorded."""
        speed = float(engine.events[0].data.get("speed") or engine.scenario.default_speed)
        paused = False
        for event in engine.events:
            if event.kind == "clock":
                speed, paused = float(event.data["speed"]), bool(event.data["paused"])
        players = dict(engine.events[0].data.get("players") or {})
        return cls(engine, LiveClock(engine, speed, paused=paused), folder, playbook, players)

    @property
    def log_path(self) -> Path | None:
        return None if self.folder is None else self.folder / LOG_NAME

    def tick(self, wall_seconds: float) -> list[Event]:
        events = self.clock.tick(wall_seconds)
        self._sync_clock()
        return events

    def clock_op(self, op: str) -> None:
        """'toggle', 'faster' or 'slower' (the room's facilitator keys), 'pause' or 'resume' (leaving asks)."""
        clock = self.clock
        {"toggle": clock.toggle, "faster": clock.faster, "slower": clock.slower, "pause": clock.pause,
         "resume": clock.resume}[op]()
        self._sync_clock()

    def act(self, action: Action) -> Event:
        return self.engine.act(action)

    def actors(self) -> list[str]:
        """Who the shared screen cycles through: the parts someone plays, else the whole cast."""
        played = [cid for cid in self.engine.casting.cast if self.players.get(cid)]
        return played or list(self.engine.casting.cast)

    def clock_control(self, on_change: Callable[[], None]) -> ClockControl | None:
        """The loopback socket `drill console LOG` uses for the clock (None without a drill folder)."""
        if self.folder is None:
            return None
        from drills.seats import ClockControl

        assert self.model is not None
        return ClockControl(self.clock, self.folder, self.model.briefing, on_change)

    def releasable(self) -> list[tuple[str, str]]:
        """(id, what) of the held injects and decision points the facilitator can release now (format 2)."""
        return self.engine.releasable()

    def releases_due(self, held: Collection[str]) -> list[str]:
        """Ids of the `held` items whose `release_hint` has come (format 2): the facilitator's cue."""
        return [ident for minute, ident in self.engine.release_hints if minute <= self.engine.now and ident in held]

    def parts(self) -> list[str]:
        """Whom this screen may act as: anyone in the cast, on a shared screen."""
        return list(self.engine.casting.cast)

    def leave(self) -> str:
        """Close the log; the line the terminal shows after the room closes."""
        self.engine.close()
        log = self.log_path
        return f"Drill saved at sim {self.engine.clock_text()}. Resume it with: drill resume {log}" if log else ""

    def finish(self) -> Debrief:
        """Close the log, score the drill and write its scorecards into the drill folder."""
        self.engine.close()
        events = read_log(self.log_path).events if self.log_path and self.log_path.exists() else self.engine.events
        return self._score(events)

    def overrule(self, *, flag_id: str, rule: str, event_seq: int, reason: str) -> Debrief:
        """Record the facilitator's overruling of a text flag, then rescore from the log."""
        from drills.world import overrule_flag

        if self.log_path is None:
            raise RuntimeError("this drill has no log folder, so an overruling cannot be recorded")
        overrule_flag(self.log_path, flag_id=flag_id, rule=rule, event_seq=event_seq, by=FACILITATOR, reason=reason)
        return self._score(read_log(self.log_path).events)

    def _score(self, events: list[Event]) -> Debrief:
        from drills.scoring import load_playbook, score

        card = score(events, load_playbook(self.playbook))
        files: dict[str, Path] = {}
        if self.folder is not None:
            from drills.reports import write_scorecards

            files = dict(write_scorecards(self.folder, events, card))
        return Debrief(card, files, events)


def text_hints(text: str, audience: str) -> list[str]:
    """Gentle live hints for a draft, e.g. 'Promises a fix time before the repair is verified:
    “fixed in 30 minutes”'. Only flags that quote the draft: the form's fields already ask for the
    parts a message needs, so 'does not say what still works' would only nag."""
    if not text.strip():
        return []
    from drills.scoring import check_text

    return [f"{flag.message.rstrip('.')}: “{flag.matched}”" for flag in check_text(text, audience) if flag.matched]
