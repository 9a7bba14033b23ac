"""Precision and recall of the text detectors on a labelled set (tests/data/*.yaml).

Each set's header says which detectors it labels per audience ("#   customer:  blame, jargon, ...");
every other detector is not judged on that set. A detector fires when `check_text` for the entry's
audience raises it, so this measures what the scorer and `drill check-update` really do.

    .venv/bin/python tests/labelled.py tests/data/heldout10_updates.yaml [--mistakes]
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"
_HEADER_LINE = re.compile(r"^#\s+(customer|internal|executive):\s+(.+)$")
_CONTINUED = re.compile(r"^#\s{6,}([a-z_]+(?:,\s*[a-z_]+)*,?)\s*$")


@dataclasses.dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.tn += other.tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclasses.dataclass
class LabelledSet:
    path: Path
    entries: list[dict]
    labelled: dict[str, tuple[str, ...]]
    """Per audience, the detectors this set labels (positives listed, the rest negatives)."""


def load(path: Path | str) -> LabelledSet:
    path = Path(path)
    if not path.is_absolute() and not path.exists():
        path = DATA / path
    text = path.read_text(encoding="utf-8")
    labelled: dict[str, tuple[str, ...]] = {}
    audience = None
    for line in text.splitlines():
        if line.startswith("- "):
            break
        m = _HEADER_LINE.match(line)
        more = _CONTINUED.match(line)
        if m and m[1] not in labelled:
            audience = m[1]
            labelled[audience] = ()
            listed = m[2]
        elif more and audience:
            listed = more[1]
        else:
            audience = None
            continue
        labelled[audience] += tuple(d.strip() for d in listed.split(",") if d.strip())
    return LabelledSet(path, yaml.safe_load(text), labelled)


def evaluate(labelled_set: LabelledSet) -> tuple[dict[str, Counts], list[str]]:
    """Per detector over the entries whose audience it is labelled for, and a line per mistake."""
    from drills.scoring.textchecks import check_text

    counts: dict[str, Counts] = {}
    mistakes: list[str] = []
    for entry in labelled_set.entries:
        audience = entry["audience"]
        fired = {f.id for f in check_text(entry["text"], audience)}
        for det in labelled_set.labelled[audience]:
            c = counts.setdefault(det, Counts())
            expected = det in entry["flags"]
            if det in fired and expected:
                c.tp += 1
            elif det in fired:
                c.fp += 1
                mistakes.append(f"  false flag  {det} ({audience}): {entry['text']}")
            elif expected:
                c.fn += 1
                mistakes.append(f"  missed      {det} ({audience}): {entry['text']}")
            else:
                c.tn += 1
    return counts, mistakes


def overall(counts: dict[str, Counts]) -> Counts:
    total = Counts()
    for c in counts.values():
        total.add(c)
    return total


def table(counts: dict[str, Counts]) -> str:
    lines = [f"{'detector':<28} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4} {'precision':>9} {'recall':>7}"]
    for det, c in [*sorted(counts.items()), ("overall", overall(counts))]:
        lines.append(f"{det:<28} {c.tp:>4} {c.fp:>4} {c.fn:>4} {c.tn:>4} {c.precision:>9.2f} {c.recall:>7.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", help="labelled YAML files (a bare name is looked up in tests/data)")
    parser.add_argument("--mistakes", action="store_true", help="list every false flag and miss")
    args = parser.parse_args(argv)
    for name in args.sets:
        labelled_set = load(name)
        counts, mistakes = evaluate(labelled_set)
        print(f"== {labelled_set.path.name}: {len(labelled_set.entries)} updates")
        print(table(counts))
        if args.mistakes and mistakes:
            print("mistakes:\n" + "\n".join(mistakes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
