"""The wire format between a host and its seats: versioned JSON messages over a WebSocket.

Every message is one JSON object with `"v"` (the protocol version) and `"type"`. A seat sends:

| type   | fields                                   | what it asks                                     |
|--------|------------------------------------------|--------------------------------------------------|
| hello  | code, since (last seq it has, -1 = none) | open this seat, send the events after `since`   |
| act    | id (unique per action), action {...}     | apply this action once (a resend is not re-run)  |
| clock  | op (pause/resume/toggle/faster/slower/speed), speed | facilitator only                      |
| seats  | -                                        | facilitator only: who holds which seat, and codes |

The host sends `welcome` (seat, parts, facilitator, briefing), `events` (the ones this seat sees, in
order), `done` (id, seq of the action's event, refused reason or None), `clock` (now, speed, paused,
real_minutes_left, ended), `seats` (the seat list for the facilitator), `debrief` (the scorecard once
the drill has ended) and `refused` (reason; `fatal` closes the connection).

Anything that does not validate against these models (or against the action models, for `act`) is
refused, and so is a message over `MAX_MESSAGE_BYTES`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

VERSION = 1
MAX_MESSAGE_BYTES = 64 * 1024
"""A seat's message is one action: the largest form is a few KB; anything bigger is refused."""
MAX_HOST_MESSAGE_BYTES = 64 * 1024 * 1024
"""What a seat accepts from its host (a catch-up of a whole drill's events is a few MB at most)."""


class WireError(ValueError):
    """A message that is not one of ours: the reason is sent back to the peer."""


class _Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    v: Literal[1] = VERSION


class Hello(_Message):
    type: Literal["hello"] = "hello"
    code: str = Field(min_length=1, max_length=64)
    since: int = Field(default=-1, ge=-1)
    """The seq of the last event this seat already has (-1: none); the host sends the rest."""


class Act(_Message):
    type: Literal["act"] = "act"
    id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    action: dict[str, Any]


class ClockOp(_Message):
    type: Literal["clock"] = "clock"
    op: Literal["pause", "resume", "toggle", "faster", "slower", "speed"]
    speed: float | None = Field(default=None, gt=0, le=240)


class SeatsAsk(_Message):
    type: Literal["seats"] = "seats"


SeatMessage = Annotated[Hello | Act | ClockOp | SeatsAsk, Field(discriminator="type")]
_SEAT_ADAPTER: TypeAdapter[SeatMessage] = TypeAdapter(SeatMessage)


def decode_seat_message(raw: str | bytes) -> Hello | Act | ClockOp | SeatsAsk:
    """A seat's message, validated (raises WireError with what is wrong)."""
    if len(raw) > MAX_MESSAGE_BYTES:
        raise WireError(f"message over {MAX_MESSAGE_BYTES} bytes")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise WireError("not JSON") from None
    if not isinstance(data, dict):
        raise WireError("not a JSON object")
    if data.get("v") != VERSION:
        raise WireError(f"protocol version {data.get('v')!r} — this host speaks version {VERSION}; "
                        "use the same version of drills as the host")
    try:
        return _SEAT_ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise WireError(first_error(exc)) from None


def first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"])
    return f"{where}: {error['msg']}" if where else error["msg"]


def encode(type_: str, **fields: Any) -> bytes:
    """A message as the bytes sent (orjson: the host encodes every event batch for every seat)."""
    return orjson.dumps({"v": VERSION, "type": type_, **fields}, option=orjson.OPT_NON_STR_KEYS)


def events_message(lines: list[bytes]) -> bytes:
    """An `events` message from events already encoded as log lines (each encoded once for all seats)."""
    return b'{"v":1,"type":"events","events":[' + b",".join(line.rstrip(b"\n") for line in lines) + b"]}"


def decode_host_message(raw: str | bytes) -> dict[str, Any]:
    """A host's message as a dict (raises WireError if it is not one of ours)."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise WireError("the host sent something that is not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise WireError("the host sent something that is not a message")
    if data.get("v") != VERSION:
        raise WireError(f"the host speaks protocol version {data.get('v')!r}, this seat {VERSION} — "
                        "use the same version of drills as the host")
    return data
