"""One seat of a hosted drill as the room sees it: the same face as `LiveDrill` (a read model, the
events to render, `act`), fed by a `SeatClient` instead of an engine in the process.

No Textual here: the seat's app runs the client on its loop and this folds what arrives into the
model; the room renders it exactly as it renders a local drill.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drills.seats import RoomModel, SeatClient, Welcome
from drills.tui.live import Debrief
from drills.world import Action, Event


@dataclass
class SeatDrill:
    client: SeatClient
    welcome: Welcome
    model: RoomModel
    notify: Callable[[str, str], None] = lambda text, severity: None
    """How host refusals reach the person (the app's toasts)."""
    playbook: Path | None = None
    log_path: Path | None = None
    """The log on this machine (the facilitator's console beside its host): overruling a flag writes there."""
    runs_clock = False
    remote = True
    _listeners: list[Callable[[Event], None]] = field(default_factory=list)
    _debrief: dict[str, Any] | None = None
    _debrief_ready: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def opened(cls, client: SeatClient, welcome: Welcome) -> SeatDrill:
        return cls(client, welcome, RoomModel(welcome.briefing))

    @property
    def players(self) -> dict[str, str]:
        return self.model.briefing.players

    def actors(self) -> list[str]:
        """The parts this seat holds: the only ones it can act as."""
        return list(self.welcome.parts)

    def clock_control(self, on_change: Callable[[], None]) -> None:
        return None  # a hosted drill's clock is the host's

    def parts(self) -> list[str]:
        return list(self.welcome.parts)

    def releasable(self) -> list[tuple[str, str]]:
        return []  # the facilitator's console releases held injects

    def releases_due(self, held: Collection[str]) -> list[str]:
        return []

    def subscribe(self, listener: Callable[[Event], None]) -> None:
        self._listeners.append(listener)

    # ---------------------------------------------------------------- from the host (on the app's loop)

    def receive_events(self, events: list[Event]) -> None:
        for event in events:
            self.model.apply(event)
            for listener in self._listeners:
                listener(event)

    def receive(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "clock":
            self.model.set_clock(now=float(message["now"]), speed=float(message["speed"]),
                                 paused=bool(message["paused"]))
        elif kind == "done" and message.get("refused") and message.get("seq") is None:
            self.notify(f"Not done: {message['refused']}", "error")
        elif kind == "refused":
            self.notify(str(message.get("reason", "refused by the host")), "warning")
        elif kind == "debrief":
            self._debrief = message
            self._debrief_ready.set()

    # ---------------------------------------------------------------- the room's calls

    def tick(self, wall_seconds: float) -> list[Event]:
        return []  # the host runs the clock

    def clock_op(self, op: str) -> None:
        raise RuntimeError("a seat does not run the clock")

    async def act(self, action: Action) -> None:
        await self.client.act(action)

    def finish(self) -> Debrief:
        """The host's debrief (it scores the drill once it ends and sends it to every seat)."""
        from drills.scoring import Scorecard

        if not self._debrief_ready.wait(timeout=300):
            raise RuntimeError("the host sent no debrief")
        assert self._debrief is not None
        if self._debrief.get("card") is None:
            raise RuntimeError(str(self._debrief.get("error") or "the host could not score the drill"))
        card = Scorecard.model_validate(self._debrief["card"])
        return Debrief(card, {}, list(self.model.events))

    def overrule(self, *, flag_id: str, rule: str, event_seq: int, reason: str) -> Debrief:
        """The facilitator's console on the host's machine records the overruling in the log and rescores."""
        if self.log_path is None:
            raise RuntimeError("only the facilitator can overrule a flag, from the console")
        from drills.reports import write_scorecards
        from drills.scoring import load_playbook, score
        from drills.world import FACILITATOR, overrule_flag, read_log

        overrule_flag(self.log_path, flag_id=flag_id, rule=rule, event_seq=event_seq, by=FACILITATOR, reason=reason)
        events = read_log(self.log_path).events
        card = score(events, load_playbook(self.playbook))
        return Debrief(card, dict(write_scorecards(self.log_path.parent, events, card)), events)

    def leave(self) -> str:
        return f"Left the drill at sim {self.model.clock_text()}. Rejoin with the same `drill join` command."
