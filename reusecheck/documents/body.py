"""The story's body as trafilatura extracts it: paragraphs of text, each with the links in it.

trafilatura finds the main text of a page by the structure and text density of its blocks, so a teaser
card, a related box or a comment thread is not taken for the story. Its XML output is walked here:
<p>, <head>, <item>, <quote> and table rows become paragraphs, <ref target> the links, <lb/> a line
break (two in a row a paragraph break).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

# trafilatura reports pages it cannot read through logging; a page it cannot read is answered here (the
# caller falls back to its own walk), so its messages must not reach the terminal.
logging.getLogger("trafilatura").addHandler(logging.NullHandler())

MIN_TEXT = 250
"""trafilatura's MIN_EXTRACTED_SIZE: below this many characters its answer is its last-resort dump of
the page, not a body it found."""
BLOCKS = frozenset("p head item quote list table code div note ab".split())
"""trafilatura's elements that stand as blocks of their own."""
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Ref:
    """A link inside a paragraph: the target as trafilatura wrote it, its anchor text and offsets in the paragraph."""

    target: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Paragraph:
    text: str
    refs: tuple[Ref, ...] = ()
    kind: str = "p"
    """The trafilatura element it came from: p, head, item, quote, row, ..."""


def extract_body(markup: str) -> list[Paragraph]:
    """The paragraphs trafilatura takes for the page's main text; empty when it finds none."""
    # Imported here, not at the top: loading trafilatura takes 0.15 s, which a run that reads no HTML
    # page should not pay.
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        markup,
        output_format="xml",
        include_links=True,
        include_comments=False,  # a comment thread is never the article
        include_tables=True,  # figures in a table are part of the story
        include_images=False,
        include_formatting=False,
        # Balanced, with its fallback extractors: on benchmarks/extraction/pages favouring precision,
        # recall or speed (fast=True) each lost most of a live blog, for no gain elsewhere.
        favor_precision=False,
        favor_recall=False,
        fast=False,
        # Its duplicate filter remembers text across calls in one process: a candidate that copies an
        # original would lose the copied paragraphs. Repeats within a page are dropped in page.py.
        deduplicate=False,
        with_metadata=False,
    )
    if not xml:
        return []
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    if main is None:
        return []
    if len(" ".join("".join(main.itertext()).split())) < MIN_TEXT:
        return []
    out = _Paragraphs()
    _walk(main, out)
    out.block()
    return out.done


@dataclass
class _Paragraphs:
    done: list[Paragraph] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    length: int = 0
    kind: str = "p"

    def add(self, text: str | None) -> None:
        if not text:
            return
        text = _SPACE.sub(" ", text)
        if not self.parts or self.parts[-1].endswith((" ", "\n")):
            text = text.lstrip()
        if text:
            self.parts.append(text)
            self.length += len(text)

    def line_break(self) -> None:
        """<lb/>: a line break, and a second one in a row a paragraph break."""
        if not self.parts:
            return
        if self.parts[-1].endswith("\n"):
            self.block()
            return
        if self.parts[-1].endswith(" "):
            last = self.parts[-1]
            self.parts[-1] = last.rstrip(" ")
            self.length -= len(last) - len(self.parts[-1])
        self.parts.append("\n")
        self.length += 1

    def block(self) -> None:
        text = "".join(self.parts).rstrip()
        if text:
            end = len(text)
            self.done.append(Paragraph(text, tuple(
                Ref(r.target, r.text, min(r.start, end), min(r.end, end)) for r in self.refs), self.kind))
        self.parts, self.refs, self.length, self.kind = [], [], 0, "p"

    def text_from(self, part: int) -> str:
        """The text added since the paragraph had `part` parts."""
        return "".join(self.parts[part:])


def _walk(element: etree._Element, out: _Paragraphs) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "row" and not _holds_blocks(child):
            _row(child, out)
        elif tag == "lb":
            out.line_break()
        elif tag == "graphic":
            pass
        elif tag == "ref":
            _ref(child, out)
        elif tag in BLOCKS or tag in ("row", "cell"):
            out.block()
            out.kind = tag
            out.add(child.text)
            _walk(child, out)
            out.block()
        elif tag:
            out.add(child.text)
            _walk(child, out)
        out.add(child.tail)


def _holds_blocks(row: etree._Element) -> bool:
    """A table row whose cells hold paragraphs is page layout, not a row of figures."""
    return any(isinstance(el.tag, str) and el.tag in BLOCKS for cell in row for el in cell.iter())


def _row(row: etree._Element, out: _Paragraphs) -> None:
    """A row of a table of figures: one paragraph, its cells apart."""
    out.block()
    out.kind = "row"
    for number, cell in enumerate(c for c in row if c.tag == "cell"):
        if number:
            out.add(" | ")
        out.add(cell.text)
        _walk(cell, out)
    out.block()


def _ref(element: etree._Element, out: _Paragraphs) -> None:
    start, first = out.length, len(out.parts)
    out.add(element.text)
    _walk(element, out)
    raw = out.text_from(first)
    # The anchor's offsets cover its words, not the spaces around them.
    begin = start + len(raw) - len(raw.lstrip())
    end = max(begin, start + len(raw.rstrip()))
    out.refs.append(Ref(target=element.get("target") or "", text=raw.strip(), start=begin, end=end))
