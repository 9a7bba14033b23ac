"""Files drills writes never follow a planted link, are never half-written, and replacing one is said.

The attack: someone who can write to a drill folder plants `.scorecard.html.tmp -> ~/precious.txt`;
`drill report` used to write its temporary file through the link and overwrite what it points at."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from drills.errors import OutputError
from drills.files import staged_folder, write_file, write_files
from drills.scenario import load_scenario
from drills.scoring import load_playbook
from drills.teams import run_one

SCENARIO = "invoice-export-tax-field"
PRECIOUS = "my notes, not a scorecard\n"
SCORECARDS = ("scorecard.md", "scorecard.html", "scorecard.json")


@pytest.fixture(scope="module")
def drill_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A whole headless drill's log (run once; tests copy it)."""
    folder = tmp_path_factory.mktemp("played") / "drill"
    run_one(load_scenario(SCENARIO), team="chaotic", seed=2, folder=folder, playbook=load_playbook(None))
    return folder / "events.jsonl"


def _drill_folder(tmp_path: Path, drill_log: Path, *, scorecards: bool = False) -> Path:
    folder = tmp_path / "drill"
    folder.mkdir()
    (folder / "events.jsonl").write_bytes(drill_log.read_bytes())
    if scorecards:
        for name in SCORECARDS:
            (folder / name).write_bytes((drill_log.parent / name).read_bytes())
    return folder


def _plant_temp_links(folder: Path, target: Path) -> None:
    for name in SCORECARDS:
        (folder / f".{name}.tmp").symlink_to(target)


def _one_line(done) -> None:
    assert "Traceback" not in done.stderr and "this is a bug" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.mark.slow
def test_report_never_writes_through_a_planted_temporary_link(tmp_path: Path, drill_log: Path, cli) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text(PRECIOUS)
    folder = _drill_folder(tmp_path, drill_log)
    _plant_temp_links(folder, precious)
    done = cli("report", folder / "events.jsonl")
    assert done.returncode == 0, done.stderr
    assert precious.read_text() == PRECIOUS
    assert all((folder / name).is_file() and not (folder / name).is_symlink() for name in SCORECARDS)


@pytest.mark.slow
@pytest.mark.parametrize("name", SCORECARDS)
def test_report_refuses_a_scorecard_that_is_a_link(tmp_path: Path, drill_log: Path, cli, name: str) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text(PRECIOUS)
    folder = _drill_folder(tmp_path, drill_log)
    (folder / name).symlink_to(precious)
    done = cli("report", folder / "events.jsonl")
    assert done.returncode == 1
    assert f"{folder / name}: is a symbolic link — drills never writes through a link" in done.stderr
    _one_line(done)
    assert precious.read_text() == PRECIOUS
    assert not any((folder / other).exists() for other in SCORECARDS if other != name)  # all or nothing


