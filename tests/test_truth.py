"""Claims against the truth: what an update claims, what the world knew, and the findings between them."""

from __future__ import annotations

import pytest
from logbuilder import LogBuilder

from drills.scoring import load_playbook, score
from drills.scoring._statements import Vocabulary, function_words, read_claims
from drills.scoring.rules import DrillLog

PB = load_playbook(None)

VOCAB = Vocabulary({
    "export": function_words("export invoices", ["export", "exports", "exporting", "invoice export"], head=False),
    "login": function_words("log in", ["login", "logging in", "sign in"], head=False),
    "payments": function_words("pay invoices online", ["online payments", "payments"], head=False),
})


def kinds(field: str, text: str) -> set[tuple[str, str | None]]:
    return {(c.kind, c.function) for c in read_claims({field: text}, VOCAB)}


# ------------------------------------------------------------------ reading claims

@pytest.mark.parametrize(("field", "text", "claims"), [
    ("works", "Logging in and online payments work.", {("works", "login"), ("works", "payments")}),
    ("fails", "Exporting invoices fails with EXP-422.", {("fails", "export")}),
    ("text", "login works, exports still fail", {("works", "login"), ("fails", "export")}),
    ("text", "Good news: this is already fixed on our side.", {("all_work", None)}),
    ("text", "It's not fixed yet.", {("still_broken", None)}),
    ("text", "Exports are no longer failing.", {("works", "export")}),
    ("text", "You can't export invoices yet", {("fails", "export")}),
    ("works", "Nothing works right now.", {("all_fail", None)}),
    ("works", "nothing really", {("all_fail", None)}),
    ("fails", "Nothing is failing now.", {("all_work", None)}),
    ("known", "The database is slow and the whole app is down.", {("all_fail", None)}),
    ("affected", "All customers are affected.", {("everyone", None)}),
    ("text", "No invoice data was lost.", {("data_safe", None)}),
    ("text", "Some of your invoice data was lost, sorry.", {("data_lost", None)}),
    ("text", "The issue is resolved. You don't need to do anything.", {("all_work", None), ("nothing_to_do", None)}),
])
def test_claims_stated_as_present_facts_are_read(field: str, text: str, claims: set) -> None:
    assert kinds(field, text) == claims


@pytest.mark.parametrize("text", [
    "We'll have it fixed in 30 minutes.",            # a promise, not a state
    "Once exports work again we will tell you.",     # a condition
    "Exports should be back shortly.",               # a promise
    "Exports seem to work again.",                   # hedged
    "Exports failed at 10:12 for Alder & Finch.",    # the past
    "Exports work for most accounts now.",           # qualified: partly true is not a claim of recovery
    "Card exports that do not need a tax ID work.",  # qualified by a relative clause
    "Is our billing data safe?",                     # a question
    "We don't know yet whether queued exports are lost.",
    "Rolling back only the export job to 2.30.4 (about 8 minutes).",  # 'back' and a version number
    "Export error rate is down to 0%.",              # 'down' and 'error' as a number falls
    "We are all working on it.",
    "Everything else works.",                        # everything but the broken function: vague, not false
])
def test_what_is_not_a_present_claim_claims_nothing(text: str) -> None:
    assert {k for k in kinds("text", text) if k[0] in ("works", "fails", "all_work", "all_fail")} == set()


def test_a_hedged_scare_is_a_hedged_claim() -> None:
    (claim,) = read_claims({"unknown": "Your billing data may be deleted."}, VOCAB)
    assert claim.kind == "data_lost" and claim.hedged


# ------------------------------------------------------------------ judged against the world

def finding_notes(card, rule_id: str) -> list[str]:
    return [e.note for e in card.rule(rule_id).evidence]


def test_a_customer_told_it_is_fixed_while_it_fails_is_a_finding_with_the_truth_beside_it() -> None:
    b = (LogBuilder().at(1).owner("cto", "backend").at(3).full_update("backend")
         .at(5).good_customer("support").at(8).customer("support", text="Good news: this is already fixed.")
         .at(40).end())
    card = score(b.build(), PB)
    rule = card.rule("CUS-10")
    assert rule.score < PB.critical_fail_below
    (note,) = [n for n in finding_notes(card, "CUS-10") if "already fixed" in n]
    assert "export invoices still failed for 40 accounts" in note and note.startswith("At 10:20 ")
    assert "CUS-10" in card.capped_by and card.rating.value in "SMU"


