"""An index of an archive's originals: which documents hold which word n-grams.

A scan asks it, for each candidate, which originals share enough n-grams to be worth aligning; only
those pairs go to the matcher. `build` and `add` (index/build.py) write one; `Index.open` reads it.
"""

from __future__ import annotations

import mmap
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from reusecheck.documents.model import Document
from reusecheck.errors import InputError
from reusecheck.index import store
from reusecheck.index.grams import GRAM, Hashes, KeyHasher, gram_hashes

_SHIFT = np.uint64(store.DOC_BITS)

MIN_SHARED = 3
"""Distinct n-grams a candidate must share with an original for the pair to be aligned: a copied passage
of 30 words shares 26 five-grams, one with a word changed every ten still shares a dozen, while two
unrelated reports of one event share a stock phrase or two."""
ONE_PHRASE = 3
"""A pair that shares this many n-grams or fewer, all one after another in the candidate, shares one phrase of
at most seven words (a stock phrase, a title, a name with its office): it is not aligned. Two such phrases
apart, or more, are aligned. On the METER corpus no pair sharing one phrase of three five-grams is one the
matcher judges used; in the scan benchmark they were two thirds of the pairs aligned for nothing."""
MAX_ORIGINALS = 100
"""The most originals one candidate is aligned with, those sharing the most n-grams first: a page of
boilerplate that shares a little with everything must not cost a thousand alignments."""
BUCKET = 16
"""Postings per bucket of the lookup directory, at most on average: the directory takes a quarter of a byte
per posting in each process (4-byte entries), and a lookup reads a bucket's few neighbouring words."""
KEEP_DOCUMENTS = 1024
"""Originals each process keeps prepared, some 0.3 MB each: a crawl reuses the same popular articles again and
again, and preparing one costs about as much as aligning it."""


@dataclass(frozen=True)
class Stats:
    documents: int
    postings: int
    bytes: int
    pruned_ngrams: int
    gram: int
    max_df: int

    @property
    def bytes_per_posting(self) -> float:
        return self.bytes / self.postings if self.postings else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "postings": self.postings, "bytes": self.bytes,
                "bytes_per_posting": round(self.bytes_per_posting, 3), "pruned_ngrams": self.pruned_ngrams,
                "gram": self.gram, "max_df": self.max_df}


