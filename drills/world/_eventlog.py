"""The append-only event log: one JSON Lines file per drill, flushed as each event happens.

A drill killed mid-write loses at most the line being written; `read_log` drops a torn last line,
and `JsonlEventLog.reopen` truncates it before appending again. Two writers, one format: live drills
append each line with write(2) and fsync it; headless drills copy each line into a memory map of the
file (`MappedEventLog`), which is as safe against a killed process and several times cheaper.
"""

from __future__ import annotations

import errno
import mmap
import os
import stat
from pathlib import Path
from typing import Protocol

from drills.errors import EventLogError, OutputError, UsageError, sizes
from drills.world._eventcheck import event_problem
from drills.world._events import Event, decode_line

LOG_NAME = "events.jsonl"
MAX_LOG_BYTES = 32_000_000
"""The largest event log drills reads. A headless drill's log is ~50 KB and the longest live drill a few
MB; the engine's own bounds keep any drill far below this, so a bigger file was not written by drills."""


class EventSink(Protocol):
    def write(self, event: Event) -> None: ...

    def close(self) -> None: ...


class JsonlEventLog:
    """Writes each event as one line and flushes it to the OS at once, so a killed process loses at
    most the line being written. `durable=True` also fsyncs every event, so a power cut loses no
    more: right for live drills (a few events a second), too slow for thousands of headless ones."""

    def __init__(self, path: Path, *, append: bool = False, durable: bool = False):
        self.path = path
        self.durable = durable
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_NOFOLLOW: an existing log is appended to only if it is the file itself, never through a link.
        flags = os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | (0 if append else os.O_CREAT | os.O_EXCL)
        # A raw descriptor: one write(2) per event, nothing buffered in this process to lose.
        self._fd: int | None = os.open(path, flags, 0o644)

    @classmethod
    def reopen(cls, path: Path, keep_bytes: int, *, durable: bool = False) -> JsonlEventLog:
        """Reopen for appending after dropping anything past the last complete line."""
        if path.is_symlink():
            raise OutputError(f"{path}: is a symbolic link — drills never writes through a link; resume the log "
                              "it points to instead")
        with open(os.open(path, os.O_RDWR | os.O_NOFOLLOW), "r+b") as raw:
            raw.truncate(keep_bytes)
            if keep_bytes:
                raw.seek(keep_bytes - 1)
                if raw.read(1) != b"\n":  # the last event was whole but its newline was lost
                    raw.write(b"\n")
        return cls(path, append=True, durable=durable)

    def write(self, event: Event) -> None:
        assert self._fd is not None, "event log already closed"
        os.write(self._fd, event.to_line())
        if self.durable:
            os.fsync(self._fd)

    def close(self) -> None:
        """Put the log on disk (survives power loss, not only a killed process) and close it."""
        if self._fd is not None:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None


