"""The text detectors: precision and recall on the labelled sets (in sample, the tune set, our own
paraphrases, and the held-out set nobody tunes on), exact evidence, the per-audience API the scorer
codes against, the next update's time, vague content, linear work, and the impact figures.

Run with -s to see the precision/recall tables (also `.venv/bin/python tests/labelled.py NAME.yaml`).
"""

from __future__ import annotations

import dataclasses
import random
import re
import subprocess
import sys
from pathlib import Path

import labelled
import pytest
import yaml

from drills.scoring.textchecks import (
    AUDIENCE_DETECTORS,
    DETECTORS,
    Flag,
    _text,
    check_text,
    claims,
    detect,
    elements,
    impact,
    jargon,
    next_update_time,
    promises,
    quantities,
)
from drills.scoring.textchecks._text import Doc, Finder, Spans
from drills.scoring.textchecks.model import Detector

LABELLED = Path(__file__).parent / "data" / "labelled_sentences.yaml"
MIN_PRECISION = 0.9
MIN_RECALL = 0.75

EXPECTED_AUDIENCES = {
    "customer": {"fix_time_promise", "root_cause_claim", "blame", "jargon", "no_next_update_time",
                 "missing_what_works", "missing_what_fails", "missing_what_is_unknown"},
    "internal": {"fix_time_promise", "root_cause_claim", "blame", "no_next_update_time", "missing_what_we_know",
                 "missing_who_is_affected", "missing_next_check"},
    "executive": {"fix_time_promise", "root_cause_claim", "blame", "jargon", "missing_quantified_impact"},
}
FOR_RULES_ONLY = {"vague_next_check", "vague_content"}
"""Detectors rules ask about one field's words; `check_text` runs them for no audience."""


def load_labelled() -> list[dict]:
    return yaml.safe_load(LABELLED.read_text(encoding="utf-8"))


# ------------------------------------------------------------------ the labelled sets themselves


OWN_PARAPHRASES = [f"paraphrase{n}_updates.yaml" for n in ("", "2", "3", "4", "5", "6")]
"""Our own sets, each written in other voices and measured before it was tuned on (see the report)."""


HELDOUT = "heldout10_updates.yaml"
"""Written without reading the detectors, never tuned on (the mistakes are not printed either)."""


@pytest.mark.parametrize("name", ["labelled_sentences.yaml", "tune_updates.yaml", "tune2_updates.yaml",
                                  "tune3_updates.yaml", "tune4_updates.yaml", "tune5_updates.yaml",
                                  "tune6_updates.yaml", "tune7_updates.yaml", "tune8_updates.yaml",
                                  "tune9_updates.yaml", "tune10_updates.yaml", HELDOUT,
                                  *OWN_PARAPHRASES])
def test_labelled_sets_are_well_formed(name):
    labelled_set = labelled.load(name)
    assert set(labelled_set.labelled) == set(EXPECTED_AUDIENCES)
    texts = [e["text"] for e in labelled_set.entries]
    assert len(texts) == len(set(texts)), f"duplicate texts in {name}"
    for e in labelled_set.entries:
        assert set(e) == {"text", "audience", "flags"}, e
        wrong = set(e["flags"]) - set(labelled_set.labelled[e["audience"]])
        assert not wrong, f"{wrong} are not labelled for {e['audience']} in {name}: {e['text']}"


def test_the_independent_sets_keep_their_header_and_size():
    for name, size in (("tune_updates.yaml", 298), ("tune2_updates.yaml", 325), ("tune3_updates.yaml", 242),
                       ("tune4_updates.yaml", 264), ("tune5_updates.yaml", 278), ("tune6_updates.yaml", 252),
                       ("tune7_updates.yaml", 261), ("tune8_updates.yaml", 262), ("tune9_updates.yaml", 254),
                       ("tune10_updates.yaml", 250), (HELDOUT, 243)):
        text = (labelled.DATA / name).read_text(encoding="utf-8")
        assert "Written independently of the detector code" in text.splitlines()[1]
        assert len(labelled.load(name).entries) == size
    assert len(load_labelled()) >= 200


def test_every_detector_has_positives_and_negatives_in_the_set():
    counts, _ = labelled.evaluate(labelled.load(LABELLED))
    for det, c in counts.items():
        assert c.tp + c.fn >= 10, f"{det}: too few labelled positives"
        assert c.fp + c.tn >= 10, f"{det}: too few labelled negatives"


