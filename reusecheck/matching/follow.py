"""How closely each candidate sentence follows one sentence of the original.

A journalist who rewrites a sentence keeps its skeleton: the same words, function words included, in
the same order, with some changed or dropped. The use decision weighs candidate sentences by how much
of them recurs, in order, in one sentence of the original; inside a candidate that uses the original,
the sentences that follow closely enough count as rewritten passages.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import LCSseq

from reusecheck.matching.pairs import Found, SharedPairs
from reusecheck.matching.prepare import Prepared


@dataclass(frozen=True)
class Followed:
    """A candidate sentence set beside the one original sentence it follows most closely."""

    sentence: int
    """The candidate sentence's number."""
    source: int
    """The original sentence's number."""
    words: int
    """The candidate sentence's words, its stock phrases left out."""
    shared: int
    """Of those, the words that appear in the original sentence in the same order (their longest common
    subsequence of match keys), the original's quotations and stock phrases left out: a speaker's words
    that both texts quote are not the original's own."""
    plain: int
    """The candidate sentence's words that are neither names nor figures (nor stock phrases)."""
    plain_shared: int
    """Of those, the words that appear in the original sentence in the same order."""
    plain_contained: int
    """Of those, the words that appear in the original sentence in any order (each as often as it does there)."""

    @property
    def share(self) -> float:
        return self.shared / self.words if self.words else 0.0


FOLLOW_PAIRS = 2
"""A candidate sentence follows an original sentence only if the two share this many word pairs: words in
the same order but never two together are a coincidence of syntax."""


def follow(a: Prepared, b: Prepared, min_shared: int, shared: SharedPairs) -> list[Followed]:
    """For each candidate sentence that shares a word pair with the original, the original sentence it
    follows most closely, when `min_shared` or more of its words recur there in order (stock phrases left
    out on both sides, and the original's quotations, which are a speaker's words, not its own).

    A journalist who rewrites a sentence keeps its skeleton: the same words, function words included, in
    the same order, with some changed or dropped. So a sentence's closeness to another is the share of its
    words that recur there in order. Only the two original sentences that share the most word pairs with
    it, and at least FOLLOW_PAIRS, are tried (see `shared_pairs`), so unrelated texts cost next to nothing.
    """
    stock = b.stock
    votes_by = shared.votes(stock)
    found: list[Followed] = []
    for m in sorted(votes_by):
        ours = b.open_keys[m]
        if len(ours) < min_shared:
            continue
        votes = votes_by[m]
        best, best_shared = -1, 0
        for n in sorted(votes, key=lambda n: (-votes[n], n))[:2]:
            if votes[n] < FOLLOW_PAIRS:
                break
            common = LCSseq.similarity(ours, a.own_keys[n], score_cutoff=min_shared)
            if common > best_shared:
                best, best_shared = n, common
        if best_shared < min_shared:
            continue
        # Whether the sentence is copied or closely rewritten is judged without its names and figures,
        # which any report of the event carries: the rest of its words must come from the original too.
        plain, source = b.plain_keys[m], a.own_keys[best]
        f = Followed(sentence=m, source=best, words=len(ours), shared=best_shared, plain=len(plain),
                     plain_shared=LCSseq.similarity(plain, source), plain_contained=_contained(plain, source))
        # Snowball stems are one word's forms; a Kazakh key is a four-letter prefix that unrelated words
        # can share, so there one word at least must be the same.
        if not b.tokens.kazakh or _one_word_equal(a, b, f, stock):
            found.append(f)
    return found


def _contained(ours: tuple[str, ...], theirs: tuple[str, ...]) -> int:
    """How many of `ours` occur in `theirs`, each as often as it does there."""
    left: dict[str, int] = {}
    for key in theirs:
        left[key] = left.get(key, 0) + 1
    found = 0
    for key in ours:
        if left.get(key):
            left[key] -= 1
            found += 1
    return found


def _one_word_equal(a: Prepared, b: Prepared, f: Followed, stock: frozenset[int]) -> bool:
    """Whether a word the two sentences share in order is the same word, not only the same key (unrelated
    Kazakh words can share a four-letter prefix)."""
    sa, ea = a.sentences[f.source]
    sb, eb = b.sentences[f.sentence]
    ours = [i for i in range(sa, ea) if i not in a.aside]
    theirs = [j for j in range(sb, eb) if j not in stock]
    words_a, words_b = a.tokens.words, b.tokens.words
    return any(words_a[i] == words_b[j] for i, j in _paired(a, b, ours, theirs))


def _paired(a: Prepared, b: Prepared, ours: list[int], theirs: list[int]) -> list[tuple[int, int]]:
    """Words of the original (`ours`) and of the candidate (`theirs`) paired by the longest common
    subsequence of their match keys, in order."""
    keys_a, keys_b = a.tokens.keys, b.tokens.keys
    return [(ours[op.src_start + k], theirs[op.dest_start + k])
            for op in LCSseq.opcodes([keys_a[i] for i in ours], [keys_b[j] for j in theirs])
            if op.tag == "equal" for k in range(op.src_end - op.src_start)]


def followed_passages(a: Prepared, b: Prepared, followed: list[Followed], taken_a: set[int], taken_b: set[int],
                      min_share: float, min_words: int, max_gap: int) -> list[Found]:
    """The sentences that follow an original sentence closely enough, as rewritten passages.

    The words of each such candidate sentence (`min_share` of its words, and `min_words` or more, recur in
    order in the original sentence) are paired with theirs (their longest common subsequence). Paired
    words with at most `max_gap` words between
    them, on both sides, make one passage with the words between: those are the rewrite of each other. A
    wider gap is text one side has and the other does not render (a clause of the candidate's own, the
    rest of a long original sentence), so the passage ends there. Only words still free are taken.
    """
    found: list[Found] = []
    for f in followed:
        if f.share < min_share or f.shared < min_words:
            continue
        sa, ea = a.sentences[f.source]
        sb, eb = b.sentences[f.sentence]
        ours = [i for i in range(sa, ea) if i not in taken_a]
        theirs = [j for j in range(sb, eb) if j not in taken_b]
        if not ours or not theirs:
            continue
        runs: list[list[tuple[int, int]]] = []
        for i, j in _paired(a, b, ours, theirs):
            if runs and i - runs[-1][-1][0] <= max_gap + 1 and j - runs[-1][-1][1] <= max_gap + 1:
                runs[-1].append((i, j))
            else:
                runs.append([(i, j)])
        for run in runs:
            if len(run) < 2:
                continue
            (first_a, first_b), (last_a, last_b) = run[0], run[-1]
            mine = [i for i in ours if first_a <= i <= last_a]
            yours = [j for j in theirs if first_b <= j <= last_b]
            taken_a.update(mine)
            taken_b.update(yours)
            found.append((mine, yours, True))
    return found
