"""The Python API: `compare` and `check` on paths or Documents.

Both take the candidate first and the originals second, like the command line. `check` and
`compare_many` judge what they can: a file that cannot be read becomes an error in the result, not an
exception, so one bad file does not hide the others. `compare` on one candidate raises instead.

An original given as an http(s) URL is fetched as `fetching` says (reusecheck.fetch.FetchOptions: the
limits, the cache, offline), or taken from the cache. Originals may also be named as a folder (searched
recursively), a glob, or `@list.txt`; the originals found so are searched for what each candidate uses,
and only those it uses are reported.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from reusecheck import engine
from reusecheck.documents import FORMATS, Document, load_document
from reusecheck.documents.reading import DEFAULT_MAX_BYTES, check_encoding
from reusecheck.errors import ReusecheckError, UsageError
from reusecheck.inputs import expand
from reusecheck.matching import MatchOptions
from reusecheck.permissions import Permission, load_ledger
from reusecheck.report import Comparison, Comparisons, Problem, Report, document_notes
from reusecheck.ruleset import RulePack, find_pack

if TYPE_CHECKING:
    from reusecheck.fetch import FetchOptions

Input = str | Path | Document


def _doc(item: Input, max_bytes: int, encoding: str | None, fetching: FetchOptions | None = None) -> Document:
    if isinstance(item, Document):
        return item
    return load_document(item, max_bytes=max_bytes, encoding=encoding, fetching=fetching)


def _items(items: Input | Iterable[Input]) -> list[Input]:
    return [items] if isinstance(items, str | Path | Document) else list(items)


def _collection(items: Input | Iterable[Input], candidates: Input | Iterable[Input] = ()
                ) -> tuple[list[Input], bool]:
    """The originals named: folders, globs and `@list` files expanded; and whether any of them was one.

    A candidate found in a searched folder is no original of its own: it would match itself whole.
    """
    given = _items(items)
    docs: list[Input] = [i for i in given if isinstance(i, Document)]
    files, collection = expand([str(i) for i in given if not isinstance(i, Document)], FORMATS)
    if collection:
        drafts = {os.path.realpath(c) for c in _items(candidates) if not isinstance(c, Document)}
        files = [f for f in files if "://" in f or os.path.realpath(f) not in drafts]
    return [*docs, *files], collection


def _many(items: Input | Iterable[Input], max_bytes: int, encoding: str | None,
          fetching: FetchOptions | None = None) -> list[Document]:
    return [_doc(item, max_bytes, encoding, fetching) for item in _items(items)]


def _check_encoding(encoding: str | None) -> None:
    """An unknown encoding is a mistake in the call, not in any one file: refused once, before reading."""
    if encoding is not None:
        try:
            check_encoding(encoding, "")
        except ReusecheckError as exc:
            raise UsageError(exc.message, option="encoding") from None


def _load_all(items: Input | Iterable[Input], role: Literal["candidate", "original"], max_bytes: int,
              encoding: str | None, fetching: FetchOptions | None = None) -> tuple[list[Document], list[Problem]]:
    """The documents that could be read, and a problem for each that could not."""
    _check_encoding(encoding)
    docs: list[Document] = []
    problems: list[Problem] = []
    for item in _items(items):
        try:
            docs.append(_doc(item, max_bytes, encoding, fetching))
        except ReusecheckError as exc:
            problems.append(Problem.of(exc, str(item), role))
    return docs, problems


def compare(candidate: Input, originals: Input | Iterable[Input], *, options: MatchOptions | None = None,
            max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None,
            fetching: FetchOptions | None = None) -> Comparison:
    """Measure how much `candidate` reuses of each original. No rules are applied. Raises
    ReusecheckError when a file cannot be read."""
    named, collection = _collection(originals, candidate)
    return engine.measure(_doc(candidate, max_bytes, encoding, fetching), _many(named, max_bytes, encoding, fetching),
                          options or MatchOptions(), archive=collection)


def compare_many(candidates: Input | Iterable[Input], originals: Input | Iterable[Input], *,
                 options: MatchOptions | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 encoding: str | None = None, fetching: FetchOptions | None = None) -> Comparisons:
    """`compare` for each candidate; files that cannot be read are listed as errors."""
    opts = options or MatchOptions()
    named, collection = _collection(originals, candidates)
    origs, errors = _load_all(named, "original", max_bytes, encoding, fetching)
    cands, cand_errors = _load_all(candidates, "candidate", max_bytes, encoding, fetching)
    errors += cand_errors
    # With no original left to measure against, a comparison would only say "nothing reused".
    measured = tuple(engine.measure(c, origs, opts, archive=collection) for c in cands) if origs else ()
    notes = tuple(n for o in origs for n in document_notes(o))
    return Comparisons(comparisons=measured, options=opts, errors=tuple(errors), notes=notes)


def check(candidates: Input | Iterable[Input], originals: Input | Iterable[Input], *,
          rules: str | Path | RulePack | None = None,
          permissions: str | Path | Iterable[Permission] | None = None,
          options: MatchOptions | None = None, today: dt.date | None = None,
          max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None, all_pairs: bool = False,
          fetching: FetchOptions | None = None) -> Report:
    """Judge each candidate against the originals by a rule pack (by id, path, or picked by URL).

    The report lists, for each candidate, the originals it uses (or that fail a rule), unless `all_pairs`.
    A rule pack or ledger that cannot be read raises ReusecheckError; a candidate or original that cannot
    be read is an error in the report, and the others are judged.
    """
    pack = find_pack(str(rules)) if isinstance(rules, str | Path) else rules
    granted = load_ledger(permissions) if isinstance(permissions, str | Path) else tuple(permissions or ())
    named, collection = _collection(originals, candidates)
    origs, errors = _load_all(named, "original", max_bytes, encoding, fetching)
    cands, cand_errors = _load_all(candidates, "candidate", max_bytes, encoding, fetching)
    errors += cand_errors
    report = engine.check(cands if origs else [], origs, pack=pack, permissions=granted, options=options,
                          today=today, all_pairs=all_pairs, archive=collection)
    return replace(report, errors=tuple(errors) + report.errors)
