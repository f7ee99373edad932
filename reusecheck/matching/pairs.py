"""Word pairs two texts share, pointing from candidate sentences to the original's sentences.

A pair of adjacent words that stands in only a few places of the original points to the sentences it
stands in; the pairs a candidate sentence shares with one original sentence are its votes for it. The
sentence stage and sentence following both start from these votes, so a candidate sentence is only set
beside the original sentences it shares something with.
"""

from __future__ import annotations

from collections.abc import Collection

from reusecheck.matching.prepare import POINTING, Prepared

Found = tuple[list[int], list[int], bool]
"""A passage in the making: original tokens, candidate tokens, and whether it is a rewritten sentence."""

Votes = dict[int, dict[int, int]]
"""For each candidate sentence, how many shared word pairs point from it to each original sentence."""


class SharedPairs:
    """Where the candidate has a word pair the original has, for pairs rare enough in the original to point
    to a sentence of it: (the pair's first word in the candidate, the original sentences holding it)."""

    def __init__(self, b: Prepared, places: list[tuple[int, list[int]]]) -> None:
        self.b = b
        self.places = places
        self._all: Votes | None = None

    def __bool__(self) -> bool:
        return bool(self.places)

    def votes(self, skip: frozenset[int] | set[int]) -> Votes:
        """The votes of the pairs whose two words in the candidate are not in `skip` (those of all the
        pairs are counted once and kept: the sentence stage and sentence following both ask for them)."""
        if not skip or all(j not in skip and j + 1 not in skip for j, _ in self.places):
            if self._all is None:
                self._all = self._count(frozenset())
            return self._all
        return self._count(skip)

    def _count(self, skip: Collection[int]) -> Votes:
        votes_by: Votes = {}
        sentence_of = self.b.sentence_of
        for j, where in self.places:
            if j not in skip and j + 1 not in skip:
                row = votes_by.setdefault(sentence_of[j], {})
                for n in where:
                    row[n] = row.get(n, 0) + 1
        return votes_by


def shared_pairs(a: Prepared, b: Prepared) -> SharedPairs:
    """The word pairs the candidate shares with the original that point to a sentence of it (see SharedPairs)."""
    counts = a.pair_counts
    shared = [pair for pair in a.pair_set & b.pair_set if counts[pair] <= POINTING]
    if not shared:
        return SharedPairs(b, [])
    at, where = b.pairs, a.pair_sentences
    return SharedPairs(b, [(j, sentences) for pair in shared for sentences in (where(pair),) for j in at[pair]])
