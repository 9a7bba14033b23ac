"""Scoring: each rule on good, bad and N/A logs with its evidence; capability caps; overrules;
rescoring with an edited playbook; the seed guide's "mistakes that make it worse"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from logbuilder import LogBuilder, good_drill

from drills.errors import EventLogError
from drills.scoring import DEFAULT_PLAYBOOK_PATH, Playbook, Rating, RuleResult, Scorecard, load_playbook
from drills.scoring._scorer import NOT_REPORTED, score, score_rule
from drills.scoring.rules import DrillLog
from drills.world import Event

PB = load_playbook(None)


def rule(source: LogBuilder | list[Event], rule_id: str, playbook: Playbook = PB) -> RuleResult:
    events = source.build() if isinstance(source, LogBuilder) else source
    return score_rule(DrillLog(events), playbook.rule(rule_id), rule_id[:3])


def notes(result: RuleResult) -> str:
    return " | ".join(e.note for e in result.evidence)


def edited_playbook(tmp_path: Path, old: str, new: str) -> Playbook:
    text = DEFAULT_PLAYBOOK_PATH.read_text()
    assert text.count(old) == 1, old
    path = tmp_path / "strict.yaml"
    path.write_text(text.replace(old, new))
    return load_playbook(path)


def tuned(rule_id: str, **params: object) -> Playbook:
    """The default playbook with some parameters of one rule changed (validated like a file)."""
    data = PB.model_dump()
    for cap in data["capabilities"]:
        for r in cap["rules"]:
            if r["id"] == rule_id:
                r["params"].update(params)
    return Playbook.model_validate(data)


def started() -> LogBuilder:
    """A drill up to a named owner (backend, 1 min after the report)."""
    return LogBuilder().at(1).owner("cto", "backend")


def no_triggers(data: dict) -> None:
    data["incident"]["ceo_triggers"] = []


# ---------------------------------------------------------------- the baseline


def test_good_drill_passes_every_applicable_rule() -> None:
    events = good_drill().build()
    log = DrillLog(events)
    for r in PB.rules():
        result = score_rule(log, r, r.id[:3])
        assert result.score in (None, 1.0), (r.id, result.score, notes(result))
    assert rule(events, "CMD-04").score is None  # no handoff happened
    assert rule(events, "REP-04").score is None  # no repair failed


# ---------------------------------------------------------------- CMD


@pytest.mark.parametrize(("minute", "expected"), [(3, 1.0), (5, 1.0), (10, 0.5), (15, 0.0), (40, 0.0)])
def test_cmd01_owner_named_fast(minute: float, expected: float) -> None:
    b = LogBuilder().at(minute).owner("cto", "backend")
    result = rule(b, "CMD-01")
    assert result.score == expected
    (evidence,) = result.evidence
    assert evidence.event_seq == next(e.seq for e in b.events if e.kind == "owner_changed")
    assert evidence.t == b.t0 + minute and "Alex Kim named owner" in evidence.note


def test_cmd01_never_named_is_not_attempted() -> None:
    result = rule(LogBuilder().at(30).full_update("backend"), "CMD-01")
    assert result.score == 0 and not result.attempted
    assert "Nobody was ever named owner" in notes(result)


def test_cmd02_one_owner_and_a_taken_ownership() -> None:
    assert rule(started().at(20), "CMD-02").score == 1.0
    taken = started().at(10).owner("pm", "sre")  # the PM names a new owner over the owner's head
    result = rule(taken, "CMD-02")
    assert result.score == 0.5
    assert "Lee Chen moved ownership from Alex Kim to Sam Patel without a handoff" in notes(result)
    handed = started().at(10).owner("pm", "sre", scope="exports", facts="EXP-422 since 10:10", next_in=20)
    assert rule(handed, "CMD-02").score == 1.0
    by_owner = started().at(10).owner("backend", "sre")  # the owner lets go: CMD-04's business, not CMD-02's
    assert rule(by_owner, "CMD-02").score == 1.0
    assert rule(LogBuilder().at(10), "CMD-02").score is None


def test_cmd03_closest_coordinator_and_time_weighted() -> None:
    assert rule(started().at(30), "CMD-03").score == 1.0
    cto = LogBuilder().at(1).owner("cto", "cto").at(30)
    result = rule(cto, "CMD-03")
    assert result.score == 0.0 and "closest: Alex Kim" in notes(result)
    coordinated = LogBuilder().at(1).owner("cto", "cto").task("cto", "backend", "Check the export logs").at(30)
    assert rule(coordinated, "CMD-03").score == 0.5
    moved = (LogBuilder().at(0).owner("cto", "cto")
             .at(10).owner("cto", "backend", scope="exports", facts="EXP-422", next_in=20).ack("backend")
             .at(40).resolve("backend"))
    assert rule(moved, "CMD-03").score == pytest.approx(0.75)


def test_cmd04_explicit_handoff() -> None:
    assert rule(started(), "CMD-04").score is None
    full = started().at(10).owner("backend", "sre", scope="exports", facts="EXP-422 since 10:10", next_in=20)
    assert rule(full.ack("sre"), "CMD-04").score == 1.0
    unacked = started().at(10).owner("backend", "sre", scope="exports", facts="EXP-422", next_in=20).at(30)
    result = rule(unacked, "CMD-04")
    assert result.score == 0.75 and "missing acknowledgement" in notes(result)
    bare = started().at(10).owner("backend", "sre").at(30)
    assert rule(bare, "CMD-04").score == 0.0
    late_ack = started().at(10).owner("backend", "sre", scope="s", facts="f", next_in=20).at(25).ack("sre")
    assert rule(late_ack, "CMD-04").score == 0.75


def test_cmd05_room_size() -> None:
    played = ("backend", "support", "cto")
    assert rule(LogBuilder(played=played), "CMD-05").score == 1.0
    six = LogBuilder(played=played).at(5).join("sre").join("pm").join("dev2")
    result = rule(six, "CMD-05")
    assert result.score == 0.5 and result.evidence[0].note == "At most 6 active people in the room."
    nine = six.join("dev3").join("guest-1").join("guest-2")
    assert rule(nine, "CMD-05").score == 0.0
    # Unplayed cast members join the room when they first act.
    acting = started().at(2).note("support", "fact", "a").note("sre", "fact", "b").note("pm", "fact", "c")
    assert rule(acting, "CMD-05").score == 1.0  # cto, backend, support, sre, pm


def test_cmd06_side_conversation() -> None:
    assert rule(started(), "CMD-06").score is None
    b = started().at(3).full_update("backend").update("dev2", text="I think it is the deploy", channel="dm")
    result = rule(b, "CMD-06")
    assert result.score == 0.5
    assert result.evidence[0].quote == "I think it is the deploy" and "'dm'" in result.evidence[0].note


def test_cmd07_named_tasks_and_can_someone(tmp_path: Path) -> None:
    assert rule(started(), "CMD-07").score is None
    b = started().at(2).task("backend", "sre", "Check the deploy log", due_in=10)
    assert rule(b, "CMD-07").score == 1.0
    b.task("backend", "pm", "Collect customer examples", due_in=None)
    b.task("backend", None, "Look at the dashboards")
    result = rule(b, "CMD-07")
    assert result.score == pytest.approx(0.5)  # (1 + 0.5 + 0) / 3
    assert "Task given to nobody in particular." in notes(result)
    asked = started().at(2).update("backend", text="Can someone look at the export logs?")
    result = rule(asked, "CMD-07")
    assert result.score == 0.0 and not result.exact
    (flag,) = result.evidence
    assert flag.flag_id == "can_someone" and flag.quote == "Can someone"
    overruled = asked.overrule("can_someone", "CMD-07", flag.event_seq)
    assert rule(overruled, "CMD-07").score is None
    lenient = edited_playbook(tmp_path, "{no_time_box_credit: 0.5}", "{no_time_box_credit: 1.0}")
    no_due = started().at(2).task("backend", "pm", "Collect examples", due_in=None)
    assert (rule(no_due, "CMD-07").score, rule(no_due, "CMD-07", lenient).score) == (0.5, 1.0)


# ---------------------------------------------------------------- SIT


def test_sit01_the_three_facts() -> None:
    result = rule(good_drill(), "SIT-01")
    assert result.score == 1.0
    assert [e.quote for e in result.evidence if e.event_seq is not None]
    assert all("4182" in e.quote or "10:10" in e.quote or "EXP-422" in e.quote for e in result.evidence)
    one = started().at(5).note("backend", "fact", "Customers see exp-422 when exporting")
    result = rule(one, "SIT-01")
    assert result.score == pytest.approx(1 / 3)
    assert "never gave the reported account ('4182')" in notes(result)
    late = started().at(61).note("backend", "fact", "Account 4182, EXP-422, since 10:10")
    assert rule(late, "SIT-01").score == 0.0
    via_update = started().at(5).update("backend", known="Account 4182 fails since 10:10 with EXP-422")
    assert rule(via_update, "SIT-01").score == 1.0


def test_sit02_evidence_before_repair(tmp_path: Path) -> None:
    assert rule(started(), "SIT-02").score is None
    read = started().at(2).check("backend", "logs").at(6).repair("backend", "rollback")
    assert rule(read, "SIT-02").score == 1.0
    unread = started().at(2).check("backend", "logs").at(3).repair("backend", "rollback")
    result = rule(unread, "SIT-02")
    assert result.score == 0.5 and "before its result came back" in notes(result)
    blind = started().at(2).repair("backend", "rollback").at(3).check("backend", "logs")
    assert rule(blind, "SIT-02").score == 0.0
    dashboards = started().at(2).check("backend", "dash").at(6).repair("backend", "rollback")
    assert rule(dashboards, "SIT-02").score == 0.0
    wider = edited_playbook(tmp_path, "evidence_kinds: [logs, alerts, deploys, config, reproduce]",
                            "evidence_kinds: [logs, alerts, deploys, config, reproduce, metrics]")
    # A dashboard is evidence under the wider playbook, but it showed only a red herring: the repair was a guess.
    guessed = rule(dashboards, "SIT-02", wider)
    assert guessed.score == 0.5 and "the repair was a guess" in notes(guessed)


def _metrics_only(data: dict) -> None:
    for check in data["checks"]:
        check["kind"] = "metrics"


def test_sit02_is_not_applicable_when_the_scenario_offers_no_evidence_check() -> None:
    b = LogBuilder(patch=_metrics_only).at(1).owner("cto", "backend").at(2).check("backend", "logs")
    result = rule(b.at(6).repair("backend", "rollback"), "SIT-02")
    assert result.score is None
    assert notes(result) == ("The scenario offers no check of logs, alerts, deploys, config, reproduce, so there "
                             "was no evidence to gather before a repair.")


@pytest.mark.slow
def test_sit02_not_applicable_through_the_cli_for_every_team(tmp_path: Path, drill) -> None:
    data = yaml.safe_load((Path(__file__).parent / "fixtures" / "minimal.yaml").read_text(encoding="utf-8"))
    _metrics_only(data)
    scenario = tmp_path / "dashboards-only.yaml"
    scenario.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    for team in ("ideal", "passive", "chaotic"):
        out = tmp_path / team
        result = drill("simulate", scenario, "--team", team, "--out", out)
        assert result.returncode == 0, result.stderr
        card = json.loads((out / "scorecard.json").read_text(encoding="utf-8"))
        sit02 = next(r for c in card["capabilities"] for r in c["rules"] if r["rule_id"] == "SIT-02")
        assert sit02["score"] is None, (team, sit02["evidence"])
        assert "offers no check of logs" in sit02["evidence"][0]["note"]


def test_sit03_kept_apart() -> None:
    assert rule(good_drill(), "SIT-03").score == 1.0
    guesses = (started().at(3).note("backend", "guess", "Probably the deploy")
               .note("dev2", "guess", "Maybe the database").note("cto", "question", "Is it the CDN?"))
    result = rule(guesses, "SIT-03")
    assert result.score == pytest.approx(1 / 3)
    assert "Missing: facts, the next check" in notes(result)
    hedged = started().at(3).note("backend", "fact", "It is probably the deploy").note("backend", "guess", "g")
    result = rule(hedged, "SIT-03")
    flag = next(e for e in result.evidence if e.flag_id == "hedged_fact")
    assert flag.quote == "probably" and result.score == pytest.approx(1 / 3 - 0.25)
    assert not result.exact
    assert rule(hedged.overrule("hedged_fact", "SIT-03", flag.event_seq or 0), "SIT-03").score == pytest.approx(2 / 3)
    assert rule(started(), "SIT-03").score == 0.0


# ---------------------------------------------------------------- INT


def test_int01_rhythm(tmp_path: Path) -> None:
    steady = started()
    for minute in (3, 30, 60, 90):
        steady.at(minute).full_update("backend")
    steady.at(100).resolve("backend")
    assert rule(steady, "INT-01").score == 1.0
    gap = started().at(3).full_update("backend").at(40).full_update("backend").at(60).resolve("backend")
    result = rule(gap, "INT-01")
    assert result.score == pytest.approx(0.5)  # one missed of ceil(60/30) = 2
    assert "37 min of silence" in notes(result)
    assert rule(gap, "INT-01", tuned("INT-01", max_gap=45)).score == 1.0
    silent = started().at(3).full_update("backend").at(75).full_update("backend").at(80).resolve("backend")
    result = rule(silent, "INT-01")
    assert result.score == pytest.approx(1 / 3)  # 72 min misses floor(67/30) = 2 of ceil(80/30) = 3
    none = started().at(50).resolve("backend")
    result = rule(none, "INT-01")
    assert result.score == 0 and not result.attempted


def test_int01_capped_by_a_long_silence() -> None:
    b = started()
    for minute in (3, 20, 40):
        b.at(minute).full_update("backend")
    b.at(105).full_update("backend").at(110).resolve("backend")
    result = rule(b, "INT-01")
    # 65 min from 40 to 105 misses 2 of ceil(110/30) = 4 -> 0.5, and over 60 caps it at 0.5
    assert result.score == 0.5
    b2 = started()
    for minute in (3, 20, 40, 60, 80, 100, 120, 140, 160, 180):
        b2.at(minute).full_update("backend")
    b2.at(242).full_update("backend").at(245).resolve("backend")
    assert rule(b2, "INT-01").score == 0.5  # 1 - 1/9 = 0.89, capped at 0.5 by the 62-minute silence


@pytest.mark.parametrize(("minute", "expected"), [(4, 1.0), (10, 1.0), (15, 0.5), (25, 0.0)])
def test_int02_first_update(minute: float, expected: float) -> None:
    assert rule(started().at(minute).full_update("backend"), "INT-02").score == expected


def test_int03_four_questions_structured() -> None:
    assert rule(good_drill(), "INT-03").score == 1.0
    half = started().at(3).full_update("backend").update("backend", known="Exports fail")
    result = rule(half, "INT-03")
    assert result.score == pytest.approx((1 + 0.25) / 2)
    assert "Does not say who is affected, what we check next, when the next update is." in notes(result)
    assert not result.exact  # the empty fields were looked for in the update's words
    assert rule(good_drill(), "INT-03").exact  # every field filled: nothing read from free text
    none = rule(started(), "INT-03")
    assert none.score == 0 and not none.attempted


def test_int04_promises_kept() -> None:
    kept = started().at(3).full_update("backend", next_in=20).at(24).full_update("backend").at(30).resolve("backend")
    assert rule(kept, "INT-04").score == 1.0
    broken = started().at(3).full_update("backend", next_in=10).at(30).full_update("backend").at(40)
    result = rule(broken, "INT-04")
    assert result.score == 0.0 and "it came 17 min late" in notes(result)
    moot = started().at(3).full_update("backend", next_in=60).at(20).resolve("backend")
    assert rule(moot, "INT-04").score is None


# ---------------------------------------------------------------- CUS


@pytest.mark.parametrize(("minute", "expected"), [(5, 1.0), (15, 1.0), (22.5, 0.5), (30, 0.0)])
def test_cus01_first_word(minute: float, expected: float) -> None:
    assert rule(started().at(minute).good_customer("support"), "CUS-01").score == expected


def test_cus01_never_spoke_makes_cus_unable() -> None:
    b = started().at(3).full_update("backend").at(60).end()
    result = rule(b, "CUS-01")
    assert result.score == 0 and not result.attempted
    card = score(b.build(), PB)
    assert card.capability("CUS").rating is Rating.U


def test_cus02_customer_rhythm() -> None:
    steady = started().at(5).good_customer("support").at(30).good_customer("support").at(55).good_customer("support")
    steady.at(60).end()
    assert rule(steady, "CUS-02").score == 1.0
    gappy = started().at(5).good_customer("support").at(80).good_customer("support").at(90).end()
    result = rule(gappy, "CUS-02")
    assert result.score == pytest.approx(1 / 3)  # 75 min misses 2 of ceil(85/30) = 3
    assert "heard nothing for 75 min" in notes(result)
    assert rule(started().at(60).end(), "CUS-02").score is None


def _confirmed_then_reopened() -> LogBuilder:
    """The customer confirms recovery at +17, a worse repair breaks it again, the owner resolves at +21
    and the customer reopens at +27; nobody writes to the customer again before the end at +90."""
    b = (started().at(5).good_customer("support").at(6).repair("backend", "rollback")
         .at(13).retry("support").at(18).repair("backend", "flush").at(21).resolve("backend"))
    return b.at(27).event("reopened", None, text="It fails again.").at(90).end()


def test_cus02_runs_on_after_a_confirmation_the_customer_took_back(tmp_path: Path, drill) -> None:
    b = _confirmed_then_reopened()
    card = score(b.build(), PB)
    # The figure is the first confirmation (when the customer could first work again) ...
    assert card.figures.time_to_confirmed_recovery == 17
    # ... while the rule keeps the customer rhythm going after the reopen, and says why.
    result = card.rule("CUS-02")
    assert result.score is not None and result.score < 0.5
    assert "heard nothing for 85 min" in notes(result)
    assert ("The customer confirmed recovery 17 min after the report, but the incident reopened, so the rhythm "
            "runs on.") in notes(result)
    log = tmp_path / "events.jsonl"
    log.write_text("".join(e.to_json() + "\n" for e in b.build()), encoding="utf-8")
    result = drill("report", log, "--no-verify")  # a built log, not a played one: there is nothing to replay
    assert result.returncode == 0, result.stderr
    md = (tmp_path / "scorecard.md").read_text(encoding="utf-8")
    assert "but the incident reopened, so the rhythm runs on." in md.split("CUS-02", 1)[1]


def test_cus03_one_voice_and_a_documented_handoff() -> None:
    one = started().at(5).good_customer("support").at(30).good_customer("support")
    assert rule(one, "CUS-03").score == 1.0
    handed = (started().at(5).good_customer("support")
              .at(20).task("backend", "pm", "Take over customer updates from Mina", due_in=5)
              .at(30).good_customer("pm"))
    result = rule(handed, "CUS-03")
    assert result.score == 1.0 and "Customer updates handed to Lee Chen." in notes(result)
    two = started().at(5).good_customer("support").at(30).good_customer("pm")
    assert rule(two, "CUS-03").score == pytest.approx(0.4)


def test_cus04_works_fails_unknown() -> None:
    assert rule(started().at(5).good_customer("support"), "CUS-04").score == 1.0
    thin = started().at(5).customer("support", fails="Exports fail", next_in=30)
    result = rule(thin, "CUS-04")
    assert result.score == pytest.approx(1 / 3)
    assert "Does not say what still works, what is not known yet." in notes(result)


def test_cus05_next_time() -> None:
    assert rule(started().at(5).good_customer("support"), "CUS-05").score == 1.0
    b = started().at(5).customer("support", works="Login works", fails="Exports fail", unknown="Cause")
    result = rule(b, "CUS-05")
    assert result.score == 0.0 and "No time for the next update." in notes(result)


def test_cus09_final_message() -> None:
    assert rule(good_drill(), "CUS-09").score == 1.0
    assert rule(started().at(30).end(), "CUS-09").score is None  # never mitigated
    silent = started().at(2).repair("backend", "rollback").at(40).end()
    assert rule(silent, "CUS-09").score == 0.0
    vague = started().at(2).repair("backend", "rollback").at(20).customer("support", text="Exports are not restored "
                                                                                          "yet, sorry.")
    result = rule(vague, "CUS-09")
    assert result.score == 0.0
    assert "never confirms recovery, says whether data was lost, says what the customer must do" in notes(result)


# ---------------------------------------------------------------- EXE


def test_exe01_timing_and_warrant() -> None:
    # The fixture's trigger (largest customer) fires at drill minute 30: 18 minutes after the report.
    in_time = started().at(25).escalate("backend", impact="40 customers cannot export")
    assert rule(in_time, "EXE-01").score == 1.0
    late = started().at(48).escalate("backend", impact="40 customers cannot export")
    result = rule(late, "EXE-01")
    assert result.score == 0.5 and "30 min after 'largest_customer' fired" in notes(result)
    early = started().at(5).escalate("backend", impact="40 customers cannot export")
    assert rule(early, "EXE-01").score == 1.0
    never = started().at(60).end()
    assert rule(never, "EXE-01").score == 0.0
    too_soon_to_tell = started().at(25).end()
    assert rule(too_soon_to_tell, "EXE-01").score is None
    minor = LogBuilder(patch=no_triggers).at(1).owner("cto", "backend")
    assert rule(minor.at(60).end(), "EXE-01").score is None
    assert rule(LogBuilder(patch=no_triggers).at(5).escalate("backend", impact="x"), "EXE-01").score == 0.5


def test_exe04_concise_impact_first() -> None:
    short = started().at(5).escalate("backend", impact="40 customers cannot export invoices, about $800 an hour.")
    assert rule(short, "EXE-04").score == 1.0
    rambling = started().at(5).escalate("backend", text="So this morning we shipped a release. " * 45)
    result = rule(rambling, "EXE-04")
    assert result.score == 0.0  # 315 words is past 300 and the first sentence has no impact
    assert result.evidence[0].note == "315 words; the first sentence does not give the impact."
    assert rule(started(), "EXE-04").score is None


# ---------------------------------------------------------------- REP


@pytest.mark.parametrize(
    ("repair", "expected"),
    [("rollback", 1.0), ("flag", 0.5), ("flush", 0.5), ("restart", 0.0), ("hotfix", 0.0)],
)
def test_rep01_first_repair(repair: str, expected: float) -> None:
    b = started().at(5).repair("backend", repair)
    result = rule(b, "REP-01")
    assert result.score == expected
    label = b.scenario.repair(repair).label  # type: ignore[union-attr]
    assert result.evidence[0].quote == label and result.evidence[0].event_seq == b.last.seq  # type: ignore[union-attr]


def test_rep01_never_repaired_is_not_attempted() -> None:
    result = rule(started().at(60).end(), "REP-01")
    assert result.score == 0 and not result.attempted


def test_rep02_par(tmp_path: Path) -> None:
    fast = started().at(8).repair("backend", "rollback").at(20)
    assert rule(fast, "REP-02").score == 1.0
    slow = started().at(40).repair("backend", "rollback").at(60)
    result = rule(slow, "REP-02")
    assert result.score == pytest.approx((60 - 46) / 30)
    assert "Mitigated 46 min after the report (par 30 min)." in notes(result)
    assert rule(started().at(100).end(), "REP-02").score == 0.0
    assert rule(started().at(20), "REP-02").score is None
    generous = edited_playbook(tmp_path, "{zero_at_par_multiple: 2}", "{zero_at_par_multiple: 3}")
    assert rule(slow, "REP-02", generous).score == pytest.approx((90 - 46) / 60)


def test_rep03_plan_on_one_screen() -> None:
    assert rule(good_drill(), "REP-03").score == 1.0
    bare = started().at(30).repair("backend", "rollback").at(50)
    result = rule(bare, "REP-03")
    assert result.score == 0.25  # only "a named person per task" (the repairer)
    assert "lacks the customer impact, the chosen repair, the next update time" in notes(result)


def test_rep04_change_course() -> None:
    assert rule(good_drill(), "REP-04").score is None
    quick = started().at(2).repair("backend", "restart").at(8).repair("backend", "rollback").at(30)
    result = rule(quick, "REP-04")
    assert result.score == 1.0 and "Changed course 3 min after 'Restart export workers' failed." in notes(result)
    repeat = started().at(2).repair("backend", "restart").at(8).repair("backend", "restart").at(40)
    assert rule(repeat, "REP-04").score == 0.0
    slow = started().at(2).repair("backend", "restart").at(30).repair("backend", "rollback").at(40)
    assert rule(slow, "REP-04").score == 0.5


# ---------------------------------------------------------------- CLO


def test_clo01_tested_on_the_real_case() -> None:
    assert rule(good_drill(), "CLO-01").score == 1.0
    untested = started().at(2).repair("backend", "rollback").at(10).resolve("backend")
    result = rule(untested, "CLO-01")
    assert result.score == 0.0 and "Called fixed before" in notes(result)
    assert rule(started().at(2).repair("backend", "restart").at(30), "CLO-01").score is None
    early_repro = started().at(2).repair("backend", "rollback").check("backend", "repro").at(12).resolve("backend")
    assert rule(early_repro, "CLO-01").score == 0.0  # reproduced before the repair landed: not a test of it


def test_clo02_customer_confirms_before_resolved() -> None:
    assert rule(good_drill(), "CLO-02").score == 1.0
    hasty = started().at(2).repair("backend", "rollback").at(8).retry("support").resolve("backend", "All green")
    result = rule(hasty, "CLO-02")
    assert result.score == 0.0 and result.attempted
    assert result.evidence[0].quote == "All green"
    never_asked = started().at(2).repair("backend", "rollback").at(10).resolve("backend")
    result = rule(never_asked, "CLO-02")
    assert result.score == 0.0 and not result.attempted
    assert rule(started().at(30), "CLO-02").score is None


def test_clo03_watch() -> None:
    fixed = started().at(2).repair("backend", "rollback")
    assert rule(fixed.at(12).watch("backend", "sre", 30), "CLO-03").score == 1.0
    short = started().at(2).repair("backend", "rollback").at(12).watch("backend", "sre", 15)
    result = rule(short, "CLO-03")
    assert result.score == 0.5 and result.evidence[0].note == "Sam Patel watches for 15 min."
    assert rule(started().at(2).repair("backend", "rollback").at(30), "CLO-03").score == 0.0
    assert rule(started().at(30), "CLO-03").score is None


def test_clo04_owner_resolves_and_other_accounts() -> None:
    assert rule(good_drill(), "CLO-04").score == 1.0
    other = started().at(2).repair("backend", "rollback").at(30).resolve("support")
    result = rule(other, "CLO-04")
    assert result.score == 0.0
    assert "Mina Okafor resolved it, but Alex Kim owned it." in notes(result)
    rerun = (started().at(2).repair("backend", "rollback").at(10).repair("backend", "rerun")
             .at(30).resolve("backend"))
    assert rule(rerun, "CLO-04").score == 1.0
    assert rule(started().at(30), "CLO-04").score is None


# ---------------------------------------------------------------- LRN


def test_lrn01_timeline() -> None:
    assert rule(good_drill(), "LRN-01").score == 1.0
    thin = started().at(50).timeline("backend", "Deploy broke exports; we rolled back.")
    result = rule(thin, "LRN-01")
    assert result.score == pytest.approx(0.8 * 2 / 8)
    assert "Missing: report, owner, first customer word, key decisions, customer confirmation, resolution" \
           in notes(result)
    assert rule(started(), "LRN-01").score == 0.0


def test_lrn02_and_lrn03_review_and_follow_ups() -> None:
    assert (rule(good_drill(), "LRN-02").score, rule(good_drill(), "LRN-03").score) == (1.0, 1.0)
    later = started().at(60).review("backend", "Monday 10:00", same_day=False, follow_ups=[
        {"owner": "the team", "item": "Fix the tax ID schema"},
        {"owner": "Alex and Sam", "item": "Add an export test", "due": "Friday"},
        {"owner": "Sam", "item": "Alert on EXP errors"},
    ])
    assert rule(later, "LRN-02").score == 0.0
    result = rule(later, "LRN-03")
    assert result.score == pytest.approx((0 + 0.5 + 0.5) / 3)
    assert "Follow-up with no single owner ('the team') and no due date." in notes(result)
    assert (rule(started(), "LRN-02").score, rule(started(), "LRN-03").score) == (0.0, 0.0)


# ---------------------------------------------------------------- the scorecard


def test_good_drill_scorecard() -> None:
    card = score(good_drill().build(), PB)
    assert isinstance(card, Scorecard)
    assert card.score == 100.0 and card.rating is Rating.P
    assert all(c.rating is Rating.P for c in card.capabilities)
    assert card.scenario_id == "scoring-fixture" and card.playbook_id == "default"
    assert card.figures.time_to_owner == 1 and card.figures.resolved


def test_failed_critical_rule_caps_the_capability_at_m() -> None:
    card = score(_good_with_late_owner(), PB)
    cmd = card.capability("CMD")
    assert card.rule("CMD-01").score == 0.0 and card.rule("CMD-01").attempted
    raw = sum(r.weight * (r.score or 0) for r in cmd.rules if r.score is not None) / \
        sum(r.weight for r in cmd.rules if r.score is not None)
    assert raw == pytest.approx(5 / 7)  # CMD-02 (weight 2), 03, 05, 06 pass; CMD-01 (weight 2) fails
    # Scored 0, the critical task was not performed in a way that met its objective: HSEEP's U, not M.
    assert cmd.score == 49.0 and cmd.rating is Rating.U


def test_a_critical_rule_failed_but_not_to_zero_caps_the_capability_at_m() -> None:
    b = LogBuilder()
    b.at(12).owner("cto", "backend").at(13).full_update("backend").at(14).good_customer("support").at(40).end()
    card = score(b.build(), PB)
    assert 0 < card.rule("CMD-01").score < PB.critical_fail_below
    assert card.capability("CMD").rating is Rating.M and card.capability("CMD").score <= 65


def _good_with_late_owner() -> list[Event]:
    """Everything fine except that the owner is named 20 minutes after the report."""
    b = LogBuilder()
    b.at(2).note("backend", "fact", "Account 4182 sees EXP-422 since 10:10").note("backend", "guess", "deploy?")
    b.note("backend", "next_check", "logs").check("backend", "logs").at(3).full_update("backend", next_in=25)
    b.at(5).good_customer("support", next_in=25).at(8).repair("backend", "rollback")
    b.at(20).owner("cto", "backend").at(21).full_update("backend").at(22).end()
    return b.build()


def test_never_named_owner_makes_cmd_unable() -> None:
    b = LogBuilder().at(3).full_update("backend").at(5).good_customer("support").at(40).end()
    card = score(b.build(), PB)
    cmd = card.capability("CMD")
    assert cmd.rating is Rating.U and cmd.score is not None and cmd.score <= 49


def test_overall_renormalises_over_capabilities_that_apply() -> None:
    card = score(good_drill().build(), PB)
    assert all(c.score is not None for c in card.capabilities)
    b = LogBuilder(patch=no_triggers)
    b.at(1).owner("cto", "backend").at(3).full_update("backend").at(5).good_customer("support").at(40).end()
    card = score(b.build(), PB)
    exe = card.capability("EXE")
    assert exe.score is None and exe.rating is None
    scored = [c for c in card.capabilities if c.score is not None]
    expected = sum(c.weight * (c.score or 0) for c in scored) / sum(c.weight for c in scored)
    if card.capped_at is not None:  # failed critical tasks hold the overall score at their cap's band
        expected = min(expected, PB.band(card.capped_at).max)
    assert card.score == round(expected, 1)


def test_rescoring_with_a_stricter_playbook_flips_a_rule(tmp_path: Path) -> None:
    events = good_drill().build()  # owner named 1 min after the report
    strict = edited_playbook(tmp_path, "{full_by: 5, zero_after: 15}", "{full_by: 0.5, zero_after: 1}")
    assert score(events, PB).rule("CMD-01").score == 1.0
    card = score(events, strict)
    assert card.rule("CMD-01").score == 0.0 and card.capability("CMD").rating is not Rating.P


def test_a_rule_left_out_is_not_scored(tmp_path: Path) -> None:
    text = DEFAULT_PLAYBOOK_PATH.read_text()
    start, end = text.index("      - id: CMD-05"), text.index("      - id: CMD-06")
    path = tmp_path / "no-room.yaml"
    path.write_text(text[:start] + text[end:])
    card = score(good_drill().build(), load_playbook(path))
    assert "CMD-05" not in {r.rule_id for r in card.capability("CMD").rules}


def test_scoring_is_pure_and_deterministic() -> None:
    events = good_drill().build()
    before = [e.to_json() for e in events]
    first, second = score(events, PB), score(list(events), PB)
    assert first == second
    assert [e.to_json() for e in events] == before
    roundtrip = [Event.from_json(e.to_json()) for e in events]
    assert score(roundtrip, PB) == first


def test_an_interrupted_log_is_scored_as_far_as_it_goes() -> None:
    b = started().at(3).full_update("backend").at(20)
    card = score(b.build(), PB)  # no drill_ended
    assert card.rule("INT-01").score is not None and card.figures.sim_minutes == b.events[-1].t


def test_a_log_without_the_first_report_is_not_scored() -> None:
    events = LogBuilder().build()
    before_report = events[:next(e.seq for e in events if e.kind == "incident_reported")]
    assert before_report[0].kind == "drill_started" and len(before_report) > 1
    ended = [*before_report, Event(len(before_report), before_report[-1].t, "drill_ended", None,
                                   {"reason": "ended by facilitator", "figures": {}})]
    for log in (before_report[:1], before_report, ended):
        card = score(log, PB)
        assert card.not_scored == NOT_REPORTED and not card.scored
        assert card.improvements() == []
        for cap in card.capabilities:
            assert (cap.score, cap.rating) == (None, None), cap.id
            for r in cap.rules:
                assert r.score is None, r.rule_id
                assert [e.note for e in r.evidence] == ["The drill ended before the incident was reported."]
    assert score(events, PB).not_scored is None and score(events, PB).scored


def test_refused_actions_do_not_count() -> None:
    b = started().at(5).refused("support", "customer_update", fails="Exports fail").at(40).end()
    assert rule(b, "CUS-01").score == 0


def test_not_a_drill_log() -> None:
    with pytest.raises(EventLogError, match="does not start with drill_started"):
        score([Event(0, 0.0, "inject", None, {})], PB)
    start = good_drill().build()[0]
    broken = Event(0, 0.0, "drill_started", None, {**start.data, "scenario_source": "id: [unclosed\n"})
    with pytest.raises(EventLogError, match="the scenario stored in the log does not load"):
        score([broken], PB)


# ---------------------------------------------------------------- rules that read free text


def test_int03_and_cus05_read_free_text() -> None:
    said = started().at(3).update("backend", text="Exports fail for account 4182 since 10:10. Acme and other "
                                                  "tax-ID accounts are affected. We check the logs next. Next "
                                                  "update at 10:45.")
    result = rule(said, "INT-03")
    assert result.score == 1.0 and not result.exact
    vague = started().at(3).update("backend", text="Still looking into it.")
    result = rule(vague, "INT-03")
    assert result.score == 0.0 and not result.exact
    assert "Does not say what we know, who is affected, what we check next, when the next update is." \
           in notes(result)
    told = started().at(5).customer("support", text="Invoice exports fail; login works. Next update at 10:45.")
    result = rule(told, "CUS-05")
    assert result.score == 1.0 and not result.exact
    assert rule(started().at(5).customer("support", text="We are looking into it."), "CUS-05").score == 0.0


def test_int05_blame_with_evidence_and_overrule() -> None:
    b = started().at(3).update("backend", text="This is Sam's fault, he should have tested the release.")
    result = rule(b, "INT-05")
    assert [e.flag_id for e in result.evidence] == ["blame", "blame"]
    assert "Sam's fault" in result.evidence[0].quote and "should have" in result.evidence[1].quote
    assert result.score == 0.0 and not result.exact
    seq = result.evidence[0].event_seq
    assert seq == next(e.seq for e in b.events if e.kind == "action" and e.data["action"]["kind"] == "post_update")
    # An overrule names a flag id on one event, so it withdraws both 'blame' flags of this update.
    card = score(b.overrule("blame", "INT-05", seq or 0).build(), PB)
    assert card.rule("INT-05").score == 1.0
    assert card.overruled == [f"INT-05:{seq}:blame"]
    assert "overruled by facilitator: fair in context" in notes(card.rule("INT-05"))
    # After the resolution, blame is the review's business, not a live-incident penalty.
    after = started().at(2).repair("backend", "rollback").at(30).resolve("backend")
    after.at(40).note("backend", "fact", "Sam should have tested the release.")
    assert rule(after, "INT-05").score is None


def test_int05_failure_caps_int_at_m() -> None:
    b = (started().at(3).full_update("backend", text="Sam's fault, he should have tested it.")
         .at(28).full_update("backend").at(50).full_update("backend").at(60).resolve("backend").at(70).end())
    card = score(b.build(), PB)
    # "Sam's fault" also states a cause before any clue supported one: INT-06 counts it as unverified.
    assert [r.score for r in card.capability("INT").rules] == [1.0, 1.0, 1.0, 1.0, 0.0, 0.75]
    # Two blame flags take INT-05 to 0: not performed, so INT is U (one flag, 0.4, would hold it at M).
    assert card.capability("INT").score == 49.0 and card.capability("INT").rating is Rating.U


def test_cus06_fix_time_only_before_verification() -> None:
    promised = started().at(5).customer("support", text="We will have it fixed in 30 minutes.")
    result = rule(promised, "CUS-06")
    assert result.score == pytest.approx(0.4)
    (flag,) = result.evidence
    assert flag.flag_id == "fix_time_promise" and "fixed in 30 minutes" in flag.quote
    honest = started().at(5).customer("support", text="We don't have an ETA yet. Next update at 10:45.")
    assert rule(honest, "CUS-06").score == 1.0
    verified = (started().at(2).repair("backend", "rollback").at(9).retry("support")
                .at(14).customer("support", text="Exports are back; the re-run will be done in 30 minutes."))
    assert rule(verified, "CUS-06").score is None  # the only update came after the customer confirmed


def test_cus07_root_cause_claims_need_evidence() -> None:
    early = started().at(5).customer("support", text="The root cause is a bad deploy.")
    result = rule(early, "CUS-07")
    assert result.score == 0.5 and "root cause is a bad deploy" in result.evidence[0].quote
    hedged = started().at(5).customer("support", text="We suspect the morning release; not yet confirmed.")
    assert rule(hedged, "CUS-07").score == 1.0
    backed = started().at(2).check("backend", "logs").at(6).customer("support", text="The root cause is a bad deploy.")
    result = rule(backed, "CUS-07")
    assert result.score == 1.0 and "after the evidence confirmed it" in notes(result)
    late = started().at(61).customer("support", text="The root cause is a bad deploy.")
    assert rule(late, "CUS-07").score is None


def test_cus08_jargon() -> None:
    b = started().at(5).customer("support", text="The k8s pod export-worker-3 is crashlooping.")
    result = rule(b, "CUS-08")
    quotes = [e.quote for e in result.evidence]
    assert {e.flag_id for e in result.evidence} == {"jargon"} and "k8s" in quotes and "export-worker-3" in quotes
    assert result.score == pytest.approx(max(0.0, 1 - 0.25 * len(quotes)))
    plain = started().at(5).good_customer("support")
    assert rule(plain, "CUS-08").score == 1.0


def test_exe02_impact_against_the_truth() -> None:
    # Truth: revenue per hour 600 + 200 = 800; 40 affected accounts.
    right = started().at(5).escalate("backend", impact="Exports are down for 40 customers, about $800 per hour.")
    result = rule(right, "EXE-02")
    assert result.score == 1.0
    assert "Stated money per hour 800; the truth is 800 (within 25%)" in notes(result)
    inflated = started().at(5).escalate("backend", impact="We are losing $5,000 per hour.")
    result = rule(inflated, "EXE-02")
    assert result.score == 0.5 and "outside 25%" in notes(result)
    close = started().at(5).escalate("backend", impact="About 35 customers cannot export invoices.")
    assert rule(close, "EXE-02").score == 1.0
    vague = started().at(5).escalate("backend", impact="A lot of customers are unhappy.")
    assert rule(vague, "EXE-02").score == 0.0
    assert rule(started(), "EXE-02").score is None


def test_exe03_briefing_parts_and_blame() -> None:
    assert rule(good_drill(), "EXE-03").score == 1.0
    no_dependency = started().at(5).escalate(
        "backend", impact="40 customers cannot export", cause="the release", mitigation="rollback",
        timeline="30 minutes", ask="nothing yet", update_every="every 30 minutes")
    result = rule(no_dependency, "EXE-03")
    assert result.score == pytest.approx(5.5 / 6) and "what the timeline depends on" in notes(result)
    blamed = started().at(5).escalate("backend", text="Stuff is broken, the team failed to test it.")
    result = rule(blamed, "EXE-03")
    assert result.score == 0.0
    assert any(e.flag_id == "blame" and "failed to test" in e.quote for e in result.evidence)


# ---------------------------------------------------------------- the seed guide's "mistakes that make it worse"


def test_mistake_three_stories_to_the_customer() -> None:
    b = (started()
         .at(5).customer("support", text="Login is broken for some of you. Next update at 10:45.")
         .at(8).customer("backend", text="The database is slow right now.")
         .at(10).customer("cto", text="Good news, this is already fixed.")
         .at(40).end())
    result = rule(b, "CUS-03")
    assert result.score == 0.0
    assert [e.note for e in result.evidence] == [
        "Mina Okafor speaks to the customer.",
        "Alex Kim also wrote to the customer: voice number 2.",
        "Dana Reyes also wrote to the customer: voice number 3.",
    ]
    assert [e.quote for e in result.evidence][1:] == ["The database is slow right now.",
                                                      "Good news, this is already fixed."]
    card = score(b.build(), PB)
    assert card.capability("CUS").rating in (Rating.M, Rating.U)  # CUS-03 ★ failed


def test_mistake_debating_cause_while_the_damage_is_live() -> None:
    b = started()
    for minute, (who, text) in enumerate([("backend", "Probably the deploy"), ("dev2", "Maybe it is the database"),
                                          ("cto", "I think the CDN"), ("backend", "Could be the tax change")]):
        b.at(5 + minute * 10).note(who, "guess", text)
    b.at(50).repair("backend", "hotfix").at(120).end()
    assert rule(b, "SIT-03").score == pytest.approx(1 / 3)  # all guesses, no facts, no next check
    rep01 = rule(b, "REP-01")
    assert rep01.score == 0.0 and "(hotfix) while customers were blocked" in notes(rep01)
    rep02 = rule(b, "REP-02")
    assert rep02.score == 0.0 and "Mitigated 110 min after the report (par 30 min)." in notes(rep02)
    assert score(b.build(), PB).capability("REP").rating is Rating.U


def test_mistake_nothing_written_down() -> None:
    b = started().at(2).check("backend", "logs").at(6).repair("backend", "rollback").at(60).end()
    sit01 = rule(b, "SIT-01")
    assert sit01.score == 0.0 and not sit01.attempted
    assert "never gave the reported account ('4182')" in notes(sit01)
    assert rule(b, "SIT-03").score == 0.0 and "Nothing was written down" in notes(rule(b, "SIT-03"))
    assert rule(b, "LRN-01").score == 0.0 and notes(rule(b, "LRN-01")) == "No timeline was written."
    assert score(b.build(), PB).capability("SIT").rating is Rating.U


def test_mistake_fix_time_promised_too_early() -> None:
    b = (started().at(2).check("backend", "logs")
         .at(4).customer("cto", text="Don't worry, we will have it fixed in 30 minutes.").at(60).end())
    result = rule(b, "CUS-06")
    (flag,) = result.evidence
    assert flag.flag_id == "fix_time_promise" and "fixed in 30 minutes" in flag.quote
    assert flag.event_seq == next(e.seq for e in b.events if e.kind == "action"
                                  and e.data["action"]["kind"] == "customer_update")
    assert result.score < PB.critical_fail_below
    card = score(b.build(), PB)
    assert card.capability("CUS").score is not None and card.capability("CUS").score <= 65


def test_mistake_closing_before_the_customer_confirms() -> None:
    b = (started().at(2).repair("backend", "flag")  # mitigates to 0.3: graphs look better, exports still fail
         .at(15).retry("support").resolve("backend", "Graphs look normal, closing.").at(40).end())
    result = rule(b, "CLO-02")
    assert result.score == 0.0 and result.attempted
    assert result.evidence[0].quote == "Graphs look normal, closing."
    assert "resolved it before the customer confirmed" in result.evidence[0].note
    card = score(b.build(), PB)
    assert card.capability("CLO").score is not None and card.capability("CLO").score <= 65


# ---------------------------------------------------------------- real drills from the engine


def test_engine_teams_rank_as_the_playbook_expects() -> None:
    from drills.scenario import load_scenario
    from drills.teams import run_one

    loaded = load_scenario("invoice-export-tax-field")
    cards = {team: score(run_one(loaded, team=team, seed=7, folder=None).events, PB)
             for team in ("ideal", "passive", "chaotic")}
    assert cards["ideal"].rating is Rating.P
    assert cards["passive"].rating is Rating.U and cards["chaotic"].rating is Rating.U
    chaotic = cards["chaotic"]
    assert chaotic.rule("CUS-03").score == 0.0 and chaotic.rule("CUS-06").score == 0.0
    assert chaotic.rule("INT-05").score == 0.0 and chaotic.rule("CLO-02").score == 0.0
