"""Setting up a hosted drill for `drill host`: the engine in its folder, one seat per part (or as the
facilitator groups them), their codes, and the host; or the same from a killed host's log (`--resume`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from drills.errors import UsageError
from drills.seats._codes import FACILITATOR_SEAT, SEATS_FILE, SeatBook
from drills.seats._host import Host, display_host, join_command
from drills.world import LiveClock, drill_folder, new_engine, read_log, resume_live, scenario_of

_SPEC = re.compile(r"^(?:(?P<label>[^=]+)=)?(?P<parts>[A-Za-z0-9_,-]+)$")


@dataclass(frozen=True, slots=True)
class SeatSpec:
    label: str
    parts: tuple[str, ...]


def parse_seat(text: str) -> SeatSpec:
    """'ana=support-lead' or 'backend-lead,sre' (a small team's seat holds several parts)."""
    match = _SPEC.match(text.strip())
    if not match:
        raise UsageError(f"--seat {text!r}: not a seat — write PART or NAME=PART[,PART...], "
                         "e.g. --seat ana=support-lead --seat ben=backend-lead,sre")
    parts = tuple(p for p in match["parts"].split(",") if p)
    return SeatSpec((match["label"] or "").strip(), parts)


@dataclass
class Hosted:
    host: Host
    commands: list[str]
    """One `drill join` command per seat (empty on resume: the seats keep the codes they were given)."""
    facilitator_code: str
    resumed: bool = False

    @property
    def log(self) -> Path | None:
        return None if self.host.folder is None else self.host.folder / "events.jsonl"

    def listening(self) -> str:
        bind = self.host.bind
        if bind in ("127.0.0.1", "localhost", "::1"):
            return f"Listening on {bind}:{self.host.port} (this machine only; --bind 0.0.0.0 opens it to the LAN)."
        return (f"OPEN TO THE NETWORK: listening on {bind}:{self.host.port} ({display_host(bind)}), no TLS — "
                "anyone on this network with a code can join; codes are the only key.")


def new_hosted(scenario_ref: str | None, *, seed: int | None, speed: float | None, reports: Path,
               bind: str, port: int, seats: list[SeatSpec], playbook: Path | None = None) -> Hosted:
    from drills.paths import DEFAULT_SCENARIO
    from drills.scenario import load_scenario

    loaded = load_scenario(scenario_ref or DEFAULT_SCENARIO)
    scenario = loaded.scenario
    cast = [member.id for member in scenario.cast]
    specs = seats or [SeatSpec("", (part,)) for part in cast]
    for spec in specs:
        unknown = [p for p in spec.parts if p not in cast]
        if unknown:
            raise UsageError(f"--seat: no part {', '.join(unknown)} in {scenario.id} — the parts are: "
                             f"{', '.join(cast)}")
    players = {part: spec.label for spec in specs for part in spec.parts if spec.label}
    seed = scenario.seed if seed is None else seed
    folder = drill_folder(reports, scenario.id, seed)
    engine = new_engine(scenario, loaded.source, seed=seed, folder=folder, players=players, speed=speed,
                        durable=True)
    book = SeatBook()
    codes: dict[str, str] = {}
    for spec in specs:
        seat_id = spec.label or "+".join(spec.parts)
        if seat_id in book.seats:
            raise UsageError(f"--seat: two seats are called {seat_id!r} — give each a different NAME=")
        codes[seat_id] = book.add(seat_id, spec.parts, label=spec.label)
    facilitator = book.add(FACILITATOR_SEAT, ())
    clock = LiveClock(engine, float(engine.events[0].data["speed"]))
    clock.pause()  # people join first; the facilitator starts the clock from the console
    host = Host(engine, scenario, book, folder, clock=clock, bind=bind, port=port, playbook=playbook,
                codes=codes)
    return Hosted(host, [], facilitator)


def resumed_hosted(log: Path, *, bind: str, port: int | None, playbook: Path | None = None) -> Hosted:
    logged = read_log(log)
    folder = logged.path.parent
    book, saved_port = SeatBook.load(folder / SEATS_FILE)
    scenario, _ = scenario_of(logged.started)
    engine = resume_live(logged)
    speed, paused = float(engine.events[0].data.get("speed") or scenario.default_speed), False
    for event in engine.events:
        if event.kind == "clock":
            speed, paused = float(event.data["speed"]), bool(event.data["paused"])
    clock = LiveClock(engine, speed, paused=paused)
    clock.pause()
    facilitator = book.add(FACILITATOR_SEAT, ())
    host = Host(engine, scenario, book, folder, clock=clock, bind=bind,
                port=port if port is not None else saved_port or 0, playbook=playbook)
    return Hosted(host, [], facilitator, resumed=True)


def join_commands(hosted: Hosted) -> list[str]:
    """The join command of every seat made by this process (codes are shown, never stored)."""
    host = hosted.host
    lines = []
    for seat_id, code in host.codes.items():
        seat = host.seats.seats[seat_id]
        parts = ", ".join(f"{host.engine.name_of(p)} ({p})" for p in seat.parts)
        lines.append(f"{join_command(host.address(), code)}    # {seat_id}: {parts}")
    return lines
