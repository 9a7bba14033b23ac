"""The engine: a small world that reacts to what the team does, deterministic by construction."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml

from drills.scenario import Scenario
from drills.world import (
    AddNote,
    AnswerJoinRequest,
    ApplyRepair,
    AskCustomerRetry,
    AssignOwner,
    AssignTask,
    CustomerUpdate,
    EndDrill,
    Engine,
    EscalateToCeo,
    NoteLabel,
    PostUpdate,
    Resolve,
    RunCheck,
)

FIXTURE = Path(__file__).parent / "fixtures" / "engine_world.yaml"
SOURCE = FIXTURE.read_text()
SCENARIO = Scenario.model_validate(yaml.safe_load(SOURCE))

# A short, good drill: times are sim minutes from the start (the report lands at 7).
GOOD_RUN = [
    (8, AssignOwner(actor="cto", owner="maya")),
    (8, RunCheck(actor="maya", check="logs")),
    (8, RunCheck(actor="maya", check="deploys")),
    (9, AddNote(actor="maya", label=NoteLabel.fact, text="Account 4182, EXP-422 tax_id must be a string, 10:12")),
    (9, PostUpdate(actor="maya", known="Exports fail", affected="Tax accounts", next_check="Logs",
                   next_update_at=35)),
    (10, CustomerUpdate(actor="sam", works="Login", fails="Exports", unknown="Cause", next_update_at=35)),
    (11, EscalateToCeo(actor="maya", impact="$1,200 per hour, 38 accounts")),
    (12, ApplyRepair(actor="maya", repair="rollback")),
    (18, AskCustomerRetry(actor="sam")),
    (23, Resolve(actor="maya")),
    (24, EndDrill(actor="facilitator")),
]


def new_engine(seed: int = 7) -> Engine:
    return Engine(SCENARIO, SOURCE, seed=seed, team="test")


def play(timed, *, seed: int = 7, chunks=None) -> Engine:
    """Play timed actions, advancing the world in the given chunk sizes (default: straight to each action)."""
    engine = new_engine(seed)
    rng = random.Random(chunks) if chunks is not None else None
    for at, action in timed:
        while rng is not None and engine.now + 0.001 < at:
            engine.advance_to(min(at, engine.now + rng.uniform(0.05, 3.0)))
        engine.advance_to(at)
        engine.act(action)
    engine.advance_to(SCENARIO.simulated_minutes + 1)
    return engine


def kinds(engine: Engine) -> list[str]:
    return [e.kind for e in engine.events]


def log_text(engine: Engine) -> str:
    return "\n".join(e.to_json() for e in engine.events)


def test_a_good_run_produces_the_expected_story():
    engine = play(GOOD_RUN)
    story = [(e.t, e.kind) for e in engine.events if e.kind in {
        "outage_started", "incident_reported", "owner_changed", "check_result", "ceo_trigger",
        "repair_finished", "mitigated", "customer_retried", "resolved", "drill_ended"}]
    assert story == [
        (1.0, "outage_started"),
        (7.0, "incident_reported"),
        (7.0, "ceo_trigger"),
        (8.0, "owner_changed"),
        (10.0, "check_result"),
        (11.0, "check_result"),
        (17.0, "repair_finished"),
        (17.0, "mitigated"),
        (21.0, "customer_retried"),
        (23.0, "resolved"),
        (24.0, "drill_ended"),
    ]
    retried = next(e for e in engine.events if e.kind == "customer_retried")
    assert retried.data["works"] is True
    figures = engine.events[-1].data["figures"]
    assert figures["time_to_owner"] == 1.0
    assert figures["time_to_mitigation"] == 10.0
    assert figures["time_to_confirmed_recovery"] == 14.0
    # 38 accounts fully blocked from minute 1 to 17.
    assert figures["customer_minutes_blocked"] == 38 * 16
    assert figures["revenue_lost"] == pytest.approx(1200 / 60 * 16)


def test_conditional_injects_follow_the_state():
    engine = play([*GOOD_RUN[:8], (40, EndDrill(actor="facilitator"))])
    fired = {e.data["inject_id"] for e in engine.events if e.kind == "inject" and e.data["inject_id"]}
    skipped = {e.data["inject_id"]: e.data["reason"] for e in engine.events if e.kind == "inject_skipped"}
    assert "after-rollback" in fired and "after-logs" in fired
    assert skipped == {"who-owns": "owner_assigned is true", "angry": "customer_update_sent is true",
                       "no-rollback": "repair rollback applied"}


def test_a_silent_team_is_chased_and_the_ceo_asks():
    engine = play([(60, EndDrill(actor="facilitator"))])
    chases = [e for e in engine.events if e.kind == "customer_chased"]
    assert [c.t for c in chases] == [22.0, 37.0, 52.0]  # report at 7, patience 15
    assert chases[0].data["text"] == "Any news? Our month-end close is today."
    asked = [e for e in engine.events if e.kind == "ceo_asked"]
    assert [a.t for a in asked] == [17.0]  # largest-customer trigger at 7, CEO patience 10
    assert "angry" in {e.data["inject_id"] for e in engine.events if e.kind == "inject"}
    assert engine.state.trust == 80 - 3 * 8


def test_a_promised_update_time_moves_the_chase():
    engine = play([(8, CustomerUpdate(actor="sam", text="Next update at 10:45", next_update_at=40)),
                   (60, EndDrill(actor="facilitator"))])
    chases = [e.t for e in engine.events if e.kind == "customer_chased"]
    assert chases[0] == 42.0  # promised 40 plus two minutes of grace


def test_failed_and_harmful_repairs():
    engine = play([(8, ApplyRepair(actor="ravi", repair="restart")),
                   (8, ApplyRepair(actor="ravi", repair="flush")),
                   (30, EndDrill(actor="facilitator"))])
    finished = {e.data["repair_id"]: e.data for e in engine.events if e.kind == "repair_finished"}
    assert finished["flush"]["impact_after"] == 1.5
    assert finished["flush"]["side_effect"] == "Exports for every account now time out."
    assert finished["restart"]["impact_after"] == 1.5  # does nothing: stays as bad as the flush left it
    triggers = [e.data["trigger"] for e in engine.events if e.kind == "ceo_trigger"]
    assert triggers == ["largest_customer", "failed_remediation"]
    assert not any(e.kind == "mitigated" for e in engine.events)


def test_retry_before_the_fix_fails_and_resolving_early_reopens():
    engine = play([(8, AskCustomerRetry(actor="sam")), (12, Resolve(actor="maya")),
                   (40, EndDrill(actor="facilitator"))])
    retried = next(e for e in engine.events if e.kind == "customer_retried")
    assert retried.data["works"] is False
    reopened = next(e for e in engine.events if e.kind == "reopened")
    assert reopened.t == 18.0
    assert engine.state.resolved is False


@pytest.mark.parametrize(
    ("action", "reason"),
    [
        (ApplyRepair(actor="maya", repair="reboot-the-world"), "no repair 'reboot-the-world' in this drill"),
        (RunCheck(actor="maya", check="tea-leaves"), "no check 'tea-leaves' in this drill"),
        (AssignOwner(actor="nobody", owner="maya"), "unknown person 'nobody'"),
        (AssignOwner(actor="cto", owner="ghost"), "unknown person 'ghost'"),
        (ApplyRepair(actor="maya", repair="rerun"), "needs rollback first"),
        (AnswerJoinRequest(actor="maya", person="Jo from Sales", admit=True), "has not asked to join"),
        (AssignTask(actor="maya", assignee="ghost", task="look"), "unknown person 'ghost'"),
    ],
)
def test_invalid_actions_are_refused_with_a_reason(action, reason):
    engine = new_engine()
    engine.advance_to(8)
    event = engine.act(action)
    assert event.kind == "action_refused"
    assert reason in event.data["reason"]


def test_resolving_twice_is_refused_and_nothing_happens_after_the_end():
    engine = new_engine()
    engine.advance_to(8)
    assert engine.act(Resolve(actor="maya")).kind == "action"
    second = engine.act(Resolve(actor="maya"))
    assert second.kind == "action_refused" and "already resolved" in second.data["reason"]
    engine.act(EndDrill(actor="facilitator"))
    count = len(engine.events)
    assert engine.act(PostUpdate(actor="maya", text="late")).data["reason"] == "the drill has ended"
    engine.advance_to(500)
    assert len(engine.events) == count + 1


def test_join_requests_change_the_room():
    engine = play([(8, AssignOwner(actor="cto", owner="maya")),
                   (13, AnswerJoinRequest(actor="maya", person="Jo from Sales", admit=True)),
                   (14, EndDrill(actor="facilitator"))])
    sizes = [(e.data["person"], e.data["size"]) for e in engine.events if e.kind == "room_changed"]
    assert sizes == [("cto", 1), ("maya", 2), ("Jo from Sales", 3)]


def test_same_seed_and_actions_give_a_byte_identical_log():
    assert log_text(play(GOOD_RUN, seed=3)) == log_text(play(GOOD_RUN, seed=3))


def test_different_seeds_change_generated_details_only():
    a, b = play(GOOD_RUN, seed=3), play(GOOD_RUN, seed=4)
    assert log_text(a) != log_text(b)
    assert a.events[0].data["cast"]["maya"]["name"] == b.events[0].data["cast"]["maya"]["name"] == "Maya Chen"


@pytest.mark.parametrize("chunking", [1, 2, 3, 4, 5])
def test_chunking_does_not_change_the_log(chunking):
    """However the clock is chunked (UI ticks at any speed), the same timed actions give the same log."""
    assert log_text(play(GOOD_RUN, chunks=chunking)) == log_text(play(GOOD_RUN))


def test_generated_names_fill_the_gaps_and_are_stable():
    started = new_engine(seed=11).events[0].data
    again = new_engine(seed=11).events[0].data
    assert started["cast"]["sam"]["name"] == again["cast"]["sam"]["name"]
    assert started["cast"]["sam"]["name"] not in ("", None)
    brightside = started["customers"]["brightside"]
    assert brightside["name"] and brightside["contact"] and brightside["account"].isdigit()
    assert started["ceo_name"] == "Olu Adeyemi"


def test_report_text_has_its_placeholders_filled():
    engine = play([(9, EndDrill(actor="facilitator"))])
    report = next(e for e in engine.events if e.kind == "inject" and e.data["inject_id"] == "report")
    assert report.data["text"] == ("Hi, Lena Ford from Acme Books (account 4182). Since 10:12 every invoice "
                                   "export fails with 'EXP-422 tax_id must be a string'. Started about 10:12.")
    assert report.data["sender_name"] == "Lena Ford (Acme Books)"


def test_every_action_logs_exactly_its_pydantic_json_form():
    """action_to_dict copies the fields of plain actions instead of calling model_dump: same dict, same order."""
    from drills.world._actions import ACTION_ADAPTER, FollowUp, PutOnWatch, ScheduleReview, action_to_dict

    samples = [*(action for _, action in GOOD_RUN), PutOnWatch(actor="sam", watcher="maya", minutes=30),
               AssignTask(actor="maya", task="Watch exports", due_in=15),
               AnswerJoinRequest(actor="maya", person="sales", admit=False),
               ScheduleReview(actor="maya", when="tomorrow 10:00", follow_ups=[FollowUp(owner="sam", item="FAQ")])]
    for action in samples:
        assert list(action_to_dict(action).items()) == list(action.model_dump(mode="json").items())
        assert ACTION_ADAPTER.validate_python(action_to_dict(action)) == action
    assert action_to_dict(samples[3])["label"] == "fact" and type(action_to_dict(samples[3])["label"]) is str


def test_check_results_carry_seeded_noise_lines_at_the_check_time():
    lines = [e.data["lines"] for e in play(GOOD_RUN).events if e.kind == "check_result"]
    assert lines and all(lines)
    pattern = (r"\d\d:\d\d:[1-5]\d (INFO|DEBUG|WARN) (web|api|worker|auth|billing)-[1-4] (GET|POST) "
               r"/\S+/\d{3,4} \d{3} \d+ms")
    assert all(re.fullmatch(pattern, line) for group in lines for line in group if "reproduce" not in line)
    assert lines == [e.data["lines"] for e in play(GOOD_RUN).events if e.kind == "check_result"]
    assert lines != [e.data["lines"] for e in play(GOOD_RUN, seed=8).events if e.kind == "check_result"]


def test_a_repair_already_applied_or_running_is_refused_with_the_reason() -> None:
    engine = new_engine()
    engine.advance_to(8)
    assert engine.act(ApplyRepair(actor="maya", repair="restart")).kind == "action"
    running = engine.act(ApplyRepair(actor="maya", repair="restart"))
    assert running.kind == "action_refused" and "already in progress" in running.data["reason"]
    engine.advance_to(12)
    assert "restart" in engine.state.repairs_applied
    again = engine.act(ApplyRepair(actor="maya", repair="restart"))
    assert again.kind == "action_refused"
    assert "already been applied" in again.data["reason"] and "choose another repair" in again.data["reason"]
    assert [e.data["repair_id"] for e in engine.events if e.kind == "repair_started"] == ["restart"]


def test_a_person_let_into_the_room_can_be_given_a_task() -> None:
    engine = new_engine()
    engine.advance_to(13)
    assert engine.state.pending_joins == ["Jo from Sales"]
    stranger = engine.act(AssignTask(actor="maya", assignee="Jo from Sales", task="Call Acme's CFO", due_in=10))
    assert stranger.kind == "action_refused"  # not in the room yet
    engine.act(AnswerJoinRequest(actor="maya", person="Jo from Sales", admit=True))
    task = engine.act(AssignTask(actor="maya", assignee="Jo from Sales", task="Call Acme's CFO", due_in=10))
    assert task.kind == "action"


def test_a_line_the_scenario_gives_a_played_part_is_a_prompt_to_its_player() -> None:
    played = Engine(SCENARIO, SOURCE, seed=7, players={"ravi": "Jon"})
    played.advance_to(11)
    unplayed = new_engine()
    unplayed.advance_to(11)

    def who_owns(engine: Engine) -> dict:
        return next(e for e in engine.events if e.kind == "inject" and e.data["inject_id"] == "who-owns").data

    prompt = who_owns(played)
    assert prompt["prompt_for"] == "ravi" and prompt["to"] == ["ravi"]
    assert prompt["text"] == "Who owns this one?"
    assert "prompt_for" not in who_owns(unplayed)  # nobody plays Ravi: he speaks, and the log is as before
