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
whole next to reused text (see `short_copies`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from reusecheck.text import Tokens


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
    stock_limit: int = 3
    """A word pair in more sentences of the original than this does not point to a source sentence."""
    max_words: int = 120
    """Longer "sentences" (text without sentence punctuation) are left to the word chains: aligning them
    whole would cost time growing with the square of their length, and prove little."""


Span = tuple[int, int]


def sentence_spans(tokens: Tokens) -> list[Span]:
    """Token ranges of the sentences of `tokens`."""
    starts = tokens.sentences
    if not starts:
        return []
    return [(s, e) for s, e in zip(starts, (*starts[1:], len(tokens)), strict=True) if e > s]


def rewritten(a: Tokens, b: Tokens, taken_a: set[int], taken_b: set[int],
              opts: RewriteOptions) -> Iterator[tuple[list[int], list[int]]]:
    """(original tokens, candidate tokens) of each rewritten sentence, taking only words still free.

    `taken_a` and `taken_b` are updated as sentences are taken.
    """
    sentences_a = sentence_spans(a)
    pairs: dict[tuple[str, str], set[int]] = {}
    for n, (s, e) in enumerate(sentences_a):
        if e - s > opts.max_words:
            continue
        for i in range(s, e - 1):
            if i not in taken_a and i + 1 not in taken_a:
                pairs.setdefault((a.keys[i], a.keys[i + 1]), set()).add(n)
    common = {pair: tuple(found) for pair, found in pairs.items() if len(found) <= opts.stock_limit}
    if not common:
        return
    keys = b.keys
    for s, e in sentence_spans(b):
        theirs = [j for j in range(s, e) if j not in taken_b]
        if not opts.min_words <= len(theirs) <= opts.max_words:
            continue
        votes: dict[int, int] = {}
        for j, k in zip(theirs, theirs[1:], strict=False):
            if k == j + 1 and (found := common.get((keys[j], keys[k]))):
                for n in found:
                    votes[n] = votes.get(n, 0) + 1
        for n in sorted(votes, key=votes.__getitem__, reverse=True)[:2]:
            if votes[n] < opts.min_fragments:
                break
            sa, ea = sentences_a[n]
            ours = [i for i in range(sa, ea) if i not in taken_a]
            aligned = _aligned(a, b, ours, theirs, opts)
            if aligned:
                taken_a.update(aligned[0])
                taken_b.update(aligned[1])
                yield aligned
                break


def _aligned(a: Tokens, b: Tokens, ours: list[int], theirs: list[int],
             opts: RewriteOptions) -> tuple[list[int], list[int]] | None:
    """The stretches of free words from the first to the last shared fragment, if the pair counts.

    Fragments are runs of two or more equal keys, taken longest first and in any order: a rewrite may
    move a clause ("X, police said" to "Police said X").
    """
    keys_a = [a.keys[i] for i in ours]
    keys_b = [b.keys[j] for j in theirs]
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
    if not any(a.words[ours[x + i]] == b.words[theirs[y + i]] for n, x, y in fragments for i in range(n)):
        return None  # stems alone agree, not one word

    first_a, last_a = min(used_a), max(used_a)
    first_b, last_b = min(used_b), max(used_b)
    return ours[first_a:last_a + 1], theirs[first_b:last_b + 1]


def completed(a: Tokens, b: Tokens, found: list[tuple[list[int], list[int]]], taken_a: set[int],
              taken_b: set[int], min_share: float) -> list[tuple[list[int], list[int]]]:
    """Passages as (original tokens, candidate tokens), each mostly copied sentence taken whole.

    When the passages inside one candidate sentence all come from one original sentence and cover most
    of both, the words they leave out at the edges and between them are the rewrite of that sentence:
    an opener added ("Meanwhile,"), an attribution moved ("X, police said" to "Police said that X"), a
    changed last word. They join the passage when the candidate's leftovers resemble the original's,
    or are a word or two. A copied fragment set in a sentence of the candidate's own leaves leftovers
    that share nothing with the original sentence's, so it stays as it is.
    """
    sentence_a, spans_a = _sentence_index(a)
    sentence_b, spans_b = _sentence_index(b)
    # Passages that lie inside one candidate sentence, by that sentence, with the one original sentence
    # each lies in; a candidate sentence whose passages come from several original sentences is left alone.
    groups: dict[int, list[int]] = {}
    source: dict[int, set[int]] = {}
    for n, (ours, theirs) in enumerate(found):
        one_a = {sentence_a[i] for i in ours}
        one_b = {sentence_b[j] for j in theirs}
        if len(one_a) == 1 and len(one_b) == 1:
            k = one_b.pop()
            groups.setdefault(k, []).append(n)
            source.setdefault(k, set()).update(one_a)
    result = {n: pair for n, pair in enumerate(found)}
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
        if not small and Indel.normalized_similarity([a.keys[i] for i in free_a],
                                                     [b.keys[j] for j in free_b]) < _LEFTOVER_SIMILARITY:
            continue
        ours = sorted({i for n in members for i in found[n][0]}.union(free_a))
        theirs = sorted({j for n in members for j in found[n][1]}.union(free_b))
        taken_a.update(free_a)
        taken_b.update(free_b)
        for n in members:
            del result[n]
        result[members[0]] = (ours, theirs)
    return [result[n] for n in sorted(result)]


# Leftovers this alike are the same words rewritten; unrelated text shares a function word or two.
_LEFTOVER_SIMILARITY = 0.4


def _sentence_index(tokens: Tokens) -> tuple[list[int], list[Span]]:
    """The sentence number of every token, and the sentences' token ranges."""
    spans = sentence_spans(tokens)
    index = [0] * len(tokens)
    for n, (s, e) in enumerate(spans):
        index[s:e] = [n] * (e - s)
    return index, spans


def short_copies(a: Tokens, b: Tokens, found: list[tuple[list[int], list[int]]], taken_a: set[int],
                 taken_b: set[int]) -> list[tuple[list[int], list[int]]]:
    """Whole sentences too short for a passage, copied word for word next to reused text.

    "It was a pity." or "Subs not used: Smith, Scott." are below any sensible minimum passage, and
    alone they prove nothing. Copied whole, right before or after a sentence that holds reused text,
    they are part of the copy.
    """
    spans_a, spans_b = sentence_spans(a), sentence_spans(b)
    by_words: dict[tuple[str, ...], deque[tuple[int, int]]] = {}
    for s, e in spans_a:
        if e - s >= 2 and taken_a.isdisjoint(range(s, e)):
            by_words.setdefault(a.keys[s:e], deque()).append((s, e))
    if not by_words:
        return []
    reused = {j for _, theirs in found for j in theirs}
    near = [not reused.isdisjoint(range(s, e)) for s, e in spans_b]
    # Outward from the sentences that hold reused text: a short sentence taken makes its neighbour
    # "next to reused text" in turn, so a run of them (a line-up, a fixtures list) joins one by one.
    queue = [k for k, yes in enumerate(near) if yes]
    added: list[tuple[list[int], list[int]]] = []
    while queue:
        k = queue.pop()
        for n in (k - 1, k + 1):
            if not 0 <= n < len(spans_b) or near[n]:
                continue
            s, e = spans_b[n]
            sources = by_words.get(b.keys[s:e])
            if not sources or not taken_b.isdisjoint(range(s, e)):
                continue
            while sources and not taken_a.isdisjoint(range(*sources[0])):
                sources.popleft()
            if sources:
                sa, ea = sources.popleft()
                taken_a.update(range(sa, ea))
                taken_b.update(range(s, e))
                added.append((list(range(sa, ea)), list(range(s, e))))
                near[n] = True
                queue.append(n)
    return added