def _assert_targets(name: str, precision: float, recall: float, floors: dict[str, tuple[float, float]],
                    capsys, *, show_mistakes: bool = True) -> None:
    counts, mistakes = labelled.evaluate(labelled.load(name))
    total = labelled.overall(counts)
    report = f"{name}\n" + labelled.table(counts)
    with capsys.disabled():
        print("\n" + report)
    low = [f"{d}: precision {c.precision:.2f} < {floors.get(d, (precision, recall))[0]}"
           for d, c in counts.items() if c.precision < floors.get(d, (precision, recall))[0]]
    low += [f"{d}: recall {c.recall:.2f} < {floors.get(d, (precision, recall))[1]}"
            for d, c in counts.items() if c.recall < floors.get(d, (precision, recall))[1]]
    assert total.precision >= precision and total.recall >= recall, report
    assert not low, "\n".join(low) + "\n" + report + ("\n" + "\n".join(mistakes) if show_mistakes else "")


def test_precision_and_recall_per_detector(capsys):
    """In sample: the first labelled set, written with the detectors."""
    _assert_targets("labelled_sentences.yaml", 0.95, 0.95, {d: (MIN_PRECISION, MIN_RECALL) for d in DETECTORS},
                    capsys)


def test_precision_and_recall_on_the_tune_set(capsys):
    _assert_targets("tune_updates.yaml", 0.95, 0.95, {d: (MIN_PRECISION, 0.85) for d in DETECTORS}, capsys)


@pytest.mark.parametrize("name", OWN_PARAPHRASES)
def test_precision_and_recall_on_our_own_paraphrases(name, capsys):
    _assert_targets(name, 0.95, 0.9, {d: (0.5, 0.5) for d in DETECTORS}, capsys)


TUNE_SETS: dict[str, tuple[float, float, dict[str, tuple[float, float]]]] = {
    # Each former held-out set (see tests/data/CONVENTIONS.md): overall (precision, recall) and, where a
    # detector sits below that, its own floor, a little under what it reaches today.
    "tune2_updates.yaml": (0.98, 0.94, {
        "blame": (0.97, 0.95),
        "fix_time_promise": (0.99, 0.99),
        "jargon": (0.99, 0.9),
        "missing_next_check": (0.93, 0.99),
        "missing_quantified_impact": (0.88, 0.99),
        "missing_what_fails": (0.99, 0.99),
        "missing_what_is_unknown": (0.99, 0.99),
        "missing_what_we_know": (0.93, 0.93),
        "missing_what_works": (0.99, 0.99),
        "missing_who_is_affected": (0.99, 0.8),
        "no_next_update_time": (0.99, 0.99),
        "root_cause_claim": (0.99, 0.87),
    }),
    "tune3_updates.yaml": (0.97, 0.89, {
        "blame": (0.89, 0.74),
        "fix_time_promise": (0.94, 0.6),
        "jargon": (0.99, 0.99),
        "missing_next_check": (0.99, 0.99),
        "missing_quantified_impact": (0.99, 0.99),
        "missing_what_fails": (0.99, 0.85),
        "missing_what_is_unknown": (0.99, 0.95),
        "missing_what_we_know": (0.99, 0.99),
        "missing_what_works": (0.99, 0.99),
        "missing_who_is_affected": (0.99, 0.99),
        "no_next_update_time": (0.99, 0.99),
        "root_cause_claim": (0.99, 0.96),
    }),
    "tune4_updates.yaml": (0.97, 0.96, {
        "blame": (0.95, 0.99),
        "jargon": (0.99, 0.92),
        "missing_next_check": (0.99, 0.88),
        "missing_what_fails": (0.79, 0.88),
        "missing_what_is_unknown": (0.99, 0.88),
        "missing_what_works": (0.84, 0.99),
        "missing_who_is_affected": (0.99, 0.89),
    }),
    "tune5_updates.yaml": (0.97, 0.95, {
        "missing_next_check": (0.87, 0.93),
        "missing_what_fails": (0.92, 0.92),
        "missing_what_we_know": (0.99, 0.78),
        "missing_what_works": (0.69, 0.92),
        "missing_who_is_affected": (0.99, 0.88),
        "no_next_update_time": (0.99, 0.95),
    }),
    "tune6_updates.yaml": (0.96, 0.94, {
        "blame": (0.99, 0.9),
        "jargon": (0.96, 0.82),
        "missing_what_fails": (0.79, 0.61),
        "missing_what_is_unknown": (0.95, 0.97),
        "missing_what_we_know": (0.91, 0.78),
        "missing_who_is_affected": (0.93, 0.93),
    }),
    "tune7_updates.yaml": (0.97, 0.92, {
        "blame": (0.96, 0.82),
        "missing_next_check": (0.99, 0.8),
        "missing_quantified_impact": (0.99, 0.92),
        "missing_what_fails": (0.78, 0.99),
        "missing_what_we_know": (0.92, 0.99),
        "missing_who_is_affected": (0.99, 0.82),
        "root_cause_claim": (0.97, 0.87),
    }),
    "tune8_updates.yaml": (0.96, 0.89, {
        "blame": (0.99, 0.68),
        "fix_time_promise": (0.97, 0.93),
        "jargon": (0.99, 0.9),
        "missing_next_check": (0.82, 0.82),
        "missing_what_fails": (0.94, 0.82),
        "missing_what_we_know": (0.92, 0.99),
        "missing_who_is_affected": (0.93, 0.76),
        "root_cause_claim": (0.95, 0.86),
    }),
    "tune9_updates.yaml": (0.94, 0.92, {
        "blame": (0.99, 0.79),
        "jargon": (0.99, 0.93),
        "missing_next_check": (0.89, 0.81),
        "missing_what_fails": (0.8, 0.84),
        "missing_what_we_know": (0.99, 0.87),
        "missing_what_works": (0.79, 0.99),
        "no_next_update_time": (0.89, 0.99),
        "root_cause_claim": (0.99, 0.85),
    }),
    "tune10_updates.yaml": (0.97, 0.9, {
        "blame": (0.96, 0.73),
        "fix_time_promise": (0.99, 0.91),
        "jargon": (0.99, 0.93),
        "missing_next_check": (0.99, 0.78),
        "missing_what_fails": (0.93, 0.87),
        "missing_what_we_know": (0.87, 0.93),
        "missing_what_works": (0.95, 0.92),
        "missing_who_is_affected": (0.99, 0.89),
        "no_next_update_time": (0.94, 0.95),
        "root_cause_claim": (0.99, 0.9),
    }),
}


