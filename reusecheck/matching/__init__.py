"""The matcher: how much of an original a candidate reuses, where, and whether it uses it at all.

Pure functions of prepared texts: no I/O, no rules. `prepare` a text once, then `align` it with as many
partners as needed; `compare` does both for two Documents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reusecheck.matching.align import align
from reusecheck.matching.options import MatchOptions
from reusecheck.matching.overlap import Overlap, Passage, Use, combined_share
from reusecheck.matching.prepare import Prepared, prepare
from reusecheck.matching.use import UseOptions

if TYPE_CHECKING:
    from reusecheck.documents.model import Document

__all__ = ["MatchOptions", "Overlap", "Passage", "Prepared", "Use", "UseOptions", "align", "combined_share",
           "compare", "prepare"]


def compare(candidate: Document, original: Document, options: MatchOptions | None = None,
            use: UseOptions | None = None) -> Overlap:
    """Measure how much `candidate` reuses of `original` (each prepared once, and kept with its Document
    for the next pair it is in). The order is the Python API's: `reusecheck.compare(candidate, originals)`.
    """
    return align(prepare(original), prepare(candidate), options, use)
