"""Use or coincidence: whether a candidate uses an original at all.

Two reports of one event share names, dates, figures, the quotations everyone carried and the trade's
stock phrases. None of that is use of the other report. Use is a sentence copied or closely rewritten,
or more, of the original's own words: what it says inside quotation marks is someone else's words, which
any report may quote, and its stock phrases are everyone's. So the candidate uses the original when

- a passage of `min_passage` or more of the original's own words is copied;
- a sentence is copied or closely rewritten: of a candidate sentence of `sentence_words` words or more,
  without its names and figures, `sentence_share` recur in one sentence of the original and
  `sentence_order` in the same order (light edits and a moved clause allowed);
- the candidate is built on the original: candidate sentences that each follow one sentence of the
  original (`follow_share` of their words, and at least `follow_words`, recur there in order) make up
  `min_followed` of the candidate's words.

Where the candidate puts the original's own prose in quotation marks ("As the Courier put it: ..."), it
still quotes the original: only what the original itself quotes is set aside. The defaults were
calibrated on real newspaper reuse of agency copy judged by journalists (the METER corpus) and checked
on same-topic news articles that share no text; see benchmarks/calibrate.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from reusecheck.matching.follow import Followed
from reusecheck.matching.overlap import Passage, Use, share
from reusecheck.matching.prepare import Prepared
from reusecheck.matching.sentences import RewriteOptions


@dataclass(frozen=True)
class UseOptions:
    """When shared text is use of the original, and what counts once it is."""

    decide: bool = True
    """Off: every passage the strict stage finds is use and counts, and nothing widens it (the measurement
    before any decision, for comparing with other measures)."""
    min_passage: int = 30
    """A copied passage holding this many of the original's own words (outside its quotations) is use."""
    sentence_words: int = 10
    """A copied or closely rewritten sentence has at least this many words..."""
    sentence_share: float = 0.9
    """...at least this share of them recur in one sentence of the original..."""
    sentence_order: float = 0.5
    """...and at least this share recur there in the same order (a clause may move: "X, the court heard"
    to "The court heard that X")."""
    follow_share: float = 0.3
    """A candidate sentence follows an original sentence when this share of its words recur there in order
    (the original's quotations left out)..."""
    follow_words: int = 6
    """...and they are at least this many: a shared name or stock phrase is not a sentence's skeleton."""
    min_followed: float = 0.35
    """Sentences that follow the original making up this share of the candidate's words are use: a story
    built on the original and rewritten throughout."""
    widen: bool = True
    """Once the candidate uses the original, count shorter copied runs and the sentences that follow it."""
    context_min_words: int = 3
    """The shortest copied run that counts inside a candidate that uses the original."""
    context_follow_share: float = 0.35
    """Inside a candidate that uses the original, a sentence counts as rewritten from an original sentence
    when this share of its words recur there in order: more than it takes to weigh in the decision, since
    a sentence of the candidate's own that echoes a phrase or two must not count."""

    def __post_init__(self) -> None:
        counts = (self.min_passage, self.sentence_words, self.follow_words, self.context_min_words)
        if min(counts) < 1:
            raise ValueError("min_passage, sentence_words, follow_words and context_min_words must be at least 1")
        for value in (self.sentence_share, self.sentence_order, self.follow_share, self.min_followed,
                      self.context_follow_share):
            if not 0.0 < value <= 1.0:
                raise ValueError("sentence_share, sentence_order, follow_share, min_followed and "
                                 "context_follow_share must be in (0, 1]")

    def context_rewrites(self) -> RewriteOptions:
        """The sentence stage's options inside a candidate that uses the original."""
        return RewriteOptions(min_fragments=2, min_share=0.3, min_words=3, min_share_of_source=0.2)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def decide(passages: Sequence[Passage], followed: Sequence[Followed], original: Prepared, candidate: Prepared,
           opts: UseOptions) -> Use:
    """Whether what the strict stage found, and the sentences that follow the original, amount to use."""
    aside = original.aside
    own = [sum(1 for i in p.original_tokens if i not in aside) for p in passages]
    longest = max(own, default=0)
    words = sum(p.words for p in passages)
    weighed = len(candidate) - len(candidate.stock)
    close = [f for f in followed if f.shared >= opts.follow_words and f.share >= opts.follow_share]
    copied = [f for f in close if f.words >= opts.sentence_words and f.plain
              and f.plain_contained >= opts.sentence_share * f.plain
              and f.plain_shared >= opts.sentence_order * f.plain]
    followed_share = sum(f.words for f in close) / weighed if weighed > 0 else 0.0
    evidence = Use(
        uses=False, reason="", longest=longest, passages=len(passages), words=words,
        own_words=sum(own),
        share_of_candidate=round(share(len({j for p in passages for j in p.candidate_tokens}), len(candidate)), 4),
        share_of_original=round(share(words, len(original)), 4),
        in_order=round(_in_order(passages), 4),
        copied_sentences=len(copied), followed_sentences=len(close), followed_share=round(followed_share, 4),
    )
    if not opts.decide:
        uses, why = bool(passages), "every shared passage counts (no use decision)"
    elif longest >= opts.min_passage:
        uses, why = True, f"a passage of {longest} words of the original's own copied"
    elif copied:
        n = len(copied)
        uses, why = True, (f"{n} sentence{'s' if n != 1 else ''} copied or closely rewritten "
                           f"({max(f.words for f in copied)} words the longest)")
    elif followed_share >= opts.min_followed:
        n = len(close)
        uses, why = True, (f"{n} sentence{'s' if n != 1 else ''}, {followed_share:.0%} of the candidate's "
                           f"words, follow{'s' if n == 1 else ''} the original's sentences closely")
    else:
        uses, why = False, _incidental(passages, evidence)
    return replace(evidence, uses=uses, reason=f"uses the original: {why}" if uses else why)


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
    aside = ", mostly quotations or stock phrases" if use.own_words * 2 < use.words else ""
    return f"incidental overlap: {found}{aside}"
