"""The Document: what every input becomes before matching."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from reusecheck.errors import UsageError
from reusecheck.matching.prepare import Prepared, prepare_tokens
from reusecheck.matching.tokens import Tokens, paragraph_spans, tokenize

if TYPE_CHECKING:
    from reusecheck.documents.locate import Region, SourceMap

_FORMAT_NAMES = {"text": "text", "txt": "text", "md": "markdown", "markdown": "markdown", "html": "html",
                 "htm": "html"}


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink, or a bare URL written in the text."""

    href: str
    """The target as written (relative targets are resolved against the page's URL when known)."""
    text: str
    """The anchor text (for a bare URL, the URL itself)."""
    start: int
    """Character offset of the anchor text in the document's text."""
    end: int
    rel: tuple[str, ...] = ()
    """The `rel` values, lower-cased, e.g. ('nofollow',)."""
    linked: bool = True
    """False for a bare URL in plain text: readable but not clickable."""
    syntax: str = "html"
    """Where it came from: html, markdown, markdown-reference, autolink or bare-url."""


@dataclass(frozen=True, slots=True)
class Retrieval:
    """Where a Document read from the web came from: what an audit of the verdict needs to see again."""

    url: str
    """The URL as given."""
    final_url: str
    """The URL after redirects."""
    status: int
    fetched_at: str
    """When it was fetched (ISO 8601, UTC); a copy served from the cache keeps the time of its fetch."""
    from_cache: bool

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "final_url": self.final_url, "status": self.status, "fetched_at": self.fetched_at,
                "from_cache": self.from_cache}


@dataclass(frozen=True)
class Document:
    """A candidate or an original, reduced to the text that counts and what it links to."""

    source: str
    """Where it came from, as the user named it."""
    format: str
    """text, markdown or html."""
    text: str
    """The text offsets refer to. For .txt it is the decoded file; for Markdown and HTML the extracted text."""
    counted: tuple[tuple[int, int], ...]
    """Spans of `text` that make up the article; page chrome and the reuse-terms notice lie outside them."""
    links: tuple[Link, ...] = ()
    url: str | None = None
    """The canonical URL of the document, if it states one."""
    title: str | None = None
    front_matter: dict[str, Any] = field(default_factory=dict)
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()
    """What the reader had to guess or work around (an encoding fallback, say): shown in the report."""
    raw: str | None = field(default=None, repr=False, compare=False)
    """The file as written (decoded), when the Document was read from one: locations point into it."""
    body_offset: int = 0
    """Where the body starts in `raw`, after any front matter."""
    front_lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    """The line of the file each top-level front matter key stands on."""
    sha256: str | None = None
    """The hash of the bytes read (the file, or the page fetched), so that a verdict can be tied to them."""
    retrieved: Retrieval | None = None
    """For a page fetched by URL: from where and when."""
    tokens: Tokens = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tokens", tokenize(self.text, self.counted))

    @classmethod
    def from_text(cls, text: str, format: str = "text", *, source: str = "<text>") -> Document:
        """A Document of a string, read as a file of that format would be: `text`, `md` or `html`.

        Markdown and HTML keep their links, front matter and canonical URL, so the hyperlink rule can
        judge them; plain text loses nothing it had.
        """
        # The parsers import this module: import them when first needed.
        from reusecheck.documents import parse_document

        fmt = _FORMAT_NAMES.get(format.lower())
        if fmt is None:
            raise UsageError(f"unknown format {format!r}; expected one of {', '.join(sorted(_FORMAT_NAMES))}",
                             option="format")
        return parse_document(text, source, fmt)

    @cached_property
    def source_map(self) -> SourceMap:
        """Offsets of `text` mapped back to lines and columns of the file as written."""
        # Imported when a location is first asked for: a plain check never needs one.
        from reusecheck.documents.locate import SourceMap

        if self.raw is None:
            return SourceMap(self.text, self.text, "text")
        return SourceMap(self.raw, self.text, self.format, self.body_offset)

    def region(self, start: int, end: int) -> Region:
        """Where text[start:end] stands in the file as written."""
        return self.source_map.region(start, end)

    def head_region(self, *keys: str) -> Region:
        """The line of the first of these front matter keys the file has, else its first line: where a
        finding about the whole file (a missing link, say) is shown."""
        line = next((self.front_lines[k] for k in keys if k in self.front_lines), 1)
        return self.source_map.line_region(line)

    @cached_property
    def prepared(self) -> Prepared:
        """The text prepared for matching, once for all the pairs this document is in."""
        return prepare_tokens(self.text, self.tokens)

    @property
    def words(self) -> int:
        return len(self.tokens)

    @property
    def declared_sources(self) -> tuple[str, ...]:
        """The originals the front matter says this text draws on (`source` or `sources`)."""
        fm = self.front_matter
        found: list[str] = []
        if isinstance(fm.get("source"), str):
            found.append(fm["source"])
        sources = fm.get("sources")
        if isinstance(sources, list):
            found.extend(s for s in sources if isinstance(s, str))
        return tuple(found)

    @property
    def publisher(self) -> str | None:
        value = self.front_matter.get("publisher")
        return value if isinstance(value, str) else None

    def paragraph_of(self, offset: int) -> int:
        """1-based number of the article paragraph at `offset`.

        Text outside the article (a notice, a chrome box) between paragraphs N and N+1 is placed
        at N+1: a link there is read after N paragraphs of the story.
        """
        number = 0
        for start, end in self.paragraphs():
            if start > offset:
                return number + 1
            number += 1
            if offset < end:
                return number
        return number + 1

    def paragraphs(self) -> list[tuple[int, int]]:
        """Blank-line separated paragraphs of the text that hold at least one counted word."""
        starts = self.tokens.starts
        return [(begin, end) for begin, end in paragraph_spans(self.text)
                if bisect_left(starts, begin) < bisect_left(starts, end)]


def from_text(text: str, source: str = "<text>", **kwargs: Any) -> Document:
    """A Document of a plain string, counting all of it: for the Python API and tests."""
    return Document(source=source, format="text", text=text, counted=((0, len(text)),), **kwargs)
