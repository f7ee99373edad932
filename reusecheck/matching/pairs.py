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

SharedPairs = list[tuple[int, list[int]]]
"""Where the candidate has a word pair the original has: (the pair's first word in the candidate, the
original sentences holding it), for pairs rare enough in the original to point to a sentence of it."""


def shared_pairs(a: Prepared, b: Prepared) -> SharedPairs:
    """The word pairs the candidate shares with the original that point to a sentence of it (see SharedPairs)."""
    counts = a.pair_counts
    shared = [pair for pair in a.pair_set & b.pair_set if counts[pair] <= POINTING]
    if not shared:
        return []
    at, where = b.pairs, a.pair_sentences
    return [(j, sentences) for pair in shared for sentences in (where(pair),) for j in at[pair]]


def sentence_votes(b: Prepared, shared: SharedPairs, skip: Collection[int]) -> dict[int, dict[int, int]]:
    """For each candidate sentence, how many shared word pairs point from it to each original sentence,
    counting only pairs whose two words in the candidate are not in `skip`."""
    votes_by: dict[int, dict[int, int]] = {}
    sentence_of = b.sentence_of
    for j, where in shared:
        if j not in skip and j + 1 not in skip:
            row = votes_by.setdefault(sentence_of[j], {})
            for n in where:
                row[n] = row.get(n, 0) + 1
    return votes_by