@pytest.mark.slow
def test_resume_never_writes_through_a_planted_link(tmp_path: Path, drill_log: Path, cli) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text(PRECIOUS)
    folder = tmp_path / "drill"
    folder.mkdir()
    lines = drill_log.read_bytes().splitlines(keepends=True)
    (folder / "events.jsonl").write_bytes(b"".join(lines[: len(lines) // 2]))  # interrupted half-way
    _plant_temp_links(folder, precious)
    done = cli("resume", folder / "events.jsonl", "--headless")
    assert done.returncode == 0, done.stderr
    assert precious.read_text() == PRECIOUS
    assert (folder / "events.jsonl").read_bytes() == drill_log.read_bytes()


def test_resume_never_appends_to_a_log_through_a_link(tmp_path: Path, drill_log: Path, cli) -> None:
    real = tmp_path / "elsewhere.jsonl"
    lines = drill_log.read_bytes().splitlines(keepends=True)
    real.write_bytes(b"".join(lines[: len(lines) // 2]))
    before = real.read_bytes()
    folder = tmp_path / "drill"
    folder.mkdir()
    (folder / "events.jsonl").symlink_to(real)
    done = cli("resume", folder / "events.jsonl", "--headless")
    assert done.returncode == 1
    assert "is a symbolic link — drills never writes through a link" in done.stderr
    _one_line(done)
    assert real.read_bytes() == before


def test_the_rooms_end_of_drill_write_never_follows_a_link(tmp_path: Path, drill_log: Path) -> None:
    from drills.reports import write_scorecards
    from drills.scoring import score
    from drills.world import read_log

    precious = tmp_path / "precious.txt"
    precious.write_text(PRECIOUS)
    folder = _drill_folder(tmp_path, drill_log)
    _plant_temp_links(folder, precious)
    events = read_log(folder / "events.jsonl").events
    card = score(events, load_playbook(None))
    write_scorecards(folder, events, card)  # what the room's debrief calls (drills.tui.live)
    assert precious.read_text() == PRECIOUS
    (folder / "scorecard.md").unlink()
    (folder / "scorecard.md").symlink_to(precious)
    with pytest.raises(OutputError, match="is a symbolic link"):
        write_scorecards(folder, events, card)
    assert precious.read_text() == PRECIOUS


def test_history_html_is_never_written_through_a_link(tmp_path: Path, drill_log: Path, cli) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text(PRECIOUS)
    (tmp_path / "reports").mkdir()
    _drill_folder(tmp_path / "reports", drill_log, scorecards=True)
    page = tmp_path / "trend.html"
    page.symlink_to(precious)
    done = cli("history", "--all", tmp_path / "reports", "--html", page)
    assert done.returncode == 1
    assert f"{page}: is a symbolic link" in done.stderr
    assert precious.read_text() == PRECIOUS


def test_a_set_of_files_is_written_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = {tmp_path / name: f"old {name}" for name in ("a", "b", "c")}
    for path, text in old.items():
        path.write_text(text)
    real_fdopen = os.fdopen
    calls = []

    def disk_full_on_the_third(fd: int, *args, **kwargs):
        calls.append(fd)
        if len(calls) == 3:
            os.close(fd)
            raise OSError(28, "No space left on device")
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", disk_full_on_the_third)
    with pytest.raises(OSError, match="No space left"):
        write_files({path: "new" for path in old})
    assert {path: path.read_text() for path in old} == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "c"]  # no temporary file left behind


def test_write_file_says_whether_it_replaced_a_file(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    assert write_file(path, "one") is False
    assert write_file(path, "two") is True
    assert path.read_text() == "two" and oct(path.stat().st_mode & 0o777) == "0o644"


class _Boom(RuntimeError):
    pass


def test_a_drill_that_fails_leaves_no_folder_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from drills.teams import ChaoticTeam

    def crash(self, engine, new_events):
        if engine.now > 20:
            raise _Boom("a bug in a team")
        return []

    monkeypatch.setattr(ChaoticTeam, "decide", crash)
    folder = tmp_path / "reports" / "drill"
    with pytest.raises(_Boom):
        run_one(load_scenario(SCENARIO), team="chaotic", seed=2, folder=folder, playbook=load_playbook(None))
    assert list((tmp_path / "reports").iterdir()) == []


def test_a_failed_drill_into_out_keeps_the_previous_drill(tmp_path: Path, drill_log: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _drill_folder(tmp_path, drill_log, scorecards=True)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    import drills.reports._report as report_module

    def broken_render(report):
        raise _Boom("a bug in the HTML report")

    monkeypatch.setattr(report_module, "render_html", broken_render)
    with pytest.raises(_Boom):
        run_one(load_scenario(SCENARIO), team="ideal", seed=9, folder=folder, playbook=load_playbook(None))
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drill"]


def test_a_whole_drill_replaces_the_previous_one_in_out(tmp_path: Path, drill_log: Path) -> None:
    folder = _drill_folder(tmp_path, drill_log, scorecards=True)
    run_one(load_scenario(SCENARIO), team="ideal", seed=9, folder=folder, playbook=load_playbook(None))
    assert sorted(p.name for p in folder.iterdir()) == ["events.jsonl", *sorted(SCORECARDS)]
    card = json.loads((folder / "scorecard.json").read_text())
    assert card["seed"] == 9 and card["paths"]["html"] == str(folder / "scorecard.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drill"]


def test_ctrl_c_while_staging_removes_the_staging_folder(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt), staged_folder(tmp_path / "drill") as staging:
        assert staging is not None and staging.name.startswith(".drill.partial-")
        (staging / "events.jsonl").write_text("{}\n")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_report_says_which_scorecards_it_replaced(tmp_path: Path, drill_log: Path, cli) -> None:
    folder = _drill_folder(tmp_path, drill_log)
    first = cli("report", folder / "events.jsonl")
    assert first.returncode == 0 and "replaced" not in first.stderr
    again = cli("report", folder / "events.jsonl")
    assert again.returncode == 0, again.stderr
    assert f"note: replaced the earlier scorecard.md, scorecard.html, scorecard.json in {folder}" in again.stderr


def test_history_html_says_when_it_replaced_a_file(tmp_path: Path, drill_log: Path, cli) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    _drill_folder(reports, drill_log, scorecards=True)
    page = tmp_path / "trend.html"
    first = cli("history", "--all", reports, "--html", page)
    assert first.returncode == 0, first.stderr
    assert f"Trend chart: {page}\n" in first.stdout
    second = cli("history", "--all", reports, "--html", page)
    assert f"Trend chart: {page} (replaced the earlier file)" in second.stdout
