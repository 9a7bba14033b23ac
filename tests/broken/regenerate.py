"""Regenerate tests/broken/*.yaml from tests/fixtures/minimal.yaml, one mistake per file.

Run `python tests/broken/regenerate.py` after changing the fixture, then check the expected
positions in tests/test_loader.py (CORPUS) by reading the new files, not by copying the output.
Each file starts with a comment saying what is wrong in it, so its lines are one below the fixture's.
"""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
base = (REPO / "tests/fixtures/minimal.yaml").read_text().splitlines()
HEADER = "# yaml-language-server: $schema=../../docs/scenario.schema.json"
assert base[0] == HEADER


def edit(replace=None, delete=(), insert=None, append=None):
    lines = list(base)
    replace = replace or {}
    for n, text in replace.items():
        assert n not in delete
        lines[n - 1] = text
    for n, text in sorted((insert or {}).items(), reverse=True):  # insert AFTER line n
        lines[n:n] = text if isinstance(text, list) else [text]
    for n in sorted(delete, reverse=True):
        del lines[n - 1]
    if append:
        lines += append
    return "\n".join(lines) + "\n"


def check_line(n, expected):
    assert base[n - 1].strip() == expected, (n, base[n - 1])


CASES = {}


def case(name, text, note):
    CASES[name] = "# Broken on purpose: " + note + "\n" + text


