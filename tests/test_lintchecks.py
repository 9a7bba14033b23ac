"""Lint checks beyond the schema (drills/lint/_checks.py), each on a purpose-built scenario.

Every file in tests/lint_cases/ is tests/fixtures/minimal.yaml (lint-clean) with one mistake, and a
comment on line 1 saying which, so its lines are one below the fixture's.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from drills.lint import _lint as lint
from drills.lint import problems_for
from drills.scenario import load_scenario

REPO = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "lint_cases"

WARNINGS: dict[str, str] = {
    "acted-before-report": (
        "78:23: warning: inject 'login-alert' (minute 2) never fires: it waits for an owner to be named, but arrives "
        "before the first customer report (minute 12), when nobody has acted yet — move it after minute 12, or drop "
        "`owner_assigned: true`"),
    "after-check-too-slow": (
        "78:20: warning: inject 'login-alert' (minute 14) never fires: check 'auth-logs' takes 3 min, so it cannot "
        "have finished 2 min after the first report (minute 12) — move the inject to minute 15 or later, or shorten "
        "the check's `takes`"),
    "after-repair-too-slow": (
        "84:21: warning: inject 'cto-joins' (minute 20) never fires: repair 'clear-stuck-sessions' cannot have landed "
        "before minute 22 (report at minute 12 + 'rollback-cookie' 4 min + 'clear-stuck-sessions' 6 min) — move the "
        "inject to minute 22 or later, or make the repair quicker"),
    "after-repair-needs-excluded": (
        "90:25: warning: inject 'ceo-asks' (minute 40) never fires: it waits for repair 'clear-stuck-sessions', which "
        "needs 'rollback-cookie' first, and also for 'rollback-cookie' not to have been applied — drop one of "
        "`after_repair` and `not_after_repair`"),
    "mitigated-without-the-fix": (
        "89:18: warning: inject 'ceo-asks' (minute 40) never fires: it needs the drill mitigated and repair "
        "'rollback-cookie' not applied, but every repair that mitigates is 'rollback-cookie' or needs it first — "
        "drop `not_after_repair` or `mitigated: true`, or add another repair that mitigates"),
    "unmitigated-after-the-fix": (
        "89:18: warning: inject 'ceo-asks' (minute 40) never fires: once repair 'rollback-cookie' has landed the "
        "drill is mitigated for good, so `mitigated: false` cannot hold with it — drop `mitigated: false`, or wait "
        "on a repair that does not mitigate"),
    "mitigated-too-early": (
        "78:18: warning: inject 'login-alert' (minute 14) never fires: the drill cannot be mitigated before minute 16 "
        "(report at minute 12 + 'rollback-cookie' 4 min) — move the inject to minute 16 or later, or drop "
        "`mitigated: true`"),
    "clue-never-shown": (
        "114:9: warning: clue 'waf-rule' is never shown: no check reveals it — add 'waf-rule' to the `reveals` of "
        "the check that would turn it up, or delete the clue"),
    "no-repair-helps": (
        "115:1: warning: no repair fixes or mitigates the outage: no team can win this drill — give at least one "
        "repair `effect: fixes` (or `effect: mitigates`)"),
    "never-mitigated": (
        "121:19: warning: no repair brings the impact down to mitigated (at most 0.5); the best, 'rollback-cookie', "
        "leaves 0.7 — lower its `impact_after` to 0.5 or less, or add a repair that fixes"),
    "customer-never-unblocked": (
        "121:19: warning: no repair brings the impact below 0.25, so the customer can never log in with single "
        "sign-on again (the best, 'rollback-cookie', leaves 0.3); no team can earn the customer's confirmation — add "
        "a repair that fixes (a follow-up with `requires:` is fine), or lower this `impact_after`"),
    "requires-a-useless-repair": (
        "131:16: warning: repair 'clear-stuck-sessions' needs 'restart-auth' first, which never helps (effect: none); "
        "the team must waste a repair to use it — remove 'restart-auth' from `requires`, or require the repair that "
        "really comes first"),
    "no-fast-safe-repair": (
        "115:1: warning: no fast safe repair: nothing of a fast, safe kind brings impact down to mitigated on its "
        "own, so the drill cannot teach 'fastest safe repair first' (REP-01) — if the incident had one, add a "
        "repair of kind capacity, config_change, failover, feature_flag, kill_switch, manual_workaround, "
        "queue_pause, rollback, traffic_shift, workaround with `effect: fixes` or `mitigates` and no `requires`; "
        "if it truly had none, say so (format 2): `incident.no_fast_safe_repair: <why>`"),
    "par-out-of-reach": (
        "128:21: warning: par is 5 min, but the ideal team needs 9 min to mitigate — raise `mitigate_minutes` to 9 "
        "or more, or make the must-find checks or the fastest safe repair quicker"),
    "nobody-knows-the-system": (
        "49:19: warning: nobody in the cast knows the failing system 'sessions-service', so no owner can be the "
        "person closest to it — did you mean 'sessions'? cast member 'auth-engineer' knows 'sessions': write the "
        "same name in both places"),
    "nobody-close": (
        "49:19: warning: nobody in the cast knows the failing system 'identity-provider', so no owner can be the "
        "person closest to it — add 'identity-provider' to the `knows` of the person who should own this incident "
        "(CMD-03 checks the owner against it)"),
    "briefing-time-contradicts": (
        "8:11: warning: the briefing says 08:30 where the scenario's injects and clues say 09:04 (about: changed, "
        "cookie, session) — write 09:04 in the briefing (or change the timeline), so the players start from the "
        "same facts the drill shows them"),
}
"""Each case's one warning, after 'tests/lint_cases/<case>.yaml:'."""