@pytest.mark.parametrize("name", TUNE_SETS)
def test_precision_and_recall_on_each_former_held_out_set(name, capsys):
    precision, recall, floors = TUNE_SETS[name]
    _assert_targets(name, precision, recall, floors, capsys)


HELDOUT_FLOORS = {
    # (precision, recall) per detector on the held-out set, measured once before any tuning, a little under.
    "blame": (0.93, 0.66),
    "fix_time_promise": (0.97, 0.9),
    "jargon": (0.87, 0.9),
    "missing_next_check": (0.76, 0.86),
    "missing_quantified_impact": (0.93, 0.99),
    "missing_what_fails": (0.45, 0.85),
    "missing_what_is_unknown": (0.95, 0.97),
    "missing_what_we_know": (0.56, 0.91),
    "missing_what_works": (0.8, 0.96),
    "missing_who_is_affected": (0.82, 0.87),
    "no_next_update_time": (0.9, 0.99),
    "root_cause_claim": (0.99, 0.85),
}


def test_precision_and_recall_on_the_held_out_set(capsys):
    """Never tuned on: what the detectors reach on text nobody fitted them to, as floors a little under
    today's numbers (the issue's target is the xfail below)."""
    _assert_targets(HELDOUT, 0.86, 0.89, HELDOUT_FLOORS, capsys, show_mistakes=False)


@pytest.mark.xfail(reason="issue 12's target not reached: on the held-out set precision 0.866 (target 0.9), "
                          "recall 0.899 (target 0.85)", strict=True)
def test_held_out_set_meets_the_issue_target():
    total = labelled.overall(labelled.evaluate(labelled.load(HELDOUT))[0])
    assert total.precision >= 0.9 and total.recall >= 0.85


# ------------------------------------------------------------------ the API the scorer uses


def test_detectors_per_audience_match_the_playbook():
    assert set(DETECTORS) == set().union(*EXPECTED_AUDIENCES.values()) | FOR_RULES_ONLY
    for audience, ids in EXPECTED_AUDIENCES.items():
        assert set(AUDIENCE_DETECTORS[audience]) == ids


