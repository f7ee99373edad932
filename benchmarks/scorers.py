"""Every method the benchmarks compare, behind one signature: (original text, candidate text) -> Scored.

A Scored gives both shares and the character spans of each text that the method calls reused, so a
benchmark can score any method word by word against its truth in the same way.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reusecheck.documents.model import from_text
from reusecheck.matching import MatchOptions, compare

Span = tuple[int, int]


@dataclass(frozen=True)
class Scored:
    share_of_original: float
    share_of_candidate: float
    original_spans: tuple[Span, ...]
    """Character spans of the original text the method calls reused."""
    candidate_spans: tuple[Span, ...]
    """Character spans of the candidate text the method calls reused."""
    uses: bool | None = None
    """Whether the candidate uses the original, for a method that decides it (reusecheck)."""


Scorer = Callable[[str, str], Scored]


def reusecheck_scorer(options: MatchOptions | None = None) -> Scorer:
    """reusecheck's matcher; spans are the passages' extents, as the JSON report gives them."""
    def score(original: str, candidate: str) -> Scored:
        overlap = compare(from_text(candidate), from_text(original), options)
        return Scored(
            overlap.share_of_original, overlap.share_of_candidate,
            tuple((p.original_start, p.original_end) for p in overlap.passages),
            tuple((p.candidate_start, p.candidate_end) for p in overlap.passages),
            overlap.uses_original,
        )
    return score


_WORD = re.compile(r"\w+")


def trigram_scorer(original: str, candidate: str) -> Scored:
    """Naive word 3-gram containment: a word is reused when it lies in a trigram the other text also has."""
    a = [(m.group().lower(), m.span()) for m in _WORD.finditer(original)]
    b = [(m.group().lower(), m.span()) for m in _WORD.finditer(candidate)]

    def grams(words: list[tuple[str, Span]]) -> list[tuple[str, str, str]]:
        return [(words[i][0], words[i + 1][0], words[i + 2][0]) for i in range(len(words) - 2)]

    ga, gb = grams(a), grams(b)
    sa, sb = set(ga), set(gb)

    def covered(words: list[tuple[str, Span]], gram_list: list[tuple[str, str, str]],
                other: set[tuple[str, str, str]]) -> list[int]:
        hit = [False] * len(words)
        for i, gram in enumerate(gram_list):
            if gram in other:
                hit[i] = hit[i + 1] = hit[i + 2] = True
        return [i for i, h in enumerate(hit) if h]

    in_a, in_b = covered(a, ga, sb), covered(b, gb, sa)
    return Scored(
        len(in_a) / len(a) if a else 0.0, len(in_b) / len(b) if b else 0.0,
        tuple(a[i][1] for i in in_a), tuple(b[i][1] for i in in_b),
    )


_COVERAGE_WORD = re.compile(r"[^\W_]+")


def covered_words(text: str, spans: Sequence[Span]) -> list[bool]:
    """For each word of the text (runs of `[^\\W_]+`), whether at least one of its characters is inside a span."""
    ordered = sorted(spans)
    starts = [s for s, _ in ordered]
    # Running maximum of span ends, so a word is tested against every span that starts before it ends.
    reach: list[int] = []
    for _, end in ordered:
        reach.append(max(end, reach[-1]) if reach else end)
    hits = []
    for m in _COVERAGE_WORD.finditer(text):
        k = bisect_right(starts, m.end() - 1)  # spans that start before the word ends
        hits.append(bool(k) and reach[k - 1] > m.start())
    return hits


def word_coverage(text: str, spans: Sequence[Span]) -> float:
    """Share of the text's words (runs of `[^\\W_]+`) that have at least one character inside a span."""
    hits = covered_words(text, spans)
    return sum(hits) / len(hits) if hits else 0.0


def copydetect_scorer(original: str, candidate: str) -> Scored:
    """copydetect 0.5 (PyPI), the winnowing code-plagiarism detector, run on the raw strings with filtering off.

    Configured as `copydetect.CopyDetector(..., disable_filtering=True)` with copydetect's own defaults
    (copydetect/defaults.py: NOISE_THRESHOLD = GUARANTEE_THRESHOLD = 25): for each text
    `CodeFingerprint(name, k=25, win_size=25 - 25 + 1 = 1, filter=False, fp=StringIO(text))`, no boilerplate,
    then `compare_files(original, candidate)`. So every 25-character substring of each text is hashed (Python's
    hash; window 1 keeps them all) and any run of at least 25 identical characters, case, white space and
    punctuation included, comes back as a copied slice.
    Filtering is off because copydetect's filter is a Pygments code lexer: for a `.txt` name it picks
    TextLexer, whose single Text token the filter drops as white space, leaving an empty document (score 0).
    The slices are character offsets into the raw texts; each share is the word coverage of its text
    (`[^\\W_]+` runs with at least one character inside a slice, over all such runs; a slice may begin or end
    inside a word), not copydetect's own similarity (copied characters over fingerprinted characters).
    Texts shorter than 25 characters score 0.
    """
    try:
        from copydetect import defaults
        from copydetect.detector import CodeFingerprint, compare_files
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise ImportError("copydetect_scorer needs copydetect: pip install -e '.[bench]'") from exc

    k = defaults.NOISE_THRESHOLD
    window = defaults.GUARANTEE_THRESHOLD - defaults.NOISE_THRESHOLD + 1
    if min(len(original), len(candidate)) < k:
        return Scored(0.0, 0.0, (), ())
    prints = [CodeFingerprint(name, k, window, filter=False, fp=io.StringIO(text))
              for name, text in (("original.txt", original), ("candidate.txt", candidate))]
    _overlap, _similarities, (slices_o, slices_c) = compare_files(prints[0], prints[1])
    spans_o = tuple((int(s), int(e)) for s, e in zip(slices_o[0], slices_o[1], strict=True)) if len(slices_o) else ()
    spans_c = tuple((int(s), int(e)) for s, e in zip(slices_c[0], slices_c[1], strict=True)) if len(slices_c) else ()
    return Scored(word_coverage(original, spans_o), word_coverage(candidate, spans_c), spans_o, spans_c)