def test_the_same_words_after_the_repair_landed_are_true() -> None:
    b = (LogBuilder().at(1).owner("cto", "backend").check("backend", "logs").at(3).full_update("backend")
         .at(5).good_customer("support").at(6).repair("backend", "rollback")
         .at(20).customer("support", text="Good news: this is already fixed.").at(40).end())
    assert score(b.build(), PB).rule("CUS-10").score == 1.0


def test_the_record_saying_everyone_is_affected_when_a_segment_is() -> None:
    b = (LogBuilder().at(1).owner("cto", "backend")
         .at(3).update("backend", known="The whole app is down.", affected="All customers are affected.",
                       next_check="Export worker logs", next_in=25).at(40).end())
    card = score(b.build(), PB)
    notes = " ".join(finding_notes(card, "INT-06"))
    assert "only some customers were affected" in notes and "worked" in notes
    assert card.rule("INT-03").score < 1  # a false answer answers nothing


def test_no_data_lost_is_checked_against_recorded_harm() -> None:
    b = LogBuilder().at(1).owner("cto", "backend").at(5).good_customer("support").at(6).event("harm_recorded")
    assert b.last is not None
    b.last.data.update(kind="data_lost", what="six hours of invoice drafts", harm_id="drafts")
    b.at(8).customer("support", text="No data was lost.").at(40).end()
    notes = " ".join(finding_notes(score(b.build(), PB), "CUS-10"))
    assert "data was lost: six hours of invoice drafts" in notes


def test_the_truth_is_read_from_world_changed_and_without_it_from_the_impact_changes() -> None:
    """Engine logs carry world_changed; logs written before it existed (and this builder's) carry only the
    impact changes. Both give the same truth."""
    from drills.scenario import load_scenario
    from drills.teams import IdealTeam, play_headless
    from drills.world import Engine

    loaded = load_scenario("invoice-export-tax-field")
    events = play_headless(Engine(loaded.scenario, loaded.source, seed=1), IdealTeam()).events
    assert any(e.kind == "world_changed" for e in events)
    old = [e for e in events if e.kind != "world_changed"]
    new_truth, old_truth = DrillLog(events).truth, DrillLog(old).truth
    for t in range(0, int(events[-1].t) + 1):
        assert new_truth.works("export-invoices", t) == old_truth.works("export-invoices", t), t
    assert not new_truth.works("export-invoices", 10) and new_truth.works("log-in", 10)


def test_a_cause_stated_as_fact_that_names_nothing_the_world_knows_is_false() -> None:
    b = (LogBuilder(patch=lambda d: d["incident"].update(cause_words=["release", "tax id"]))
         .at(1).owner("cto", "backend")
         .at(3).update("backend", known="The root cause is the database.", affected="Acme", next_check="logs",
                       next_in=25)
         .at(40).end())
    log = DrillLog(b.build())
    card = score(log.events, PB)
    assert any("the evidence never showed" in n for n in finding_notes(card, "INT-06"))


def test_overruling_a_finding_that_is_not_a_text_flag_scores_the_rule_as_met() -> None:
    b = LogBuilder().at(14).owner("cto", "backend").at(40).end()
    events = b.build()
    assert score(events, PB).rule("CMD-01").score < 1
    events = b.overrule("finding", "CMD-01", -1, reason="The owner was named on a call at 10:15").build()
    card = score(events, PB)
    assert card.rule("CMD-01").score == 1.0
    assert any("Overruled by" in e.note for e in card.rule("CMD-01").evidence)


def test_an_overrule_that_a_cap_outweighs_says_so() -> None:
    b = (LogBuilder().at(1).owner("cto", "backend").at(3).full_update("backend").at(5).good_customer("support")
         .at(8).customer("support", text="Good news: this is already fixed.")
         .at(9).customer("support", text="We will have it fixed in 30 minutes.").at(40).end())
    events = b.overrule("finding", "CUS-06", -1, reason="a joke the customer knew").build()
    card = score(events, PB)
    assert card.capped_by and card.overrule_notes
    assert any("stays capped" in n or "other findings" in n or "cost no points" in n for n in card.overrule_notes)
