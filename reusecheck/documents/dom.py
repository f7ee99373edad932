"""Where text and links stand in a page: one pass over the selectolax tree, in document order.

The article extractor returns text, not elements. To tell which element a paragraph came from (a
caption, a byline, a related box), where a link outside the body stood, and which `rel` a body link
had, each paragraph is found again in the page's text, squeezed of whitespace so that the two parsers'
spacing does not matter.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

_NOT_TEXT = frozenset("script style template noscript textarea select option svg title head".split())
_CLASS_SPLIT = re.compile(r"[\s_\-:]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_KEY = 64
"""Characters of a paragraph's squeezed text used to find it: enough to be unique, short to search."""


def squeeze(text: str) -> str:
    """Text without any whitespace: the form both parsers agree on."""
    return "".join(text.split())


@dataclass(frozen=True)
class Anchor:
    """An <a href> of the page."""

    node: Any
    order: int
    href: str
    key: str
    """Its squeezed anchor text."""


@dataclass(frozen=True)
class Found:
    """Where a paragraph was found: its first text node's element and document order."""

    node: Any
    order: int
    offset: int
    """Offset in the page's squeezed text just after the matched key."""


@dataclass
class PageIndex:
    """The page's text, squeezed and in document order, and its anchors."""

    flat: str = ""
    starts: list[int] = field(default_factory=list)
    nodes: list[Any] = field(default_factory=list)
    """The parent element of each text node."""
    orders: list[int] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)
    order_of: dict[int, int] = field(default_factory=dict)
    """Document order of each element, by its mem_id."""
    by_href: dict[str, list[Anchor]] = field(default_factory=dict)
    _free: dict[tuple[str, str | None], _Free] = field(default_factory=dict)

    @classmethod
    def build(cls, root: Any) -> PageIndex:
        index = cls()
        parts: list[str] = []
        length = 0
        for order, node in enumerate(root.traverse(include_text=True)):
            tag = node.tag
            if tag == "-text":
                parent = node.parent
                if parent is None or parent.tag in _NOT_TEXT:
                    continue
                text = squeeze(node.text_content or "")
                if text:
                    index.starts.append(length)
                    index.nodes.append(parent)
                    index.orders.append(order)
                    parts.append(text)
                    length += len(text)
                continue
            if tag.startswith("-"):
                continue
            index.order_of[node.mem_id] = order
            if tag == "a" and (href := node.attributes.get("href")) and href.strip():
                anchor = Anchor(node, order, href.strip(), squeeze(node.text() or ""))
                index.anchors.append(anchor)
                index.by_href.setdefault(anchor.href, []).append(anchor)
        index.flat = "".join(parts)
        return index

    def find(self, text: str, start: int = 0) -> Found | None:
        """The first place at or after `start` (an offset in the squeezed text) where `text` begins."""
        key = squeeze(text)[:_KEY]
        if not key:
            return None
        at = self.flat.find(key, start)
        if at < 0:
            return None
        i = bisect_right(self.starts, at) - 1
        return Found(self.nodes[i], self.orders[i], at + len(key))

    def texts(self) -> Iterator[tuple[Any, str]]:
        """Each text node's parent element and squeezed text, in document order."""
        ends = self.starts[1:] + [len(self.flat)]
        for node, start, end in zip(self.nodes, self.starts, ends, strict=True):
            yield node, self.flat[start:end]

    def anchors_to(self, href: str) -> list[Anchor]:
        """The page's anchors whose href, as written, is `href`, in document order."""
        return self.by_href.get(href, [])

    def free_anchor(self, href: str, key: str, order: int, used: set[int]) -> Anchor | None:
        """The first anchor to `href` not in `used` (by mem_id), preferring one whose squeezed text is `key`,
        and of those one at or after document order `order`."""
        same = self._free.get((href, key))
        if same is None:
            same = self._free[(href, key)] = _Free([a for a in self.anchors_to(href) if a.key == key])
        found = same.first(order, used)
        if found is None:
            every = self._free.get((href, None))
            if every is None:
                every = self._free[(href, None)] = _Free(self.anchors_to(href))
            found = every.first(order, used)
        return found

    def order(self, node: Any) -> int:
        return self.order_of.get(node.mem_id, -1)

    def offset_of(self, node: Any) -> int:
        """Offset in the squeezed text of the first text at or after the element `node`."""
        i = bisect_right(self.orders, self.order(node))
        return self.starts[i] if i < len(self.starts) else len(self.flat)

    def text_nodes_between(self, after: int, before: int) -> Iterator[tuple[Any, int]]:
        """Parent elements and orders of the text nodes whose order is in (after, before)."""
        i = bisect_right(self.orders, after)
        while i < len(self.orders) and self.orders[i] < before:
            yield self.nodes[i], self.orders[i]
            i += 1


class _Free:
    """Anchors in document order, of which more get used as the body's links are matched to them.

    Each entry points on to the next one that may still be free, and the pointers are shortened as used
    ones are met: a page with thousands of links to one target is searched in about linear time.
    """

    def __init__(self, anchors: list[Anchor]) -> None:
        self.anchors = anchors
        self.orders = [a.order for a in anchors]
        self.next = list(range(len(anchors) + 1))

    def _free_from(self, i: int, used: set[int]) -> int:
        path = []
        while i < len(self.anchors) and (self.next[i] != i or self.anchors[i].node.mem_id in used):
            path.append(i)
            i = self.next[i] if self.next[i] != i else i + 1
        for j in path:
            self.next[j] = i
        return i

    def first(self, order: int, used: set[int]) -> Anchor | None:
        """The first free anchor at or after `order`, else the first free one; None when all are used."""
        for start in (bisect_left(self.orders, order), 0):
            i = self._free_from(start, used)
            if i < len(self.anchors):
                return self.anchors[i]
        return None


def ancestors(node: Any, stop: Any = None) -> Iterator[Any]:
    """`node` and its ancestors, up to but not including `stop` (or the document)."""
    stop_id = stop.mem_id if stop is not None else None
    while node is not None and node.tag not in ("-undef", "-document", "html"):
        if node.mem_id == stop_id:
            return
        yield node
        node = node.parent


def contains(outer: Any, inner: Any) -> bool:
    """Whether `inner` is `outer` or inside it."""
    return any(node.mem_id == outer.mem_id for node in ancestors(inner))


def words_of(node: Any) -> set[str]:
    """The words of an element's class, id, role, itemprop and data-testid attributes, lower-cased."""
    attrs = node.attributes
    found: set[str] = set()
    for name in ("class", "id", "role", "itemprop", "data-testid", "data-component"):
        value = attrs.get(name)
        if value:
            found.update(part for part in _CLASS_SPLIT.split(_CAMEL.sub(" ", value).lower()) if part)
    return found
