"""Sentences rewritten around copied fragments: the matcher's sentence stage.

Word chains find copies that keep runs of three or more words. A sentence that is rewritten around
its source ("Police said on Monday the man, 34, was held" from "The 34-year-old man was held on
Monday, police said") keeps only shorter runs. It is still derived text, so each candidate sentence
that the chains left mostly free is aligned with the original sentence it shares the most word pairs
with. It counts when the two share several separate fragments of two or more words, and those
fragments make up enough of the candidate sentence. Then the stretch from the first to the last
shared word counts on both sides. A sentence that only shares names, dates and figures with the
original, as independent reports of one event do, seldom has several multi-word fragments in common,
and does not count.

A sentence the chains mostly covered is completed the same way (see `completed`): the rewritten edges
of a copied sentence belong to it. And a sentence too short for a passage counts when it is copied
whole next to reused text (see `short_copies`). Inside a candidate that uses the original, `widen`
runs the stage again with looser options and adds the sentences that follow the original (follow.py).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from reusecheck.matching.follow import Followed, followed_passages
from reusecheck.matching.pairs import Found, SharedPairs
from reusecheck.matching.prepare import Prepared, Span


@dataclass(frozen=True)
class RewriteOptions:
    """When a rewritten sentence counts as derived."""

    min_fragments: int = 2
    """Separate runs of two or more shared words the sentence pair must have."""
    min_share: float = 0.5
    """Shared words in those runs, as a share of the candidate sentence's free words."""
    min_words: int = 5
    """Shared words in those runs, at least."""
    min_share_of_source: float = 0.3
    """Shared words in those runs, as a share of the original sentence's free words: a short sentence that
    echoes a few words of a long one is not its rewrite."""
    max_words: int = 120
    """Longer "sentences" (text without sentence punctuation) are left to the word chains: aligning them
    whole would cost time growing with the square of their length, and prove little."""


def stage(a: Prepared, b: Prepared, found: list[Found], taken_a: set[int], taken_b: set[int],
          opts: RewriteOptions, shared: SharedPairs) -> list[Found]:
    """The sentence stage after the word chains: rewritten sentences, completed copies, short copies."""
    found = found + list(rewritten(a, b, taken_a, taken_b, opts, shared))
    found = completed(a, b, found, taken_a, taken_b, opts.min_share)
    return found + short_copies(a, b, found, taken_a, taken_b)


def widen(a: Prepared, b: Prepared, found: list[Found], taken_a: set[int], taken_b: set[int],
          opts: RewriteOptions, shared: SharedPairs, followed: list[Followed], follow_share: float,
          follow_words: int, max_gap: int) -> list[Found]:
    """The sentence stage again inside a candidate that uses the original: looser rewrites, and the
    sentences that follow sentences of the original, before completing and adding short copies."""
    found = found + list(rewritten(a, b, taken_a, taken_b, opts, shared))
    found += followed_passages(a, b, followed, taken_a, taken_b, follow_share, follow_words, max_gap)
    found = completed(a, b, found, taken_a, taken_b, opts.min_share)
    return found + short_copies(a, b, found, taken_a, taken_b)


def rewritten(a: Prepared, b: Prepared, taken_a: set[int], taken_b: set[int], opts: RewriteOptions,
              shared: SharedPairs) -> Iterator[Found]:
    """Each rewritten sentence, taking only words still free.

    Each word pair the candidate shares with the original, both its words still free in the candidate,
    votes for the original sentences it stands in; the two with the most votes are tried. `taken_a` and
    `taken_b` are updated as sentences are taken.
    """
    spans_a = a.sentences
    votes_by = shared.votes(taken_b)
    for m in sorted(votes_by):
        votes = votes_by[m]
        if max(votes.values()) < opts.min_fragments:
            continue
        s, e = b.sentences[m]
        theirs = [j for j in range(s, e) if j not in taken_b]
        if not opts.min_words <= len(theirs) <= opts.max_words:
            continue
        ranked = [n for n in sorted(votes, key=lambda n: (-votes[n], n))
                  if spans_a[n][1] - spans_a[n][0] <= opts.max_words]
        for n in ranked[:2]:
            if votes[n] < opts.min_fragments:
                break
            sa, ea = spans_a[n]
            ours = [i for i in range(sa, ea) if i not in taken_a]
            aligned = _aligned(a, b, ours, theirs, opts)
            if aligned:
                taken_a.update(aligned[0])
                taken_b.update(aligned[1])
                yield aligned[0], aligned[1], True
                break


