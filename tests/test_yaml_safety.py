"""Hostile or broken YAML is refused with one located line, at once, with no side effect."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drills.errors import PlaybookError, ScenarioError, UsageError
from drills.scenario._yamlsafe import MAX_ALIASES, MAX_VALUES, Mark, read_yaml, read_yaml_text

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def refused_in_one_line(drill, path: Path, cwd: Path) -> str:
    """Lint `path` through the real entry point; return the single problem line."""
    result = drill("lint", path.name, cwd=cwd)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path.name}:")
    assert result.stdout.strip() == "1 file, 1 error, 0 warnings"
    return lines[0]


def problem_of(text: str, **kwargs) -> str:
    with pytest.raises(ScenarioError) as caught:
        read_yaml_text(text, "t.yaml", **kwargs)
    assert len(caught.value.problems) == 1, caught.value.lines()
    return caught.value.lines()[0]


# --- through the real `drill lint` ------------------------------------------------------------------

def test_python_tag_is_refused_and_never_run(drill, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    scenario = tmp_path / "evil.yaml"
    scenario.write_text(f'id: x\nseed: !!python/object/apply:os.system ["touch {marker}"]\n')
    line = refused_in_one_line(drill, scenario, tmp_path)
    assert line == ("evil.yaml:2:7: the tag !!python/object/apply:os.system asks for a Python object; scenario "
                    "files hold plain data only and drills never runs code from them — remove the tag")
    assert not marker.exists()


def test_billion_laughs_is_refused(drill, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BILLION_LAUGHS)
    line = refused_in_one_line(drill, bomb, tmp_path)
    # The 17th alias is the 8th on line 3: refused there, long before any expansion.
    assert line.startswith("bomb.yaml:3:29: too many aliases (*name): scenario files may use at most 16, a guard "
                           "against alias bombs")


def test_fifty_megabyte_file_is_refused_by_size(drill, tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(50_000_000)
    line = refused_in_one_line(drill, big, tmp_path)
    assert line == ("big.yaml:1:1: the file is 50.0 MB, more than the 2.0 MB a scenario file may be — scenario "
                    "files are short text files; check that this is the file you meant")


def test_fifty_megabyte_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(50_000_000)

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    monkeypatch.setattr(Path, "read_text", no_reading)
    with pytest.raises(ScenarioError, match=r"50\.0 MB"):
        read_yaml(big)


def test_binary_garbage_is_refused(drill, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.yaml"
    garbage.write_bytes(bytes(range(256)) * 8)
    assert refused_in_one_line(drill, garbage, tmp_path) == (
        "garbage.yaml:1:1: the file looks binary (it contains a NUL byte), not YAML text — give the path of a "
        "scenario .yaml file")


def test_invalid_utf8_is_refused_at_the_bad_byte(drill, tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("id: x\ntitle: Café crème\n".encode("latin-1"))
    assert refused_in_one_line(drill, latin1, tmp_path) == (
        "latin1.yaml:2:11: the file is not valid UTF-8 text (byte 0xe9) — save the scenario file as UTF-8; if it "
        "is not a scenario file, check the path")


@pytest.mark.parametrize(("text", "found"), [("- id: x\n- id: y\n", "a list"), ("just words\n", "a single value"),
                                             ("42\n", "a single value")])
def test_top_level_must_be_a_mapping(drill, tmp_path: Path, text: str, found: str) -> None:
    path = tmp_path / "top.yaml"
    path.write_text(text)
    assert refused_in_one_line(drill, path, tmp_path) == (
        f"top.yaml:1:1: the top level of the file is {found}, not a mapping — a scenario file is a mapping of keys "
        "to values (lines like `id: ...`)")


def test_deep_nesting_is_refused_quickly(drill, tmp_path: Path) -> None:
    """libyaml slows down quadratically with flow depth; reading stops at the depth limit instead."""
    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 500_000 + "]" * 500_000 + "\n")
    assert refused_in_one_line(drill, deep, tmp_path) == (
        "deep.yaml:1:68: values are nested more than 64 levels deep — flatten the structure; scenario files nest "
        "only a few levels")


# --- in process -----------------------------------------------------------------------------------

DEEP = "a: " + "[" * 500_000 + "]" * 500_000 + "\n"
TOO_DEEP_AT_68 = ("t.yaml:1:68: values are nested more than 64 levels deep — flatten the structure; scenario files "
                  "nest only a few levels")


@pytest.mark.parametrize("parser", ["libyaml", "pure-python"])
def test_deep_nesting_message_is_ours_whichever_parser(parser: str, monkeypatch) -> None:
    """PyYAML 6.0.3+ ships a libyaml that stops at its own nesting limit; older ones and the pure parser do not."""
    import yaml

    from drills.scenario import _yamlsafe as yamlsafe
    if parser == "pure-python":
        monkeypatch.setattr(yamlsafe, "_EventLoader", yaml.BaseLoader)
    elif not hasattr(yaml, "CBaseLoader"):
        pytest.skip("PyYAML built without libyaml")
    assert problem_of(DEEP) == TOO_DEEP_AT_68


def test_a_parser_depth_error_we_cannot_place_still_reads_as_ours(monkeypatch) -> None:
    """Whatever limit a parser has, its depth error becomes our message at its mark, never a raw syntax error."""
    import yaml

    from drills.scenario import _yamlsafe as yamlsafe

    class LimitedParser(yaml.BaseLoader):
        def get_event(self):
            mark = yaml.Mark("t.yaml", 0, 0, 9, None, None)
            raise yaml.scanner.ScannerError("while increasing flow level", mark,
                                            "exceeded maximum nesting depth", mark)

    monkeypatch.setattr(yamlsafe, "_EventLoader", LimitedParser)
    monkeypatch.setattr(yamlsafe.yaml, "BaseLoader", LimitedParser)
    assert problem_of("a: [[[1]]]\n") == TOO_DEEP_AT_68.replace("1:68", "1:10")


@pytest.mark.parametrize("tag", ["!!python/object/new:os.system [ls]", "!!python/name:os.system ''",
                                 "!!python/object:builtins.dict {a: 1}", "!!python/module:os ''"])
def test_every_python_tag_is_refused(tag: str) -> None:
    assert f"the tag {tag.split()[0]} asks for a Python object" in problem_of(f"a: {tag}\n")


@pytest.mark.parametrize("tag", ["!custom", "!!binary", "!!set", "!!timestamp", "!!omap"])
def test_tags_beyond_plain_data_are_refused(tag: str) -> None:
    value = "{a: null}" if tag == "!!set" else "[{a: 1}]" if tag == "!!omap" else "2024-01-01"
    assert problem_of(f"a: {tag} {value}\n") == (
        f"t.yaml:1:4: the tag {tag} is not allowed — scenario files hold plain data (text, numbers, true/false, "
        "lists, mappings): remove the tag")


def test_plain_core_tags_are_fine() -> None:
    data = read_yaml_text("a: !!str 10\nb: !!int '7'\nc: !!float 1\nd: !!bool true\ne: !!null ''\n", "t.yaml").data
    assert data == {"a": "10", "b": 7, "c": 1.0, "d": True, "e": None}


def test_all_tag_problems_and_duplicate_keys_are_reported_together() -> None:
    with pytest.raises(ScenarioError) as caught:
        read_yaml_text("a: 1\nb: !!python/name:os.system ''\na: 2\nc: !x 1\n", "t.yaml")
    assert [line.split(": ", 1)[0] for line in caught.value.lines()] == ["t.yaml:2:4", "t.yaml:3:1", "t.yaml:4:4"]


def test_a_few_aliases_are_fine_and_keep_their_marks() -> None:
    located = read_yaml_text("chase: &chase Any news?\nlater: [*chase, *chase]\n", "t.yaml")
    assert located.data == {"chase": "Any news?", "later": ["Any news?", "Any news?"]}
    assert located.mark(("later", 1)) == Mark(2, 17)


def test_alias_count_is_capped_exactly() -> None:
    allowed = "a: &a x\nb: [" + ", ".join(["*a"] * MAX_ALIASES) + "]\n"
    assert len(read_yaml_text(allowed, "t.yaml").data["b"]) == MAX_ALIASES
    assert "too many aliases" in problem_of(allowed.replace("]", ", *a]"))
    assert problem_of("a: &a x\nb: *a\n", max_aliases=0).startswith(
        "t.yaml:2:4: aliases (*name) are not allowed in scenario files, a guard against alias bombs")


def test_expansion_is_capped_even_with_few_aliases() -> None:
    wide = "a: &a [" + ",".join(["0"] * 20_000) + "]\n" + "".join(f"b{i}: *a\n" for i in range(MAX_ALIASES))
    assert problem_of(wide).endswith(f"the document holds more than {MAX_VALUES:,} values — a scenario file is far "
                                     "smaller; check that this is the file you meant")


def test_recursive_and_undefined_aliases() -> None:
    assert problem_of("a: &x [1, *x]\n") == ("t.yaml:1:11: the alias *x refers to the value that contains it — a "
                                            "value cannot contain itself; remove the alias")
    assert problem_of("a: *nope\n") == ("t.yaml:1:4: the alias *nope has no anchor &nope before it — define &nope "
                                       "earlier in the file, or write the value out")


def test_merge_keys_work_and_written_keys_win() -> None:
    located = read_yaml_text("base: &b {role: Support, seniority: 2}\n"
                             "cast:\n  - <<: *b\n    seniority: 4\n    id: ana\n", "t.yaml")
    assert located.data["cast"] == [{"role": "Support", "seniority": 4, "id": "ana"}]
    assert located.mark(("cast", 0, "role")) == Mark(1, 17)
    assert located.mark(("cast", 0, "seniority")) == Mark(4, 16)


@pytest.mark.parametrize(("text", "expected"), [
    ("", "t.yaml:1:1: the file is empty"),
    ("# only a comment\n", "t.yaml:1:1: the file is empty"),
    ("---\n", "t.yaml:1:1: the file holds no data (only comments or '---')"),
    ("a: 1\n---\nb: 2\n", "t.yaml:2:1: a second YAML document starts here"),
    ("a: 1\na: 2\n", "t.yaml:2:1: duplicate key 'a' (first at line 1)"),
    ("a: 1\nb: \x07\n", "t.yaml:2:4: a control character (U+0007) that YAML does not allow — remove it"),
    ("a: [1, 2\n", "t.yaml:2:1: YAML syntax error"),
    ("a:\n  b: 1\n c: 2\n", "t.yaml:3:2: YAML syntax error"),
    ("? [a, b]\n: 1\n", "t.yaml:1:3: a key must be a single word or text, not a list or mapping"),
])
def test_small_broken_documents(text: str, expected: str) -> None:
    assert problem_of(text).startswith(expected)


def test_utf16_is_refused_and_a_utf8_bom_is_fine(tmp_path: Path) -> None:
    utf16 = tmp_path / "u16.yaml"
    utf16.write_text("id: x\n", encoding="utf-16")
    with pytest.raises(ScenarioError) as caught:
        read_yaml(utf16)
    assert caught.value.lines() == [f"{utf16}:1:1: the file is UTF-16 text, not UTF-8 — save the scenario file as "
                                    "UTF-8"]
    bom = tmp_path / "bom.yaml"
    bom.write_text("id: x\n", encoding="utf-8-sig")
    located = read_yaml(bom)
    assert located.data == {"id": "x"}
    assert located.mark(("id",), key=True) == Mark(1, 1)


def test_marks_are_one_based_for_keys_and_values(minimal_path: Path) -> None:
    located = read_yaml(minimal_path)
    assert located.mark(("injects", 3, "at")) == Mark(83, 9)
    assert located.mark(("injects", 3, "at"), key=True) == Mark(83, 5)
    assert located.mark(("injects", 3)) == Mark(82, 5)
    assert located.mark(("cast", 1, "knows", 1)) == Mark(23, 19)
    assert located.mark(()) == Mark(2, 1)
    assert located.filename == str(minimal_path)


def test_yaml_1_2_core_scalars() -> None:
    data = read_yaml_text("t: 10:12\nb: [yes, no, on, off, True, false]\nn: [~, null]\ni: [010, 0o10, 0x1f, -3]\n"
                          "f: [1e3, .5, -.inf]\ns: 1_000\n", "t.yaml").data
    assert data["t"] == "10:12"
    assert data["b"] == ["yes", "no", "on", "off", True, False]
    assert data["n"] == [None, None]
    assert data["i"] == [10, 8, 31, -3]
    assert data["f"] == [1000.0, 0.5, float("-inf")]
    assert data["s"] == "1_000"


def test_the_error_type_and_word_follow_the_caller(tmp_path: Path) -> None:
    path = tmp_path / "book.yaml"
    path.write_text("- a\n")
    with pytest.raises(PlaybookError, match="a playbook file is a mapping"):
        read_yaml(path, error=PlaybookError)


def test_paths_that_are_not_files_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        read_yaml(tmp_path / "missing.yaml")
    with pytest.raises(UsageError, match="is a folder"):
        read_yaml(tmp_path)
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match="is not a regular file"):
        read_yaml(fifo)


def test_a_small_cap_applies_to_text_too() -> None:
    assert problem_of("a: " + "x" * 200 + "\n", max_bytes=100).startswith(
        "t.yaml:1:1: the file is 204 bytes, more than the 100 bytes a scenario file may be")


def test_file_marks_count_characters_not_bytes(tmp_path: Path) -> None:
    path = tmp_path / "u.yaml"
    path.write_bytes("title: Café\nowner: Zoë\nbad: é\xff\n".encode("utf-8", "surrogateescape").replace(
        b"\xc3\xbf", b"\xff"))
    with pytest.raises(ScenarioError) as caught:
        read_yaml(path)
    assert caught.value.lines()[0].startswith(f"{path}:3:7: the file is not valid UTF-8 text (byte 0xff)")


def test_nothing_is_written_anywhere(tmp_path: Path) -> None:
    """Reading is pure: the folder holding the file is unchanged afterwards."""
    path = tmp_path / "s.yaml"
    path.write_text(BILLION_LAUGHS)
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(ScenarioError):
        read_yaml(path)
    assert sorted(os.listdir(tmp_path)) == before


def test_pure_python_parser_gives_the_same_data_and_marks(minimal_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml, PyYAML's own parser is used; results must not depend on which one ran."""
    import yaml

    from drills.scenario import _yamlsafe as yamlsafe

    fast = read_yaml(minimal_path)
    monkeypatch.setattr(yamlsafe, "_EventLoader", yaml.BaseLoader)
    slow = read_yaml(minimal_path)
    assert (slow.data, slow.key_marks, slow.value_marks) == (fast.data, fast.key_marks, fast.value_marks)
    assert "too many aliases" in problem_of(BILLION_LAUGHS)
