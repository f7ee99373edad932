"""An HTML page's article: its headline, standfirst and body, and every other link on the page.

trafilatura (documents/body.py) finds the body. On top of it, here:

- the headline and the standfirst count as article: they lead the text, once, when trafilatura left
  them out, and paragraphs that stood before the headline (a kicker, a teaser) are not article;
- paragraphs that come from page furniture inside or beside the body are dropped: captions, bylines
  and datelines standing alone, related and read-more boxes, share and newsletter boxes, ad labels,
  copyright lines, a pull quote that repeats the body;
- body links keep their place in the text and their `rel` from the page (trafilatura drops it);
- every other link of the page (an attribution box, a copyright line, a menu) is kept with no length,
  at the paragraph boundary nearest to where it stood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from rapidfuzz import fuzz

from reusecheck.documents.body import Paragraph, Ref, extract_body
from reusecheck.documents.chrome import CHROME_WORDS
from reusecheck.documents.dom import Anchor, PageIndex, ancestors, contains, squeeze, words_of
from reusecheck.documents.model import Link
from reusecheck.documents.walk import BLOCK_TAGS, Builder, is_hidden, rel_of, resolve, walk

FURNITURE_WORDS = CHROME_WORDS | frozenset(
    """byline byline author authors dateline caption captions credit credits timestamp meta date time
    published updated paywall donate teaser widget onward trending popular disclaimer bio signup
    readmore attribution""".split())
"""Class words of blocks that are not article text when they sit inside or beside the body."""
FURNITURE_PREFIXES = ("related", "comment", "share", "social", "newsletter", "cookie", "sidebar", "breadcrumb",
                      "subscri", "advert", "paywall")
"""Stems that run into longer class words ('relatedposts', 'commentlist', 'sharedaddy')."""
FURNITURE_TAGS = frozenset("aside nav footer form figcaption button".split())
STANDFIRST_WORDS = frozenset(
    """standfirst lede lead leadin dek deck subtitle subheadline subhead strapline excerpt summary intro
    description preview anons announce""".split())
"""Class words of a standfirst: the summary under the headline ('anons' is the Russian CMSs' word)."""
_NOT_STANDFIRST = FURNITURE_WORDS | frozenset("image img photo figure picture video".split())
_TITLE_SPLIT = re.compile(r"\s+(?:\||::|–|—|-|·|»|/)\s+")
_KEY_CHARS = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”»)]*$")
_MONTHS = (r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|янв|фев|мар|апр|мая|май|июн|июл|авг|сен|окт|ноя|дек"
           r"|қаң|ақп|нау|сәу|мам|мау|шіл|там|қыр|қаз|қар|жел")
_DATE = re.compile(
    rf"(?i)\b\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}|\b\d{{1,2}}:\d{{2}}\b"
    rf"|\b\d{{1,2}}\s+(?:{_MONTHS})\w*|\b(?:{_MONTHS})\w*\.?\s+\d{{1,2}}\b|\b\d+\s+(?:hours?|minutes?|days?)\s+ago\b")
_META_START = re.compile(
    r"(?i)^(?:by|posted|published|updated|photo|photos|picture|image|credit|reporting|text|words"
    r"|автор\w*|фото\w*|текст|источник|опубликовано|обновлено|сурет\w*)\b")
_COPYRIGHT = re.compile(r"(?i)^\s*(?:©|\(c\)|copyright\b)")
_ATTRIBUTION = re.compile(r"(?i)\b(?:first|originally)\s+(?:published|appeared|ran)\b|\bre-?published\s+(?:here\s+)?"
                          r"(?:with|under|through|by)\b|впервые\s+опубликован|впервые\s+вышел")
