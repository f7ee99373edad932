"""HTML pages: the article body, its links, canonical URL and title. Parsing is selectolax's (lexbor)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from reusecheck.documents.chrome import CHROME_TAGS, is_chrome_class, is_terms_notice
from reusecheck.documents.model import Link

BLOCK_TAGS = frozenset(
    """address article blockquote dd details div dl dt fieldset figcaption figure h1 h2 h3 h4 h5 h6 header
    hgroup hr li main ol p pre section summary table tbody td th thead tr ul body""".split()
)
_SPACE = re.compile(r"\s+")


@dataclass
class _Builder:
    """Accumulates text with paragraph breaks between blocks, and the links met on the way."""

    base_url: str | None
    parts: list[str] = field(default_factory=list)
    length: int = 0
    links: list[Link] = field(default_factory=list)
    pending_break: bool = False

    def add(self, text: str) -> None:
        text = _SPACE.sub(" ", text)
        if not text.strip() and (self.pending_break or not self.parts or self.parts[-1].endswith(" ")):
            return
        self.settle()
        if not self.parts or self.parts[-1].endswith((" ", "\n")):
            text = text.lstrip()
        self._append(text)

    def settle(self) -> None:
        """Write a pending paragraph break now, so the next offset is where new text will start."""
        if self.pending_break and self.parts:
            self._append("\n\n")
        self.pending_break = False

    def block(self) -> None:
        if self.parts:
            self.pending_break = True

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts).rstrip()


def _is_chrome(node: Any) -> bool:
    if node.tag in CHROME_TAGS:
        return True
    attrs = node.attributes
    for name in ("class", "id", "role"):
        value = attrs.get(name)
        if value and is_chrome_class(value):
            return True
    return attrs.get("aria-hidden") == "true" or "hidden" in attrs


def _walk(node: Any, out: _Builder) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.add(child.text_content or "")
            continue
        if tag.startswith("-") or _is_chrome(child):
            continue
        if tag == "br":
            out.add("\n")
            continue
        block = tag in BLOCK_TAGS
        if block:
            if tag in ("p", "blockquote", "li", "h1", "h2", "h3", "h4", "h5", "h6") and is_terms_notice(
                child.text(separator=" ")
            ):
                continue
            out.block()
        if tag == "a" and child.attributes.get("href"):
            _link(child, out)
        else:
            _walk(child, out)
        if block:
            out.block()


def _link(node: Any, out: _Builder) -> None:
    href = (node.attributes.get("href") or "").strip()
    if out.base_url:
        href = urljoin(out.base_url, href)
    out.settle()
    start = out.length
    _walk(node, out)
    rel = tuple((node.attributes.get("rel") or "").lower().split())
    raw = "".join(out.parts)[start:]
    # The anchor's offsets cover its words, not the spaces around them.
    begin = start + len(raw) - len(raw.lstrip())
    end = start + len(raw.rstrip())
    out.links.append(Link(href=href, text=raw.strip(), start=begin, end=max(begin, end), rel=rel, syntax="html"))


def _meta(tree: LexborHTMLParser, selector: str, attr: str) -> str | None:
    node = tree.css_first(selector)
    value = node.attributes.get(attr) if node is not None else None
    return value.strip() if value and value.strip() else None


def parse_html(markup: str) -> tuple[str, tuple[Link, ...], str | None, str | None]:
    """Text of the article body, its links, the canonical URL and the title of an HTML page."""
    tree = LexborHTMLParser(markup)
    url = _meta(tree, 'link[rel~="canonical"]', "href") or _meta(tree, 'meta[property="og:url"]', "content")
    title = _meta(tree, 'meta[property="og:title"]', "content")
    if title is None and (node := tree.css_first("title")) is not None:
        title = node.text(strip=True) or None
    articles = tree.css("article")
    root = articles[0] if len(articles) == 1 else tree.css_first("main") or tree.body or tree.root
    out = _Builder(base_url=url)
    if root is not None:
        _walk(root, out)
    return out.text(), tuple(out.links), url, title
