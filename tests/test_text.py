"""Unit tests for reusecheck.matching.tokens: tokens, their offsets, normalisation and quotation spans."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reusecheck.matching.tokens import Tokens, normalise_word, paragraph_spans, quotation_spans, tokenize

EN = "The city council approved a new budget on Tuesday, the mayor's office said."
RU = "Правительство утвердило новый план ремонта дорог, сообщил министр."
KK = "Астанада жаңа көпір ашылды, деп хабарлады қала әкімдігі."


def _assert_offsets_index(text: str, tokens: Tokens) -> None:
    assert len(tokens.words) == len(tokens.starts) == len(tokens.ends) == len(tokens)
    for word, start, end in zip(tokens.words, tokens.starts, tokens.ends, strict=True):
        assert 0 <= start < end <= len(text)
        assert normalise_word(text[start:end]) == word


# --- offsets -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [EN, RU, KK, "  Ведущий: «Добрый вечер!»\n\nЖүргізуші — сәлем.  "])
def test_offsets_index_the_text(text: str) -> None:
    tokens = tokenize(text)
    assert len(tokens) > 0
    _assert_offsets_index(text, tokens)


def test_words_and_offsets_of_a_short_sentence() -> None:
    text = "Rain hit Almaty, again."
    tokens = tokenize(text)
    assert tokens.words == ("rain", "hit", "almaty", "again")
    assert tokens.starts == (0, 5, 9, 17)
    assert tokens.ends == (4, 8, 15, 22)


def test_offsets_stay_on_the_original_text_when_normalisation_changes_length() -> None:
    # 'ﬁ' is one character that folds to two; offsets must still refer to the raw text.
    text = "The ﬁnance minister resigned."
    tokens = tokenize(text)
    assert tokens.words == ("the", "finance", "minister", "resigned")
    i = tokens.words.index("finance")
    assert text[tokens.starts[i]:tokens.ends[i]] == "ﬁnance"
    j = tokens.words.index("minister")
    assert text[tokens.starts[j]:tokens.ends[j]] == "minister"


def test_punctuation_is_never_a_token() -> None:
    tokens = tokenize("«…» — “!” ... ; : ( ) [ ] ? – - '")
    assert tokens.words == ()
    assert len(tokens) == 0


def test_digits_are_tokens() -> None:
    assert tokenize("Turnout was 67 percent in 2024.").words == ("turnout", "was", "67", "percent", "in", "2024")


# --- folding -----------------------------------------------------------------------------------


def test_case_is_folded() -> None:
    assert tokenize("PARLIAMENT Parliament parliament").words == ("parliament",) * 3
    assert tokenize("МИНИСТР Министр министр").words == ("министр",) * 3


def test_accents_are_folded() -> None:
    assert tokenize("Café CAFÉ cafe café").words == ("cafe",) * 4
    assert tokenize("naïve façade Zürich").words == ("naive", "facade", "zurich")


def test_yo_is_folded_to_ye() -> None:
    assert tokenize("Всё ещё ВСЁ всё").words == ("все", "еще", "все", "все")
    assert normalise_word("Ёлка") == normalise_word("елка") == "елка"


def test_short_i_is_a_letter_of_its_own() -> None:
    # й is not an accented и: the Russian stemmer needs it to see endings such as -ый, -ий.
    assert normalise_word("Май") == normalise_word("Ма\u0438\u0306") == "май"
    assert normalise_word("май") != normalise_word("маи")


def test_compatibility_forms_are_folded() -> None:
    assert normalise_word("ﬁnal") == "final"
    assert normalise_word("Ｔｏｄａｙ") == "today"


@pytest.mark.parametrize(
    ("kazakh", "russian_lookalike"),
    [("ә", "а"), ("қ", "к"), ("ө", "о"), ("ұ", "у"), ("ү", "у"), ("і", "и"), ("ң", "н"), ("ғ", "г")],
)
def test_kazakh_letters_stay_distinct(kazakh: str, russian_lookalike: str) -> None:
    assert normalise_word(kazakh) == kazakh
    assert normalise_word(kazakh.upper()) == kazakh
    assert normalise_word(kazakh) != normalise_word(russian_lookalike)


def test_kazakh_words_keep_their_letters() -> None:
    text = "Әкім қаңтарда өңірдегі ұлттық үлгідегі ғимараттарды аралады."
    assert tokenize(text).words == (
        "әкім", "қаңтарда", "өңірдегі", "ұлттық", "үлгідегі", "ғимараттарды", "аралады",
    )


def test_kazakh_letters_are_letters_not_separators() -> None:
    # Each Kazakh-specific letter inside a word must not split it.
    for word in ("сәлем", "қала", "көл", "ұлы", "күн", "біз", "жаңа", "ағаш"):
        tokens = tokenize(f"Ол {word} деді.")
        assert tokens.words == ("ол", word, "деді")
    assert tokenize("ҚАЗАҚСТАН").words == ("қазақстан",)
    assert tokenize("қала").words != tokenize("кала").words


# --- splitting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("O'Brien's report", ("o", "brien", "s", "report")),
        ("O’Brien’s report", ("o", "brien", "s", "report")),
        ("Алма-Ата", ("алма", "ата")),
        ("Алма–Ата", ("алма", "ата")),
        ("Алма—Ата", ("алма", "ата")),
        ("well‑known", ("well", "known")),
        ("Қазақстан-Қытай", ("қазақстан", "қытай")),
        ("vote_count", ("vote", "count")),
    ],
)
def test_apostrophes_and_dashes_split_words(text: str, words: tuple[str, ...]) -> None:
    assert tokenize(text).words == words


def test_apostrophe_variants_give_the_same_tokens() -> None:
    straight = tokenize("The minister's plan isn't ready")
    curly = tokenize("The minister’s plan isn’t ready")
    assert straight.words == curly.words


# --- spans -------------------------------------------------------------------------------------


def test_spans_restrict_tokenisation() -> None:
    text = "Header junk\n\nFarmers began sowing.\n\nFooter junk"
    begin = text.index("Farmers")
    end = text.index("\n\nFooter")
    tokens = tokenize(text, ((begin, end),))
    assert tokens.words == ("farmers", "began", "sowing")
    _assert_offsets_index(text, tokens)
    assert tokens.starts[0] == begin


def test_several_spans_are_tokenised_in_the_given_order() -> None:
    text = "alpha beta gamma delta"
    spans = ((11, 16), (0, 5))
    assert tokenize(text, spans).words == ("gamma", "alpha")


def test_span_boundary_cuts_a_word() -> None:
    text = "Parliament voted"
    tokens = tokenize(text, ((0, 5),))
    assert tokens.words == ("parli",)
    assert tokens.ends == (5,)


def test_empty_spans_give_no_tokens() -> None:
    assert len(tokenize(EN, ())) == 0
    assert len(tokenize(EN, ((3, 3),))) == 0


def test_no_spans_means_whole_text() -> None:
    assert tokenize(KK).words == tokenize(KK, ((0, len(KK)),)).words


# --- paragraphs --------------------------------------------------------------------------------


def test_paragraph_spans_split_on_blank_lines_and_skip_wordless_ones() -> None:
    text = "First para line one.\nline two.\n\n  \t\n---\n\nSecond para."
    spans = paragraph_spans(text)
    assert [text[s:e] for s, e in spans] == ["First para line one.\nline two.", "Second para."]


# --- quotations --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("The minister said “we will build it” on Monday.", "“we will build it”"),
        ("Министр заявил: «Мы построим мост» — и уехал.", "«Мы построим мост»"),
        ("Әкім: «Көпір жыл соңына дейін салынады», деді.", "«Көпір жыл соңына дейін салынады»"),
        ("Он сказал „это только начало“ вчера.", "„это только начало“"),
        ('She said "the talks failed" late on Friday.', '"the talks failed"'),
    ],
)
def test_quotation_spans(text: str, quoted: str) -> None:
    spans = quotation_spans(text)
    assert [text[s:e] for s, e in spans] == [quoted]


def test_several_quotations_in_order() -> None:
    text = "He said “yes”, she said «нет» and they said \"maybe\"."
    assert [text[s:e] for s, e in quotation_spans(text)] == ["“yes”", "«нет»", '"maybe"']


def test_quotation_runs_across_a_line_break_but_not_a_blank_line() -> None:
    wrapped = "He said “we will\nsee” later."
    assert [wrapped[s:e] for s, e in quotation_spans(wrapped)] == ["“we will\nsee”"]
    assert quotation_spans("He said “we will\n\nsee” later.") == []


def test_single_quotation_marks_and_apostrophes() -> None:
    text = "The coach's view: 'We didn't play well, and that's on me.' The fans' mood was worse."
    assert [text[s:e] for s, e in quotation_spans(text)] == ["'We didn't play well, and that's on me.'"]


def test_elision_and_inch_marks_open_nothing() -> None:
    assert quotation_spans("The '90s band bought a 12\" record.") == []


def test_quotation_over_several_paragraphs() -> None:
    text = ("The chairman said: “We will build the road.\n\n“It will open in spring,” he added.\n\n"
            "Critics were not convinced.")
    assert [text[s:e] for s, e in quotation_spans(text)] == ["“We will build the road.", "“It will open in spring,”"]


def test_paragraph_ends_in_crlf_or_cr() -> None:
    text = "He said: 'We will build it.\r\n\r'Soon,' he added.\r\rThe end."
    assert [text[s:e] for s, e in quotation_spans(text)] == ["'We will build it.", "'Soon,'"]


def test_unclosed_quotation_is_not_a_span() -> None:
    assert quotation_spans("Министр заявил: «Мы построим мост.") == []


def test_no_quotations() -> None:
    assert quotation_spans(EN.replace("'", "")) == []


# --- properties --------------------------------------------------------------------------------


_ALPHABET = st.sampled_from(list("abcXYZ éÉёЁәӘқҚөұүіңғ-—–'’.,«»“” \n\t0123456789_ﬁ"))


@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_offsets_always_index_the_text(text: str) -> None:
    tokens = tokenize(text)
    _assert_offsets_index(text, tokens)
    previous_end = 0
    for start, end in zip(tokens.starts, tokens.ends, strict=True):
        assert start >= previous_end
        previous_end = end
        assert not any(ch.isspace() for ch in text[start:end])


@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_normalisation_is_idempotent(text: str) -> None:
    for word in tokenize(text).words:
        assert normalise_word(word) == word
