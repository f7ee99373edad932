"""The Markdown job summary, read back with a Markdown parser: tables hold exactly the text they should."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from reusecheck import api
from reusecheck.formats import summary
from reusecheck.formats.located import located, relative
from reusecheck.report import Report

TODAY = dt.date(2026, 11, 28)
URL = "https://www.mountainpost.example/stories/glacier-lake"
STORY = [
    "A lake that formed under the glacier above the valley has grown so large that engineers will dig a "
    "channel this summer to let the water out slowly before it can burst through the ice.",
    "Families in the three villages below the glacier have been told to keep a bag packed and to learn the "
    "signal of the sirens that were installed along the river last autumn.",
    "The work will take about six weeks, and the road over the pass will be closed to tourists while heavy "
    "machinery is carried up to the lake by helicopter.",
]
OWN = ["The mountains are restless this year.", "We spoke to a shepherd who remembers the last flood.",
       "More on the channel works in our next issue."]
PACK = """id: mountain-post
name: Mountain Post
terms:
  url: https://www.mountainpost.example/terms
  clause: A third of a story may be reused with a link.
applies_to:
  domains: [mountainpost.example]
rules:
  - id: third
    kind: max-share
    clause: A third of a story may be reused
    options:
      max_share_of_original: 0.4
  - id: link
    kind: hyperlink
    severity: warning
    clause: with a link
"""
AWKWARD = [
    "plain words", "a | pipe", "<script>alert(1)</script>", "&amp; entity & ampersand", "*stars* and _under_",
    "`code` and [link](https://x.example) ![img](y.png)", "# heading-like", "1. numbered", "2) numbered",
    "- dash", "+ plus", "> quote", "=== rule", "~~struck~~ $x^2$", "back\\slash \\| both", "üñíçødé 中文",
    "line one\nline two",
]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def draft(copied: list[str], link: bool = False) -> str:
    opening = OWN[0] + (f" The [Post has the story]({URL})." if link else "")
    return "\n\n".join([opening, *copied, *OWN[1:]]) + "\n"


def check(root: Path, candidates: list[Path], original: str = "originals/glacier.html") -> Report:
    body = "".join(f"<p>{p}</p>" for p in STORY)
    page = write(root, original, f'<html><head><link rel="canonical" href="{URL}"></head><body><article>'
                                 f"<h1>Glacier lake</h1>{body}</article></body></html>")
    return api.check(candidates, [page], rules=write(root, "rules/post.yaml", PACK), today=TODAY)


def parse(markdown: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(markdown)


def plain(token: Token) -> str:
    """The text a reader sees in an inline token; any markup other than text fails the test."""
    parts = []
    for child in token.children or []:
        assert child.type in ("text", "softbreak"), f"markup in {token.content!r}: {child.type}"
        parts.append(child.content if child.type == "text" else " ")
    return "".join(parts)


def tables(markdown: str) -> dict[str, list[list[str]]]:
    """Each table's rows of cell texts (the header row first), keyed by the heading above it."""
    found: dict[str, list[list[str]]] = {}
    tokens = parse(markdown)
    heading = ""
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = plain(tokens[index + 1])
        elif token.type == "tr_open":
            found.setdefault(heading, []).append([])
        elif token.type == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            found[heading][-1].append(plain(token))
    return found


def flat(text: str) -> str:
    return " ".join(text.split())


