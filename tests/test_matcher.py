"""The matcher on invented news texts in English, Russian and Kazakh: shares, passages, options."""

from __future__ import annotations

import unicodedata

import pytest

from reusecheck.documents.model import Document, from_text
from reusecheck.matching import MatchOptions, Overlap, Passage, combined_share, compare
from reusecheck.matching.tokens import tokenize

# Invented stories. Each ORIGINAL has paragraphs separated by blank lines; each NEW is unrelated prose
# on another subject, sharing no run of three words with the ORIGINAL of its language.
EN_ORIGINAL = """The city council of Karaganda approved on Tuesday a plan to build a new tram line linking \
the railway station with the north-eastern industrial district. The project is expected to cost about forty \
billion tenge and take three years to complete.

Deputy mayor Aigerim Sadykova told reporters that the first trams would run along Bukhar Zhyrau Avenue \
before turning east towards the steel works. She said the route had been chosen after a survey of more than \
twelve thousand residents.

Critics argue that the money would be better spent repairing existing roads and heating pipes, many of which \
date from the nineteen sixties. A local transport blogger called the plan "an expensive showcase that ignores \
the suburbs".

The council promised to publish the full tender documents next month and to hold public hearings in every \
district before construction begins in the spring."""

EN_NEW = """Farmers across Kostanay province reported an unusually early harvest of spring wheat this autumn, \
helped by warm weather in August. Grain traders expect prices at regional elevators to fall slightly once the \
first shipments reach Aktobe.

Agronomists warned, however, that dry soil could hurt winter sowing unless rain arrives soon. Several \
cooperatives are now testing drip irrigation borrowed from orchards near Almaty.

Meanwhile, a youth chess tournament held in Semey drew players from eleven countries, and organisers hope to \
make it an annual fixture."""

EN_SECOND = """A new public library opened in Aktau on Monday, offering residents free access to more than \
sixty thousand books in Kazakh, Russian and English. The building, a former cinema on the seafront, was \
restored with money from a regional oil company.

Head librarian Marat Zhunusov said the reading rooms would stay open until ten in the evening so that \
students could prepare for their exams. He added that a children's section with weekly puppet shows would \
open in early December."""

RU_ORIGINAL = """Акимат Шымкента во вторник представил план реконструкции центрального рынка, который не \
ремонтировался с конца девяностых годов. По словам чиновников, работы начнутся в мае и продлятся ещё около \
двух лет.

Заместитель акима Ержан Омаров сообщил журналистам, что торговцев временно переселят в павильоны на соседней \
площади. Он добавил, что арендная плата для них в этот период не повысится.

Часть продавцов опасается потерять постоянных покупателей и просит городские власти сократить сроки \
строительства. Общественный совет обещал «рассмотреть их обращение на ближайшем заседании»."""

RU_NEW = """В Костанайской области завершился сбор ранней пшеницы, и фермеры довольны урожаем. Аграрии \
надеются, что осенние дожди помогут подготовить поля к следующему сезону.

Тем временем в Семее прошёл молодёжный шахматный турнир, на который приехали участники из одиннадцати стран."""

KK_ORIGINAL = """Павлодар облысының әкімдігі сейсенбі күні Ертіс өзенінің жағасында жаңа саябақ салу жобасын \
таныстырды. Жоба бойынша саябақта велосипед жолдары, балалар алаңдары және шағын кітапхана болады.

Облыс әкімінің орынбасары Дәурен Серікбаев жұмыстар келесі жылдың көктемінде басталатынын айтты. Оның \
сөзінше, құрылысқа жергілікті бюджеттен екі миллиард теңге бөлінеді.

Жергілікті тұрғындар жобаны негізінен қолдады, бірақ кейбіреулер ескі ағаштарды кесуге қарсы екенін \
мәлімдеді. Экологтар «жағалаудағы қамыс пен құстардың ұяларын сақтап қалуды» ұсынады."""

