"""Safe YAML reading that remembers where every key and value came from.

Scenario, playbook and script files come from users, so reading them must be safe and every later
complaint must point at `file:line:col`. This module builds plain Python data (dicts, lists, text,
numbers, booleans, None) straight from the parser's event stream instead of using a PyYAML
constructor, which gives us, in one pass and before anything is built:

- a byte cap checked with `stat` before the file is opened, and UTF-8 (not binary) checked next;
- no tags beyond plain data: `!!python/...` and custom tags are refused, nothing is ever called;
- an alias guard (a few aliases are allowed, alias bombs are refused) plus caps on nesting depth and
  on the number of values after alias expansion; the parser is lazy, so a hostile file is refused
  after reading only as far as the first excess;
- duplicate keys refused (PyYAML keeps the last one silently), one document per file, a mapping at
  the top;
- YAML 1.2 core scalars: `10:00` stays the text "10:00" (YAML 1.1 reads it as the number 600) and
  `yes`, `no`, `on`, `off` stay text; only `true`/`false` are booleans;
- the 1-based (line, col) of every mapping key and every value, addressed by a path tuple such as
  `("injects", 3, "at")` (`Located.mark`).
"""

from __future__ import annotations

import hashlib
import math
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml import events as ev

from drills.errors import InputError, PlaybookError, Problem, ScenarioError, ScriptError, UsageError, sizes
from drills.terminal import quoted

YamlPath = tuple[Any, ...]
"""Keys (usually str) and list indexes from the top of the document, e.g. ("injects", 3, "at")."""

MAX_BYTES = 2_000_000
MAX_ALIASES = 16
"""A handful of `*alias` uses is convenient; more than that is not what a scenario needs and is how
alias bombs ("billion laughs") start."""
MAX_DEPTH = 64
MAX_VALUES = 200_000
"""Values (scalars, lists, mappings) after alias expansion; built-in scenarios have about 1,000."""

_KIND_WORD: dict[type[InputError], str] = {
    ScenarioError: "scenario",
    PlaybookError: "playbook",
    ScriptError: "script",
}

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null")}
_MAP_TAGS = {None, "!", f"{_CORE}map"}
_SEQ_TAGS = {None, "!", f"{_CORE}seq"}

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)

