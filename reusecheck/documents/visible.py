"""The characters of a Markdown or HTML file that a reader sees, each with where it is written.

Markup is skipped and entities and escapes are decoded, so that the words of a file can be aligned with
the words of the text extracted from it (documents/locate.py). The scan is forward-only and linear:
the standard library's html.parser took seconds on hostile runs of `</`, and a reader of positions
needs no tree, only where each visible character stands.
"""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

from markdown_it import MarkdownIt

# Letters and digits only: an underscore or an apostrophe splits a word alike in the file and in the text.
WORD = re.compile(r"[^\W_]+")


class Visible:
    """The characters of a file a reader sees, each with the stretch of the file it was written as."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def literal(self, text: str, offset: int) -> None:
        self.chars.extend(text)
        self.starts.extend(range(offset, offset + len(text)))
        self.ends.extend(range(offset + 1, offset + len(text) + 1))

    def decoded(self, written: str, shown: str, offset: int) -> None:
        """`shown` is what `written` (an entity, an escape) reads as: the characters both end with keep
        their own places, the rest of `shown` takes the rest of `written` (a reference without its
        semicolon is followed by plain text)."""
        same = 0
        while same < min(len(written), len(shown)) and written[-1 - same] == shown[-1 - same]:
            same += 1
        head_end = offset + len(written) - same
        for ch in shown[:len(shown) - same]:
            self.chars.append(ch)
            self.starts.append(offset)
            self.ends.append(head_end)
        if same:
            self.literal(shown[len(shown) - same:], head_end)

    def gap(self, offset: int) -> None:
        """A break between blocks: it parts words but is not in the text itself."""
        self.chars.append("\n")
        self.starts.append(offset)
        self.ends.append(offset)


# --- HTML -----------------------------------------------------------------------------------------------

_HIDDEN_TAGS = frozenset("script style template head title noscript svg math".split())
_HEAD_TAGS = frozenset("head title meta link base style script noscript template html".split())
_INLINE_TAGS = frozenset(
    """a abbr b bdi bdo cite code data del dfn em font i ins kbd mark q s samp small span strong sub sup time
    tt u var wbr""".split())
_HTML_MARK = re.compile(r"<(?:!--|/?[A-Za-z]|[!?])|&")
_TAG_NAME = re.compile(r"[^\s/>]*")
_TAG_STOP = re.compile(r"[>\"']")
_HTML_REFERENCE = re.compile(r"&(?:#[xX][0-9a-fA-F]+;?|#[0-9]+;?|[A-Za-z][A-Za-z0-9]*;?)")
_RAW_TEXT = {tag: re.compile(rf"</{tag}[\s/>]", re.IGNORECASE) for tag in ("script", "style", "title", "textarea")}


def read_html(markup: str, offset: int, out: Visible) -> None:
    """A page's visible characters: tags, attributes, comments and hidden elements skipped.

    A scan of its own rather than html.parser's: every step moves forward, so a hostile page (thousands
    of unclosed tags or comments) costs linear time.
    """
    hidden: Counter[str] = Counter()
    i = 0
    while i < len(markup):
        found = _HTML_MARK.search(markup, i)
        stop = found.start() if found else len(markup)
        if stop > i and not any(hidden.values()):
            out.literal(markup[i:stop], offset + i)
        if found is None:
            return
        mark = found.group()
        if mark == "&":
            reference = _HTML_REFERENCE.match(markup, stop)
            written = reference.group() if reference else "&"
            if not any(hidden.values()):
                out.decoded(written, unescape(written), offset + stop)
            i = stop + len(written)
        elif mark == "<!--":
            close = markup.find("-->", stop + 4)
            i = len(markup) if close < 0 else close + 3
        elif mark in ("<!", "<?"):
            close = markup.find(">", stop + 2)
            i = len(markup) if close < 0 else close + 1
        else:
            closing = mark[1] == "/"
            name_end = _TAG_NAME.match(markup, stop + 1 + closing)
            tag = markup[stop + 1 + closing:name_end.end() if name_end else stop + 2].lower()
            i = _tag_end(markup, stop + 1)
            _hide(hidden, tag, closing)
            if tag not in _INLINE_TAGS:
                out.gap(offset + stop)
            if not closing and tag in _RAW_TEXT:
                # Script, style and title hold text, not markup, up to their end tag.
                end = _RAW_TEXT[tag].search(markup, i)
                if tag == "textarea" and not any(hidden.values()):
                    out.literal(markup[i:end.start() if end else len(markup)], offset + i)
                i = end.start() if end else len(markup)


def _tag_end(markup: str, i: int) -> int:
    """The offset after the `>` that ends a tag; a quote opens a value only after `=`."""
    while True:
        stop = _TAG_STOP.search(markup, i)
        if stop is None:
            return len(markup)
        if stop.group() == ">":
            return stop.end()
        before = stop.start() - 1
        while before > i and markup[before].isspace():
            before -= 1
        if markup[before] == "=":
            close = markup.find(stop.group(), stop.end())
            if close < 0:
                return len(markup)
            i = close + 1
        else:
            i = stop.end()


def _hide(hidden: Counter[str], tag: str, closing: bool) -> None:
    """Count the open elements whose text is not shown: head, script, style, template and the like."""
    if hidden["head"] and not closing and tag not in _HEAD_TAGS:
        hidden["head"] = 0  # a page without </head> ends its head at the first element of the body
    if tag == "body" and not closing:
        hidden["head"] = 0
    elif tag in _HIDDEN_TAGS:
        hidden[tag] = max(0, hidden[tag] + (-1 if closing else 1))


# --- Markdown -------------------------------------------------------------------------------------------

_MARKDOWN = MarkdownIt("commonmark").enable("table")
# Only the blocks' lines are wanted here: the inline parse is most of markdown-it's time.
_MARKDOWN.core.ruler.disable(["inline", "text_join"])
_NEWLINE = re.compile(r"\r\n|\r|\n")
_MARKER = re.compile(r"(?:[ \t]*(?:>|#{1,6}(?=[ \t]|$)|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*", re.MULTILINE)
_SPECIAL = re.compile(r"[\\`&<\]*]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@\\]+@[A-Za-z0-9.-]+)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_TAG_CLOSE = (("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>"), ("<!", ">"))
_LABEL = 1000
"""The most characters of a link label (CommonMark's limit, less one)."""
# A link's (destination "title"); a title's length is bounded, so unclosed quotes cost no more than that.
_DESTINATION = re.compile(r"""\(\s*(?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"""
                          r"""(?:\s+(?:"[^"]{0,1000}"|'[^']{0,1000}'|\([^()]{0,1000}\)))?\s*\)""")
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def read_markdown(raw: str, body_offset: int, out: Visible) -> None:
    """The body's visible characters, block by block, from the lines markdown-it says each block stands on."""
    body = raw[body_offset:]
    lines = [0] + [m.end() for m in _NEWLINE.finditer(body)] + [len(body)]
    done: set[tuple[int, int, str]] = set()
    finder = _Finder(body)
    for token in _MARKDOWN.parse(body):
        if token.map is None or token.type not in ("inline", "fence", "code_block", "html_block"):
            continue
        first, last = token.map
        if token.type == "fence":
            first += 1  # the opening fence and its info string are not text
        first, last = min(first, len(lines) - 1), min(last, len(lines) - 1)
        if (first, last, token.type) in done:
            continue  # the cells of a table row share their line
        done.add((first, last, token.type))
        begin, end = lines[first], lines[last]
        out.gap(body_offset + begin)
        if token.type == "inline":
            _inline(finder, begin, end, body_offset, out)
        elif token.type == "html_block":
            read_html(body[begin:end], body_offset + begin, out)
        else:
            out.literal(body[begin:end], body_offset + begin)


def _inline(finder: _Finder, begin: int, end: int, offset: int, out: Visible) -> None:
    """Visible characters of a paragraph, heading or table cell written from body[begin:end]."""
    body = finder.body
    marker = _MARKER.match(body, begin, end)
    i = marker.end() if marker else begin
    while i < end:
        found = _SPECIAL.search(body, i, end)
        stop = found.start() if found else end
        if stop > i:
            out.literal(body[i:stop], offset + i)
        if not found:
            return
        i = _special(finder, stop, end, offset, out)


def _special(finder: _Finder, i: int, end: int, offset: int, out: Visible) -> int:
    """Read the markup that starts at body[i]; the offset just after it."""
    body = finder.body
    ch = body[i]
    if ch == "*":
        return i + 1  # emphasis: a word bold in part is one word in the text
    if ch == "\\":
        if i + 1 < end and body[i + 1] in _PUNCTUATION:
            out.decoded(body[i:i + 2], body[i + 1], offset + i)
            return i + 2
    elif ch == "`":
        run = len(body[i:end]) - len(body[i:end].lstrip("`"))
        close = re.compile(rf"(?<!`)`{{{run}}}(?!`)").search(body, i + run, end)
        if close:
            out.literal(body[i + run:close.start()], offset + i + run)
            return close.end()
        out.literal(body[i:i + run], offset + i)
        return i + run
    elif ch == "&":
        entity = _ENTITY.match(body, i, end)
        if entity:
            out.decoded(entity.group(), unescape(entity.group()), offset + i)
            return entity.end()
    elif ch == "<":
        link = _AUTOLINK.match(body, i, end)
        if link:
            out.literal(link.group(1), offset + i + 1)
            return link.end()
        after = _tag(finder, i, end)
        if after > 0:
            return after
    elif ch == "]" and i + 1 < end and body[i + 1] in "([":
        if body[i + 1] == "(":
            target = _DESTINATION.match(body, i + 1, end)
            after = target.end() if target else -1
        else:
            after = body.find("]", i + 2, min(end, i + 2 + _LABEL)) + 1
        if after > 0:
            out.literal("]", offset + i)
            return after
    out.literal(ch, offset + i)
    return i + 1


def _tag(finder: _Finder, i: int, end: int) -> int:
    """The offset after the inline HTML (a tag, a comment) that starts at body[i], or -1."""
    tag = _TAG.match(finder.body, i, end)
    if tag:
        return tag.end()
    for opening, closing in _TAG_CLOSE:
        if finder.body.startswith(opening, i) and (opening != "<!" or finder.body[i + 2:i + 3].isalpha()):
            close = finder.find(closing, i + len(opening))
            return close + len(closing) if 0 <= close <= end - len(closing) else -1
    return -1


class _Finder:
    """str.find for a scan that only moves forward: each needle's next place is remembered, so a text
    of many unclosed comments is searched once, not once for each."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.found: dict[str, tuple[int, int]] = {}

    def find(self, needle: str, start: int) -> int:
        since, at = self.found.get(needle, (len(self.body) + 1, -1))
        if since <= start and (at < 0 or at >= start):
            return at
        at = self.body.find(needle, start)
        self.found[needle] = (start, at)
        return at
