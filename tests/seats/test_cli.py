"""`drill host` and `drill join` through the real entry point: what the user can get wrong ends as one line."""

from __future__ import annotations

import pytest

from .conftest import hosted

pytestmark = pytest.mark.slow


def test_a_seat_for_a_part_the_scenario_lacks_is_a_usage_error(tmp_path, drill):
    result = drill("host", "--seat", "ana=nobody-here", "--reports", tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no part nobody-here" in result.stderr and "backend-lead" in result.stderr


def test_resuming_a_drill_that_was_not_hosted_is_one_clear_line(tmp_path, drill):
    from drills.scenario import load_scenario
    from drills.world import new_engine

    loaded = load_scenario("invoice-export-tax-field")
    new_engine(loaded.scenario, loaded.source, seed=1, folder=tmp_path / "d", durable=True).close()
    result = drill("host", "--resume", tmp_path / "d" / "events.jsonl")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "only a drill started with `drill host`" in result.stderr


async def test_joining_with_a_wrong_code_is_one_line_and_exit_1(tmp_path, drill):
    import asyncio

    async with hosted(tmp_path) as hosted_drill:
        result = await asyncio.to_thread(drill, "join", hosted_drill.address, "--code", "AAAA-BBBB-CCCC-DDDD")
    assert result.returncode == 1
    assert result.stderr.startswith("drill: wrong join code") and result.stderr.count("\n") == 1


def test_joining_an_address_where_no_host_listens_is_one_line(drill):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = drill("join", f"127.0.0.1:{port}", "--code", "AAAA-BBBB-CCCC-DDDD")
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "no host answers there" in result.stderr
