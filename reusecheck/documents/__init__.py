"""Loading candidates and originals from .txt, .md and .html files into Documents."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from reusecheck.documents.chrome import counted_without_notices, plain_text_counted
from reusecheck.documents.html import page_url, read_page
from reusecheck.documents.links import bare_urls
from reusecheck.documents.markdown import parse_markdown, read_front_matter
from reusecheck.documents.model import Document, Link, Retrieval, from_text
from reusecheck.documents.reading import DEFAULT_MAX_BYTES, check_encoding, read_bytes, read_text
from reusecheck.errors import EmptyDocumentError, InputError

if TYPE_CHECKING:
    from reusecheck.fetch import FetchOptions

__all__ = ["DEFAULT_MAX_BYTES", "Document", "Link", "from_text", "load_document", "parse_document", "peek_url"]

FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
           ".html": "html", ".htm": "html"}


def load_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                  encoding: str | None = None, fetching: FetchOptions | None = None) -> Document:
    """Read and parse one file. Raises InputError for anything that is not a readable article.

    `encoding` is for files that neither declare their encoding nor show it (see documents/reading.py);
    the Document's warnings say when a file's own encoding overrode it, or what else was guessed.
    """
    if "://" in str(path):
        return load_url(str(path), fetching=fetching, encoding=encoding, max_bytes=max_bytes)
    path = Path(path)
    if encoding is not None:
        check_encoding(encoding, str(path))
    data = read_bytes(path, max_bytes)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"unsupported file type {path.suffix or '(none)'!r}; expected one of {known}",
                         path=str(path))
    read = read_text(data, str(path), encoding, html=fmt == "html")
    return parse_document(read.text, str(path), fmt, encoding=read.encoding, warnings=read.warnings,
                          sha256=hashlib.sha256(data).hexdigest())


def load_url(url: str, *, fetching: FetchOptions | None = None, encoding: str | None = None,
             max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Fetch a page (or take it from the cache) and read it as an HTML document.

    The Document's URL is the page's canonical link, else the address it was finally fetched from.
    `max_bytes` applies when no `fetching` options are given; theirs apply otherwise.
    """
    # The fetcher brings httpx and the cache: imported only when a URL is given.
    from reusecheck.fetch import FetchOptions as Options
    from reusecheck.fetch import fetch

    got = fetch(url, fetching or Options(max_bytes=max_bytes))
    read = read_text(got.body, url, encoding, html=True, transport=got.charset)
    retrieved = Retrieval(url=url, final_url=got.final_url, status=got.status,
                          fetched_at=got.fetched_at.isoformat(timespec="seconds"), from_cache=got.from_cache)
    return parse_document(read.text, url, "html", encoding=read.encoding, warnings=read.warnings, sha256=got.sha256,
                          retrieved=retrieved)


def peek_url(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None) -> str | None:
    """The URL a Document of this file would state (canonical link, or `url:` in front matter), found
    without extracting its article: a fraction of the cost of load_document. Raises what it would."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None or fmt == "text":
        return None
    read = read_text(read_bytes(path, max_bytes), str(path), encoding, html=fmt == "html")
    try:
        if fmt == "html":
            return page_url(read.text)
    except InputError as exc:
        raise InputError(exc.message, path=str(path), line=exc.line, key=exc.key, option=exc.option) from None
    front = read_front_matter(read.text, str(path)).data
    return _string(front.get("url")) or _string(front.get("canonical"))


def parse_document(raw: str, source: str, fmt: str, *, encoding: str = "utf-8",
                   warnings: tuple[str, ...] = (), sha256: str | None = None,
                   retrieved: Retrieval | None = None, known_url: str | None = None,
                   known_title: str | None = None) -> Document:
    """Parse already decoded text of the given format (text, markdown or html).

    `warnings` are the decoder's, kept on the Document with the parser's own. `known_url` and `known_title`
    are what a collection's record says of the document (a JSON Lines record's url, a WARC record's target):
    they win over what the text itself states.
    """
    front: dict[str, object] = {}
    url: str | None = None
    title: str | None = None
    links: tuple[Link, ...] = ()
    counted: tuple[tuple[int, int], ...]
    body_offset = 0
    front_lines: dict[str, int] = {}
    try:
        if fmt == "html":
            page = read_page(raw)
            text, links, url, title = page.text, page.links, page.url, page.title
            warnings += page.warnings
            counted = counted_without_notices(text)
        elif fmt == "markdown":
            fm = read_front_matter(raw, source)
            front, body, front_lines = fm.data, fm.body, fm.key_lines
            body_offset = len(raw) - len(body)
            _check_markdown(body)
            text, links = parse_markdown(body)
            counted = counted_without_notices(text)
        else:
            text = raw
            counted = plain_text_counted(text)
    except InputError as exc:
        if exc.path is not None:
            raise
        raise InputError(exc.message, path=source, line=exc.line, key=exc.key, option=exc.option) from None
    except RecursionError:
        # The nesting checks come first; this is the last guard, should a parser still recurse too deep.
        raise InputError("nested too deeply to read as an article", path=source) from None
    links = tuple(sorted(links + bare_urls(text, links), key=lambda link: link.start))
    # A written-out URL is an address, not prose: its parts are not words of the article.
    counted = _without(counted, [(link.start, link.end) for link in links if link.text == link.href
                                 or link.syntax in ("bare-url", "autolink")])
    url = known_url or url or _string(front.get("url")) or _string(front.get("canonical")) or (
        retrieved.final_url if retrieved else None)
    title = known_title or title or _string(front.get("title"))
    doc = Document(source=source, format=fmt, text=text, counted=counted, links=links, url=url,
                   title=title, front_matter=front, encoding=encoding, warnings=warnings, raw=raw,
                   body_offset=body_offset, front_lines=front_lines, sha256=sha256, retrieved=retrieved)
    if doc.words == 0:
        raise EmptyDocumentError("empty document: no words in the article text", path=source)
    return doc


MARKDOWN_LINES = 100_000
"""The most lines a Markdown file may have: markdown-it-py spends up to 35 microseconds on a line (a
list item), 3.5 s on this many; a book-length article has a few thousand."""
MARKDOWN_MARKS = 300_000
"""The most markup characters ([, *, _, `, |, <, ...) a Markdown file may have: markdown-it-py spends up
to 15 microseconds on one (an unclosed '['), under 5 s on this many; prose has one in fifty characters
or fewer."""
_MARKS = "!#$%&*+-:<=>@[\\]^_`{}~|()"


def _check_markdown(body: str) -> None:
    """Refuse Markdown the parser would take more than seconds over, before it starts."""
    # markdown-it ends a line at \n, \r\n or a lone \r.
    lines = body.count("\n") + body.count("\r") - body.count("\r\n")
    if lines > MARKDOWN_LINES:
        raise InputError(f"Markdown with {lines:,} lines, more than the limit of {MARKDOWN_LINES:,}; "
                         "not read as an article")
    marks = sum(body.count(mark) for mark in _MARKS)
    if marks > MARKDOWN_MARKS:
        raise InputError(f"Markdown with {marks:,} markup characters, more than the limit of {MARKDOWN_MARKS:,}; "
                         "not read as an article")


def _without(spans: tuple[tuple[int, int], ...], holes: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    result = list(spans)
    for hole_start, hole_end in holes:
        cut: list[tuple[int, int]] = []
        for start, end in result:
            if hole_end <= start or hole_start >= end:
                cut.append((start, end))
                continue
            if start < hole_start:
                cut.append((start, hole_start))
            if hole_end < end:
                cut.append((hole_end, end))
        result = cut
    return tuple(result)


def _string(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
