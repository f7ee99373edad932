"""Unit tests for reusecheck.documents.markdown: front matter, rendered text and links."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest

from reusecheck.documents import load_document, parse_document
from reusecheck.documents.links import normalise_url
from reusecheck.documents.markdown import parse_markdown, split_front_matter
from reusecheck.errors import InputError

CANDIDATE = """---
title: Жаңа көпір ашылды
source: https://qazmonitor.com/news/bridge
sources:
  - https://tengri.example.kz/a/1
  - https://other.example.ru/b/2
permission:
  reference: QM-2
  granted: 2024-03-01
  note: Desk editor
---
The city opened a [new bridge](https://qazmonitor.com/news/bridge) on Monday.

Officials cited [the council report][report] and <https://council.example.kz/report>.

More at https://qazmonitor.com/news/roads today.

[report]: https://council.example.kz/report "Report"
"""


def _write(tmp_path: Path, text: str, name: str = "candidate.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


# --- front matter ------------------------------------------------------------------------------


def test_front_matter_is_parsed(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, CANDIDATE))
    assert doc.format == "markdown"
    assert doc.title == "Жаңа көпір ашылды"
    assert doc.front_matter["source"] == "https://qazmonitor.com/news/bridge"
    assert doc.front_matter["sources"] == ["https://tengri.example.kz/a/1", "https://other.example.ru/b/2"]
    assert doc.front_matter["permission"] == {"reference": "QM-2", "granted": datetime.date(2024, 3, 1),
                                              "note": "Desk editor"}
    assert doc.declared_sources == (
        "https://qazmonitor.com/news/bridge",
        "https://tengri.example.kz/a/1",
        "https://other.example.ru/b/2",
    )


def test_front_matter_is_not_part_of_the_text(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, CANDIDATE))
    assert doc.text.startswith("The city opened")
    for leftover in ("---", "title", "Жаңа", "note", "Desk editor", "permission"):
        assert leftover not in doc.text
    for word in ("жаңа", "көпір", "desk", "editor", "granted", "permission", "sources"):
        assert word not in doc.tokens.words


def test_split_front_matter_returns_body_and_its_first_line() -> None:
    source = "---\ntitle: Roads\nsource: https://a.example.kz/x\n---\nBody line.\n"
    front, body, line = split_front_matter(source, "c.md")
    assert front == {"title": "Roads", "source": "https://a.example.kz/x"}
    assert body == "Body line.\n"
    assert line == 5
    assert source.splitlines()[line - 1] == "Body line."


def test_front_matter_with_crlf_line_ends() -> None:
    source = "---\r\ntitle: Roads\r\n---\r\nBody line.\r\n"
    front, body, _line = split_front_matter(source, "c.md")
    assert front == {"title": "Roads"}
    assert body == "Body line.\r\n"


def test_empty_front_matter_and_dots_terminator() -> None:
    assert split_front_matter("---\n---\nText.", "c.md")[:2] == ({}, "Text.")
    assert split_front_matter("---\ntitle: T\n...\nText.", "c.md")[:2] == ({"title": "T"}, "Text.")


def test_no_front_matter() -> None:
    source = "Just a story about roads.\n"
    assert split_front_matter(source, "c.md") == ({}, source, 1)


def test_invalid_yaml_front_matter_names_file_and_line(tmp_path: Path) -> None:
    text = "---\ntitle: Roads\nsource: https://a.example.kz/x: broken\n---\nThe ministry published a plan.\n"
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_document(path)
    error = info.value
    assert error.path == str(path)
    assert error.line == 3  # the broken `source:` line of the file
    assert f"{path}:3" in str(error)
    assert "front matter" in error.message


def test_invalid_yaml_on_a_later_line(tmp_path: Path) -> None:
    text = "---\ntitle: Roads\nsources:\n  - https://a.example.kz/1\n  - [unclosed\n---\nBody.\n"
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_document(path)
    assert str(path) in str(info.value)
    assert info.value.line is not None
    assert info.value.line >= 5


def test_front_matter_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = _write(tmp_path, "---\n- one\n- two\n---\nBody text here.\n")
    with pytest.raises(InputError) as info:
        load_document(path)
    assert str(path) in str(info.value)
    assert "mapping" in info.value.message


# --- links -------------------------------------------------------------------------------------


def test_link_kinds(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, CANDIDATE))
    found = [(link.syntax, link.href, link.text, link.linked) for link in doc.links]
    assert found == [
        ("markdown", "https://qazmonitor.com/news/bridge", "new bridge", True),
        ("markdown-reference", "https://council.example.kz/report", "the council report", True),
        ("autolink", "https://council.example.kz/report", "https://council.example.kz/report", True),
        ("bare-url", "https://qazmonitor.com/news/roads", "https://qazmonitor.com/news/roads", False),
    ]


def test_link_offsets_index_the_text(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, CANDIDATE))
    assert doc.links
    for link in doc.links:
        assert doc.text[link.start:link.end] == link.text
    assert [link.start for link in doc.links] == sorted(link.start for link in doc.links)


def test_url_text_is_not_counted_as_words(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, CANDIDATE))
    for part in ("https", "http", "qazmonitor", "com", "kz", "roads"):
        assert part not in doc.tokens.words
    assert doc.tokens.words == (
        "the", "city", "opened", "a", "new", "bridge", "on", "monday",
        "officials", "cited", "the", "council", "report", "and",
        "more", "at", "today",
    )


def test_inline_link_with_emphasis_and_title() -> None:
    body = 'Депутаты [**одобрили** _закон_](https://parliament.example.ru/law/1 "Закон") о дорогах.\n'
    text, links = parse_markdown(body)
    assert text == "Депутаты одобрили закон о дорогах."
    assert len(links) == 1
    assert links[0].href == "https://parliament.example.ru/law/1"
    assert links[0].text == "одобрили закон"
    assert links[0].syntax == "markdown"
    assert text[links[0].start:links[0].end] == "одобрили закон"


def test_collapsed_and_shortcut_reference_links() -> None:
    body = "The [ministry][] and the [akimat] agreed.\n\n[ministry]: https://gov.example.kz/m\n[akimat]: https://akimat.example.kz\n"
    text, links = parse_markdown(body)
    assert text == "The ministry and the akimat agreed."
    assert [(link.text, link.href, link.syntax) for link in links] == [
        ("ministry", "https://gov.example.kz/m", "markdown-reference"),
        ("akimat", "https://akimat.example.kz", "markdown-reference"),
    ]


def test_links_in_later_blocks_index_the_text() -> None:
    body = (
        "# Жаңалықтар\n\n"
        "- Бірінші [жаңалық](https://kaz.example.kz/1)\n"
        "- Екінші <https://kaz.example.kz/2>\n\n"
        "> Цитата со [ссылкой](https://ru.example.ru/q).\n\n"
        '<p>Raw <a href="https://html.example.com/x" rel="nofollow">html link</a> here.</p>\n'
    )
    text, links = parse_markdown(body)
    assert [link.text for link in links] == ["жаңалық", "https://kaz.example.kz/2", "ссылкой", "html link"]
    for link in links:
        assert text[link.start:link.end] == link.text
    assert links[-1].rel == ("nofollow",)
    assert links[-1].syntax == "html"


def test_blocks_are_separated_by_blank_lines() -> None:
    body = "# Title\n\nFirst paragraph\nwraps here.\n\n- item one\n- item two\n"
    text, _links = parse_markdown(body)
    assert text == "Title\n\nFirst paragraph\nwraps here.\n\nitem one\n\nitem two"


def test_markup_is_not_in_the_text() -> None:
    text, _links = parse_markdown("**Bold** and _italic_ and `code` here.\n")
    assert text == "Bold and italic and code here."


def test_bare_url_in_markdown_is_unlinked(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "Read more: www.qazmonitor.com/news/bridge.\n"))
    [link] = doc.links
    assert link.syntax == "bare-url"
    assert link.linked is False
    assert link.text == "www.qazmonitor.com/news/bridge"
    assert link.href == "http://www.qazmonitor.com/news/bridge"
    assert doc.tokens.words == ("read", "more")


def test_terms_notice_paragraph_not_counted(tmp_path: Path) -> None:
    text = (
        "Farmers began the spring sowing early.\n\n"
        "Перепечатка материалов допускается только с гиперссылкой на источник.\n"
    )
    doc = load_document(_write(tmp_path, text))
    assert "Перепечатка" in doc.text
    assert doc.tokens.words == ("farmers", "began", "the", "spring", "sowing", "early")


def test_front_matter_url_and_title_fill_in(tmp_path: Path) -> None:
    text = "---\ntitle: Roads plan\nurl: https://qazmonitor.com/news/roads\npublisher: Qaz Monitor\n---\nA plan.\n"
    doc = parse_document(text, "c.md", "markdown")
    assert doc.title == "Roads plan"
    assert doc.url == "https://qazmonitor.com/news/roads"
    assert doc.publisher == "Qaz Monitor"


@pytest.mark.parametrize(
    "body",
    [
        "Read [жаңалық](https://kaz.example.kz/жаңа-көпір) now.",  # non-ASCII target, percent-encoded by the parser
        "Read [жаңалық]( https://kaz.example.kz/a ) now.",  # spaces inside the parentheses
        "Read [жаңалық](<https://kaz.example.kz/a b>) now.",  # angle-bracket target with a space
        'Read [жаңалық](https://kaz.example.kz/a  "Title") now.',
    ],
)
def test_inline_link_syntax_is_markdown(body: str) -> None:
    _text, links = parse_markdown(body)
    [link] = links
    assert link.text == "жаңалық"
    assert link.syntax == "markdown"


def test_reference_link_sharing_a_target_with_an_inline_link() -> None:
    body = "See [the plan](https://gov.example.kz/plan) and [the same plan][p].\n\n[p]: https://gov.example.kz/plan\n"
    _text, links = parse_markdown(body)
    assert [(link.text, link.syntax) for link in links] == [
        ("the plan", "markdown"),
        ("the same plan", "markdown-reference"),
    ]


def test_link_to_a_cyrillic_url_matches_the_written_url() -> None:
    # The parser percent-encodes a non-ASCII target; compared the way checks compare targets, it must
    # still be the article the author wrote.
    written = "https://kaz.example.kz/news/жаңа-көпір"
    _text, links = parse_markdown(f"Read [жаңалық]({written}) now.")
    assert normalise_url(links[0].href) == normalise_url(written)


def test_inline_html_link_inside_a_paragraph_is_found() -> None:
    # Republished Markdown often keeps the source's <a> tags inline within a paragraph.
    body = 'Бұл туралы <a href="https://qazmonitor.com/news/bridge" rel="nofollow">Qaz Monitor</a> хабарлады.\n'
    text, links = parse_markdown(body)
    assert text == "Бұл туралы Qaz Monitor хабарлады."
    assert [(link.href, link.text, link.rel) for link in links] == [
        ("https://qazmonitor.com/news/bridge", "Qaz Monitor", ("nofollow",)),
    ]
    assert text[links[0].start:links[0].end] == "Qaz Monitor"


def test_a_markdown_file_of_many_links_is_read_in_bounded_time() -> None:
    # Each link once re-joined the whole text and searched the rest of the paragraph: quadratic.
    words = "the council met on monday to talk about the roads and the school budget "
    body = "".join(f"{words}[*x*](https://example.org/{i}) " for i in range(40_000))
    started = time.perf_counter()
    assert len(parse_document(body, "links.md", "markdown").links) == 40_000
    assert time.perf_counter() - started < 30


@pytest.mark.parametrize("body", ["> " * 20 + "copied text\n",
                                  "".join("  " * i + "- item\n" for i in range(10)) + "  " * 10 + "copied text\n"])
def test_markdown_nested_past_the_parser_limit_is_refused_not_emptied(body: str) -> None:
    # markdown-it drops what lies deeper than its nesting limit without a word: copied text could hide there.
    with pytest.raises(InputError, match="nested more than 19 deep"):
        parse_document(body, "deep.md", "markdown")
