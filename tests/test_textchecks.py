"""The text detectors: precision and recall on the labelled set, exact evidence, the per-audience
API the scorer codes against, and the impact figures.

Run with -s to see the precision/recall table; it is also in the failure message.
"""

from __future__ import annotations

import dataclasses
import random
import subprocess
import sys
from pathlib import Path

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
    promises,
    quantities,
)
from drills.scoring.textchecks._text import Doc, Finder

LABELLED = Path(__file__).parent / "data" / "labelled_sentences.yaml"
MIN_PRECISION = 0.9
MIN_RECALL = 0.75

EXPECTED_AUDIENCES = {
    "customer": {"fix_time_promise", "root_cause_claim", "blame", "jargon", "no_next_update_time",
                 "missing_what_works", "missing_what_fails", "missing_what_is_unknown"},
    "internal": {"blame", "no_next_update_time", "missing_what_we_know", "missing_who_is_affected",
                 "missing_next_check"},
    "executive": {"blame", "jargon", "missing_quantified_impact"},
}


def load_labelled() -> list[dict]:
    return yaml.safe_load(LABELLED.read_text(encoding="utf-8"))


@dataclasses.dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def evaluate(entries: list[dict]) -> tuple[dict[str, Counts], list[str]]:
    """Per detector, over the entries whose audience it applies to: did it fire, should it have."""
    counts = {d: Counts() for d in DETECTORS}
    mistakes: list[str] = []
    for entry in entries:
        for det in AUDIENCE_DETECTORS[entry["audience"]]:
            fired = bool(detect(det, entry["text"]))
            expected = det in entry["flags"]
            c = counts[det]
            if fired and expected:
                c.tp += 1
            elif fired:
                c.fp += 1
                mistakes.append(f"  false flag  {det}: {entry['text']}")
            elif expected:
                c.fn += 1
                mistakes.append(f"  missed      {det}: {entry['text']}")
            else:
                c.tn += 1
    return counts, mistakes


def table(counts: dict[str, Counts]) -> str:
    lines = [f"{'detector':<28} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4} {'precision':>9} {'recall':>7}"]
    for det, c in counts.items():
        lines.append(f"{det:<28} {c.tp:>4} {c.fp:>4} {c.fn:>4} {c.tn:>4} {c.precision:>9.2f} {c.recall:>7.2f}")
    return "\n".join(lines)


# ------------------------------------------------------------------ the labelled set itself


def test_labelled_set_is_large_and_well_formed():
    entries = load_labelled()
    assert len(entries) >= 200
    texts = [e["text"] for e in entries]
    assert len(texts) == len(set(texts)), "duplicate sentences in the labelled set"
    for e in entries:
        assert set(e) == {"text", "audience", "flags"}, e
        assert e["audience"] in EXPECTED_AUDIENCES, e
        wrong = set(e["flags"]) - EXPECTED_AUDIENCES[e["audience"]]
        assert not wrong, f"{wrong} do not apply to {e['audience']}: {e['text']}"


def test_every_detector_has_positives_and_negatives_in_the_set():
    counts, _ = evaluate(load_labelled())
    for det, c in counts.items():
        assert c.tp + c.fn >= 10, f"{det}: too few labelled positives"
        assert c.fp + c.tn >= 10, f"{det}: too few labelled negatives"


def test_precision_and_recall_per_detector(capsys):
    counts, mistakes = evaluate(load_labelled())
    report = table(counts) + ("\nmistakes:\n" + "\n".join(mistakes) if mistakes else "")
    with capsys.disabled():
        print("\n" + report)
    low_precision = [d for d, c in counts.items() if c.precision < MIN_PRECISION]
    low_recall = [d for d, c in counts.items() if c.recall < MIN_RECALL]
    assert not low_precision, f"precision below {MIN_PRECISION} for {low_precision}\n{report}"
    assert not low_recall, f"recall below {MIN_RECALL} for {low_recall}\n{report}"


# ------------------------------------------------------------------ the API the scorer uses


def test_detectors_per_audience_match_the_playbook():
    assert set(DETECTORS) == set().union(*EXPECTED_AUDIENCES.values())
    for audience, ids in EXPECTED_AUDIENCES.items():
        assert set(AUDIENCE_DETECTORS[audience]) == ids


def test_check_text_is_the_union_of_its_audience_detectors():
    for entry in load_labelled()[::7]:
        text, audience = entry["text"], entry["audience"]
        expected = {f for d in AUDIENCE_DETECTORS[audience] for f in detect(d, text)}
        assert set(check_text(text, audience)) == expected


def test_check_text_orders_evidence_by_position_then_missing_elements():
    text = "The root cause is a bad config. It will be fixed in 30 minutes."
    flags = check_text(text, "customer")
    located = [f for f in flags if f.start >= 0]
    assert [f.id for f in located] == ["root_cause_claim", "fix_time_promise"]
    assert all(f.start == -1 for f in flags[len(located):])


def test_executives_get_a_timeline_not_a_fix_time_penalty():
    text = "38 accounts cannot export, about $4,000 per hour. We expect recovery within 2 hours, pending the rollback."
    assert detect("fix_time_promise", text)
    assert check_text(text, "executive") == []


def test_unknown_ids_and_audiences_are_errors():
    with pytest.raises(KeyError, match="unknown detector"):
        detect("nonsense", "text")
    with pytest.raises(ValueError, match="unknown audience"):
        check_text("text", "press")  # type: ignore[arg-type]


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
