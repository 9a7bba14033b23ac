"""The playbook reference (docs/playbook.md), written from the shipped playbook and the rules' own
docstrings and parameter descriptions, so the document cannot drift from what is scored.

    .venv/bin/python -m drills.scoring.reference > docs/playbook.md
"""

from __future__ import annotations

import inspect

from drills.scoring._playbook import Playbook, load_playbook
from drills.scoring.rules import REGISTRY

INTRO = """\
# The playbook format and how each rule is scored

`drills/scoring/playbook.yaml` is the default playbook. Copy it, change a number, delete a rule to switch it
off, and pass it with `--playbook` to `drill simulate`, `drill play` or `drill report` (rescoring an
old log with a new playbook is deterministic). `drill schema playbook` prints the JSON Schema, which
checks each rule's `params` in editors. A playbook that names an unknown rule or gives a parameter
the wrong type is refused with its `file:line:col`.

Scoring reads only the drill's event log. Times are simulated minutes from the first customer
report (T0). Each rule scores 0–1, or N/A when its situation never arose (it then leaves the
denominator), with evidence: the event, its time, the quoted words, a note, and for text flags the
flag id the facilitator can overrule in the debrief (`flag_overruled` events withdraw that flag's
penalty when the log is scored again). A rule is *exact* when it reads timing and structured fields,
*heuristic* when it reads free text. A capability's score is the weighted mean of its applicable
rules × 100, rated P/S/M/U by the bands; a critical rule (★) below `critical_fail_below` caps the
capability at the top of M, and a critical task never attempted caps it at the top of U. The overall
score is the weighted mean of the capabilities that have a score, rounded to one decimal.

This file is generated: `.venv/bin/python -m drills.scoring.reference > docs/playbook.md`.
"""


def _value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def reference_markdown(playbook: Playbook) -> str:
    out = [INTRO]
    bands = ", ".join(f"{b.rating.value} {b.min:g}–{b.max:g}" for b in playbook.bands)
    out.append(f"Bands: {bands}. Critical rules fail below {playbook.critical_fail_below:g}.\n")
    for cap in playbook.capabilities:
        out.append(f"## {cap.id}: {cap.title} (weight {cap.weight:g})\n")
        for rule in cap.rules:
            spec = REGISTRY[rule.id]
            star = "★" if rule.critical else ""
            kind = "exact" if spec.exact else "heuristic"
            out.append(f"### {rule.id}{star} {rule.title}\n")
            out.append(f"Weight {rule.weight:g}, {kind}. Source: {rule.source}.\n")
            how = inspect.cleandoc(spec.fn.__doc__ or "")
            if how:
                out.append(how.replace("\n", " ") + "\n")
            for name, field in spec.params.model_fields.items():
                out.append(f"- `{name}: {_value(rule.params[name])}`: {field.description}")
            if spec.params.model_fields:
                out.append("")
            out.append(f"Advice: {rule.advice}\n")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    print(reference_markdown(load_playbook(None)), end="")