ERRORS: dict[str, str] = {
    "requires-cycle": (
        "121:15: repairs rollback-cookie → restart-auth → rollback-cookie require each other in a circle — remove "
        "one of these requires so that a repair can start"),
}
"""Cases the loader already refuses (a circular `requires` cannot load), so lint fails without --strict."""


def _drill(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "drills.cli", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120, check=False)


def test_every_case_file_is_listed() -> None:
    assert {p.stem for p in CASES.glob("*.yaml")} == set(WARNINGS) | set(ERRORS)


def test_the_base_fixture_is_clean() -> None:
    assert problems_for(REPO / "tests" / "fixtures" / "minimal.yaml") == []


@pytest.mark.parametrize("case", sorted(WARNINGS))
def test_each_check_warns_once_at_the_offending_item(case: str) -> None:
    path = CASES / f"{case}.yaml"
    assert [str(p) for p in problems_for(path)] == [f"{path}:{WARNINGS[case]}"]


def test_plain_lint_prints_the_warnings_and_exits_0_strict_exits_1() -> None:
    files = [f"tests/lint_cases/{case}.yaml" for case in sorted(WARNINGS)]
    expected = [f"tests/lint_cases/{case}.yaml:{WARNINGS[case]}" for case in sorted(WARNINGS)]
    summary = f"{len(files)} files, 0 errors, {len(files)} warnings\n"
    for flags, code in (((), 0), (("--strict",), 1)):
        result = _drill("lint", *flags, *files)
        assert "Traceback" not in result.stderr
        assert result.returncode == code, (flags, result.stderr)
        assert result.stderr.splitlines() == expected
        assert result.stdout == summary


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_circular_requires_is_an_error_even_without_strict(case: str) -> None:
    result = _drill("lint", f"tests/lint_cases/{case}.yaml")
    assert (result.returncode, result.stdout) == (1, "1 file, 1 error, 0 warnings\n")
    assert result.stderr == f"tests/lint_cases/{case}.yaml:{ERRORS[case]}\n"


def test_the_checks_are_registered_once_lint_is_imported() -> None:
    from drills.lint import _checks as lintchecks

    ours = [lintchecks.injects_that_never_fire, lintchecks.clues_never_shown, lintchecks.repairs_that_cannot_win,
            lintchecks.no_fast_safe_repair, lintchecks.par_out_of_reach, lintchecks.nobody_knows_the_failing_system,
            lintchecks.briefing_times_that_contradict]
    assert [fn for fn in lint.CHECKS if fn in ours] == ours


def test_an_inject_just_in_time_is_not_flagged(tmp_path: Path) -> None:
    """The timing checks are exact: a check that is back exactly at the inject's minute is fine."""
    text = (CASES / "after-check-too-slow.yaml").read_text(encoding="utf-8").replace("    at: 14\n", "    at: 15\n")
    path = tmp_path / "just-in-time.yaml"
    path.write_text(text, encoding="utf-8")
    assert problems_for(path) == []


def test_the_par_check_plays_the_ideal_team() -> None:
    """The par warning quotes what the ideal team really did, read from a headless drill."""
    from drills.teams import run_one

    loaded = load_scenario(CASES / "par-out-of-reach.yaml")
    took = run_one(loaded, team="ideal", seed=loaded.scenario.seed, folder=None).figures.time_to_mitigation
    assert took == 9
    assert f"needs {took:g} min" in WARNINGS["par-out-of-reach"]


def test_a_briefing_time_the_timeline_agrees_with_is_not_flagged(tmp_path: Path) -> None:
    text = (CASES / "briefing-time-contradicts.yaml").read_text(encoding="utf-8").replace("at 08:30", "at 09:04")
    path = tmp_path / "agrees.yaml"
    path.write_text(text, encoding="utf-8")
    assert problems_for(path) == []


def test_builtin_scenarios_pass_every_check() -> None:
    result = _drill("lint", "--strict", "scenarios")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