def test_check_text_is_the_union_of_its_audience_detectors():
    for entry in load_labelled()[::7]:
        text, audience = entry["text"], entry["audience"]
        expected = {f for d in AUDIENCE_DETECTORS[audience] for f in detect(d, text, audience=audience)}
        assert set(check_text(text, audience)) == expected


def test_check_text_orders_evidence_by_position_then_missing_elements():
    text = "The root cause is a bad config. It will be fixed in 30 minutes."
    flags = check_text(text, "customer")
    located = [f for f in flags if f.start >= 0]
    assert [f.id for f in located] == ["root_cause_claim", "fix_time_promise"]
    assert all(f.start == -1 for f in flags[len(located):])


def test_an_estimate_tied_to_a_dependency_is_a_promise_only_to_customers():
    text = "38 accounts cannot export, about $4,000 per hour. We expect recovery within 2 hours, pending the rollback."
    assert detect("fix_time_promise", text)  # the default audience is the customer, the strictest
    assert detect("fix_time_promise", text, audience="customer")
    assert detect("fix_time_promise", text, audience="executive") == []
    assert check_text(text, "executive") == []
    assert [f.id for f in check_text(text, "customer")].count("fix_time_promise") == 1


@pytest.mark.parametrize("audience", ["internal", "executive"])
@pytest.mark.parametrize(
    ("text", "promise"),
    [
        ("Checkout is down for 38 accounts. It will be fixed in 10 minutes.", True),
        ("Exports fail for 40 accounts. Engineering says we should be fully recovered in two hours.", True),
        ("Exports fail for 40 accounts. shld be sorted in 5, nxt upd 10:45", True),
        ("Exports fail for 40 accounts. Approximately 4-6 hours, pending confirmation of the rollback.", False),
        ("Exports fail for 40 accounts. 20-40 minutes if the rollback holds.", False),
        ("Exports fail for 40 accounts. Recovery within an hour assuming the vendor accepts the key.", False),
        ("Email is delayed. The provider estimates 08:00 but hasn't confirmed it.", False),
    ],
)
def test_internal_and_executive_updates_are_checked_for_bare_fix_times(audience, text, promise):
    assert bool(detect("fix_time_promise", text, audience=audience)) is promise
    assert ("fix_time_promise" in {f.id for f in check_text(text, audience)}) is promise


def test_root_cause_claims_are_checked_for_every_audience():
    text = "Exports fail for 40 accounts bc of the 10:02 deploy. Next update 10:45."
    for audience in EXPECTED_AUDIENCES:
        assert "root_cause_claim" in {f.id for f in check_text(text, audience)}, audience
    assert not detect("root_cause_claim", "Exports fail. We suspect the 10:02 deploy; not confirmed yet.")


def test_unknown_ids_and_audiences_are_errors():
    with pytest.raises(KeyError, match="unknown detector"):
        detect("nonsense", "text")
    with pytest.raises(ValueError, match="unknown audience"):
        check_text("text", "press")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown audience"):
        detect("blame", "text", audience="press")  # type: ignore[arg-type]


