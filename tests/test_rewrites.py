"""The matcher's sentence stage: a sentence rewritten around copied fragments is derived text; a sentence
that only reports the same fact is not.

These are the strict stage's rules, so the tests measure with the use decision off (`RAW`): with it on,
a one-sentence candidate that follows the original is use, and use widens what counts."""

from __future__ import annotations

import pytest

from reusecheck.documents.model import Document, from_text
from reusecheck.matching import MatchOptions, Overlap, UseOptions
from reusecheck.matching import compare as compare_with_decision
from reusecheck.matching.prepare import sentence_spans
from reusecheck.matching.tokens import tokenize

ORIGINAL = (
    "Weather stayed mild all week across the north of the country. "
    "The regional akimat said on Friday that the new bridge across the Ishim river will open to traffic in "
    "early June after three years of delays. Ticket prices for the city buses will not change this year.\n\n"
    "Kazakhstan's central bank raised its base rate to 16.5 percent on Friday, citing rising food prices and "
    "a weaker tenge."
)
# The bridge sentence rewritten: no run of six words survives, but two fragments carry most of it.
REWRITTEN = "The new Ishim bridge will open to traffic in June, the regional akimat said."
# The rate decision reported in other words: names and figures only.
SAME_FACT = "The National Bank lifted the key rate to 16.5 percent as inflation stayed high, it said on Friday."


RAW = UseOptions(decide=False)


def compare(candidate: Document, original: Document, options: MatchOptions | None = None) -> Overlap:
    return compare_with_decision(candidate, original, options, RAW)


def measure(candidate: str, **options: object) -> Overlap:
    return compare(from_text(candidate), from_text(ORIGINAL), MatchOptions(**options))  # type: ignore[arg-type]


def test_rewritten_sentence_counts_as_a_rewritten_passage() -> None:
    overlap = measure(REWRITTEN)
    assert len(overlap.passages) == 1
    passage = overlap.passages[0]
    assert passage.kind == "rewritten"
    assert overlap.rewritten_words == overlap.reused_words and overlap.copied_words == 0
    # The moved clause ("..., the regional akimat said") is part of the rewrite.
    assert REWRITTEN[passage.candidate_start:passage.candidate_end] == REWRITTEN[:-1]
    assert ORIGINAL[passage.original_start:passage.original_end] == (
        "The regional akimat said on Friday that the new bridge across the Ishim river will open to traffic in")


def test_word_chains_alone_miss_the_rewritten_sentence() -> None:
    # What makes the test above a test of the sentence stage.
    assert measure(REWRITTEN, rewrites=False).passages == ()


def test_same_fact_in_other_words_is_not_reuse() -> None:
    assert measure(SAME_FACT).passages == ()


def test_rewritten_sentence_among_new_text_counts_alone() -> None:
    candidate = f"Fans queued for hours outside the stadium in Astana. {REWRITTEN} {SAME_FACT}"
    overlap = measure(candidate)
    assert [candidate[p.candidate_start:p.candidate_end] for p in overlap.passages] == [REWRITTEN[:-1]]


def test_min_words_applies_to_rewritten_sentences() -> None:
    assert measure(REWRITTEN, min_words=12).passages == ()


def test_rewrite_share_threshold_is_a_knob() -> None:
    assert measure(REWRITTEN, rewrite_min_share=0.9).passages == ()


def test_sentence_spans_follow_sentence_ends_and_paragraphs() -> None:
    tokens = tokenize("Mr. Smith left at 3.5 hours. He came back!Then he went.\n\nNew paragraph here")
    assert [" ".join(tokens.words[s:e]) for s, e in sentence_spans(tokens)] == [
        "mr smith left at 3 5 hours", "he came back", "then he went", "new paragraph here"]
    assert sentence_spans(tokenize("")) == []


STORY = (
    "Fans queued for hours outside the stadium in Astana. "
    "The new terminal will handle four million passengers a year, the airport said. "
    "Ticket prices for the city buses will not change this year."
)


def test_moved_attribution_completes_the_copied_sentence() -> None:
    # The chains find the copied clause; the attribution moved to the front is the rest of the rewrite.
    candidate = "Officials expect more flights. The airport said that the new terminal will handle four million " \
                "passengers a year."
    overlap = compare(from_text(candidate), from_text(STORY))
    assert len(overlap.passages) == 1
    passage = overlap.passages[0]
    assert candidate[passage.candidate_start:passage.candidate_end] == (
        "The airport said that the new terminal will handle four million passengers a year")
    assert STORY[passage.original_start:passage.original_end] == (
        "The new terminal will handle four million passengers a year, the airport said")
    assert compare(from_text(candidate), from_text(STORY), MatchOptions(rewrites=False)).reused_words == 10