def _aligned(a: Prepared, b: Prepared, ours: list[int], theirs: list[int],
             opts: RewriteOptions) -> tuple[list[int], list[int]] | None:
    """The stretches of free words from the first to the last shared fragment, if the pair counts.

    Fragments are runs of two or more equal keys, taken longest first and in any order: a rewrite may
    move a clause ("X, police said" to "Police said X").
    """
    keys_b = [b.tokens.keys[j] for j in theirs]
    # Fragment words are words of the original sentence: too few of those, and no fragments can do.
    in_source = a.sentence_sets[a.sentence_of[ours[0]]] if ours else frozenset()
    if sum(1 for key in keys_b if key in in_source) < max(opts.min_words, opts.min_share * len(theirs)):
        return None
    keys_a = [a.tokens.keys[i] for i in ours]
    where: dict[str, list[int]] = {}
    for x, key in enumerate(keys_a):
        where.setdefault(key, []).append(x)
    runs: list[tuple[int, int, int]] = []  # (length, position in ours, position in theirs)
    for y, key in enumerate(keys_b):
        for x in where.get(key, ()):
            if x and y and keys_a[x - 1] == keys_b[y - 1]:
                continue  # not the start of a run
            n = 1
            while x + n < len(keys_a) and y + n < len(keys_b) and keys_a[x + n] == keys_b[y + n]:
                n += 1
            if n >= 2:
                runs.append((n, x, y))
    used_a: set[int] = set()
    used_b: set[int] = set()
    fragments: list[tuple[int, int, int]] = []
    for n, x, y in sorted(runs, key=lambda run: (-run[0], run[2])):
        if used_a.isdisjoint(range(x, x + n)) and used_b.isdisjoint(range(y, y + n)):
            used_a.update(range(x, x + n))
            used_b.update(range(y, y + n))
            fragments.append((n, x, y))
    shared = sum(n for n, _, _ in fragments)
    if (len(fragments) < opts.min_fragments or shared < opts.min_words or shared < opts.min_share * len(theirs)
            or shared < opts.min_share_of_source * len(ours)):
        return None
    words_a, words_b = a.tokens.words, b.tokens.words
    if not any(words_a[ours[x + i]] == words_b[theirs[y + i]] for n, x, y in fragments for i in range(n)):
        return None  # stems alone agree, not one word

    first_a, last_a = min(used_a), max(used_a)
    first_b, last_b = min(used_b), max(used_b)
    return ours[first_a:last_a + 1], theirs[first_b:last_b + 1]