_ATTRIBUTION_WORDS = 60
_AD_LABELS = frozenset("advertisement advert ad ads sponsored реклама жарнама".split())
_META_WORDS = 14
"""A byline, dateline or credit standing alone is short."""
_MAIN_SHARE = 0.6
_CARD_LEVELS = 3
"""How far up from a paragraph a teaser card's box is looked for."""
_CARD_WORDS = 60
_REPEAT_CHARS = 30
"""Letters of the shortest paragraph dropped as a repeat of a longer one (a pull quote is longer)."""
_STANDFIRST_WORDS = (5, 120)
_STANDFIRST_REACH = 400
"""Document positions after the headline searched for a standfirst when the body's start is unknown."""
_PLAIN_STANDFIRST_WORDS = 8
"""A <p> right after the headline is a standfirst only when longer than a byline or a date."""


@dataclass
class Block:
    """A paragraph of the article, with where it came from in the page."""

    text: str
    links: list[Link] = field(default_factory=list)
    """Offsets relative to `text`."""
    order: int = -1
    node: Any = None
    kind: str = "p"
    refs: tuple[Ref, ...] = ()

    @cached_property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def page_article(tree: Any, base_url: str | None, titles: list[str]) -> tuple[str, tuple[Link, ...]] | None:
    """The article's text and the page's links, or None when trafilatura finds no body in the page."""
    root = tree.body if tree.body is not None else tree.root
    index = PageIndex.build(root)
    paragraphs = extract_body(_visible_markup(tree))
    if not paragraphs:
        return None
    headline = find_headline(tree, index, titles)
    head_order = index.order(headline) if headline is not None else -1
    blocks = _locate(paragraphs, index, index.offset_of(headline) if headline is not None else 0)
    blocks = _drop_furniture(blocks, root, head_order)
    if not blocks:
        return None
    lead: list[Block] = []
    used: set[int] = set()
    if headline is not None and (top := _walked(headline, base_url, index)).words:
        blocks = [b for b in blocks if _key(b.text) != _key(top.text)]
        lead.append(top)
    standfirst = find_standfirst(index, headline, blocks[0].order if blocks else -1)
    if standfirst is not None:
        first = _walked(standfirst, base_url, index)
        body_key = "".join(_key(b.text) for b in blocks)
        if first.words and _key(first.text) not in body_key:
            lead.append(first)
    for block in lead:
        used.update(anchor.mem_id for anchor in block.node.css("a"))
    for block in blocks:
        if not _restore_lost_start(block, base_url, used):
            _link_body(block, index, base_url, used)
    return _assemble(lead + blocks, index, base_url, used)


def _visible_markup(tree: Any) -> str:
    """The page without hidden elements, for trafilatura, which reads no CSS and keeps them."""
    body = tree.body
    if body is None:
        return str(tree.html or "")
    total = len(body.text() or "")
    hidden = [n for n in body.css("[hidden], [aria-hidden], [style]") if is_hidden(n)]
    # A hidden wrapper of most of the page is a page saved with a dialog open, not hidden text.
    hidden = [n for n in hidden if len(n.text() or "") * 2 < total]
    if not hidden:
        return str(tree.html or "")
    copy = tree.clone()
    for node in copy.body.css("[hidden], [aria-hidden], [style]"):
        if is_hidden(node) and len(node.text() or "") * 2 < total:
            node.decompose()
    return str(copy.html or "")


# --- headline and standfirst ---------------------------------------------------------------------


def find_headline(tree: Any, index: PageIndex, titles: list[str]) -> Any:
    """The story's headline element: the <h1> that matches the page's title, else the element whose text
    is the title, else the only <h1>, else the last <h1> before the body."""
    wanted = _title_keys(titles)
    heads = [h for h in (tree.body.css("h1") if tree.body is not None else []) if _key(h.text() or "")]
    scored = [(_title_score(_key(h.text() or ""), wanted), -i, h) for i, h in enumerate(heads)]
    best = max(scored, key=lambda item: item[:2], default=None)
    if best is not None and best[0] >= 85:
        return best[2]
    for node, text in index.texts():
        if _key(text) in wanted and not _in_furniture(node):
            return node
    outside = [h for h in heads if not _in_furniture(h)]
    if len(outside) == 1:
        return outside[0]
    return outside[-1] if outside else None


