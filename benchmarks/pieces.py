"""What the controlled benchmark's candidates are built from: pieces of text that carry their word-level truth.

Shared by the generator (controlled.py) and its sentence rewriter (rewriting.py), which imports nothing else
of the benchmark: a Piece is a word or the glue between words; a word piece names the original word it
copies, so the truth follows each word through every edit. Also here: the two word tables that both the
light edits and the rewrites use.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    word: bool = False
    source: int | None = None
    """For a word: the index of the original word it copies (or is an edited copy of), None when it is new."""
    derived: bool = False
    """For a new word: it was inserted into a rewritten sentence, which is derived text, so it counts as reused."""
    covers: tuple[int, ...] = ()
    """Original words, besides its source, that count as reused with it: the words a rewrite dropped next to it."""


Line = list[Piece]
"""One sentence of a candidate."""
Layout = list[list[Line]]
"""A candidate: paragraphs of sentences of pieces."""


SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "big": "large", "large": "big", "huge": "massive",
    "rose": "climbed", "fell": "dropped", "jumped": "surged", "company": "firm", "firm": "company",
    "firms": "companies", "companies": "firms", "people": "individuals", "showed": "revealed",
    "shows": "reveals", "buy": "purchase", "bought": "purchased", "began": "started", "started": "began",
    "quickly": "rapidly", "major": "key", "important": "significant", "chance": "opportunity",
    "believes": "thinks", "believed": "thought", "warned": "cautioned", "expected": "anticipated",
    "profits": "earnings", "figures": "numbers", "film": "movie", "films": "movies", "several": "many",
    "recent": "latest", "latest": "recent", "biggest": "largest", "largest": "biggest", "help": "assist",
    "added": "continued", "hopes": "wants", "decided": "chose", "difficult": "hard", "children": "kids",
}
"""Synonym swaps of the light edits; the rewriter's swaps (rewriting._REWRITE_SWAPS) include them."""
LOWERABLE = frozenset({"The", "A", "An", "It", "He", "She", "They", "We", "This", "That", "These", "But", "And",
                       "In", "However", "There", "His", "Her", "Their", "Its", "Some", "Many", "One"})
"""First words that may be lowercased when a new sentence goes after a fragment (and that are no names when the
rewriter moves them inside a sentence)."""