def completed(a: Prepared, b: Prepared, found: list[Found], taken_a: set[int], taken_b: set[int],
              min_share: float) -> list[Found]:
    """Passages, each mostly copied sentence taken whole.

    When the passages inside one candidate sentence all come from one original sentence and cover most
    of both, the words they leave out at the edges and between them are the rewrite of that sentence:
    an opener added ("Meanwhile,"), an attribution moved ("X, police said" to "Police said that X"), a
    changed last word. They join the passage when the candidate's leftovers resemble the original's,
    or are a word or two. A copied fragment set in a sentence of the candidate's own leaves leftovers
    that share nothing with the original sentence's, so it stays as it is.
    """
    sentence_a, spans_a = a.sentence_of, a.sentences
    sentence_b, spans_b = b.sentence_of, b.sentences
    keys_a, keys_b = a.tokens.keys, b.tokens.keys
    # Passages that lie inside one candidate sentence, by that sentence, with the one original sentence
    # each lies in; a candidate sentence whose passages come from several original sentences is left alone.
    groups: dict[int, list[int]] = {}
    source: dict[int, set[int]] = {}
    for n, (ours, theirs, _rewritten) in enumerate(found):
        one_a = {sentence_a[i] for i in ours}
        one_b = {sentence_b[j] for j in theirs}
        if len(one_a) == 1 and len(one_b) == 1:
            k = one_b.pop()
            groups.setdefault(k, []).append(n)
            source.setdefault(k, set()).update(one_a)
    result = dict(enumerate(found))
    for k, members in groups.items():
        if len(source[k]) != 1:
            continue
        sa, ea = spans_a[source[k].pop()]
        sb, eb = spans_b[k]
        free_b = [j for j in range(sb, eb) if j not in taken_b]
        if not free_b:
            continue
        free_a = [i for i in range(sa, ea) if i not in taken_a]
        covered_a = sum(len(found[n][0]) for n in members)
        covered_b = sum(len(found[n][1]) for n in members)
        if covered_a < min_share * (ea - sa) or covered_b < min_share * (eb - sb):
            continue
        small = len(free_b) <= 2 and len(free_a) <= 2
        if not small and Indel.normalized_similarity([keys_a[i] for i in free_a],
                                                     [keys_b[j] for j in free_b]) < _LEFTOVER_SIMILARITY:
            continue
        ours = sorted({i for n in members for i in found[n][0]}.union(free_a))
        theirs = sorted({j for n in members for j in found[n][1]}.union(free_b))
        taken_a.update(free_a)
        taken_b.update(free_b)
        for n in members:
            del result[n]
        result[members[0]] = (ours, theirs, all(found[n][2] for n in members))
    return [result[n] for n in sorted(result)]


# Leftovers this alike are the same words rewritten; unrelated text shares a function word or two.
_LEFTOVER_SIMILARITY = 0.4


def short_copies(a: Prepared, b: Prepared, found: list[Found], taken_a: set[int],
                 taken_b: set[int]) -> list[Found]:
    """Whole sentences too short for a passage, copied word for word next to reused text.

    "It was a pity." or "Subs not used: Smith, Scott." are below any sensible minimum passage, and
    alone they prove nothing. Copied whole, right before or after a sentence that holds reused text,
    they are part of the copy.
    """
    spans_b = b.sentences
    if not found or not a.whole:
        return []
    sources: dict[tuple[str, ...], deque[Span]] = {}
    reused = {j for _, theirs, _ in found for j in theirs}
    near = [not reused.isdisjoint(range(s, e)) for s, e in spans_b]
    # Outward from the sentences that hold reused text: a short sentence taken makes its neighbour
    # "next to reused text" in turn, so a run of them (a line-up, a fixtures list) joins one by one.
    queue = [k for k, yes in enumerate(near) if yes]
    added: list[Found] = []
    keys_b = b.tokens.keys
    while queue:
        k = queue.pop()
        for n in (k - 1, k + 1):
            if not 0 <= n < len(spans_b) or near[n]:
                continue
            s, e = spans_b[n]
            key = keys_b[s:e]
            if key not in a.whole or not taken_b.isdisjoint(range(s, e)):
                continue
            free = sources.get(key)
            if free is None:
                free = sources[key] = deque(span for span in a.whole[key] if taken_a.isdisjoint(range(*span)))
            while free and not taken_a.isdisjoint(range(*free[0])):
                free.popleft()
            if free:
                sa, ea = free.popleft()
                taken_a.update(range(sa, ea))
                taken_b.update(range(s, e))
                added.append((list(range(sa, ea)), list(range(s, e)), False))
                near[n] = True
                queue.append(n)
    return added