def test_flag_is_frozen_and_has_the_agreed_fields():
    flag = detect("fix_time_promise", "Fixed in 30 minutes.")[0]
    assert [f.name for f in dataclasses.fields(Flag)] == ["id", "matched", "start", "end", "message", "advice"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        flag.id = "x"  # type: ignore[misc]
    assert flag.message and "\n" not in flag.message and "\n" not in flag.advice


# ------------------------------------------------------------------ evidence: the exact words


def test_every_flag_quotes_the_text_at_its_offsets():
    for entry in load_labelled():
        for flag in check_text(entry["text"], entry["audience"]):
            if flag.start < 0:
                assert (flag.matched, flag.end) == ("", -1), flag
            else:
                assert entry["text"][flag.start:flag.end] == flag.matched != "", flag


def matched(detector_id: str, text: str) -> list[str]:
    return [f.matched for f in detect(detector_id, text)]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("We'll have it fixed in 30 minutes.", ["fixed in 30 minutes"]),
        ("Checkout fails. ETA 20 min. Next update at 10:45.", ["ETA 20 min"]),
        ("Exports should be back shortly.", ["should be back shortly"]),
        ("Payments will be resolved by 3pm.", ["will be resolved by 3pm"]),
        ("We expect it to be back up within the hour.", ["be back up within the hour"]),
        ("Good news: a fix is minutes away.", ["fix is minutes away"]),
        ("We're minutes away from a fix.", ["minutes away from a fix"]),
        ("Expected resolution: 11:30.", ["Expected resolution: 11:30"]),
        ("We don’t have an ETA yet; it won’t be fixed in 30 minutes.", []),
        ("No ETA yet. Next update in 30 minutes.", []),
        ("We'll update you on the fix in 20 minutes.", []),
        ("We'll know within 20 minutes whether the rollback fixed it.", []),
        ("We fixed the export job at 10:30.", []),
        ("You'll hear from us by 11:00; we'll write again at 10:45 at the latest.", []),
    ],
)
def test_fix_time_evidence(text, words):
    assert matched("fix_time_promise", text) == words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("This was caused by the 9:40 deploy.", ["This was caused by the 9:40 deploy"]),
        ("It's due to a database bug, which we're fixing.", ["It's due to a database bug"]),
        ("The problem is a bad config.", ["The problem is a bad config"]),
        ("We suspect the deploy; not yet confirmed.", []),
        ("The errors are likely related to the 9:40 deploy.", []),
        ("Was this caused by the deploy?", []),
        ("Sorry for the disruption caused by this outage.", []),
        ("This is not caused by anything on your side.", []),
    ],
)
def test_root_cause_evidence(text, words):
    assert matched("root_cause_claim", text) == words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Whoever shipped the last deploy should have tested it. This is human error.",
         ["Whoever shipped", "should have tested", "human error"]),
        ("Ops failed to renew the certificate.", ["Ops failed to renew"]),
        ("Priya failed to mention the change.", ["Priya failed to mention"]),
        ("It's the DB team's fault, not ours.", ["team's fault"]),
        ("Exports broke because Sam pushed an untested change.", ["because Sam pushed"]),
        ("Someone didn't test the SSO change.", ["Someone didn't test"]),
        ("Tests should have caught it?", ["should have caught"]),
        ("The job failed to run.", []),
        ("They failed to complete before the cutoff.", []),
        ("Checkout failed to load for some shoppers.", []),
        ("You should have received an email.", []),
        ("We failed to catch this before release.", []),
        ("This is nobody's fault; let's not blame anyone.", []),
        ("We should have a fix out soon.", []),
    ],
)
def test_blame_evidence(text, words):
    assert matched("blame", text) == words


def test_jargon_quotes_each_term_once():
    text = "We're seeing 502s from api-02.internal and db-prod-3 is OOM; the p99 on the payments pod spiked."
    assert matched("jargon", text) == ["502s", "api-02.internal", "db-prod-3", "OOM", "p99", "pod"]
    assert matched("jargon", "Login works; the database is slow; invoice exports fail with PAY-203.") == []


def test_nested_evidence_is_reported_once_as_the_longer_span():
    # Two cues in one clause ("caused by", "the root cause is") quote the same clause once.
    flags = detect("root_cause_claim", "The root cause is a bad config that was caused by the 9:40 deploy.")
    assert [f.matched for f in flags] == ["The root cause is a bad config that was caused by the 9:40 deploy"]
    flags = detect("jargon", "Errors on api-02.internal.")
    assert [f.matched for f in flags] == ["api-02.internal"]


def test_missing_elements_have_no_words_and_no_offsets():
    (flag,) = detect("missing_what_works", "Exports fail.")
    assert (flag.matched, flag.start, flag.end) == ("", -1, -1)


def test_a_vague_update_promise_is_quoted_as_evidence():
    (flag,) = detect("no_next_update_time", "Exports fail. We'll keep you posted.")
    assert flag.matched == "keep you posted"
    (flag,) = detect("no_next_update_time", "Exports fail.")
    assert flag.start == -1
    assert detect("no_next_update_time", "Exports fail. Next update at 10:45.") == []


