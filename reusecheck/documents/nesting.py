"""How deep a piece of markup would nest once parsed, found by a linear scan before any parse.

lexbor's tree building looks through the stack of open elements for many tags, so a page nested hundreds
of thousands deep would take hours to parse, and the walks after it recurse. The scan follows, roughly,
how lexbor nests elements, and errs high; documents/html.py checks the parsed tree again, exactly.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from reusecheck.errors import InputError

MAX_DEPTH = 200
"""The deepest element nesting read, <html> counting one. Real pages nest well under 100. The article
extractor's parser (libxml2) silently drops an element more than 256 levels down and all of the page
after it, so text nested that deep would vanish from the article unnoticed; and the walks recurse once
or twice per level."""
MAX_ELEMENTS = 200_000
"""The most elements a page may have. A news page has a few thousand, an encyclopedia's longest article
or a long live blog tens of thousands; at 25 bytes an element, a 5 MiB page of nothing but tags has a
million, and reading each one costs microseconds."""
SCAN_LIMIT = 5 * MAX_DEPTH
"""Nesting as written beyond which a page is not parsed. It is well above MAX_DEPTH because the scan
counts an unclosed tag as nesting where a parser would sometimes close it; lexbor builds a tree this
deep from a 5 MiB page in about a second (and one 450,000 deep in hours)."""


def too_deep(depth: str) -> InputError:
    return InputError(f"HTML nested too deeply ({depth} levels, more than the limit of {MAX_DEPTH}); "
                      "not read as an article")


@dataclass(frozen=True)
class Shape:
    """What the scan of the markup found: its nesting as written and how many elements it opens."""

    depth: int
    elements: int


def check_markup(markup: str) -> Shape:
    """The markup's shape; an InputError (without a path) when a parse would nest it too deeply or it
    has more than MAX_ELEMENTS elements."""
    nesting = _Nesting()
    try:
        nesting.scan(markup)
    except _Exceeded as stop:
        if stop.elements:
            raise InputError(f"HTML page has more than {MAX_ELEMENTS:,} elements; not read as an article"
                             ) from None
        raise too_deep(f"over {SCAN_LIMIT:,}") from None
    return Shape(nesting.deepest, nesting.elements)


class _Exceeded(Exception):
    def __init__(self, *, elements: bool) -> None:
        self.elements = elements


# A tag as the HTML tokenizer reads it: its name, then attributes, whose quoted values may hold '>'.
# Possessive quantifiers keep a tag that never closes from being searched again from every '<' in it.
_ATTRIBUTE_SOURCE = r"""([^\t\n\f\r />][^\t\n\f\r />=]*+)
    (?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:"[^"]*+"|'[^']*+'|[^\t\n\f\r >"'][^\t\n\f\r >]*+)?)?"""
_ATTRIBUTE = re.compile(_ATTRIBUTE_SOURCE, re.VERBOSE)
_UNNAMED = _ATTRIBUTE_SOURCE.replace("(", "(?:", 1)
_TAG = re.compile(rf"<(/?)([A-Za-z][^\t\n\f\r />]*+)((?:[\t\n\f\r /]++|{_UNNAMED})*+)(>?)", re.VERBOSE)
_MARKUP = re.compile(r"<(?:[/A-Za-z]|!|\?)")
_COMMENT_END = re.compile(r"--!?>")
_RAW_END: dict[str, re.Pattern[str]] = {}

_VOID = frozenset("area base basefont bgsound br col embed frame hr image img input keygen link meta param source "
                  "track wbr".split())
_RAW = frozenset("script style xmp iframe noembed noframes textarea title plaintext".split())
_FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
_SPECIAL = frozenset("""address applet area article aside base basefont bgsound blockquote body br button caption
    center col colgroup dd details dir div dl dt embed fieldset figcaption figure footer form frame frameset h1 h2
    h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li link listing main marquee menu meta nav
    noembed noframes noscript object ol p param plaintext pre script search section select source style summary
    table tbody td template textarea tfoot th thead title tr track ul wbr xmp""".split())
