"""The matcher's knobs, with their defaults. Every knob that changes a result is recorded in the report."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class MatchOptions:
    """How passages are found: the measuring stage."""

    min_words: int = 6
    """A passage of the word chains must reuse at least this many words of the original to count (the
    sentence stage may add a shorter sentence copied whole next to reused text)."""
    count_quotes: bool = True
    """Count text inside quotation marks in the candidate. Off: quoted text is never reused text."""
    max_gap: int = 4
    """Words that may differ between two seeds of one passage, on either side."""
    max_substitution: int = 2
    """A replaced run up to this many words, on both sides, still counts as (edited) reuse."""
    stock_limit: int = 6
    """A trigram that occurs more often than this in the original is too common to seed a passage."""
    rewrites: bool = True
    """The sentence stage (see sentences.py): count sentences rewritten around several fragments of an
    original sentence, the rewritten edges of copied sentences, and short sentences copied whole next
    to reused text."""
    rewrite_min_share: float = 0.5
    """Share of a rewritten sentence's words that its shared fragments must cover."""

    def __post_init__(self) -> None:
        if self.min_words < 1:
            raise ValueError("min_words must be at least 1")
        if self.max_gap < 0 or self.max_substitution < 0 or self.stock_limit < 1:
            raise ValueError("max_gap and max_substitution must be >= 0, stock_limit >= 1")
        if not 0.0 < self.rewrite_min_share <= 1.0:
            raise ValueError("rewrite_min_share must be in (0, 1]")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
