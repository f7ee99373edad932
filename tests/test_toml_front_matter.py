"""TOML front matter between `+++` lines is read as YAML front matter is: the same keys, type checks and
lines of the file, a permission table that waives rules, and no words counted from it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from reusecheck import api
from reusecheck.ci import load_archive, resolve
from reusecheck.documents import load_document
from reusecheck.documents.markdown import read_front_matter, split_front_matter
from reusecheck.documents.model import Document
from reusecheck.errors import InputError
from reusecheck.report import Report

ROOT = Path(__file__).parents[1]
ORIGINAL = ROOT / "examples" / "originals" / "rail-link.html"
PERMITTED = ROOT / "examples" / "candidates" / "full-copy-permitted.md"
LEDGER = ROOT / "examples" / "permissions.yaml"
ARTICLE = "https://www.steppecourier.example/news/2026/11/rail-link-opens"
CHECKED_ON = dt.date(2026, 11, 27)

BODY = ("The district museum opened a new hall of felt carpets on Friday after two winters of restoration. "
        "Weavers from three villages showed visitors how the patterns are pressed by hand.")


def error_of(source: str) -> InputError:
    with pytest.raises(InputError) as caught:
        read_front_matter(source, "cand.md")
    return caught.value


def toml_copy(yaml_file: Path, permission: str = "") -> str:
    """A candidate with its YAML front matter written as TOML, and an optional permission table."""
    raw = yaml_file.read_text(encoding="utf-8")
    front, body, _line = split_front_matter(raw, str(yaml_file))
    lines = [f"{key} = {_toml_string(value)}" for key, value in front.items()]
    return "+++\n" + "\n".join(lines) + "\n" + permission + "+++\n" + body


def _toml_string(value: object) -> str:
    assert isinstance(value, str)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def failing(report: Report) -> set[tuple[str, str, str | None]]:
    (candidate,) = report.candidates
    assert not report.errors
    return {(f.rule, f.status, f.permission) for checked in candidate.originals for f in checked.findings}


# --- the keys reusecheck reads ---------------------------------------------------------------------------


def test_the_keys_are_read_with_their_lines() -> None:
    source = ("+++\n"
              'title = "Felt hall opens"\n'
              f'source = "{ARTICLE}"\n'
              "sources = [\n"
              '  "https://b.example.kz/2",\n'
              '  "https://c.example.kz/3",\n'
              "]\n"
              'publisher = "Prairie Wire"\n'
              'url = "https://www.prairiewire.example/felt-hall"\n'
              "author = 7\n"
              "+++\n" + BODY + "\n")
    front = read_front_matter(source, "cand.md")
    assert front.data["title"] == "Felt hall opens"
    assert front.data["sources"] == ["https://b.example.kz/2", "https://c.example.kz/3"]
    assert front.data["author"] == 7  # a key reusecheck does not read is not checked
    assert front.key_lines == {"title": 2, "source": 3, "sources": 4, "publisher": 8, "url": 9, "author": 10}
    assert front.body == BODY + "\n" and front.body_line == 12
    doc = Document.from_text(source, "md", source="cand.md")
    assert doc.declared_sources == (ARTICLE, "https://b.example.kz/2", "https://c.example.kz/3")
    assert doc.publisher == "Prairie Wire"
    assert doc.url == "https://www.prairiewire.example/felt-hall"
    assert doc.title == "Felt hall opens"


def test_canonical_is_the_url_when_url_is_absent() -> None:
    doc = Document.from_text(f'+++\ncanonical = "{ARTICLE}"\n+++\n{BODY}\n', "md")
    assert doc.url == ARTICLE


def test_tables_and_dotted_keys_name_their_top_level_key() -> None:
    source = ('+++\nsite.section = "culture"\n\n[extra]\nnote = "x"\n[[aliases]]\npath = "/a"\n+++\n' + BODY)
    front = read_front_matter(source, "cand.md")
    assert front.data == {"site": {"section": "culture"}, "extra": {"note": "x"}, "aliases": [{"path": "/a"}]}
    assert front.key_lines == {"site": 2, "extra": 4, "aliases": 6}


def test_a_key_line_inside_a_multi_line_string_is_text() -> None:
    source = ('+++\nnotes = """\nsource = 5\n"""\n' + f'source = "{ARTICLE}"\n+++\n{BODY}')
    front = read_front_matter(source, "cand.md")
    assert front.data["notes"] == "source = 5\n"
    assert front.key_lines == {"notes": 2, "source": 5}


def test_an_empty_block_is_no_front_matter() -> None:
    front = read_front_matter(f"+++\n+++\n{BODY}", "cand.md")
    assert (front.data, front.body, front.body_line, front.key_lines) == ({}, BODY, 3, {})


def test_an_original_with_toml_url_resolves_a_declared_source(tmp_path: Path) -> None:
    originals = tmp_path / "originals"
    originals.mkdir()
    (originals / "museum.md").write_text(f'+++\nurl = "https://a.example.kz/museum"\n+++\n{BODY}\n',
                                         encoding="utf-8")
    archive = load_archive([originals])
    found = Document.from_text(f'+++\nsource = "https://a.example.kz/museum"\n+++\n{BODY}\n', "md")
    mistyped = Document.from_text(f'+++\nsource = "https://a.example.kz/musuem"\n+++\n{BODY}\n', "md")
    # Sources are named relative to the current folder when inside it: compare the files themselves.
    assert [Path(doc.source).resolve() for doc in resolve(found, archive)[0]] == [(originals / "museum.md").resolve()]
    assert resolve(found, archive)[1] == []
    assert resolve(mistyped, archive)[1] == ["https://a.example.kz/musuem"]


# --- a permission table waives a rule as the ledger does ------------------------------------------------

PERMISSION_TABLE = ("\n[permission]\n"
                    'publisher = "steppe-courier"\n'
                    f'article = "{ARTICLE}"\n'
                    'reference = "SC-2026-0412"\n'
                    "granted = 2026-11-13\n"
                    "expires = 2031-11-13\n")
PERMISSION_INLINE = ('permission = { reference = "SC-2026-0412", granted = 2026-11-13, '
                     'expires = 2031-11-13 }\n')


@pytest.mark.parametrize("permission", [PERMISSION_TABLE, PERMISSION_INLINE], ids=["table", "inline-table"])
def test_a_permission_table_waives_what_the_ledger_waives(tmp_path: Path, permission: str) -> None:
    candidate = tmp_path / "full-copy-permitted.md"
    candidate.write_text(toml_copy(PERMITTED, permission), encoding="utf-8")
    by_ledger = api.check([PERMITTED], [ORIGINAL], permissions=LEDGER, today=CHECKED_ON)
    by_table = api.check([candidate], [ORIGINAL], today=CHECKED_ON)
    assert by_table.verdict == by_ledger.verdict == "compliant"
    assert failing(by_table) == failing(by_ledger)
    assert ("full-republication", "pass", "SC-2026-0412") in failing(by_table)
    front = by_table.candidates[0].comparison.candidate.front_matter
    assert front["permission"]["granted"] == dt.date(2026, 11, 13)


def test_without_the_table_the_toml_copy_fails_as_the_yaml_one(tmp_path: Path) -> None:
    candidate = tmp_path / "full-copy-permitted.md"
    candidate.write_text(toml_copy(PERMITTED), encoding="utf-8")
    toml = api.check([candidate], [ORIGINAL], today=CHECKED_ON)
    yaml = api.check([PERMITTED], [ORIGINAL], today=CHECKED_ON)
    assert toml.verdict == yaml.verdict == "violation"
    assert failing(toml) == failing(yaml)
    assert toml.candidates[0].comparison.candidate.words == yaml.candidates[0].comparison.candidate.words


def test_an_expired_permission_table_waives_nothing(tmp_path: Path) -> None:
    candidate = tmp_path / "cand.md"
    candidate.write_text(toml_copy(PERMITTED, PERMISSION_TABLE.replace("2031-11-13", "2026-11-20")),
                         encoding="utf-8")
    report = api.check([candidate], [ORIGINAL], today=CHECKED_ON)
    assert report.verdict == "violation"
    assert ("full-republication", "fail", "SC-2026-0412") in failing(report)


# --- type errors and TOML syntax errors name the line of the file -----------------------------------------

# (id, front matter lines, line of the fault in the file, key, words the message must hold)
WRONG_TYPES = [
    ("source-number", "source = 17\n", 2, "source", ["expected a string (a URL)", "number 17"]),
    ("source-list", 'title = "T"\nsource = ["https://a.example.kz/1", "https://a.example.kz/2"]\n', 3, "source",
     ["a list (several URLs go under `sources = ["]),
    ("source-bool", "\n\nsource = true\n", 4, "source", ["boolean true"]),
    ("sources-not-a-list", 'sources = "https://a.example.kz/1"\n', 2, "sources",
     ['expected a list of URLs, got a string (write `sources = ["url"]`']),
    ("sources-item-number", 'sources = [\n  "https://a.example.kz/1",\n\n  42,\n]\n', 5, "sources[1]",
     ["expected a string (a URL)", "number 42"]),
    ("sources-item-inline-table", 'sources = [{url = "https://a.example.kz/1"}]\n', 2, "sources[0]", ["a mapping"]),
    ("publisher-table", 'title = "T"\n\n[publisher]\nname = "Prairie Wire"\n', 4, "publisher",
     ["expected a string (a name)", "a mapping"]),
    ("url-bool", "url = false\n", 2, "url", ["boolean false"]),
    ("canonical-float", "canonical = 1.5\n", 2, "canonical", ["number 1.5"]),
    ("title-date", "title = 2026-11-13\n", 2, "title", ["date 2026-11-13", "quote it"]),
    ("title-time", "title = 07:30:00\n", 2, "title", ["time 07:30:00", "quote it"]),
    ("permission-date", '[permission]\nreference = "SC-1"\ngranted = "2026-02-30"\n', 4, "permission.granted",
     ["expected a date as YYYY-MM-DD"]),
    ("permission-unknown-key", '[permission]\nreference = "SC-1"\ngranted = 2026-11-13\ngrantee = "X"\n', 5,
     "permission.grantee", ["unknown key 'grantee'"]),
    ("permission-missing", '\n[permission]\nreference = "SC-1"\n', 3, "permission", ["'granted' is required"]),
    ("permission-inline", 'title = "T"\npermission = { reference = 4.5, granted = 2026-11-13 }\n', 3,
     "permission.reference", ["expected a string"]),
    ("permission-dotted", 'permission.reference = "SC-1"\npermission.granted = 2026-11-13\n'
     "permission.expires = 2026-01-01\n", 4, "permission.expires", ["expires is before granted"]),
]


@pytest.mark.parametrize(("name", "front", "line", "key", "needles"), WRONG_TYPES,
                         ids=[case[0] for case in WRONG_TYPES])
def test_a_wrong_type_names_file_line_and_key(name: str, front: str, line: int, key: str,
                                              needles: list[str]) -> None:
    error = error_of(f"+++\n{front}+++\n{BODY}\n")
    assert (error.path, error.line, error.key) == ("cand.md", line, key)
    assert str(error).startswith(f"cand.md:{line}: {key}: front matter: ")
    for needle in needles:
        assert needle in error.message


@pytest.mark.parametrize(("front", "line", "column", "reason"), [
    ('title = "T"\nsource = \n', 3, 10, "Invalid value"),
    ('title = "T"\ntitle = "U"\n', 3, 12, "Cannot overwrite a value"),
    ('title = "T"\n\nsource: https://a.example.kz/1\n', 4, 7, "Expected '=' after a key"),
    ('\ntitle = "unterminated\n', 3, 22, "Illegal character"),
], ids=["no-value", "duplicate-key", "yaml-in-toml", "unterminated-string"])
def test_a_toml_syntax_error_names_the_line_of_the_file(front: str, line: int, column: int, reason: str) -> None:
    error = error_of(f"+++\n{front}+++\n{BODY}\n")
    assert error.line == line, str(error)
    assert error.message.startswith(f"front matter: not valid TOML: {reason}")
    assert error.message.endswith(f"(column {column})")
    assert "at line" not in error.message  # the line of the block would mislead: the file's line is given


def test_a_toml_error_at_the_end_of_the_block_names_the_closing_fence() -> None:
    error = error_of(f'+++\ntitle = "T"\nsources = [\n  "https://a.example.kz/1",\n+++\n{BODY}\n')
    assert error.line == 5
    assert error.message.endswith("(at the end of the front matter)")


@pytest.mark.parametrize(("front", "line", "words"), [
    ('title = "T"\n' + ".".join(["part"] * 101) + " = 1\n", 3, "a key nested more than 100 deep"),
    ('title = "T"\n\n[' + ".".join(['"part"'] * 5000) + "]\n", 4, "a key nested more than 100 deep"),
    ("sources = " + "[" * 5000 + "]" * 5000 + "\n", 2, "nested too deeply"),
], ids=["dotted-key", "table-header", "arrays"])
def test_front_matter_nested_too_deep_is_refused(front: str, line: int, words: str) -> None:
    error = error_of(f"+++\n{front}+++\n{BODY}\n")
    assert error.line == line and words in error.message


def test_a_key_of_a_hundred_parts_is_read() -> None:
    front = read_front_matter("+++\n" + ".".join(["part"] * 100) + f" = 1\n+++\n{BODY}", "cand.md")
    assert front.key_lines == {"part": 2}


def test_a_wrong_type_stops_the_check_with_a_clean_error(tmp_path: Path) -> None:
    candidate = tmp_path / "cand.md"
    candidate.write_text(f'+++\ntitle = "Felt"\nsource = ["{ARTICLE}"]\n+++\n{BODY}\n', encoding="utf-8")
    report = api.check([candidate], [ORIGINAL])
    (problem,) = report.errors
    assert f"{candidate}:3: source: front matter: expected a string" in str(problem)


# --- an unclosed fence ------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [
    f'+++\ntitle = "Felt"\nsource = "{ARTICLE}"\n\n{BODY}\n',
    f'+++\nsource = "{ARTICLE}"\n{BODY}\n',
    '+++\n[permission]\nreference = "SC-1"\ngranted = 2026-11-13\n',
    f'+++  \r\nsource = "{ARTICLE}"\r\n\r\n{BODY}\r\n',
    '\ufeff+++\ntitle = "Felt"',
    "+++",
    f"+++\n{BODY}\n---\n",
    f'+++\ntitle = "Felt"\n++++\n{BODY}\n',
], ids=["blank-line-then-body", "body-runs-on", "permission-table-to-the-end", "crlf", "bom-no-newline",
        "fence-only", "prose", "four-plus-signs"])
def test_an_unclosed_fence_is_an_error_on_line_1(source: str) -> None:
    error = error_of(source)
    assert error.line == 1
    assert "front matter opened on line 1 with '+++' is not closed" in error.message


def test_plus_signs_after_the_first_line_are_body_text() -> None:
    source = f"{BODY}\n+++\n"
    assert read_front_matter(source, "cand.md").body == source
    assert read_front_matter(f"++++\n{BODY}", "cand.md").body.startswith("++++")


# --- CRLF, a byte order mark, and the lines the Document points at ------------------------------------------


def test_crlf_file_with_a_bom_keeps_its_lines(tmp_path: Path) -> None:
    raw = (f'\ufeff+++\r\ntitle = "Felt"\r\n\r\nsource = "{ARTICLE}"\r\n[permission]\r\nreference = "SC-1"\r\n'
           f"granted = 2026-11-13\r\n+++\r\n{BODY}\r\n")
    front = read_front_matter(raw, "cand.md")
    assert front.data["title"] == "Felt" and front.data["permission"]["granted"] == dt.date(2026, 11, 13)
    assert front.key_lines == {"title": 2, "source": 4, "permission": 5}
    assert front.body_line == 9 and front.body == f"{BODY}\r\n"
    error = error_of(raw.replace('"SC-1"', "[1]"))
    assert (error.line, error.key) == (6, "permission.reference")
    error = error_of(raw.replace("granted = 2026", "granted == 2026"))
    assert error.line == 7 and "not valid TOML" in error.message


def test_front_matter_words_are_not_article_words(tmp_path: Path) -> None:
    path = tmp_path / "cand.md"
    path.write_text(f'+++\ntitle = "Felt hall opens"\npublisher = "Prairie Wire"\nsource = "{ARTICLE}"\n'
                    f"+++\n{BODY}\n", encoding="utf-8")
    doc = load_document(path)
    plain = Document.from_text(BODY + "\n", "md")
    assert doc.words == plain.words
    assert doc.text == plain.text
    assert "Prairie" not in doc.text and "+++" not in doc.text


def test_regions_and_head_region_point_into_the_file(tmp_path: Path) -> None:
    for newline in ("\n", "\r\n"):
        path = tmp_path / "cand.md"
        lines = ["+++", 'title = "Felt hall opens"', "", f'source = "{ARTICLE}"', 'publisher = "Prairie Wire"',
                 "+++", "", "## Felt hall", "", BODY]
        path.write_bytes(newline.join(lines).encode("utf-8") + newline.encode("utf-8"))
        doc = load_document(path)
        assert doc.front_lines == {"title": 2, "source": 4, "publisher": 5}
        head = doc.head_region("source")
        assert (head.start_line, head.start_column, head.end_line) == (4, 1, 4)
        assert head.end_column == len(lines[3]) + 1
        assert doc.head_region("canonical", "publisher").start_line == 5
        word = re.search(r"\bWeavers\b", doc.text)
        assert word is not None
        region = doc.region(word.start(), word.end())
        column = BODY.index("Weavers") + 1
        assert (region.start_line, region.start_column, region.end_line, region.end_column) == (
            10, column, 10, column + len("Weavers"))
        heading = doc.region(doc.text.index("Felt hall"), doc.text.index("Felt hall") + len("Felt hall"))
        assert (heading.start_line, heading.start_column) == (8, 4)
