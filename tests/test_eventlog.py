"""The two log writers write the same bytes, and neither loses a written event when the process dies."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from drills.scenario import load_scenario
from drills.teams import IdealTeam, play_headless
from drills.world import Engine, JsonlEventLog, MappedEventLog, open_event_log, read_log

needs_fallocate = pytest.mark.skipif(not hasattr(os, "posix_fallocate"), reason="memory-mapped logs need Linux")


def _drill(sink=None) -> Engine:
    loaded = load_scenario("invoice-export-tax-field")
    return play_headless(Engine(loaded.scenario, loaded.source, seed=3, sink=sink, team="ideal"), IdealTeam())


@pytest.fixture(scope="module")
def expected() -> bytes:
    return b"".join(event.to_line() for event in _drill().events)


@needs_fallocate
@pytest.mark.parametrize("reserve", [MappedEventLog.RESERVE, 4096, 512])
def test_a_mapped_log_is_byte_identical_to_an_appended_one(tmp_path, expected, monkeypatch, reserve):
    """Also when the drill outgrows the space reserved for it (the smaller reserves force regrowth)."""
    monkeypatch.setattr(MappedEventLog, "RESERVE", reserve)
    for name, sink in (("mapped", MappedEventLog(tmp_path / "mapped.jsonl")),
                       ("appended", JsonlEventLog(tmp_path / "appended.jsonl"))):
        _drill(sink).close()
        assert (tmp_path / f"{name}.jsonl").read_bytes() == expected, name


@needs_fallocate
def test_an_unclosed_mapped_log_reads_whole_and_reopens_without_its_padding(tmp_path, expected):
    """What a killed headless drill leaves: its events, then NUL padding up to the reserved size."""
    path = tmp_path / "events.jsonl"
    sink = MappedEventLog(path)
    for event in _drill().events[:30]:
        sink.write(event)
    on_disk = path.read_bytes()  # the process is alive, as if killed right here
    assert len(on_disk) == MappedEventLog.RESERVE and on_disk.endswith(b"\0")

    logged = read_log(path)
    assert len(logged.events) == 30 and not logged.torn
    assert logged.good_bytes == len(on_disk.rstrip(b"\0"))
    appended = JsonlEventLog.reopen(path, logged.good_bytes)
    appended.write(_drill().events[30])
    appended.close()
    assert path.read_bytes() == b"".join(line for line in expected.splitlines(keepends=True)[:31])


@needs_fallocate
def test_live_drills_get_the_fsynced_appended_log_and_headless_ones_the_mapped_log(tmp_path):
    live, headless = open_event_log(tmp_path / "a.jsonl", durable=True), open_event_log(tmp_path / "b.jsonl",
                                                                                        durable=False)
    assert isinstance(live, JsonlEventLog) and live.durable
    assert isinstance(headless, MappedEventLog)
    live.close()
    headless.close()
    assert (tmp_path / "b.jsonl").read_bytes() == b""


@needs_fallocate
def test_a_file_system_that_cannot_reserve_space_gets_the_appended_log(tmp_path, monkeypatch):
    def unsupported(fd, offset, length):
        raise OSError(errno.EOPNOTSUPP, "Operation not supported")

    monkeypatch.setattr(os, "posix_fallocate", unsupported)
    sink = open_event_log(tmp_path / "events.jsonl", durable=False)
    assert isinstance(sink, JsonlEventLog)
    sink.close()


@needs_fallocate
def test_a_full_disk_is_an_error_at_once_and_leaves_no_file(tmp_path, monkeypatch):
    def full(fd, offset, length):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "posix_fallocate", full)
    with pytest.raises(OSError, match="No space left"):
        open_event_log(tmp_path / "events.jsonl", durable=False)
    assert not Path(tmp_path / "events.jsonl").exists()
