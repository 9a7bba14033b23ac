"""A real host on a loopback port and real seat clients: what each seat sees, what the host refuses,
reconnecting without losing or repeating anything."""

from __future__ import annotations

import asyncio

import websockets

from drills.seats import MAX_MESSAGE_BYTES, encode
from drills.world import FACILITATOR, CustomerUpdate, EndDrill, FacilitatorInject, PostUpdate, read_log, visible_to

from .conftest import hosted, until


async def test_an_action_from_one_seat_reaches_every_seat(tmp_path):
    async with hosted(tmp_path) as drill:
        support, backend = await drill.seat("support"), await drill.seat("backend")
        await until(lambda: support.welcomes and backend.welcomes)
        assert support.welcomes[0].parts == ("support-lead",)
        assert backend.welcomes[0].parts == ("backend-lead", "sre")
        await backend.client.act(PostUpdate(actor="sre", known="exports fail", affected="EU accounts"))
        await until(lambda: any(e.kind == "action" for e in support.events))
        update = next(e for e in support.events if e.kind == "action")
        assert update.actor == "sre" and update.data["action"]["known"] == "exports fail"
        await until(lambda: backend.of("done"))
        assert backend.of("done")[0]["refused"] is None
        assert backend.client.pending == {}


async def test_a_seat_gets_no_scenario_text_and_the_facilitator_gets_all(tmp_path):
    async with hosted(tmp_path) as drill:
        support, boss = await drill.seat("support"), await drill.seat("facilitator")
        await until(lambda: support.saw("drill_started") and boss.saw("drill_started"))
        assert "scenario_source" not in support.saw("drill_started")[0].data
        assert "scenario_source" in boss.saw("drill_started")[0].data
        assert drill.host.scenario.incident.root_cause not in repr(support.events)
        assert boss.welcomes[0].facilitator and not support.welcomes[0].facilitator
        await until(lambda: boss.of("seats"))
        listed = {s["id"]: s for s in boss.of("seats")[-1]["seats"]}
        assert set(listed) >= {"support", "backend", "boss"}


async def test_a_check_result_reaches_only_whoever_ran_it(tmp_path):
    """Each seat's events are sent in order, so once a later event arrives an earlier one never will."""
    async with hosted(tmp_path) as drill:
        support, backend = await drill.seat("support"), await drill.seat("backend")
        await until(lambda: support.welcomes and backend.welcomes)
        check = drill.host.scenario.checks[0]
        await backend.client.act({"kind": "run_check", "actor": "sre", "check": check.id})
        await until(lambda: backend.saw("check_started"))
        drill.host.engine.advance_to(drill.host.engine.now + check.takes + 0.5)
        drill.host.tick()
        await until(lambda: backend.saw("check_result"))
        await support.client.act(PostUpdate(actor="support-lead", known="a marker after the check"))
        await until(lambda: support.of("done") and any(e.kind == "action" for e in support.events))
        assert not support.saw("check_result") and not support.saw("check_started")


async def test_the_host_refuses_an_action_for_a_part_the_seat_does_not_hold(tmp_path):
    async with hosted(tmp_path) as drill:
        support = await drill.seat("support")
        await until(lambda: support.welcomes)
        await support.client.act(CustomerUpdate(actor="backend-lead", works="login"), action_id="not-mine-1")
        await support.client.act(FacilitatorInject(actor=FACILITATOR, text="fake news"), action_id="not-mine-2")
        await support.client.act(EndDrill(actor=FACILITATOR), action_id="not-mine-3")
        await until(lambda: len(support.of("done")) == 3)
        refusals = {m["id"]: m["refused"] for m in support.of("done")}
        assert "this seat acts as" in refusals["not-mine-1"] and "not as" in refusals["not-mine-1"]
        assert all(refusals.values())
        assert not any(e.kind == "action" for e in drill.host.engine.events)
        assert not drill.host.engine.done


