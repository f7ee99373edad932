"""Hostile markup and giant files: every shape is answered, read or refused, within a time bound.

Deep nesting is refused before any parse or walk that could recurse or take quadratic time; the
nesting scan is checked against lexbor's own trees; 5 MiB files of every shape go through
load_document and the `compare` command under a generous bound (the test machine is shared).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser
from typer.testing import CliRunner

from reusecheck.cli import app
from reusecheck.documents import Document, load_document, parse_document
from reusecheck.documents.html import EXTRACTOR_ELEMENTS
from reusecheck.documents.nesting import MAX_DEPTH, MAX_ELEMENTS, check_markup
from reusecheck.errors import InputError

BOUND = 20.0
"""Seconds any one shape may take; the measured times are a few seconds at most."""
SIZE = 5 * 1024 * 1024 - 64
SENTENCE = "The council approved the budget for new tram lines and schools on Monday evening. "
ORIGINAL = ("The council approved the budget for new tram lines and schools on Monday evening. The mayor said "
            "work would start in spring and end before the first snow.\n")


def _answer(read: Callable[[], Document]) -> tuple[Document | InputError, float]:
    """A document or the InputError refusing it, and the seconds it took."""
    started = time.perf_counter()
    try:
        result: Document | InputError = read()
    except InputError as exc:
        result = exc
    return result, time.perf_counter() - started


def _real_depth(markup: str) -> int:
    """The deepest element of lexbor's tree, <html> counting one."""
    deepest = 0
    for node in LexborHTMLParser(markup).root.traverse(include_text=False):
        if node.tag.startswith(("-", "_", "#")):
            continue
        depth = 0
        while node is not None and node.tag != "-document":
            depth, node = depth + 1, node.parent
        deepest = max(deepest, depth)
    return deepest


# --- nesting ----------------------------------------------------------------------------------------


def test_a_page_nested_450000_deep_is_refused_at_once() -> None:
    result, seconds = _answer(lambda: parse_document("<div>" * 450_000 + "Deep text.", "deep.html", "html"))
    assert isinstance(result, InputError)
    assert "nested too deeply" in result.message and f"limit of {MAX_DEPTH}" in result.message
    assert result.path == "deep.html"
    assert seconds < 2


def test_a_deep_html_block_in_markdown_is_an_input_error_not_a_recursion_error() -> None:
    body = "An intro paragraph of the story.\n\n" + "<div>" * 5000 + "Deep text." + "</div>" * 5000 + "\n"
    with pytest.raises(InputError, match="nested too deeply") as caught:
        parse_document(body, "deep.md", "markdown")
    assert caught.value.path == "deep.md"


UNCLOSED = {
    "div": "<div>" * 100_000 + "text",
    "b-i": "<b><i>" * 50_000 + "text",
    "table": "<table><tr><td>" * 30_000 + "text",
    "nested-lists": "<ul><li>" * 50_000 + "text",
    "font": "<font>" * 100_000 + "text",
    "div-self-closing": "<div/>" * 100_000 + "text",
    "reopened-formatting": "<big><a>" * 50_000 + "text",
    "button": "<button><u>" * 50_000 + "text",
    "frameset": "<frameset>" * 50_000,
    "svg-groups": "<svg>" + "<g>" * 100_000 + "text",
}


@pytest.mark.parametrize("markup", UNCLOSED.values(), ids=UNCLOSED.keys())
def test_tags_a_parser_would_nest_are_refused_before_the_parse(markup: str) -> None:
    result, seconds = _answer(lambda: parse_document(markup, "page.html", "html"))
    assert isinstance(result, InputError) and "nested too deeply" in result.message, result
    assert seconds < 2


FLAT = {
    "unclosed-paragraphs": "<p>word " * 20_000,
    "unclosed-items": "<ul>" + "<li>word " * 20_000,
    "unclosed-cells": "<table>" + "<tr><td>a<td>b" * 10_000,
    "unclosed-links": '<p><a href="https://example.org/a">word ' * 20_000,
    "unclosed-options": "<select>" + "<option>word " * 20_000,
    "paragraph-formatting": "<p><b>word " * 20_000,
    "headings": "<h1>word <h2>word " * 10_000,
    "misnested-formatting": "".join(f"<font color=#{i:06x}><p>word</font></p>" for i in range(10_000)),
    "bold-across-paragraphs": "<p><b>word</p>more</b>" * 10_000,
    "table-cells-with-formatting": "<table>" + "".join(f"<tr><td><font color=#{i:06x}>x" for i in range(10_000)),
}


