"""Untrusted text (scenario, participant, log, file names) made safe to print and to write.

One rule, kept here: every C0 and C1 control character, DEL, and every character that reorders or
splits what a reader sees (bidirectional overrides, embeddings, isolates and marks; the Unicode line
and paragraph separators) becomes a visible escape such as `\\x1b` or `\\u202e`. Nothing in such text
can then move the cursor, set the terminal's title, recolour the screen, hide a word or turn a
sentence around. Tab is harmless and stays; a newline stays only where the output has lines of its
own (Markdown, multi-line fields), and becomes a space (`terminal_text`) or `\\n` (`quoted`) where
the output is one line.

- `terminal_text` is that function: text for a terminal, for Markdown (the scorecard's `md_escape`
  runs it first) and for HTML (the templates' finalize).
- `quoted` is it for values echoed inside a message: quoted, with newlines escaped, cut to ~80
  characters, so a problem is always one short line.
- `json_text` applies the same rule to a JSON document with JSON's own escapes (`\\u001b`), so the data
  is unchanged and `drill report --json` is safe to print.
"""

from __future__ import annotations

import re

_OTHER_UNSAFE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but tab and newline, DEL, C1 (CSI, OSC, NEL, ...)
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides and isolates
    "\u2028\u2029"  # line and paragraph separators: line breaks to some readers
)
_UNSAFE = re.compile(f"[\n{_OTHER_UNSAFE}]")
_UNSAFE_BUT_NEWLINE = re.compile(f"[{_OTHER_UNSAFE}]")

QUOTE_LIMIT = 80
"""Characters of a value echoed in a message before it is cut with '…'."""


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x0A:
        return "\\n"
    if code == 0x0D:
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str, *, multiline: bool = False) -> str:
    """Untrusted text, safe for a terminal or a document: controls and bidi characters escaped visibly.

    One line by default (each newline becomes a space); `multiline=True` keeps newlines for outputs
    that have lines of their own (Markdown, HTML)."""
    if multiline:
        return _UNSAFE_BUT_NEWLINE.sub(_visible, text)
    return _UNSAFE.sub(_visible, text.replace("\n", " "))


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A value echoed in a one-line message: in quotes, every control (newlines too) escaped, cut at
    `limit` characters with '…' so that a 1.5 MB value gives a short line."""
    text = str(value)
    cut = len(text) > limit
    shown = _UNSAFE.sub(_visible, text[:limit]).replace("\t", "\\t")
    return f"'{shown}…'" if cut else f"'{shown}'"


def json_text(document: str) -> str:
    """A JSON document (as `json.dumps` wrote it) with the unsafe characters left in its strings written
    as JSON escapes: the same data, nothing raw for a terminal to act on."""
    return _UNSAFE_BUT_NEWLINE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)