KK_NEW = """Қостанай облысында биыл бидай ерте пісіп, диқандар егін жинауды тамыз айында бастады. Астық \
саудагерлері элеваторлардағы баға аздап төмендейді деп күтуде.

Сонымен қатар Семей қаласында өткен жасөспірімдер арасындағы шахмат турниріне он бір елден ойыншылар келді."""

LANGS = {"en": (EN_ORIGINAL, EN_NEW), "ru": (RU_ORIGINAL, RU_NEW), "kk": (KK_ORIGINAL, KK_NEW)}

# Accented letters inside words, where a decomposed (NFD) form puts a combining mark mid-word.
EN_ACCENTED = """Zoë Brontë, the café owner from Montréal, said the résumé of the naïve young chef impressed \
every member of the jury at the festival in Almaty last week."""

# Tolerance on a measured share against the true share of a copied excerpt: where the copy meets new
# text, a coincidentally equal neighbouring word (or one changed word followed by two equal ones) may
# join the passage, or an edge word may be lost. That is at most a couple of words at each end:
# 0.03 of these 60 to 140 word originals is 2 to 4 words.
TOLERANCE = 0.03


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def words(text: str) -> int:
    return len(tokenize(text))


def match(original: str, candidate: str, **options: object) -> Overlap:
    return compare(from_text(candidate, source="candidate.txt"), from_text(original, source="original.txt"),
                   MatchOptions(**options))  # type: ignore[arg-type]


def only(overlap: Overlap) -> Passage:
    assert len(overlap.passages) == 1, overlap.passages
    return overlap.passages[0]


def excerpt(text: str, first: int, end: int) -> str:
    """The text from word `first` up to (not including) word `end`."""
    tokens = tokenize(text)
    return text[tokens.starts[first]:tokens.ends[end - 1]]


# --- sanity of the fixtures ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_new_text_shares_nothing_with_original(lang: str) -> None:
    original, new = LANGS[lang]
    overlap = match(original, new, min_words=3)
    assert overlap.passages == ()
    assert overlap.share_of_original == 0.0
    assert overlap.share_of_candidate == 0.0


# --- verbatim copies and excerpts ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_verbatim_copy_is_one_verbatim_passage(lang: str) -> None:
    original, _new = LANGS[lang]
    overlap = match(original, original)
    assert overlap.share_of_original == 1.0
    assert overlap.share_of_candidate == 1.0
    assert overlap.verbatim_share_of_original == 1.0
    passage = only(overlap)
    assert passage.kind == "verbatim"
    assert passage.similarity == 1.0
    assert passage.words == passage.candidate_words == words(original)
    assert (passage.original_start, passage.candidate_start) == (0, 0)
    assert passage.original_end == passage.candidate_end == len(original.rstrip('."»'))


@pytest.mark.parametrize("lang", LANGS)
def test_copied_paragraph_in_new_text_measures_its_true_share(lang: str) -> None:
    original, new = LANGS[lang]
    copied = paragraphs(original)[1]
    candidate = "\n\n".join([paragraphs(new)[0], copied, paragraphs(new)[1]])
    overlap = match(original, candidate)
    assert overlap.share_of_original == pytest.approx(words(copied) / words(original), abs=TOLERANCE)
    assert overlap.share_of_candidate == pytest.approx(words(copied) / words(candidate), abs=TOLERANCE)
    assert only(overlap).kind == "verbatim"


@pytest.mark.parametrize(("lang", "first", "end"), [
    ("en", 0, 40), ("en", 17, 77), ("en", 50, 120), ("en", 100, 142),
    ("ru", 5, 35), ("ru", 30, 75),
    ("kk", 0, 25), ("kk", 20, 60),
])
def test_copied_excerpt_of_known_size_measures_its_true_share(lang: str, first: int, end: int) -> None:
    """An excerpt that starts and ends mid-sentence, set between paragraphs of new text."""
    original, new = LANGS[lang]
    end = min(end, words(original))
    copied = excerpt(original, first, end)
    candidate = f"{paragraphs(new)[0]}\n\n{copied}\n\n{paragraphs(new)[1]}"
    overlap = match(original, candidate)
    true_share = (end - first) / words(original)
    assert overlap.share_of_original == pytest.approx(true_share, abs=TOLERANCE)
    assert overlap.share_of_candidate == pytest.approx((end - first) / words(candidate), abs=TOLERANCE)
    assert overlap.verbatim_words == overlap.reused_words


