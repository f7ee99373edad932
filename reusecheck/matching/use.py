"""Use or coincidence: whether a candidate uses an original at all.

Two reports of one event share names, dates, figures, the quotations everyone carried and the trade's
stock phrases. None of that is use of the other report. Use is a sentence copied or closely rewritten,
or more:

- a passage of `min_passage` words or more copied outside quotation marks;
- a copied or closely rewritten sentence: a candidate sentence of `sentence_words` words or more outside
  quotation marks, `sentence_share` of which recur in one sentence of the original, `sentence_order` of
  them in the same order (light edits and a moved clause allowed);
- a story built on the original: candidate sentences that each follow one sentence of the original
  (`follow_share` of their words, and at least `follow_words`, recur there in order) make up
  `min_followed` of the candidate's words outside quotation marks.

Text inside quotation marks is set aside throughout: a quotation that any report of the event carries
proves nothing about where the rest came from. So are the trade's stock phrases (see stock.py), and a
copied sentence is judged without its names and figures. The defaults were calibrated on real newspaper reuse of
agency copy judged by journalists (the METER corpus) and checked on same-topic news articles that share
no text; see docs/benchmarks.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from reusecheck.matching.overlap import Passage, Use
from reusecheck.matching.prepare import Prepared
from reusecheck.matching.sentences import Followed, RewriteOptions


@dataclass(frozen=True)
class UseOptions:
    """When shared text is use of the original, and what counts once it is."""

    decide: bool = True
    """Off: every passage the strict stage finds is use and counts, and nothing widens it (the measurement
    before any decision, for comparing with other measures)."""
    min_passage: int = 30
    """A passage copied outside quotation marks reusing this many words of the original is use."""
    sentence_words: int = 10
    """A copied sentence has at least this many words outside quotation marks..."""
    sentence_share: float = 0.8
    """...at least this share of them recur in one sentence of the original..."""
    sentence_order: float = 0.5
    """...and at least this share recur there in the same order (a clause may move: "X, the court heard"
    to "The court heard that X")."""
    follow_share: float = 0.35
    """A candidate sentence follows an original sentence when this share of its words (outside quotation
    marks) recur there in order..."""
    follow_words: int = 6
    """...and they are at least this many: a shared name or stock phrase is not a sentence's skeleton."""
    min_followed: float = 0.3
    """Sentences that follow the original making up this share of the candidate's words outside quotation
    marks are use: a story built on the original and rewritten throughout."""
    widen: bool = True
    """Once the candidate uses the original, count shorter copied runs and the sentences that follow it."""
    context_min_words: int = 3
    """The shortest copied run that counts inside a candidate that uses the original."""

    def __post_init__(self) -> None:
        counts = (self.min_passage, self.sentence_words, self.follow_words, self.context_min_words)
        if min(counts) < 1:
            raise ValueError("min_passage, sentence_words, follow_words and context_min_words must be at least 1")
        for share in (self.sentence_share, self.sentence_order, self.follow_share, self.min_followed):
            if not 0.0 < share <= 1.0:
                raise ValueError("sentence_share, sentence_order, follow_share and min_followed must be in (0, 1]")

    def context_rewrites(self) -> RewriteOptions:
        """The sentence stage's options inside a candidate that uses the original."""
        return RewriteOptions(min_fragments=2, min_share=0.3, min_words=3, min_share_of_source=0.2)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def decide(passages: Sequence[Passage], followed: Sequence[Followed], original: Prepared, candidate: Prepared,
           opts: UseOptions) -> Use:
    """Whether what the strict stage found, and the sentences that follow the original, amount to use."""
    aside = candidate.aside
    unquoted = [_unquoted_words(p, aside) for p in passages]
    longest = max(unquoted, default=0)
    words = sum(p.words for p in passages)
    own_words = len(candidate) - len(aside)
    close = [f for f in followed if f.shared >= opts.follow_words and f.share >= opts.follow_share]
    copied = [f for f in close if f.words >= opts.sentence_words and f.plain
              and f.plain_contained >= opts.sentence_share * f.plain
              and f.plain_shared >= opts.sentence_order * f.plain]
    followed_share = sum(f.words for f in close) / own_words if own_words > 0 else 0.0
    evidence = Use(
        uses=False, reason="", longest=longest, passages=len(passages), words=words,
        unquoted_words=sum(unquoted),
        share_of_candidate=round(_share(len({j for p in passages for j in p.candidate_tokens}), len(candidate)), 4),
        share_of_original=round(_share(words, len(original)), 4),
        in_order=round(_in_order(passages), 4),
        copied_sentences=len(copied), followed_sentences=len(close), followed_share=round(followed_share, 4),
    )
    if not opts.decide:
        uses, why = bool(passages), "every shared passage counts (no use decision)"
    elif longest >= opts.min_passage:
        uses, why = True, f"a passage of {longest} words copied outside quotation marks"
    elif copied:
        n = len(copied)
        uses, why = True, (f"{n} sentence{'s' if n != 1 else ''} copied or closely rewritten outside "
                           f"quotation marks ({max(f.words for f in copied)} words the longest)")
    elif followed_share >= opts.min_followed:
        n = len(close)
        uses, why = True, (f"{n} sentence{'s' if n != 1 else ''}, {followed_share:.0%} of its words outside "
                           f"quotation marks, follow{'s' if n == 1 else ''} the original's sentences closely")
    else:
        uses, why = False, _incidental(passages, evidence)
    return _with(evidence, uses, f"uses the original: {why}" if uses else why)


def _with(use: Use, uses: bool, reason: str) -> Use:
    return replace(use, uses=uses, reason=reason)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _unquoted_words(p: Passage, aside: frozenset[int]) -> int:
    """Words of the original in the passage, scaled by the part of its candidate side not set aside
    (inside quotation marks or a stock phrase)."""
    if not p.candidate_tokens:
        return 0
    outside = sum(1 for j in p.candidate_tokens if j not in aside)
    return round(p.words * outside / len(p.candidate_tokens))


def _in_order(passages: Sequence[Passage]) -> float:
    ordered = sorted(passages, key=lambda p: p.candidate_start)
    steps = list(zip(ordered, ordered[1:], strict=False))
    if not steps:
        return 1.0
    return sum(1 for p, q in steps if q.original_start > p.original_start) / len(steps)


def _incidental(passages: Sequence[Passage], use: Use) -> str:
    if not passages:
        return "no shared passage"
    n = len(passages)
    found = f"{n} passage{'s' if n != 1 else ''} of {use.words} words, {use.share_of_original:.1%} of the original"
    aside = ", mostly quotation or stock phrase" if use.unquoted_words * 2 < use.words else ""
    return f"incidental overlap: {found}{aside}"
