"""HTML pages: the article body, its links, canonical URL and title. Parsing is selectolax's (lexbor)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from reusecheck.documents.chrome import CHROME_TAGS, SKIP_TAGS, is_chrome_class
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


def _is_chrome(node: Any, in_article: bool) -> bool:
    if node.tag in CHROME_TAGS or (node.tag == "header" and not in_article):
        return True
    attrs = node.attributes
    for name in ("class", "id", "role"):
        value = attrs.get(name)
        if value and is_chrome_class(value):
            return True
    return attrs.get("aria-hidden") == "true" or "hidden" in attrs


def _walk(node: Any, out: _Builder, in_article: bool) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.add(child.text_content or "")
            continue
        if tag.startswith("-") or tag in SKIP_TAGS:
            continue
        if tag == "br":
            out.add("\n")
            continue
        if _is_chrome(child, in_article):
            _chrome_links(child, out, in_article)
            continue
        block = tag in BLOCK_TAGS
        if block:
            out.block()
        if tag == "a" and child.attributes.get("href"):
            _link(child, out, in_article)
        else:
            _walk(child, out, in_article or tag == "article")
        if block:
            out.block()


def _chrome_links(node: Any, out: _Builder, in_article: bool) -> None:
    """Keep the links of a chrome block, not its text: an attribution box is still a link of the page.

    They stand, with no length, where the block stood.
    """
    scratch = _Builder(base_url=out.base_url)
    if node.tag == "a" and node.attributes.get("href"):
        _link(node, scratch, in_article)
    else:
        _walk(node, scratch, in_article)
    at = out.length
    out.links.extend(replace(link, start=at, end=at) for link in scratch.links)


def _link(node: Any, out: _Builder, in_article: bool) -> None:
    href = (node.attributes.get("href") or "").strip()
    if out.base_url:
        href = urljoin(out.base_url, href)
    out.settle()
    start = out.length
    _walk(node, out, in_article)
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


def _article(tree: LexborHTMLParser) -> Any:
    """The story's element: the one <article>, or of several the one with the headline or most text."""
    articles = tree.css("article")
    if len(articles) == 1:
        return articles[0]
    if articles:
        with_h1 = [a for a in articles if a.css_first("h1") is not None]
        return max(with_h1 or articles, key=lambda a: len(a.text(separator=" ")))
    return tree.css_first("main") or tree.body or tree.root


def _absolute(url: str | None) -> bool:
    return bool(url) and urlsplit(url or "").scheme in ("http", "https")


def parse_html(markup: str) -> tuple[str, tuple[Link, ...], str | None, str | None]:
    """Text of the article body, its links, the canonical URL and the title of an HTML page."""
    tree = LexborHTMLParser(markup)
    canonical = _meta(tree, 'link[rel~="canonical"]', "href")
    og_url = _meta(tree, 'meta[property="og:url"]', "content")
    url = canonical if _absolute(canonical) else None
    if url is None and canonical and _absolute(og_url):
        url = urljoin(og_url or "", canonical)
    url = url or (og_url if _absolute(og_url) else None)
    title = _meta(tree, 'meta[property="og:title"]', "content")
    if title is None and (node := tree.css_first("title")) is not None:
        title = node.text(strip=True) or None
    root = _article(tree)
    out = _Builder(base_url=url)
    if root is not None:
        _walk(root, out, root.tag == "article")
    text = out.text()
    links = tuple(replace(link, start=min(link.start, len(text)), end=min(link.end, len(text))) for link in out.links)
    return text, links, url, title