def test_two_excerpts_from_one_english_story() -> None:
    first, second = paragraphs(EN_ORIGINAL)[0], paragraphs(EN_ORIGINAL)[3]
    new = paragraphs(EN_NEW)
    candidate = "\n\n".join([new[0], first, new[1], second, new[2]])
    overlap = match(EN_ORIGINAL, candidate)
    true_share = (words(first) + words(second)) / words(EN_ORIGINAL)
    assert overlap.share_of_original == pytest.approx(true_share, abs=TOLERANCE)
    assert len(overlap.passages) == 2


# --- light edits --------------------------------------------------------------------------------------

# (lang, paragraph copied, old, new): one small change to the copied paragraph.
CHANGED_WORD = [("en", 1, "first trams", "first cars"), ("ru", 1, "временно", "ненадолго"),
                ("kk", 1, "айтты", "мәлімдеді")]
TYPO = [("en", 1, "reporters", "reportres"), ("ru", 1, "журналистам", "журналисатм"),
        ("kk", 1, "көктемінде", "көктемінеде")]
DROPPED_WORD = [("en", 1, "the first trams", "the trams"), ("ru", 1, "временно переселят", "переселят"),
                ("kk", 1, "жергілікті бюджеттен", "бюджеттен")]
INSERTED_WORD = [("en", 1, "first trams", "first modern trams"),
                 ("ru", 1, "соседней площади", "соседней городской площади"),
                 ("kk", 1, "екі миллиард", "шамамен екі миллиард")]
RU_QUOTE = "рассмотреть их обращение на ближайшем заседании"
KK_QUOTE = "жағалаудағы қамыс пен құстардың ұяларын сақтап қалуды"
# Changes that leave the normalised words as they were: case, quotes, dashes, ё.
SAME_WORDS = [
    ("en", 1, "Deputy mayor Aigerim Sadykova", "DEPUTY MAYOR AIGERIM SADYKOVA"),
    ("en", 2, '"an expensive showcase that ignores the suburbs"', "“an expensive showcase that ignores the suburbs”"),
    ("en", 0, "north-eastern", "north–eastern"),
    ("en", 0, "north-eastern", "north—eastern"),
    ("en", 0, "north-eastern", "north eastern"),
    ("ru", 1, "Заместитель акима Ержан Омаров", "ЗАМЕСТИТЕЛЬ АКИМА ЕРЖАН ОМАРОВ"),
    ("ru", 0, "ещё", "еще"),
    ("ru", 2, f"«{RU_QUOTE}»", f'"{RU_QUOTE}"'),
    ("ru", 2, f"«{RU_QUOTE}»", f"„{RU_QUOTE}“"),
    ("kk", 1, "Облыс әкімінің орынбасары", "ОБЛЫС ӘКІМІНІҢ ОРЫНБАСАРЫ"),
    ("kk", 2, f"«{KK_QUOTE}»", f"“{KK_QUOTE}”"),
]


def edited_copy(lang: str, index: int, old: str, new: str) -> tuple[str, str, str]:
    """The original, a candidate holding the edited paragraph amid new text, and the unedited paragraph."""
    original, fresh = LANGS[lang]
    copied = paragraphs(original)[index]
    assert copied.count(old) == 1
    candidate = f"{paragraphs(fresh)[0]}\n\n{copied.replace(old, new)}\n\n{paragraphs(fresh)[1]}"
    return original, candidate, copied


@pytest.mark.parametrize(("lang", "index", "old", "new"), CHANGED_WORD + TYPO)
def test_changed_word_or_typo_keeps_an_edited_passage(lang: str, index: int, old: str, new: str) -> None:
    original, candidate, copied = edited_copy(lang, index, old, new)
    passage = only(match(original, candidate))
    assert passage.kind == "edited"
    assert 0.9 < passage.similarity < 1.0
    assert words(copied) - 1 <= passage.words <= words(copied)


