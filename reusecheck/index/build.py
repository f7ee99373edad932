"""Build an index of an archive, or add documents to one.

Each document's distinct n-grams become postings. An n-gram found in more than `max_df` documents is
pruned: it is boilerplate, a stock phrase or a name in every story, and a pair that shares only such
n-grams is no lead. The index keeps each pruned n-gram's document count, so that adding documents later
prunes exactly what building from all of them at once would have (see `add`). Replacing a changed document
lowers the counts again, but an n-gram once pruned stays pruned until the index is built afresh.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from reusecheck import __version__
from reusecheck.errors import InputError, ReusecheckError, UsageError
from reusecheck.index import Index, Stats, document_of, record_of, store
from reusecheck.index.grams import GRAM, Hashes, KeyHasher, gram_hashes
from reusecheck.records import Record

MAX_DF = 100
"""Documents an n-gram may stand in before it is pruned. In news, five words that recur in more than a
hundred articles of one archive are a formula ("said in a statement on"), a dateline or a byline."""

_SHIFT = np.uint64(store.DOC_BITS)


@dataclass
class Outcome:
    """What a build or an add did."""

    stats: Stats
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    errors: list[ReusecheckError] = field(default_factory=list)


def build(records: Iterable[Record], path: Path, *, max_df: int = MAX_DF,
          progress: Callable[[], None] | None = None) -> Outcome:
    """Write a new index of the records at `path`, replacing any index there."""
    if max_df < 1:
        raise UsageError("must be at least 1", option="max-df")
    _refuse_foreign(path)
    with _locked(path):
        empty = np.empty(0, dtype=np.uint64)
        return _write(path, records, {"gram": GRAM, "max_df": max_df}, empty, empty, [], progress)


def add(records: Iterable[Record], path: Path, progress: Callable[[], None] | None = None) -> Outcome:
    """Add records to the index at `path`. A document already in it (by URL, else by where it was read from)
    is left alone when unchanged and replaced when its text changed."""
    with _locked(path):
        index = Index.open(path, verify=True)
        c = index.contents
        blobs = [bytes(c.docs[int(c.doc_offsets[n]):int(c.doc_offsets[n + 1])]) for n in range(index.documents)]
        header = {"gram": index.header["gram"], "max_df": index.header["max_df"],
                  "created": index.header.get("created")}
        return _write(path, records, header, np.array(c.postings), np.array(c.pruned), blobs, progress)


def _write(path: Path, records: Iterable[Record], header: dict[str, Any], postings: Hashes, pruned: Hashes,
           blobs: list[bytes], progress: Callable[[], None] | None) -> Outcome:
    gram, max_df = int(header["gram"]), int(header["max_df"])
    hasher = KeyHasher()
    where = str(path)
    known: dict[str, int] = {}
    for number, blob in enumerate(blobs):
        record = json.loads(zlib.decompress(blob))
        known[_identity(record)] = number
    outcome = Outcome(stats=Stats(0, 0, 0, 0, gram, max_df))
    existing = len(blobs)
    removed: list[int] = []
    fresh: list[Hashes] = []
    gone: list[Hashes] = []
    for item in records:
        if progress is not None:
            progress()
        try:
            doc = item.document()
        except ReusecheckError as exc:
            outcome.errors.append(exc)
            continue
        record = record_of(doc)
        identity = _identity(record)
        earlier = known.get(identity)
        if earlier is not None:
            old = json.loads(zlib.decompress(blobs[earlier]))
            if old.get("sha256") == record["sha256"] and old.get("text") == record["text"]:
                outcome.unchanged += 1
                continue
            removed.append(earlier)
            if earlier < existing:
                gone.append(_keys(hasher, document_of(old).tokens.keys, gram))
                outcome.replaced += 1
        else:
            outcome.added += 1
        number = len(blobs)
        if number >= store.MAX_DOCUMENTS:
            raise InputError(f"an index holds at most {store.MAX_DOCUMENTS:,} documents; split the archive "
                             "into several indexes", path=where)
        known[identity] = number
        blobs.append(zlib.compress(json.dumps(record, ensure_ascii=False).encode("utf-8"), 6))
        fresh.append((_keys(hasher, doc.tokens.keys, gram) << _SHIFT) | np.uint64(number))
    postings, pruned = _merge(postings, pruned, fresh, gone, removed, max_df)
    kept = np.ones(len(blobs), dtype=bool)
    kept[removed] = False
    renumber = (np.cumsum(kept) - 1).astype(np.uint64)
    postings = (postings & ~store.DOC_MASK) | renumber[(postings & store.DOC_MASK).astype(np.int64)]
    blobs = [b for b, k in zip(blobs, kept, strict=True) if k]
    offsets = np.zeros(len(blobs) + 1, dtype=np.uint64)
    offsets[1:] = np.cumsum([len(b) for b in blobs], dtype=np.uint64)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    head = {"gram": gram, "max_df": max_df, "documents": len(blobs), "postings": len(postings),
            "pruned": len(pruned), "created": header.get("created") or now, "updated": now, "tool": __version__,
            "hash": "blake2b-64 of each match key; polynomial over the n-gram; splitmix64 finaliser",
            "posting": "top 40 bits of the n-gram hash, then a 24-bit document number"}
    size = store.write(path, head, postings, pruned, offsets, b"".join(blobs))
    outcome.stats = Stats(len(blobs), len(postings), size, len(pruned), gram, max_df)
    return outcome


def _keys(hasher: KeyHasher, keys: tuple[str, ...], gram: int) -> Hashes:
    """A document's distinct n-grams, as the top 40 bits of their hashes."""
    return np.unique(gram_hashes(hasher.of_keys(keys), gram) >> _SHIFT)