@pytest.mark.parametrize("markup", FLAT.values(), ids=FLAT.keys())
def test_tags_a_parser_closes_by_itself_are_not_taken_for_nesting(markup: str) -> None:
    shape = check_markup(markup)
    assert shape.depth < 20
    assert shape.depth >= _real_depth(markup)


def test_nesting_under_the_limit_is_read_and_over_it_is_refused_exactly() -> None:
    text = "Farmers in the north began the sowing campaign two weeks early this year."

    def page(depth: int) -> str:
        return "<div>" * depth + f"<p>{text}</p>" + "</div>" * depth

    assert "sowing campaign" in parse_document(page(MAX_DEPTH - 10), "ok.html", "html").text
    # Here the scan's estimate is under its own limit: lexbor's tree is measured after the parse. Some 30
    # levels deeper, the article extractor's parser would lose the text without a word.
    with pytest.raises(InputError, match=r"nested too deeply \(2\d\d levels"):
        parse_document(page(MAX_DEPTH + 30), "deep.html", "html")


TRICKY = [
    "<big><a a=1>",
    "<button><u>",
    "<frameset><frame>",
    "<frameset /></ul><style a=1>",
    "<table><caption><table>",
    "<ruby><p><rp><ul><li>",
    "<nav><em></nav><svg><foreignObject></em><dl>",
    "<svg><mn><xmp><keygen>",
    "<math><annotation-xml><style><mi>",
    "<math><annotation-xml encoding='text/html'><div>",
    "<svg><path d=a/><g/>",
    "<table><u></table><select></u><form>",
    "<strike face=a><em href=x/><strike href=x/><main /><noscript a=1><p/>",
    "<p><b class=x>text</p>",
    "<div><table><tr><td></div>",
    "<form><div></form>",
    "<select><div></select>",
    "<td><div></td>",
    "<svg><font color=red><div/>",
    "<svg><font title='color'><g>",
    "<a href=x/><div>",
    "<li><section><li>",
    "<dd><dt><div><dd>",
    "<address></br></s></applet></html>",
    "<listing><li><code/></foreignObject></p>",
    "<a class=x></dialog><dialog a=1><address>",
    "<table><u></table><select></u><form>",
    "<select><div/><dd><optgroup><math>",
    "<em></font><font /></em><s>",
    "<address/><b b=2><i></address><mi></i>",
    "<td><input><math><mo><mglyph/>",
    "<th><col/><big></table><circle><table>",
]


@pytest.mark.parametrize("snippet", TRICKY)
def test_the_scan_never_counts_less_nesting_than_lexbor_builds(snippet: str) -> None:
    for times in (1, 40):
        markup = snippet * times
        try:
            depth = check_markup(markup).depth
        except InputError:
            continue
        assert depth >= _real_depth(markup), (snippet, times)


def test_random_tag_soup_repeated_does_not_outgrow_the_scan() -> None:
    """A gap the scan misses once must not grow with repetition: lexbor's time is protected by the
    scan's estimate, so the estimate may fall short of the real depth only by a little."""
    tags = ("div p span b i a font table tr td th tbody caption li ul dd dt select option svg math g path "
            "foreignObject desc title mi form button h1 nobr em template textarea script style noscript br "
            "img hr applet object body frameset ruby rp rt s small strong u code section pre").split()
    attrs = ["", " class=x", " color=red", " href=x/", " /", ' title="a color"']
    rng = random.Random(7)
    for _ in range(300):
        snippet = "".join(rng.choice([f"<{t}{rng.choice(attrs)}>", f"</{t}>", "text"])
                          for t in rng.choices(tags, k=rng.randint(2, 8)))
        markup = snippet * 30
        try:
            depth = check_markup(markup).depth
        except InputError:
            continue
        assert depth * 3 // 2 + 2 >= _real_depth(markup), snippet


# --- size ---------------------------------------------------------------------------------------------


def test_a_page_with_too_many_elements_is_refused_quickly() -> None:
    result, seconds = _answer(lambda: parse_document("<p>a</p>" * (MAX_ELEMENTS + 1), "many.html", "html"))
    assert isinstance(result, InputError) and f"more than {MAX_ELEMENTS:,} elements" in result.message
    assert seconds < BOUND