class Index:
    """An index file mapped read-only: cheap to open, shared between processes by the page cache."""

    def __init__(self, path: Path, contents: store.Contents, mapped: mmap.mmap | None, size: int) -> None:
        self.path = path
        self.contents = contents
        self._mapped = mapped
        self.size = size
        self.hasher = KeyHasher()
        self._documents: OrderedDict[int, Document] = OrderedDict()
        self._directory: npt.NDArray[np.integer[Any]] | None = None
        self._bits = 0

    @classmethod
    def open(cls, path: str | Path, *, verify: bool = False) -> Index:
        """Open an index file. Raises InputError for a missing, foreign or damaged file."""
        where = Path(path)
        contents, mapped = store.read(where, verify=verify)
        return cls(where, contents, mapped, len(mapped))

    @property
    def header(self) -> dict[str, Any]:
        return self.contents.header

    @property
    def documents(self) -> int:
        return int(self.header["documents"])

    def stats(self) -> Stats:
        h = self.header
        return Stats(documents=h["documents"], postings=h["postings"], bytes=self.size, pruned_ngrams=h["pruned"],
                     gram=h["gram"], max_df=h["max_df"])

    def hashes_of_text(self, text: str) -> Hashes:
        """The n-gram hashes of a plain text, read as the matcher would key it."""
        return gram_hashes(self.hasher.of_text(text), self.header["gram"])

    def hashes_of_keys(self, keys: Sequence[str]) -> Hashes:
        return gram_hashes(self.hasher.of_keys(keys), self.header["gram"])

    def retrieve(self, hashes: Hashes, min_shared: int = MIN_SHARED,
                 limit: int = MAX_ORIGINALS) -> list[tuple[int, int]]:
        """The originals sharing at least `min_shared` distinct n-grams with these hashes, as (document
        number, n-grams shared), most shared first, then in document order."""
        postings = self.contents.postings
        if not len(hashes) or not len(postings):
            return []
        keys = _distinct(hashes >> _SHIFT)
        directory, bits = self._lookup_directory()
        bucket = (keys >> np.uint64(store.KEY_BITS - bits)).astype(np.intp)
        left = directory[bucket].astype(np.intp)
        lengths = directory[bucket + 1].astype(np.intp) - left
        total = int(lengths.sum())
        if total == 0:
            return []
        # Every posting in the buckets of the candidate's n-grams, without a Python loop over the n-grams;
        # a bucket holds a few postings, and those of other n-grams are dropped by the comparison.
        starts = np.repeat(left - (np.cumsum(lengths) - lengths), lengths)
        found = postings[starts + np.arange(total)]
        hit = (found >> _SHIFT) == np.repeat(keys, lengths)
        docs, matched = found[hit] & store.DOC_MASK, found[hit] >> _SHIFT
        if not len(docs):
            return []
        by_doc = np.argsort(docs, kind="stable")
        docs, matched = docs[by_doc], matched[by_doc]
        edges = np.flatnonzero(np.diff(docs)) + 1
        firsts = np.concatenate(([0], edges))
        numbers = docs[firsts]
        counts = np.diff(np.concatenate((firsts, [len(docs)])))
        keep = counts >= min_shared
        for i in np.flatnonzero(keep & (counts <= ONE_PHRASE)):
            keep[i] = not _one_run(hashes >> _SHIFT, matched[firsts[i]:firsts[i] + counts[i]])
        numbers, counts = numbers[keep], counts[keep]
        order = np.lexsort((numbers, -counts))[:limit]
        return [(int(numbers[i]), int(counts[i])) for i in order]

    def _lookup_directory(self) -> tuple[npt.NDArray[np.integer[Any]], int]:
        """Where each bucket of n-gram keys starts among the postings (built on first use: a few
        milliseconds per million postings). A bucket holds about BUCKET postings, so a lookup reads a
        few neighbouring words instead of binary-searching the whole array."""
        if self._directory is None:
            postings = self.contents.postings
            bits = max(1, min(store.KEY_BITS, (len(postings) // BUCKET).bit_length()))
            bounds = np.arange(1 << bits, dtype=np.uint64) << np.uint64(64 - bits)
            directory: npt.NDArray[np.integer[Any]] = np.empty(
                (1 << bits) + 1, dtype=np.uint32 if len(postings) < 1 << 32 else np.int64)
            directory[:-1] = np.searchsorted(postings, bounds)
            directory[-1] = len(postings)
            self._directory, self._bits = directory, bits
            return directory, bits
        return self._directory, self._bits

    def document(self, number: int) -> Document:
        """Original number `number`, as the matcher reads it (kept prepared for the next candidate)."""
        found = self._documents.get(number)
        if found is not None:
            self._documents.move_to_end(number)
            return found
        try:
            doc = document_of(self.contents.document_record(number, str(self.path)))
        except (KeyError, TypeError, ValueError):
            raise InputError(f"the index is damaged: document {number} lacks its text or spans; rebuild it",
                             path=str(self.path)) from None
        self._documents[number] = doc
        if len(self._documents) > KEEP_DOCUMENTS:
            self._documents.popitem(last=False)
        return doc

    def name(self, number: int) -> str:
        """How reports name original `number`: its URL, else where it was read from."""
        doc = self.document(number)
        return doc.url or doc.source


def _one_run(text_keys: Hashes, shared: Hashes) -> bool:
    """Whether the shared n-grams stand one after another in the text: one phrase, not several."""
    at = np.flatnonzero(np.isin(text_keys, shared))
    return bool(len(at)) and int(at[-1] - at[0]) == len(at) - 1


def _distinct(values: Hashes) -> Hashes:
    """The distinct values, sorted (numpy's `unique` hashes first, several times slower on a few hundred)."""
    values = np.sort(values)
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def document_of(record: dict[str, Any]) -> Document:
    """A Document again from the record the index keeps: the same text and counted spans, so the same
    tokens and match keys as when it was read."""
    return Document(source=record["source"], format=record["format"], text=record["text"],
                    counted=tuple((int(a), int(b)) for a, b in record["counted"]), url=record.get("url"),
                    title=record.get("title"), sha256=record.get("sha256"))


def record_of(doc: Document) -> dict[str, Any]:
    return {"source": doc.source, "format": doc.format, "text": doc.text, "counted": [list(s) for s in doc.counted],
            "url": doc.url, "title": doc.title, "sha256": doc.sha256}


__all__ = ["GRAM", "Index", "MIN_SHARED", "Stats", "document_of", "record_of"]
