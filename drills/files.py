"""Files drills writes: never through a link, never half-written, all of a set or none of it.

A report folder is a place other people can write to (a shared checkout, a synced folder), so a planted
`.scorecard.html.tmp -> ~/precious.txt` must not make drills overwrite what it points at:

- temporary files are made by `tempfile` in the target's folder, with a random name and
  O_CREAT|O_EXCL (which never follows a link), and then renamed over the target, which replaces the
  folder entry itself, never what a link points to;
- a target that is a symbolic link (or anything but a regular file) is refused with one line, rather
  than silently replaced;
- a set of files (a drill's three scorecards) is written to temporary files first and renamed into
  place only when every one of them is on disk, so a failure leaves the previous set or nothing;
- a drill folder is made in a hidden staging folder beside it (`staged_folder`) and renamed into place
  when the drill is complete, so a crash or a bug never leaves a half-written drill behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from drills.errors import OutputError

STAGING_MARK = ".partial-"
"""In the name of a staging folder (`.NAME.partial-XXXX`); hidden, so `drill history` never reads one."""
_STAGED = re.compile(rf"^\.(?P<final>.+){re.escape(STAGING_MARK)}[^/]+$")


def check_writable_target(path: Path) -> bool:
    """Whether `path` exists (and will be replaced); raises OutputError if it is a link or not a regular file."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(info.st_mode):
        raise OutputError(f"{path}: is a symbolic link — drills never writes through a link; remove it, or write "
                          "somewhere else")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{path}: exists and is not a regular file — remove it, or write somewhere else")
    return True


def write_files(contents: Mapping[Path, str | bytes]) -> list[Path]:
    """Write every file, all or none: each to a new temporary file beside it, then all renamed into place.

    Returns the paths that existed before (now replaced). Nothing is replaced if any target is a link
    or not a regular file, or if writing any temporary file fails."""
    replaced = [path for path in contents if check_writable_target(path)]
    staged: list[tuple[str, Path]] = []
    try:
        for path, content in contents.items():
            staged.append((_temporary_copy(path, content), path))
        for temporary, path in staged:
            os.replace(temporary, path)
    except BaseException:
        for temporary, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        raise
    return replaced


def write_file(path: Path, content: str | bytes) -> bool:
    """Write one file safely (see `write_files`); True if it replaced an existing file."""
    return bool(write_files({path: content}))


def _temporary_copy(path: Path, content: str | bytes) -> str:
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # O_CREAT | O_EXCL
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(name, 0o644)  # mkstemp makes 0600; a report is for the team
    except BaseException:
        os.unlink(name)
        raise
    return name


@contextlib.contextmanager
def staged_folder(final: Path | None, *, replaceable: tuple[str, ...] = ()) -> Iterator[Path | None]:
    """A hidden folder beside `final` to write a drill into; moved to `final` when the block succeeds and
    removed when it fails (an exception, Ctrl-C), so `final` is never half-written.

    If `final` already exists, only the entries named in `replaceable` may be in it: they are replaced
    by the staged ones (and removed if the staged folder has none of that name). None yields None."""
    if final is None:
        yield None
        return
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}{STAGING_MARK}", dir=final.parent))
    try:
        yield staging
        _move_into_place(staging, final, replaceable)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def destination(folder: Path) -> Path:
    """Where a drill folder belongs: for a staging folder left by a killed drill, the name it was meant
    to have (unless that name is taken meanwhile); any other folder is where it is."""
    match = _STAGED.match(folder.name)
    if match is None:
        return folder
    final = folder.with_name(match["final"])
    return folder if final.exists() or final.is_symlink() else final


def unstage(folder: Path) -> Path:
    """Move a staging folder whose drill is whole again (finished by `drill resume`) to its `destination`."""
    final = destination(folder)
    if final != folder:
        os.chmod(folder, 0o755)
        os.rename(folder, final)
    return final


def _move_into_place(staging: Path, final: Path, replaceable: tuple[str, ...]) -> None:
    os.chmod(staging, 0o755)  # mkdtemp makes 0700
    if not final.exists() and not final.is_symlink():
        os.rename(staging, final)
        return
    for name in replaceable:
        check_writable_target(final / name)
    staged = sorted(staging.iterdir())
    for entry in staged:
        os.replace(entry, final / entry.name)
    for name in set(replaceable) - {entry.name for entry in staged}:
        with contextlib.suppress(FileNotFoundError):
            (final / name).unlink()
    staging.rmdir()
