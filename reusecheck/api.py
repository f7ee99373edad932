"""The Python API: `compare` and `check` on paths or Documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from reusecheck import engine
from reusecheck.documents import Document, load_document
from reusecheck.documents.reading import DEFAULT_MAX_BYTES
from reusecheck.matching import MatchOptions
from reusecheck.permissions import Permission, load_ledger
from reusecheck.report import Comparison, Report
from reusecheck.ruleset import RulePack, find_pack

Input = str | Path | Document


def _doc(item: Input, max_bytes: int, encoding: str | None) -> Document:
    return item if isinstance(item, Document) else load_document(item, max_bytes=max_bytes, encoding=encoding)


def _many(items: Input | Iterable[Input], max_bytes: int, encoding: str | None) -> list[Document]:
    if isinstance(items, str | Path | Document):
        return [_doc(items, max_bytes, encoding)]
    return [_doc(item, max_bytes, encoding) for item in items]


def compare(candidate: Input, originals: Input | Iterable[Input], *, options: MatchOptions | None = None,
            max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None) -> Comparison:
    """Measure how much `candidate` reuses of each original. No rules are applied."""
    return engine.measure(_doc(candidate, max_bytes, encoding), _many(originals, max_bytes, encoding),
                          options or MatchOptions())


def check(candidates: Input | Iterable[Input], originals: Input | Iterable[Input], *,
          rules: str | Path | RulePack | None = None,
          permissions: str | Path | Iterable[Permission] | None = None,
          options: MatchOptions | None = None, today: dt.date | None = None,
          max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None, all_pairs: bool = False) -> Report:
    """Judge each candidate against the originals by a rule pack (by id, path, or picked by URL).

    The report lists, for each candidate, the originals it uses (or that fail a rule), unless `all_pairs`.
    """
    pack = find_pack(str(rules)) if isinstance(rules, str | Path) else rules
    granted = load_ledger(permissions) if isinstance(permissions, str | Path) else tuple(permissions or ())
    return engine.check(_many(candidates, max_bytes, encoding), _many(originals, max_bytes, encoding), pack=pack,
                        permissions=granted, options=options, today=today, all_pairs=all_pairs)
