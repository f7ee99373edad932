"""HTML: a page's article, links, canonical URL and title; and HTML fragments inside Markdown.

A page's article is found by trafilatura with what reusecheck adds on top (documents/page.py); a page
too short for it to find a body in is walked as before, <main> or else <body>, chrome dropped. A
fragment is not a page: it is walked whole (documents/walk.py). Parsing is selectolax's (lexbor).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from reusecheck.documents.model import Link
from reusecheck.documents.page import page_article
from reusecheck.documents.walk import Builder, walk


def parse_html(markup: str) -> tuple[str, tuple[Link, ...], str | None, str | None]:
    """Text of a page's article, the page's links, its canonical URL and its title."""
    tree = LexborHTMLParser(markup)
    url = _canonical_url(tree)
    og_title, tag_title = _meta(tree, 'meta[property="og:title"]', "content"), _tag_title(tree)
    found = page_article(tree, url, [t for t in (og_title, tag_title) if t])
    if found is None:
        text, links = _walked(_fallback_root(tree), url)
    else:
        text, links = found
    return text, links, url, og_title or tag_title


def parse_fragment(markup: str) -> tuple[str, tuple[Link, ...]]:
    """Text and links of a piece of HTML (a Markdown HTML block): the walk of its article, main or body."""
    tree = LexborHTMLParser(markup)
    return _walked(_fragment_root(tree), None)


def _walked(root: Any, base_url: str | None) -> tuple[str, tuple[Link, ...]]:
    out = Builder(base_url=base_url)
    if root is not None:
        walk(root, out, root.tag == "article")
    return out.text(), out.clipped_links()


def _fallback_root(tree: LexborHTMLParser) -> Any:
    """Where a page too short for the extractor is read: <main> when it holds text, else <body>.

    Not an <article>: on a short page that is as likely a teaser card as the story.
    """
    main = tree.css_first("main")
    if main is not None and (main.text() or "").strip():
        return main
    return tree.body or tree.root


def _fragment_root(tree: LexborHTMLParser) -> Any:
    """The one <article>, or of several the one with the headline or most text; else <main> or <body>."""
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


def _tag_title(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first("title")
    return (node.text(strip=True) or None) if node is not None else None


def _absolute(url: str | None) -> bool:
    return bool(url) and urlsplit(url or "").scheme in ("http", "https")


def _canonical_url(tree: LexborHTMLParser) -> str | None:
    canonical = _meta(tree, 'link[rel~="canonical"]', "href")
    og_url = _meta(tree, 'meta[property="og:url"]', "content")
    url = canonical if _absolute(canonical) else None
    if url is None and canonical and _absolute(og_url):
        url = urljoin(og_url or "", canonical)
    return url or (og_url if _absolute(og_url) else None)
