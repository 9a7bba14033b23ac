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
denominator), with evidence: the event, its time, the quoted words and a note. A rule is *exact* when
it reads timing and structured fields, *heuristic* when it reads free text.

**Claims against the truth.** The world records the truth as the drill runs: each user-facing
function's state (`world_changed`), the clues found, the repairs that landed, the clean-up, any data
lost. Every update is read for what it claims (works, fails, fixed, nothing works, everyone affected,
no data lost, nothing for you to do, the cause) and checked against the truth at the moment it was sent
(CUS-10, INT-06, EXE-05): a false claim is a finding that quotes the words beside the truth ("At 10:23
Priya said 'this is already fixed'; at 10:23 export invoices still failed for 38 accounts"). A cause
stated as fact before any clue supported it is unverified; one that names nothing the scenario's
`cause_words` know is false. A field that is filled must also be true and say something of this
incident: boilerplate ("investigating", "some customers", "everything else") and updates repeated
within minutes answer nothing and keep no rhythm.

**How the results combine (HSEEP).** A capability's score is the weighted mean of its applicable rules
× 100, rated P/S/M/U by the bands. A critical rule (★) below `critical_fail_below` caps its capability
at the top of M; a critical task never attempted, or attempted and scored 0, makes it U. As in HSEEP, a
failed critical task caps the whole exercise too, not only its capability: one failed critical task
holds the overall rating one band above the worst capability holding one (so at S), and each further
failed critical task lowers that cap one band, to U. The overall score (the weighted mean of the
capabilities that have a score, rounded to one decimal) is held at the cap's band maximum, so the number
and the rating agree, and the failed critical tasks lead the debrief. This is why each of the seed
guide's five "mistakes that make it worse" takes a drill out of P on its own (three voices: CUS-03 and
CUS-10; root-cause debate: REP-05; nobody writes things down: SIT-03; a fix time promised: CUS-06;
closing on the graphs: CLO-02) and all five together rate U.

**Overrules.** The facilitator can overrule any finding in the debrief, with a reason the log keeps
(`flag_overruled`): a text flag or a false claim withdraws that finding's penalty; a rule's other
findings (flag id `finding`) score the rule as met. Rescoring honours every overrule, and the
scorecard says when one does not move the score (a cap still holds, or the rule still fails on its
other findings).

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
