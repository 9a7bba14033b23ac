"""Hosted drills: one engine on the host, every participant on their own device.

The wire format (`decode_seat_message`, `encode`, versioned messages over a WebSocket), join codes
(`SeatBook`, one random code per seat, kept only as a digest), what a seat may know up front
(`Briefing`), the room's read model (`RoomModel`: a projection of events that a local room and a
remote seat both render from), who sees which event (`seat_sees`), the host (`Host`: the engine, its
live clock and the server; `HostThread` runs one beside a UI) and the seat's client (`SeatClient`:
reconnects with its code, catches up from the log, sends each action once).

The host is the only writer of the event log; seats send typed actions and receive events. Nothing
here imports Textual: the room and the facilitator console (`drills.tui`) sit on top.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drills import lazy_exports

if TYPE_CHECKING:
    from drills.seats._briefing import Briefing, Option, Person, seat_started
    from drills.seats._client import SeatClient, SeatRefused, Welcome, check_seat
    from drills.seats._codes import FACILITATOR_SEAT, SEATS_FILE, Seat, SeatBook, WrongCodes, new_code, normalise
    from drills.seats._control import CONTROL_FILE, ClockControl, read_control
    from drills.seats._host import Host, HostThread, display_host, join_command
    from drills.seats._hosting import Hosted, SeatSpec, join_commands, new_hosted, parse_seat, resumed_hosted
    from drills.seats._room_model import RoomModel
    from drills.seats._truth import FunctionState, Truth, UpcomingInject, truth_of
    from drills.seats._visibility import seat_sees
    from drills.seats._wire import MAX_MESSAGE_BYTES, VERSION, WireError, decode_seat_message, encode

__all__ = [
    "CONTROL_FILE",
    "FACILITATOR_SEAT",
    "MAX_MESSAGE_BYTES",
    "SEATS_FILE",
    "VERSION",
    "Briefing",
    "ClockControl",
    "FunctionState",
    "Host",
    "HostThread",
    "Hosted",
    "Option",
    "Person",
    "RoomModel",
    "Seat",
    "SeatBook",
    "SeatClient",
    "SeatRefused",
    "SeatSpec",
    "Truth",
    "UpcomingInject",
    "Welcome",
    "WireError",
    "WrongCodes",
    "check_seat",
    "decode_seat_message",
    "display_host",
    "encode",
    "join_command",
    "join_commands",
    "new_code",
    "new_hosted",
    "normalise",
    "parse_seat",
    "read_control",
    "resumed_hosted",
    "seat_sees",
    "seat_started",
    "truth_of",
]

_EXPORTS = {
    "Briefing": "_briefing",
    "Option": "_briefing",
    "Person": "_briefing",
    "seat_started": "_briefing",
    "SeatClient": "_client",
    "SeatRefused": "_client",
    "Welcome": "_client",
    "check_seat": "_client",
    "CONTROL_FILE": "_control",
    "ClockControl": "_control",
    "read_control": "_control",
    "FACILITATOR_SEAT": "_codes",
    "SEATS_FILE": "_codes",
    "Seat": "_codes",
    "SeatBook": "_codes",
    "WrongCodes": "_codes",
    "new_code": "_codes",
    "normalise": "_codes",
    "Host": "_host",
    "HostThread": "_host",
    "join_command": "_host",
    "display_host": "_host",
    "Hosted": "_hosting",
    "SeatSpec": "_hosting",
    "join_commands": "_hosting",
    "new_hosted": "_hosting",
    "parse_seat": "_hosting",
    "resumed_hosted": "_hosting",
    "RoomModel": "_room_model",
    "FunctionState": "_truth",
    "Truth": "_truth",
    "UpcomingInject": "_truth",
    "truth_of": "_truth",
    "seat_sees": "_visibility",
    "MAX_MESSAGE_BYTES": "_wire",
    "VERSION": "_wire",
    "WireError": "_wire",
    "decode_seat_message": "_wire",
    "encode": "_wire",
}
"""Each public name and the private module it lives in, imported when first used."""


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