def _title_keys(titles: list[str]) -> set[str]:
    keys: set[str] = set()
    for title in titles:
        keys.add(_key(title))
        parts = _TITLE_SPLIT.split(title)
        if len(parts) > 1:
            keys.update(_key(part) for part in parts if len(part.split()) >= 3)
    return {k for k in keys if len(k) >= 8}


def _title_score(key: str, wanted: set[str]) -> float:
    return max((fuzz.ratio(key, w) for w in wanted), default=0.0)


def find_standfirst(index: PageIndex, headline: Any, body_order: int) -> Any:
    """The summary under the headline: an element named like one (standfirst, lede, dek, subtitle,
    excerpt, ...) between the headline and the body, else a paragraph right after the headline."""
    if headline is None:
        return None
    start = index.order(headline)
    end = body_order if body_order > start else start + _STANDFIRST_REACH
    shared = frozenset(a.mem_id for a in ancestors(headline))
    seen: set[int] = set()
    for node, _order in index.text_nodes_between(start, end):
        if contains(headline, node):
            continue
        for element in ancestors(node):
            if element.mem_id in seen or index.order(element) <= start:
                break
            seen.add(element.mem_id)
            words = words_of(element)
            if words & STANDFIRST_WORDS and not words & _NOT_STANDFIRST and _fits_standfirst(element, shared):
                return element
    after = headline.next
    while after is not None and (after.tag == "-text" and not (after.text_content or "").strip()):
        after = after.next
    plain = after is not None and after.tag == "p" and not words_of(after) & FURNITURE_WORDS
    if plain and len((after.text() or "").split()) >= _PLAIN_STANDFIRST_WORDS and _fits_standfirst(after, shared):
        return after
    return None


def _fits_standfirst(node: Any, shared: frozenset[int]) -> bool:
    if node.tag in ("figure", "figcaption", "img", "picture", "a") or node.css_first("img, figure, figcaption"):
        return False
    words = len((node.text() or "").split())
    return _STANDFIRST_WORDS[0] <= words <= _STANDFIRST_WORDS[1] and not _in_furniture(node, shared)


def _walked(node: Any, base_url: str | None, index: PageIndex) -> Block:
    """A headline or standfirst element as text and links."""
    out = Builder(base_url=base_url)
    walk(node, out, in_article=True)
    return Block(out.text(), list(out.clipped_links()), index.order(node), node, "head")


# --- locating and filtering the body -------------------------------------------------------------


def _locate(paragraphs: list[Paragraph], index: PageIndex, start: int) -> list[Block]:
    blocks = []
    cursor = start
    for paragraph in paragraphs:
        found = index.find(paragraph.text, cursor) or index.find(paragraph.text)
        block = Block(paragraph.text, kind=paragraph.kind, refs=paragraph.refs)
        if found is not None:
            block.node, block.order, cursor = found.node, found.order, found.offset
        blocks.append(block)
    return blocks


def _drop_furniture(blocks: list[Block], root: Any, head_order: int) -> list[Block]:
    blocks = [b for b in blocks if b.words]
    main = _main_root(blocks, root)
    shared = frozenset(a.mem_id for a in ancestors(main))
    kept = [b for b in blocks if not (_in_furniture(b.node, shared) or _is_meta_line(b) or _is_link_list(b)
                                      or _in_card(b, main))]
    if head_order >= 0:
        after = [b for b in kept if b.order < 0 or b.order > head_order]
        # A headline after most of the body is a layout the markup reorders; keep the body whole then.
        if sum(b.words for b in after) * 2 >= sum(b.words for b in kept):
            kept = after
    return _without_repeats(kept)


def _main_root(blocks: list[Block], root: Any) -> Any:
    """The deepest element holding most of the body's words in more than one paragraph: the article's
    own container."""
    located = [b for b in blocks if b.node is not None]
    total = sum(b.words for b in located)
    weight: dict[int, int] = {}
    count: dict[int, int] = {}
    for block in located:
        for node in ancestors(block.node):
            weight[node.mem_id] = weight.get(node.mem_id, 0) + block.words
            count[node.mem_id] = count.get(node.mem_id, 0) + 1
    heaviest = max(located, key=lambda b: b.words, default=None)
    if heaviest is None:
        return root
    for node in ancestors(heaviest.node):
        if weight[node.mem_id] >= _MAIN_SHARE * total and count[node.mem_id] >= min(2, len(located)):
            return node
    return root


