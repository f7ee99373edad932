"""How much of an original a candidate reuses, and where. Pure: no I/O, no rules.

The alignment runs on the match keys of two prepared texts (see prepare.py):

1. Seeds: every word trigram the candidate shares with the original. Trigrams that occur many times in
   the original (stock phrases) are not seeds.
2. Chains: seeds joined into passages when the next seed lies a few words on from the last on both
   sides, so a changed, dropped or inserted word does not break a passage. Chains are found
   independently of one another, so moved sentences and paragraphs are found where they went.
3. Refinement: each chain is aligned word by word (rapidfuzz Levenshtein opcodes). Equal words and
   short substitutions (typos, swapped words) are reused; insertions, deletions and longer rewrites are not.
4. Each word on either side belongs to at most one passage, the longest first; passages shorter than
   `min_words` are dropped as chance (names, dates, stock phrases).
5. The sentence stage (see sentences.py): a candidate sentence still free that shares several separate
   fragments with one sentence of the original is rewritten from it; a mostly copied sentence is
   taken whole with its rewritten edges; a short sentence copied whole next to reused text counts.
6. The use decision (see use.py): whether what was found is use of the original or coincidence. Only
   use counts; inside a story that uses the original, shorter copied runs and looser rewrites count too.

Words align on their match keys (light stems, see stemming.py), so inflected forms align; a passage
is verbatim only when its words themselves are equal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz.distance import Indel, Levenshtein

from reusecheck.matching import sentences
from reusecheck.matching.follow import follow
from reusecheck.matching.options import MatchOptions
from reusecheck.matching.overlap import Kind, Overlap, Passage
from reusecheck.matching.pairs import Found, shared_pairs
from reusecheck.matching.prepare import SEED, Prepared
from reusecheck.matching.tokens import Tokens
from reusecheck.matching.use import UseOptions, decide


@dataclass
class _Pair:
    """The two texts being aligned and the words of each already given to a passage."""

    a: Prepared
    b: Prepared
    taken_a: set[int] = field(default_factory=set)
    taken_b: set[int] = field(default_factory=set)


def align(original: Prepared, candidate: Prepared, options: MatchOptions | None = None,
          use: UseOptions | None = None) -> Overlap:
    """Align `candidate` against `original`, decide whether it uses it, and measure the reuse."""
    opts = options or MatchOptions()
    use_opts = use or UseOptions()
    a, b = original, candidate
    if a.tokens.kazakh != b.tokens.kazakh:
        # One text read as Kazakh, the other not: key both alike, or equal words would not align.
        a, b = a.keyed_as_kazakh(), b.keyed_as_kazakh()
    chains = _distinct(_chains(a, b, opts))
    shared = shared_pairs(a, b)
    if not chains and not shared:
        # No seed and no word pair in common: no passage, rewrite or followed sentence can come of it.
        return Overlap(len(a), len(b), (), decide([], [], a, b, use_opts))
    pair = _Pair(a, b, taken_b=set() if opts.count_quotes else set(b.quoted))
    units = _units(pair, chains, opts)
    found = _take(pair, units, opts.min_words)
    if opts.rewrites:
        found = sentences.stage(a, b, found, pair.taken_a, pair.taken_b,
                                sentences.RewriteOptions(min_share=opts.rewrite_min_share,
                                                         min_words=max(5, opts.min_words)), shared)
    made: dict[tuple[tuple[int, ...], tuple[int, ...], bool], Passage] = {}
    strict = [_passage(a.tokens, b.tokens, f, made) for f in found]
    followed = (follow(a, b, min(use_opts.follow_words, use_opts.sentence_words), shared)
                if use_opts.decide else [])
    decision = decide(strict, followed, a, b, use_opts)
    if not decision.uses:
        return Overlap(len(a), len(b), tuple(sorted(strict, key=_start)), decision)
    if use_opts.decide and use_opts.widen:
        if opts.rewrites:
            found = sentences.widen(a, b, found, pair.taken_a, pair.taken_b, use_opts.context_rewrites(), shared,
                                    followed, use_opts.context_follow_share, use_opts.follow_words, opts.max_gap)
        # Shorter copied runs count where the candidate's sentence already holds reused text: "the new
        # line" in a sentence of the candidate's own is a phrase, beside a copied clause it is copied too.
        sentence_of = b.sentence_of
        holding = {sentence_of[j] for _, theirs, _ in found for j in theirs}
        found += _take(pair, units, use_opts.context_min_words,
                       lambda theirs: sentence_of[theirs[0]] in holding or sentence_of[theirs[-1]] in holding)
    passages = [_passage(a.tokens, b.tokens, f, made) for f in found]
    return Overlap(len(a), len(b), tuple(sorted(passages, key=_start)), decision)


def _start(p: Passage) -> int:
    return p.candidate_start


REPEATS = 4
"""Chains over one and the same span of the original that are aligned; the rest are dropped."""


def _distinct(chains: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """The chains, with at most REPEATS over any one span of the original.

    Each word of the original goes to one passage only, so a candidate that repeats one copied sentence
    thousands of times gains nothing from aligning every repeat: it only costs time (a 5 MiB file of
    one repeated sentence took a quarter of a minute). A few repeats are kept, for when the first is
    refused (a passage in quotation marks, say).
    """
    seen: dict[tuple[int, int], int] = {}
    kept = []
    for chain in chains:
        span = (chain[0], chain[1])
        seen[span] = seen.get(span, 0) + 1
        if seen[span] <= REPEATS:
            kept.append(chain)
    return kept


def _chains(a: Prepared, b: Prepared, opts: MatchOptions) -> list[tuple[int, int, int, int]]:
    """Seed chains as (original first, original end, candidate first, candidate end) token ranges."""
    counts = a.gram_counts
    shared = [gram for gram in a.gram_set & b.gram_set if counts[gram] <= opts.stock_limit]
    if not shared:
        return []
    seeds, at = a.seeds, b.seeds
    starts = sorted(j for gram in shared for j in at[gram])
    reach = opts.max_gap + 1
    # chain: [o_first, o_last, c_first, c_last] of seed starts
    chains: list[list[int]] = []
    # For each diagonal (i - j), the chains that last ended on it.
    open_on: dict[int, int] = {}
    for j in starts:
        for i in seeds[b.grams[j]]:
            diag = i - j
            c = open_on.get(diag)
            if c is not None and chains[c][3] == j - 1 and chains[c][1] == i - 1:
                # The next seed of a run of equal words: no closer chain can exist.
                chains[c][1], chains[c][3] = i, j
                continue
            best = -1
            best_key = (reach + 1, reach + 1)
            for d in range(diag - reach, diag + reach + 1):
                c = open_on.get(d)
                if c is None:
                    continue
                chain = chains[c]
                dj, di = j - chain[3], i - chain[1]
                if 0 < dj <= reach + SEED - 1 and 0 < di <= reach + SEED - 1:
                    key = (abs(d - diag), dj)
                    if key < best_key:
                        best, best_key = c, key
            if best >= 0:
                chains[best][1], chains[best][3] = i, j
                open_on[diag] = best
            else:
                open_on[diag] = len(chains)
                chains.append([i, i, j, j])
    return [(c[0], c[1] + SEED, c[2], c[3] + SEED) for c in chains]


Starts = tuple[frozenset[int], frozenset[int]]
"""Indices of the words that open a sentence, in the original and in the candidate."""


def _extend(ta: Tokens, tb: Tokens, starts: Starts, o0: int, o1: int, c0: int, c1: int) -> tuple[int, int, int, int]:
    """Grow a chain over equal words at both ends, and over one changed word followed by equal ones.

    A single equal word at a boundary is not enough ("The" starting the next paragraph on both sides):
    two must agree, unless a text or a sentence on both sides ends there, so that an edit next to the
    edge of a moved sentence does not cost the words beyond it. Growth stops at paragraph breaks.
    """
    a, b = ta.keys, tb.keys
    sa, sb = starts

    def same(i: int, j: int) -> bool:
        return 0 <= i < len(a) and 0 <= j < len(b) and a[i] == b[j]

    def opens(i: int, j: int) -> bool:
        """Words i and j begin a text, or a sentence on both sides: nothing before them belongs."""
        return i <= 0 or j <= 0 or (i in sa and j in sb)

    def closes(i: int, j: int) -> bool:
        """Words i and j end a text, or a sentence on both sides."""
        return i >= len(a) - 1 or j >= len(b) - 1 or (i + 1 in sa and j + 1 in sb)

    def free(breaks: frozenset[int], first: int, last: int) -> bool:
        return not any(k in breaks for k in range(first, last + 1))

    def back(o: int, c: int) -> int:
        """How many words the start may move back: 0, 1, 2 or 3."""
        if same(o - 1, c - 1) and (same(o - 2, c - 2) or opens(o - 1, c - 1)):
            step = 2 if same(o - 2, c - 2) else 1
        elif same(o - 2, c - 2) and not opens(o, c) and (same(o - 3, c - 3) or opens(o - 2, c - 2)):
            step = 3 if same(o - 3, c - 3) else 2
        else:
            return 0
        return step if free(ta.breaks, o - step + 1, o) and free(tb.breaks, c - step + 1, c) else 0

    def forward(o: int, c: int) -> int:
        if same(o, c) and (same(o + 1, c + 1) or closes(o, c)):
            step = 2 if same(o + 1, c + 1) else 1
        elif same(o + 1, c + 1) and not closes(o - 1, c - 1) and (same(o + 2, c + 2) or closes(o + 1, c + 1)):
            step = 3 if same(o + 2, c + 2) else 2
        else:
            return 0
        return step if free(ta.breaks, o, o + step - 1) and free(tb.breaks, c, c + step - 1) else 0

    while step := back(o0, c0):
        o0, c0 = o0 - step, c0 - step
    while step := forward(o1, c1):
        o1, c1 = o1 + step, c1 + step
    return o0, o1, c0, c1


Unit = tuple[tuple[int, ...], tuple[int, ...]]
"""Original and candidate tokens that stand or fall together: an equal word pair, or a short edit."""


def _aligned(ta: Tokens, tb: Tokens, starts: Starts, chain: tuple[int, int, int, int],
             opts: MatchOptions) -> list[list[Unit]]:
    """The units of reuse in one chain, in order, split into segments where the copy changes sentence."""
    a, b = ta.keys, tb.keys
    sa, sb = starts
    o0, o1, c0, c1 = _extend(ta, tb, starts, *chain)
    segments: list[list[Unit]] = [[]]
    gap: list[int] | None = None  # a run of changes between equal stretches: [s1, e1, s2, e2]
    for op in Levenshtein.opcodes(a[o0:o1], b[c0:c1]):
        if op.tag != "equal":
            if gap is None:
                gap = [op.src_start, op.src_end, op.dest_start, op.dest_end]
            else:
                gap[1], gap[3] = op.src_end, op.dest_end
            continue
        if gap is not None:
            s1, e1, s2, e2 = gap
            if 0 < e1 - s1 <= opts.max_substitution and 0 < e2 - s2 <= opts.max_substitution:
                # A word or two changed on both sides is an edit of the copy; a pure insertion or
                # deletion, or a longer change, is the candidate's own text or a cut.
                segments[-1].append((tuple(range(o0 + s1, o0 + e1)), tuple(range(c0 + s2, c0 + e2))))
            elif (segments[-1] and any(o0 + k in sa for k in range(s1, e1 + 1))
                  and any(c0 + k in sb for k in range(s2, e2 + 1))):
                # Cut or new text where a sentence ends on both sides: what follows is another sentence's
                # copy, which must win or lose its words on its own rather than with this one.
                segments.append([])
            gap = None
        # Each equal word a unit of its own: (i,), (j,) pairs, built by zip in C.
        segments[-1].extend(zip(zip(range(o0 + op.src_start, o0 + op.src_end)),
                                zip(range(c0 + op.dest_start, c0 + op.dest_end)), strict=True))
    return [trimmed for units in segments if (trimmed := _trim(units, ta, tb, starts))]


def _short(units: list[Unit]) -> bool:
    """Whether the units hold fewer words of the original than a seed (each unit holds at least one)."""
    return len(units) < SEED and sum(len(o) for o, _ in units) < SEED


def _trim(units: list[Unit], ta: Tokens, tb: Tokens, starts: Starts) -> list[Unit]:
    """Drop a word or two that a passage takes across a sentence break on both sides.

    "...Syr Darya. / The line..." and "...Syr Darya. / The first..." share the trigram "syr darya the";
    that "The" belongs to the next sentence, not to this passage. At the very start or end of both
    texts such a fragment is kept: there is nothing else it could belong to.
    """
    sa, sb = starts
    cuts = [u for u in range(1, len(units)) if units[u][0][0] in sa and units[u][1][0] in sb]
    if not cuts:
        return units
    head, tail = units[:cuts[0]], units[cuts[-1]:]
    if _short(tail) and not (tail[-1][0][-1] == len(ta) - 1 and tail[-1][1][-1] == len(tb) - 1):
        units = units[:cuts[-1]]
    if _short(head) and not (head[0][0][0] == 0 and head[0][1][0] == 0):
        units = units[len(head):]
    return units


@dataclass(frozen=True)
class _Chain:
    """A chain's units of reuse, and all the words they hold on each side."""

    units: list[Unit]
    ours: list[int]
    theirs: list[int]