class MappedEventLog:
    """Headless drills (thousands of events a second): each line is copied into a shared memory map of
    the file, which puts it in the OS's page cache at once, so a killed process loses at most the line
    being copied, as with write(2), without a system call per event (write(2) was over half the cost
    of logging an event). The file's space is reserved ahead with posix_fallocate (so a full disk is an
    error here, not a SIGBUS later) and cut to its content on close; a log whose process was killed
    ends in NUL padding, which `read_log` ignores and `JsonlEventLog.reopen` cuts off."""

    RESERVE = 1 << 17
    """Bytes reserved at a time: a headless drill's log is ~50 KB."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fd: int | None = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            self._map = self._reserve(self.RESERVE)
        except BaseException:
            os.close(self._fd)
            path.unlink()
            raise

    def _reserve(self, size: int) -> mmap.mmap:
        assert self._fd is not None
        os.posix_fallocate(self._fd, 0, size)
        # MAP_POPULATE maps the pages now, in one go, instead of one page fault per page on first write.
        return mmap.mmap(self._fd, size, flags=mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0))

    def write(self, event: Event) -> None:
        line = event.to_line()
        try:
            self._map.write(line)
        except ValueError:  # the reserved space is full: reserve twice as much and carry on
            used, reserved = self._map.tell(), len(self._map)
            self._map.close()
            self._map = self._reserve(2 * max(reserved, used + len(line)))
            self._map.seek(used)
            self._map.write(line)

    def close(self) -> None:
        """Cut the file to what was written, put it on disk and close it."""
        if self._fd is not None:
            used = self._map.tell()
            self._map.close()
            os.ftruncate(self._fd, used)
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None


def open_event_log(path: Path, *, durable: bool) -> EventSink:
    """A new log at `path`: fsynced per event for live play, memory-mapped for headless play where the
    platform and file system can reserve space (Linux), appended otherwise."""
    if not durable and hasattr(os, "posix_fallocate"):
        try:
            return MappedEventLog(path)
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENODEV):
                raise  # a full disk or a permission problem is the user's to know, not to work around
    return JsonlEventLog(path, durable=durable)


class LoggedDrill:
    """The events read back from a log, and how many bytes of it are whole lines."""

    def __init__(self, path: Path, events: list[Event], good_bytes: int, torn: bool):
        self.path = path
        self.events = events
        self.good_bytes = good_bytes
        self.torn = torn

    @property
    def started(self) -> Event:
        return self.events[0]

    @property
    def ended(self) -> bool:
        return any(e.kind == "drill_ended" for e in self.events)


def read_log(path: Path, *, max_bytes: int = MAX_LOG_BYTES) -> LoggedDrill:
    """Read an event log; a torn final line (a crash mid-write) is dropped, anything else is an error.

    Only a regular file of at most `max_bytes` is read (a FIFO would block, /dev/zero never ends), and
    every event is checked against the event vocabulary (`drills.world._eventcheck`) as it is read: the
    first line that does not fit is one EventLogError at its line."""
    if not path.exists():
        raise UsageError(f"{path}: no such event log — pass the events.jsonl of a drill (see reports/)")
    if path.is_dir():
        path = path / LOG_NAME
        if not path.exists():
            raise UsageError(f"{path}: no event log in this folder — pass a drill's events.jsonl")
    raw = _read_regular(path, max_bytes).rstrip(b"\0")  # a headless drill's space reserved past its last event
    events: list[Event] = []
    good = 0
    torn = False
    previous_t = 0.0
    lines = raw.split(b"\n")
    for number, line in enumerate(lines, start=1):
        is_last = number == len(lines)
        if not line.strip():
            good += len(line) + (0 if is_last else 1)
            continue
        try:
            decoded = decode_line(line)
        except (UnicodeDecodeError, ValueError) as exc:
            if is_last or (number == len(lines) - 1 and not lines[-1].strip()):
                torn = True
                break
            raise EventLogError(
                f"{path}:{number}:1: not an event ({exc.__class__.__name__}) — the log is damaged; "
                "restore it or delete lines from here on"
            ) from None
        problem = event_problem(decoded, len(events), previous_t)
        if problem is None and not events and decoded["kind"] != "drill_started":
            problem = "not a drill event log (it does not start with drill_started) — pass a drill's events.jsonl"
        if problem is not None:
            raise EventLogError(f"{path}:{number}:1: {problem}")
        event = Event.from_raw(decoded)
        previous_t = event.t
        events.append(event)
        good += len(line) + (0 if is_last else 1)
    if not events or events[0].kind != "drill_started":
        raise EventLogError(f"{path}:1:1: not a drill event log (no drill_started) — pass a drill's events.jsonl")
    return LoggedDrill(path, events, good, torn)


def _read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`, opened without blocking on a FIFO or a device."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it ({exc.strerror}) — check the path and permissions") from None
    with open(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"{path}: is not a regular file — pass a drill's events.jsonl")
        if info.st_size > max_bytes:
            raise EventLogError(_too_big(path, info.st_size, max_bytes))
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew since fstat
        raise EventLogError(_too_big(path, len(data), max_bytes))
    return data


def _too_big(path: Path, size: int, limit: int) -> str:
    shown, most = sizes(size, limit)
    return (f"{path}:1:1: the log is {shown}, more than the {most} an event log may be — drills writes far "
            "smaller logs; check that this is a drill's events.jsonl")