async def test_the_host_refuses_messages_that_do_not_validate(tmp_path):
    async with hosted(tmp_path) as drill:
        support = await drill.seat("support")
        await until(lambda: support.welcomes)
        await support.client.send_raw(b"not json")
        await support.client.send_raw(b'{"v": 1, "type": "teleport"}')
        await support.client.send_raw(b'{"v": 9, "type": "act", "id": "abcdefgh", "action": {}}')
        await support.client.act({"kind": "post_update", "actor": "support-lead", "known": 5}, "wrong-type")
        await support.client.act({"kind": "launch_missiles", "actor": "support-lead"}, "unknown-kind")
        await until(lambda: len(support.of("refused")) == 3 and len(support.of("done")) == 2)
        reasons = [m["reason"] for m in support.of("refused")]
        assert all(r.startswith("invalid message") for r in reasons)
        assert "version" in reasons[2]
        assert all(m["refused"].startswith("invalid action") for m in support.of("done"))
        assert not any(e.kind in ("action", "action_refused") for e in drill.host.engine.events)


async def test_an_oversized_message_closes_the_connection(tmp_path):
    async with hosted(tmp_path) as drill:
        async with websockets.connect(f"ws://{drill.address}") as ws:
            await ws.send(encode("hello", code=drill.codes["support"]))
            await ws.recv()
            await ws.send(encode("act", id="big-one-1", action={"kind": "add_note", "actor": "support-lead",
                                                                 "label": "fact", "text": "x" * MAX_MESSAGE_BYTES}))
            try:
                while True:
                    await asyncio.wait_for(ws.recv(), timeout=10)
            except websockets.ConnectionClosed as closed:
                assert closed.rcvd is not None and closed.rcvd.code == 1009
        assert not any(e.kind == "action" for e in drill.host.engine.events)


async def test_a_flood_is_rate_limited_then_cut_off(tmp_path):
    async with hosted(tmp_path) as drill:
        support = await drill.seat("support", reconnect=False)
        await until(lambda: support.welcomes)
        for n in range(100):
            await support.client.act(PostUpdate(actor="support-lead", known=f"flood {n}", channel="side"),
                                     action_id=f"flood-{n:04d}")
        await until(lambda: support.task.done())
        applied = [e for e in drill.host.engine.events if e.kind == "action"]
        assert len(applied) == drill.host.rate.burst  # the clock is frozen: no tokens come back
        assert support.of("refused") and "slow down" in support.of("refused")[0]["reason"]


async def test_a_wrong_code_is_refused_clearly_and_repeated_ones_are_slowed(tmp_path):
    delays: list[float] = []

    async def record(seconds: float) -> None:
        delays.append(seconds)

    async with hosted(tmp_path, penalty_sleep=record) as drill:
        for _ in range(6):
            guess = await drill.seat("support", code="AAAA-BBBB-CCCC-DDDD")
            await until(lambda guess=guess: guess.error is not None)
            assert "wrong join code" in str(guess.error)
        assert delays[:3] == [0, 0, 0]
        assert delays[3:] == sorted(delays[3:]) and delays[3] > 0 and delays[5] > delays[3]
        right = await drill.seat("support")
        await until(lambda: right.welcomes)
        assert drill.host.wrong_codes.counts == {}


async def test_codes_are_never_written_in_clear(tmp_path):
    async with hosted(tmp_path) as drill:
        support = await drill.seat("support")
        await until(lambda: support.welcomes)
        await support.client.act(PostUpdate(actor="support-lead", known="x"))
        await until(lambda: support.of("done"))
        written = b"".join(p.read_bytes() for p in drill.folder.iterdir() if p.is_file())
        for code in drill.codes.values():
            assert code.encode() not in written and code.replace("-", "").encode() not in written


async def test_a_code_after_the_end_is_refused(tmp_path):
    async with hosted(tmp_path) as drill:
        boss = await drill.seat("facilitator")
        await until(lambda: boss.welcomes)
        await boss.client.act(EndDrill(actor=FACILITATOR))
        await until(lambda: drill.host.engine.done)
        await until(lambda: boss.of("debrief"), timeout=60)
        assert boss.of("debrief")[0]["error"] is None, boss.of("debrief")[0]["error"]
        assert boss.of("debrief")[0]["card"]["rating"] in "PSMU"
        late = await drill.seat("support")
        await until(lambda: late.error is not None)
        assert "the drill has ended" in str(late.error)


