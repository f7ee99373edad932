"""Offsets of a Document's extracted text mapped back to lines and columns of the file as written."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reusecheck.documents import load_document, parse_document
from reusecheck.documents.locate import Region, SourceMap
from reusecheck.documents.model import Document

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
WORD = re.compile(r"[^\W_]+")
LETTERS = "abcdefghijklmnopqrstuvwxyzабвгдежзиклмнопрстуфхцшыэюяәғқңөұүһі"
EMOJI = ["🚂", "🌾", "✨"]


def cut(raw: str, region: Region) -> str:
    """The characters of `raw` a region covers, counting columns in code points as the Region does."""
    starts = [0] + [m.end() for m in re.finditer("\n", raw)]
    begin = starts[region.start_line - 1] + region.start_column - 1
    end = starts[region.end_line - 1] + region.end_column - 1
    return raw[begin:end]


def squeeze(text: str) -> str:
    return " ".join(text.split())


def strip_markdown(written: str) -> str:
    written = re.sub(r"(?m)^```.*$", "", written)
    written = re.sub(r"(?m)^[ |:-]*-[ |:-]*$", "", written)
    # An autolink shows its address; a cut may end inside it.
    written = re.sub(r"<(https[^<>\s]*)>?", r"\1", written)
    written = re.sub(r"^([^<>\s]*)>", r"\1", written)
    written = re.sub(r"<[^<>]*>", "", written)
    written = re.sub(r"\]\([^)]*\)", "", written)
    written = re.sub(r"\]\[[^\]]*\]", "", written)
    written = re.sub(r"(?m)^[ \t]*(?:>[ \t]?)*(?:#{1,6}[ \t]|[-+][ \t]|\d+\.[ \t])?", "", written)
    written = re.sub(r"[*_`\[\]|]", "", written.replace("\\*", "\0"))
    return squeeze(html.unescape(written.replace("\0", "*")))


def strip_html(written: str) -> str:
    written = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", written)
    written = re.sub(r"(?s)<!--.*?-->", " ", written)
    written = re.sub(r"</?(?:a|em|strong|span|b|i)\b[^<>]*>", "", written)
    written = re.sub(r"<[^<>]*>", " ", written)
    return squeeze(html.unescape(written))


def region_of(doc: Document, needle: str, occurrence: int = 0) -> Region:
    found = [m.start() for m in re.finditer(re.escape(needle), doc.text)]
    start = found[occurrence]
    return doc.region(start, start + len(needle))


# --- generated documents --------------------------------------------------------------------------------

words = st.text(alphabet=LETTERS, min_size=1, max_size=9)


@st.composite
def markdown_piece(draw: st.DrawFn) -> str:
    w = draw(words)
    kind = draw(st.integers(0, 11))
    if kind == 0:
        return f"*{w}*"
    if kind == 1:
        return f"**{w} {draw(words)}**"
    if kind == 2:
        return f"`{w}`"
    if kind == 3:
        return f"[{w} {draw(words)}](https://example.org/{draw(words)}/{w})"
    if kind == 4:
        return f"[{w}][{draw(st.sampled_from(['one', 'two']))}]"
    if kind == 5:
        return f'<span class="{draw(words)}">{w}</span>'
    if kind == 6:
        return draw(st.sampled_from(["&amp;", "&copy;", "&#169;", "&mdash;"]))
    if kind == 7:
        return draw(st.sampled_from(EMOJI))
    if kind == 8:
        return f"_{w}_"
    if kind == 9:
        return draw(st.sampled_from([f"{w}**{draw(words)}**", f"<https://example.org/{w}>", "\\*", f"`x.{w}`"]))
    return w


@st.composite
def markdown_block(draw: st.DrawFn) -> str:
    line = " ".join(draw(st.lists(markdown_piece(), min_size=1, max_size=14)))
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return "#" * draw(st.integers(1, 4)) + " " + line
    if kind == 1:
        return "\n".join(f"- {' '.join(draw(st.lists(markdown_piece(), min_size=1, max_size=6)))}"
                         for _ in range(draw(st.integers(1, 3))))
    if kind == 2:
        return "\n".join(f"{n}. {' '.join(draw(st.lists(markdown_piece(), min_size=1, max_size=6)))}"
                         for n in range(1, draw(st.integers(2, 4))))
    if kind == 3:
        return "> " + line
    if kind == 4:
        cells = [" ".join(draw(st.lists(words, min_size=1, max_size=3))) for _ in range(4)]
        return f"| {cells[0]} | {cells[1]} |\n| --- | --- |\n| {cells[2]} | {cells[3]} |"
    if kind == 5:
        # Code is shown as written: plain words only, so the stripper has no markup to tell apart.
        return f"```{draw(words)}\n{' '.join(draw(st.lists(words, min_size=1, max_size=9)))}\n```"
    if kind == 6:
        inner = " ".join(f"<em>{w}</em>" if n % 3 == 1 else w
                         for n, w in enumerate(draw(st.lists(words, min_size=1, max_size=9))))
        return f'<div class="{draw(words)}">\n<p>{inner} &amp; {draw(words)}</p>\n</div>'
    # A paragraph over several lines: soft breaks.
    return line.replace(" ", "\n", draw(st.integers(0, 2)))


@st.composite
def markdown_file(draw: st.DrawFn) -> str:
    front = ""
    if draw(st.booleans()):
        keys = draw(st.lists(st.sampled_from(["title", "author", "summary", "tags"]), min_size=1, max_size=4,
                             unique=True))
        front = "---\n" + "".join(f"{k}: {draw(words)} {draw(words)}\n" for k in keys) + "---\n"
    blocks = draw(st.lists(markdown_block(), min_size=0, max_size=7))
    blocks.insert(draw(st.integers(0, len(blocks))), " ".join(draw(st.lists(words, min_size=1, max_size=8))))
    refs = "\n[one]: https://example.org/one \"the one\"\n[two]: <https://example.org/two>\n"
    return front + "\n\n".join(blocks) + "\n" + refs


def paragraph(draw: st.DrawFn) -> str:
    pieces = []
    for _ in range(draw(st.integers(20, 40))):
        w = draw(words)
        kind = draw(st.integers(0, 12))
        if kind == 0:
            pieces.append(f"<em>{w}</em>")
        elif kind == 1:
            pieces.append(f"<strong>{w} {draw(words)}</strong>")
        elif kind == 2:
            pieces.append(f'<a href="https://example.org/{draw(words)}" title="{draw(words)}">{w}</a>')
        elif kind == 3:
            pieces.append(f'<span class="{draw(words)} {draw(words)}">{w}</span>')
        elif kind == 4:
            pieces.append(draw(st.sampled_from(["&amp;", "&#x2014;", "&laquo;", "&#8470;"])))
        elif kind == 5:
            pieces.append(f"<!-- {w} {draw(words)} -->")
        else:
            pieces.append(w)
    return " ".join(pieces)


@st.composite
def html_page(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(3, 6))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            blocks.append(f"<div><p>{paragraph(draw)}</p></div>")
        elif kind == 1:
            blocks.append(f"<ul><li>{paragraph(draw)}</li>\n<li>{paragraph(draw)}</li></ul>")
        elif kind == 2:
            blocks.append(f"<script>var {draw(words)} = '{draw(words)}';</script>\n<p>{paragraph(draw)}</p>")
        elif kind == 3:
            blocks.append(f"<style>p {{ color: red }}</style><p>{paragraph(draw)}</p>")
        else:
            blocks.append(f"<p>{paragraph(draw)}</p>")
    title = f"{draw(words)} {draw(words)} {draw(words)}"
    wrapper = draw(st.sampled_from(["article", "main"]))
    return (f"<!DOCTYPE html>\n<html>\n<head>\n<title>{title}</title>\n"
            f'<meta name="description" content="{draw(words)} {draw(words)}">\n</head>\n<body>\n'
            f"<{wrapper}>\n<h1>{title}</h1>\n" + "\n".join(blocks) + f"\n</{wrapper}>\n</body>\n</html>\n")


def whole_words(data: st.DataObject, text: str, within: tuple[int, int] | None = None) -> tuple[int, int]:
    found = list(WORD.finditer(text, *(within or (0, len(text)))))
    first = data.draw(st.integers(0, len(found) - 1))
    last = data.draw(st.integers(first, min(len(found) - 1, first + 60)))
    return found[first].start(), found[last].end()


FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(markdown_file(), st.data())
def test_markdown_span_cuts_out_its_own_text(raw: str, data: st.DataObject) -> None:
    doc = parse_document(raw, "x.md", "markdown")
    start, end = whole_words(data, doc.text)
    written = cut(raw, doc.region(start, end))
    assert strip_markdown(written) == squeeze(doc.text[start:end])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_page(), st.data())
def test_html_span_cuts_out_its_own_text(raw: str, data: st.DataObject) -> None:
    doc = parse_document(raw, "x.html", "html")
    # Within one extracted paragraph: the extractor may drop a block between two it keeps.
    paragraphs = [m.span() for m in re.finditer(r"[^\n]*[^\W_][^\n]*", doc.text)]
    start, end = whole_words(data, doc.text, data.draw(st.sampled_from(paragraphs)))
    written = cut(raw, doc.region(start, end))
    assert strip_html(written) == squeeze(doc.text[start:end])
    # A span across paragraphs runs from where its first word stands to where its last one ends.
    start, end = whole_words(data, doc.text)
    first, last = WORD.match(doc.text, start), list(WORD.finditer(doc.text, start, end))[-1]
    assert first is not None
    both, head, tail = doc.region(start, end), doc.region(*first.span()), doc.region(*last.span())
    assert (both.start_line, both.start_column, both.end_line, both.end_column) == (
        head.start_line, head.start_column, tail.end_line, tail.end_column)


@FAST
@given(markdown_file(), st.data())
def test_every_offset_maps_in_order(raw: str, data: st.DataObject) -> None:
    doc = parse_document(raw, "x.md", "markdown")
    offsets = sorted(data.draw(st.lists(st.integers(0, len(doc.text)), min_size=2, max_size=6)))
    spans = [doc.source_map.raw_span(a, b) for a, b in zip(offsets, offsets[1:], strict=False)]
    for begin, end in spans:
        assert doc.body_offset <= begin <= end <= len(raw)
    assert [begin for begin, _ in spans] == sorted(begin for begin, _ in spans)


# --- examples -------------------------------------------------------------------------------------------

def test_front_matter_shifts_lines() -> None:
    body = "First paragraph with a needle in it.\n\nSecond one.\n"
    plain = Document.from_text(body, "md")
    fronted = Document.from_text("---\ntitle: A page\nauthor: Someone\nsummary: Words here\n---\n" + body, "md")
    assert region_of(plain, "needle") == Region(1, 24, 1, 30)
    assert region_of(fronted, "needle") == Region(6, 24, 6, 30)


def test_crlf_file_keeps_columns_of_each_line() -> None:
    raw = "---\r\ntitle: Windows\r\n---\r\n# Heading here\r\n\r\nOne line\r\nand the *target* word.\r\n"
    doc = Document.from_text(raw, "md")
    region = region_of(doc, "target")
    assert region == Region(7, 10, 7, 16)
    assert cut(raw, region) == "target"
    both = doc.region(doc.text.index("Heading"), doc.text.index("word") + 4)
    assert (both.start_line, both.end_line) == (4, 7)
    assert strip_markdown(cut(raw, both)) == "Heading here One line and the target word"


def test_crlf_html_page() -> None:
    raw = "<html>\r\n<body>\r\n<main>\r\n<p>First words.</p>\r\n<p>Then <b>the</b> &laquo;target&raquo; word.</p>\r\n"
    doc = Document.from_text(raw + "</main></body></html>\r\n", "html")
    column = raw.split("\r\n")[4].index("target") + 1
    assert region_of(doc, "target") == Region(5, column, 5, column + 6)
    assert cut(raw, region_of(doc, "«target»")) == "&laquo;target&raquo;"


def test_a_repeated_word_maps_to_its_own_occurrence() -> None:
    lines = [" ".join(["the"] * 5 + [f"marker{n}"] + ["the"] * 5) for n in range(30)]
    raw = "\n\n".join(lines) + "\n"
    doc = Document.from_text(raw, "md")
    marker = doc.text.index("marker17")
    the = doc.text.index("the", marker)  # the first 'the' after marker17
    region = doc.region(the, the + 3)
    assert region.start_line == 2 * 17 + 1
    assert region.start_column == raw.split("\n")[34].index("marker17") + len("marker17 ") + 1


def test_repeated_word_in_link_destination_is_not_taken() -> None:
    raw = "See [the site](https://example.org/needle/needle) today.\n\nA needle here.\n"
    doc = Document.from_text(raw, "md")
    assert region_of(doc, "needle") == Region(3, 3, 3, 9)


def test_columns_count_code_points() -> None:
    raw = "# Тақырып\n\nҚазақстан 🚂🌾 теміржол **Өскемен** бағыты ✨ ашылды\n"
    doc = Document.from_text(raw, "md")
    line = raw.split("\n")[2]
    for word in ("Қазақстан", "теміржол", "Өскемен", "бағыты", "ашылды"):
        region = region_of(doc, word)
        assert region.start_line == 3
        assert region.start_column == line.index(word) + 1
        assert region.end_column == line.index(word) + len(word) + 1
    emoji = region_of(doc, "🚂🌾")
    assert (emoji.start_column, emoji.end_column) == (line.index("🚂") + 1, line.index("🚂") + 3)


def test_span_across_paragraphs_spans_lines() -> None:
    raw = "Opening words of the first.\n\n> Quoted second paragraph\n> goes on here.\n\n- and a list item\n"
    doc = Document.from_text(raw, "md")
    region = doc.region(doc.text.index("first"), doc.text.index("item") + 4)
    assert (region.start_line, region.end_line) == (1, 6)
    assert strip_markdown(cut(raw, region)) == "first. Quoted second paragraph goes on here. and a list item"


def test_entity_inside_a_word_maps_to_the_entity_as_written() -> None:
    raw = "<html><body><main><p>A caf&eacute; by the river &amp; a bridge.</p></main></body></html>"
    doc = Document.from_text(raw, "html")
    region = region_of(doc, "café")
    assert cut(raw, region) == "caf&eacute;"
    assert cut(raw, region_of(doc, "river & a")) == "river &amp; a"


def test_markdown_code_and_html_blocks() -> None:
    raw = ("Intro words.\n\n```python\nprint('fenced words')\n```\n\n    indented words\n\n"
           "<div class=\"box words\">\n<p>Block of <em>html</em> words</p>\n</div>\n")
    doc = Document.from_text(raw, "md")
    assert region_of(doc, "fenced") == Region(4, 8, 4, 14)
    assert region_of(doc, "indented") == Region(7, 5, 7, 13)
    assert cut(raw, region_of(doc, "Block of html words")) == "Block of <em>html</em> words"


def test_html_title_and_attributes_are_not_taken() -> None:
    raw = ("<html><head><title>Needle story</title><meta name='x' content='needle'></head>\n<body>\n"
           "<nav><a href='/' title='needle'>Home</a></nav>\n<main>\n<p>The needle is here.</p>\n</main></body></html>")
    doc = Document.from_text(raw, "html")
    assert region_of(doc, "needle") == Region(5, 8, 5, 14)


def test_hostile_markup_maps_in_linear_time() -> None:
    text = "word here " * 50
    pages = ["word " + "<!--x " * 40_000, "word " + "[a](b \"x " * 40_000, "<p>word</p>" + "<a href='x " * 40_000,
             "<p>word</p>" + "</" * 40_000, "word " + "<?x " * 40_000, "word " + "[a][b " * 40_000]
    for raw in pages:
        for fmt in ("markdown", "html"):
            began = time.perf_counter()
            region = SourceMap(raw, text, fmt).region(0, 4)
            # Quadratic scans took tens of seconds on these; linear ones take well under one.
            assert time.perf_counter() - began < 5
            assert cut(raw, region) == "word"


def test_plain_text_maps_exactly() -> None:
    raw = "line one\nline two with words\n"
    doc = Document.from_text(raw, "text")
    assert region_of(doc, "two with") == Region(2, 6, 2, 14)


def test_empty_span_and_out_of_range_offsets() -> None:
    doc = Document.from_text("Some words here.\n\nAnd more words.\n", "md")
    empty = doc.region(5, 5)
    assert (empty.start_line, empty.start_column) == (empty.end_line, empty.end_column)
    whole = doc.region(-10, len(doc.text) + 10)
    assert whole == Region(1, 1, 3, 16)


def test_source_map_keeps_its_constructor() -> None:
    raw = "---\ntitle: x\n---\nBody *text*.\n"
    smap = SourceMap(raw, "Body text.", "markdown", raw.index("Body"))
    assert smap.region(5, 9) == Region(4, 7, 4, 11)
    assert smap.line_region(4) == Region(4, 1, 4, 13)


def test_over_cap_example_passages_land_on_their_lines() -> None:
    path = EXAMPLES / "candidates" / "over-cap.md"
    raw = path.read_text(encoding="utf-8")
    doc = load_document(path)
    lines = raw.split("\n")
    for sentence in re.findall(r"[A-Z][^.!?\n]{30,}[.!?]", doc.text)[:12]:
        start = doc.text.index(sentence)
        region = doc.region(start, start + len(sentence))
        assert region.start_line == region.end_line
        assert strip_markdown(lines[region.start_line - 1][region.start_column - 1:region.end_column - 1]) \
            == squeeze(sentence)


def test_html_example_passages_land_on_their_lines() -> None:
    for path in [EXAMPLES / "originals" / "rail-link.html", EXAMPLES / "candidates" / "nofollow-link.html"]:
        raw = path.read_text(encoding="utf-8")
        doc = load_document(path)
        for paragraph_text in doc.text.split("\n\n"):
            found = list(WORD.finditer(paragraph_text))
            if len(found) < 3:
                continue
            offset = doc.text.index(paragraph_text)
            start, end = offset + found[0].start(), offset + found[-1].end()
            assert strip_html(cut(raw, doc.region(start, end))) == squeeze(doc.text[start:end]), path.name


def test_lone_carriage_returns_end_lines_as_editors_count_them() -> None:
    raw = "Opening words of the piece.\r\rThe second paragraph says something else.\r"
    for fmt in ("text", "md"):
        doc = Document.from_text(raw, fmt)
        start = doc.text.index("second")
        region = doc.region(start, start + len("second"))
        assert (region.start_line, region.start_column, region.end_line, region.end_column) == (3, 5, 3, 11)
