"""HTML pages: the article body, its links, canonical URL and title; and HTML fragments inside Markdown.

Parsing is selectolax's (lexbor); the walk that turns a tree into text is documents/walk.py.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from reusecheck.documents.model import Link
from reusecheck.documents.walk import Builder, walk


def parse_html(markup: str) -> tuple[str, tuple[Link, ...], str | None, str | None]:
    """Text of the article body, its links, the canonical URL and the title of an HTML page."""
    tree = LexborHTMLParser(markup)
    url = _canonical_url(tree)
    text, links = _walked(_article(tree), url)
    return text, links, url, _title(tree)


def parse_fragment(markup: str) -> tuple[str, tuple[Link, ...]]:
    """Text and links of a piece of HTML (a Markdown HTML block)."""
    tree = LexborHTMLParser(markup)
    return _walked(_article(tree), None)


def _walked(root: Any, base_url: str | None) -> tuple[str, tuple[Link, ...]]:
    out = Builder(base_url=base_url)
    if root is not None:
        walk(root, out, root.tag == "article")
    return out.text(), out.clipped_links()


def _article(tree: LexborHTMLParser) -> Any:
    """The story's element: the one <article>, or of several the one with the headline or most text."""
    articles = tree.css("article")
    if len(articles) == 1:
        return articles[0]
    if articles:
        with_h1 = [a for a in articles if a.css_first("h1") is not None]
        return max(with_h1 or articles, key=lambda a: len(a.text(separator=" ")))
    return tree.css_first("main") or tree.body or tree.root


def _meta(tree: LexborHTMLParser, selector: str, attr: str) -> str | None:
    node = tree.css_first(selector)
    value = node.attributes.get(attr) if node is not None else None
    return value.strip() if value and value.strip() else None


def _title(tree: LexborHTMLParser) -> str | None:
    title = _meta(tree, 'meta[property="og:title"]', "content")
    if title is None and (node := tree.css_first("title")) is not None:
        title = node.text(strip=True) or None
    return title


def _absolute(url: str | None) -> bool:
    return bool(url) and urlsplit(url or "").scheme in ("http", "https")


def _canonical_url(tree: LexborHTMLParser) -> str | None:
    canonical = _meta(tree, 'link[rel~="canonical"]', "href")
    og_url = _meta(tree, 'meta[property="og:url"]', "content")
    url = canonical if _absolute(canonical) else None
    if url is None and canonical and _absolute(og_url):
        url = urljoin(og_url or "", canonical)
    return url or (og_url if _absolute(og_url) else None)
