"""Loading candidates and originals from .txt, .md and .html files into Documents."""

from __future__ import annotations

from pathlib import Path

from reusecheck.documents.chrome import counted_without_notices, plain_text_counted
from reusecheck.documents.html import parse_html
from reusecheck.documents.links import bare_urls
from reusecheck.documents.markdown import parse_markdown, split_front_matter
from reusecheck.documents.model import Document, Link, from_text
from reusecheck.documents.reading import DEFAULT_MAX_BYTES, decode, read_bytes
from reusecheck.errors import InputError

__all__ = ["DEFAULT_MAX_BYTES", "Document", "Link", "from_text", "load_document", "parse_document"]

FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
           ".html": "html", ".htm": "html"}


def load_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                  encoding: str | None = None) -> Document:
    """Read and parse one file. Raises InputError for anything that is not a readable article."""
    if "://" in str(path):
        raise InputError("fetching documents by URL is not supported yet: save the page and pass the file",
                         path=str(path))
    path = Path(path)
    data = read_bytes(path, max_bytes)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"unsupported file type {path.suffix or '(none)'!r}; expected one of {known}",
                         path=str(path))
    text, used = decode(data, str(path), encoding, html=fmt == "html")
    return parse_document(text, str(path), fmt, encoding=used)


def parse_document(raw: str, source: str, fmt: str, *, encoding: str = "utf-8") -> Document:
    """Parse already decoded text of the given format (text, markdown or html)."""
    front: dict[str, object] = {}
    url: str | None = None
    title: str | None = None
    links: tuple[Link, ...] = ()
    counted: tuple[tuple[int, int], ...]
    if fmt == "html":
        try:
            text, links, url, title = parse_html(raw)
        except RecursionError:
            raise InputError("HTML nested too deeply to read as an article", path=source) from None
        counted = counted_without_notices(text)
    elif fmt == "markdown":
        front, body, _line = split_front_matter(raw, source)
        text, links = parse_markdown(body)
        counted = counted_without_notices(text)
    else:
        text = raw
        counted = plain_text_counted(text)
    links = tuple(sorted(links + bare_urls(text, links), key=lambda link: link.start))
    # A written-out URL is an address, not prose: its parts are not words of the article.
    counted = _without(counted, [(link.start, link.end) for link in links if link.text == link.href
                                 or link.syntax in ("bare-url", "autolink")])
    url = url or _string(front.get("url")) or _string(front.get("canonical"))
    title = title or _string(front.get("title"))
    doc = Document(source=source, format=fmt, text=text, counted=counted, links=links, url=url,
                   title=title, front_matter=front, encoding=encoding)
    if doc.words == 0:
        raise InputError("empty document: no words in the article text", path=source)
    return doc


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
