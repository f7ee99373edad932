"""Use or coincidence: independent reports of one event share names, figures, quotations and stock
phrases without using each other; a copied or closely rewritten sentence is use."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from reusecheck import engine
from reusecheck.documents import parse_document
from reusecheck.documents.model import Document
from reusecheck.matching import MatchOptions, UseOptions, compare
from reusecheck.ruleset import find_pack

URL = "https://qazmonitor.com/news/2026/03/ferry-operator-fined"
TODAY = dt.date(2026, 11, 27)

# An invented story, as the publisher printed it.
ORIGINAL_PARAGRAPHS = [
    "Caspian ferry operator fined over lifeboat failures",
    "The ferry operator Aktau Marine Lines was fined 250 million tenge at the Mangystau regional court on "
    "Tuesday after inspectors found that half the lifeboats on its largest vessel could not be launched.",
    "The court heard that the vessel, the Karagiye, carried more than 400 passengers a week between Aktau and "
    "Baku during the summer season while two of its four lifeboat davits were seized with rust.",
    "Judge Saule Nurpeisova said the company had put profit ahead of the lives of its passengers. \u201cThis was "
    "not an oversight but a choice made month after month,\u201d she told the court.",
    "A spokesman for Aktau Marine Lines said the company accepted the ruling and had replaced every davit on "
    "the Karagiye before the inspection report was published. The firm did not immediately respond to a "
    "request for comment on whether it would appeal the size of the fine.",
    "The transport ministry said it would inspect every passenger vessel on the Caspian before the next "
    "season, starting with the three other ferries that call at Aktau port.",
    "Inspectors from the maritime safety committee, including Daniyar Seitov, Aliya Bekova and Marat "
    "Zhaksylykov, first visited the vessel in October after a crew member wrote to the ministry.",
]
ORIGINAL = parse_document(
    f'<html><head><link rel="canonical" href="{URL}"></head><body><article><h1>{ORIGINAL_PARAGRAPHS[0]}</h1>'
    + "".join(f"<p>{p}</p>" for p in ORIGINAL_PARAGRAPHS[1:]) + "</article></body></html>",
    "original.html", "html")

# An independent report of the same event, in its own words: the reporter was in court too.
OWN = [
    "Passengers who use the Aktau crossing will be watching the Caspian shipping trade closely this spring.",
    "Our reporter spent the day in the Mangystau courtroom, where the hearing lasted less than three hours and "
    "the benches were half empty.",
    "Several former crew members sat at the back and left before the judgment was read out, declining to "
    "talk to journalists on the steps outside.",
    "Maritime lawyers in Almaty said the penalty was the largest ever imposed on a Kazakh passenger carrier, "
    "though still small beside the company's annual revenue from freight.",
    "The port authority has not said whether the Karagiye will sail again before the summer timetable begins "
    "in May, and travel agents in Baku are already offering refunds.",
]


def candidate(extra: str, *, at: int = 2, link: bool = False) -> Document:
    paragraphs = list(OWN)
    paragraphs.insert(at, extra)
    if link:
        paragraphs[0] += f" The case was [first reported by the Monitor]({URL})."
    return parse_document("\n\n".join(paragraphs), "candidate.md", "markdown")


# Each shares something with the original that any report of the hearing could carry.
INCIDENTAL = {
    "stock phrase": "Aktau Marine Lines did not immediately respond to a request for comment on Wednesday.",
    "shared fact phrase": "The operator was fined 250 million tenge at the Mangystau regional court on Tuesday, a "
                          "sum that surprised few in the room.",
    "shared quotation": "The judge was blunt. \u201cThis was not an oversight but a choice made month after "
                        "month,\u201d she told the court, looking at the company's lawyers.",
    "shared name list": "Three inspectors, Daniyar Seitov, Aliya Bekova and Marat Zhaksylykov, gave evidence in "
                        "the morning.",
}
COPIED_SENTENCE = ORIGINAL_PARAGRAPHS[2]


def check(cand: Document) -> engine.Report:
    return engine.check([cand], [ORIGINAL], pack=find_pack("qazmonitor"), today=TODAY)


@pytest.mark.parametrize("kind", INCIDENTAL)
def test_incidental_overlap_is_not_use(kind: str) -> None:
    report = check(candidate(INCIDENTAL[kind]))
    result = report.candidates[0]
    overlap = result.originals[0].measured.overlap
    assert overlap.uses_original is False, overlap.decision.reason
    assert result.verdict == "compliant"
    assert {f.status for f in result.originals[0].findings} == {"not-applicable"}
    assert overlap.decision.reason.startswith(("incidental overlap", "no shared passage"))
    data = report.to_dict()["candidates"][0]["originals"][0]
    assert data["uses_original"] is False
    assert data["use"]["reason"] == overlap.decision.reason


def test_a_copied_sentence_without_a_link_is_a_violation() -> None:
    report = check(candidate(COPIED_SENTENCE))
    result = report.candidates[0]
    overlap = result.originals[0].measured.overlap
    assert overlap.uses_original is True
    assert overlap.decision.copied_sentences >= 1
    assert result.verdict == "violation"
    assert {f.rule for f in result.failures} == {"hyperlink"}


def test_the_same_copied_sentence_with_a_link_is_compliant() -> None:
    result = check(candidate(COPIED_SENTENCE, link=True)).candidates[0]
    assert result.originals[0].measured.overlap.uses_original is True
    assert result.verdict == "compliant"


def test_a_sentence_rewritten_closely_is_use() -> None:
    rewritten = ("During the summer season the Karagiye carried more than 400 passengers every week between Aktau "
                 "and Baku, while two of its four lifeboat davits had seized with rust, the court heard.")
    overlap = check(candidate(rewritten)).candidates[0].originals[0].measured.overlap
    assert overlap.uses_original is True


def test_a_story_built_on_the_original_sentence_by_sentence_is_use() -> None:
    # Every sentence rewritten in the candidate's own order of words, none copied whole.
    built = [
        "Aktau Marine Lines, a ferry operator, has been fined 250 million tenge by the Mangystau regional court "
        "because inspectors found half of the lifeboats on its biggest vessel could not be launched.",
        "The vessel, called the Karagiye, carried over 400 passengers each week between Aktau and Baku in the "
        "summer, the court heard, while two of its four davits had seized with rust.",
        "The judge said that the company put profit ahead of the lives of passengers.",
        "The transport ministry says it will inspect each passenger vessel on the Caspian before next season.",
    ]
    cand = parse_document("\n\n".join(built), "built.md", "markdown")
    overlap = compare(cand, ORIGINAL)
    assert overlap.uses_original is True
    assert overlap.decision.followed_sentences >= 3
    assert overlap.share_of_original > overlap.copied_share_of_original
    assert any(p.kind == "rewritten" for p in overlap.passages)


def test_inside_a_story_that_uses_the_original_short_runs_count() -> None:
    # A copied clause with a four-word phrase of the original beside it, in one sentence of the candidate's.
    sentence = ("Lawyers for the crew said the Karagiye carried more than 400 passengers a week between Aktau and "
                "Baku, a figure the Mangystau regional court had heard twice.")
    phrase = "Mangystau regional court"
    alone = candidate(sentence)
    with_copy = candidate(sentence + " " + COPIED_SENTENCE.replace("The court heard that the", "In short, the"))

    def counted(cand: Document) -> tuple[bool, bool]:
        overlap = compare(cand, ORIGINAL)
        text = " ".join(cand.text[p.candidate_start:p.candidate_end] for p in overlap.passages)
        return overlap.uses_original, phrase in text

    # Alone, the clause is measured but the story does not use the original, and the phrase counts nothing.
    assert counted(alone) == (False, False)
    # In a story that uses the original, the phrase is part of what was taken.
    assert counted(with_copy) == (True, True)


def test_quotation_alone_is_measured_but_not_use() -> None:
    overlap = compare(candidate(INCIDENTAL["shared quotation"]), ORIGINAL)
    assert not overlap.uses_original
    # The quoted words are found and shown; they decide nothing.
    assert overlap.decision.words >= 10 and overlap.decision.own_words < overlap.decision.words / 2
    assert "quotation" in overlap.decision.reason


def test_pack_can_tune_the_decision() -> None:
    cand = candidate(INCIDENTAL["shared fact phrase"])
    pack = find_pack("qazmonitor")
    assert check(cand).candidates[0].verdict == "compliant"
    # A stricter publisher: any passage of eight words copied outside quotation marks is use.
    strict = replace(pack, use=UseOptions(min_passage=8))
    report = engine.check([cand], [ORIGINAL], pack=strict, today=TODAY)
    assert report.candidates[0].originals[0].measured.overlap.uses_original is True
    assert report.candidates[0].verdict == "violation"


def test_decision_off_counts_everything_the_strict_stage_found() -> None:
    overlap = compare(candidate(INCIDENTAL["shared quotation"]), ORIGINAL, MatchOptions(), UseOptions(decide=False))
    assert overlap.uses_original is True and overlap.reused_words >= 10


def test_stock_phrases_are_found_in_any_inflection() -> None:
    from reusecheck.matching.stock import stock_tokens
    from reusecheck.matching.tokens import tokenize

    for text, phrase in [
        ("The ministry did not immediately respond to requests for comment on Friday.",
         "did not immediately respond to requests for comment"),
        ("Представители компании не ответили на запрос редакции.", "не ответили на запрос редакции"),
        ("The owner declined to comment.", "declined to comment"),
    ]:
        tokens = tokenize(text)
        found = stock_tokens(tokens.keys, tokens.kazakh)
        assert " ".join(tokens.words[i] for i in sorted(found)) == " ".join(tokenize(phrase).words)
    assert stock_tokens(tokenize("He declined the offer to comment.").keys) == frozenset()