# ------------------------------------------------------------------ impact figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("About $4,000 per hour at risk: 38 accounts cannot export.",
         {"money_per_hour": 4000.0, "money": None, "customers": 38}),
        ("Roughly €2k/h in lost orders.", {"money_per_hour": 2000.0, "money": None, "customers": None}),
        ("Roughly 12k in revenue lost so far; 240 customers affected.",
         {"money_per_hour": None, "money": 12000.0, "customers": 240}),
        ("Our largest customer and 12 others cannot check out, about $6,000 per hour.",
         {"money_per_hour": 6000.0, "money": None, "customers": 13}),
        ("Three of our top five customers cannot run payroll exports.",
         {"money_per_hour": None, "money": None, "customers": 3}),
        ("We lose $96,000 per day while 1,200 users cannot log in.",
         {"money_per_hour": 4000.0, "money": None, "customers": 1200}),
        ("Between $4,000 and $6,000 an hour; 17 accounts and 900 users.",
         {"money_per_hour": 5000.0, "money": None, "customers": 17}),
        ("$4,000-6,000 per hour across 38 accounts (about 1,000 users).",
         {"money_per_hour": 5000.0, "money": None, "customers": 38}),
        ("£3,500 in lost revenue per hour; contract worth $1.2M a year.",
         {"money_per_hour": 3500.0, "money": 1_200_000.0, "customers": None}),
        ("Checkout has been down for 40 minutes since 9:40.", {"money_per_hour": None, "money": None,
                                                               "customers": None}),
    ],
)
def test_quantities(text, expected):
    assert quantities(text) == expected


# ------------------------------------------------------------------ speed without losing matches


def all_finders() -> list[tuple[str, Finder]]:
    found = []
    for module in (_text, promises, claims, jargon, elements, impact):
        for name, value in vars(module).items():
            for i, item in enumerate(value if isinstance(value, tuple) else (value,)):
                if isinstance(item, Finder):
                    found.append((f"{module.__name__}.{name}[{i}]", item))
    return found


def test_every_finder_is_anchored_wherever_its_pattern_matches():
    """Finders try their pattern only at anchor words (that is what makes the detectors fast). If a
    pattern can match at a word that is not one of its anchors, the detector silently misses it."""
    finders = all_finders()
    assert len(finders) > 20
    texts = [e["text"] for e in load_labelled()] + [
        "We'll be back up in 20 minutes; ETA 11:00. Our k8s pods OOM. $4,000/h, 38 accounts, 12k in revenue.",
        "It's Sam's fault. Nobody's fault. Whoever pushed this should've known. Tests didn't run.",
    ]
    missing: list[str] = []
    for text in texts:
        doc = Doc(text)
        for name, finder in finders:
            anchored = set(finder.positions(doc))
            for word, starts in doc.index.items():
                for pos in starts:
                    if pos not in anchored and finder.pattern.match(text, pos):
                        missing.append(f"{name}: add {word!r} (from {text!r})")
    assert not missing, "\n".join(sorted(set(missing))[:30])


def test_a_100_word_update_parses_once_for_all_detectors():
    text = " ".join(["Login works, exports fail, we don't know why yet."] * 10) + " Next update at 10:45."
    first = _text.parse(text)
    assert _text.parse(text) is first
    assert check_text(text, "customer") == []


def test_typographic_apostrophes_read_like_plain_ones():
    plain = "Login works. Exports fail. We don't have an ETA yet, and we won't guess. We'll write again at 10:45."
    curly = plain.replace("'", "’")
    assert check_text(curly, "customer") == check_text(plain, "customer") == []
    assert matched("blame", "It’s the DB team’s fault.") == ["team’s fault"]


def test_random_text_never_breaks_a_detector_and_evidence_stays_exact():
    """Seeded word salad from incident vocabulary, punctuation and awkward Unicode ('İ' lowers to two
    characters, which would shift offsets if the lower-cased copy were used naively)."""
    salad = ("fixed in 30 minutes ETA 20 min should be back shortly root cause is caused by due to because "
             "Sam's fault human error failed to the team someone didn't test db-prod-3 p99 pods 502s $4,000 per "
             "hour 38 accounts next update at 10:45 we don't know yet login works exports fail İstanbul ’ ' – - "
             ", ; : ? ! . \n ( ) `x` snake_case 10.0.0.1 a1b2c3d4 within the hour no ETA")
    vocab = salad.split(" ")
    rng = random.Random(20261121)
    for _ in range(300):
        text = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 60)))
        for audience in EXPECTED_AUDIENCES:
            for flag in check_text(text, audience):
                if flag.start >= 0:
                    assert text[flag.start:flag.end] == flag.matched, (text, flag)
        assert set(quantities(text)) == {"money_per_hour", "money", "customers"}


def test_fields_joined_one_per_line_read_as_sentences():
    """The scorer joins a structured update's fields with newlines."""
    text = ("Still working: login; payments.\nYou cannot export invoices right now.\n"
            "We do not know the cause yet and will not guess.\nWe are actively working on it. Next update at 10:30.")
    assert check_text(text, "customer") == []


# ------------------------------------------------------------------ hygiene