def _in_furniture(node: Any, shared: frozenset[int] = frozenset()) -> bool:
    """Inside a furniture block: an element below the ones in `shared` (by mem_id) that is furniture.

    The elements that hold the article's container as well describe the whole article (WordPress puts
    its tags in the article's class), so they are not looked at.
    """
    if node is None:
        return False
    for element in ancestors(node):
        if element.mem_id in shared or element.tag in ("body", "html"):
            return False
        if element.tag in FURNITURE_TAGS:
            return True
        words = words_of(element)
        if words & FURNITURE_WORDS or any(w.startswith(FURNITURE_PREFIXES) for w in words):
            return True
    return False


def _in_card(block: Block, main: Any) -> bool:
    """A teaser card's text: a block wrapped in a link, or a short summary beside a headline link."""
    if block.node is None:
        return False
    key = squeeze(block.text)
    for level, element in enumerate(ancestors(block.node, stop=main)):
        if element.tag == "a" and element.attributes.get("href"):
            return len(squeeze(element.text() or "")) >= 0.9 * len(key)
        if level >= _CARD_LEVELS or element.tag in ("body", "html") or contains(element, main):
            continue
        text = element.text() or ""
        if len(text.split()) > _CARD_WORDS:
            continue
        for anchor in element.css("a[href]"):
            title = anchor.text() or ""
            if len(title.split()) >= 3 and squeeze(title) not in key:
                return True
    return False


def _is_meta_line(block: Block) -> bool:
    """A byline, dateline, credit, ad label or copyright line standing as a paragraph of its own."""
    text = block.text.strip()
    words = _WORD.findall(text.lower())
    if _COPYRIGHT.match(text) or (len(words) <= _ATTRIBUTION_WORDS and _ATTRIBUTION.search(text)):
        return True
    if words and words[0] in _AD_LABELS and len(words) <= 5:
        return True
    if len(words) > _META_WORDS or _SENTENCE_END.search(text):
        return False
    return bool(_META_START.match(text)) or (block.kind != "head" and bool(_DATE.search(text)))


def _is_link_list(block: Block) -> bool:
    """A paragraph that is only a link to another page ('Read more: <a>...</a>'), not a sentence."""
    if not block.refs:
        return False
    linked = sum(len(_WORD.findall(ref.text)) for ref in block.refs)
    if linked >= 0.9 * block.words and not _SENTENCE_END.search(block.text.strip()):
        return True
    label = block.text[:block.refs[0].start].strip()
    rest = block.words - len(_WORD.findall(label))
    return label.endswith(":") and len(label.split()) <= 4 and linked >= 0.9 * rest


def _without_repeats(blocks: list[Block]) -> list[Block]:
    """Drop a paragraph that repeats part of a longer one: a pull quote, a highlighted sentence."""
    keys = [_key(b.text) for b in blocks]
    # Longest first, so the paragraphs longer than a given one are a prefix of the joined text.
    distinct = sorted(set(keys), key=len, reverse=True)
    joined = "\x00".join(distinct)
    longer_end: dict[int, int] = {}
    offset = 0
    for key in distinct:
        longer_end.setdefault(len(key), offset)
        offset += len(key) + 1
    repeats = {key for key in distinct
               if len(key) >= _REPEAT_CHARS and joined.find(key, 0, longer_end[len(key)]) >= 0}
    return [block for block, key in zip(blocks, keys, strict=True) if key not in repeats]


# --- links and the text ----------------------------------------------------------------------------


