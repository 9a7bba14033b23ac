"""Text detectors on adversarial text: time per 1k characters at 1k, 10k, 100k and 1 MB.

    .venv/bin/python benchmarks/bench_textchecks.py [--max-chars 1000000] [--only NAME]

Each adversarial text repeats one phrase that starts a detector's pattern (and never completes it,
or completes it everywhere), with no sentence end, so any window that grows with the sentence or any
rescan per hit shows up as time per 1k characters growing with the length. Every detector of every
audience runs on each text (`check_text` for customer, internal and executive, plus `quantities`
and `next_update_time`). The last columns are the ratio of the time per 1k characters at the
largest size to that at 1k (linear: 1.0; the goal is at most 2.0) and the slowest detector at 100k
characters. Times are CPU time of this process, the fastest of several runs below 100k: on a
shared machine the wall clock mostly measures the other processes. A size whose run would take too
long (the previous size took over --budget seconds, scaled by the growth measured so far) is
skipped and the ratio says so."""

from __future__ import annotations

import argparse
import math
import random
import time

from drills.scoring.textchecks import DETECTORS, _text, check_text, detect, next_update_time, quantities

SIZES = (1_000, 10_000, 100_000, 1_000_000)

_SALAD = (
    "fixed in 30 minutes ETA 20 min should be back shortly root cause is caused by due to because Sam's fault "
    "human error failed to the team someone didn't test db-prod-3 p99 pods 502s $4,000 per hour 38 accounts "
    "next update at 10:45 we don't know yet login works exports fail ’ ' – - , ; : ( ) `x snake_case 10.0.0.1 "
    "a1b2c3d4 within the hour no ETA circling back update in 20 quarter to eleven"
)

ADVERSARIAL: dict[str, str] = {
    "fixed in": "fixed in ",
    "due to": "due to ",
    "caused by": "caused by ",
    "because": "because ",
    "back shortly": "should be back shortly ",
    "should have": "should have tested ",
    "failed to": "Sam failed to tell ",
    "someone": "someone on the team ",
    "fault": "the team's fault ",
    "jargon": "db-prod-3 api_key `x p99 ",
    "hyphens": "a-b-c-d-e-f-",
    "next update": "next update ",
    "clock": "10:45 ",
    "money": "$4,000 38 accounts ",
    "commas": "a, b; c: ",
    "no spaces": "x" * 50,
}


def _salad(size: int) -> str:
    vocab = _SALAD.split(" ")
    rng = random.Random(20261203)
    out: list[str] = []
    n = 0
    while n < size:
        word = rng.choice(vocab)
        out.append(word)
        n += len(word) + 1
    return " ".join(out)[:size]


def text_of(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def run_all(text: str) -> None:
    for audience in ("customer", "internal", "executive"):
        check_text(text, audience)
    quantities(text)
    next_update_time(text, 600)


def timed(fn, text: str, repeat: int = 1) -> float:
    """The fastest of `repeat` runs, each on a fresh parse, in CPU time of this process: on a shared machine
    the wall clock mostly measures the other processes."""
    best = float("inf")
    for _ in range(repeat):
        _text.parse.cache_clear()
        start = time.process_time()
        fn(text)
        best = min(best, time.process_time() - start)
    return best


def per_detector(text: str) -> tuple[str, float]:
    worst, worst_t = "", 0.0
    for det_id in DETECTORS:
        t = timed(lambda s, d=det_id: detect(d, s), text)
        if t > worst_t:
            worst, worst_t = det_id, t
    return worst, worst_t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-chars", type=int, default=SIZES[-1])
    parser.add_argument("--budget", type=float, default=300.0, help="skip a size expected to take longer (s)")
    parser.add_argument("--only", help="run one adversarial text by name")
    args = parser.parse_args()
    sizes = [s for s in SIZES if s <= args.max_chars]
    texts = {name: (lambda n, u=unit: text_of(u, n)) for name, unit in ADVERSARIAL.items()}
    texts["word salad"] = _salad
    if args.only:
        texts = {args.only: texts[args.only]}
    run_all(_salad(2_000))  # warm: patterns compiled

    header = " ".join(f"{s // 1000:>7}k" for s in sizes)
    print(f"µs per 1k chars, all detectors of all audiences; sizes {header}")
    print(f"{'text':<14} {header}   {'ratio':>7}  slowest detector at 100k")
    worst_ratio = 0.0
    for name, make in texts.items():
        per_k: list[float | None] = []
        last, last_size, growth = 0.0, sizes[0], 2.0
        for size in sizes:
            # Predicted with the growth seen so far (quadratic until measured), so a slow detector cannot
            # hang the benchmark.
            if (per_k and per_k[-1] is None) or last * (size / last_size) ** growth > args.budget:
                per_k.append(None)
                continue
            took = timed(run_all, make(size), repeat=max(1, min(20, 100_000 // size)))
            if last > 0:
                growth = min(2.0, max(1.0, math.log(took / last) / math.log(size / last_size)))
            last, last_size = took, size
            per_k.append(last / (size / 1000) * 1e6)
        measured = [p for p in per_k if p is not None]
        ratio = measured[-1] / measured[0] if len(measured) > 1 else float("nan")
        full = per_k[-1] is not None
        if full:
            worst_ratio = max(worst_ratio, ratio)
        worst, worst_t = per_detector(make(min(100_000, sizes[len(measured) - 1])))
        cells = " ".join(f"{p:>8.0f}" if p is not None else f"{'skipped':>8}" for p in per_k)
        note = "" if full else " (ratio up to the last size run)"
        print(f"{name:<14} {cells}   {ratio:>6.2f}x  {worst} {worst_t * 1e3:.1f} ms{note}")
    print(f"worst ratio {sizes[-1] // 1000}k / {sizes[0] // 1000}k: {worst_ratio:.2f}x (linear is 1.0, goal ≤ 2.0)")


if __name__ == "__main__":
    main()