def test_textchecks_import_no_ui_or_heavy_libraries():
    code = ("import sys, drills.scoring.textchecks; "
            "bad = [m for m in ('textual', 'faker', 'matplotlib') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# ------------------------------------------------------------------ the next update's time, in minutes


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("Next update at 10:45.", 600, 645),
        ("nxt upd 11:50", 600, 710),
        ("We'll write again by quarter to eleven.", 600, 645),
        ("circling back by half past", 610, 630),
        ("circling back by half past", 640, 690),
        ("update in 20", 600, 620),
        ("We'll be back to you in 15.", 600, 615),
        ("will ping again at 11", 600, 660),
        ("will ping again at 2", 600, 840),
        ("next check-in 2pm", 600, 840),
        ("Another update within the hour.", 600, 660),
        ("We will update this page every 30 minutes.", 600, 630),
        ("Updates hourly until it's fixed.", 600, 660),
        ("We come back to you at 16 o'clock.", 600, 960),
        ("Next update at the top of the hour.", 610, 660),
        ("Next update at noon.", 600, 720),
        ("We'll post again in half an hour.", 600, 630),
        ("Next update 9:15 pm", 600, 1275),
        ("Next update at 1:30.", 23 * 60, 25 * 60 + 30),
    ],
)
def test_next_update_time_reads_the_promise_in_words(text, now, expected):
    assert next_update_time(text, now) == expected
    assert detect("no_next_update_time", text, audience="internal") == []


@pytest.mark.parametrize(
    "text",
    [
        "We'll keep you posted.",
        "More updates soon.",
        "Exports have failed since 10:02.",
        "The update at 10:02 broke exports.",
        "Exports broke after the update at 10:02.",
        "We will circle back.",
        "Stay tuned, we'll update you when we know more.",
        "It started an hour ago; we will update you shortly.",
    ],
)
def test_no_next_update_time_when_no_time_is_promised(text):
    assert next_update_time(text, 600) is None
    assert detect("no_next_update_time", text, audience="internal")


# ------------------------------------------------------------------ vague content


@pytest.mark.parametrize(
    ("text", "vague"),
    [
        ("someone should look at it", ["someone should look"]),
        ("Looking into it.", ["Looking into it"]),
        ("Continue investigating.", ["Continue investigating"]),
        ("We're on it.", ["We're on it"]),
        ("can someone take a look at the search thing?", ["can someone take a look"]),
        ("Priya compares the 9:40 release with the failing job.", []),
        ("Still investigating; Sam reverts the 10:02 deploy next.", []),
    ],
)
def test_vague_next_check_quotes_the_placeholder(text, vague):
    assert matched("vague_next_check", text) == vague


@pytest.mark.parametrize(
    ("text", "vague"),
    [
        ("some customers", ["some customers"]),
        ("The fix will land as soon as possible.", ["as soon as possible"]),
        ("It affects the feature.", ["the feature."]),
        ("Everything else.", ["Everything else"]),
        ("Exports fail; everything else works.", []),
        ("38 EU accounts cannot export invoices.", []),
    ],
)
def test_vague_content_quotes_the_phrase_that_says_nothing(text, vague):
    assert matched("vague_content", text) == vague


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("What still works: nothing really.\nExports fail for everyone. We don't know why yet.", True),
        ("Still working: nothing.\nExports fail. We don't know why yet.", True),
        ("What works: everything else. We don't know why yet.", True),
        ("Exports fail; everything else works. We don't know why yet.", False),
        ("Login works, exports fail. We don't know why yet.", False),
    ],
)
def test_missing_what_works_takes_non_answers_as_missing(text, missing):
    assert bool(detect("missing_what_works", text)) is missing


def test_vague_detectors_are_for_rules_not_for_check_text():
    text = "Someone should look at it. Some customers are affected."
    assert detect("vague_next_check", text, audience="internal")
    assert not {f.id for f in check_text(text, "internal")} & FOR_RULES_ONLY


# ------------------------------------------------------------------ linear time


ADVERSARIAL_UNITS = ["fixed in ", "due to ", "caused by ", "because ", "should be back shortly ", "should have tested ",
                     "Sam failed to tell ", "the team's fault ", "db-prod-3 api_key `x p99 ", "a-b-c-d-e-f-",
                     "next update ", "10:45 ", "$4,000 38 accounts ", "a, b; c: ", "someone on the team ",
                     "Priya checks ", "nothing really ", "x" * 50]


