"""Hosted drills over loopback: how long an action takes to reach every seat, and what each seat costs
the host, against the same drill played in process.

    .venv/bin/python benchmarks/bench_seats.py [--seats 2 10 50] [--rounds 200] [--scenario ID]

A real host (`drill host`'s: the engine with its live clock running, the fsynced log, the WebSocket
server) runs on a thread of this process; the seats are real clients in a second process, as on
other machines. Each round one seat (in turn) posts an internal update, which every seat sees; the
round's latency is from the send until the last seat has the event (action-to-every-seat). Prints
the median and p95 per seat count (target: p95 <= 50 ms at 10 seats), the host's CPU per seat (the
host thread's CPU time over the run, per real second and per seat, in % of one core), and the
baseline: the same actions applied in process to an engine whose read model is folded as the local
room's is, with the ratio of the two medians.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from drills.scenario import load_scenario
from drills.seats import Briefing, Host, HostThread, RoomModel, SeatBook, SeatClient
from drills.world import LiveClock, PostUpdate, action_to_dict, new_engine


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# --------------------------------------------------------------------------- the seats' process

async def run_seats(address: str, seats: list[dict], rounds: int) -> list[float]:
    arrived: dict[int, dict[int, float]] = {}
    clients: list[SeatClient] = []
    tasks = []
    for index, seat in enumerate(seats):
        def on_events(events, index=index):
            now = time.perf_counter()
            for event in events:
                if event.kind == "action":
                    marker = event.data["action"].get("known", "")
                    if marker.startswith("bench "):
                        arrived.setdefault(int(marker.split()[1]), {})[index] = now

        client = SeatClient(address, seat["code"], on_events=on_events, retry_for=30)
        clients.append(client)
        tasks.append(asyncio.get_running_loop().create_task(client.run()))
    while not all(c.connected for c in clients):
        await asyncio.sleep(0.01)
    latencies = []
    # Each seat sends at most ~8 actions a second, under the host's per-seat rate limit (10/s).
    pause = max(0.02, 0.125 / len(clients))
    for r in range(rounds):
        sender = r % len(clients)
        start = time.perf_counter()
        await clients[sender].act(PostUpdate(actor=seats[sender]["part"], known=f"bench {r}"))
        while len(arrived.get(r, {})) < len(clients):
            if time.perf_counter() - start > 10:
                raise SystemExit(f"round {r}: only {len(arrived.get(r, {}))} of {len(clients)} seats got the action")
            await asyncio.sleep(0.0005)
        latencies.append(max(arrived[r].values()) - start)
        await asyncio.sleep(pause)
    for client in clients:
        await client.close()
    for task in tasks:
        task.cancel()
    return latencies


def seats_worker(argv: list[str]) -> None:
    address, seats, rounds = argv[0], json.loads(argv[1]), int(argv[2])
    print(json.dumps(asyncio.run(run_seats(address, seats, rounds))), flush=True)


# --------------------------------------------------------------------------- the host (this process)

def hosted_round(scenario_id: str, count: int, rounds: int, folder: Path) -> tuple[list[float], float]:
    loaded = load_scenario(scenario_id)
    engine = new_engine(loaded.scenario, loaded.source, seed=1, folder=folder, durable=True)
    cast = [member.id for member in loaded.scenario.cast]
    book = SeatBook()
    seats = []
    for n in range(count):
        part = cast[n % len(cast)]
        seats.append({"code": book.add(f"seat-{n}", (part,)), "part": part})
    host = Host(engine, loaded.scenario, book, folder, clock=LiveClock(engine, loaded.scenario.default_speed))
    runner = HostThread(host)
    cpu: dict[str, float] = {}
    ready = threading.Event()

    def read_cpu(key: str) -> None:
        cpu[key] = time.thread_time()  # runs on the host's thread: its own CPU time
        ready.set()

    port = runner.start()
    ready.clear()
    runner.call(read_cpu, "start")
    ready.wait()
    wall = time.perf_counter()
    worker = subprocess.run([sys.executable, __file__, "--seats-worker", f"127.0.0.1:{port}", json.dumps(seats),
                             str(rounds)], capture_output=True, text=True, check=True)
    wall = time.perf_counter() - wall
    ready.clear()
    runner.call(read_cpu, "end")
    ready.wait()
    runner.stop()
    latencies = json.loads(worker.stdout.strip().splitlines()[-1])
    cpu_per_second = (cpu["end"] - cpu["start"]) / wall
    return latencies, cpu_per_second


def in_process(scenario_id: str, rounds: int) -> list[float]:
    """The same actions applied in process, each until the local room's read model has its event."""
    loaded = load_scenario(scenario_id)
    with tempfile.TemporaryDirectory() as tmp:
        engine = new_engine(loaded.scenario, loaded.source, seed=1, folder=Path(tmp), durable=True)
        model = RoomModel(Briefing.of(loaded.scenario, engine.events[0]))
        model.apply_all(engine.events)
        engine.subscribe(model.apply)
        cast = [member.id for member in loaded.scenario.cast]
        latencies = []
        for r in range(rounds):
            action = PostUpdate(actor=cast[r % len(cast)], known=f"bench {r}")
            start = time.perf_counter()
            event = engine.act(action)
            assert model.events[event.seq].data["action"] == action_to_dict(action)
            latencies.append(time.perf_counter() - start)
        engine.close()
    return latencies


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--seats-worker":
        seats_worker(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seats", type=int, nargs="+", default=[2, 10, 50])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--scenario", default="invoice-export-tax-field")
    args = parser.parse_args()
    base = in_process(args.scenario, args.rounds)
    base_median = statistics.median(base)
    print(f"in process (baseline): median {base_median * 1000:.2f} ms, p95 {p95(base) * 1000:.2f} ms "
          f"per action (engine + fsynced log + the room's read model)")
    print(f"{'seats':>5}  {'median ms':>9}  {'p95 ms':>7}  {'vs in process':>13}  {'host CPU/seat':>13}  target")
    for count in args.seats:
        with tempfile.TemporaryDirectory() as tmp:
            latencies, cpu = hosted_round(args.scenario, count, args.rounds, Path(tmp) / "drill")
        median, tail = statistics.median(latencies), p95(latencies)
        target = "p95 <= 50 ms: " + ("met" if tail <= 0.050 else "MISSED") if count == 10 else ""
        print(f"{count:>5}  {median * 1000:>9.2f}  {tail * 1000:>7.2f}  {median / base_median:>12.1f}x  "
              f"{cpu / count * 100:>12.2f}%  {target}")


if __name__ == "__main__":
    main()