def _units(pair: _Pair, chains: list[tuple[int, int, int, int]], opts: MatchOptions) -> list[_Chain]:
    """The aligned units of every chain, longest first."""
    a, b = pair.a.tokens, pair.b.tokens
    starts = (pair.a.sentence_starts, pair.b.sentence_starts)
    aligned = [_Chain(units, [i for unit, _ in units for i in unit], [j for _, unit in units for j in unit])
               for chain in chains for units in _aligned(a, b, starts, chain, opts)]
    aligned.sort(key=lambda chain: -len(chain.ours))
    return aligned


def _take(pair: _Pair, aligned: list[_Chain], min_words: int,
          where: Callable[[list[int]], bool] | None = None) -> list[Found]:
    """Give each free word to at most one passage, longest chains first.

    A chain's words already spoken for are left out; what remains counts when it reuses at least
    `min_words` words of the original, and when `where` accepts its candidate words. `pair.taken_a` and
    `pair.taken_b` are updated.
    """
    a, b = pair.a.tokens, pair.b.tokens
    taken_a, taken_b = pair.taken_a, pair.taken_b
    found: list[Found] = []
    for chain in aligned:
        if len(chain.ours) < min_words:
            break  # longest first: no later chain is long enough either
        if taken_a.isdisjoint(chain.ours) and taken_b.isdisjoint(chain.theirs):
            free, ours, theirs = chain.units, chain.ours, chain.theirs
        else:
            free = [(ours, theirs) for ours, theirs in chain.units
                    if taken_a.isdisjoint(ours) and taken_b.isdisjoint(theirs)]
            ours = [i for unit, _ in free for i in unit]
            theirs = [j for _, unit in free for j in unit]
        if len(ours) < min_words:
            continue
        if not any(len(o) == 1 and a.words[o[0]] == b.words[t[0]] for o, t in free):
            continue  # stems alone agree, not one word: unrelated words that share a prefix, not a copy
        # The passage as highlighted: words inserted into the copy belong to it too.
        theirs = [j for j in range(theirs[0], theirs[-1] + 1) if j not in taken_b]
        if where is not None and not where(theirs):
            continue
        taken_a.update(ours)
        taken_b.update(theirs)
        found.append((ours, theirs, False))
    return found


def _passage(a: Tokens, b: Tokens, found: Found,
             made: dict[tuple[tuple[int, ...], tuple[int, ...], bool], Passage]) -> Passage:
    """The Passage of a found stretch (one already made for the same words is reused)."""
    key = (tuple(found[0]), tuple(found[1]), found[2])
    if (known := made.get(key)) is None:
        known = made[key] = _new_passage(a, b, found)
    return known


def _new_passage(a: Tokens, b: Tokens, found: Found) -> Passage:
    ours, theirs, rewritten = found
    o_first, o_last, c_first, c_last = ours[0], ours[-1], theirs[0], theirs[-1]
    similarity = Indel.normalized_similarity(a.words[o_first:o_last + 1], b.words[c_first:c_last + 1])
    # A stretch the same word for word is a copy, however it was found.
    kind: Kind = "verbatim" if similarity == 1.0 else "rewritten" if rewritten else "edited"
    return Passage(
        original_start=a.starts[o_first], original_end=a.ends[o_last],
        candidate_start=b.starts[c_first], candidate_end=b.ends[c_last],
        words=len(ours), candidate_words=len(theirs), similarity=round(similarity, 4), kind=kind,
        original_tokens=tuple(ours), candidate_tokens=tuple(theirs),
    )
