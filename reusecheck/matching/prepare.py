"""A text prepared once for matching: tokens, match keys and the indexes the aligner looks words up in.

An original is compared with many candidates (a folder of drafts, an archive scan), and a candidate
with many originals. Everything here depends on the text alone, so each is prepared once and reused
for every pair it is in.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from functools import cached_property
from typing import TYPE_CHECKING, cast

from reusecheck.matching.stock import stock_tokens
from reusecheck.matching.tokens import Tokens, quotation_spans

if TYPE_CHECKING:
    from reusecheck.documents.model import Document

SEED = 3
"""Words per seed n-gram."""

POINTING = 3
"""A pair of adjacent words in more places of a text than this points to none of its sentences."""

Span = tuple[int, int]
Gram = tuple[str, ...]


class Prepared:
    """A tokenised text with its lookup tables.

    What every pair needs, to tell at once whether two texts share anything (their seed n-grams and word
    pairs, and how often each occurs), is built at once in C-speed set and counter operations; what only
    related pairs need is built on first use and kept.
    """

    def __init__(self, text: str, tokens: Tokens, quoted: frozenset[int] | None = None) -> None:
        self.text = text
        self.tokens = tokens
        self.quoted: frozenset[int] = quoted_tokens(text, tokens) if quoted is None else quoted
        """Tokens inside quotation marks."""
        keys = tokens.keys
        self.grams: list[Gram] = list(zip(*(keys[k:] for k in range(SEED)), strict=False))
        """The seed n-gram of match keys starting at each word."""
        self.gram_counts = Counter(self.grams)
        """How often each seed n-gram occurs: a common one (a stock phrase) seeds no passage."""
        self.gram_set = frozenset(self.gram_counts)
        """The seed n-grams, as a set: two texts that share none have no passage."""
        self.sentences: tuple[Span, ...] = tuple(sentence_spans(tokens))
        """Token ranges of the sentences."""
        pairs: list[tuple[str, str] | None] = list(zip(keys, keys[1:], strict=False))
        for start in tokens.sentences[1:]:
            pairs[start - 1] = None  # a pair across a sentence end belongs to neither sentence
        self.pair_at = pairs
        """The pair of match keys starting at each word, None where the next word opens a sentence."""
        counts = Counter(pairs)
        counts.pop(None, None)
        self.pair_counts = cast("Counter[tuple[str, str]]", counts)
        """How often each pair occurs: one in more than POINTING places points to no sentence."""
        self.pair_set = frozenset(self.pair_counts)
        self._pair_sentences: dict[tuple[str, str], list[int]] = {}

    def __len__(self) -> int:
        return len(self.tokens)

    @cached_property
    def seeds(self) -> dict[Gram, list[int]]:
        """Where each seed n-gram starts."""
        found: dict[Gram, list[int]] = {}
        for i, gram in enumerate(self.grams):
            found.setdefault(gram, []).append(i)
        return found

    @cached_property
    def pairs(self) -> dict[tuple[str, str], list[int]]:
        """Where each pair of adjacent match keys within a sentence starts."""
        found: dict[tuple[str, str], list[int]] = {}
        for i, pair in enumerate(self.pair_at):
            if pair is not None:
                found.setdefault(pair, []).append(i)
        return found

    @cached_property
    def sentence_of(self) -> list[int]:
        """The sentence number of each token."""
        index = [0] * len(self.tokens)
        for n, (s, e) in enumerate(self.sentences):
            index[s:e] = [n] * (e - s)
        return index

    def pair_sentences(self, pair: tuple[str, str]) -> list[int]:
        """The sentences a pair of adjacent keys stands in, each once (found once, then kept)."""
        found = self._pair_sentences.get(pair)
        if found is None:
            sentence_of = self.sentence_of
            found = self._pair_sentences[pair] = list(dict.fromkeys(sentence_of[i] for i in self.pairs[pair]))
        return found

    @cached_property
    def sentence_starts(self) -> frozenset[int]:
        """The tokens that open a sentence."""
        return frozenset(self.tokens.sentences)

    @cached_property
    def sentence_keys(self) -> tuple[tuple[str, ...], ...]:
        """The match keys of each sentence."""
        keys = self.tokens.keys
        return tuple(keys[s:e] for s, e in self.sentences)

    @cached_property
    def sentence_sets(self) -> tuple[frozenset[str], ...]:
        """The match keys of each sentence, as a set."""
        return tuple(frozenset(k) for k in self.sentence_keys)

    @cached_property
    def stock(self) -> frozenset[int]:
        """Tokens inside one of the trade's stock phrases ("did not immediately respond to a request for
        comment"): any report may carry them."""
        return stock_tokens(self.tokens.keys, self.tokens.kazakh)

    @cached_property
    def aside(self) -> frozenset[int]:
        """Tokens that are not the text's own words: inside quotation marks (someone else's words, which
        any report of the event may quote) or inside a stock phrase."""
        return self.quoted | self.stock

    @cached_property
    def own_keys(self) -> tuple[tuple[str, ...], ...]:
        """The match keys of each sentence without the words set aside (see `aside`)."""
        return self._keys_without(self.aside)

    @cached_property
    def open_keys(self) -> tuple[tuple[str, ...], ...]:
        """The match keys of each sentence without its stock phrases."""
        return self._keys_without(self.stock)

    @cached_property
    def plain_keys(self) -> tuple[tuple[str, ...], ...]:
        """The match keys of each sentence without names and figures, which any report of an event shares
        (a capitalised word inside a sentence, a number), and without stock phrases."""
        keys, stock, text, starts = self.tokens.keys, self.stock, self.text, self.tokens.starts
        return tuple(tuple(keys[i] for i in range(s, e)
                           if i not in stock and not (i > s and text[starts[i]].isupper())
                           and not text[starts[i]].isdigit())
                     for s, e in self.sentences)

    def _keys_without(self, left_out: frozenset[int]) -> tuple[tuple[str, ...], ...]:
        if not left_out:
            return self.sentence_keys
        keys = self.tokens.keys
        return tuple(tuple(keys[i] for i in range(s, e) if i not in left_out) for s, e in self.sentences)

    @cached_property
    def whole(self) -> dict[tuple[str, ...], tuple[Span, ...]]:
        """Sentences of two or more words by their match keys, for short sentences copied whole."""
        found: dict[tuple[str, ...], list[Span]] = {}
        for span, keys in zip(self.sentences, self.sentence_keys, strict=True):
            if len(keys) >= 2:
                found.setdefault(keys, []).append(span)
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def _kazakh(self) -> Prepared:
        return Prepared(self.text, self.tokens.keyed_as_kazakh(), self.quoted)

    def keyed_as_kazakh(self) -> Prepared:
        """The same text keyed as Kazakh, so that it aligns with a Kazakh text (made once, then kept)."""
        return self if self.tokens.kazakh else self._kazakh


def prepare(doc: Document) -> Prepared:
    """A Document prepared for matching (made once per Document, then kept with it)."""
    return doc.prepared


def prepare_tokens(text: str, tokens: Tokens) -> Prepared:
    """Prepare already tokenised text (the Document's tokens index into `text`)."""
    return Prepared(text, tokens)


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
