"""Text from scenarios and participants, made safe to print to a terminal."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")
"""C0 controls (ESC starts terminal escape sequences), DEL and the 8-bit CSI; tab and newline stay."""


def terminal_text(text: str) -> str:
    """Participant or scenario text for a terminal: no escape sequences, one line."""
    return _CONTROL.sub("", text).replace("\n", " ")
