"""Real extractive reuse: BBC News Summary, each summary checked against its own article.

Every summary in the corpus is a handful of sentences picked from its article and run together, mostly
without a space after the full stop ("...from $10.9bn.For the full-year..."). The raw summary file is the
candidate, exactly as a user would have it; the article file is the original. Nearly all of the summary is
reused text, so a method should give share_of_candidate close to 1, and its share_of_original should equal
the share of the article's words in the sentences the summary picked.

The truth comes from sentences, not from any method under test: the article is cut into sentences (at
., ! or ? followed by white space, and at every line break), and a sentence counts as picked when it occurs
verbatim in the summary after white space is collapsed and quote marks are trimmed from its ends, and not
inside a longer word (longest sentences first, so a short one is never taken from inside a long one).
Whatever of the summary is left over (a handful of summaries, where the corpus' own sentence splitter cut
elsewhere, e.g. inside "OutRage!'s") is matched fuzzily: rapidfuzz's partial_ratio alignment against the
sentences not yet fully picked, accepted at 90 or more, counting only the aligned words of the sentence.
True share_of_original = picked words / article words, where words are runs of [^\\W_]+ in the raw file
(title line included, as reusecheck counts it).

For each method (reusecheck's matcher with default MatchOptions, naive word 3-gram containment, copydetect
with filtering off) the script prints the share of summaries with share_of_candidate >= 0.95, the median and
5th percentile of share_of_candidate, and the mean absolute error and mean signed error of share_of_original
against the truth, overall and per topic; then the summary words each method leaves out, by where they
stand in the sentence the summary took, and the summaries reusecheck scores lowest. --spaced adds the same
overall table for the summaries with a space put back after glued full stops; the raw files are the headline.

Run from the repository root: python benchmarks/summaries.py [--corpora PATH] [--limit N] [--spaced]
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from common import DEFAULT_CORPORA, machine_lines, method_of, percentile, record, table
from rapidfuzz import fuzz
from rapidfuzz.distance import ScoreAlignment
from scorers import Scorer, copydetect_scorer, covered_words, reusecheck_scorer, trigram_scorer

from reusecheck.documents.reading import decode
from reusecheck.matching import MatchOptions

TARGET_SHARE = 0.95
"""reusecheck should find at least this share of a summary reused ..."""
TARGET_RATE = 0.95
"""... on at least this share of the summaries."""
FUZZY_CUTOFF = 90.0
"""rapidfuzz partial_ratio (0..100) a left-over stretch of the summary needs to count as a picked sentence."""
FUZZY_MIN_WORDS = 3
"""Left-over stretches of the summary shorter than this, in words, are not matched at all."""

_WORD = re.compile(r"[^\W_]+")
# A sentence ends at ., ! or ? (with any closing quotes or brackets) before white space, or at a line break.
_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s)|\n")
_EDGE = " \t\r\f\v\"'\u201c\u201d\u2018\u2019"
_SPACE = re.compile(r"\s+")
# Sentence-final punctuation glued to the next sentence's capital: after a lower-case letter, a digit or a
# closing mark, so decimals ("10.9bn") and initials ("U.S.") are left alone.
_GLUED = re.compile(r"(?<=[a-z0-9%)\]\"'\u201d\u2019])([.!?][\"'\u201d\u2019)\]]*?)(?=[\"'\u201c\u2018]?[A-Z])")


def methods() -> dict[str, Scorer]:
    """The methods compared; copydetect only when it is installed (the `bench` extra)."""
    chosen: dict[str, Scorer] = {"reusecheck": reusecheck_scorer(), "3-gram containment": trigram_scorer}
    if importlib.util.find_spec("copydetect") is not None:
        chosen["copydetect (k=25, w=1)"] = copydetect_scorer
    return chosen


# Truth -----------------------------------------------------------------------------------------------


@dataclass
class Sentence:
    text: str
    """White space collapsed to single spaces, quote marks and spaces trimmed from both ends."""
    words: int
    picked: set[int] = field(default_factory=set)
    """Offsets (0..words-1) of its words the summary took."""


SHORT = "in a sentence shorter than min_words"
EDGE = "first or last 2 words of a longer sentence"
INSIDE = "inside a longer sentence"
UNEXPLAINED = "in no picked sentence"
WORD_KINDS = (SHORT, EDGE, INSIDE, UNEXPLAINED)
MIN_WORDS = MatchOptions().min_words


@dataclass(frozen=True)
class Truth:
    article_words: int
    picked_words: int
    verbatim_sentences: int
    fuzzy_sentences: int
    word_kinds: tuple[str, ...]
    """For each word of the summary (runs of [^\\W_]+ in the raw text, in order), where it stands: one of
    WORD_KINDS, judged by the picked sentence it lies in, as it occurs in the summary."""

    @property
    def share_of_original(self) -> float:
        return self.picked_words / self.article_words if self.article_words else 0.0

    @property
    def unexplained_words(self) -> int:
        return self.word_kinds.count(UNEXPLAINED)


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text)


def split_sentences(article: str) -> list[Sentence]:
    sentences = []
    pos = 0
    for end in [m.end() for m in _SENTENCE_END.finditer(article)] + [len(article)]:
        text = _collapse(article[pos:end]).strip(_EDGE)
        words = len(_WORD.findall(text))
        if words:
            sentences.append(Sentence(text, words))
        pos = end
    return sentences


def _flatten(summary: str) -> tuple[str, list[int]]:
    """The summary with each run of white space made one space, and where each raw character went in it."""
    flat: list[str] = []
    where: list[int] = []
    pos = 0
    for m in _SPACE.finditer(summary):
        for ch in summary[pos:m.start()]:
            where.append(len(flat))
            flat.append(ch)
        where.extend([len(flat)] * (m.end() - m.start()))
        flat.append(" ")
        pos = m.end()
    for ch in summary[pos:]:
        where.append(len(flat))
        flat.append(ch)
    return "".join(flat), where


def sentence_truth(article: str, summary: str) -> Truth:
    """Which sentences of the article the summary picked, found without any method under test."""
    sentences = split_sentences(article)
    flat, where = _flatten(summary)
    owner = [-1] * len(flat)  # per character of `flat`: the match (index into `matches`) that explains it
    matches: list[tuple[int, int]] = []  # (start, end) in `flat` of each sentence found in the summary
    by_text: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_text.setdefault(sentence.text, []).append(sentence)
    # Longest first, so a short sentence is never taken from inside a longer one; repeated passes let a
    # sentence glued to its neighbour without punctuation match once the neighbour is covered.
    texts = sorted(by_text, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for text in texts:
            free = [s for s in by_text[text] if not s.picked]
            start = flat.find(text)
            while free and start != -1:
                end = start + len(text)
                if max(owner[start:end]) < 0 and _whole_words(flat, owner, start, end):
                    owner[start:end] = [len(matches)] * (end - start)
                    matches.append((start, end))
                    free.pop(0).picked.update(range(by_text[text][0].words))
                    changed = True
                start = flat.find(text, start + 1)
    verbatim = len(matches)
    for start, end in _left_over(flat, owner):
        _fuzzy_pick(flat, owner, matches, start, end, sentences)
    kinds = []
    for m in _WORD.finditer(summary):
        at = where[m.start()]
        if owner[at] < 0:
            kinds.append(UNEXPLAINED)
            continue
        start, end = matches[owner[at]]
        before, after = len(_WORD.findall(flat, start, at)), len(_WORD.findall(flat, at + 1, end))
        if before + after + 1 < MIN_WORDS:
            kinds.append(SHORT)
        else:
            kinds.append(EDGE if min(before, after) < 2 else INSIDE)
    return Truth(len(_WORD.findall(article)), sum(len(s.picked) for s in sentences), verbatim,
                 len(matches) - verbatim, tuple(kinds))


def _whole_words(flat: str, owner: list[int], start: int, end: int) -> bool:
    """The match does not begin or end inside a word, unless it touches an already matched sentence.

    A match of 20 characters or more needs this at one end only (a sentence glued to the next without any
    punctuation, "...Belleville RendezvousDirected by..."), a shorter one at both.
    """
    opens = start == 0 or not flat[start - 1].isalnum() or not flat[start].isalnum() or owner[start - 1] >= 0
    closes = end == len(flat) or not flat[end].isalnum() or not flat[end - 1].isalnum() or owner[end] >= 0
    return (opens or closes) if end - start >= 20 else (opens and closes)


def _left_over(flat: str, owner: list[int]) -> list[tuple[int, int]]:
    """Stretches of the summary no sentence explains yet, of at least FUZZY_MIN_WORDS words."""
    runs = []
    start = None
    for i, who in enumerate([*owner, 0]):
        if who < 0 and start is None:
            start = i
        elif who >= 0 and start is not None:
            if len(_WORD.findall(flat, start, i)) >= FUZZY_MIN_WORDS:
                runs.append((start, i))
            start = None
    return runs


def _fuzzy_pick(flat: str, owner: list[int], matches: list[tuple[int, int]], start: int, end: int,
                sentences: list[Sentence]) -> None:
    """Match the left-over stretch flat[start:end] against unpicked sentences, best first."""
    pending = [(start, end)]
    while pending:
        s, e = pending.pop()
        stretch = flat[s:e]
        best: tuple[Sentence, ScoreAlignment] | None = None
        for sentence in sentences:
            # A sentence partly taken by an earlier fuzzy match stays open: the corpus' splitter sometimes
            # cut one of our sentences in two ("...(and for how long?)They were...") and picked both halves.
            if len(sentence.picked) == sentence.words or sentence.words < FUZZY_MIN_WORDS:
                continue
            al = fuzz.partial_ratio_alignment(sentence.text, stretch, score_cutoff=FUZZY_CUTOFF)
            if al is not None and (best is None or al.score > best[1].score):
                best = (sentence, al)
        if best is None:
            continue
        sentence, al = best  # src is the sentence, dest the stretch; the shorter one is aligned whole
        words = [i for i, m in enumerate(_WORD.finditer(sentence.text)) if al.src_start <= m.start() < al.src_end]
        sentence.picked.update(words or range(sentence.words))
        first, last = s + al.dest_start, s + al.dest_end
        owner[first:last] = [len(matches)] * (last - first)
        matches.append((first, last))
        pending.extend(r for r in _left_over(flat, owner) if s <= r[0] and r[1] <= e)


# Evaluation ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    topic: str
    name: str
    summary_words: int
    truth: Truth
    scores: dict[str, tuple[float, float]]
    """Method name -> (share_of_candidate, share_of_original)."""
    missed: dict[str, Counter[str]]
    """Method name -> summary words outside its candidate spans, counted by where they stand (WORD_KINDS)."""


def pairs(folder: Path) -> list[tuple[str, str]]:
    """(topic, file name) of every article that has a summary, topics taken in turn so a --limit mixes them."""
    by_topic = {
        d.name: sorted(p.name for p in d.glob("*.txt") if (folder / "summaries" / d.name / p.name).is_file())
        for d in sorted((folder / "articles").iterdir()) if d.is_dir()
    }
    ordered: list[tuple[str, str]] = []
    for i in range(max(map(len, by_topic.values()), default=0)):
        ordered.extend((topic, names[i]) for topic, names in by_topic.items() if i < len(names))
    return ordered


def read_text(path: Path) -> str:
    """The file as reusecheck would decode it (one article in the corpus is latin-1, not UTF-8)."""
    text: str = decode(path.read_bytes(), str(path))[0]
    return text


def space_after_stops(summary: str) -> str:
    """The summary with a space put back after sentence-final punctuation glued to the next sentence."""
    return _GLUED.sub(r"\1 ", summary)


def evaluate(folder: Path, limit: int | None = None, *, spaced: bool = False,
             scorers: dict[str, Scorer] | None = None) -> tuple[list[Result], dict[str, float]]:
    """Score every (or the first `limit`) summary against its article; also return seconds spent per method."""
    chosen = scorers or methods()
    seconds = dict.fromkeys(chosen, 0.0)
    results = []
    for topic, name in pairs(folder)[:limit]:
        article = read_text(folder / "articles" / topic / name)
        summary = read_text(folder / "summaries" / topic / name)
        candidate = space_after_stops(summary) if spaced else summary
        truth = sentence_truth(article, summary)
        kinds = truth.word_kinds if not spaced else sentence_truth(article, candidate).word_kinds
        scores = {}
        missed = {}
        for method, scorer in chosen.items():
            started = time.perf_counter()
            scored = scorer(article, candidate)
            seconds[method] += time.perf_counter() - started
            scores[method] = (scored.share_of_candidate, scored.share_of_original)
            hits = covered_words(candidate, scored.candidate_spans)
            missed[method] = Counter(kind for kind, hit in zip(kinds, hits, strict=True) if not hit)
        results.append(Result(topic, name, len(_WORD.findall(summary)), truth, scores, missed))
    return results, seconds


# Tables ----------------------------------------------------------------------------------------------


def _row(label: str, results: Sequence[Result], method: str) -> tuple[object, ...]:
    cand = [r.scores[method][0] for r in results]
    errors = [r.scores[method][1] - r.truth.share_of_original for r in results]
    return (label, len(results), sum(c >= TARGET_SHARE for c in cand) / len(cand), statistics.median(cand),
            percentile(cand, 5), sum(map(abs, errors)) / len(errors), sum(errors) / len(errors))


HEADERS = ("method", "n", f"cand >= {TARGET_SHARE}", "median cand", "p5 cand", "MAE orig", "bias orig")


def truth_table(results: Sequence[Result]) -> str:
    truths = [r.truth for r in results]
    shares = [t.share_of_original for t in truths]
    rows = [
        ("summaries", len(truths)),
        ("sentences matched verbatim", sum(t.verbatim_sentences for t in truths)),
        ("sentences matched fuzzily (partial_ratio >= 90)", sum(t.fuzzy_sentences for t in truths)),
        ("summaries needing a fuzzy match", sum(t.fuzzy_sentences > 0 for t in truths)),
        ("summaries with words left unexplained", sum(t.unexplained_words > 0 for t in truths)),
        ("summary words left unexplained, all summaries", sum(t.unexplained_words for t in truths)),
        ("summary words, all summaries", sum(r.summary_words for r in results)),
        ("article words in the picked sentences, all summaries", sum(t.picked_words for t in truths)),
        ("true share_of_original: median", f"{statistics.median(shares):.3f}"),
        ("true share_of_original: min / max", f"{min(shares):.3f} / {max(shares):.3f}"),
    ]
    return table(("sentence truth", "value"), rows, title="Truth: which article sentences each summary picked")


def tables(results: Sequence[Result], seconds: dict[str, float] | None = None) -> str:
    names = list(results[0].scores)
    overall = table(HEADERS, [_row(name, results, name) for name in names],
                    title=f"All {len(results)} summaries. cand = share_of_candidate; orig error = measured "
                          "share_of_original minus the sentence truth (bias: mean signed error)")
    topics = sorted({r.topic for r in results})
    rows: list[tuple[object, ...]] = []
    for topic in topics:
        group = [r for r in results if r.topic == topic]
        rows.extend(_row(f"{topic}: {name}", group, name) for name in names)
    per_topic = table(("topic: method", *HEADERS[1:]), rows, title="Per topic")
    rc = "reusecheck" if "reusecheck" in names else names[0]
    rate = sum(r.scores[rc][0] >= TARGET_SHARE for r in results) / len(results)
    verdict = (f"Target: {rc} share_of_candidate >= {TARGET_SHARE} on >= {TARGET_RATE:.0%} of summaries: "
               f"{rate:.1%} -> {'met' if rate >= TARGET_RATE else 'NOT met'}")
    out = [truth_table(results), overall, verdict, per_topic, missed_table(results), worst_table(results, rc)]
    if seconds:
        out.append(table(("method", "seconds, all pairs", "ms per pair"),
                         [(n, f"{s:.2f}", f"{1000 * s / len(results):.2f}") for n, s in seconds.items()],
                         title="Time spent scoring (from strings, one pass, not a benchmark)"))
    return "\n\n".join(out)


def record_headlines(results: Sequence[Result]) -> None:
    names = list(results[0].scores)
    record("BBC summaries", f"share of summaries with share_of_candidate >= {TARGET_SHARE}",
           {method_of(n): sum(r.scores[n][0] >= TARGET_SHARE for r in results) / len(results) for n in names},
           higher_is_better=True, target=TARGET_RATE)
    record("BBC summaries", "MAE of share_of_original against the sentence truth",
           {method_of(n): sum(abs(r.scores[n][1] - r.truth.share_of_original) for r in results) / len(results)
            for n in names}, higher_is_better=False)


def missed_table(results: Sequence[Result]) -> str:
    """Summary words each method leaves out, by where they stand in the sentence the summary took."""
    names = list(results[0].scores)
    total = sum(r.summary_words for r in results)
    kinds = Counter(k for r in results for k in r.truth.word_kinds)
    rows = []
    for name in names:
        counts = sum((r.missed[name] for r in results), Counter())
        rows.append((name, sum(counts.values()), *(counts[k] for k in WORD_KINDS)))
    rows.append(("(all summary words)", total, *(kinds[k] for k in WORD_KINDS)))
    return table(("method", "words missed", *WORD_KINDS), rows,
                 title=f"Summary words outside each method's candidate spans, by where they stand in the picked "
                       f"sentence (min_words = {MIN_WORDS}; for reusecheck the spans are the passages' extents)")


def worst_table(results: Sequence[Result], method: str, count: int = 12) -> str:
    ranked = sorted(results, key=lambda r: r.scores[method][0])[:count]
    names = list(results[0].scores)
    rows = [(f"{r.topic}/{r.name}", r.summary_words, r.truth.share_of_original,
             *(r.scores[n][0] for n in names), r.scores[method][1]) for r in ranked]
    return table(("summary", "words", "true orig", *(f"{n} cand" for n in names), f"{method} orig"), rows,
                 title=f"The {count} summaries {method} scores lowest (share_of_candidate)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA,
                        help="folder holding bbc-news-summary/ (default: ../shared/corpora beside the repo)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pairs (topics in turn)")
    parser.add_argument("--spaced", action="store_true",
                        help="also score the summaries with a space put back after each glued full stop")
    args = parser.parse_args(argv)

    folder = args.corpora / "bbc-news-summary"
    if not (folder / "articles").is_dir() or not (folder / "summaries").is_dir():
        print(f"corpus not found at {folder}: nothing to measure (pass --corpora PATH to point at it)")
        return 0

    print("\n".join(machine_lines()))
    print()
    results, seconds = evaluate(folder, args.limit)
    if not results:
        print("no article/summary pairs found")
        return 0
    if importlib.util.find_spec("copydetect") is None:
        print("copydetect is not installed (pip install -e '.[bench]'): its rows are left out")
    print("Headline: the raw summary files as candidates (sentences glued without a space after full stops).")
    print()
    print(tables(results, seconds))
    record_headlines(results)
    if args.spaced:
        spaced, _ = evaluate(folder, args.limit, spaced=True)
        print()
        print("Variant: the same summaries with a space put back after sentence-final punctuation.")
        print()
        names = list(spaced[0].scores)
        print(table(HEADERS, [_row(name, spaced, name) for name in names],
                    title=f"All {len(spaced)} summaries, spaced"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