@pytest.mark.parametrize(("lang", "index", "old", "new"), CHANGED_WORD + TYPO)
def test_substituted_word_counts_as_edited_reuse(lang: str, index: int, old: str, new: str) -> None:
    """A one-word substitution is a short substitution: the docs say it counts as (edited) reuse."""
    original, candidate, copied = edited_copy(lang, index, old, new)
    passage = only(match(original, candidate))
    assert passage.kind == "edited"
    assert passage.words == words(copied)
    assert passage.candidate_words == words(copied)


@pytest.mark.parametrize(("old", "new", "rewritten"), [
    ("first trams", "initial cars", 0),  # two words replaced: within max_substitution
    ("the first trams would run", "the initial cars would go", 0),  # two short edits in one passage
    ("first trams would", "initial cars should", 3),  # a three-word rewrite is the candidate's own text
    ("told reporters", "said to journalists", 2),  # two words for three: longer than a short substitution
])
def test_only_short_substitutions_count(old: str, new: str, rewritten: int) -> None:
    original, candidate, copied = edited_copy("en", 1, old, new)
    passage = only(match(original, candidate))
    assert passage.kind == "edited"
    assert passage.words == words(copied) - rewritten


def test_max_substitution_widens_what_counts() -> None:
    original, candidate, copied = edited_copy("en", 1, "first trams would", "initial cars should")
    assert only(match(original, candidate, max_substitution=3)).words == words(copied)
    assert only(match(original, candidate, max_substitution=0)).words == words(copied) - 3


@pytest.mark.parametrize(("lang", "index", "old", "new"), DROPPED_WORD)
def test_dropped_word_keeps_an_edited_passage(lang: str, index: int, old: str, new: str) -> None:
    original, candidate, copied = edited_copy(lang, index, old, new)
    passage = only(match(original, candidate))
    assert passage.kind == "edited"
    assert passage.words == words(copied) - 1
    assert passage.candidate_words == words(copied) - 1


@pytest.mark.parametrize(("lang", "index", "old", "new"), INSERTED_WORD)
def test_inserted_word_keeps_an_edited_passage(lang: str, index: int, old: str, new: str) -> None:
    original, candidate, copied = edited_copy(lang, index, old, new)
    passage = only(match(original, candidate))
    assert passage.kind == "edited"
    # Every word of the original paragraph is there; the inserted word is inside the passage as
    # highlighted, so it counts on the candidate's side.
    assert passage.words == words(copied)
    assert passage.candidate_words == words(copied) + 1


@pytest.mark.parametrize(("lang", "index", "old", "new"), SAME_WORDS)
def test_case_quote_dash_and_yo_changes_stay_verbatim(lang: str, index: int, old: str, new: str) -> None:
    """Tokens are normalised (case folded, punctuation dropped, ё folded), so these are verbatim copies."""
    original, candidate, copied = edited_copy(lang, index, old, new)
    passage = only(match(original, candidate))
    assert passage.kind == "verbatim"
    assert passage.similarity == 1.0
    assert passage.words == passage.candidate_words == words(copied)


@pytest.mark.parametrize("text", [EN_ACCENTED, RU_ORIGINAL, KK_ORIGINAL], ids=["en", "ru", "kk"])
@pytest.mark.parametrize(("original_form", "candidate_form"), [("NFC", "NFD"), ("NFD", "NFC")])
def test_composed_and_decomposed_accents_are_the_same_words(text: str, original_form: str,
                                                           candidate_form: str) -> None:
    """Unicode forms are folded: an NFD copy of an NFC text (e.g. saved on macOS) is a verbatim copy."""
    original = unicodedata.normalize(original_form, text)
    candidate = unicodedata.normalize(candidate_form, text)
    assert original != candidate
    overlap = match(original, candidate)
    assert overlap.original_words == overlap.candidate_words
    assert overlap.share_of_original == 1.0
    assert only(overlap).kind == "verbatim"