check_line(3, 'title: "SSO login loop after an identity config change"')
case("unknown-key-typo", edit({3: 'tittle: "SSO login loop after an identity config change"'}), "'title' misspelt")
check_line(26, "knows: [billing]")
case("unknown-nested-key", edit({26: "    know: [billing]"}), "'knows' misspelt in a cast member")
check_line(14, "product: Invoicing and payments for small businesses")
case("unknown-key-no-match", edit({14: "  colour: blue"}), "a key the company section does not have")
check_line(74, "from: Pager")
case(
    "python-name-for-alias", edit({74: "    sender: Pager"}), "the Python name 'sender' instead of the YAML key 'from'"
)
check_line(67, "at: 12")
case("minutes-not-a-number", edit({67: "    at: ten"}), "'at' written in words")
check_line(35, "largest: true")
case("bool-not-a-bool", edit({35: "    largest: maybe"}), "'largest' is not true or false")
check_line(27, "seniority: 5")
case("int-not-whole", edit({27: "    seniority: 4.5"}), "'seniority' is not a whole number")
check_line(54, "error_text: SSO-302-LOOP")
case("missing-required-key", edit(delete=[54]), "incident.error_text left out")
check_line(73, "kind: alert")
case("missing-key-in-list-item", edit(delete=[73]), "an inject without a kind")
check_line(68, "kind: customer_message")
case("enum-typo", edit({68: "    kind: customer_mesage"}), "inject kind misspelt")
check_line(7, "difficulty: easy")
case("enum-no-match", edit({7: "difficulty: trivial"}), "a difficulty that does not exist")
check_line(2, "id: sso-login-loop")
case("id-pattern", edit({2: "id: SSO Login Loop"}), "an id with capitals and spaces")
check_line(15, 'clock_start: "09:00"')
case("clock-pattern", edit({15: "  clock_start: 9am"}), "clock_start not HH:MM")
check_line(40, "patience: 15")
case("number-out-of-range", edit({40: "  patience: -3"}), "a negative patience")
check_line(17, "cast:")
case("empty-cast", edit({17: "cast: []"}, delete=range(18, 28)), "nobody in the cast")
check_line(10, "seed: 7")
case("duplicate-key", edit(insert={10: "seed: 8"}), "the same key twice")
check_line(71, "- id: login-alert")
case("duplicate-inject-id", edit({71: "  - id: first-report"}), "two injects with one id")
check_line(96, "reveals: [redirect-loop]")
case("reveals-unknown-clue", edit({96: "    reveals: [redirect-lop]"}), "a check revealing a clue that does not exist")
check_line(89, "not_after_repair: rollback-cookie")
case(
    "condition-unknown-repair",
    edit({89: "      not_after_repair: rollback-cookies"}),
    "a condition on a repair that does not exist",
)
check_line(88, "escalated: false")
case(
    "condition-unknown-check",
    edit({88: "      after_check: config-histroy"}),
    "a condition on a check that does not exist",
)
check_line(124, "effect: none")
case(
    "requires-unknown-repair",
    edit(insert={124: "    requires: [rollback]"}),
    "a repair requiring one that does not exist",
)
check_line(119, "effect: fixes")
case(
    "requires-cycle",
    edit(insert={119: "    requires: [restart-auth]", 124: "    requires: [rollback-cookie]"}),
    "two repairs requiring each other",
)
check_line(51, "first_report: first-report")
case("first-report-unknown", edit({51: "  first_report: first-reprot"}), "first_report names no inject")
case(
    "first-report-wrong-kind",
    edit({51: "  first_report: login-alert"}),
    "first_report is an alert, not a customer message",
)
check_line(52, "reported_account: northwind")
case("reported-account-unknown", edit({52: "  reported_account: northwnd"}), "reported_account names no customer")
check_line(128, "must_find: [cookie-change, redirect-loop]")
case(
    "must-find-unknown", edit({128: "  must_find: [cookie-change, root-cause]"}), "par names a clue that does not exist"
)
check_line(80, "person: cto")
case("join-request-without-person", edit(delete=[80]), "a join request that does not say who")
check_line(83, "at: 40")
case("inject-after-drill-end", edit({83: "    at: 200"}), "an inject after simulated_minutes")
check_line(62, "at: 12")
case("trigger-after-drill-end", edit({62: "      at: 130"}), "a CEO trigger after simulated_minutes")
check_line(50, "onset: 5")
case("onset-after-first-report", edit({50: "  onset: 20"}), "the outage starts after the customer reports it")
check_line(
    70, 'text: "Hi, this is {contact} from {customer}. Since {clock} none of us can log in with SSO (error {error})."'
)
case("unknown-placeholder", edit({70: base[69].replace("{contact}", "{contakt}")}), "a misspelt placeholder")
case(
    "python-tag",
    edit({10: 'seed: !!python/object/apply:os.system ["echo pwned > pwned.txt"]'}),
    "a Python tag that an unsafe loader would run",
)
check_line(13, "name: Ledgerly")
case("tab-indent", edit({13: "\tname: Ledgerly"}), "a tab used for indentation")
check_line(75, 'text: "Login success rate below 80% for 10 minutes"')
case(
    "unquoted-colon", edit({75: "    text: Login success: below 80% for 10 minutes"}), "a value with ': ' and no quotes"
)
case("two-documents", edit(append=["---", "id: another"]), "a second YAML document")
check_line(61, "- kind: largest_customer")
case("trigger-missing-parameter", edit({61: "    - kind: revenue_at_risk"}), "a revenue trigger without its amount")
check_line(31, "name: Northwind Traders")
case("text-not-text", edit({31: "    name: [Northwind Traders]"}), "a list where text belongs")
check_line(12, "company:")
case("section-not-a-mapping", edit({12: "company: Ledgerly"}, delete=[13, 14, 15]), "company written as one value")
check_line(62, "at: 12")
case("trigger-without-at", edit(delete=[62]), "a largest_customer trigger that would never fire")
check_line(67, "at: 12")
case(
    "first-report-conditional",
    edit(insert={70: ["    when:", "      owner_assigned: true"]}),
    "a first report that waits on a condition",
)
check_line(44, "chase_texts:")
case("empty-chase-texts", edit({44: "  chase_texts: []"}, delete=[45]), "a customer with nothing to chase with")
case(
    "several-problems",
    edit(
        {
            3: 'tittle: "SSO login loop after an identity config change"',
            67: "    at: ten",
            96: "    reveals: [redirect-lop]",
            52: "  reported_account: northwnd",
        }
    ),
    "four mistakes, all reported at once",
)

out = REPO / "tests/broken"
out.mkdir(exist_ok=True)
for old in out.glob("*.yaml"):
    old.unlink()
for name, text in CASES.items():
    (out / f"{name}.yaml").write_text(text)
(out / "top-level-list.yaml").write_text(
    "# Broken on purpose: a list at the top, not a mapping\n- id: sso-login-loop\n  title: SSO login loop\n"
)
print(len(CASES) + 1, "files")
