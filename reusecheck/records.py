"""Records of a collection: the articles of an archive, or the pages of a crawl, one at a time.

A collection is any mix of folders of .md/.html/.txt files, JSON Lines files (`.jsonl`, or gzipped
`.jsonl.gz`) of records with `url`, `title` and `text` (or `html` for a page as fetched), and WARC files
(`.warc`, `.warc.gz`) of a crawl, whose HTML responses are read. Records come in a fixed order (the
arguments in turn, files sorted, lines and WARC records in file order), so a run over the same inputs
numbers them alike: workers, Spark partitions and a resumed run all agree on which record is which.

A record that cannot be read (a line that is not JSON, a record without text) is still a record: it
carries its error, so that whoever reads the collection can report it and go on.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reusecheck.documents import FORMATS, load_document, parse_document
from reusecheck.documents.model import Document
from reusecheck.documents.reading import DEFAULT_MAX_BYTES, read_text
from reusecheck.errors import InputError, UsageError
from reusecheck.inputs import files_under

JSONL = (".jsonl", ".jsonl.gz")
WARC = (".warc", ".warc.gz")


@dataclass(frozen=True, slots=True)
class Record:
    """One article of a collection, not yet read as a Document."""

    where: str
    """Where it stands: the file, or `file:line` in JSON Lines, or `file#offset` in a WARC file."""
    url: str | None = None
    title: str | None = None
    text: str | None = None
    """Plain article text (a JSON Lines record's `text`)."""
    html: bytes | None = None
    """A page as fetched (a WARC response, or a JSON Lines record's `html`)."""
    path: str | None = None
    """A file to read."""
    error: str | None = None
    """Why the record cannot be read, when it cannot."""
    line: bytes | None = None
    """A JSON Lines record not parsed yet (see `parsed`)."""

    def parsed(self, max_bytes: int = DEFAULT_MAX_BYTES) -> Record:
        """The record with its JSON line parsed: a scan's workers parse, not the process that reads the file."""
        return self if self.line is None else record_of_line(self.line, self.where, max_bytes)

    @property
    def name(self) -> str:
        """How reports name it: its URL when it has one, else where it stands."""
        return self.url or self.where

    def plain_text(self) -> str | None:
        """The text, when the record is plain text that needs no parsing."""
        return self.text if self.error is None and self.text is not None else None

    def document(self, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
        """The record read as a Document. Raises InputError when it cannot be read."""
        if self.error is not None:
            raise InputError(self.error, path=self.where)
        if self.path is not None:
            return load_document(self.path, max_bytes=max_bytes)
        if self.html is not None:
            if len(self.html) > max_bytes:
                raise InputError(f"the page is {len(self.html):,} bytes, over the limit of {max_bytes:,}",
                                 path=self.where)
            read = read_text(self.html, self.where, None, html=True)
            return parse_document(read.text, self.where, "html", encoding=read.encoding, warnings=read.warnings,
                                  sha256=hashlib.sha256(self.html).hexdigest(), known_url=self.url,
                                  known_title=self.title)
        text = self.text or ""
        return parse_document(text, self.where, "text", sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                              known_url=self.url, known_title=self.title)


def collection_files(specs: Sequence[str], option: str) -> list[Path]:
    """The files the arguments name, in order: folders searched for articles, JSON Lines and WARC files."""
    found: list[Path] = []
    for spec in specs:
        path = Path(spec)
        if path.is_dir():
            inside = [p for p in sorted(files_under(path)) if _kind(p) is not None]
            if not path.is_absolute():
                # git lists a work tree's files by absolute path; the output names them as the user did.
                inside = [Path(os.path.relpath(p)) if p.is_absolute() else p for p in inside]
            if not inside:
                raise UsageError("the folder holds no .md, .html, .txt, .jsonl or .warc file", path=spec,
                                 option=option)
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        elif "://" in spec:
            raise UsageError("a collection is read from files; fetch the pages into a WARC or JSON Lines file first",
                             path=spec, option=option)
        else:
            raise UsageError("no such file or folder", path=spec, option=option)
    return list(dict.fromkeys(found))


def read_records(files: Sequence[Path], max_bytes: int = DEFAULT_MAX_BYTES, *, parse: bool = True
                 ) -> Iterator[Record]:
    """Every record of the files, in order. With `parse` false, JSON Lines records are left unparsed
    (`Record.parsed` parses one)."""
    for path in files:
        kind = _kind(path)
        if kind == "jsonl":
            yield from _jsonl(path, max_bytes, parse)
        elif kind == "warc":
            yield from _warc(path, max_bytes)
        else:
            yield Record(where=str(path), path=str(path))


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(JSONL):
        return "jsonl"
    if name.endswith(WARC):
        return "warc"
    return "file" if path.suffix.lower() in FORMATS else None


def _jsonl(path: Path, max_bytes: int, parse: bool = True) -> Iterator[Record]:
    try:
        stream = gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")  # noqa: SIM115
    except OSError as exc:
        yield Record(where=str(path), error=f"cannot read the file: {exc.strerror}")
        return
    with stream:
        number = 0
        try:
            for number, line in enumerate(stream, 1):  # noqa: B007 - the count names the failing line
                if line.strip():
                    where = f"{path}:{number}"
                    yield record_of_line(line, where, max_bytes) if parse else Record(where=where, line=line)
        except (OSError, EOFError, zlib.error) as exc:
            # A gzip file cut short: the records read so far stand, and the break is one more bad record.
            yield Record(where=f"{path}:{number + 1}", error=f"the file is damaged after this point: {exc}")


def record_of_line(line: bytes | str, where: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Record:
    """One line of a JSON Lines file (its newline included, as read from the file) as a record, which
    carries its error when the line is not one. A str is taken as its UTF-8 bytes: a line that another
    reader (Spark's) split off gives the record, and the error, that reading the file here gives."""
    if isinstance(line, str):
        line = line.encode("utf-8", "surrogatepass")
    if len(line) > max_bytes:
        return Record(where=where, error=f"the record is {len(line):,} bytes, over the limit of {max_bytes:,}")
    try:
        data: Any = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return Record(where=where, error=f"not a JSON record: {exc}")
    if not isinstance(data, dict):
        return Record(where=where, error=f"expected a JSON object with url, title and text, got {type(data).__name__}")
    url, title = _string(data, "url"), _string(data, "title")
    text, html = data.get("text"), data.get("html")
    if isinstance(text, str) and text.strip():
        return Record(where=where, url=url, title=title, text=text)
    if isinstance(html, str) and html.strip():
        return Record(where=where, url=url, title=title, html=html.encode("utf-8", "replace"))
    return Record(where=where, url=url, title=title, error="the record has no `text` (nor `html`) string")


def _string(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) and value.strip() else None


def _warc(path: Path, max_bytes: int) -> Iterator[Record]:
    # warcio is needed only for a crawl's WARC files.
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        stream = path.open("rb")
    except OSError as exc:
        yield Record(where=str(path), error=f"cannot read the file: {exc.strerror}")
        return
    with stream:
        records = ArchiveIterator(stream)
        where = f"{path}#0"
        try:
            for record in records:
                if record.rec_type != "response":
                    continue
                headers = record.http_headers
                if headers is None or not _is_html(headers.get_header("Content-Type")):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                body = record.content_stream().read(max_bytes + 1)
                # Asked before the record is read, warcio skips the record to find where it ends.
                where = f"{path}#{records.get_record_offset()}"
                if len(body) > max_bytes:
                    yield Record(where=where, url=url, error=f"the page is over the limit of {max_bytes:,} bytes")
                else:
                    yield Record(where=where, url=url, html=body)
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
            yield Record(where=where, error=f"the WARC file is damaged after this record: {exc}")


def _is_html(content_type: str | None) -> bool:
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml")