# --- moved and interleaved text -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_reordered_paragraphs_are_all_found(lang: str) -> None:
    original, _new = LANGS[lang]
    parts = paragraphs(original)
    candidate = "\n\n".join(reversed(parts))
    overlap = match(original, candidate)
    assert overlap.share_of_original == pytest.approx(1.0, abs=TOLERANCE)
    assert overlap.share_of_candidate == pytest.approx(1.0, abs=TOLERANCE)
    assert len(overlap.passages) >= 2


def test_shuffled_english_paragraphs_are_all_found() -> None:
    parts = paragraphs(EN_ORIGINAL)
    candidate = "\n\n".join([parts[2], parts[0], parts[3], parts[1]])
    overlap = match(EN_ORIGINAL, candidate)
    assert overlap.share_of_original == pytest.approx(1.0, abs=TOLERANCE)
    assert overlap.share_of_candidate == pytest.approx(1.0, abs=TOLERANCE)


@pytest.mark.parametrize(("lang", "order"), [
    ("en", (2, 0, 3, 1)), ("en", (3, 2, 1, 0)), ("ru", (2, 0, 1)), ("kk", (2, 0, 1)),
])
def test_reordered_verbatim_paragraphs_stay_verbatim(lang: str, order: tuple[int, ...]) -> None:
    """Paragraphs moved but not edited: every passage is verbatim and pairs a paragraph with itself."""
    original, _new = LANGS[lang]
    parts = paragraphs(original)
    candidate = "\n\n".join(parts[i] for i in order)
    overlap = match(original, candidate)
    assert overlap.verbatim_share_of_original == 1.0
    assert all(p.kind == "verbatim" for p in overlap.passages)
    assert all(p.words == p.candidate_words for p in overlap.passages)


@pytest.mark.parametrize("lang", LANGS)
def test_copied_paragraphs_interleaved_with_new_text(lang: str) -> None:
    original, new = LANGS[lang]
    ours, theirs = paragraphs(original), paragraphs(new)
    pieces = [theirs[0], ours[0], theirs[1], ours[2]]
    candidate = "\n\n".join(pieces)
    overlap = match(original, candidate)
    reused = words(ours[0]) + words(ours[2])
    assert overlap.share_of_original == pytest.approx(reused / words(original), abs=TOLERANCE)
    assert overlap.share_of_candidate == pytest.approx(reused / words(candidate), abs=TOLERANCE)
    assert len(overlap.passages) == 2
    # Passages come in candidate order, each inside the copied paragraph it stands for.
    first, second = overlap.passages
    assert first.candidate_start < second.candidate_start
    start_0 = candidate.index(ours[0])
    start_2 = candidate.index(ours[2])
    assert start_0 <= first.candidate_start < first.candidate_end <= start_0 + len(ours[0])
    assert start_2 <= second.candidate_start < second.candidate_end <= start_2 + len(ours[2])


# --- options ------------------------------------------------------------------------------------------

# A four-word phrase of the original set in a new sentence, with different words on either side.
SHORT_SHARED = {
    "en": ("the railway station with",
           "Taxi drivers waiting near the railway station with umbrellas complained about the sudden storm."),
    "ru": ("план реконструкции центрального рынка",
           "Журналисты обсудили план реконструкции центрального рынка на радио вечером."),
    "kk": ("жаңа саябақ салу жобасын", "Тұрғындар жаңа саябақ салу жобасын кеше талқылады."),
}


@pytest.mark.parametrize("lang", SHORT_SHARED)
def test_min_words_drops_short_shared_runs(lang: str) -> None:
    original, _new = LANGS[lang]
    phrase, candidate = SHORT_SHARED[lang]
    assert words(phrase) == 4
    assert match(original, candidate).passages == ()  # the default is 6
    assert match(original, candidate, min_words=6).share_of_original == 0.0
    assert match(original, candidate, min_words=5).passages == ()
    for min_words in (3, 4):
        overlap = match(original, candidate, min_words=min_words)
        passage = only(overlap)
        assert passage.words == 4
        assert candidate[passage.candidate_start:passage.candidate_end] == phrase
        assert overlap.share_of_original == pytest.approx(4 / words(original))


