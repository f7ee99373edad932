"""Front matter of a Markdown candidate: the keys reusecheck reads are type-checked, every error names
the line of the file, and a fence that is opened but never closed is an error, not body text."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reusecheck.cli import app
from reusecheck.documents import load_document
from reusecheck.documents.markdown import split_front_matter
from reusecheck.errors import InputError

BODY = ("The regional library reopened on Monday after a year of repairs to its roof and reading rooms. "
        "Visitors can borrow books again from nine in the morning until seven in the evening.")


def error_of(source: str) -> InputError:
    with pytest.raises(InputError) as caught:
        split_front_matter(source, "cand.md")
    return caught.value


# (id, front matter lines, line of the fault in the file, key, words the message must hold)
WRONG_TYPES = [
    ("source-number", "source: 17\n", 2, "source", ["expected a string (a URL)", "number 17"]),
    ("source-list", "source: [https://a.example.kz/1, https://a.example.kz/2]\n", 2, "source",
     ["expected a string (a URL)", "a list (several URLs go under `sources:`)"]),
    ("source-bool", "title: T\nsource: true\n", 3, "source", ["boolean true"]),
    ("sources-not-a-list", "sources: https://a.example.kz/1\n", 2, "sources",
     ["expected a list of URLs, got a string (write `[url]`"]),
    ("sources-item-number", "sources:\n  - https://a.example.kz/1\n  - 42\n", 4, "sources[1]",
     ["expected a string (a URL)", "number 42"]),
    ("sources-item-mapping", "sources:\n  - {url: https://a.example.kz/1}\n", 3, "sources[0]", ["a mapping"]),
    ("publisher-mapping", "publisher:\n  name: Prairie Wire\n", 2, "publisher", ["expected a string (a name)",
                                                                                "a mapping"]),
    ("publisher-number", "publisher: 2024\n", 2, "publisher", ["number 2024", "quote it"]),
    ("url-bool", "url: false\n", 2, "url", ["boolean false"]),
    ("canonical-list", "canonical: [a, b]\n", 2, "canonical", ["a list"]),
    ("title-date", "title: 2024-03-01\n", 2, "title", ["date 2024-03-01", "quote it"]),
    ("title-float", "\n\ntitle: 1.5\n", 4, "title", ["number 1.5"]),
]


@pytest.mark.parametrize(("name", "front", "line", "key", "needles"), WRONG_TYPES,
                         ids=[case[0] for case in WRONG_TYPES])
def test_a_wrong_type_names_file_line_and_key(name: str, front: str, line: int, key: str,
                                              needles: list[str]) -> None:
    error = error_of(f"---\n{front}---\n{BODY}\n")
    assert (error.path, error.line, error.key) == ("cand.md", line, key)
    assert str(error).startswith(f"cand.md:{line}: {key}: front matter: ")
    for needle in needles:
        assert needle in error.message


def test_the_right_types_are_read() -> None:
    front, body, line = split_front_matter(
        "---\nsource: https://a.example.kz/1\nsources: [https://b.example.kz/2]\npublisher: Prairie Wire\n"
        "url: https://c.example.kz/3\ncanonical: https://c.example.kz/3\ntitle: '1984'\nauthor: 7\n---\n"
        + BODY, "cand.md")
    assert front["title"] == "1984"
    assert front["author"] == 7  # a key reusecheck does not read is not checked
    assert body == BODY and line == 10


def test_a_key_set_to_nothing_counts_as_absent() -> None:
    front, _body, _line = split_front_matter(f"---\nsource:\nsources:\ntitle:\n---\n{BODY}", "cand.md")
    assert front == {"source": None, "sources": None, "title": None}


def test_a_wrong_type_stops_the_check_with_a_clean_error(tmp_path: Path) -> None:
    candidate = tmp_path / "cand.md"
    candidate.write_text(f"---\ntitle: Library\nsource: [https://qazmonitor.com/a]\n---\n{BODY}\n", encoding="utf-8")
    original = tmp_path / "orig.txt"
    original.write_text(BODY + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(candidate), "--original", str(original), "--rules", "qazmonitor"])
    assert result.exit_code == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert f"reusecheck: error: {candidate}:3: source: front matter: expected a string" in result.stderr


# --- errors deep inside the YAML name the line of the file -----------------------------------------


@pytest.mark.parametrize(("front", "line"), [
    ("title: T\npermission:\n  reference: QM-1\n  granted: !!timestamp soon\n", 5),
    ("title: T\nnotes:\n  - a\n  - [b, *missing]\n", 5),
    ("title: T\n\n\nsources:\n  - !custom https://a.example.kz\n", 6),
    ("title: T\nlinks:\n  inner:\n    deeper: value: another\n", 5),
])
def test_yaml_errors_deep_inside_name_the_line_of_the_file(front: str, line: int) -> None:
    error = error_of(f"---\n{front}---\n{BODY}\n")
    assert error.line == line, str(error)
    assert error.message.startswith("front matter: ")


def test_front_matter_that_is_not_a_mapping_names_its_first_line() -> None:
    error = error_of(f"---\n\n- one\n- two\n---\n{BODY}\n")
    assert error.line == 3
    assert "mapping" in error.message


def test_lines_count_from_the_file_with_a_bom_and_crlf() -> None:
    error = error_of(f"\ufeff---\r\ntitle: T\r\nsource: 5\r\n---\r\n{BODY}\r\n")
    assert (error.line, error.key) == (3, "source")


# --- an unclosed fence ---------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [
    f"---\ntitle: Library\nsource: https://qazmonitor.com/a\n\n{BODY}\n",
    f"---\ntitle: Library\nsource: https://qazmonitor.com/a\n{BODY}\n",
    "---\npermission:\n  reference: QM-1\n  granted: 2025-06-01\n",
    f"---  \r\nsource: https://qazmonitor.com/a\r\n\r\n{BODY}\r\n",
    "\ufeff---\ntitle: Library",
    f"---\nUpdate: the library will also open on Sundays.\n\n{BODY}\n",
], ids=["blank-line-then-body", "body-runs-on", "permission-block-to-the-end", "crlf", "bom-no-newline",
        "a-key-like-first-line"])
def test_an_unclosed_fence_is_an_error_on_line_1(source: str) -> None:
    error = error_of(source)
    assert error.line == 1
    assert "front matter opened on line 1 is not closed" in error.message


@pytest.mark.parametrize("source", [
    f"---\n\n{BODY}\n",
    f"---\n{BODY}\n",
    f"---\n\nUpdate: the library will also open on Sundays.\n\n{BODY}\n",
    f"---\nOn Monday: the library reopened.\n{BODY}\n",
    f"---\n- a list item\n- another\n\n{BODY}\n",
    "---\n",
    "---",
], ids=["blank-line", "prose", "key-like-line-after-a-blank-line", "colon-after-two-words", "list", "fence-only",
        "fence-no-newline"])
def test_a_thematic_break_at_the_top_is_body_text(source: str) -> None:
    front, body, line = split_front_matter(source, "cand.md")
    assert front == {} and body == source and line == 1


def test_a_thematic_break_at_the_top_keeps_its_text(tmp_path: Path) -> None:
    path = tmp_path / "cand.md"
    path.write_text(f"---\n\n{BODY}\n", encoding="utf-8")
    assert load_document(path).text.startswith("The regional library reopened")


def test_an_unclosed_fence_stops_the_check(tmp_path: Path) -> None:
    candidate = tmp_path / "cand.md"
    candidate.write_text(f"---\ntitle: Library\nsource: https://qazmonitor.com/a\n\n{BODY}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(candidate), "--original", str(candidate), "--rules",
                                      "qazmonitor"])
    assert result.exit_code == 2
    assert f"reusecheck: error: {candidate}:1: front matter opened on line 1 is not closed" in result.stderr


def test_a_bad_permission_block_names_its_line_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cand.md"
    path.write_text("---\ntitle: A\npermission:\n  reference: QM-1\n  granted: 2026-02-30\n---\n" + BODY,
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_document(path)
    assert (caught.value.line, caught.value.key) == (5, "permission.granted")
    assert "expected a date as YYYY-MM-DD" in caught.value.message
