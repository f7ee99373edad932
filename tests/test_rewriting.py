"""Real rewriting, in English and in Russian: sentences rewritten around shared fragments, clauses moved,
attributions changed. The copied part and the rewritten part are counted apart."""

from __future__ import annotations

import pytest

from reusecheck.documents.model import from_text
from reusecheck.matching import Overlap, compare

# Invented stories and their rewrites, sentence by sentence; no run of six words survives in most.
EN_ORIGINAL = (
    "Grain exports from Kostanay region reached a record 2.4 million tonnes this season, the regional "
    "agriculture department said on Thursday. Most of the wheat went by rail to Uzbekistan and Afghanistan, "
    "while barley shipments to China doubled compared with last year. Farmers credited a wet spring and new "
    "storage capacity at the Tobol elevator, which opened in August. Officials warned, however, that "
    "wagon shortages could slow deliveries in the winter months."
)
EN_REWRITTEN = (
    "The regional agriculture department said on Thursday that grain exports from Kostanay region had "
    "reached a record 2.4 million tonnes this season. Most wheat was sent by rail to Afghanistan and "
    "Uzbekistan, and barley shipments to China were double last year's. A wet spring and new storage at the "
    "Tobol elevator, opened in August, were credited by farmers. But wagon shortages could slow deliveries "
    "in winter, officials warned."
)
RU_ORIGINAL = (
    "Экспорт зерна из Костанайской области в этом сезоне достиг рекордных 2,4 миллиона тонн, сообщило в "
    "четверг областное управление сельского хозяйства. Большая часть пшеницы ушла по железной дороге в "
    "Узбекистан и Афганистан, а поставки ячменя в Китай выросли вдвое по сравнению с прошлым годом. "
    "Фермеры объясняют рост влажной весной и новыми мощностями элеватора на Тоболе, открытого в августе. "
    "Однако чиновники предупредили, что нехватка вагонов может замедлить поставки в зимние месяцы."
)
RU_REWRITTEN = (
    "Областное управление сельского хозяйства в четверг сообщило, что экспорт зерна из Костанайской "
    "области достиг в этом сезоне рекорда в 2,4 миллиона тонн. Большую часть пшеницы отправили по железной "
    "дороге в Афганистан и Узбекистан, а поставки ячменя в Китай по сравнению с прошлым годом удвоились. "
    "Рост фермеры связывают с влажной весной и новыми мощностями элеватора на Тоболе, который открылся в "
    "августе. По словам чиновников, нехватка вагонов может замедлить поставки зимой."
)


def measure(original: str, candidate: str) -> Overlap:
    return compare(from_text(candidate), from_text(original))


@pytest.mark.parametrize(("original", "rewritten"), [(EN_ORIGINAL, EN_REWRITTEN), (RU_ORIGINAL, RU_REWRITTEN)],
                         ids=["en", "ru"])
def test_a_story_rewritten_sentence_by_sentence_is_derived_throughout(original: str, rewritten: str) -> None:
    overlap = measure(original, rewritten)
    assert overlap.uses_original
    # Most of the rewrite is derived text, though little of it is copied word for word.
    assert overlap.share_of_candidate > 0.8
    assert overlap.share_of_original > 0.7
    assert overlap.rewritten_words > 0
    assert overlap.copied_share_of_original < overlap.share_of_original
    assert overlap.share_of_original == pytest.approx(
        overlap.copied_share_of_original + overlap.rewritten_share_of_original)


@pytest.mark.parametrize(("original", "rewritten"), [(EN_ORIGINAL, EN_REWRITTEN), (RU_ORIGINAL, RU_REWRITTEN)],
                         ids=["en", "ru"])
def test_every_sentence_of_the_rewrite_is_found(original: str, rewritten: str) -> None:
    overlap = measure(original, rewritten)
    candidate = from_text(rewritten)
    covered = overlap.candidate_token_set()
    for start, end in candidate.prepared.sentences:
        share = sum(1 for j in range(start, end) if j in covered) / (end - start)
        assert share > 0.5, candidate.text[candidate.tokens.starts[start]:candidate.tokens.ends[end - 1]]


def test_the_same_facts_in_a_story_of_ones_own_are_not_use() -> None:
    own = (
        "Kazakhstan's grain trade is changing fast. Traders in Kostanay told us that rail remains the only "
        "realistic way to move wheat south, and that China now buys more barley than ever. A new elevator on "
        "the Tobol has helped, they said, but nobody expects the shortage of wagons to ease before spring. "
        "Several farmers we met plan to sow more barley next year."
    )
    overlap = measure(EN_ORIGINAL, own)
    assert not overlap.uses_original, overlap.decision.reason