def test_min_words_must_be_positive() -> None:
    with pytest.raises(ValueError, match="min_words"):
        MatchOptions(min_words=0)


QUOTED = {
    "en-curly": (EN_ORIGINAL, "A blogger wrote on Friday: “Critics argue that the money would be better spent "
                              "repairing existing roads and heating pipes.” Nobody from the mayor office replied."),
    "en-straight": (EN_ORIGINAL, 'A blogger wrote on Friday: "Critics argue that the money would be better spent '
                                 'repairing existing roads and heating pipes." Nobody from the mayor office replied.'),
    "ru-guillemets": (RU_ORIGINAL, "Один из торговцев сказал: «Часть продавцов опасается потерять постоянных "
                                   "покупателей и просит городские власти сократить сроки строительства». "
                                   "Ответа пока нет."),
    "ru-low-high": (RU_ORIGINAL, "Один из торговцев сказал: „Часть продавцов опасается потерять постоянных "
                                 "покупателей и просит городские власти сократить сроки строительства“. "
                                 "Ответа пока нет."),
    "kk-guillemets": (KK_ORIGINAL, "Бір тұрғын былай деді: «Облыс әкімінің орынбасары Дәурен Серікбаев жұмыстар "
                                   "келесі жылдың көктемінде басталатынын айтты». Әкімдік пікір білдірмеді."),
}


@pytest.mark.parametrize("case", QUOTED)
def test_quoted_text_counts_unless_count_quotes_is_off(case: str) -> None:
    original, candidate = QUOTED[case]
    counted = match(original, candidate)
    assert only(counted).words >= 10
    uncounted = match(original, candidate, count_quotes=False)
    assert uncounted.passages == ()
    assert uncounted.share_of_original == 0.0


def test_count_quotes_off_still_counts_unquoted_copy() -> None:
    first, third = paragraphs(EN_ORIGINAL)[0], paragraphs(EN_ORIGINAL)[2].split(". ")[0]
    candidate = f"{first}\n\nA blogger disagreed: “{third}.”"
    with_quotes = match(EN_ORIGINAL, candidate)
    without = match(EN_ORIGINAL, candidate, count_quotes=False)
    assert with_quotes.reused_words == words(first) + words(third)
    assert without.reused_words == words(first)
    assert only(without).candidate_end <= len(first)


STOCK_ORIGINAL = " ".join(
    f"The {n} meeting of the week ended early, according to local officials."
    for n in ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
)


def test_stock_trigram_repeated_in_the_original_does_not_seed() -> None:
    candidate = "Heavy rain flooded the valley roads, according to local officials, and schools were closed."
    # "according to local" and "to local officials" each occur eight times in the original, over the
    # default stock limit of six: no passage, even at min_words=3.
    assert match(STOCK_ORIGINAL, candidate, min_words=3).passages == ()
    # Above the stock limit they would seed: the phrase is then found.
    passage = only(match(STOCK_ORIGINAL, candidate, min_words=3, stock_limit=10))
    assert passage.words == 4
    assert candidate[passage.candidate_start:passage.candidate_end] == "according to local officials"


def test_rare_trigram_still_seeds() -> None:
    original = "The fifth meeting of the week ended early, according to local officials, after a power cut."
    candidate = "Heavy rain flooded the valley roads, according to local officials, and schools were closed."
    assert only(match(original, candidate, min_words=3)).words == 4


# --- offsets ------------------------------------------------------------------------------------------


def scenarios() -> list[tuple[str, str, str]]:
    cases = []
    for lang, (original, new) in LANGS.items():
        ours, theirs = paragraphs(original), paragraphs(new)
        cases.append((f"{lang}-interleaved", original, "\n\n".join([theirs[0], ours[0], theirs[1], ours[2]])))
        cases.append((f"{lang}-reversed", original, "\n\n".join(reversed(ours))))
        cases.append((f"{lang}-excerpt", original, f"{theirs[1]} {excerpt(original, 7, 30)} {theirs[0]}"))
    _lang, index, old, new = CHANGED_WORD[0]
    cases.append(("en-edited", *edited_copy("en", index, old, new)[:2]))
    return cases