def _work_per_char(unit: str, size: int) -> float:
    text = (unit * (size // len(unit) + 1))[:size]
    doc = Doc(text)
    for det in DETECTORS.values():
        det.run(doc, "internal")
        det.run(doc, "customer")
    return doc.work / size


@pytest.mark.parametrize("unit", ADVERSARIAL_UNITS)
def test_every_detector_reads_each_character_a_bounded_number_of_times(unit):
    """Work counts the characters the detectors' regexes may read (every window, every scan); a
    rescan per hit or a window that grows with the sentence makes it grow faster than the text.
    Not a timed test: the timings are in benchmarks/bench_textchecks.py."""
    small, large = _work_per_char(unit, 2_000), _work_per_char(unit, 40_000)
    assert large <= small * 1.25 + 5, (unit, small, large)


def test_detectors_read_the_text_only_through_bounded_windows():
    """Outside _text, no detector hands a regex the whole text or an unbounded slice of it."""
    root = Path(_text.__file__).parent
    offenders = []
    for path in sorted(root.glob("*.py")):
        if path.name == "_text.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\.(?:search|match|finditer|fullmatch|findall)\((?:doc\.)?text\b", line):
                offenders.append(f"{path.name}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


class _CountingInt(int):
    comparisons = 0

    def _count(self, other, op):
        _CountingInt.comparisons += 1
        return op(int(self), int(other))

    def __le__(self, other):
        return self._count(other, int.__le__)

    def __lt__(self, other):
        return self._count(other, int.__lt__)

    def __ge__(self, other):
        return self._count(other, int.__ge__)

    def __gt__(self, other):
        return self._count(other, int.__gt__)

    def __eq__(self, other):
        return self._count(other, int.__eq__)

    __hash__ = int.__hash__


def test_nested_evidence_is_dropped_in_n_log_n_comparisons():
    """Detector.run used to compare each span with every span kept so far (quadratic in the flags)."""
    n = 4000
    spans = [(_CountingInt(i * 3), _CountingInt(i * 3 + 2)) for i in range(n)]
    spans += [(_CountingInt(i * 3), _CountingInt(i * 3 + 1)) for i in range(n)]  # nested in the first ones
    detector = Detector("x", frozenset(), "m", "a", lambda doc: list(spans))
    _CountingInt.comparisons = 0
    flags = detector.run(Doc("x" * (3 * n + 2)))
    assert [(f.start, f.end) for f in flags] == [(i * 3, i * 3 + 2) for i in range(n)]
    assert _CountingInt.comparisons < 60 * 2 * n, _CountingInt.comparisons


def test_a_long_run_of_hyphenated_words_is_read_once():
    text = "a-" * 20_000 + "b1"
    doc = Doc(text)
    jargon.find_jargon(doc)
    assert doc.work < 8 * len(text)


def test_spans_answer_membership_by_binary_search():
    spans = Spans([(10, 20), (15, 30), (40, 50)])
    assert [spans.holds(p) for p in (9, 10, 29, 30, 45, 50)] == [False, True, True, False, True, False]


# ------------------------------------------------------------------ the issue's own examples


def test_a_bad_deploy_by_a_team_is_a_claim_and_blame_to_a_customer():
    text = "It was a bad deploy by our payments team. Exports fail, login works. We don't know yet. Next update 10:45."
    assert {f.id for f in check_text(text, "customer")} == {"root_cause_claim", "blame"}


def test_a_placeholder_after_the_next_check_label_is_no_next_check():
    base = "Exports failing for 40 accounts since 10:02. Next check: {}. Next update 10:45."
    assert detect("missing_next_check", base.format("someone should look at it"))
    assert detect("vague_next_check", base.format("someone should look at it"))
    assert not detect("missing_next_check", base.format("Priya compares the 10:02 release with a failing export"))


def test_nothing_really_is_no_answer_to_what_works():
    text = "What still works: nothing really. Exports fail. We don't know why yet. Next update at 11:00."
    assert [f.id for f in check_text(text, "customer")] == ["missing_what_works"]


@pytest.mark.parametrize("text", ["circling back by half past", "update in 20", "back to you in 15",
                                  "We'll write again at quarter to eleven.", "will ping again at 11",
                                  "next check-in 2pm", "another update within the hour"])
def test_casual_next_update_idioms_count(text):
    assert detect("no_next_update_time", "Exports fail for 40 accounts. " + text, audience="internal") == []
