"""The index file: its layout, and reading and writing it whole.

One file, so that it can be copied, shipped to a cluster's executors and replaced atomically:

    8 bytes    magic, b"RCINDEX1"
    8 bytes    length of the header (little-endian)
    header     JSON: format version, the n-gram and hash scheme, counts, where each section starts
    sections   each at an 8-byte boundary:
      postings     uint64, sorted: the top 40 bits of an n-gram's hash, then a 24-bit document number
      pruned       uint64, sorted: the top 40 bits of a pruned n-gram's hash, then its document count
      doc_offsets  uint64, one more than there are documents: where each document's record starts
      docs         each document's record: zlib-compressed JSON of its text and where it came from

A posting is one 8-byte word. Forty bits of a 64-bit hash leave a query of 400 n-grams one chance in
several thousand of meeting a foreign posting in an index of 10 million, and a pair needs several shared
n-grams to be retrieved; 24 bits number 16.7 million documents. Readers map the file read-only, so any
number of processes share one copy in the page cache; writers write a new file and rename it over the
old, so a reader sees either the old index or the new, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from reusecheck.errors import InputError, UsageError

MAGIC = b"RCINDEX1"
VERSION = 1
DOC_BITS = 24
KEY_BITS = 64 - DOC_BITS
MAX_DOCUMENTS = (1 << DOC_BITS) - 1
DOC_MASK = np.uint64(MAX_DOCUMENTS)
SECTIONS = ("postings", "pruned", "doc_offsets", "docs")

Words = npt.NDArray[np.uint64]


@dataclass
class Contents:
    """An index in memory (or mapped from its file)."""

    header: dict[str, Any]
    postings: Words
    pruned: Words
    doc_offsets: Words
    docs: bytes | memoryview

    def document_record(self, number: int, where: str) -> dict[str, Any]:
        start, end = int(self.doc_offsets[number]), int(self.doc_offsets[number + 1])
        try:
            data: Any = json.loads(_inflate(bytes(self.docs[start:end])))
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(f"the index is damaged: document {number} cannot be read ({exc}); rebuild it",
                             path=where) from None
        if not isinstance(data, dict):
            raise InputError(f"the index is damaged: document {number} is not a record; rebuild it", path=where)
        return data


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompress(data)
    except zlib.error as exc:
        raise ValueError(str(exc)) from None


def write(path: Path, header: dict[str, Any], postings: Words, pruned: Words, doc_offsets: Words,
          docs: bytes) -> int:
    """Write the index to a new file beside `path` and rename it over `path`. Returns the size."""
    arrays: dict[str, bytes] = {
        "postings": postings.astype("<u8", copy=False).tobytes(),
        "pruned": pruned.astype("<u8", copy=False).tobytes(),
        "doc_offsets": doc_offsets.astype("<u8", copy=False).tobytes(),
        "docs": docs,
    }
    digest = hashlib.blake2b(digest_size=16)
    for name in SECTIONS:
        digest.update(arrays[name])
    head = dict(header, format="reusecheck-index", version=VERSION, checksum=digest.hexdigest())
    # Section offsets depend on the header's length, which depends on the offsets: lay out with a header
    # padded to a fixed size, so that one pass settles both.
    layout: dict[str, list[int]] = {}
    encoded = b""
    for _ in range(3):
        head["sections"] = layout
        encoded = json.dumps(head, sort_keys=True).encode("utf-8")
        offset = _align(16 + len(encoded))
        fresh: dict[str, list[int]] = {}
        for name in SECTIONS:
            fresh[name] = [offset, len(arrays[name])]
            offset = _align(offset + len(arrays[name]))
        if fresh == layout:
            break
        layout = fresh
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise UsageError(f"cannot write the index: {exc.strerror}", path=str(path), option="index") from None
    try:
        # mkstemp makes the file private; an index is read by other processes, maybe as other users.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC)
            out.write(len(encoded).to_bytes(8, "little"))
            out.write(encoded)
            for name in SECTIONS:
                out.write(b"\0" * (layout[name][0] - out.tell()))
                out.write(arrays[name])
            out.flush()
            os.fsync(out.fileno())
            size = out.tell()
        os.replace(temp, path)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write the index: {exc.strerror}", path=str(path), option="index") from None
        raise
    return size


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _align(n: int) -> int:
    return (n + 7) // 8 * 8


def read(path: Path, *, verify: bool = False) -> tuple[Contents, mmap.mmap]:
    """Map an index file read-only. Raises InputError for a file that is not a sound index.

    The layout is always checked; `verify` also checks every byte against the checksum (a pass over the
    whole file, which a scan makes once, in its first process).
    """
    where = str(path)
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size < 16:
                raise InputError("not a reusecheck index: the file is too short", path=where)
            mapped = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
    except FileNotFoundError:
        raise InputError("no such index; build one with `reusecheck index build`", path=where) from None
    except IsADirectoryError:
        raise InputError("is a folder, not an index file", path=where) from None
    except OSError as exc:
        raise InputError(f"cannot read the index: {exc.strerror}", path=where) from None
    if mapped[:8] != MAGIC:
        raise InputError("not a reusecheck index (the file starts with something else)", path=where)
    header = _header(mapped, size, where)
    sections: dict[str, Any] = {}
    for name in SECTIONS:
        start, length = header["sections"][name]
        if start % 8 or start + length > size:
            raise InputError(f"the index is damaged: its {name} run past the end of the file (truncated?); "
                             "rebuild it", path=where)
        sections[name] = (start, length)
    if verify:
        digest = hashlib.blake2b(digest_size=16)
        for name in SECTIONS:
            start, length = sections[name]
            digest.update(memoryview(mapped)[start:start + length])
        if digest.hexdigest() != header.get("checksum"):
            raise InputError("the index is damaged: its contents do not match its checksum; rebuild it", path=where)

    def words(name: str) -> Words:
        start, length = sections[name]
        if length % 8:
            raise InputError(f"the index is damaged: its {name} are not whole 8-byte words; rebuild it", path=where)
        return np.frombuffer(mapped, dtype="<u8", count=length // 8, offset=start)

    postings, pruned, offsets = words("postings"), words("pruned"), words("doc_offsets")
    documents = header["documents"]
    start, length = sections["docs"]
    if len(postings) != header["postings"] or len(pruned) != header["pruned"] or len(offsets) != documents + 1 \
            or (documents and int(offsets[-1]) != length):
        raise InputError("the index is damaged: its counts do not match its sections; rebuild it", path=where)
    docs = memoryview(mapped)[start:start + length]
    return Contents(header, postings, pruned, offsets, docs), mapped


def _header(mapped: mmap.mmap, size: int, where: str) -> dict[str, Any]:
    length = int.from_bytes(mapped[8:16], "little")
    if length > size - 16:
        raise InputError("the index is damaged: its header runs past the end of the file; rebuild it", path=where)
    try:
        header: Any = json.loads(mapped[16:16 + length])
    except (ValueError, UnicodeDecodeError):
        raise InputError("the index is damaged: its header is not readable; rebuild it", path=where) from None
    if not isinstance(header, dict) or header.get("format") != "reusecheck-index":
        raise InputError("not a reusecheck index (its header is foreign)", path=where)
    if header.get("version") != VERSION:
        raise InputError(f"the index has format version {header.get('version')!r}; this reusecheck reads version "
                         f"{VERSION}: rebuild it with this version", path=where)
    try:
        for name in SECTIONS:
            start, count = header["sections"][name]
            if not (isinstance(start, int) and isinstance(count, int) and start >= 0 and count >= 0):
                raise TypeError(name)
        for key in ("documents", "postings", "pruned", "gram", "max_df"):
            if not isinstance(header[key], int) or header[key] < 0:
                raise TypeError(key)
    except (KeyError, TypeError, ValueError):
        raise InputError("the index is damaged: its header lacks a section or a count; rebuild it",
                         path=where) from None
    return header