def _link_body(block: Block, index: PageIndex, base_url: str | None, used: set[int]) -> None:
    """Give the block its links, with the `rel` and target of the page's <a> each one came from.

    trafilatura sometimes loses the space between a link and the text beside it; where the page has
    one, it is put back.
    """
    text = block.text
    shift = 0
    for ref in block.refs:
        start, end = ref.start + shift, ref.end + shift
        anchor = _anchor_for(ref.target, ref.text, block.order, index, used)
        if anchor is not None:
            used.add(anchor.node.mem_id)
            href, rel = resolve(anchor.href, base_url), rel_of(anchor.node)
            if start > 0 and not text[start - 1].isspace() and _space_beside(anchor.node.prev, -1):
                text = text[:start] + " " + text[start:]
                start, end, shift = start + 1, end + 1, shift + 1
            if end < len(text) and not text[end].isspace() and _space_beside(anchor.node.next, 0):
                text = text[:end] + " " + text[end:]
                shift += 1
        else:
            href, rel = resolve(ref.target, base_url), ()
        if href:
            block.links.append(Link(href=href, text=ref.text, start=start, end=end, rel=rel, syntax="html"))
    block.text = text


def _restore_lost_start(block: Block, base_url: str | None, used: set[int]) -> bool:
    """Take the block's text from the page when trafilatura lost the words it began with.

    It happens to a block that mixes text and links. Only a block with no blocks inside it is read
    again, and only when the page's text ends with what trafilatura kept.
    """
    element = _block_element(block.node)
    if element is None or any(inner.tag in BLOCK_TAGS for inner in _descendants(element)):
        return False
    kept, page = squeeze(block.text), squeeze(element.text() or "")
    if len(page) <= len(kept) or not page.endswith(kept) or len(page) > 3 * len(kept):
        return False
    out = Builder(base_url=base_url)
    walk(element, out, in_article=True)
    block.text, block.links = out.text(), list(out.clipped_links())
    used.update(anchor.mem_id for anchor in element.css("a"))
    return True


def _descendants(node: Any) -> Any:
    """The elements inside `node` (selectolax's own searches include the node itself)."""
    walker = node.traverse()
    next(walker, None)
    return walker


def _block_element(node: Any) -> Any:
    """The nearest block-level element at or above `node`."""
    return next((a for a in ancestors(node) if a.tag in BLOCK_TAGS and a.tag not in ("body", "html")), None)


def _space_beside(node: Any, at: int) -> bool:
    """Whether the text node next to a link starts (at=0) or ends (at=-1) with whitespace."""
    if node is None or node.tag != "-text":
        return False
    content = node.text_content or ""
    return bool(content) and content[at].isspace()


def _anchor_for(target: str, text: str, order: int, index: PageIndex, used: set[int]) -> Anchor | None:
    """The page's <a> a link of the body came from: same target, same words, at or after its paragraph."""
    return index.free_anchor(target.strip(), squeeze(text), order, used)


def _assemble(blocks: list[Block], index: PageIndex, base_url: str | None,
              used: set[int]) -> tuple[str, tuple[Link, ...]]:
    parts: list[str] = []
    links: list[Link] = []
    starts: list[tuple[int, int]] = []  # (document order, text offset) of each paragraph
    length = 0
    for block in blocks:
        if parts:
            parts.append("\n\n")
            length += 2
        starts.append((block.order, length))
        links.extend(replace(link, start=link.start + length, end=link.end + length) for link in block.links)
        parts.append(block.text)
        length += len(block.text)
    text = "".join(parts)
    links.extend(_furniture_links(index, base_url, used, starts, len(text)))
    return text, tuple(links)


def _furniture_links(index: PageIndex, base_url: str | None, used: set[int], starts: list[tuple[int, int]],
                     end: int) -> list[Link]:
    """The page's other links, with no length, before the first paragraph that stood after them."""
    found = []
    for anchor in index.anchors:
        if anchor.node.mem_id in used:
            continue
        at = next((offset for order, offset in starts if order > anchor.order), end)
        text = " ".join((anchor.node.text() or "").split())
        found.append(Link(href=resolve(anchor.href, base_url), text=text, start=at, end=at,
                          rel=rel_of(anchor.node), syntax="html"))
    return found


def _key(text: str) -> str:
    """Letters and digits only, case folded: the form a repeat or a headline is recognised by."""
    return _KEY_CHARS.sub("", text.casefold())