async def test_a_dropped_seat_catches_up_and_its_resent_action_is_applied_once(tmp_path):
    async with hosted(tmp_path) as drill:
        support, backend = await drill.seat("support"), await drill.seat("backend")
        await until(lambda: support.welcomes and backend.welcomes)
        await support.client.act(PostUpdate(actor="support-lead", known="before the drop"), action_id="once-0001")
        await until(lambda: support.of("done"))
        # The line drops: the seat missed events meanwhile, and resends an action the host already applied.
        ws = support.client._ws
        assert ws is not None
        support.client.pending["once-0001"] = {"kind": "post_update", "actor": "support-lead",
                                               "known": "before the drop"}
        await ws.close()
        await backend.client.act(PostUpdate(actor="sre", known="while support was away"))
        await until(lambda: len(support.welcomes) == 2)
        await until(lambda: any(e.data.get("action", {}).get("known") == "while support was away"
                                for e in support.events))
        await until(lambda: support.client.pending == {})
        applied = [e for e in drill.host.engine.events if e.kind == "action"]
        assert [e.data["action"]["known"] for e in applied] == ["before the drop", "while support was away"]
        seqs = [e.seq for e in support.events]
        assert seqs == sorted(set(seqs)), "no event twice, none out of order"
        logged = read_log(drill.folder / "events.jsonl").events
        assert [e.seq for e in logged if drill.host._sees(drill.host.seats.seats["support"], e)] == seqs


async def test_a_slow_seat_is_dropped_and_does_not_hold_the_others(tmp_path):
    async with hosted(tmp_path, queue_limit=5) as drill:
        support, backend = await drill.seat("support"), await drill.seat("backend")
        await until(lambda: support.welcomes and backend.welcomes)
        slow = next(c for c in drill.host.connections if c.seat.id == "support")
        slow.writer.cancel()  # this seat stops reading: its queue fills
        for n in range(10):
            await backend.client.act(PostUpdate(actor="sre", known=f"update {n}"))
        await until(lambda: len(backend.of("done")) == 10)
        assert slow not in drill.host.connections
        await until(lambda: len(support.welcomes) == 2)  # it reconnects and catches up
        await until(lambda: sum(e.kind == "action" for e in support.events) == 10)


async def test_each_seat_receives_exactly_what_its_parts_see(tmp_path):
    async with hosted(tmp_path) as drill:
        seats = {name: await drill.seat(name) for name in ("support", "backend", "boss", "facilitator")}
        await until(lambda: all(s.welcomes for s in seats.values()))
        engine = drill.host.engine
        engine.advance_to(60)
        drill.host.tick()
        await seats["facilitator"].client.act(FacilitatorInject(actor=FACILITATOR, text="only for the CTO",
                                                                to=["cto"]))
        await until(lambda: seats["facilitator"].of("done"))
        last = engine.events[-1].seq
        await until(lambda: seats["facilitator"].client.last_seq == last)
        await seats["support"].client.act(PostUpdate(actor="support-lead", known="marker"))
        await until(lambda: all(any(e.kind == "action" and e.actor == "support-lead" for e in s.events)
                                for s in seats.values()))
        log = engine.events
        for name, seat in seats.items():
            parts = seat.welcomes[0].parts
            wanted = [e.seq for e in log if e.kind == "drill_started" or visible_to(e, parts or (FACILITATOR,))]
            assert [e.seq for e in seat.events] == wanted, name
        by_seat = {name: {e.seq for e in s.events if e.kind == "inject"} for name, s in seats.items()}
        injects = [e for e in log if e.kind == "inject"]
        customer = {e.seq for e in injects if e.data["inject_kind"] in ("customer_message", "ticket")}
        alerts = {e.seq for e in injects if e.data["inject_kind"] in ("alert", "log", "deploy_note")}
        assert customer and customer <= by_seat["support"] and not customer & by_seat["backend"]
        assert alerts and alerts <= by_seat["backend"] and not alerts & by_seat["support"]
        adhoc = next(e.seq for e in log if e.kind == "inject" and e.data["text"] == "only for the CTO")
        assert adhoc in by_seat["boss"] and adhoc not in by_seat["support"] | by_seat["backend"]
        truth = {e.seq for e in log if e.kind == "world_changed"}
        assert truth and truth <= {e.seq for e in seats["facilitator"].events}
        assert not truth & {e.seq for e in seats["support"].events}