@pytest.mark.parametrize(("name", "original", "candidate"), scenarios(), ids=[s[0] for s in scenarios()])
def test_passage_offsets_index_both_texts(name: str, original: str, candidate: str) -> None:
    a, b = from_text(original, source="o"), from_text(candidate, source="c")
    overlap = compare(b, a)
    assert overlap.passages
    for p in overlap.passages:
        assert 0 <= p.original_start < p.original_end <= len(original)
        assert 0 <= p.candidate_start < p.candidate_end <= len(candidate)
        original_span = tokenize(original[p.original_start:p.original_end]).words
        candidate_span = tokenize(candidate[p.candidate_start:p.candidate_end]).words
        # The spans begin and end with the passage's first and last words...
        assert original_span[0] == a.tokens.words[p.original_tokens[0]]
        assert original_span[-1] == a.tokens.words[p.original_tokens[-1]]
        assert candidate_span[0] == b.tokens.words[p.candidate_tokens[0]]
        assert candidate_span[-1] == b.tokens.words[p.candidate_tokens[-1]]
        # ...and hold every word the passage reuses.
        assert len(original_span) >= p.words
        assert len(candidate_span) >= p.candidate_words
        for i in p.original_tokens:
            assert p.original_start <= a.tokens.starts[i] and a.tokens.ends[i] <= p.original_end
        for j in p.candidate_tokens:
            assert p.candidate_start <= b.tokens.starts[j] and b.tokens.ends[j] <= p.candidate_end
        if p.kind == "verbatim":
            assert original_span == candidate_span


def test_offsets_of_a_copy_inside_new_text_point_at_the_copied_words() -> None:
    copied = paragraphs(EN_ORIGINAL)[3]
    candidate = f"{paragraphs(EN_NEW)[0]}\n\n{copied}\n\n{paragraphs(EN_NEW)[2]}"
    passage = only(match(EN_ORIGINAL, candidate))
    start = candidate.index(copied)
    assert candidate[passage.candidate_start:passage.candidate_end] == copied.rstrip(".")
    assert (passage.candidate_start, passage.candidate_end) == (start, start + len(copied) - 1)
    assert EN_ORIGINAL[passage.original_start:passage.original_end] == copied.rstrip(".")


# --- several originals --------------------------------------------------------------------------------


def doc(text: str, source: str) -> Document:
    return from_text(text, source=source)


def test_combined_share_is_the_union_over_two_originals() -> None:
    a, b = paragraphs(EN_ORIGINAL), paragraphs(EN_SECOND)
    first_half = " ".join(a[:2])
    second_half = " ".join(b)
    candidate = doc(f"{first_half}\n\n{second_half}", "candidate.txt")
    assert words(first_half) == words(second_half)  # half from each
    from_a = compare(candidate, doc(EN_ORIGINAL, "a.txt"))
    from_b = compare(candidate, doc(EN_SECOND, "b.txt"))
    assert from_a.share_of_candidate == pytest.approx(0.5, abs=TOLERANCE)
    assert from_b.share_of_candidate == pytest.approx(0.5, abs=TOLERANCE)
    reused, share = combined_share(candidate, [from_a, from_b])
    assert share == pytest.approx(1.0, abs=TOLERANCE)
    assert reused == from_a.reused_candidate_words + from_b.reused_candidate_words  # nothing in common
    assert reused <= candidate.words


SHARED_SENTENCE = "Officials said the work would be paid for entirely from the regional budget without any new loans."