def test_heading_and_tables_carry_the_report(tmp_path: Path) -> None:
    over = write(tmp_path, "drafts/over.md", draft(STORY[:2]))
    fine = write(tmp_path, "drafts/fine.md", draft(STORY[:1], link=True))
    report = check(tmp_path, [fine, over, tmp_path / "drafts" / "lost.md"])
    markdown = summary.render(report, tmp_path)
    tokens = parse(markdown)
    assert tokens[0].type == "heading_open" and tokens[0].tag == "h2"
    assert "violation" not in plain(tokens[1]) and "could not be judged" in plain(tokens[1])
    assert "1 of 3 candidates violate" in markdown and "1 input error" in markdown
    found = tables(markdown)
    candidates = found["Candidates"]
    assert candidates[0] == ["Candidate", "Verdict", "Reused share", "Originals used"]
    expected = {(relative(r.comparison.candidate.source, tmp_path), r.verdict,
                 f"{r.comparison.share_of_candidate * 100:.1f}%", "originals/glacier.html")
                for r in report.candidates}
    assert {tuple(row) for row in candidates[1:]} == expected
    assert candidates[1][1] == "violation", "violations first"
    rows = [r for r in located(report) if r.kind != "input-error"]
    findings = found["Findings"]
    assert findings[1:] == [[f"{relative(r.path, tmp_path)}:{r.region.start_line}", r.rule_id, r.severity,
                             flat(r.message), flat(r.fix or "")] for r in rows]
    assert {r.rule_id for r in rows} == {"mountain-post/third", "mountain-post/link"}
    items = [plain(tokens[i + 2]) for i, t in enumerate(tokens) if t.type == "list_item_open"]
    assert items == [f"drafts/lost.md: {report.errors[0].message}"]


@pytest.mark.parametrize("text", AWKWARD)
def test_cells_and_list_items_keep_text_as_written(text: str) -> None:
    table = f"| a | b |\n| --- | --- |\n| {summary.cell(text)} | x |\n"
    assert tables(table)[""][1] == [flat(text), "x"]
    tokens = parse(f"- {summary.cell(text)}\n")
    assert [t.type for t in tokens][:3] == ["bullet_list_open", "list_item_open", "paragraph_open"]
    assert plain(tokens[3]) == flat(text)
    assert not any(t.type.startswith("html") for t in parse(summary.cell(text)))


def test_awkward_file_names_stay_in_their_cells(tmp_path: Path) -> None:
    name = "# 1. <b>bold</b> | *x* & [y](z).md"
    path = write(tmp_path, name, draft(STORY[:2]))
    report = check(tmp_path, [path], original="originals/<i>glacier</i> | lake.html")
    found = tables(summary.render(report, tmp_path))
    [row] = found["Candidates"][1:]
    assert row[0] == name and row[3] == "originals/<i>glacier</i> | lake.html"
    assert [r[0] for r in found["Findings"][1:]] == [f"{name}:{r.region.start_line}" for r in located(report)]


def test_findings_are_capped_with_a_note_and_stay_under_a_mebibyte(tmp_path: Path) -> None:
    over = write(tmp_path, "drafts/over.md", draft(STORY[:2]))
    report = check(tmp_path, [over])
    many = replace(report, candidates=report.candidates * 400)
    total = len(located(many))
    assert total > summary.MAX_FINDINGS
    markdown = summary.render(many, tmp_path)
    found = tables(markdown)
    assert len(found["Findings"]) == 1 + summary.MAX_FINDINGS
    assert len(found["Candidates"]) == 1 + summary.MAX_CANDIDATES
    assert f"{total - summary.MAX_FINDINGS} more findings not shown" in markdown
    assert f"{400 - summary.MAX_CANDIDATES} more candidates not shown" in markdown
    assert len(markdown.encode("utf-8")) < 1024 * 1024


def test_long_cells_are_cut() -> None:
    long = "word " * 1000
    text = tables(f"| a |\n| --- |\n| {summary.cell(long)} |\n")[""][1][0]
    assert len(text) == summary.MAX_CELL and text.endswith("…")


def test_compliant_summary_has_no_findings_table(tmp_path: Path) -> None:
    fine = write(tmp_path, "drafts/fine.md", draft(STORY[:1], link=True))
    report = check(tmp_path, [fine])
    markdown = summary.render(report, tmp_path)
    assert report.verdict == "compliant" and markdown.startswith("## ✅ reusecheck: compliant")
    assert list(tables(markdown)) == ["Candidates"]
