"""The controlled benchmark's generator (benchmarks/controlled.py): its truth must agree with its text.

The generator reads the BBC News Summary corpus beside the checkout; the tests that need it skip when it
is absent (a user's clone has no ../shared).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news-summary"
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

import controlled  # noqa: E402

needs_corpus = pytest.mark.skipif(not (CORPUS / "articles").is_dir(),
                                  reason="the BBC News Summary corpus is not beside the checkout")
SEED = 7
COUNT = 16  # two candidates of each kind; the two verbatim ones are the 0% and the 100% excerpts


@pytest.fixture(scope="module")
def cases() -> list[controlled.Case]:
    return controlled.generate(CORPUS, SEED, COUNT)


@needs_corpus
def test_every_kind_and_word_counts(cases: list[controlled.Case]) -> None:
    assert [c.kind for c in cases] == [k for k in controlled.KINDS for _ in range(2)]
    for case in cases:
        assert len(case.candidate_sources) == len(controlled.WORD.findall(case.candidate))
        assert len(case.original_reused) == len(controlled.WORD.findall(case.original))
        # Each reused candidate word copies its own original word, and those are the original's reused words.
        sources = [s for s in case.candidate_sources if s is not None]
        assert sorted(sources) == [i for i, reused in enumerate(case.original_reused) if reused]


@needs_corpus
def test_verbatim_reused_words_are_the_originals(cases: list[controlled.Case]) -> None:
    for case in (c for c in cases if c.kind == "verbatim"):
        original = controlled.WORD.findall(case.original)
        spans = controlled.word_spans(case.candidate)
        for (start, end), source in zip(spans, case.candidate_sources, strict=True):
            if source is not None:
                assert case.candidate[start:end] == original[source]
        # Within a paragraph, the reused stretch is a verbatim substring of the original.
        for paragraph in case.marked().split("\n\n"):
            if "«" in paragraph:
                assert paragraph[paragraph.index("«") + 1:paragraph.index("»")] in case.original


@needs_corpus
def test_verbatim_ends_of_the_range(cases: list[controlled.Case]) -> None:
    shares = sorted(c.true_share for c in cases if c.kind == "verbatim")
    assert shares == [0.0, 1.0]
    assert all(c.true_share == 0.0 for c in cases if c.kind == "negative")


@needs_corpus
def test_deterministic_for_a_seed(cases: list[controlled.Case]) -> None:
    assert controlled.generate(CORPUS, SEED, COUNT) == cases


def test_light_edits_keep_the_labels_on_their_words() -> None:
    """Made-up text, no corpus: whatever the edits do, the candidate's words are exactly its labelled pieces."""
    text = ("Shares in the company rose sharply on Monday, after the firm said its profits had jumped. "
            "Analysts had expected a smaller rise, but the figures showed strong sales in Europe.")
    sentence = controlled.Sentence(text, 1, 0, tuple(w.lower() for w in controlled.WORD.findall(text)))
    article = controlled.Article("test/001", "test", text, (sentence,), len(sentence.words))
    rng = random.Random(1)
    for _ in range(200):
        line = controlled.light_edits(rng, controlled.pieces(sentence, True))
        case = controlled.assemble(0, "light-edits", article, controlled.curly_quotes([[line]]))
        kept = [s for s in case.candidate_sources if s is not None]
        assert kept == sorted(kept)
        assert case.true_share == len(kept) / len(sentence.words)
