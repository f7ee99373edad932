"""Markdown: YAML front matter, then the rendered text and its links (markdown-it-py, CommonMark)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from reusecheck.documents.html import parse_html
from reusecheck.documents.model import Link
from reusecheck.errors import InputError

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_PARSER = MarkdownIt("commonmark").enable("table")
_TEXT_BLOCKS = frozenset({"inline", "fence", "code_block", "html_block"})


def split_front_matter(source: str, path: str) -> tuple[dict[str, Any], str, int]:
    """The front matter mapping, the body after it, and the line the body starts on."""
    m = _FRONT_MATTER.match(source)
    if not m:
        return {}, source, 1
    try:
        data = yaml.safe_load(m.group(1) or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise InputError(f"front matter is not valid YAML: {problem}", path=path, line=line) from None
    if not isinstance(data, dict):
        raise InputError("front matter must be a mapping of keys to values", path=path, line=2)
    return data, source[m.end():], source.count("\n", 0, m.end()) + 1


def parse_markdown(body: str) -> tuple[str, tuple[Link, ...]]:
    """Plain text of a Markdown body, blocks separated by blank lines, and its hyperlinks."""
    out = _Text()
    for block in _PARSER.parse(body):
        if block.type not in _TEXT_BLOCKS:
            continue
        if out.length:
            out.append("\n\n")
        if block.type == "inline":
            _inline(block, out)
        elif block.type == "html_block":
            text, found, _url, _title = parse_html(block.content)
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


def _inline(block: Token, out: _Text) -> None:
    opened: list[tuple[Token, int]] = []
    for token in block.children or []:
        if token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif token.type == "link_open":
            opened.append((token, out.length))
        elif token.type == "link_close" and opened:
            start_token, start = opened.pop()
            href = str(start_token.attrs.get("href", ""))
            out.links.append(Link(href=href, text="", start=start, end=out.length,
                                  syntax=_syntax(start_token, href, block.content)))


def _syntax(token: Token, href: str, source: str) -> str:
    if token.markup == "autolink":
        return "autolink"
    if f"]({href}" in source or f"](<{href}>" in source:
        return "markdown"
    return "markdown-reference"
