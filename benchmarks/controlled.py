"""Controlled reuse: candidates generated from BBC News Summary articles, with exact word-level truth.

Every candidate is built from one original article (`articles/<topic>/<nnn>.txt`, title line, then
paragraphs) and, for its new text, from other articles. Nothing is stored: the candidates are derived at
run time from the corpus and a seed, so the same seed gives the same candidates on any machine.

Words. A word is a run of `[^\\W_]+` (letters and digits; apostrophes, hyphens and other punctuation
split words), the same runs reusecheck's tokeniser finds. The truth is one flag per word of the original
(reused or not) and one per word of the candidate (reused from the original, or new); the true
share_of_original is reused original words / original words.

Pieces. A candidate is assembled from pieces, each a word or the "glue" between words (spaces,
punctuation, quote marks). A word piece carries the index of the original word it copies, or none when it
is new, and keeps it through every edit, so the labels follow each word wherever it goes. (A rewritten
sentence is derived as a whole: a word inserted into it is marked derived, reused with no source, and
the original words it leaves out are carried, as covered, by a neighbouring piece.) The text is the
pieces joined (sentences by a space, paragraphs by a blank line); the generator then checks that the
candidate's `[^\\W_]+` runs are exactly its word pieces, in order, and that no original word is taken
twice, so the truth cannot drift from the text.

Sentences are cut at ., ! or ? (with a closing quote or bracket) followed by white space; the title is a
sentence of its own. Originals are articles of 150 to 1,000 words with 6 or more sentences besides the
title, each candidate its own original (the corpus' ~100 repeated articles are read once). New text never
reuses the original: a new sentence is left out when it shares a run of 8 words (or the whole sentence,
when shorter) with the original, which removes BBC follow-up stories that repeat background paragraphs,
while the stock phrases and names of a topic stay in (the hard part); so is one that starts in lower case
(a piece the simple split cut off at a "?" inside a title).

Kinds, in about equal numbers:

- verbatim: a contiguous run of sentences covering 0% to 100% of the original (an even grid over the
  kind's candidates, both ends included), between paragraphs of an article of another topic.
- light-edits: the same with a 10-100% excerpt, then light edits at random. About 6 words in 100 get one
  word edit (on the corpus: typos 1.8%, inserted words 1.3%, case changes 1.2%, dropped words 1.1%,
  synonym swaps 0.5%, fewer as only the words of a small table can be swapped); 15% of the ", " are
  changed and 0.4% of the spaces after a word get a comma. The truth of each edit:
    - typo (a letter changed, dropped or swapped with the next, neither the first nor the last letter, in
      a word of 5 or more letters), synonym swap (e.g. rose -> climbed), case change (first letter, or the
      whole word in capitals), punctuation change (a comma dropped, made a semicolon, or added): the word
      is still reused, on both sides (an edited copy);
    - dropped word: that original word is NOT reused (and is gone from the candidate);
    - inserted word ("also", "reportedly", ...): new in the candidate;
    - curly quotes, in half of the candidates: every straight quote and apostrophe made typographic
      ("AOL's" stays the two words AOL and s): no word changes.
- reordered: 20-100% of the body, its paragraphs shuffled, or its sentences shuffled and regrouped into
  new paragraphs, between paragraphs of another topic.
- interleaved: reused sentences, in order, alternating with new sentences from other articles of the
  SAME topic.
- partial-sentences: 1-4 fragments of the original's sentences (a clause, else a run of words; at least
  8 words and at least 3 words short of the sentence), each joined to a new sentence of the same topic
  ("<new>, while <fragment>.", "<new>; <fragment>." or "<Fragment>, <new>"); quote marks are taken out of
  both. The fragment's words are reused; the joining words are new.
- quotations: 1-3 passages of 1-3 sentences inside quotation marks (curly or straight) with an
  attribution ("..., the report said.", "According to the BBC, ...", "The article noted: ..."), among
  new sentences of the same topic. Quoted copied words are reused; attribution words are new; quote
  marks inside a passage become single quotes and a final full stop may become a comma (punctuation only).
- combined: 20-80% of the body, sentences shuffled, light edits, new same-topic sentences in between.
- negative: paragraphs from 1-3 other articles of the same topic and nothing of the original (truth 0).
- rewritten: a run of body sentences covering 10-70% of the body, each rewritten the way a sub-editor
  rewrites agency copy (rewriting.py: maybe turned round, "X, police said." -> "Police said (that) X.", then
  an edit after every 1-3 untouched words where one reads well: a word swapped, a phrase worded otherwise, a
  word left out or added; where none fits within two words, a filler that reads less well), in their order,
  between paragraphs of another topic (generated last, so that the eight kinds above keep the candidates
  they had). Runs of two equal words survive everywhere, longer runs where nothing fits (names, figures,
  fixed noun phrases): about half of the candidate's word trigrams in rewritten sentences are not in the
  original (52% over the 75 rewritten candidates of the default run, where about 1 word in 10 is inserted
  and 1 in 10 changed). Truth: every word of a rewritten candidate sentence is reused, inserted words
  included, as the sentence as a whole is derived text; on the original side every word of a rewritten
  source sentence is reused (words the rewrite left out too), so the true share is that of the run of
  sentences.

Scoring, for each method on the same candidates: the mean absolute error of share_of_original; word-level
precision and recall on candidate words and on original words, a word being predicted reused when it
overlaps any character span the method reports (reusecheck reports whole passages, so a word dropped
from, or inserted into, a reused passage counts against its precision on that side); the share of right
decisions at a 30% cap (true share > 0.30 against measured share > 0.30); and for negatives the mean and
largest measured share. The targets are about the first eight kinds: the overall figures are given with
and without the rewritten kind (APART), which is the harder check of paraphrase and is reported on its
own. Then the cases reusecheck gets most wrong, among the first eight kinds and among the rewritten
(`--show CASE` prints one, with the original, and the candidate with its reused words in «guillemets»).
The headline figures of every method (common.record, gathered by run_all.py) are the MAE of the verbatim,
reordered, light-edits and rewritten kinds, the right decisions at the cap with and without the rewritten
kind, the negatives' mean and largest share, and word precision and recall on candidate words over all kinds.

Modules: controlled.py (corpus, kinds, generation, scoring, tables), rewriting.py (the rewritten kind's
sentence rewriter) and pieces.py (the pieces both build candidates from).

Run from the repository root:
    python benchmarks/controlled.py [--corpora PATH] [--seed N] [--candidates N] [--min-words N] [--show I]
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import random
import re
import string
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from common import DEFAULT_CORPORA, machine_lines, method_of, record, table
from pieces import LOWERABLE, SYNONYMS, Layout, Line, Piece
from rewriting import rewrite
from scorers import Scored, Scorer, copydetect_scorer, reusecheck_scorer, trigram_scorer

from reusecheck.matching import MatchOptions

KINDS = (
    "verbatim", "light-edits", "reordered", "interleaved",
    "partial-sentences", "quotations", "combined", "negative", "rewritten",
)
"""In the order they are generated (rewritten came last, so the first eight kinds' candidates did not change)."""
APART = frozenset({"rewritten"})
"""Kinds reported apart as well: the overall figures are given with and without them, as the targets are
about the others."""
CAP = 0.30
"""The reuse cap the decision table is about: reused when share_of_original > CAP."""
TARGET_MAE = {"verbatim": 0.02, "reordered": 0.02, "light-edits": 0.04}
TARGET_DECISIONS = 0.98
TARGET_NEGATIVE_MEAN, TARGET_NEGATIVE_MAX = 0.01, 0.05
TARGET_NOT_USED = 0.99
"""Same-topic negatives the use decision must call not used."""
DEFAULT_SEED = 20250
DEFAULT_CANDIDATES = 675

MIN_ORIGINAL_WORDS, MAX_ORIGINAL_WORDS = 150, 1000
"""Originals are articles of this many words (and at least MIN_BODY_SENTENCES body sentences)."""
MIN_BODY_SENTENCES = 6
SHARED_RUN = 8
"""A new sentence sharing a run of this many words with the original is not used as new text."""
EDIT_RATE = 0.06
"""Share of a light-edited sentence's words that get one of the word edits (on average)."""
EDIT_WEIGHTS = {"typo": 3, "swap": 2, "case": 2, "drop": 2, "insert": 2}
"""How often each word edit is picked, among those that fit some word of the sentence."""
COMMA_EDIT_RATE, COMMA_ADD_RATE = 0.15, 0.004
"""Chance that a ", " is changed, and that a plain space between two words gets a comma."""
CURLY_RATE = 0.5
"""Share of light-edited candidates whose straight quotes and apostrophes are all made curly."""
FRAGMENT_MIN, FRAGMENT_SHORT_BY = 8, 3

WORD = re.compile(r"[^\W_]+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"')\]])\s+")

INSERTS = ("also", "now", "still", "reportedly", "indeed", "really", "clearly", "even", "certainly")
_ATTRIBUTION_SUBJECTS = ("the report", "the BBC", "the article", "BBC News", "the original story")
_ATTRIBUTION_VERBS = ("said", "reported", "noted")


T = TypeVar("T")


# Corpus --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    text: str
    paragraph: int
    """Index of its paragraph in the article (0 is the title)."""
    first: int
    """Index, among the article's words, of the sentence's first word."""
    words: tuple[str, ...]
    """Its words, lowercased."""


@dataclass(frozen=True)
class Article:
    key: str
    """<topic>/<nnn>"""
    topic: str
    text: str
    sentences: tuple[Sentence, ...]
    """Every sentence in order, the title first."""
    words: int
    _grams: dict[int, frozenset[tuple[str, ...]]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def body(self) -> list[Sentence]:
        return [s for s in self.sentences if s.paragraph > 0]

    def paragraphs(self) -> list[list[Sentence]]:
        """The body's paragraphs."""
        out: dict[int, list[Sentence]] = {}
        for sentence in self.body:
            out.setdefault(sentence.paragraph, []).append(sentence)
        return list(out.values())

    def shares_run(self, sentence: Sentence) -> bool:
        """Whether `sentence` has a run of SHARED_RUN words (all its words, when shorter) in this article."""
        n = min(SHARED_RUN, len(sentence.words))
        if n not in self._grams:
            words = [w for s in self.sentences for w in s.words]
            self._grams[n] = frozenset(tuple(words[i:i + n]) for i in range(len(words) - n + 1))
        grams = self._grams[n]
        return any(sentence.words[i:i + n] in grams for i in range(len(sentence.words) - n + 1))


def read_article(path: Path, key: str) -> Article:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:  # one file of the corpus is cp1252 ("£" as byte 0xa3)
        text = data.decode("cp1252")
    text = text.rstrip()
    sentences = []
    count = 0
    for paragraph, block in enumerate(b for b in _PARAGRAPH_BREAK.split(text) if b.strip()):
        for part in _SENTENCE_BREAK.split(block.strip()):
            words = tuple(w.lower() for w in WORD.findall(part))
            if words:
                sentences.append(Sentence(part, paragraph, count, words))
                count += len(words)
    if count != len(WORD.findall(text)):
        raise AssertionError(f"{key}: the sentence split lost words")
    return Article(key, key.split("/")[0], text, tuple(sentences), count)


@functools.lru_cache(maxsize=2)
def load_corpus(corpus_dir: Path) -> tuple[Article, ...]:
    """Every article once: a file whose title or text came before (the corpus repeats about 100) is left out.

    Read once per folder (the articles are not changed afterwards)."""
    articles = []
    seen: set[str] = set()
    for path in sorted((corpus_dir / "articles").glob("*/*.txt")):
        article = read_article(path, f"{path.parent.name}/{path.stem}")
        title = article.text.split("\n", 1)[0].strip().lower()
        if title in seen or article.text in seen:
            continue
        seen.update((title, article.text))
        articles.append(article)
    return tuple(articles)


# Pieces and cases ----------------------------------------------------------------------------------
# Piece, Line and Layout are in pieces.py, which the rewriter (rewriting.py) shares.


def pieces(sentence: Sentence, reused: bool) -> Line:
    """The sentence as glue and word pieces; its words copy the original's words when `reused`."""
    out: Line = []
    at = 0
    for k, match in enumerate(WORD.finditer(sentence.text)):
        if match.start() > at:
            out.append(Piece(sentence.text[at:match.start()]))
        out.append(Piece(match.group(), True, sentence.first + k if reused else None))
        at = match.end()
    if at < len(sentence.text):
        out.append(Piece(sentence.text[at:]))
    return out


def new_words(text: str) -> Line:
    """Words of the candidate's own, separated by spaces."""
    out: Line = []
    for word in text.split():
        out += [Piece(" "), Piece(word, True)] if out else [Piece(word, True)]
    return out


@dataclass(frozen=True)
class Case:
    index: int
    kind: str
    original_key: str
    original: str
    candidate: str
    original_reused: tuple[bool, ...]
    """One flag per word of the original."""
    candidate_sources: tuple[int | None, ...]
    """Per word of the candidate: the index of the original word it reuses, or None when it copies none."""
    candidate_reused: tuple[bool, ...]
    """Per word of the candidate: whether it is reused; a word with a source is, and so is a word inserted into
    a rewritten sentence, which has none."""

    @property
    def true_share(self) -> float:
        return sum(self.original_reused) / len(self.original_reused)

    def marked(self) -> str:
        """The candidate with each run of reused words in «guillemets», to look at a case."""
        out: list[str] = []
        at = last_end = 0
        inside = False
        for match, reused in zip(WORD.finditer(self.candidate), self.candidate_reused, strict=True):
            if inside and "\n" in self.candidate[last_end:match.start()]:  # closed at each paragraph's end
                out += [self.candidate[at:last_end], "»"]
                at, inside = last_end, False
            if reused != inside:
                cut = last_end if inside else match.start()
                out += [self.candidate[at:cut], "»" if inside else "«"]
                at, inside = cut, not inside
            last_end = match.end()
        if inside:
            out += [self.candidate[at:last_end], "»"]
            at = last_end
        return "".join(out) + self.candidate[at:]


def assemble(index: int, kind: str, original: Article, layout: Layout) -> Case:
    """The case of a layout, after checking that the candidate's words are exactly its word pieces."""
    paragraphs = [kept for kept in ([line for line in p if line] for p in layout) if kept]
    text = "\n\n".join(" ".join("".join(p.text for p in line) for line in paragraph) for paragraph in paragraphs)
    words = [p for paragraph in paragraphs for line in paragraph for p in line if p.word]
    if WORD.findall(text) != [w.text for w in words]:
        raise AssertionError(f"case {index} ({kind}): the candidate's words are not its word pieces")
    sources = tuple(w.source for w in words)
    taken = [s for s in sources if s is not None] + [i for w in words for i in w.covers]
    used = set(taken)
    if len(used) != len(taken):
        raise AssertionError(f"case {index} ({kind}): an original word is copied twice")
    if any(w.derived and w.source is not None for w in words):
        raise AssertionError(f"case {index} ({kind}): an inserted word has a source")
    reused = tuple(i in used for i in range(original.words))
    candidate_reused = tuple(w.source is not None or w.derived for w in words)
    return Case(index, kind, original.key, original.text, text, reused, sources, candidate_reused)


# Light edits -----------------------------------------------------------------------------------------


def light_edits(rng: random.Random, line: Line) -> Line:
    """Typos, synonym swaps, case changes, dropped and inserted words, and comma changes, at random."""
    plan = _plan_edits(rng, line)
    out: Line = []
    for k, piece in enumerate(line):
        edit = plan.get(k)
        if not piece.word:
            out.append(_edit_glue(rng, line, k))
        elif edit is None:
            out.append(piece)
        elif edit == "drop":
            out.pop()  # the space before it: the glue after it now follows the previous word
        elif edit == "insert":
            out += [Piece(rng.choice(INSERTS), True), Piece(" "), piece]
        else:
            out.append(Piece(_WORD_EDITS[edit](rng, piece.text), True, piece.source))
    return out


def _plan_edits(rng: random.Random, line: Line) -> dict[int, str]:
    """Which word (index into `line`) gets which edit: about EDIT_RATE of the words, the edits by EDIT_WEIGHTS."""
    def fits(edit: str, k: int) -> bool:
        word = line[k].text
        spaced = k >= 2 and line[k - 1].text == " " and line[k - 2].word  # a word, one space, this word
        return {
            "typo": word.isalpha() and len(word) >= 5,
            "swap": word.lower() in SYNONYMS,
            "case": word[0].isalpha() and not word.isupper(),
            "insert": spaced,
            "drop": spaced and word.isalpha() and k + 1 < len(line) and line[k + 1].text == " ",
        }[edit]

    words = [k for k, p in enumerate(line) if p.word]
    eligible = {edit: [k for k in words if fits(edit, k)] for edit in EDIT_WEIGHTS}
    plan: dict[int, str] = {}
    for _ in range(sum(rng.random() < EDIT_RATE for _ in words)):
        edits = [e for e in EDIT_WEIGHTS if any(k not in plan for k in eligible[e])]
        if not edits:
            break
        edit = rng.choices(edits, weights=[EDIT_WEIGHTS[e] for e in edits])[0]
        plan[rng.choice([k for k in eligible[edit] if k not in plan])] = edit
    return plan


def _edit_glue(rng: random.Random, line: Line, k: int) -> Piece:
    piece = line[k]
    between_words = 0 < k < len(line) - 1
    if piece.text == ", " and between_words and rng.random() < COMMA_EDIT_RATE:
        return Piece(rng.choice(("; ", " ")))
    if piece.text == " " and between_words and line[k - 1].text.isalpha() and rng.random() < COMMA_ADD_RATE:
        return Piece(", ")
    return piece


def _typo(rng: random.Random, word: str) -> str:
    at = rng.randrange(1, len(word) - 2)  # neither the first nor the last letter is touched
    how = rng.choice(("change", "drop", "swap") if word[at] != word[at + 1] else ("change", "drop"))
    if how == "drop":
        return word[:at] + word[at + 1:]
    if how == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2:]
    letter = rng.choice([c for c in string.ascii_lowercase if c != word[at].lower()])
    return word[:at] + (letter.upper() if word[at].isupper() else letter) + word[at + 1:]


def _swap(rng: random.Random, word: str) -> str:
    replacement = SYNONYMS[word.lower()]
    if len(word) > 1 and word.isupper():
        return replacement.upper()
    return replacement[0].upper() + replacement[1:] if word[0].isupper() else replacement


def _change_case(rng: random.Random, word: str) -> str:
    if rng.random() < 0.2:
        return word.upper()
    return word[0].lower() + word[1:] if word[0].isupper() else word[0].upper() + word[1:]


_WORD_EDITS: dict[str, Callable[[random.Random, str], str]] = {"typo": _typo, "swap": _swap, "case": _change_case}


def curly_quotes(layout: Layout) -> Layout:
    """Every straight quote and apostrophe made typographic, as a word processor or CMS does."""
    return [[[p if p.word else Piece(_curl(p.text, k == 0)) for k, p in enumerate(line)] for line in paragraph]
            for paragraph in layout]


def _curl(glue: str, starts_sentence: bool) -> str:
    out = []
    for i, ch in enumerate(glue):
        before = glue[i - 1] if i else ("" if starts_sentence else "x")
        opening = before == "" or before.isspace() or before in "([\u2014\u201c\u2018"
        if ch == '"':
            out.append("\u201c" if opening else "\u201d")
        elif ch == "'":
            out.append("\u2018" if opening else "\u2019")
        else:
            out.append(ch)
    return "".join(out)


def without_quotes(line: Line) -> Line:
    """The sentence with its double quote marks taken out, keeping a space between words."""
    out: Line = []
    for k, piece in enumerate(line):
        if piece.word or '"' not in piece.text:
            out.append(piece)
            continue
        text = piece.text.replace('"', "")
        if 0 < k < len(line) - 1 and not text.strip():
            text = " "
        if text:
            out.append(Piece(text))
    return out


# Generation ----------------------------------------------------------------------------------------


class Donors:
    """New text for one candidate: other articles' sentences, in their paragraphs, sharing no run with it.

    Each topic side (the original's topic, or the others) is one stream: text once taken is not given again.
    """

    def __init__(self, rng: random.Random, articles: Sequence[Article], original: Article) -> None:
        order = [a for a in articles if a.key != original.key]
        rng.shuffle(order)
        self.original = original
        self._streams = {same: self._paragraphs(order, same) for same in (True, False)}

    def _paragraphs(self, order: Sequence[Article], same_topic: bool) -> Iterator[tuple[str, list[Line]]]:
        for article in order:
            if (article.topic == self.original.topic) == same_topic:
                for paragraph in article.paragraphs():
                    # A piece of a sentence the simple split cut at a "?" inside a title, lowercase, is left out.
                    kept = [pieces(s, False) for s in paragraph
                            if not s.text[0].islower() and not self.original.shares_run(s)]
                    if kept:
                        yield article.key, kept

    def paragraph(self, same_topic: bool) -> tuple[str, list[Line]]:
        """The next paragraph of new text, with the key of its article."""
        return next(self._streams[same_topic])

    def paragraphs(self, count: int, same_topic: bool) -> list[list[Line]]:
        return [self.paragraph(same_topic)[1] for _ in range(count)]

    def sentences(self, same_topic: bool) -> Iterator[Line]:
        while True:
            yield from self.paragraph(same_topic)[1]


def choose_window(rng: random.Random, lengths: Sequence[int], fraction: float, min_units: int = 1) -> range:
    """A run of consecutive units holding close to `fraction` of all the words (none at 0, all at 1)."""
    if fraction <= 0:
        return range(0)
    if fraction >= 1:
        return range(len(lengths))
    total = sum(lengths)
    target = fraction * total
    windows = []
    for i in range(len(lengths)):
        words = 0
        for j in range(i, len(lengths)):
            words += lengths[j]
            if j - i + 1 >= min_units:
                windows.append((abs(words - target), i, j + 1))
    best = min(w[0] for w in windows)
    _, i, j = rng.choice([w for w in windows if w[0] <= max(best, 0.03 * total)])
    return range(i, j)


def group(rng: random.Random, lines: Sequence[Line], low: int, high: int) -> Layout:
    """Sentences gathered into paragraphs of `low` to `high` sentences."""
    out, at = [], 0
    while at < len(lines):
        size = rng.randint(low, high)
        out.append(list(lines[at:at + size]))
        at += size
    return out


def shuffled(rng: random.Random, items: Sequence[T]) -> list[T]:
    """The items in another order (when there are two or more)."""
    out = list(items)
    for _ in range(10):
        rng.shuffle(out)
        if out != list(items) or len(out) < 2:
            break
    return out


class Builder:
    """The layouts of the kinds for one original; all choices come from `rng`."""

    def __init__(self, rng: random.Random, original: Article, donors: Donors) -> None:
        self.rng = rng
        self.original = original
        self.donors = donors
        self.body = original.body

    def excerpt(self, fraction: float, *, title: bool, min_sentences: int = 1) -> Layout:
        """A contiguous run of reused sentences, paragraphs as in the original."""
        units = list(self.original.sentences if title else self.body)
        window = choose_window(self.rng, [len(s.words) for s in units], fraction, min_sentences)
        paragraphs: dict[int, list[Line]] = {}
        for i in window:
            paragraphs.setdefault(units[i].paragraph, []).append(pieces(units[i], True))
        return list(paragraphs.values())

    def surround(self, middle: Layout) -> Layout:
        """Paragraphs of another topic before and after."""
        before, after = self.rng.randint(0, 2), self.rng.randint(0, 2)
        if not middle:
            before, after = self.rng.randint(1, 2), self.rng.randint(1, 2)
        elif before + after == 0:
            before = 1
        new = self.donors.paragraphs(before + after, same_topic=False)
        return new[:before] + middle + new[before:]

    def verbatim(self, fraction: float) -> Layout:
        return self.surround(self.excerpt(fraction, title=True))

    def light_edits(self) -> Layout:
        excerpt = self.excerpt(self.rng.uniform(0.1, 1), title=True)
        layout = self.surround([[light_edits(self.rng, line) for line in p] for p in excerpt])
        return curly_quotes(layout) if self.rng.random() < CURLY_RATE else layout

    def reordered(self) -> Layout:
        middle = self.excerpt(self.rng.uniform(0.2, 1), title=False, min_sentences=2)
        if len(middle) >= 2 and self.rng.random() < 0.5:
            return self.surround(shuffled(self.rng, middle))
        return self.surround(group(self.rng, shuffled(self.rng, [line for p in middle for line in p]), 1, 3))

    def interleaved(self) -> Layout:
        reused = [line for p in self.excerpt(self.rng.uniform(0.1, 0.7), title=False) for line in p]
        new = self.donors.sentences(same_topic=True)
        lines = [next(new)] if self.rng.random() < 0.5 else []
        for line in reused:
            lines.append(line)
            lines += [next(new) for _ in range(1 if self.rng.random() < 0.7 else 2)]
        return group(self.rng, lines, 2, 4)

    def partial_sentences(self) -> Layout:
        eligible = [s for s in self.body if len(s.words) >= FRAGMENT_MIN + FRAGMENT_SHORT_BY]
        chosen = sorted(self.rng.sample(eligible, min(len(eligible), self.rng.randint(1, 4))), key=lambda s: s.first)
        new = self.donors.sentences(same_topic=True)
        lines = []
        for sentence in chosen:
            lines.append(self._embed(fragment(self.rng, pieces(sentence, True)), next(new)))
            lines += [next(new) for _ in range(self.rng.randint(0, 1))]
        return group(self.rng, lines, 1, 3)

    def _embed(self, part: Line, host: Line) -> Line:
        host = without_quotes(host)
        if not host[-1].word:  # its final punctuation goes; a closing bracket or single quote stays
            rest = host[-1].text.rstrip(".!?,;: ")
            host = host[:-1] + ([Piece(rest)] if rest else [])
        if host[0].word and host[0].text in LOWERABLE and self.rng.random() < 0.4:
            lowered = [Piece(host[0].text.lower(), True)] + host[1:]
            return _first_letter(part, str.upper) + [Piece(", ")] + lowered + [Piece(".")]
        if part[0].text in LOWERABLE:
            part = _first_letter(part, str.lower)
        if self.rng.random() < 0.5:
            return host + [Piece(", ")] + new_words("while") + [Piece(" ")] + part + [Piece(".")]
        return host + [Piece("; ")] + part + [Piece(".")]

    def quotations(self) -> Layout:
        starts = sorted(self.rng.sample(range(len(self.body)), self.rng.randint(1, 3)))
        curly = self.rng.random() < 0.5
        new = self.donors.sentences(same_topic=True)
        paragraphs: Layout = []
        taken_to = 0
        for start in starts:
            start = max(start, taken_to)
            if start >= len(self.body):
                break
            taken_to = min(len(self.body), start + self.rng.randint(1, 3))
            passage: Line = []
            for sentence in self.body[start:taken_to]:
                passage += [Piece(" ")] if passage else []
                passage += [p if p.word else Piece(p.text.replace('"', "'")) for p in pieces(sentence, True)]
            paragraph = [next(new) for _ in range(self.rng.randint(0, 2))]
            paragraph.append(self._attribute(passage, curly))
            paragraph += [next(new) for _ in range(self.rng.randint(0, 1))]
            paragraphs.append(paragraph)
        return paragraphs + [[next(new) for _ in range(self.rng.randint(1, 3))]]

    def _attribute(self, passage: Line, curly: bool) -> Line:
        opening, closing = ("\u201c", "\u201d") if curly else ('"', '"')
        subject = self.rng.choice(_ATTRIBUTION_SUBJECTS)
        verb = self.rng.choice(_ATTRIBUTION_VERBS)
        style = self.rng.choice(("after", "according", "colon"))
        if style == "after":
            if passage[-1].text == ".":
                passage = passage[:-1] + [Piece(",")]
            return [Piece(opening)] + passage + [Piece(closing + " ")] + new_words(f"{subject} {verb}") + [Piece(".")]
        if style == "according":
            return new_words(f"According to {subject}") + [Piece(", " + opening)] + passage + [Piece(closing)]
        lead = new_words(f"{subject} {verb}")
        return _first_letter(lead, str.upper) + [Piece(": " + opening)] + passage + [Piece(closing)]

    def combined(self) -> Layout:
        reused = [line for p in self.excerpt(self.rng.uniform(0.2, 0.8), title=False) for line in p]
        new = self.donors.sentences(same_topic=True)
        lines = []
        for line in shuffled(self.rng, reused):
            lines.append(light_edits(self.rng, line))
            if self.rng.random() < 0.6:
                lines.append(next(new))
        layout = group(self.rng, lines, 2, 4)
        return curly_quotes(layout) if self.rng.random() < CURLY_RATE else layout

    def rewritten(self) -> Layout:
        """A run of body sentences, each rewritten around fragments of its words, among another topic's text."""
        excerpt = self.excerpt(self.rng.uniform(0.1, 0.7), title=False)
        common = frozenset(w for w in WORD.findall(self.original.text) if w.islower())
        return self.surround([[rewrite(self.rng, line, common) for line in p] for p in excerpt])

    def negative(self) -> Layout:
        """Paragraphs of 1-3 other same-topic articles, about as long as the original altogether."""
        articles = self.rng.randint(1, 3)
        target = self.original.words * self.rng.uniform(0.5, 1.2)
        out: Layout = []
        words, used = 0, list[str]()
        while words < target:
            key, paragraph = self.donors.paragraph(same_topic=True)
            if key not in used:
                if len(used) == articles:
                    break
                used.append(key)
            elif words >= target * len(used) / articles:
                continue  # this article has given its share: skip to the next one
            out.append(paragraph)
            words += sum(p.word for line in paragraph for p in line)
        return out


def _first_letter(line: Line, change: Callable[[str], str]) -> Line:
    first = line[0]
    return [Piece(change(first.text[0]) + first.text[1:], first.word, first.source)] + line[1:]


def fragment(rng: random.Random, line: Line) -> Line:
    """A clause of the sentence, else a run of its words: FRAGMENT_MIN or more, FRAGMENT_SHORT_BY fewer than all."""
    positions = [k for k, p in enumerate(line) if p.word]
    n = len(positions)
    longest = n - FRAGMENT_SHORT_BY

    def breaks_before(w: int) -> bool:  # clauses end at , ; : or a dash
        glue = line[positions[w] - 1].text
        return any(c in glue for c in ",;:\u2013\u2014") or " - " in glue

    clauses, start = [], 0
    for w in range(1, n + 1):
        if w == n or breaks_before(w):
            if FRAGMENT_MIN <= w - start <= longest:
                clauses.append((start, w))
            start = w
    if clauses:
        first, end = rng.choice(clauses)
    else:
        size = rng.randint(FRAGMENT_MIN, min(longest, 2 * FRAGMENT_MIN + 4))
        first = rng.randint(0, n - size)
        end = first + size
    return without_quotes(line[positions[first]:positions[end - 1] + 1])


def generate(corpus_dir: Path, seed: int, n: int) -> list[Case]:
    """`n` candidates from the BBC News Summary folder `corpus_dir` (the one holding articles/), kind by kind.

    The kinds get equal numbers (the first ones one more when `n` is not a multiple of len(KINDS)), and each
    candidate has an original of its own while the corpus lasts.
    """
    articles = load_corpus(corpus_dir)
    pool = [a for a in articles
            if MIN_ORIGINAL_WORDS <= a.words <= MAX_ORIGINAL_WORDS and len(a.body) >= MIN_BODY_SENTENCES]
    random.Random(seed).shuffle(pool)
    counts = [n // len(KINDS) + (k < n % len(KINDS)) for k in range(len(KINDS))]
    cases: list[Case] = []
    for kind, count in zip(KINDS, counts, strict=True):
        for position in range(count):
            index = len(cases)
            original = pool[index % len(pool)]
            rng = random.Random(f"{seed}:{index}")
            builder = Builder(rng, original, Donors(rng, articles, original))
            if kind == "verbatim":
                layout = builder.verbatim(position / (count - 1) if count > 1 else 1.0)
            else:
                layout = getattr(builder, kind.replace("-", "_"))()
            cases.append(assemble(index, kind, original, layout))
    return cases


# Evaluation ----------------------------------------------------------------------------------------

Span = tuple[int, int]
REUSECHECK = "reusecheck"


@dataclass(frozen=True)
class Counts:
    """Word decisions against the truth."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class Outcome:
    """One method on one case."""

    measured: float
    """share_of_original."""
    spans: int
    """How many candidate spans the method reported."""
    candidate: Counts
    original: Counts
    uses: bool | None = None
    """Whether the method judged that the candidate uses the original (None: it does not decide)."""


@dataclass(frozen=True)
class Results:
    cases: list[Case]
    outcomes: dict[str, list[Outcome]]
    """Per method, one outcome per case."""
    seconds: dict[str, float]
    """Per method, time spent scoring all the cases."""


def word_spans(text: str) -> list[Span]:
    return [m.span() for m in WORD.finditer(text)]


def covered(words: Sequence[Span], spans: Sequence[Span]) -> list[bool]:
    """For each word (in text order), whether it overlaps any of the spans."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, j = [], 0
    for start, end in words:
        while j < len(merged) and merged[j][1] <= start:
            j += 1
        out.append(j < len(merged) and merged[j][0] < end)
    return out


def counts(truth: Sequence[bool], predicted: Sequence[bool]) -> Counts:
    tp = sum(t and p for t, p in zip(truth, predicted, strict=True))
    return Counts(tp, sum(predicted) - tp, sum(truth) - tp)


def evaluate(cases: Sequence[Case], methods: dict[str, Scorer]) -> Results:
    """Every method on every case, with the word decisions on both sides counted against the truth."""
    outcomes: dict[str, list[Outcome]] = {name: [] for name in methods}
    seconds = dict.fromkeys(methods, 0.0)
    for case in cases:
        original_words, candidate_words = word_spans(case.original), word_spans(case.candidate)
        for name, scorer in methods.items():
            started = time.perf_counter()
            scored: Scored = scorer(case.original, case.candidate)
            seconds[name] += time.perf_counter() - started
            outcomes[name].append(Outcome(
                scored.share_of_original,
                len(scored.candidate_spans),
                counts(case.candidate_reused, covered(candidate_words, scored.candidate_spans)),
                counts(case.original_reused, covered(original_words, scored.original_spans)),
                scored.uses,
            ))
    return Results(list(cases), outcomes, seconds)


# Tables --------------------------------------------------------------------------------------------


def _ratio(part: int, whole: int) -> float | str:
    return part / whole if whole else "-"


def _overall(cases: Sequence[Case]) -> list[tuple[str, list[int]]]:
    """The overall groups: every candidate, and (when both are there) those of the kinds not reported APART."""
    everything = list(range(len(cases)))
    kept = [i for i, c in enumerate(cases) if c.kind not in APART]
    if not kept or len(kept) == len(cases):
        return [("all", everything)]
    return [("all", everything), (f"all but {', '.join(sorted(APART))}", kept)]


def _rows_by_kind(results: Results) -> list[tuple[str, list[int]]]:
    groups = [(kind, [i for i, c in enumerate(results.cases) if c.kind == kind]) for kind in KINDS]
    return [g for g in groups if g[1]] + _overall(results.cases)


def _mae(results: Results, name: str, members: Sequence[int]) -> float:
    outcomes, cases = results.outcomes[name], results.cases
    return sum(abs(outcomes[i].measured - cases[i].true_share) for i in members) / len(members)


def _right(results: Results, name: str, members: Sequence[int]) -> int:
    outcomes, cases = results.outcomes[name], results.cases
    return sum((outcomes[i].measured > CAP) == (cases[i].true_share > CAP) for i in members)


def mae_table(results: Results) -> str:
    names = list(results.outcomes)
    rows = []
    for kind, members in _rows_by_kind(results):
        true = sum(results.cases[i].true_share for i in members) / len(members)
        target = f"<= {TARGET_MAE[kind]:.2f}" if kind in TARGET_MAE else ""
        rows.append((kind, len(members), true, *(_mae(results, n, members) for n in names), target))
    return table(("kind", "n", "true share", *names, "target"), rows,
                 title="share_of_original: mean absolute error against the truth")


def method_table(results: Results, name: str) -> str:
    outcomes, cases = results.outcomes[name], results.cases
    rows = []
    for kind, members in _rows_by_kind(results):
        cand = sum((outcomes[i].candidate for i in members), Counts())
        orig = sum((outcomes[i].original for i in members), Counts())
        rows.append((
            kind, len(members),
            sum(cases[i].true_share for i in members) / len(members),
            sum(outcomes[i].measured for i in members) / len(members),
            _mae(results, name, members),
            max(abs(outcomes[i].measured - cases[i].true_share) for i in members),
            _ratio(cand.tp, cand.tp + cand.fp), _ratio(cand.tp, cand.tp + cand.fn),
            _ratio(orig.tp, orig.tp + orig.fp), _ratio(orig.tp, orig.tp + orig.fn),
            _right(results, name, members) / len(members),
        ))
    return table(
        ("kind", "n", "true share", "measured", "MAE", "max error", "cand P", "cand R", "orig P", "orig R",
         f"right @{CAP:.0%}"),
        rows,
        title=f"{name}: share_of_original, and word precision (P) / recall (R) pooled over the kind's words, "
              "on the candidate's words and the original's ('-': no words to count)",
    )


def decision_table(results: Results) -> str:
    """Right decisions at the cap for each method, overall (with and without the kinds reported APART) and for
    each of those kinds alone."""
    cases = results.cases
    groups = _overall(cases) + [(kind, members) for kind, members in _rows_by_kind(results) if kind in APART]
    rows = []
    for scope, members in groups:
        above = sum(cases[i].true_share > CAP for i in members)
        near = sum(abs(cases[i].true_share - CAP) <= 0.05 for i in members)
        for name, outcomes in results.outcomes.items():
            flagged = sum(outcomes[i].measured > CAP >= cases[i].true_share for i in members)
            missed = sum(cases[i].true_share > CAP >= outcomes[i].measured for i in members)
            right = len(members) - flagged - missed
            rows.append((name, scope, len(members), above, near, right, flagged, missed, right / len(members)))
    return table(
        ("method", "candidates", "n", "truly over", "within 5 points", "right", f"over the cap, truly <= {CAP:.0%}",
         f"under the cap, truly > {CAP:.0%}", "share right"),
        rows,
        title=f"Decisions at a {CAP:.0%} cap (share_of_original > {CAP:.2f}); target >= {TARGET_DECISIONS:.0%} "
              f"right on the candidates but the {', '.join(sorted(APART))} kind, which is reported apart",
    )


def negative_lines(results: Results) -> list[str]:
    members = [i for i, c in enumerate(results.cases) if c.kind == "negative"]
    if not members:
        return []
    lines = [f"Negatives ({len(members)} candidates of the same topic, no reuse; "
             f"target mean <= {TARGET_NEGATIVE_MEAN:.2f}, max <= {TARGET_NEGATIVE_MAX:.2f}):"]
    for name, outcomes in results.outcomes.items():
        shares = [outcomes[i].measured for i in members]
        flagged = sum(s > 0 for s in shares)
        used = [outcomes[i].uses for i in members]
        decided = "" if None in used else (f"; judged to use the original in {sum(map(bool, used))} of {len(used)} "
                                           f"(target: not used in >= {TARGET_NOT_USED:.0%})")
        lines.append(f"  {name}: mean share_of_original {sum(shares) / len(shares):.4f}, "
                     f"max {max(shares):.4f}, above 0 in {flagged} of {len(shares)}{decided}")
    others = [i for i, c in enumerate(results.cases) if c.kind != "negative"]
    for name, outcomes in results.outcomes.items():
        used = [outcomes[i].uses for i in others]
        if used and None not in used:
            missed = [results.cases[i] for i in others if not outcomes[i].uses]
            lines.append(f"  {name}: the other candidates, which all reuse their original, judged to use it in "
                         f"{sum(map(bool, used))} of {len(used)}"
                         + (f" (not: {', '.join(sorted({c.kind for c in missed}))})" if missed else ""))
    return lines


def worst_table(results: Results, name: str = REUSECHECK, count: int = 5, apart: bool = False) -> str:
    """The cases `name` gets most wrong among the kinds reported APART (`apart`), or among the others."""
    cases, outcomes = results.cases, results.outcomes[name]
    members = [i for i, c in enumerate(cases) if (c.kind in APART) == apart]
    order = sorted(members, key=lambda i: -abs(outcomes[i].measured - cases[i].true_share))
    rows = [(c.index, c.kind, c.original_key, c.true_share, o.measured, o.measured - c.true_share,
             len(c.original_reused), len(c.candidate_sources), o.spans)
            for c, o in ((cases[i], outcomes[i]) for i in order[:count])]
    which = ", ".join(sorted(APART)) if apart else "all but " + ", ".join(sorted(APART))
    return table(("case", "kind", "original", "true", "measured", "error", "orig words", "cand words", "passages"),
                 rows, title=f"The {count} cases ({which}) {name} gets most wrong (show one with --show CASE)")


def tables(results: Results) -> str:
    """Everything the benchmark prints about the results, as text."""
    cases = results.cases
    timing = ", ".join(f"{name} {s:.1f} s" for name, s in results.seconds.items())
    per_kind = ", ".join(f"{kind} {sum(c.kind == kind for c in cases)}" for kind in KINDS)
    parts = [
        f"{len(cases)} candidates ({per_kind}) from {len({c.original_key for c in cases})} distinct originals; "
        f"scoring time: {timing}",
        mae_table(results),
        *(method_table(results, name) for name in results.outcomes),
        decision_table(results),
        "\n".join(negative_lines(results)),
    ]
    if REUSECHECK in results.outcomes:
        parts += [worst_table(results, apart=apart) for apart in (False, True)
                  if any((c.kind in APART) == apart for c in cases)]
    return "\n\n".join(parts)


# Headline figures ------------------------------------------------------------------------------------

BENCHMARK = "Controlled"
"""The benchmark's name in the headline figures (common.record), which run_all.py gathers."""


def record_headlines(results: Results) -> None:
    """Every method's headline figures: the MAE of the kinds with targets and of the rewritten kind, the right
    decisions at the cap with and without the kinds reported APART, the negatives' shares, and the word F1 on
    candidate words over all kinds (pooled as in method_table's "all" row, whose precision and recall it
    combines: one figure, so that a method cannot lead by flagging less)."""
    cases, names = results.cases, list(results.outcomes)
    by_kind = dict(_rows_by_kind(results))

    def each(name: str, members: Sequence[int], figure: Callable[[str, Sequence[int]], float | None], *,
             higher_is_better: bool, target: float | None = None) -> None:
        if not members:
            return
        values = {method_of(n): value for n in names if (value := figure(n, members)) is not None}
        record(BENCHMARK, name, values, higher_is_better=higher_is_better, target=target)

    def mae(name: str, members: Sequence[int]) -> float:
        return _mae(results, name, members)

    def right(name: str, members: Sequence[int]) -> float:
        return _right(results, name, members) / len(members)

    def negative_mean(name: str, members: Sequence[int]) -> float:
        return sum(results.outcomes[name][i].measured for i in members) / len(members)

    def negative_max(name: str, members: Sequence[int]) -> float:
        return max(results.outcomes[name][i].measured for i in members)

    def candidate_words(name: str, members: Sequence[int]) -> Counts:
        return sum((results.outcomes[name][i].candidate for i in members), Counts())

    def f1(name: str, members: Sequence[int]) -> float | None:
        pooled = candidate_words(name, members)
        flagged_or_true = 2 * pooled.tp + pooled.fp + pooled.fn
        return 2 * pooled.tp / flagged_or_true if flagged_or_true else None

    for kind in ("verbatim", "reordered", "light-edits", *sorted(APART)):
        each(f"MAE of share_of_original, {kind}", by_kind.get(kind, []), mae, higher_is_better=False,
             target=TARGET_MAE.get(kind))
    apart = ", ".join(sorted(APART))
    kept = [i for i, c in enumerate(cases) if c.kind not in APART]
    each(f"decisions right at a {CAP:.0%} cap, all kinds but {apart}", kept, right, higher_is_better=True,
         target=TARGET_DECISIONS)
    each(f"decisions right at a {CAP:.0%} cap, {apart}", [i for i, c in enumerate(cases) if c.kind in APART],
         right, higher_is_better=True)
    negatives = by_kind.get("negative", [])
    each("same-topic negatives: mean share_of_original", negatives, negative_mean, higher_is_better=False,
         target=TARGET_NEGATIVE_MEAN)
    each("same-topic negatives: max share_of_original", negatives, negative_max, higher_is_better=False,
         target=TARGET_NEGATIVE_MAX)

    def not_used(name: str, members: Sequence[int]) -> float | None:
        used = [results.outcomes[name][i].uses for i in members]
        return None if None in used else 1 - sum(map(bool, used)) / len(used)

    each("same-topic negatives: share judged not to use the original", negatives, not_used, higher_is_better=True,
         target=TARGET_NOT_USED)
    everything = range(len(cases))
    each("word F1 on candidate words, all kinds", everything, f1, higher_is_better=True)


# Command line --------------------------------------------------------------------------------------


def methods(options: MatchOptions) -> tuple[dict[str, Scorer], list[str]]:
    """The methods to compare, and notes on any left out."""
    chosen: dict[str, Scorer] = {REUSECHECK: reusecheck_scorer(options), "3-gram containment": trigram_scorer}
    notes: list[str] = []
    if importlib.util.find_spec("copydetect") is not None:
        chosen["copydetect (k=25, w=1)"] = copydetect_scorer
    else:
        notes.append("copydetect is not installed (pip install -e '.[bench]'): its column is left out")
    return chosen, notes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA,
                        help="folder holding bbc-news-summary/ (default: ../shared/corpora beside the repo)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the generator")
    parser.add_argument("--candidates", type=int, default=DEFAULT_CANDIDATES,
                        help=f"how many candidates, split evenly over the {len(KINDS)} kinds")
    parser.add_argument("--min-words", type=int, default=MatchOptions.min_words,
                        help="reusecheck's shortest passage that counts, in words (MatchOptions.min_words)")
    parser.add_argument("--show", type=int, metavar="CASE",
                        help="print one generated case (the original, the candidate with reused words in «»), "
                             "then stop")
    args = parser.parse_args(argv)

    folder = args.corpora / "bbc-news-summary"
    if not (folder / "articles").is_dir():
        print(f"corpus not found at {folder}: nothing to measure (pass --corpora PATH to point at it)")
        return 0
    if args.candidates < len(KINDS):
        parser.error(f"--candidates must be at least {len(KINDS)}")

    started = time.perf_counter()
    cases = generate(folder, args.seed, args.candidates)
    generated = time.perf_counter() - started
    if args.show is not None:
        case = cases[args.show]
        print(f"case {case.index}: {case.kind}, original {case.original_key}, true share {case.true_share:.4f}")
        print(f"\n--- original ---\n{case.original}\n\n--- candidate ---\n{case.marked()}")
        return 0

    options = MatchOptions(min_words=args.min_words)
    chosen, notes = methods(options)
    results = evaluate(cases, chosen)
    print("\n".join(machine_lines()))
    print(f"seed {args.seed}; MatchOptions(min_words={options.min_words}); generated in {generated:.1f} s")
    for note in notes:
        print(note)
    print()
    print(tables(results))
    record_headlines(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