def test_a_page_too_large_for_the_extractor_is_walked_with_a_warning() -> None:
    paragraphs = "".join(f"<p>Paragraph {i} of the <b>long</b> report on <i>the</i> harvest.</p>"
                         for i in range(EXTRACTOR_ELEMENTS // 3 + 100))
    doc = parse_document(f"<html><body><main>{paragraphs}</main></body></html>", "big.html", "html")
    assert "Paragraph 10001 of the long report" in doc.text
    assert any("article extractor" in w for w in doc.warnings)


def _fill(unit: str, head: str = "", tail: str = "") -> str:
    return head + unit * ((SIZE - len((head + tail).encode())) // len(unit.encode())) + tail


SHAPES: dict[str, tuple[str, Callable[[], str]]] = {
    "txt-one-line": ("txt", lambda: _fill(SENTENCE)),
    "txt-one-word": ("txt", lambda: _fill("a")),
    "txt-tiny-paragraphs": ("txt", lambda: _fill("a\n\n")),
    "txt-lines": ("txt", lambda: _fill("a\n")),
    "md-one-line": ("md", lambda: _fill(SENTENCE)),
    "md-tiny-paragraphs": ("md", lambda: _fill("a\n\n")),
    "md-links": ("md", lambda: _fill("[x](https://example.org/) ")),
    "md-table": ("md", lambda: "| a | b |\n|---|---|\n" + _fill("| a | b |\n")),
    "md-table-of-words": ("md", lambda: "| a | b |\n|---|---|\n" + _fill(f"| {SENTENCE} | {SENTENCE} |\n")),
    "md-nested-quotes": ("md", lambda: _fill("> ") + "deep"),
    "md-nested-lists": ("md", lambda: _fill("- ") + "deep"),
    "md-emphasis": ("md", lambda: _fill("*a **b *c ")),
    "md-brackets": ("md", lambda: _fill("[")),
    "md-unclosed-html": ("md", lambda: "Intro.\n\n" + _fill("<div>") + "x"),
    "html-one-line": ("html", lambda: _fill(SENTENCE, "<html><body><p>", "</p></body></html>")),
    "html-one-word": ("html", lambda: _fill("a", "<html><body><p>", "</p></body></html>")),
    "html-links": ("html", lambda: _fill('<a href="https://example.org/">x</a>', "<html><body>", "</body></html>")),
    "html-links-in-text": ("html", lambda: _fill('<a href="/a">Some words</a> and more. ', "<body><p>", "</p>")),
    "html-tiny-paragraphs": ("html", lambda: _fill("<p>a</p>", "<html><body>", "</body></html>")),
    "html-paragraphs": ("html", lambda: _fill(f"<p>{SENTENCE}</p>\n", "<html><body><article>", "</article>")),
    "html-table": ("html", lambda: _fill("<tr><td>a</td><td>b</td></tr>", "<html><body><table>", "</table>")),
    "html-table-of-words": ("html", lambda: _fill(f"<tr><td>{SENTENCE}</td><td>{SENTENCE}</td></tr>",
                                                  "<html><body><table>", "</table>")),
    "html-comments": ("html", lambda: _fill("<!-- x -->", "<html><body><p>Some words here.</p>")),
    "html-attributes": ("html", lambda: "<html><body><p " + _fill('a="b" ') + ">text</p></body></html>"),
    "html-deep": ("html", lambda: "<div>" * 450_000 + "text"),
}


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Path]]:
    folder = tmp_path_factory.mktemp("shapes")
    (folder / "original.txt").write_text(ORIGINAL, encoding="utf-8")

    def make(name: str) -> Path:
        ext, build = SHAPES[name]
        path = folder / f"{name}.{ext}"
        if not path.exists():
            path.write_text(build(), encoding="utf-8")
        return path

    yield make


# Matching a text read whole costs seconds of its own; one shape per format goes through the command too,
# and every shape through the reader, which is where a shape can make the time blow up.
THROUGH_COMPARE = {"txt-tiny-paragraphs", "md-table-of-words", "md-links", "html-links-in-text", "html-deep"}


@pytest.mark.parametrize("name", SHAPES)
def test_a_5_mib_file_of_any_shape_is_answered_in_seconds(shapes: Callable[[str], Path], name: str) -> None:
    path = shapes(name)
    result, seconds = _answer(lambda: load_document(path))
    assert seconds < BOUND, f"load_document took {seconds:.1f} s"
    if isinstance(result, InputError):
        assert result.path == str(path)
    if name not in THROUGH_COMPARE:
        return
    started = time.perf_counter()
    outcome = CliRunner().invoke(app, ["compare", str(path), "--original", str(path.parent / "original.txt")])
    seconds = time.perf_counter() - started
    assert outcome.exit_code in (0, 1, 2), outcome.output
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), outcome.exception
    assert seconds < BOUND, f"compare took {seconds:.1f} s"