_SCOPE = frozenset("applet caption html table td th marquee object template select".split())
"""Scope boundaries; lexbor counts <select> among them, as the customizable <select> did to the standard."""
_TABLE_SCOPE = frozenset("html table template".split())
_MARKERS = frozenset("applet caption marquee object template td th".split())
_MODES = frozenset("table tbody thead tfoot tr td th caption colgroup template".split())
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_SECTIONS = ("tbody", "thead", "tfoot")
_CLOSES_P = frozenset("""address article aside blockquote center details dialog dir div dl fieldset figcaption
    figure footer header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5 h6 pre listing form
    plaintext xmp li dd dt hr""".split())
_BREAKOUT = frozenset("""b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img
    li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var""".split())
_TABLE_PARTS = frozenset("caption colgroup col tbody thead tfoot tr td th".split())
_SCOPED_END = frozenset("""address article aside blockquote button center details dialog dir div dl fieldset
    figcaption figure footer header hgroup listing main menu nav ol pre search section summary ul applet marquee
    object dd dt select""".split())
"""End tags that close their element, and all above it, when it is in scope."""
_RUBY = frozenset("rb rp rt rtc".split())
_IMPLIED = frozenset("dd dt li optgroup option p rb rp rt".split())
"""Elements the parser closes by itself before a ruby annotation (before an <rp> or <rt>, an <rtc> too),
and lexbor before an option of a <select>."""
_KEEPS_CLOSED = (_CLOSES_P - {"xmp"}) | _TABLE_PARTS | _RUBY | frozenset(
    """table textarea iframe noembed param source track template script style title base link meta
    noframes basefont bgsound frameset frame head html body""".split())
"""Start tags before which the parser does not reopen closed formatting elements (it does before text and
any other tag)."""
_BASE = 2
"""<html> and <body>, which every page has whether written or not."""
_ADOPTIONS = 8
"""How many times the parser's adoption agency moves a block for one misnested formatting element."""
_SVG_BOUNDS = frozenset("foreignobject desc title".split())
_MATH_BOUNDS = frozenset("mi mo mn ms mtext annotation-xml".split())
_GONE = "#"
"""The name of an element the scan keeps counted but no tag can close (see _Nesting._rearranged)."""