def test_words_reused_from_both_originals_count_once() -> None:
    a = doc(f"{EN_ORIGINAL}\n\n{SHARED_SENTENCE}", "a.txt")
    b = doc(f"{EN_SECOND}\n\n{SHARED_SENTENCE}", "b.txt")
    only_a, only_b = paragraphs(EN_ORIGINAL)[0], paragraphs(EN_SECOND)[0]
    candidate = doc(f"{only_a}\n\n{SHARED_SENTENCE}\n\n{only_b}", "candidate.txt")
    from_a, from_b = compare(candidate, a), compare(candidate, b)
    assert from_a.reused_candidate_words == words(only_a) + words(SHARED_SENTENCE)
    assert from_b.reused_candidate_words == words(only_b) + words(SHARED_SENTENCE)
    reused, share = combined_share(candidate, [from_a, from_b])
    assert reused == words(only_a) + words(SHARED_SENTENCE) + words(only_b) == candidate.words
    assert share == 1.0
    assert from_a.reused_candidate_words + from_b.reused_candidate_words > reused


def test_combined_share_of_nothing() -> None:
    candidate = doc(EN_NEW, "candidate.txt")
    assert combined_share(candidate, []) == (0, 0.0)
    unrelated = compare(candidate, doc(EN_ORIGINAL, "a.txt"))
    assert combined_share(candidate, [unrelated]) == (0, 0.0)


def test_empty_candidate_measures_zero() -> None:
    overlap = compare(doc("", "empty.txt"), doc(EN_ORIGINAL, "a.txt"))
    assert overlap.candidate_words == 0
    assert overlap.share_of_original == overlap.share_of_candidate == 0.0


def sentences(text: str) -> list[str]:
    return [s for s in text.replace("\n\n", " ").split(". ") if s]


def test_typo_next_to_the_edge_of_a_moved_sentence_keeps_the_edge_words() -> None:
    # Sentences shuffled, and a typo in the second word of one: its first word still belongs to the copy,
    # though nothing equal stands before it in the candidate.
    parts = sentences(EN_ORIGINAL)
    edited = parts[1].replace("project is", "projcet is")
    assert edited != parts[1]
    candidate = ". ".join([parts[3], edited, parts[0], parts[2]]) + "."
    overlap = match(EN_ORIGINAL, candidate)
    moved = next(p for p in overlap.passages if "projcet" in candidate[p.candidate_start:p.candidate_end])
    assert candidate[moved.candidate_start:].startswith("The projcet is")
    assert moved.kind == "edited"


def test_a_passage_does_not_take_the_first_word_of_the_next_sentence() -> None:
    # In both texts the copied sentence x is followed by a sentence opening with "The", but not the same
    # one: the "The" after x belongs to z's copy, not to x's.
    x = "The regional court fined the bus company for running old vehicles on the airport route."
    y = "The drivers union welcomed the ruling and asked for an inspection of every depot."
    w = "Weather in the capital stayed mild for most of the week, with light rain on Thursday."
    z = "The company said it would appeal and that new buses had already been ordered from Kostanay."
    original = f"{x} {y} {w} {z}"
    candidate = f"{x} {z}"
    overlap = match(original, candidate)
    assert [original[p.original_start:p.original_end] for p in overlap.passages] == [x[:-1], z[:-1]]


def test_copy_that_changes_sentence_at_a_longer_edit_is_split_there() -> None:
    # "...a deal with [publisher A]. I am..." against "...a deal with [agency B C]. I am...": the two halves
    # sit in different places of the original, so they are two passages, not one edited chain.
    original = ("The winner of the contest gets a deal with the literary agency Curtis Brown and a cash prize. "
                "Judges met in London for two days. I am not going to be the harsh judge on the panel, she said.")
    candidate = ("The finalists may sign a deal with the publisher Harper Collins. I am not going to be the harsh "
                 "judge on the panel, she said. The winner of the contest gets a deal with the literary agency "
                 "Curtis Brown and a cash prize.")
    overlap = match(original, candidate)
    assert overlap.reused_words == words(original) - words("Judges met in London for two days.")


def test_a_sentence_copied_thousands_of_times_counts_as_once() -> None:
    # Only a few repeats of one span of the original are aligned; the others could take nothing more.
    sentence = EN_ORIGINAL.split(". ")[0] + ". "
    few, many = (compare(doc(sentence * n + "Our own closing words.", "c.txt"), doc(EN_ORIGINAL, "a.txt"))
                 for n in (3, 3000))
    assert few.share_of_original == many.share_of_original > 0
    assert few.reused_words == many.reused_words
