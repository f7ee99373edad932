"""HTML: a page's article, links, canonical URL and title; and HTML fragments inside Markdown.

A page's article is found by trafilatura with what reusecheck adds on top (documents/page.py); a page
too short for it to find a body in, or too large for it to read in seconds, is walked as before, <main>
or else <body>, chrome dropped. A fragment is not a page: it is walked whole (documents/walk.py).
Parsing is selectolax's (lexbor).

Before any parse, the markup's nesting is measured by a linear scan (documents/nesting.py): lexbor's tree building
looks through the stack of open elements for many tags, so a page nested hundreds of thousands deep
would take hours, and the walks here and in trafilatura recurse. After the parse, the real depth is
checked again, exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from reusecheck.documents.model import Link
from reusecheck.documents.nesting import MAX_DEPTH, check_markup, too_deep
from reusecheck.documents.page import page_article
from reusecheck.documents.walk import Builder, walk

EXTRACTOR_ELEMENTS = 30_000
"""The most elements given to the article extractor: its time grows faster than the page (about 2 s at
30,000 elements); a larger page is walked whole instead, with a warning."""


@dataclass(frozen=True)
class Page:
    """What an HTML page gives: its article's text and the page's links, its URL and title, and what the
    reader had to work around."""

    text: str
    links: tuple[Link, ...]
    url: str | None
    title: str | None
    warnings: tuple[str, ...] = ()


def read_page(markup: str) -> Page:
    """Parse a page; an InputError (without a path) for one nested too deeply or with too many elements."""
    shape = check_markup(markup)
    tree = LexborHTMLParser(markup)
    _check_depth(tree)
    url = _canonical_url(tree)
    og_title, tag_title = _meta(tree, 'meta[property="og:title"]', "content"), _tag_title(tree)
    warnings: tuple[str, ...] = ()
    found = None
    if shape.elements <= EXTRACTOR_ELEMENTS:
        found = page_article(tree, url, [t for t in (og_title, tag_title) if t])
    else:
        warnings = (f"the page has {shape.elements:,} elements, more than the {EXTRACTOR_ELEMENTS:,} the article "
                    "extractor reads in seconds: read whole (<main> or <body>), without its filtering of "
                    "boilerplate",)
    if found is None:
        text, links = _walked(_fallback_root(tree), url)
    else:
        text, links = found
    return Page(text, links, url, og_title or tag_title, warnings)


def page_url(markup: str) -> str | None:
    """Only the page's canonical URL: what an archive needs to know of an original before reading it whole."""
    check_markup(markup)
    tree = LexborHTMLParser(markup)
    _check_depth(tree)
    return _canonical_url(tree)


def parse_html(markup: str) -> tuple[str, tuple[Link, ...], str | None, str | None]:
    """Text of a page's article, the page's links, its canonical URL and its title."""
    page = read_page(markup)
    return page.text, page.links, page.url, page.title


def parse_fragment(markup: str) -> tuple[str, tuple[Link, ...]]:
    """Text and links of a piece of HTML (a Markdown HTML block): the walk of its article, main or body."""
    check_markup(markup)
    tree = LexborHTMLParser(markup)
    _check_depth(tree)
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


_DEEP = "*" + " > *" * MAX_DEPTH


def _check_depth(tree: LexborHTMLParser) -> None:
    """Refuse a parsed tree with an element more than MAX_DEPTH levels down, counting <html> as one.

    lexbor matches the selector from the element upwards, so the check costs the page's elements times
    their depth, in C.
    """
    node = tree.css_first(_DEEP)
    if node is not None:
        raise too_deep(f"{MAX_DEPTH + 1 + _depth_below(node):,}")


def _depth_below(node: Any) -> int:
    """How many levels of elements `node` holds (on the refusal path only: it walks the subtree)."""
    deepest = 0
    todo = [(node.child, 1)]
    while todo:
        child, depth = todo.pop()
        while child is not None:
            if not child.tag.startswith(("-", "_", "#")):
                deepest = max(deepest, depth)
                if child.child is not None:
                    todo.append((child.child, depth + 1))
            child = child.next
    return deepest