def _merge(postings: Hashes, pruned: Hashes, fresh: list[Hashes], gone: list[Hashes], removed: list[int],
           max_df: int) -> tuple[Hashes, Hashes]:
    """The postings and pruned n-grams after removing the replaced documents and adding the new ones."""
    added = np.concatenate(fresh) if fresh else np.empty(0, dtype=np.uint64)
    if removed:
        # A document given twice in one run counts once, as its last version.
        dropped = np.array(removed, dtype=np.uint64)
        postings = postings[~np.isin(postings & store.DOC_MASK, dropped)]
        added = added[~np.isin(added & store.DOC_MASK, dropped)]
    pruned_keys, pruned_counts = pruned >> _SHIFT, (pruned & store.DOC_MASK).astype(np.int64)
    # An n-gram already pruned only counts its documents up or down.
    in_pruned = np.isin(added >> _SHIFT, pruned_keys)
    pruned_counts += _counts_of(pruned_keys, added[in_pruned] >> _SHIFT)
    if gone:
        pruned_counts -= _counts_of(pruned_keys, np.concatenate(gone))
    everything = np.sort(np.concatenate([postings, added[~in_pruned]]))
    keys = everything >> _SHIFT
    distinct, counts = np.unique(keys, return_counts=True)
    common = counts > max_df
    if common.any():
        everything = everything[~np.isin(keys, distinct[common])]
        pruned_keys = np.concatenate([pruned_keys, distinct[common]])
        pruned_counts = np.concatenate([pruned_counts, counts[common]])
    order = np.argsort(pruned_keys, kind="stable")
    capped = np.minimum(np.maximum(pruned_counts[order], 0), store.MAX_DOCUMENTS).astype(np.uint64)
    return everything, (pruned_keys[order] << _SHIFT) | capped


def _counts_of(keys: Hashes, found: Hashes) -> Any:
    """How often each of the sorted, distinct `keys` occurs in `found`."""
    if not len(keys):
        return np.zeros(0, dtype=np.int64)
    at = np.searchsorted(keys, found)
    inside = at < len(keys)
    at = at[inside]
    return np.bincount(at[keys[at] == found[inside]], minlength=len(keys))


def _refuse_foreign(path: Path) -> None:
    """A build replaces an earlier index, never a file of the user's given as --index by mistake."""
    if path.is_dir():
        raise UsageError("is a folder; give the index file's path", path=str(path), option="index")
    try:
        with path.open("rb") as stream:
            head = stream.read(len(store.MAGIC))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UsageError(f"cannot read it: {exc.strerror}", path=str(path), option="index") from None
    if head and head != store.MAGIC:
        raise UsageError("refusing to overwrite a file that is not a reusecheck index; choose another --index",
                         path=str(path), option="index")


def _identity(record: dict[str, Any]) -> str:
    return str(record.get("url") or record.get("source"))


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One writer at a time: two `index add` runs on one index would each lose the other's documents."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path.with_name(path.name + ".lock"), "a")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise UsageError(f"cannot write the index: {exc.strerror}", path=str(path), option="index") from None
    with lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
