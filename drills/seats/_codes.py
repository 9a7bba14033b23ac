"""Join codes: one random code per seat, kept by the host only as a digest, and the slow-down for
wrong guesses.

A code is 16 characters of Crockford's base32 (80 random bits from `secrets`), shown in four groups
(`K7F2-QX9M-4TDA-8WZE`). The host writes each seat's parts and the SHA-256 of its code beside the
drill's log (`seats.json`), never the code itself, so a resumed host knows the seats again while
neither the log nor that file holds a code anyone could join with.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from drills.errors import UsageError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives."""
CODE_CHARS = 16
"""80 bits of randomness (the issue asks for at least 64)."""
SEATS_FILE = "seats.json"
FACILITATOR_SEAT = "facilitator"
"""The seat of the facilitator console: it sees every event and may use the clock."""


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_CHARS))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_CHARS, 4))


def normalise(code: str) -> str:
    """What a person typed, as the canonical code: case, spaces and dashes do not matter, and the
    letters Crockford reads as digits (O, I, L) are read so."""
    cleaned = code.upper().replace("-", "").replace(" ", "")
    return cleaned.translate(str.maketrans("OIL", "011"))


def digest(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Seat:
    """One seat: who it is, the cast ids it may act as, and the digest of its join code."""

    id: str
    parts: tuple[str, ...]
    code_digest: str
    label: str = ""
    """Who the facilitator meant it for (e.g. the player's name), shown on the console."""

    @property
    def facilitator(self) -> bool:
        return self.id == FACILITATOR_SEAT


@dataclass
class SeatBook:
    """Every seat of one hosted drill."""

    seats: dict[str, Seat] = field(default_factory=dict)

    def add(self, seat_id: str, parts: tuple[str, ...], *, label: str = "") -> str:
        """A new seat; returns its code in clear (shown once, to be handed to the player)."""
        code = new_code()
        self.seats[seat_id] = Seat(seat_id, parts, digest(code), label)
        return code

    def match(self, code: str) -> Seat | None:
        """The seat this code opens, compared in constant time; None for a wrong code."""
        wanted = digest(code)
        found = None
        for seat in self.seats.values():
            if hmac.compare_digest(seat.code_digest, wanted):
                found = seat
        return found

    def save(self, path: Path, *, port: int) -> None:
        """Write the seats (digests only) and the port, so a resumed host serves the same codes."""
        data = {"port": port, "seats": [
            {"id": s.id, "parts": list(s.parts), "code_sha256": s.code_digest, "label": s.label}
            for s in self.seats.values() if not s.facilitator
        ]}
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            json.dump(data, out, indent=1)
            out.flush()
            os.fsync(out.fileno())
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> tuple[SeatBook, int | None]:
        """The seats a host saved beside its log, and the port it listened on."""
        try:
            data = json.loads(path.read_text())
            seats = {s["id"]: Seat(s["id"], tuple(s["parts"]), s["code_sha256"], s.get("label", ""))
                     for s in data["seats"]}
        except FileNotFoundError:
            raise UsageError(f"{path}: no seats file beside this log — only a drill started with `drill host` "
                             "can be resumed as hosted; use `drill resume` for a single-screen drill") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise UsageError(f"{path}:1:1: the seats file is damaged ({exc.__class__.__name__}) — restore it, "
                             "or start a new hosted drill") from None
        port = data.get("port")
        return cls(seats), port if isinstance(port, int) else None


@dataclass
class WrongCodes:
    """Slows down guessing: after `free` wrong codes from one address, each answer waits twice as long
    as the last (up to `cap` seconds). A right code from that address forgives its count."""

    free: int = 3
    base: float = 0.5
    cap: float = 30.0
    counts: dict[str, int] = field(default_factory=dict)

    def delay_for(self, address: str) -> float:
        """Seconds to wait before answering this address's next wrong code (it counts as one)."""
        count = self.counts.get(address, 0) + 1
        self.counts[address] = count
        if count <= self.free:
            return 0.0
        return min(self.cap, self.base * 2 ** (count - self.free - 1))

    def forgive(self, address: str) -> None:
        self.counts.pop(address, None)
