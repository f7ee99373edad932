"""Match keys let inflected forms align, in English, Russian and Kazakh, and nothing else."""

from __future__ import annotations

import pytest

from reusecheck.documents.model import from_text
from reusecheck.matching import MatchOptions, UseOptions, compare
from reusecheck.matching.stemming import is_kazakh, match_key
from reusecheck.matching.tokens import normalise_word


def key(word: str, kazakh: bool = False) -> str:
    return match_key(normalise_word(word), kazakh)


@pytest.mark.parametrize("forms", [
    ("exports", "export", "exported"),
    ("зерно", "зерна", "зерном"),
    ("пшеница", "пшеницы", "пшеницей"),
    ("каждый", "каждая", "каждого"),
    ("Қазақстан", "Қазақстанның", "Қазақстанға", "Қазақстанда", "Қазақстаннан"),
    ("әкімдік", "әкімдігі", "әкімдіктер"),
    ("өзен", "өзенінің", "өзенде"),
])
def test_inflected_forms_share_a_key(forms: tuple[str, ...]) -> None:
    kazakh = is_kazakh([normalise_word(form) for form in forms])
    assert len({key(form, kazakh) for form in forms}) == 1, [key(form, kazakh) for form in forms]


@pytest.mark.parametrize(("one", "other"), [
    ("port", "portal"), ("зерно", "зерновой"), ("саябақ", "сабақ"), ("2026", "2027"), ("1967", "19"),
    ("өзен", "өзгеріс"), ("жол", "жоба"),
])
def test_different_words_keep_different_keys(one: str, other: str) -> None:
    kazakh = is_kazakh([normalise_word(one), normalise_word(other)])
    assert key(one, kazakh) != key(other, kazakh)


def test_short_kazakh_words_keep_their_endings() -> None:
    # A stem of fewer than three letters would merge unrelated short words.
    assert key("жерде", True) == key("жер", True) == "жер"
    assert key("бала", True) == key("балалар", True) == "бала"


def test_a_kazakh_text_keys_its_words_without_kazakh_letters_alike() -> None:
    words = [normalise_word(w) for w in "Павлодар облысы мен облысының әкімдігі".split()]
    assert is_kazakh(words)
    assert match_key(words[1], True) == match_key(words[3], True)
    assert not is_kazakh([normalise_word(w) for w in "Павлодарская область и Қостанай сегодня".split()])


RU_ORIGINAL = (
    "Новый зерновой терминал в порту Актау принял первую партию пшеницы из Костанайской области. "
    "Руководство порта рассчитывает, что за год через терминал пройдёт около миллиона тонн зерна, "
    "а перевозка по железной дороге станет дешевле для фермеров северных областей."
)
# The same sentences with case, number and tense changed on many words, as an editor adapting them would.
RU_INFLECTED = (
    "Новым зерновым терминалом в порту Актау принята первая партия пшеницы из Костанайской области. "
    "Руководство порта рассчитывало, что за годы через терминалы пройдут около миллионов тонн зерном, "
    "а перевозки по железным дорогам стали дешевле для фермера северной области."
)
KK_ORIGINAL = (
    "Павлодар облысының әкімдігі Ертіс өзенінің жағасында жаңа саябақ салу жобасын таныстырды. "
    "Жоба бойынша саябақта велосипед жолдары мен балалар алаңдары және шағын кітапхана болады."
)
KK_INFLECTED = (
    "Павлодар облысы әкімдіктері Ертіс өзені жағасындағы жаңа саябақтың салу жобаларын таныстырды. "
    "Жобалар бойынша саябақтар велосипед жолдарымен балалар алаңдарымен және шағын кітапханалар болады."
)


@pytest.mark.parametrize(("original", "candidate"), [(RU_ORIGINAL, RU_INFLECTED), (KK_ORIGINAL, KK_INFLECTED)],
                         ids=["ru", "kk"])
def test_reinflected_cyrillic_copy_is_found_as_an_edited_copy(original: str, candidate: str) -> None:
    overlap = compare(from_text(candidate), from_text(original))
    assert overlap.share_of_original >= 0.9
    assert overlap.share_of_candidate >= 0.9
    assert overlap.verbatim_words == 0
    assert all(p.kind == "edited" for p in overlap.passages)


def test_without_keys_the_reinflected_copy_would_be_lost() -> None:
    # The same pair aligned on the surface words alone: most trigrams differ, so the copy is missed.
    # This is what makes the test above a test of the stems and not of the chains' tolerance.
    from rapidfuzz.distance import Indel

    a, b = from_text(RU_ORIGINAL).tokens, from_text(RU_INFLECTED).tokens
    trigrams_a = {a.words[i:i + 3] for i in range(len(a) - 2)}
    shared = sum(1 for j in range(len(b) - 2) if b.words[j:j + 3] in trigrams_a)
    assert shared < (len(b) - 2) / 3
    assert Indel.normalized_similarity(a.keys, b.keys) > Indel.normalized_similarity(a.words, b.words)


def test_options_still_apply_with_keys() -> None:
    # The strict stage alone (no use decision), so that min_words is the only thing that bounds it.
    overlap = compare(from_text(RU_INFLECTED), from_text(RU_ORIGINAL), MatchOptions(min_words=200),
                      UseOptions(decide=False))
    assert overlap.passages == ()


def test_russian_copied_into_a_kazakh_text_still_aligns() -> None:
    # The candidate reads as Kazakh, the original as Russian: both must be keyed alike for the pair.
    original = ("Правительство утвердило новый план развития транспорта на ближайшие пять лет, "
                "сообщили в министерстве.")
    candidate = ("Үкімет көлік жүйесін дамыту жоспарын бекітті деп хабарлады таңертең. Жоспар бойынша "
                 "жаңа жолдар мен көпірлер салынады, ескі вокзалдар жөнделеді. " + original)
    assert from_text(candidate).tokens.kazakh and not from_text(original).tokens.kazakh
    overlap = compare(from_text(candidate), from_text(original))
    assert overlap.share_of_original == 1.0
    assert overlap.passages[0].kind == "verbatim"


def test_words_that_only_share_prefixes_are_not_a_copy() -> None:
    # Every word's four-letter Kazakh key agrees, but not one word is the same: no passage.
    original = "Қазақстан мемлекеттік бағдарламасы білім беру жүйесін жаңартуға бағытталған жоба болып табылады."
    candidate = "Қазақ мемлекеті бағасын біліп берді жүйелі жаңалықтар бағыты жобасы болашақ табысы."
    assert compare(from_text(candidate), from_text(original)).passages == ()