def test_opener_added_to_a_copied_sentence_joins_it() -> None:
    candidate = "Meanwhile, the new terminal will handle four million passengers a year, the airport said."
    overlap = compare(from_text(candidate), from_text(STORY))
    assert overlap.share_of_candidate == 1.0


def test_copied_fragment_in_a_sentence_of_ones_own_stays_a_fragment() -> None:
    candidate = ("Residents of the left bank doubt that the new terminal will handle four million passengers a "
                 "year before the next decade.")
    overlap = compare(from_text(candidate), from_text(STORY))
    assert [candidate[p.candidate_start:p.candidate_end] for p in overlap.passages] == [
        "the new terminal will handle four million passengers a year"]


def test_short_sentence_echoing_a_long_one_is_not_its_rewrite() -> None:
    # Two fragments cover most of the short sentence but under a third of the original sentence.
    echo = "Everyone talks about the new bridge and the regional akimat itself."
    assert measure(echo).passages == ()


MATCH_REPORT = (
    "The visitors took the lead after ten minutes when their captain headed in from a corner. "
    "It was a pity. The home side never recovered and lost the match by three goals to one."
)


def test_short_sentence_copied_next_to_a_copy_joins_it() -> None:
    candidate = "The home side never recovered and lost the match by three goals to one. It was a pity."
    overlap = compare(from_text(candidate), from_text(MATCH_REPORT))
    assert overlap.share_of_candidate == 1.0
    assert [p.kind for p in overlap.passages] == ["verbatim", "verbatim"]


def test_short_sentence_alone_is_chance() -> None:
    candidate = "Rain fell on the stadium all afternoon. It was a pity. Fans went home early."
    assert compare(from_text(candidate), from_text(MATCH_REPORT)).passages == ()


def test_short_sentence_stage_is_part_of_the_rewrites_switch() -> None:
    candidate = "The home side never recovered and lost the match by three goals to one. It was a pity."
    overlap = compare(from_text(candidate), from_text(MATCH_REPORT), MatchOptions(rewrites=False))
    assert overlap.share_of_candidate < 1.0


def test_short_sentences_next_to_each_other_join_one_by_one() -> None:
    report = ("The visitors scored first. Rigoglioso 59. Subs not used: Smith, Scott. "
              "The home side never recovered and lost the match.")
    candidate = "The home side never recovered and lost the match. Rigoglioso 59. Subs not used: Smith, Scott."
    overlap = compare(from_text(candidate), from_text(report))
    assert overlap.share_of_candidate == 1.0


@pytest.mark.parametrize(("text", "count"), [
    ("Officials said the U.S. Treasury would resume sales. Markets rose.", 2),
    ("Shares in Acme Inc. rose sharply on Monday. Then they fell.", 2),
    ("The loan is due by Jan. 5 at the latest. The firm must repay it.", 2),
    ("Ещё в марте 2023 г. правительство решило продать долю. Потом передумало.", 2),
    ("Mr. Smith left early. He came back!Then he went home.", 3),
])
def test_initials_and_abbreviations_do_not_end_sentences(text: str, count: int) -> None:
    assert len(sentence_spans(tokenize(text))) == count


def test_copy_across_an_abbreviation_keeps_its_first_words() -> None:
    original = "Officials said the U.S. Treasury would resume its sales of long bonds next month."
    candidate = "Analysts in Paris now expect the U.S. Treasury would resume its sales of long bonds next month."
    overlap = compare(from_text(candidate), from_text(original))
    assert [candidate[p.candidate_start:p.candidate_end] for p in overlap.passages] == [
        "the U.S. Treasury would resume its sales of long bonds next month"]


def test_text_without_sentence_punctuation_is_left_to_the_chains() -> None:
    # Two unrelated run-ons over a tiny vocabulary share word pairs everywhere; taken as one "sentence"
    # each, they used to look like a rewrite of each other.
    import random

    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(20)]
    one = " ".join(rng.choice(vocab) for _ in range(2500))
    other = " ".join(rng.choice(vocab) for _ in range(2500))
    assert compare(from_text(other), from_text(one)).share_of_candidate < 0.05


def test_a_long_line_of_short_copies_joins_whole() -> None:
    copied = "The home side never recovered and lost the match by three goals to one in the end. "
    original = copied + " ".join(f"Player{i} scored." for i in range(3000))
    candidate = copied + " ".join(f"Player{i} scored." for i in reversed(range(3000)))
    assert compare(from_text(candidate), from_text(original)).share_of_candidate == 1.0
