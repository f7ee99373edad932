"""Hostile or odd YAML in a rule pack, a permission ledger or front matter: a clean error with its line.

All three are read by reusecheck.yamlfile; each case is run through the command line that reads it,
which must exit 2 with "file:line: key: message", never a traceback.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reusecheck.cli import app
from reusecheck.errors import InputError, PermissionFileError, ReusecheckError, RuleFileError
from reusecheck.yamlfile import MAX_DEPTH, parse_yaml

STORY = ("Workers finished the new footbridge over the Ishim river on Thursday, a month ahead of plan. "
         "The city council said the bridge will open to walkers and cyclists at the weekend.")

# (id, a YAML value written after `key: `, words the message must hold)
BAD_VALUES = [
    ("bool-maybe", "!!bool maybe", ["'maybe' is not a valid !!bool"]),
    ("int-abc", "!!int abc", ["'abc' is not a valid !!int"]),
    ("float-x", "!!float x", ["'x' is not a valid !!float"]),
    ("timestamp-nope", "!!timestamp nope", ["'nope' is not a valid !!timestamp"]),
    ("null-abc", "!!null abc", ["'abc' is not a valid !!null"]),
    ("python-name", "!!python/name:os.system", ["tag !!python/name:os.system is not supported"]),
    ("python-apply", '!!python/object/apply:os.system ["ls"]', ["tag !!python/object/apply:os.system"]),
    ("unknown-scalar-tag", "!foo bar", ["tag !foo is not supported"]),
    ("unknown-mapping-tag", "!foo {a: 1}", ["tag !foo is not supported"]),
    ("unknown-list-tag", "!foo [1, 2]", ["tag !foo is not supported"]),
    ("binary-not-base64", "!!binary '@@not base64@@'", ["tag !!binary is not supported"]),
    ("binary", "!!binary aGVsbG8=", ["tag !!binary is not supported"]),
    ("set", "!!set {a, b}", ["tag !!set is not supported"]),
    ("str-tag-on-mapping", "!!str {a: 1}", ["tag !!str is not supported"]),
    ("map-tag-on-scalar", "!!map abc", ["tag !!map is not supported"]),
    ("lone-surrogate", '"before \\ud800 after"', ["lone surrogate"]),
    ("low-surrogate", '"\\udfff"', ["lone surrogate"]),
    ("deep-list-5000", "[" * 5000 + "]" * 5000, [f"nested more than {MAX_DEPTH} deep"]),
    ("deep-list-100000", "[" * 100_000 + "]" * 100_000, [f"nested more than {MAX_DEPTH} deep"]),
    ("deep-mapping-5000", "{a: " * 5000 + "}" * 5000, [f"nested more than {MAX_DEPTH} deep"]),
]


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def assert_clean(code: int, err: str, where: str, needles: list[str]) -> None:
    assert code == 2, err
    assert "Traceback" not in err
    line = next(line for line in err.splitlines() if line.startswith("reusecheck: error: "))
    assert line.startswith(f"reusecheck: error: {where}"), err
    for needle in needles:
        assert needle in line


@pytest.mark.parametrize(("name", "value", "needles"), BAD_VALUES, ids=[case[0] for case in BAD_VALUES])
def test_rule_pack(tmp_path: Path, name: str, value: str, needles: list[str]) -> None:
    pack = tmp_path / f"{name}.yaml"
    pack.write_text(f"id: test-pack\nname: {value}\n", encoding="utf-8")
    code, _out, err = run("rules", "validate", pack)
    assert_clean(code, err, f"{pack}:2: name", needles)


@pytest.mark.parametrize(("name", "value", "needles"), BAD_VALUES, ids=[case[0] for case in BAD_VALUES])
def test_front_matter(tmp_path: Path, name: str, value: str, needles: list[str]) -> None:
    candidate = tmp_path / f"{name}.md"
    candidate.write_text(f"---\ntitle: Footbridge\nnote: {value}\n---\n{STORY}\n", encoding="utf-8")
    original = tmp_path / "orig.txt"
    original.write_text(STORY + "\n", encoding="utf-8")
    code, _out, err = run("check", candidate, "--original", original, "--rules", "qazmonitor")
    assert_clean(code, err, f"{candidate}:3: note", ["front matter: ", *needles])


@pytest.mark.parametrize(("name", "value", "needles"), BAD_VALUES, ids=[case[0] for case in BAD_VALUES])
def test_ledger(tmp_path: Path, name: str, value: str, needles: list[str]) -> None:
    ledger = tmp_path / f"{name}.yaml"
    ledger.write_text(f"permissions:\n  - reference: QM-1\n    granted: 2026-01-05\n    note: {value}\n",
                      encoding="utf-8")
    candidate = tmp_path / "cand.txt"
    candidate.write_text(STORY + "\n", encoding="utf-8")
    code, _out, err = run("check", candidate, "--original", candidate, "--rules", "qazmonitor", "--permissions", ledger)
    assert_clean(code, err, f"{ledger}:4: permissions[0].note", needles)


@pytest.mark.parametrize("error", [RuleFileError, PermissionFileError, InputError])
def test_each_reader_gets_its_own_error_class(error: type[ReusecheckError]) -> None:
    with pytest.raises(error) as caught:
        parse_yaml("a: 1\nb: !!int abc\n", "f.yaml", error)
    assert (caught.value.path, caught.value.line, caught.value.key) == ("f.yaml", 2, "b")


def test_merge_key_is_refused_with_its_line() -> None:
    text = "base: {severity: error}\nrule:\n  <<: {severity: warning}\n  id: cap\n"
    with pytest.raises(RuleFileError) as caught:
        parse_yaml(text, "p.yaml", RuleFileError)
    assert caught.value.line == 3
    assert caught.value.key == "rule.<<"
    assert "merge keys (<<) are not supported" in caught.value.message


def test_merge_key_with_an_alias_is_refused_as_an_alias_at_its_line() -> None:
    # The alias comes first in the stream; either refusal names the line of `<<: *base`.
    text = "base: &base {severity: error}\nrule:\n  <<: *base\n"
    with pytest.raises(RuleFileError) as caught:
        parse_yaml(text, "p.yaml", RuleFileError)
    assert caught.value.line == 3
    assert "not supported" in caught.value.message


def test_alias_is_refused_with_line_and_key() -> None:
    with pytest.raises(RuleFileError) as caught:
        parse_yaml("a: &x [1, 2]\nb:\n  c: *x\n", "p.yaml", RuleFileError)
    assert (caught.value.line, caught.value.key) == (3, "b.c")
    assert "aliases" in caught.value.message


def test_surrogate_in_a_key_is_refused_with_its_line() -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml('title: T\nouter:\n  "k\\ud83d": 1\n', "c.md", InputError)
    assert (caught.value.line, caught.value.key) == (3, "outer")
    assert "lone surrogate" in caught.value.message
    # The message itself must print: no surrogate in it.
    str(caught.value).encode("utf-8")


def test_a_surrogate_pair_escape_is_a_character() -> None:
    data, _lines = parse_yaml('a: "\\U0001F600 \\ud83d\\ude00"\n', "c.md", InputError)
    assert data == {"a": "\U0001f600 \U0001f600"}


def test_deep_block_mappings_name_the_line_past_the_limit() -> None:
    text = "".join(" " * i + f"k{i}:\n" for i in range(300)) + " " * 300 + "leaf\n"
    with pytest.raises(RuleFileError) as caught:
        parse_yaml(text, "p.yaml", RuleFileError)
    assert caught.value.line == MAX_DEPTH + 1
    assert caught.value.key is not None and caught.value.key.startswith("k0.k1.k2")


def test_deep_block_lists_are_refused() -> None:
    with pytest.raises(RuleFileError, match="nested more than") as caught:
        parse_yaml("- " * 5000 + "x\n", "p.yaml", RuleFileError)
    assert caught.value.line == 1


def test_nesting_up_to_the_limit_is_read() -> None:
    depth = MAX_DEPTH
    data, _lines = parse_yaml("[" * depth + "1" + "]" * depth, "p.yaml", RuleFileError)
    for _ in range(depth):
        data = data[0]
    assert data == 1
    with pytest.raises(RuleFileError, match="nested more than"):
        parse_yaml("[" * (depth + 1) + "1" + "]" * (depth + 1), "p.yaml", RuleFileError)


@pytest.mark.parametrize(("text", "needle"), [
    ("true: 1\n", "keys must be strings, not 'true'"),
    ("~: 1\n", "keys must be strings"),
    ("1.5: 1\n", "keys must be strings"),
    ("2026-01-01: 1\n", "keys must be strings"),
    ("? [a, b]\n: 1\n", "keys must be strings, not a list or mapping"),
    ("{a: 1}: 1\n", "keys must be strings"),
])
def test_keys_must_be_strings(text: str, needle: str) -> None:
    with pytest.raises(RuleFileError, match=needle.replace("[", r"\[")) as caught:
        parse_yaml(text, "p.yaml", RuleFileError)
    assert caught.value.line == 1


def test_a_second_document_is_refused() -> None:
    with pytest.raises(RuleFileError, match="second YAML document") as caught:
        parse_yaml("a: 1\n---\nb: 2\n", "p.yaml", RuleFileError)
    assert caught.value.line == 2


def test_duplicate_key_names_the_key_and_line() -> None:
    with pytest.raises(RuleFileError, match="duplicate key 'b'") as caught:
        parse_yaml("a:\n  b: 1\n  b: 2\n", "p.yaml", RuleFileError)
    assert (caught.value.line, caught.value.key) == (3, "a.b")


def test_plain_data_and_fitting_tags_are_read() -> None:
    text = (
        "s: !!str 12\n"
        "i: !!int 12\n"
        "f: !!float 1\n"
        "b: !!bool yes\n"
        "n: !!null ~\n"
        "d: !!timestamp 2026-01-05\n"
        "plain: [1, 0.5, true, null, 2026-01-05, text]\n"
        "anchored: &x kept\n"
        "merge_sign_as_a_value: <<\n"
        "bad_date: 2026-02-30\n"
        "nested: !!map {list: !!seq [a]}\n"
        "? question\n"
        ": mark\n"
    )
    data, lines = parse_yaml(text, "p.yaml", RuleFileError)
    assert data == {
        "s": "12", "i": 12, "f": 1.0, "b": True, "n": None, "d": dt.date(2026, 1, 5),
        "plain": [1, 0.5, True, None, dt.date(2026, 1, 5), "text"], "anchored": "kept",
        "merge_sign_as_a_value": "<<", "bad_date": "2026-02-30", "nested": {"list": ["a"]}, "question": "mark",
    }
    assert isinstance(data["f"], float)
    assert lines[("plain", 4)] == 7
    assert lines[("nested", "list", 0)] == 11
    assert lines[("question",)] == 12


def test_empty_file_and_empty_document() -> None:
    with pytest.raises(RuleFileError, match="the file is empty"):
        parse_yaml("# just a comment\n", "p.yaml", RuleFileError)
    assert parse_yaml("---\n", "p.yaml", RuleFileError)[0] is None


def test_syntax_error_names_its_line() -> None:
    with pytest.raises(RuleFileError, match="not valid YAML") as caught:
        parse_yaml("a: 1\nb: [unclosed\nc: 3\n", "p.yaml", RuleFileError)
    assert caught.value.line is not None and caught.value.line >= 2


def test_import_order_does_not_matter() -> None:
    """reusecheck.yamlfile imported first, before reusecheck.documents, must not be a circular import."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", "import reusecheck.yamlfile"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
