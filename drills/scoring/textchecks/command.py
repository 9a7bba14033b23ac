"""`drill check-update`: lint one update before it is sent. An update longer than an action's text may
be (drills.world.MAX_TEXT_CHARS) is refused with a one-line error rather than checked in part: a
drill would refuse it too."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import TextIO, cast

from drills.errors import UsageError
from drills.scoring.textchecks.model import AUDIENCES, Audience, Flag
from drills.scoring.textchecks.registry import check_text
from drills.world import MAX_TEXT_CHARS

_ARTICLE = {"customer": "a customer", "internal": "an internal", "executive": "an executive"}


def format_flag(flag: Flag) -> str:
    """`id: "matched words" — advice`, or `id: what is missing — advice`."""
    what = f'"{flag.matched}"' if flag.matched else flag.message.rstrip(".")
    return f"{flag.id}: {what} — {flag.advice}"


def check_update_command(text: str, *, audience: str, as_json: bool, out: TextIO | None = None) -> int:
    """Print the flags for `text`; exit code 0 when there are none, 1 when there are."""
    out = out or sys.stdout
    if audience not in AUDIENCES:
        raise UsageError(f"unknown audience {audience!r} — use one of: {', '.join(AUDIENCES)}")
    if not text.strip():
        raise UsageError("the update is empty — pass its text, or - to read it from stdin")
    if len(text) > MAX_TEXT_CHARS:
        raise UsageError(f"the update has {len(text)} characters, more than the {MAX_TEXT_CHARS} an update may hold "
                         "— shorten it")
    flags = check_text(text, cast(Audience, audience))
    if as_json:
        payload = {"audience": audience, "flags": [asdict(f) for f in flags], "ok": not flags}
        print(json.dumps(payload, ensure_ascii=False, indent=2), file=out)
    else:
        for flag in flags:
            print(format_flag(flag), file=out)
        if flags:
            noun = "problem" if len(flags) == 1 else "problems"
            print(f"{len(flags)} {noun} found for {_ARTICLE[audience]} update.", file=out)
        else:
            print(f"No problems found for {_ARTICLE[audience]} update.", file=out)
    return 1 if flags else 0
