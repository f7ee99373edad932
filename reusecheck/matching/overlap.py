"""What the matcher returns: passages aligned on both sides, the use decision, and the shares."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from reusecheck.documents.model import Document

Kind = Literal["verbatim", "edited", "rewritten"]
COPIED: frozenset[str] = frozenset({"verbatim", "edited"})


@dataclass(frozen=True)
class Passage:
    """A stretch of the candidate aligned with a stretch of the original."""

    original_start: int
    """Character offsets into the original's text."""
    original_end: int
    candidate_start: int
    """Character offsets into the candidate's text."""
    candidate_end: int
    words: int
    """Words of the original reused in this passage."""
    candidate_words: int
    """Words of the candidate from the first to the last reused one: the passage as highlighted, with any
    word inserted into the copy (text inside quotation marks left out when quotes do not count)."""
    similarity: float
    """Word-level similarity of the two stretches, 0..1 (1.0 when verbatim)."""
    kind: Kind
    """verbatim: the same words; edited: copied with light edits; rewritten: a sentence rewritten around
    words shared with one sentence of the original."""
    original_tokens: tuple[int, ...] = field(repr=False, compare=False, default=())
    candidate_tokens: tuple[int, ...] = field(repr=False, compare=False, default=())

    @property
    def copied(self) -> bool:
        return self.kind in COPIED


@dataclass(frozen=True)
class Use:
    """Whether the candidate uses the original at all, and the evidence the decision rests on.

    The evidence is measured on what the first, strict stage found, before the decision widens it.
    """

    uses: bool
    reason: str
    """One line saying why, e.g. "incidental overlap: 1 passage of 7 words, 1.3% of the original"."""
    longest: int
    """The original's own words (outside its quotations and stock phrases) in the longest passage."""
    passages: int
    """Passages found by the strict stage."""
    words: int
    """Words of the original in those passages."""
    own_words: int
    """Of those, the original's own words: outside its quotations and stock phrases."""
    share_of_candidate: float
    """Candidate words in those passages over all candidate words."""
    share_of_original: float
    in_order: float
    """Share of neighbouring passages (in candidate order) whose originals keep the same order; 1.0 for
    fewer than two passages."""
    copied_sentences: int = 0
    """Candidate sentences copied or closely rewritten from one sentence of the original (names and figures
    left out)."""
    followed_sentences: int = 0
    """Candidate sentences that follow one sentence of the original (enough of their words recur there in
    order)."""
    followed_share: float = 0.0
    """Their words, as a share of the candidate's words (stock phrases left out)."""


NO_USE = Use(uses=False, reason="no shared passage", longest=0, passages=0, words=0, own_words=0,
             share_of_candidate=0.0, share_of_original=0.0, in_order=1.0)


@dataclass(frozen=True)
class Overlap:
    """What one candidate reuses of one original."""

    original_words: int
    candidate_words: int
    passages: tuple[Passage, ...]
    """The passages measured: what the strict stage found, and, when the candidate uses the original,
    what the use decision added."""
    use: Use | None = None
    """The use decision; when none is given, the candidate uses the original if it has any passage."""

    def __post_init__(self) -> None:
        if self.use is None:
            object.__setattr__(self, "use", _given(self.passages, self.original_words, self.candidate_words))

    @property
    def decision(self) -> Use:
        assert self.use is not None  # set in __post_init__
        return self.use

    @property
    def uses_original(self) -> bool:
        return self.decision.uses

    @property
    def reused_words(self) -> int:
        """Words of the original inside reused passages of any kind."""
        return sum(p.words for p in self.passages)

    @property
    def copied_words(self) -> int:
        """Words of the original inside verbatim or edited passages."""
        return sum(p.words for p in self.passages if p.copied)

    @property
    def rewritten_words(self) -> int:
        return sum(p.words for p in self.passages if p.kind == "rewritten")

    @property
    def verbatim_words(self) -> int:
        return sum(p.words for p in self.passages if p.kind == "verbatim")

    @property
    def reused_candidate_words(self) -> int:
        """Candidate words inside reused passages, each counted once."""
        return len(self.candidate_token_set())

    @property
    def copied_candidate_words(self) -> int:
        return len({i for p in self.passages if p.copied for i in p.candidate_tokens})

    @property
    def share_of_original(self) -> float:
        """Derived text: copied and rewritten words of the original over all its words."""
        return share(self.reused_words, self.original_words)

    @property
    def copied_share_of_original(self) -> float:
        return share(self.copied_words, self.original_words)

    @property
    def rewritten_share_of_original(self) -> float:
        return share(self.rewritten_words, self.original_words)

    @property
    def verbatim_share_of_original(self) -> float:
        return share(self.verbatim_words, self.original_words)

    @property
    def share_of_candidate(self) -> float:
        return share(self.reused_candidate_words, self.candidate_words)

    @property
    def copied_share_of_candidate(self) -> float:
        return share(self.copied_candidate_words, self.candidate_words)

    def candidate_token_set(self) -> set[int]:
        return {i for p in self.passages for i in p.candidate_tokens}


def _given(passages: tuple[Passage, ...], original_words: int, candidate_words: int) -> Use:
    """The decision implied by passages given as they are: they are the reuse."""
    if not passages:
        return NO_USE
    words = sum(p.words for p in passages)
    n = len(passages)
    share_o = share(words, original_words)
    return Use(uses=True, reason=f"{n} passage{'s' if n != 1 else ''} of {words} words given",
               longest=max(p.words for p in passages), passages=n, words=words, own_words=words,
               share_of_candidate=round(share(len({j for p in passages for j in p.candidate_tokens}),
                                               candidate_words), 4),
               share_of_original=round(share_o, 4), in_order=1.0)


def share(part: int, whole: int) -> float:
    """part / whole, 0 for an empty whole."""
    return part / whole if whole else 0.0


def combined_share(candidate: Document, overlaps: Sequence[Overlap]) -> tuple[int, float]:
    """Candidate words reused from any of the originals, and their share of the candidate."""
    reused = set().union(*(o.candidate_token_set() for o in overlaps)) if overlaps else set()
    return len(reused), share(len(reused), candidate.words)
