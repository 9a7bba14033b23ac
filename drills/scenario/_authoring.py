"""`drill new NAME [--from BUILT-IN]`: start a scenario from the commented starter or a built-in.

The new file is the starter (drills/scenario/starter.yaml) or a copy of a built-in scenario, with
its id set from the file name, its title set and its schema modeline pointed at the JSON Schema
from where the file lands. Only those lines change: the comments, which explain every section,
survive as written. The result is checked to load before it is written, and an existing file is
never overwritten.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
from pathlib import Path

import yaml

from drills import paths
from drills.errors import InputError, UsageError
from drills.scenario._yamlsafe import read_yaml_text

STARTER = Path(__file__).resolve().with_name("starter.yaml")
SCHEMA_FILE = paths.REPO_DIR / "docs" / "scenario.schema.json"
MODELINE_PREFIX = "# yaml-language-server: $schema="
SUFFIXES = (".yaml", ".yml")
TITLE_MAX = 120

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def new_scenario(name: str, *, from_builtin: str | None = None) -> str:
    """Write NAME.yaml (NAME may be a path) and return what to print: the path and the next commands.

    Raises UsageError (exit 2) for a name that cannot be a scenario id, a file that already exists,
    or an unknown built-in.
    """
    path = scenario_path(name)
    ident = path.stem
    problem = id_problem(ident)
    if problem:
        raise UsageError(problem)
    from drills.scenario._catalog import builtin_ids

    if ident in builtin_ids() and path.resolve() != (paths.BUILTIN_SCENARIOS_DIR / f"{ident}.yaml").resolve():
        raise UsageError(f"'{ident}' is the id of a built-in scenario — pick another name "
                         f"(`drill new my-{ident} --from {ident}` starts from a copy of it)")
    if path.exists():
        raise UsageError(f"{path} already exists — pick another name, or move the file away first")
    if from_builtin is None:
        text = render_starter(ident, path)
        origin = "the commented starter"
        guide = "The comments in the file explain each section; docs/authoring-guide.md walks through the rest."
    else:
        text = render_copy(from_builtin, ident, path)
        origin = f"a copy of the built-in '{from_builtin}'"
        guide = "docs/authoring-guide.md explains each section and how to make the story yours."
    _check_loads(text, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as fh:  # "x": never replace a file that appeared meanwhile
            fh.write(text)
    except FileExistsError:
        raise UsageError(f"{path} already exists — pick another name, or move the file away first") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot write it ({exc.strerror}) — pick a folder you can write to") from None
    shown = shlex.quote(str(path))
    return "\n".join([
        f"Wrote {path} (scenario '{ident}', from {origin}).",
        guide,
        "Next:",
        f"  drill lint --strict {shown}",
        f"  drill simulate {shown} --runs 20 --team all",
        f"  drill play {shown}",
    ])


def scenario_path(name: str) -> Path:
    """NAME as a file path: NAME itself if it ends in .yaml or .yml, else NAME.yaml."""
    if not name.strip():
        raise UsageError("the scenario name is empty — give a name such as `drill new checkout-outage`")
    path = Path(name)
    return path if path.suffix in SUFFIXES else path.with_name(path.name + ".yaml")


def id_problem(ident: str) -> str:
    """Why a file name cannot be a scenario id ('' if it can)."""
    if _ID.match(ident) and len(ident) <= 64:
        return ""
    slug = re.sub(r"[^a-z0-9_-]+", "-", ident.lower()).strip("-_")[:64]
    hint = f"try `drill new {slug}`" if slug else "use a name such as `drill new checkout-outage`"
    return (f"'{ident}' cannot be a scenario id (the file name is the id: lower-case letters a-z, digits, '-' and "
            f"'_', starting with a letter or digit, at most 64 characters) — {hint}")


def humanise(ident: str) -> str:
    """'queue-backlog-email' -> 'Queue backlog email'."""
    words = re.sub(r"[-_]+", " ", ident).strip()
    return words[:1].upper() + words[1:]


def render_starter(ident: str, path: Path) -> str:
    """The commented starter with this id, a title from the name, and the modeline for `path`."""
    text = STARTER.read_text(encoding="utf-8")
    text = set_top_level(text, "id", ident)
    text = set_top_level(text, "title", humanise(ident)[:TITLE_MAX])
    return set_modeline(text, path)


def render_copy(builtin: str, ident: str, path: Path) -> str:
    """A built-in scenario with this id, a title that says where it came from, and the modeline for `path`."""
    from drills.scenario._catalog import builtin_ids

    known = builtin_ids()
    if builtin not in known:
        close = difflib.get_close_matches(builtin, known, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise UsageError(f"--from: no built-in scenario '{builtin}' — {hint}built-in scenarios: {', '.join(known)}")
    source = paths.BUILTIN_SCENARIOS_DIR / f"{builtin}.yaml"
    text = source.read_text(encoding="utf-8")
    original = yaml.safe_load(text).get("title", builtin)
    title = f"{humanise(ident)}: {original}"
    text = set_top_level(text, "id", ident)
    text = set_top_level(text, "title", title if len(title) <= TITLE_MAX else title[:TITLE_MAX - 1] + "…")
    text = set_modeline(text, path)
    note = (f"# Copied from the built-in scenario '{builtin}' by `drill new`.\n"
            "# The comments below describe the original: update them as you change the story.\n#\n")
    lines = text.splitlines(keepends=True)
    at = 1 if lines and lines[0].startswith(MODELINE_PREFIX) else 0
    if at and len(lines) > 1 and lines[1].strip() == "#":
        at = 2
    return "".join([*lines[:at], note, *lines[at:]])


def set_top_level(text: str, key: str, value: str) -> str:
    """Replace the value of a top-level `key:` (one line, or a block scalar over several) with `value`,
    quoted only when YAML would otherwise read it as something other than this text."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(rf"{re.escape(key)}\s*:", line)), None)
    rendered = f"{key}: {yaml_scalar(value)}\n"
    if start is None:
        return text + rendered
    end = start + 1
    while end < len(lines) and (lines[end][:1] in (" ", "\t") or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # keep the blank lines that separate this key from the next section
    return "".join([*lines[:start], rendered, *lines[end:]])


def yaml_scalar(value: str) -> str:
    """`value` as a YAML scalar on one line: plain when that reads back as the same text, else quoted.

    Our loader (drills.scenario._yamlsafe) reads YAML 1.2, where `1e3` and `0o17` are numbers; PyYAML and other
    YAML 1.1 tools read `yes` and `10:00` as a boolean and a number. Plain is kept only when both read
    the same text back, so the file means the same to drills and to any other tool that opens it.
    """
    if "\n" in value or "\r" in value:
        plain_ok = False
    else:
        try:
            plain_ok = (read_yaml_text(f"k: {value}\n", "<value>").data == {"k": value}
                        and yaml.safe_load(f"k: {value}") == {"k": value})
        except (InputError, yaml.YAMLError):
            plain_ok = False
    if plain_ok:
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def schema_reference(path: Path) -> str:
    """The JSON Schema's path relative to where the scenario file lands (absolute if on another drive)."""
    try:
        return Path(os.path.relpath(SCHEMA_FILE, path.resolve().parent)).as_posix()
    except ValueError:
        return SCHEMA_FILE.as_uri()


def set_modeline(text: str, path: Path) -> str:
    """Point the editor modeline (first line) at the schema from `path`'s folder; add it if missing."""
    line = f"{MODELINE_PREFIX}{schema_reference(path)}\n"
    if text.startswith(MODELINE_PREFIX):
        return line + text.split("\n", 1)[1]
    return line + text


def _check_loads(text: str, path: Path) -> None:
    """The file we are about to write must load. Only the id and title change, both derived from NAME,
    so a file that does not load comes from a name our checks let through: say so in one line."""
    from drills.scenario._loader import load_scenario_text

    try:
        load_scenario_text(text, str(path))
    except InputError as exc:
        first = exc.problems[0].what if exc.problems else "it does not load"
        ident = path.stem
        raise UsageError(f"'{ident}' cannot be a scenario id: the new file would not load ({first}) — use "
                         "lower-case letters, digits, '-' and '_' that read as text, such as "
                         f"`drill new scenario-{ident}`") from None
