"""Properties of the matcher that hold for any pair of texts (hypothesis)."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reusecheck.documents.model import from_text
from reusecheck.matching import MatchOptions, Overlap, UseOptions, compare
from reusecheck.matching.tokens import tokenize

# Words of invented news stories, all distinct after normalisation.
EN_WORDS = sorted(set("""
council mayor tram railway station district project billion tenge years deputy reporters avenue steel works
route survey residents critics money roads heating pipes blogger showcase suburbs tender documents month
hearings construction spring farmers province harvest wheat autumn weather august grain traders prices
elevators shipments agronomists soil winter sowing rain cooperatives irrigation orchards chess tournament
players countries organisers fixture library books building cinema seafront company librarian reading rooms
evening students exams section puppet shows december minister bridge airport flights passengers ticket
hospital doctors nurses school teachers pupils museum exhibition paintings festival concert orchestra stadium
football match goal referee police court judge lawyer trial verdict election voters ballot parliament budget
taxes bank loans interest market shops bakery bread milk cattle sheep horses river lake mountains forest
snow storm floods bus drivers fuel petrol mine coal copper factory workers strike wages pension
canal harbour ferry cargo tractor village clinic vaccine theatre ballet opera poet novel newspaper editor
radio television camera satellite rocket engineer bridgehead tunnel highway border customs visa embassy
""".split()))
RU_WORDS = sorted(set("""
акимат город рынок реконструкция вторник чиновники работы май годы заместитель журналисты торговцы павильоны
площадь аренда продавцы покупатели власти сроки строительство совет обращение заседание область пшеница
фермеры урожай дожди поля сезон турнир участники страны больница врачи школа учителя музей выставка театр
""".split()))
assert len(EN_WORDS) >= 150
assert not {tokenize(w).words[0] for w in EN_WORDS} & {tokenize(w).words[0] for w in RU_WORDS}

SEPARATORS = [" ", " ", " ", ", ", ". ", "\n", "\n\n", " - ", " — ", "; "]
WHITESPACE = [" ", "  ", "\t", "\n", "\n\n", " \n ", "\r\n", "\u00a0", "\u2003"]
# A blank line is a paragraph break, which the matcher reads (a passage does not take a stray word
# across one), so it is not mere layout.
LAYOUT = [gap for gap in WHITESPACE if "\n\n" not in gap]

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def join(words: list[str], separators: list[str]) -> str:
    """Words joined by the given separators, cycling through them."""
    if not words:
        return ""
    out = [words[0]]
    for i, word in enumerate(words[1:]):
        out.append(separators[i % len(separators)] if separators else " ")
        out.append(word)
    return "".join(out)


def measure(original: str, candidate: str, options: MatchOptions | None = None) -> Overlap:
    return compare(from_text(candidate, source="candidate"), from_text(original, source="original"), options)


def check_invariants(original: str, candidate: str, overlap: Overlap) -> None:
    assert 0.0 <= overlap.share_of_original <= 1.0
    assert 0.0 <= overlap.share_of_candidate <= 1.0
    assert 0.0 <= overlap.verbatim_share_of_original <= overlap.share_of_original
    assert overlap.reused_words <= overlap.original_words
    assert overlap.reused_candidate_words <= overlap.candidate_words
    original_tokens = [i for p in overlap.passages for i in p.original_tokens]
    candidate_tokens = [j for p in overlap.passages for j in p.candidate_tokens]
    # Each word on either side belongs to at most one passage.
    assert len(original_tokens) == len(set(original_tokens))
    assert len(candidate_tokens) == len(set(candidate_tokens))
    for p in overlap.passages:
        assert 0 <= p.original_start < p.original_end <= len(original)
        assert 0 <= p.candidate_start < p.candidate_end <= len(candidate)
        assert 0.0 <= p.similarity <= 1.0
        assert p.words >= 1 and p.candidate_words >= 1
        assert (p.kind == "verbatim") == (p.similarity == 1.0)
    starts = [p.candidate_start for p in overlap.passages]
    assert starts == sorted(starts)


distinct_words = st.lists(st.sampled_from(EN_WORDS), min_size=6, max_size=80, unique=True)
separators = st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=5)


@SETTINGS
@given(words=distinct_words, seps=separators, min_words=st.integers(1, 6))
def test_identical_texts_reuse_everything(words: list[str], seps: list[str], min_words: int) -> None:
    text = join(words, seps)
    overlap = measure(text, text, MatchOptions(min_words=min_words))
    assert overlap.share_of_original == 1.0
    assert overlap.share_of_candidate == 1.0
    assert overlap.verbatim_share_of_original == 1.0
    assert len(overlap.passages) == 1


@SETTINGS
@given(words=st.lists(st.sampled_from(EN_WORDS[:40]), min_size=6, max_size=60), seps=separators)
def test_identical_texts_with_repeated_words_reuse_everything(words: list[str], seps: list[str]) -> None:
    """Repeats allowed, as long as no trigram is frequent enough to be a stock phrase."""
    trigrams = Counter(zip(words, words[1:], words[2:], strict=False))
    if trigrams and max(trigrams.values()) > MatchOptions().stock_limit:
        return
    text = join(words, seps)
    overlap = measure(text, text)
    assert overlap.share_of_original == 1.0
    assert overlap.share_of_candidate == 1.0


@SETTINGS
@given(original=st.lists(st.sampled_from(EN_WORDS), min_size=0, max_size=80),
       candidate=st.lists(st.sampled_from(RU_WORDS), min_size=0, max_size=80),
       seps=separators, min_words=st.integers(1, 8))
def test_disjoint_vocabularies_reuse_nothing(original: list[str], candidate: list[str], seps: list[str],
                                             min_words: int) -> None:
    overlap = measure(join(original, seps), join(candidate, seps), MatchOptions(min_words=min_words))
    assert overlap.passages == ()
    assert overlap.share_of_original == 0.0
    assert overlap.share_of_candidate == 0.0


@SETTINGS
@given(original=st.text(max_size=300), candidate=st.text(max_size=300), min_words=st.integers(1, 8),
       count_quotes=st.booleans())
def test_arbitrary_unicode_texts_keep_the_invariants(original: str, candidate: str, min_words: int,
                                                     count_quotes: bool) -> None:
    options = MatchOptions(min_words=min_words, count_quotes=count_quotes)
    check_invariants(original, candidate, measure(original, candidate, options))


@st.composite
def related_pair(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """An original from a small vocabulary (so words repeat) and a candidate mixing slices of it with new words."""
    vocabulary = EN_WORDS[: draw(st.integers(3, 60))]
    original = draw(st.lists(st.sampled_from(vocabulary), min_size=0, max_size=90))
    candidate: list[str] = []
    for _ in range(draw(st.integers(0, 5))):
        if original and draw(st.booleans()):
            start = draw(st.integers(0, len(original) - 1))
            end = draw(st.integers(start, len(original)))
            candidate.extend(original[start:end])
        else:
            candidate.extend(draw(st.lists(st.sampled_from(EN_WORDS), max_size=12)))
    return original, candidate


@SETTINGS
@given(pair=related_pair(), seps=separators, quotes=st.sampled_from(["", "“", "«", '"']),
       min_words=st.integers(1, 8), count_quotes=st.booleans())
def test_related_texts_keep_the_invariants(pair: tuple[list[str], list[str]], seps: list[str], quotes: str,
                                           min_words: int, count_quotes: bool) -> None:
    original, candidate = pair
    closing = {"“": "”", "«": "»", '"': '"', "": ""}[quotes]
    candidate_text = join(candidate, [*seps, f" {quotes}", f"{closing} "])
    original_text = join(original, seps)
    options = MatchOptions(min_words=min_words, count_quotes=count_quotes)
    check_invariants(original_text, candidate_text, measure(original_text, candidate_text, options))
    # min_words bounds the strict stage; once a candidate uses the original, shorter runs count too.
    candidate_doc = from_text(candidate_text)
    strict = compare(candidate_doc, from_text(original_text), options, UseOptions(decide=False))
    check_invariants(original_text, candidate_text, strict)
    # The one thing shorter than min_words the strict stage takes: a whole sentence copied word for word
    # next to reused text ("It was a pity.").
    whole = {tuple(range(s, e)) for s, e in candidate_doc.prepared.sentences}
    assert all(p.words >= min_words or (p.kind == "verbatim" and p.candidate_tokens in whole)
               for p in strict.passages)


@SETTINGS
@given(pair=related_pair(), original_gaps=st.lists(st.sampled_from(LAYOUT), min_size=1, max_size=6),
       candidate_gaps=st.lists(st.sampled_from(LAYOUT), min_size=1, max_size=6),
       lead=st.sampled_from(WHITESPACE), trail=st.sampled_from(WHITESPACE))
def test_whitespace_does_not_change_the_result(pair: tuple[list[str], list[str]], original_gaps: list[str],
                                               candidate_gaps: list[str], lead: str, trail: str) -> None:
    original, candidate = pair
    plain = measure(join(original, [" "]), join(candidate, [" "]))
    spaced = measure(lead + join(original, original_gaps) + trail, trail + join(candidate, candidate_gaps) + lead)
    assert spaced.original_words == plain.original_words
    assert spaced.candidate_words == plain.candidate_words
    assert spaced.share_of_original == plain.share_of_original
    assert spaced.share_of_candidate == plain.share_of_candidate
    shape = [(p.words, p.candidate_words, p.kind, p.original_tokens, p.candidate_tokens) for p in plain.passages]
    assert [(p.words, p.candidate_words, p.kind, p.original_tokens, p.candidate_tokens)
            for p in spaced.passages] == shape
