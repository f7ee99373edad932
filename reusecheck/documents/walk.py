"""A walk of a selectolax (lexbor) tree into text and links, dropping chrome blocks by class and tag.

It reads HTML fragments (Markdown's HTML blocks), a page's headline and standfirst, and a whole page
when the article extractor finds nothing in it (a very short page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urljoin

from reusecheck.documents.chrome import CHROME_TAGS, SKIP_TAGS, is_chrome_class
from reusecheck.documents.model import Link

BLOCK_TAGS = frozenset(
    """address article blockquote dd details div dl dt fieldset figcaption figure h1 h2 h3 h4 h5 h6 header
    hgroup hr li main ol p pre section summary table tbody td th thead tr ul body""".split()
)
_SPACE = re.compile(r"\s+")


@dataclass
class Builder:
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

    def clipped_links(self) -> tuple[Link, ...]:
        """The links, their offsets within the final (right-stripped) text."""
        end = len(self.text())
        return tuple(replace(link, start=min(link.start, end), end=min(link.end, end)) for link in self.links)


def is_chrome(node: Any, in_article: bool) -> bool:
    """A block of site furniture: nav, footer, aside, form, a page-level header, a chrome class, hidden."""
    if node.tag in CHROME_TAGS or (node.tag == "header" and not in_article):
        return True
    attrs = node.attributes
    for name in ("class", "id", "role"):
        value = attrs.get(name)
        if value and is_chrome_class(value):
            return True
    return is_hidden(node)


def is_hidden(node: Any) -> bool:
    """Hidden from readers by the markup itself (CSS files are not read)."""
    attrs = node.attributes
    if attrs.get("aria-hidden") == "true" or "hidden" in attrs:
        return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def walk(node: Any, out: Builder, in_article: bool) -> None:
    """Append the text and links under `node`; chrome blocks leave only their links, with no length."""
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
        if is_chrome(child, in_article):
            chrome_links(child, out, in_article)
            continue
        block = tag in BLOCK_TAGS
        if block:
            out.block()
        if tag == "a" and child.attributes.get("href"):
            link(child, out, in_article)
        else:
            walk(child, out, in_article or tag == "article")
        if block:
            out.block()


def chrome_links(node: Any, out: Builder, in_article: bool) -> None:
    """Keep the links of a chrome block, not its text: an attribution box is still a link of the page.

    They stand, with no length, where the block stood.
    """
    scratch = Builder(base_url=out.base_url)
    if node.tag == "a" and node.attributes.get("href"):
        link(node, scratch, in_article)
    else:
        walk(node, scratch, in_article)
    at = out.length
    out.links.extend(replace(found, start=at, end=at) for found in scratch.links)


def resolve(href: str, base_url: str | None) -> str:
    """A link target as written, made absolute when the page's URL is known."""
    href = href.strip()
    return urljoin(base_url, href) if base_url else href


def rel_of(node: Any) -> tuple[str, ...]:
    return tuple((node.attributes.get("rel") or "").lower().split())


def link(node: Any, out: Builder, in_article: bool) -> None:
    href = resolve(node.attributes.get("href") or "", out.base_url)
    out.settle()
    start, first = out.length, len(out.parts)
    walk(node, out, in_article)
    # The anchor's own parts, not the whole text so far sliced: a page of many links stays linear.
    raw = "".join(out.parts[first:])
    # The anchor's offsets cover its words, not the spaces around them.
    begin = start + len(raw) - len(raw.lstrip())
    end = start + len(raw.rstrip())
    out.links.append(Link(href=href, text=raw.strip(), start=begin, end=max(begin, end), rel=rel_of(node),
                          syntax="html"))
