"""The command line's conventions: short flags, one pack per run, quiet output, batches with bad files,
warnings that are said, and names that cannot drive the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from test_cli import ORIGINAL_HTML, SCHEMA, SENTENCES, URL, own, run, write_candidate

import reusecheck
from reusecheck.documents import Document
from reusecheck.matching import compare as match

GENTLE = """\
id: gentle
name: Gentle Monitor
terms:
  url: https://qazmonitor.com/
  clause: Please link to the original source.
applies_to:
  domains: [qazmonitor.com]
rules:
  - id: link
    kind: hyperlink
    severity: warning
    clause: Please link to the original source.
"""


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    (tmp_path / "original.html").write_text(ORIGINAL_HTML, encoding="utf-8")
    link = f"[the original]({URL})"
    write_candidate(tmp_path, "ok.md", f"As reported in {link}: {SENTENCES[0]} {SENTENCES[1]}\n\n{own(6)}")
    write_candidate(tmp_path, "nolink.md", f"{SENTENCES[2]} {SENTENCES[3]} {SENTENCES[4]}\n\n{own(6)}")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    return tmp_path


def test_short_o_is_output_and_original_has_no_short_flag(tree: Path) -> None:
    out = tree / "report.json"
    code, stdout, _err = run("check", "ok.md", "--original", "original.html", "-f", "json", "-o", out, cwd=tree)
    assert code == 0 and stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["verdict"] == "compliant"
    # The old meaning of -o: an original. Now it names the output, so --original is missing.
    code, _stdout, err = run("check", "ok.md", "-o", "original.html", cwd=tree)
    assert code == 2 and "--original" in err
    assert (tree / "original.html").read_text(encoding="utf-8") == ORIGINAL_HTML


def test_repeated_rules_is_an_error(tree: Path) -> None:
    code, out, err = run("check", "ok.md", "--original", "original.html", "--rules", "qazmonitor",
                         "--rules", "steppe-courier", cwd=tree)
    assert code == 2 and out == ""
    assert "--rules given 2 times" in err and "qazmonitor, steppe-courier" in err


def test_rules_that_do_not_cover_the_original_warn_and_name_its_publisher(tree: Path) -> None:
    code, out, _err = run("check", "ok.md", "--original", "original.html", "--rules", "steppe-courier", cwd=tree)
    assert code in (0, 1)
    assert "WARNING" in out and "does not cover this original" in out
    # The pair names the original's own publisher (from its URL), not the pack's.
    assert "against original.html (The Qazaqstan Monitor; rules: steppe-courier of The Steppe Courier, " \
           "which do not cover this original)" in out
    code, out, _err = run("check", "ok.md", "--original", "original.html", "--rules", "steppe-courier",
                          "-f", "json", cwd=tree)
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    pair = data["candidates"][0]["originals"][0]
    assert pair["publisher"] == "The Qazaqstan Monitor"
    assert pair["rules"]["id"] == "steppe-courier" and pair["rules"]["applies_to_original"] is False
    assert data["summary"]["warnings"] == 1
    assert "rule pack 'steppe-courier'" in data["candidates"][0]["warnings"][0]["message"]


def test_rules_that_cover_the_original_do_not_warn(tree: Path) -> None:
    _code, out, _err = run("check", "ok.md", "--original", "original.html", "--rules", "qazmonitor", cwd=tree)
    assert "WARNING" not in out
    assert "against original.html (The Qazaqstan Monitor; rules: qazmonitor)" in out


def test_one_unreadable_candidate_does_not_hide_the_others(tree: Path) -> None:
    code, out, err = run("check", "ok.md", "binary.txt", "nolink.md", "missing.md", "--original", "original.html",
                         cwd=tree)
    assert code == 2
    assert out.startswith("ERROR: 2 inputs could not be checked; 1 of 2 checked candidates break")
    assert "ERROR  binary.txt: binary file" in out and "ERROR  missing.md: no such file" in out
    assert "COMPLIANT  ok.md" in out and "VIOLATION  nolink.md" in out
    assert "binary.txt: binary file" in err and "missing.md: no such file" in err
    code, out, _err = run("check", "ok.md", "binary.txt", "nolink.md", "--original", "original.html", "-f", "json",
                          cwd=tree)
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert code == 2 and data["verdict"] == "error"
    assert data["summary"] == {"candidates": 3, "checked": 2, "violations": 1, "errors": 1, "warnings": 0}
    assert [(e["source"], e["role"]) for e in data["errors"]] == [("binary.txt", "candidate")]
    assert "binary file" in data["errors"][0]["message"]
    assert [c["verdict"] for c in data["candidates"]] == ["compliant", "violation"]


def test_an_unreadable_original_does_not_hide_the_others(tree: Path) -> None:
    code, out, _err = run("check", "ok.md", "--original", "original.html", "--original", "binary.txt",
                          "-f", "json", cwd=tree)
    data = json.loads(out)
    assert code == 2 and data["errors"][0]["role"] == "original"
    assert data["candidates"][0]["verdict"] == "compliant"


def test_quiet_prints_the_verdict_line_only(tree: Path) -> None:
    code, out, _err = run("check", "ok.md", "nolink.md", "--original", "original.html", "-q", cwd=tree)
    assert code == 1 and out == "VIOLATION: 1 of 2 candidates breaks the reuse terms\n"
    code, out, err = run("check", "ok.md", "binary.txt", "--original", "original.html", "--quiet", cwd=tree)
    assert code == 2 and out == "ERROR: 1 input could not be checked; 1 checked candidate within the reuse terms\n"
    assert "binary.txt" in err


def test_warnings_are_counted_in_the_headline(tree: Path) -> None:
    (tree / "gentle.yaml").write_text(GENTLE, encoding="utf-8")
    code, out, _err = run("check", "nolink.md", "--original", "original.html", "--rules", "gentle.yaml", cwd=tree)
    assert code == 0
    assert out.splitlines()[0] == "COMPLIANT: 1 candidate within the reuse terms, with 1 warning"
    code, out, _err = run("check", "nolink.md", "--original", "original.html", "--rules", "gentle.yaml", "-q",
                          "-f", "json", cwd=tree)
    assert json.loads(out)["summary"]["warnings"] == 1


@pytest.mark.parametrize("value", ["0", "51", "100000"])
def test_min_words_is_bounded(tree: Path, value: str) -> None:
    code, _out, err = run("compare", "ok.md", "--original", "original.html", "--min-words", value, cwd=tree)
    assert code == 2 and "--min-words" in err


def test_compare_accepts_several_candidates(tree: Path) -> None:
    code, out, _err = run("compare", "ok.md", "nolink.md", "--original", "original.html", "-f", "json", cwd=tree)
    assert code == 0
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert [c["candidate"]["source"] for c in data["comparisons"]] == ["ok.md", "nolink.md"]
    assert data["summary"] == {"candidates": 2, "compared": 2, "errors": 0}
    code, out, err = run("compare", "ok.md", "binary.txt", "nolink.md", "--original", "original.html", cwd=tree)
    assert code == 2 and "binary.txt" in err
    assert out.startswith("ERROR  binary.txt: binary file") and "ok.md:" in out and "nolink.md:" in out
    code, out, _err = run("compare", "ok.md", "nolink.md", "--original", "original.html", "-q", cwd=tree)
    assert len(out.splitlines()) == 2


def test_one_candidate_compare_keeps_its_shape(tree: Path) -> None:
    _code, out, _err = run("compare", "ok.md", "--original", "original.html", "-f", "json", cwd=tree)
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert data["candidate"]["source"] == "ok.md" and "comparisons" not in data


HOSTILE = ["evil\x1b[31mred\x1b[0m.md", "evil\u202etxt.md", "bell\x07.md", "line\nbreak.md"]


@pytest.mark.parametrize("name", HOSTILE)
def test_control_characters_in_names_never_reach_the_terminal(tree: Path, name: str) -> None:
    write_candidate(tree, name, f"{SENTENCES[2]} {SENTENCES[3]} {SENTENCES[4]}\n\n{own(6)}")
    for args in (["check", name, "--original", "original.html"], ["compare", name, "--original", "original.html"],
                 ["check", name, "missing\x1b[2J.md", "--original", "original.html"]):
        _code, out, err = run(*args, cwd=tree)
        for raw in ("\x1b", "\u202e", "\x07"):
            assert raw not in out + err, (args, raw)
        assert "\ufffd" in out


def test_control_characters_in_a_pack_name_are_shown_safely(tree: Path) -> None:
    (tree / "loud.yaml").write_text(GENTLE.replace("name: Gentle Monitor", 'name: "Loud\\e[5m Monitor\\u202e"'),
                                    encoding="utf-8")
    _code, out, err = run("check", "nolink.md", "--original", "original.html", "--rules", "loud.yaml",
                          "--original", "ok.md", cwd=tree)
    assert "\x1b" not in out + err and "\u202e" not in out + err


def test_errors_name_no_flag_in_the_api_and_the_flag_on_the_command_line(tree: Path) -> None:
    big = tree / "big.txt"
    big.write_text("word " * 2000, encoding="utf-8")
    assert (tree / "original.html").stat().st_size < 5000
    report = reusecheck.check([big], [tree / "original.html"], max_bytes=5000)
    (problem,) = report.errors
    assert "--" not in problem.message and problem.option == "max_bytes"
    code, _out, err = run("check", "big.txt", "--original", "original.html", "--max-bytes", "5000", cwd=tree)
    assert code == 2 and "--max-bytes" in err


def test_api_compare_functions_take_the_candidate_first(tree: Path) -> None:
    original = Document.from_text(ORIGINAL_HTML, "html", source="original.html")
    candidate = Document.from_text(" ".join(SENTENCES[:5]) + " " + own(3), source="cand.txt")
    low = match(candidate, original)
    high = reusecheck.compare(candidate, [original]).originals[0].overlap
    assert low.share_of_original == high.share_of_original > 0.3
    # The share of the candidate is the candidate's: swapping the arguments would change it.
    assert low.share_of_candidate != match(original, candidate).share_of_candidate


def test_document_from_text_keeps_links_by_format() -> None:
    md = Document.from_text(f"---\npublisher: Prairie Wire\n---\nSee [the story]({URL}) for more.", "md")
    assert [link.href for link in md.links] == [URL] and md.publisher == "Prairie Wire"
    html = Document.from_text(f'<p>See <a href="{URL}">the story</a> for more.</p>', "html")
    assert [link.href for link in html.links] == [URL]
    plain = Document.from_text(f"See [the story]({URL}) for more.")
    assert plain.links and plain.links[0].syntax == "bare-url"
    with pytest.raises(reusecheck.errors.UsageError, match="unknown format 'pdf'"):
        Document.from_text("text", "pdf")


def test_rules_validate_lists_every_error_in_line_order(tmp_path: Path) -> None:
    (tmp_path / "two.yaml").write_text(GENTLE.replace("name: Gentle Monitor", "name: Gentle Monitor\ncolour: red")
                                       + "  - id: link\n    kind: hyperlink\n    clause: Again.\n", encoding="utf-8")
    (tmp_path / "good.yaml").write_text(GENTLE, encoding="utf-8")
    code, out, err = run("rules", "validate", "two.yaml", "good.yaml", cwd=tmp_path)
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("reusecheck: error: two.yaml:3: colour: unknown key 'colour'")
    assert lines[1].startswith("reusecheck: error: two.yaml:14: rules[1].id: duplicate rule id 'link'")
    assert out == "good.yaml: valid (gentle, 1 rules)\n"


def test_an_unknown_encoding_is_one_usage_error_not_one_per_file(tree: Path) -> None:
    code, out, err = run("check", "ok.md", "nolink.md", "--original", "original.html", "--encoding", "undefined",
                         cwd=tree)
    assert code == 2 and out == ""
    assert err.splitlines() == ["reusecheck: error: unknown encoding 'undefined' (see --encoding)"]
