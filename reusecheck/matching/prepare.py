"""A text prepared once for matching: tokens, match keys and the indexes the aligner looks words up in.

An original is compared with many candidates (a folder of drafts, an archive scan), and a candidate
with many originals. Everything here depends on the text alone, so each is prepared once and reused
for every pair it is in.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reusecheck.matching.tokens import Tokens, quotation_spans

if TYPE_CHECKING:
    from reusecheck.documents.model import Document

SEED = 3
"""Words per seed n-gram."""

Span = tuple[int, int]
Gram = tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Prepared:
    """A tokenised text with its lookup tables."""

    text: str
    tokens: Tokens
    grams: tuple[Gram, ...]
    """The seed n-gram of match keys starting at each word."""
    seeds: dict[Gram, list[int]]
    """Where each seed n-gram starts."""
    gram_set: frozenset[Gram]
    """The seed n-grams, as a set: two texts that share none have no passage."""
    pairs: dict[tuple[str, str], tuple[int, ...]]
    """Where each pair of adjacent match keys within a sentence starts, for finding rewritten sentences."""
    pair_set: frozenset[tuple[str, str]]
    sentences: tuple[Span, ...]
    """Token ranges of the sentences."""
    sentence_of: tuple[int, ...]
    """The sentence number of each token."""
    whole: dict[tuple[str, ...], tuple[Span, ...]]
    """Sentences of two or more words by their match keys, for short sentences copied whole."""
    quoted: frozenset[int]
    """Tokens inside quotation marks."""
    _kazakh: list[Prepared] = field(default_factory=list, repr=False)

    def __len__(self) -> int:
        return len(self.tokens)

    def keyed_as_kazakh(self) -> Prepared:
        """The same text keyed as Kazakh, so that it aligns with a Kazakh text (made once, then kept)."""
        if self.tokens.kazakh:
            return self
        if not self._kazakh:
            self._kazakh.append(_build(self.text, self.tokens.keyed_as_kazakh(), self.quoted))
        return self._kazakh[0]


def prepare(doc: Document) -> Prepared:
    """A Document prepared for matching (made once per Document, then kept with it)."""
    return doc.prepared


def prepare_tokens(text: str, tokens: Tokens) -> Prepared:
    """Prepare already tokenised text (the Document's tokens index into `text`)."""
    return _build(text, tokens, quoted_tokens(text, tokens))


def _build(text: str, tokens: Tokens, quoted: frozenset[int]) -> Prepared:
    keys = tokens.keys
    grams = tuple(keys[i:i + SEED] for i in range(len(keys) - SEED + 1))
    seeds: dict[Gram, list[int]] = {}
    for i, gram in enumerate(grams):
        seeds.setdefault(gram, []).append(i)
    spans = sentence_spans(tokens)
    sentence_of = [0] * len(tokens)
    pairs: dict[tuple[str, str], list[int]] = {}
    whole: dict[tuple[str, ...], list[Span]] = {}
    for n, (s, e) in enumerate(spans):
        sentence_of[s:e] = [n] * (e - s)
        for i in range(s, e - 1):
            pairs.setdefault((keys[i], keys[i + 1]), []).append(i)
        if e - s >= 2:
            whole.setdefault(keys[s:e], []).append((s, e))
    return Prepared(
        text=text, tokens=tokens, grams=grams, seeds=seeds, gram_set=frozenset(seeds),
        pairs={pair: tuple(found) for pair, found in pairs.items()}, pair_set=frozenset(pairs),
        sentences=tuple(spans), sentence_of=tuple(sentence_of),
        whole={k: tuple(v) for k, v in whole.items()}, quoted=quoted,
    )


def sentence_spans(tokens: Tokens) -> list[Span]:
    """Token ranges of the sentences of `tokens`."""
    starts = tokens.sentences
    if not starts:
        return []
    return [(s, e) for s, e in zip(starts, (*starts[1:], len(tokens)), strict=True) if e > s]


def quoted_tokens(text: str, tokens: Tokens) -> frozenset[int]:
    """Indices of the tokens that stand inside quotation marks."""
    starts = tokens.starts
    blocked: set[int] = set()
    for begin, end in quotation_spans(text):
        blocked.update(range(bisect_left(starts, begin), bisect_left(starts, end)))
    return frozenset(blocked)