_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters YAML does not allow in a stream (https://yaml.org/spec/1.2.2/#51-character-set)."""

_MAY_RESOLVE = frozenset("0123456789+-.~nNtTfF") | {""}
"""First characters of plain scalars that may be null, a boolean or a number; anything else is text."""

_EventLoader: Callable[[str], Any] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
"""libyaml's parser when PyYAML was built with it (fast); the pure-Python one otherwise."""

_LIBYAML_DEPTH_LIMIT = "maximum nesting depth"
"""libyaml 0.2.5+ (PyYAML 6.0.3+ wheels) stops at its own nesting limit (1000) while scanning ahead,
before our MAX_DEPTH guard sees the events. The pure-Python parser has no such limit and yields events
lazily, so re-reading such a file with it lets our guard speak, at the right place."""


class Mark(NamedTuple):
    """A 1-based position in a file."""

    line: int
    col: int


@dataclass(frozen=True)
class Located:
    """A YAML document as plain data, with where each key and value was written."""

    data: dict[Any, Any]
    filename: str
    """The file name as the user gave it; used verbatim in messages."""
    key_marks: Mapping[YamlPath, Mark]
    """Position of the key of each mapping entry, by the entry's path."""
    value_marks: Mapping[YamlPath, Mark]
    """Position of each value (mapping entries, list items and the document itself at `()`)."""
    source: str
    """The decoded text."""
    sha256: str
    """Hex SHA-256 of the file's bytes (of the UTF-8 text for `read_yaml_text`)."""

    def mark(self, path: YamlPath, *, key: bool = False) -> Mark:
        """Where `path` was written: its key (if `key` and it has one) or its value.

        A path that is not in the document (a missing key, say) falls back to its nearest ancestor,
        so a complaint about something absent points at the mapping that should hold it.
        """
        path = tuple(path)
        while True:
            if key and path in self.key_marks:
                return self.key_marks[path]
            if path in self.value_marks:
                return self.value_marks[path]
            if not path:
                return Mark(1, 1)
            path = path[:-1]
            key = True

    def problem(self, path: YamlPath, what: str, fix: str = "", *, key: bool = False,
                severity: str = "error") -> Problem:
        line, col = self.mark(path, key=key)
        return Problem(self.filename, line, col, what, fix, severity)


class _Fatal(Exception):
    """Stop reading at once (hostile or unreadable input); carries the one problem."""

    def __init__(self, problem: Problem):
        self.problem = problem


def read_yaml(path: Path, *, max_bytes: int = MAX_BYTES, error: type[InputError] = ScenarioError,
              max_aliases: int = MAX_ALIASES) -> Located:
    """Read one YAML file whose top level is a mapping, safely, with marks.

    Raises UsageError when the path is not a readable file, `error` (with every problem found) when
    the file is too big, not UTF-8 text, not YAML, or not plain data in one mapping.
    """
    name = str(path)
    word = _KIND_WORD.get(error, "YAML")
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file — check the path") from None
    except OSError as exc:
        raise UsageError(f"{name}: cannot read it ({exc.strerror}) — check the path and permissions") from None
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{name}: is a folder, not a file — give the path of a .yaml file")
    if not stat.S_ISREG(info.st_mode):  # a pipe or device could block or never end
        raise UsageError(f"{name}: is not a regular file — give the path of a .yaml file")
    if info.st_size > max_bytes:
        raise error([_too_big(name, info.st_size, max_bytes, word)])
    try:
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise UsageError(f"{name}: cannot read it ({exc.strerror}) — check the path and permissions") from None
    if len(raw) > max_bytes:  # grew since stat
        raise error([_too_big(name, len(raw), max_bytes, word)])
    try:
        text = _decode(raw, name, word)
    except _Fatal as fatal:
        raise error([fatal.problem]) from None
    return _read(text, name, hashlib.sha256(raw).hexdigest(), error, word, max_aliases)


def read_yaml_text(text: str, filename: str, *, max_bytes: int = MAX_BYTES,
                   error: type[InputError] = ScenarioError, max_aliases: int = MAX_ALIASES) -> Located:
    """`read_yaml` for text already in memory (scripts, tests); `filename` is used in messages."""
    word = _KIND_WORD.get(error, "YAML")
    encoded = text.encode("utf-8", "surrogatepass")
    if len(encoded) > max_bytes:
        raise error([_too_big(filename, len(encoded), max_bytes, word)])
    if "\x00" in text:
        raise error([_binary(filename, text.index("\x00"), text, word)])
    return _read(text.removeprefix("\ufeff"), filename, hashlib.sha256(encoded).hexdigest(), error, word,
                 max_aliases)


def _too_big(name: str, size: int, limit: int, word: str) -> Problem:
    shown, most = sizes(size, limit)
    return Problem(name, 1, 1, f"the file is {shown}, more than the {most} a {word} file may be",
                   f"{word} files are short text files; check that this is the file you meant")


def _decode(raw: bytes, name: str, word: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Fatal(Problem(name, 1, 1, "the file is UTF-16 text, not UTF-8",
                             f"save the {word} file as UTF-8"))
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise _Fatal(_binary(name, nul, raw, word))
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line, col = _offset_mark(raw, exc.start)
        raise _Fatal(Problem(name, line, col, f"the file is not valid UTF-8 text (byte 0x{raw[exc.start]:02x})",
                             f"save the {word} file as UTF-8; if it is not a {word} file, check the path")) from None


def _binary(name: str, offset: int, content: bytes | str, word: str) -> Problem:
    line, col = _offset_mark(content, offset)
    return Problem(name, line, col, "the file looks binary (it contains a NUL byte), not YAML text",
                   f"give the path of a {word} .yaml file")


def _offset_mark(content: bytes | str, offset: int) -> Mark:
    newline = b"\n" if isinstance(content, bytes) else "\n"
    before = content[:offset]
    line = before.count(newline) + 1  # type: ignore[arg-type]
    start = before.rfind(newline) + 1  # type: ignore[arg-type]
    col = len(content[start:offset]) + 1
    if isinstance(content, bytes):  # count characters, not bytes, up to the bad byte
        col = len(content[start:offset].decode("utf-8", "replace")) + 1
    return Mark(line, col)


def _read(text: str, name: str, digest: str, error: type[InputError], word: str, max_aliases: int,
          parser: Callable[[str], Any] | None = None) -> Located:
    composer = _Composer(text, name, word, max_aliases, parser or _EventLoader)
    try:
        data = composer.document()
    except _Fatal as fatal:
        raise error([fatal.problem]) from None
    except yaml.MarkedYAMLError as exc:
        if _LIBYAML_DEPTH_LIMIT in str(exc.problem) and parser is None:
            return _read(text, name, digest, error, word, max_aliases, parser=yaml.BaseLoader)
        if _LIBYAML_DEPTH_LIMIT in str(exc.problem):
            raise error([composer.too_deep(_mark_of(exc)).problem]) from None
        raise error([_syntax_problem(exc, name, text)]) from None
    except yaml.YAMLError as exc:  # reader errors (control characters) carry an offset, not a mark
        bad = _NOT_PRINTABLE.search(text)
        if bad is None:
            raise error([Problem(name, 1, 1, f"the file cannot be read as YAML: {exc}",
                                 f"a {word} file is plain UTF-8 text")]) from None
        line, col = _offset_mark(text, bad.start())
        what = f"a control character (U+{ord(bad.group()):04X}) that YAML does not allow"
        raise error([Problem(name, line, col, what, f"remove it; a {word} file is plain UTF-8 text")]) from None
    finally:
        composer.close()
    if composer.problems:
        raise error(sorted(composer.problems, key=lambda p: (p.line, p.col)))
    key_marks: dict[YamlPath, Mark] = {}
    value_marks: dict[YamlPath, Mark] = {}
    for path, is_key, mark in composer.marks:
        (key_marks if is_key else value_marks)[path] = mark
    return Located(data, name, key_marks, value_marks, text, digest)


_SYNTAX_FIXES = (
    ("mapping values are not allowed", "if the value contains ': ', put the whole value in quotes"),
    ("cannot start any token", "put the value in quotes"),
    ("could not find expected ':'", "a key is missing its ':' or a text value needs quotes"),
    ("did not find expected key", "check the indentation of this line against the lines above"),
    ("did not find expected '-'", "check the indentation of this list item"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
)


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = f"YAML syntax error: {exc.problem}" if exc.problem else "YAML syntax error"
    if exc.context:
        what += f" ({exc.context})"
    lines = text.splitlines()
    if mark and mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t":
        return Problem(name, line, col, "a tab character where YAML expects spaces", "indent with spaces, not tabs")
    if exc.context and "quoted scalar" in exc.context and exc.context_mark:
        cm = exc.context_mark
        return Problem(name, cm.line + 1, cm.column + 1, "a quote opened here is never closed",
                       "close the quote at the end of the value")
    said = f"{exc.problem} {exc.context}"
    fix = next((f for needle, f in _SYNTAX_FIXES if needle in said), "check indentation and quoting on this line")
    return Problem(name, line, col, what, fix)


def _mark_of(exc: yaml.MarkedYAMLError) -> Mark:
    mark = exc.problem_mark or exc.context_mark
    return Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)


def _mark(event: ev.Event) -> Mark:
    m = event.start_mark
    return Mark(m.line + 1, m.column + 1)


def _show_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


class _Composer:
    """Builds plain data and marks from parser events, enforcing the limits as it goes."""

    def __init__(self, text: str, name: str, word: str, max_aliases: int, parser: Callable[[str], Any]):
        self.name = name
        self.word = word
        self.max_aliases = max_aliases
        self.parser = parser(text)
        self.problems: list[Problem] = []
        self.marks: list[tuple[YamlPath, bool, Mark]] = []
        self.anchors: dict[str, tuple[Any, YamlPath, int, int, int]] = {}
        """anchor -> (value, path where defined, first and end index in marks, values inside)"""
        self.open_anchors: set[str] = set()
        self.aliases = 0
        self.values = 0

    def close(self) -> None:
        dispose = getattr(self.parser, "dispose", None)
        if dispose:
            dispose()

    def fatal(self, mark: Mark, what: str, fix: str) -> _Fatal:
        return _Fatal(Problem(self.name, mark.line, mark.col, what, fix))

    def problem(self, mark: Mark, what: str, fix: str) -> None:
        self.problems.append(Problem(self.name, mark.line, mark.col, what, fix))

    def document(self) -> dict[Any, Any]:
        p = self.parser
        p.get_event()  # StreamStart
        if p.check_event(ev.StreamEndEvent):
            raise self.fatal(Mark(1, 1), "the file is empty",
                             f"a {self.word} file is a YAML mapping; see docs/scenario-format.md")
        p.get_event()  # DocumentStart
        first = p.peek_event()
        start = _mark(first)
        if isinstance(first, ev.ScalarEvent) and first.value == "" and first.tag is None and first.implicit[0]:
            raise self.fatal(Mark(1, 1), "the file holds no data (only comments or '---')",
                             f"a {self.word} file is a YAML mapping of keys to values")
        if not isinstance(first, ev.MappingStartEvent) or first.tag not in _MAP_TAGS:
            found = {ev.SequenceStartEvent: "a list", ev.ScalarEvent: "a single value",
                     ev.AliasEvent: "an alias"}.get(type(first), "a tagged value")
            raise self.fatal(start, f"the top level of the file is {found}, not a mapping",
                             f"a {self.word} file is a mapping of keys to values (lines like `id: ...`)")
        data = self.node((), 0)
        p.get_event()  # DocumentEnd
        if not p.check_event(ev.StreamEndEvent):
            second = p.peek_event()
            raise self.fatal(_mark(second), "a second YAML document starts here",
                             f"a {self.word} file is one document: remove this '---' and what follows, "
                             "or split it into its own file")
        return data

    def too_deep(self, mark: Mark) -> _Fatal:
        return self.fatal(mark, f"values are nested more than {MAX_DEPTH} levels deep",
                          "flatten the structure; scenario files nest only a few levels")

    def count(self, mark: Mark, n: int = 1) -> None:
        self.values += n
        if self.values > MAX_VALUES:
            raise self.fatal(mark, f"the document holds more than {MAX_VALUES:,} values",
                             f"a {self.word} file is far smaller; check that this is the file you meant")

    def node(self, path: YamlPath, depth: int) -> Any:
        event = self.parser.get_event()
        mark = _mark(event)
        if depth > MAX_DEPTH:
            raise self.too_deep(mark)
        self.marks.append((path, False, mark))
        if type(event) is ev.AliasEvent:
            return self.alias(event, path, mark)
        self.values += 1
        if self.values > MAX_VALUES:
            self.count(mark, 0)
        anchor = event.anchor
        if anchor:
            self.open_anchors.add(anchor)
            begin, values_before = len(self.marks) - 1, self.values
        if type(event) is ev.ScalarEvent:
            value = self.scalar(event, mark)
        elif type(event) is ev.SequenceStartEvent:
            self.check_tag(event.tag, _SEQ_TAGS, mark)
            value = []
            while type(self.parser.peek_event()) is not ev.SequenceEndEvent:
                value.append(self.node((*path, len(value)), depth + 1))
            self.parser.get_event()
        else:
            self.check_tag(event.tag, _MAP_TAGS, mark)
            value = self.mapping(path, depth)
        if anchor:
            self.open_anchors.discard(anchor)
            self.anchors[anchor] = (value, path, begin, len(self.marks), self.values - values_before)
        return value

    def check_tag(self, tag: str | None, allowed: set[str | None], mark: Mark) -> None:
        if tag in allowed:
            return
        shown = _show_tag(str(tag))
        if shown.startswith("!!python/"):
            self.problem(mark, f"the tag {shown} asks for a Python object; {self.word} files hold plain data only "
                         "and drills never runs code from them", "remove the tag")
        else:
            self.problem(mark, f"the tag {shown} is not allowed",
                         f"{self.word} files hold plain data (text, numbers, true/false, lists, mappings): "
                         "remove the tag")

    def scalar(self, event: ev.ScalarEvent, mark: Mark) -> Any:
        value: str = event.value
        tag = event.tag
        if tag is None or tag == "!":
            if not (event.implicit[0] and tag is None):  # quoted, or the non-specific '!'
                return value
            if value[:1] not in _MAY_RESOLVE:  # most values are words: skip the patterns
                return value
            for pattern, resolved in ((_NULL, "null"), (_BOOL, "bool"), (_INT, "int"), (_FLOAT, "float")):
                if pattern.match(value):
                    tag = _CORE + resolved
                    break
            else:
                return value
        if tag not in _SCALAR_TAGS:
            self.check_tag(tag, _SCALAR_TAGS, mark)
            return None
        try:
            return _construct(tag.removeprefix(_CORE), value)
        except ValueError:
            self.problem(mark, f"{quoted(value)} is not a valid {tag.removeprefix(_CORE)}",
                         f"remove the {_show_tag(tag)} tag or fix the value")
            return None

    def alias(self, event: ev.AliasEvent, path: YamlPath, mark: Mark) -> Any:
        self.aliases += 1
        if self.aliases > self.max_aliases:
            if self.max_aliases:
                what = f"too many aliases (*name): {self.word} files may use at most {self.max_aliases}"
            else:
                what = f"aliases (*name) are not allowed in {self.word} files"
            raise self.fatal(mark, f"{what}, a guard against alias bombs that expand to huge documents",
                             "write the repeated values out instead of using aliases")
        name = event.anchor
        if name in self.open_anchors:
            raise self.fatal(mark, f"the alias *{name} refers to the value that contains it",
                             "a value cannot contain itself; remove the alias")
        if name not in self.anchors:
            raise self.fatal(mark, f"the alias *{name} has no anchor &{name} before it",
                             f"define &{name} earlier in the file, or write the value out")
        value, origin, begin, end, inside = self.anchors[name]
        self.count(mark, inside)
        self.marks.pop()  # the alias itself is the value mark; re-root the anchor's own marks below
        self.marks.append((path, False, mark))
        for old, is_key, m in self.marks[begin + 1:end]:
            self.marks.append(((*path, *old[len(origin):]), is_key, m))
        return value

    def mapping(self, path: YamlPath, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        where: dict[Any, Mark] = {}
        merges: list[tuple[Any, int]] = []
        p = self.parser
        while type(key_event := p.peek_event()) is not ev.MappingEndEvent:
            key_mark = _mark(key_event)
            if type(key_event) is ev.ScalarEvent and key_event.value == "<<" and key_event.implicit[0] \
                    and key_event.tag is None:
                p.get_event()
                begin = len(self.marks)
                merges.append((self.node((*path, "<<"), depth + 1), begin))
                continue
            before = len(self.marks)
            key = self.node((*path, "<key>"), depth + 1)
            del self.marks[before:]  # a key's own marks are the key mark below
            if isinstance(key, list | dict):
                self.problem(key_mark, "a key must be a single word or text, not a list or mapping",
                             "write the key as plain text followed by ':'")
                key = object()
            if key in where:
                first = where[key]
                self.problem(key_mark, f"duplicate key {quoted(key)} (first at line {first.line})",
                             "remove one of them; YAML would silently keep only the last")
            where[key] = key_mark
            self.marks.append(((*path, key), True, key_mark))
            result[key] = self.node((*path, key), depth + 1)
        p.get_event()
        for merged, begin in merges:
            self.merge(result, merged, path, begin)
        return result

    def merge(self, result: dict[Any, Any], merged: Any, path: YamlPath, begin: int) -> None:
        """Apply a `<<: *anchor` merge key: keys written in the mapping itself win, then earlier sources."""
        sources = merged if isinstance(merged, list) else [merged]
        if not all(isinstance(s, dict) for s in sources):
            self.problem(self.marks[begin][2], "a merge key (<<) needs a mapping or a list of mappings",
                         "point it at an anchored mapping, like `<<: *defaults`")
            return
        taken: dict[Any, int] = {}
        for index, source in enumerate(sources):
            for key in source:
                if key not in result and key not in taken:
                    taken[key] = index
        base = (*path, "<<")
        moved: list[tuple[YamlPath, bool, Mark]] = []
        for old, is_key, m in self.marks[begin:]:
            if old[:len(base)] != base:
                continue
            rest = old[len(base):]
            if isinstance(merged, list):
                if not rest:
                    continue
                index, rest = rest[0], rest[1:]
            else:
                index = 0
            if rest and taken.get(rest[0]) == index:
                moved.append(((*path, *rest), is_key, m))
        for key, index in taken.items():
            result[key] = sources[index][key]
        self.marks.extend(moved)


def _construct(kind: str, value: str) -> Any:
    if kind == "str":
        return value
    if kind == "null":
        if not _NULL.match(value):
            raise ValueError(value)
        return None
    if kind == "bool":
        if not _BOOL.match(value):
            raise ValueError(value)
        return value.lower() == "true"
    if kind == "int":
        sign = -1 if value.startswith("-") else 1
        digits = value.lstrip("+-")
        if digits.startswith("0o"):
            return sign * int(digits[2:], 8)
        if digits.startswith("0x"):
            return sign * int(digits[2:], 16)
        return sign * int(digits, 10)
    lowered = value.lower()
    if lowered.endswith(".inf"):
        return -math.inf if lowered.startswith("-") else math.inf
    if lowered == ".nan":
        return math.nan
    return float(value)
