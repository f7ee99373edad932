"""Markdown: YAML (`---`) or TOML (`+++`) front matter, then the rendered text and its links (markdown-it-py,
CommonMark)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from selectolax.lexbor import LexborHTMLParser

from reusecheck.documents.front import check_front_matter, unclosed_fence
from reusecheck.documents.front_toml import parse_toml
from reusecheck.documents.html import parse_fragment
from reusecheck.documents.model import Link
from reusecheck.errors import InputError, ReusecheckError
from reusecheck.yamlfile import Path_, parse_yaml

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_TOML_FRONT_MATTER = re.compile(r"\A\ufeff?\+\+\+[ \t]*\r?\n(.*?\r?\n)?\+\+\+[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_TOML_OPENING = re.compile(r"\A\ufeff?\+\+\+[ \t]*(?:\r?\n|\Z)")
_PARSER = MarkdownIt("commonmark").enable("table")
_TEXT_BLOCKS = frozenset({"inline", "fence", "code_block", "html_block"})
_CONTAINERS = frozenset({"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open"})
_SEARCH = 4096
"""Characters after the last link searched for the next link's text as written."""


@dataclass(frozen=True)
class FrontMatter:
    data: dict[str, Any]
    body: str
    body_line: int
    """The line of the file the body starts on."""
    key_lines: dict[str, int]
    """The line of the file each top-level key stands on."""


def split_front_matter(source: str, path: str) -> tuple[dict[str, Any], str, int]:
    """The front matter mapping, the body after it, and the line the body starts on.

    Every error is an InputError naming the line of the file, not of the front matter.
    """
    front = read_front_matter(source, path)
    return front.data, front.body, front.body_line


def read_front_matter(source: str, path: str) -> FrontMatter:
    """The front matter, the body after it, and the lines of the file they stand on."""
    if _TOML_OPENING.match(source):
        return _read_toml(source, path)
    m = _FRONT_MATTER.match(source)
    if not m:
        if unclosed_fence(source):
            raise InputError("front matter opened on line 1 is not closed: end it with a '---' line (a "
                             "thematic break that starts the text needs a blank line after it)", path=path, line=1)
        return FrontMatter({}, source, 1, {})
    first_line = source.count("\n", 0, m.start(1)) + 1 if m.group(1) else 2
    data: Any = {}
    lines: dict[Path_, int] = {(): 1}
    if m.group(1) and m.group(1).strip():
        try:
            data, lines = parse_yaml(m.group(1), path, InputError)
        except InputError as exc:
            line = exc.line + first_line - 1 if exc.line is not None else 1
            raise InputError(f"front matter: {exc.message}", path=path, line=line, key=exc.key) from None
    if not isinstance(data, dict):
        raise InputError("front matter must be a mapping of keys to values", path=path,
                         line=lines.get((), 1) + first_line - 1)
    return _checked(data, lines, first_line, source, m.end(), path, "yaml")


def _read_toml(source: str, path: str) -> FrontMatter:
    m = _TOML_FRONT_MATTER.match(source)
    if not m:
        raise InputError("front matter opened on line 1 with '+++' is not closed: end it with a '+++' line",
                         path=path, line=1)
    # The block starts on line 2: the opening fence is one line.
    data, lines = parse_toml(m.group(1) or "", path, 2)
    return _checked(data, lines, 2, source, m.end(), path, "toml")


def _checked(data: dict[str, Any], lines: dict[Path_, int], first_line: int, source: str, end: int, path: str,
             syntax: str) -> FrontMatter:
    """Front matter whose keys reusecheck reads hold the right types; `lines` count from `first_line`."""
    check_front_matter(data, lines, path, first_line, syntax)
    file_lines = {key: line + first_line - 1 for key, line in lines.items()}
    _check_permission(data, file_lines, path)
    key_lines = {str(key[0]): line for key, line in file_lines.items() if len(key) == 1}
    return FrontMatter(data, source[end:], source.count("\n", 0, end) + 1, key_lines)