class _Nesting:
    """A scan of markup that follows, roughly, how lexbor nests it: the stack of open elements, the
    elements it closes by itself (a <p> before a block, an <li>, a cell, a row), foreign (SVG, MathML)
    content, and formatting elements it reopens after closing them. Where the parser's rules are more than
    this follows (misnested formatting, foster parenting, the head), it keeps elements open rather than
    close them, so its depth errs high. tests/test_hostile_html.py holds it against lexbor's trees; a
    shortfall it still has cannot grow much with repetition, and the exact check after the parse catches
    the tree itself.
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self.spaces: list[str] = []  # '' for HTML, else 'svg' or 'math'
        self.keys: list[str] = []  # a formatting element's tag as written, to reopen it by
        self.marks: list[int] = []  # len(reopen) when a marker was opened, else -1
        self.at: dict[str, list[int]] = {}  # stack positions by name, '^' before a foreign one
        self.special: list[int] = []
        self.scope: list[int] = []
        self.table_scope: list[int] = []
        self.modes: list[int] = []
        self.html: list[int] = []  # HTML elements and integration points: where foreign content ends
        self.blocks: list[int] = []  # special elements but address, div and p: where an <li> stops looking
        self.markers: list[int] = []
        self.plain: list[int] = []  # elements neither special nor formatting, still to be matched by name
        self.reopen: list[str] = []
        self.reopen_count: dict[str, int] = {}
        self.form_open = False
        self.frameset = False  # a <frameset> seen: from there every tag opens an element (see start)
        self.deepest = _BASE
        self.elements = 0

    # -- the scan ----------------------------------------------------------------------------------

    def scan(self, markup: str) -> None:
        pos, end = 0, len(markup)
        find = _MARKUP.search
        while (m := find(markup, pos)) is not None:
            at = m.start()
            kind = markup[at + 1]
            if kind == "!" or kind == "?":
                pos = self._skip_comment(markup, at)
                continue
            tag = _TAG.match(markup, at)
            if tag is None:  # '</' not followed by a letter: a bogus comment up to '>'
                close = markup.find(">", at)
                pos = end if close < 0 else close + 1
                continue
            if at > pos and self.reopen:
                self._reopen()  # text reopens the formatting elements closed around it
            if not tag.group(4):
                return  # a tag the file ends inside: the tokenizer drops it, and nothing follows
            pos = tag.end()
            name = tag.group(2).lower()
            if tag.group(1):
                self.end(name)
            elif self.start(name, tag.group(3)) and name in _RAW and not self.frameset:
                if name == "plaintext":
                    return
                pos = self._skip_raw(markup, pos, name)

    @staticmethod
    def _skip_comment(markup: str, at: int) -> int:
        if markup.startswith("<!--", at):
            if markup.startswith(">", at + 4) or markup.startswith("->", at + 4):
                return at + 5 + (markup[at + 4] == "-")
            found = _COMMENT_END.search(markup, at + 4)
            return len(markup) if found is None else found.end()
        close = markup.find(">", at)
        return len(markup) if close < 0 else close + 1

    def _skip_raw(self, markup: str, pos: int, name: str) -> int:
        """Past a script's, style's or textarea's text: its end tag, and the element closed.

        The first '</script' ends the scan's script, where the tokenizer may read on (an escaped
        '<script>' inside it): the scan then sees more tags, not fewer.
        """
        pattern = _RAW_END.get(name)
        if pattern is None:
            pattern = _RAW_END[name] = re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE)
        found = pattern.search(markup, pos)
        self._pop()
        if found is None:
            return len(markup)
        close = _TAG.match(markup, found.start())
        return close.end() if close is not None and close.group(4) else len(markup)

    # -- the stack ---------------------------------------------------------------------------------

    def _push(self, name: str, key: str = "", space: str = "", integration: bool = False) -> None:
        index = len(self.names)
        self.names.append(name)
        self.spaces.append(space)
        self.keys.append(key)
        self.at.setdefault("^" + name if space else name, []).append(index)
        bounding = (space == "svg" and name in _SVG_BOUNDS) or (space == "math" and name in _MATH_BOUNDS)
        if (not bounding) if space else (name not in _SPECIAL and name not in _FORMATTING):
            self.plain.append(index)
        if integration:
            self.html.append(index)
        if bounding:
            # Special, and a scope boundary, whether or not its content is HTML.
            self.special.append(index)
            self.scope.append(index)
            self.blocks.append(index)
        elif not space:
            self.html.append(index)
            if name in _SPECIAL:
                self.special.append(index)
                if name not in ("address", "div", "p"):
                    self.blocks.append(index)
            if name in _SCOPE:
                self.scope.append(index)
            if name in _TABLE_SCOPE:
                self.table_scope.append(index)
            if name in _MODES:
                self.modes.append(index)
        marker = name in _MARKERS and not space
        self.marks.append(len(self.reopen) if marker else -1)
        if marker:
            self.markers.append(index)
        self.elements += 1
        self._grew()

    def _grew(self, extra: int = 0) -> None:
        """Note the depth of the current element, or of one `extra` levels below it, counting the
        formatting elements waiting to be reopened, and stop the scan past the limits."""
        depth = _BASE + len(self.names) + len(self.reopen) + extra
        if depth > self.deepest:
            self.deepest = depth
            if depth > SCAN_LIMIT:
                raise _Exceeded(elements=False)
        if self.elements > MAX_ELEMENTS:
            raise _Exceeded(elements=True)

    def _pop(self, own: bool = True) -> str | None:
        """Close the current element. A formatting element not closed by its own end tag (`own`) stays to
        be reopened, as the parser reopens it at the next text: its key is returned for the caller to
        keep, in the order the elements stood. None when the element was a marker that ended the
        formatting opened inside it. Elements the parser took out of its stack go with it."""
        key = self._pop_one(own)
        while self.names and self.names[-1] == _GONE:
            self._pop_one(True)
        return key

    def _pop_one(self, own: bool) -> str | None:
        index = len(self.names) - 1
        name, space, key, mark = self.names.pop(), self.spaces.pop(), self.keys.pop(), self.marks.pop()
        self.at[name if name == _GONE else "^" + name if space else name].pop()
        for positions in (self.special, self.scope, self.table_scope, self.modes, self.html, self.blocks,
                          self.markers, self.plain):
            if positions and positions[-1] == index:
                positions.pop()
        if mark >= 0 and (own or name in ("td", "th", "caption")):
            # A closed cell or caption ends its formatting; an <applet>, <marquee> or <object> closed by
            # another element's end tag leaves its marker in the parser's list, and what follows it.
            for dropped in self.reopen[mark:]:
                self.reopen_count[dropped] -= 1
            del self.reopen[mark:]
            return None
        return "" if own else key

    def _keep(self, keys: list[str]) -> None:
        """Keep formatting elements to reopen, lowest first; at most three alike, as the parser keeps
        (its 'Noah's Ark' clause)."""
        for key in keys:
            if key and self.reopen_count.get(key, 0) < 3:
                self.reopen.append(key)
                self.reopen_count[key] = self.reopen_count.get(key, 0) + 1
        self._grew()

    def _reopen(self) -> None:
        """Open again, on top of the stack, the formatting elements closed since the nearest marker, as the
        parser does before text and most inline elements (they then stay open where it puts them)."""
        floor = self.marks[self.markers[-1]] if self.markers else 0
        keys = self.reopen[floor:]
        del self.reopen[floor:]
        for key in keys:
            self.reopen_count[key] -= 1
            self._push(key.split(" ", 1)[0], key=key)

    def _pop_to(self, index: int) -> None:
        """Close every element down to and including the one at `index` (when there is one)."""
        if index >= 0:
            self._clear_to(index)
            self._pop()

    def _clear_to(self, index: int) -> None:
        """Close every element above the one at `index`."""
        closed: list[str] = []
        while len(self.names) > index + 1:
            key = self._pop(own=False)
            closed = [] if key is None else [*closed, key]
        self._keep(closed[::-1])

    def _last(self, name: str) -> int:
        positions = self.at.get(name)
        return positions[-1] if positions else -1

    def _in_scope(self, name: str, *extra: str, table: bool = False) -> int:
        """Where the nearest `name` is, when no scope boundary other than itself stands above it; else -1."""
        found = self._last(name)
        bounds = self.table_scope if table else self.scope
        bound = max([bounds[-1] if bounds else -1, *(self._last(e) for e in extra)])
        return found if found >= 0 and found >= bound else -1

    def _in_foreign(self) -> bool:
        """Whether the current element is foreign content, where tags are SVG's or MathML's."""
        return bool(self.names) and bool(self.spaces[-1]) and (not self.html or self.html[-1] < len(self.names) - 1)

    def _mode(self) -> str:
        return self.names[self.modes[-1]] if self.modes else ""

    # -- tags --------------------------------------------------------------------------------------

    def start(self, name: str, attrs: str) -> bool:
        """Open an element for a start tag; True when it is an HTML element left open (a raw text one
        then holds text up to its end tag)."""
        if self.frameset or name == "frameset":
            # A frameset page, or a <frameset> the parser ignores in a page with a body: the scan cannot
            # tell, so it closes nothing by itself from here on and reads no raw text.
            self.frameset = True
            if name not in _VOID:
                self._push(name)
            return False
        if self.names and self.spaces[-1] == "math" and name in ("mglyph", "malignmark") and (
                self.names[-1] in ("mi", "mo", "mn", "ms", "mtext")):
            self._foreign(name, attrs, "math")  # MathML even inside a text integration point
            return False
        if self._in_foreign():
            if name in _BREAKOUT or (name == "font" and {"color", "face", "size"} & _attributes(attrs).keys()):
                while self._in_foreign():
                    self._pop()
            else:
                self._foreign(name, attrs, self.spaces[-1])
                return False
        if self.names and self.names[-1] == "colgroup" and name not in ("col", "template"):
            self._pop()  # a column group holds columns only
        mode = self._mode()
        if name in ("option", "optgroup") and self._in_scope("select") >= 0:
            # Inside a <select>, lexbor closes what the parser closes by itself before an option.
            while self.names[-1] in _IMPLIED or self.names[-1] in ("optgroup", "rtc"):
                self._pop()
        if name in _TABLE_PARTS:
            return self._table_part(name, mode)
        if name in ("html", "body", "head") or (name == "form" and self.form_open):
            return False
        if name == "table" and mode not in ("", "td", "th", "caption", "template"):
            self._pop_to(self._in_scope("table", table=True))
        if name in ("select", "input") and (select := self._in_scope("select")) >= 0:
            self._pop_to(select)  # lexbor closes an open <select> here, and drops a <select> inside it
            if name == "select":
                return False
        # An item closes an open item first, then, as any block, an open <p>.
        if name == "li":
            self._close_item("li")
        elif name in ("dd", "dt"):
            self._close_item("dd", "dt")
        if name in _CLOSES_P:
            self._pop_to(self._in_scope("p", "button"))
        if name in _HEADINGS and self.names and self.names[-1] in _HEADINGS and not self.spaces[-1]:
            self._pop()
        elif name == "a":
            self._close_a()
        elif name == "button":
            self._pop_to(self._in_scope("button"))
        elif name in ("option", "optgroup") and self.names and self.names[-1] == "option":
            self._pop()
        elif name == "form":
            self.form_open = True
        elif name in _RUBY and self._in_scope("ruby") >= 0:
            implied = _IMPLIED if name in ("rb", "rtc") else _IMPLIED | {"rtc"}
            while self.names and self.names[-1] in implied and not self.spaces[-1]:
                self._pop()
        if name not in _KEEPS_CLOSED and self.reopen:
            self._reopen()
        if name in _VOID:
            self.elements += 1
            self._grew(1)
            return False
        if name in ("svg", "math"):
            self._foreign(name, attrs, name)
            return False
        self._push(name, key=f"{name} {attrs}" if name in _FORMATTING else "")
        return True

    def _foreign(self, name: str, attrs: str, space: str) -> None:
        """Open an SVG or MathML element; one written '<x/>' closes at once, as in XML."""
        if name == "svg" and self.names and self.names[-1] == "annotation-xml":
            space = "svg"
        if space == "svg":
            integration = name in ("foreignobject", "desc", "title")
        elif name == "annotation-xml":
            integration = _attributes(attrs).get("encoding", "").lower() in ("text/html", "application/xhtml+xml")
        else:
            integration = name in ("mi", "mo", "mn", "ms", "mtext")
        self._push(name, space=space, integration=integration)
        if _self_closing(attrs):
            self._pop()

    def _close_item(self, *names: str) -> None:
        """An <li>, <dd> or <dt> closes an open one, unless a block other than a div stands between."""
        found = max(self._last(name) for name in names)
        if found >= 0 and found >= (self.blocks[-1] if self.blocks else -1):
            self._pop_to(found)

    def _close_a(self) -> None:
        """An <a> closes the <a> still open: at once when only inline elements stand above it, else by
        the parser's rearranging of misnested formatting."""
        found = self._last("a")
        if self._forget("a"):
            pass  # the parser's last <a> is more likely the one closed already: less is closed here
        elif found > (self.special[-1] if self.special else -1):
            self._pop_to(found)
        elif found >= 0 and self._in_scope("a") == found:
            self._rearranged(found)
        elif found >= 0:
            self._gone(found)  # out of scope: the parser leaves the rest as it is, but drops the <a>

    def _rearranged(self, index: int) -> None:
        """A formatting element closed with blocks above it: the parser (its adoption agency) moves each
        block, up to eight, out from under it, takes the element and the plain elements between the
        blocks out of the stack, and closes what stood above the last block. Here the elements taken out
        stay, counted, but no tag closes them any more (closing one would close the blocks moved away
        from it); they go when they come to the top."""
        blocks = self.special[bisect_right(self.special, index):][:_ADOPTIONS]
        if len(blocks) < _ADOPTIONS:
            self._clear_to(blocks[-1])
        self._gone(index)
        first, last = bisect_right(self.plain, index), bisect_left(self.plain, blocks[-1])
        for plain in self.plain[first:last]:
            self._gone(plain)
        del self.plain[first:last]

    def _gone(self, index: int) -> None:
        name, space = self.names[index], self.spaces[index]
        if name == _GONE:
            return
        self.at["^" + name if space else name].remove(index)
        self.at.setdefault(_GONE, []).append(index)
        self.names[index], self.keys[index] = _GONE, ""

    def _forget(self, name: str) -> bool:
        """Drop the last formatting element `name` waiting to be reopened, since the nearest marker;
        whether there was one."""
        floor = self.marks[self.markers[-1]] if self.markers else 0
        for i in range(len(self.reopen) - 1, floor - 1, -1):
            if self.reopen[i].split(" ", 1)[0] == name:
                self.reopen_count[self.reopen[i]] -= 1
                del self.reopen[i]
                return True
        return False

    def _table_part(self, name: str, mode: str) -> bool:
        """A table's caption, column group, section, row or cell: ignored outside a table, and opening
        the section and row a parser adds around a cell or row written without them."""
        if mode == "template":
            if name != "col":
                self._push(name)
            return False
        table = self._in_scope("table", table=True)
        if not mode or table < 0:
            return False
        if name in ("caption", "colgroup", "col", "tbody", "thead", "tfoot"):
            # They close the open cell and row; a <col> opens the column group it belongs to.
            self._clear_to(table)
            self._push("colgroup" if name == "col" else name)
            if name == "col":
                self.elements += 1
                self._grew(1)
            return False
        section = max(self._last(s) for s in _SECTIONS)
        row = self._last("tr")
        if name in ("td", "th") and row > max(section, table):
            self._clear_to(row)
        else:
            if section > table:
                self._clear_to(section)
            else:
                self._clear_to(table)
                self._push("tbody")
            if name in ("td", "th"):
                self._push("tr")
        self._push(name)
        return False

    def end(self, name: str) -> None:
        if self.frameset:
            if self.names and self.names[-1] == name:
                self._pop()
            return
        if self.names and self.spaces[-1]:
            if name in ("br", "p"):
                while self._in_foreign():
                    self._pop()
            else:
                found = self._last("^" + name)
                if found > (self.html[-1] if self.html else -1) or (found >= 0 and found == len(self.names) - 1):
                    self._pop_to(found)
                    return
        if name in ("html", "body", "head"):
            return
        if name == "br":  # read as <br>
            self.start(name, "")
            return
        if name in ("form", "noscript"):
            # </form> takes the form out of the stack alone; </noscript> before the body closes a
            # <noscript> already closed. Only the current element is closed here.
            self.form_open = self.form_open and name != "form"
            if self.names and self.names[-1] == name and not self.spaces[-1]:
                self._pop()
            return
        if name in _TABLE_PARTS or name == "table":
            self._pop_to(self._in_scope(name, table=True))
        elif name in _HEADINGS:
            self._pop_to(max(self._in_scope(h) for h in _HEADINGS))
        elif name == "li":
            self._pop_to(self._in_scope(name, "ol", "ul"))
        elif name == "p":
            found = self._in_scope(name, "button")
            if found < 0:  # the parser opens an empty <p> to close
                self.elements += 1
                self._grew(1)
            self._pop_to(found)
        elif name in _SCOPED_END:
            self._pop_to(self._in_scope(name))
        else:
            # Any other end tag closes its element only when no other special element stands above it.
            # A formatting element's end tag closes the last one opened, which is more likely one
            # closed already and waiting to be reopened: that one goes, and less is closed here.
            found = self._last(name)
            if name in _FORMATTING and self._forget(name):
                pass
            elif found >= 0 and found >= (self.special[-1] if self.special else -1):
                self._pop_to(found)
            elif found >= 0 and name in _FORMATTING and self._in_scope(name) == found:
                self._rearranged(found)


def _attributes(attrs: str) -> dict[str, str]:
    """A tag's attributes as written: names lower-cased, values unquoted."""
    found: dict[str, str] = {}
    for m in _ATTRIBUTE.finditer(attrs):
        value = m.group(0)[len(m.group(1)):].lstrip("\t\n\f\r ")
        value = value[1:].lstrip("\t\n\f\r ") if value.startswith("=") else ""
        found.setdefault(m.group(1).lower(), value[1:-1] if value[:1] in ("'", '"') else value)
    return found


def _self_closing(attrs: str) -> bool:
    """Whether a tag ends '/>': a slash outside every attribute (an unquoted value may end in one)."""
    if not attrs.endswith("/"):
        return False
    ends = [m.end() for m in _ATTRIBUTE.finditer(attrs)]
    return not ends or ends[-1] < len(attrs)