def _check_permission(data: dict[str, Any], lines: dict[Path_, int], path: str) -> None:
    # permissions reads Documents, which this module builds: import it when first needed.
    from reusecheck.permissions import check_front_matter_permission

    try:
        check_front_matter_permission(data, lines, path)
    except ReusecheckError as exc:
        raise InputError(f"front matter: {exc.message}", path=path, line=exc.line, key=exc.key) from None


def parse_markdown(body: str) -> tuple[str, tuple[Link, ...]]:
    """Plain text of a Markdown body, blocks separated by blank lines, and its hyperlinks."""
    out = _Text()
    blocks = _PARSER.parse(body)
    # markdown-it drops, without a word, everything inside a blockquote or list item opened this deep.
    limit = _PARSER.options["maxNesting"] - 1
    if any(block.level >= limit and block.type in _CONTAINERS for block in blocks):
        raise InputError(f"Markdown blockquotes and lists nested more than {limit} deep (a list counts two); "
                         "their text would be lost: not read as an article")
    for block in blocks:
        if block.type not in _TEXT_BLOCKS:
            continue
        if out.length:
            out.append("\n\n")
        if block.type == "inline":
            _inline(block, out)
        elif block.type == "html_block":
            text, found = parse_fragment(block.content)
            out.links.extend(replace(link, start=link.start + out.length, end=link.end + out.length)
                             for link in found)
            out.append(text)
        else:
            out.append(block.content.rstrip("\n"))
    text = "".join(out.parts)
    return text, tuple(replace(link, text=text[link.start:link.end]) for link in out.links)


@dataclass
class _Text:
    parts: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    length: int = 0

    def append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)


_HTML_OPEN_A = re.compile(r"(?is)^<a\b")
_HTML_CLOSE_A = re.compile(r"(?is)^</a\s*>")


def _inline(block: Token, out: _Text) -> None:
    """Append an inline block's text, recording Markdown links and inline HTML `<a>` links."""
    opened: list[tuple[Token | None, str, tuple[str, ...], int, int]] = []  # token, href, rel, start, part
    cursor = 0
    for token in block.children or []:
        if token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif token.type == "link_open":
            opened.append((token, str(token.attrs.get("href", "")), (), out.length, len(out.parts)))
        elif token.type == "html_inline" and _HTML_OPEN_A.match(token.content):
            anchor = LexborHTMLParser(token.content + "</a>").css_first("a")
            attrs = anchor.attributes if anchor is not None else {}
            opened.append((None, str(attrs.get("href") or ""), tuple(str(attrs.get("rel") or "").lower().split()),
                           out.length, len(out.parts)))
        elif (token.type == "link_close" or (token.type == "html_inline" and _HTML_CLOSE_A.match(token.content))
              ) and opened:
            opening, href, rel, start, part = opened.pop()
            # The anchor's own parts, not the whole text so far sliced: a file of many links stays linear.
            anchor_text = "".join(out.parts[part:])
            syntax, cursor = ("html", cursor) if opening is None else _syntax(opening, anchor_text, block.content,
                                                                             cursor)
            if href:
                out.links.append(Link(href=href, text="", start=start, end=out.length, rel=rel, syntax=syntax))


def _syntax(token: Token, anchor: str, source: str, cursor: int) -> tuple[str, int]:
    """Inline `[text](url)` or reference `[text][ref]`: what follows the link's text in the source."""
    if token.markup == "autolink":
        return "autolink", cursor
    # A bounded search: an anchor written with markup is never found as such, and a search to the end
    # of a long paragraph for each of its links would take quadratic time.
    found = source.find(f"[{anchor}]", cursor, cursor + _SEARCH + len(anchor) + 2)
    # When the anchor holds markup (emphasis, escapes) it is not in the source as written: take the
    # next closing bracket instead.
    close = found + len(anchor) + 1 if found >= 0 else source.find("]", source.find("[", cursor) + 1)
    if close < 0:
        return "markdown", cursor
    return ("markdown" if source[close + 1:close + 2] == "(" else "markdown-reference"), close + 1
