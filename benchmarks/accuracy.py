"""Accuracy on the Corpus of Plagiarised Short Answers (Clough & Stevenson, 2011).

Every answer is compared with its task's source by reusecheck and, in the same run, by two baselines:
the naive word-trigram containment the corpus README quotes, and copydetect 0.5 (winnowing over 25-character
k-grams, filtering off; see benchmarks/scorers.py), both as the share of the answer found in the source.
The script prints:

- AUC of reused answers (cut, light, heavy) against independent ones (non), with a bootstrap interval and
  the paired difference against each baseline;
- Spearman's rho of each score against the category order;
- the mean score per category and whether cut >= light > heavy > non holds;
- the accuracy of fixed thresholds mapping a score to 3 classes (non / heavy / light-or-cut) and to
  4 classes, fitted leave-one-task-out, next to the in-sample best, which is optimistic.

Every table is printed twice: on the corpus's own labels, and on corrected labels, where the two answers
labelled `cut` that were copied from another Wikipedia article than their task's source (they share
nothing longer than three words with it; see the corpora README) count as `non`. The headline figures are
those on the corrected labels.

Run from the repository root: python benchmarks/accuracy.py [--corpora PATH] [--min-words N]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from common import (
    DEFAULT_CORPORA,
    OURS,
    auc,
    baseline_words,
    containment,
    machine_lines,
    method_of,
    percentile,
    record,
    spearman,
    table,
)
from scorers import copydetect_scorer

from reusecheck.documents import load_document
from reusecheck.matching import MatchOptions, compare

CATEGORIES = ("non", "heavy", "light", "cut")
REUSED = frozenset({"heavy", "light", "cut"})
# Light and cut both copy the source nearly whole; the corpus authors treat them as hard to tell apart.
TIED_ORDER = {"non": 0, "heavy": 1, "light": 2, "cut": 2}
STRICT_ORDER = {"non": 0, "heavy": 1, "light": 2, "cut": 3}
THREE_CLASSES = {"non": 0, "heavy": 1, "light": 2, "cut": 2}
THREE_NAMES = ("non", "heavy", "light/cut")
FOUR_CLASSES = STRICT_ORDER
BOOTSTRAP_SEED = 20111
MISLABELLED = frozenset({"g2pE_taskc.txt", "g4pD_taskb.txt"})
"""Labelled `cut`, but copied from other text than their task's source: `non` on the corrected labels."""
TRIGRAM = "baseline 3-gram containment"
COPYDETECT = "baseline copydetect (k=25, w=1)"
BASELINES = (TRIGRAM, COPYDETECT)
"""The reference scores every other score is set against; the first is the one the corpus README quotes."""
SHORT_NAMES = {
    "reusecheck share_of_candidate": "rc cand",
    "reusecheck share_of_original": "rc orig",
    "reusecheck copied_share_of_candidate": "rc copied",
    TRIGRAM: "3-gram",
    COPYDETECT: "copydetect",
}


@dataclass(frozen=True)
class Answer:
    file: str
    task: str
    category: str
    scores: dict[str, float]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA,
                        help="folder holding clough-stevenson/ (default: ../shared/corpora beside the repo)")
    parser.add_argument("--min-words", type=int, default=MatchOptions.min_words,
                        help="reusecheck's shortest passage that counts, in words (MatchOptions.min_words)")
    parser.add_argument("--bootstrap", type=int, default=2000, help="bootstrap resamples for the AUC interval")
    args = parser.parse_args(argv)

    folder = args.corpora / "clough-stevenson"
    if not (folder / "file_information.csv").is_file():
        print(f"corpus not found at {folder}: nothing to measure (pass --corpora PATH to point at it)")
        return 0

    options = MatchOptions(min_words=args.min_words)
    with_copydetect = importlib.util.find_spec("copydetect") is not None
    started = time.perf_counter()
    answers = score_corpus(folder, options, with_copydetect=with_copydetect)
    elapsed = time.perf_counter() - started

    names = list(answers[0].scores)
    print("\n".join(machine_lines()))
    print(f"MatchOptions(min_words={options.min_words}); "
          f"{len(answers)} answers scored in {elapsed:.2f} s (all scores)")
    if not with_copydetect:
        print("copydetect is not installed (pip install -e '.[bench]'): its column is left out")
    corrected = corrected_labels(answers)
    for title, labelled in (("the corpus's own labels", answers), ("corrected labels", corrected)):
        print(f"\n=== On {title} ===\n")
        print(auc_table(labelled, names, args.bootstrap))
        print()
        print(per_task_auc_table(labelled, names))
        print()
        print(spearman_table(labelled, names, args.bootstrap))
        print()
        print(means_table(labelled, names))
        print()
        print(threshold_tables(labelled, names))
        print()
        print(hardest_cases(labelled, names[0]))
    record_headlines(corrected, names)
    return 0


def corrected_labels(answers: Sequence[Answer]) -> list[Answer]:
    """The answers with the two mislabelled `cut` answers counted as `non`."""
    return [Answer(a.file, a.task, "non" if a.file in MISLABELLED else a.category, a.scores) for a in answers]


HEADLINE_SCORE = "reusecheck share_of_candidate"


def record_headlines(answers: Sequence[Answer], names: Sequence[str]) -> None:
    """AUC and Spearman (light and cut tied) of reusecheck's share_of_candidate and of each baseline."""
    chosen = [n for n in names if n == HEADLINE_SCORE or method_of(n) != OURS]
    record("Clough-Stevenson", "AUC reused vs non, corrected labels",
           {method_of(n): auc(*_split(answers, n)) for n in chosen}, higher_is_better=True, target=0.985)
    record("Clough-Stevenson", "Spearman, non<heavy<light=cut, corrected labels",
           {method_of(n): spearman([a.scores[n] for a in answers], [TIED_ORDER[a.category] for a in answers])
            for n in chosen}, higher_is_better=True, target=0.82)
    means = {method_of(n): category_means(answers, n) for n in chosen}
    record("Clough-Stevenson", "mean shares ordered cut>=light>heavy>non, corrected labels (1 yes, 0 no)",
           {m: float(ordered(v)) for m, v in means.items()}, higher_is_better=True, target=1)
    record("Clough-Stevenson", "mean copied shares ordered cut>=light>heavy>non, corrected labels (1 yes, 0 no)",
           {OURS: float(ordered(category_means(answers, "reusecheck copied_share_of_candidate")))},
           higher_is_better=True, target=1)


def score_corpus(folder: Path, options: MatchOptions, *, with_copydetect: bool = True) -> list[Answer]:
    with (folder / "file_information.csv").open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["Category"] != "orig"]
    # Load through load_document so that the encoding detection and plain-text reading are exercised.
    originals = {task: load_document(folder / f"orig_task{task}.txt") for task in sorted({r["Task"] for r in rows})}
    source_words = {task: baseline_words(doc.text) for task, doc in originals.items()}
    answers = []
    for row in rows:
        candidate = load_document(folder / row["File"])
        overlap = compare(candidate, originals[row["Task"]], options)
        scores = {
            "reusecheck share_of_candidate": overlap.share_of_candidate,
            "reusecheck share_of_original": overlap.share_of_original,
            "reusecheck copied_share_of_candidate": overlap.copied_share_of_candidate,
            TRIGRAM: containment(baseline_words(candidate.text), source_words[row["Task"]]),
        }
        if with_copydetect:
            scores[COPYDETECT] = copydetect_scorer(originals[row["Task"]].text, candidate.text).share_of_candidate
        answers.append(Answer(row["File"], row["Task"], row["Category"], scores))
    return answers


def _split(answers: Sequence[Answer], name: str) -> tuple[list[float], list[float]]:
    positives = [a.scores[name] for a in answers if a.category in REUSED]
    negatives = [a.scores[name] for a in answers if a.category not in REUSED]
    return positives, negatives


def auc_table(answers: Sequence[Answer], names: Sequence[str], resamples: int) -> str:
    """AUC per score with a stratified bootstrap interval, and the paired difference against each baseline.

    With 57 reused and 38 independent answers, one misranked pair moves the AUC by about 0.0005, so the
    interval says whether a gap to a baseline is more than resampling noise.
    """
    baselines = [name for name in BASELINES if name in names]
    pos_idx = [i for i, a in enumerate(answers) if a.category in REUSED]
    neg_idx = [i for i, a in enumerate(answers) if a.category not in REUSED]
    rng = random.Random(BOOTSTRAP_SEED)
    samples: list[tuple[list[int], list[int]]] = [
        ([rng.choice(pos_idx) for _ in pos_idx], [rng.choice(neg_idx) for _ in neg_idx]) for _ in range(resamples)
    ]

    def auc_of(name: str, pos: Sequence[int], neg: Sequence[int]) -> float:
        return auc([answers[i].scores[name] for i in pos], [answers[i].scores[name] for i in neg])

    boot = {name: [auc_of(name, p, n) for p, n in samples] for name in names}
    points = {name: auc_of(name, pos_idx, neg_idx) for name in names}
    rows = []
    for name in names:
        low, high = percentile(boot[name], 2.5), percentile(boot[name], 97.5)
        rows.append((name, f"{points[name]:.3f}", f"[{low:.3f}, {high:.3f}]",
                     *_differences(name, baselines, points, boot)))
    n_pos, n_neg = len(pos_idx), len(neg_idx)
    return table(
        ("score", "AUC", "95% bootstrap", *(f"minus {SHORT_NAMES[b]} [95%]" for b in baselines)), rows,
        title=f"AUC, reused (cut+light+heavy, n={n_pos}) vs non (n={n_neg}); Mann-Whitney, ties half; "
              f"{resamples} stratified resamples; differences paired on the same resamples",
    )


def _differences(name: str, baselines: Sequence[str], points: dict[str, float],
                 boot: dict[str, list[float]]) -> list[str]:
    """`name`'s figure minus each baseline's, with the 95% interval of the difference over paired resamples."""
    cells = []
    for baseline in baselines:
        if name == baseline:
            cells.append("-")
            continue
        deltas = [x - y for x, y in zip(boot[name], boot[baseline], strict=True)]
        delta = points[name] - points[baseline]
        cells.append(f"{delta:+.3f} [{percentile(deltas, 2.5):+.3f}, {percentile(deltas, 97.5):+.3f}]")
    return cells


def per_task_auc_table(answers: Sequence[Answer], names: Sequence[str]) -> str:
    tasks = sorted({a.task for a in answers})
    rows = []
    for name in names:
        row: list[object] = [name]
        for task in tasks:
            row.append(auc(*_split([a for a in answers if a.task == task], name)))
        rows.append(row)
    return table(("score", *(f"task {t}" for t in tasks)), rows, title="AUC per task (about 19 answers each)")


def spearman_table(answers: Sequence[Answer], names: Sequence[str], resamples: int) -> str:
    """Spearman's rho against both category orders, and the paired bootstrap difference (tied order) against
    each baseline: answers resampled with replacement, every score ranked on the same resample."""
    baselines = [name for name in BASELINES if name in names]
    tied = [TIED_ORDER[a.category] for a in answers]
    rng = random.Random(BOOTSTRAP_SEED)
    samples = [[rng.randrange(len(answers)) for _ in answers] for _ in range(resamples)]

    def rho(name: str, idx: Sequence[int]) -> float:
        return spearman([answers[i].scores[name] for i in idx], [tied[i] for i in idx])

    boot = {name: [rho(name, idx) for idx in samples] for name in names}
    points = {name: rho(name, range(len(answers))) for name in names}
    rows = []
    for name in names:
        scores = [a.scores[name] for a in answers]
        rows.append((name, points[name], spearman(scores, [STRICT_ORDER[a.category] for a in answers]),
                     *_differences(name, baselines, points, boot)))
    return table(("score", "non<heavy<light=cut", "non<heavy<light<cut",
                  *(f"tied minus {SHORT_NAMES[b]} [95%]" for b in baselines)), rows,
                 title=f"Spearman rho of score vs category order (average ranks); differences paired on "
                       f"{resamples} resamples of the answers")


def category_means(answers: Sequence[Answer], name: str) -> dict[str, float]:
    mean = {}
    for category in CATEGORIES:
        values = [a.scores[name] for a in answers if a.category == category]
        mean[category] = sum(values) / len(values)
    return mean


def ordered(mean: dict[str, float]) -> bool:
    return mean["cut"] >= mean["light"] > mean["heavy"] > mean["non"]


def means_table(answers: Sequence[Answer], names: Sequence[str]) -> str:
    rows = []
    for name in names:
        mean = category_means(answers, name)
        rows.append((name, *(mean[c] for c in CATEGORIES), "yes" if ordered(mean) else "NO"))
    counts = {c: sum(a.category == c for a in answers) for c in CATEGORIES}
    return table(("score", *(f"{c} (n={counts[c]})" for c in CATEGORIES), "cut>=light>heavy>non"), rows,
                 title="Mean score per category")


# Fixed thresholds ------------------------------------------------------------------------------------


def fit_thresholds(scores: Sequence[float], labels: Sequence[int], classes: int) -> list[float]:
    """Increasing cut points that map a score to an ordered class with the best training accuracy.

    Exact by dynamic programming over the distinct training scores (a class may end up empty). Where
    several placements tie for the best accuracy, each cut point is put midway between the lowest and
    the highest best placement, so held-out answers are not pushed towards one side by an arbitrary
    tie-break.
    """
    low = _optimal_cuts(scores, labels, classes, prefer_low=True)
    high = _optimal_cuts(scores, labels, classes, prefer_low=False)
    return [_mid(a, b) for a, b in zip(low, high, strict=True)]


def _mid(a: float, b: float) -> float:
    if a == b:
        return a
    if float("-inf") in (a, b) or float("inf") in (a, b):
        return a if abs(a) != float("inf") else b
    return (a + b) / 2


def _optimal_cuts(scores: Sequence[float], labels: Sequence[int], classes: int, *, prefer_low: bool) -> list[float]:
    values = sorted(set(scores))
    counts = [[0] * classes for _ in values]
    where = {v: i for i, v in enumerate(values)}
    for score, label in zip(scores, labels, strict=True):
        counts[where[score]][label] += 1
    # best[g][c]: most correct answers among groups 0..g with group g given class c (classes never decrease).
    best = [counts[0][:]]
    for g in range(1, len(values)):
        prev = best[-1]
        running, row = -1, []
        for c in range(classes):
            running = max(running, prev[c])
            row.append(running + counts[g][c])
        best.append(row)

    def pick(row: list[int], upto: int) -> int:
        top = max(row[: upto + 1])
        hits = [c for c in range(upto + 1) if row[c] == top]
        # Keeping the higher class on the way back stretches it to lower scores, i.e. lower cut points.
        return hits[-1] if prefer_low else hits[0]

    assigned = [0] * len(values)
    c = pick(best[-1], classes - 1)
    for g in range(len(values) - 1, -1, -1):
        assigned[g] = c
        if g:
            c = pick(best[g - 1], c)
    cuts = []
    for k in range(1, classes):
        below = [values[g] for g in range(len(values)) if assigned[g] < k]
        above = [values[g] for g in range(len(values)) if assigned[g] >= k]
        if not below:
            cuts.append(float("-inf"))
        elif not above:
            cuts.append(float("inf"))
        else:
            cuts.append((max(below) + min(above)) / 2)
    return cuts


def classify(score: float, cuts: Sequence[float]) -> int:
    return sum(score >= cut for cut in cuts)


def _accuracy(train: Sequence[Answer], test: Sequence[Answer], name: str, mapping: dict[str, int],
              classes: int) -> tuple[int, int]:
    cuts = fit_thresholds([a.scores[name] for a in train], [mapping[a.category] for a in train], classes)
    return sum(classify(a.scores[name], cuts) == mapping[a.category] for a in test), len(test)


def leave_one_task_out(answers: Sequence[Answer], name: str, mapping: dict[str, int], classes: int) -> float:
    correct = total = 0
    for task in sorted({a.task for a in answers}):
        train = [a for a in answers if a.task != task]
        test = [a for a in answers if a.task == task]
        right, n = _accuracy(train, test, name, mapping, classes)
        correct, total = correct + right, total + n
    return correct / total


def in_sample(answers: Sequence[Answer], name: str, mapping: dict[str, int], classes: int) -> float:
    right, n = _accuracy(answers, answers, name, mapping, classes)
    return right / n


def threshold_tables(answers: Sequence[Answer], names: Sequence[str]) -> str:
    majority = max(sum(a.category == c for a in answers) for c in CATEGORIES) / len(answers)
    rows = []
    cut_rows = []
    for name in names:
        rows.append((
            name,
            leave_one_task_out(answers, name, THREE_CLASSES, 3),
            in_sample(answers, name, THREE_CLASSES, 3),
            leave_one_task_out(answers, name, FOUR_CLASSES, 4),
            in_sample(answers, name, FOUR_CLASSES, 4),
        ))
        scores = [a.scores[name] for a in answers]
        three = fit_thresholds(scores, [THREE_CLASSES[a.category] for a in answers], 3)
        four = fit_thresholds(scores, [FOUR_CLASSES[a.category] for a in answers], 4)
        cut_rows.append((name, *three, *four))
    first = table(
        ("score", "3-class LOTO", "3-class in-sample (optimistic)", "4-class LOTO", "4-class in-sample (optimistic)"),
        rows,
        title="Fixed-threshold accuracy. 3 classes: non / heavy / light-or-cut; 4 classes: non / heavy / light / cut.\n"
              "LOTO: cut points fitted on 4 tasks, applied to the 5th, pooled over the 5 folds. "
              f"Majority-class guess: {majority:.3f}",
    )
    second = table(
        ("score", "3: non|heavy", "3: heavy|light-cut", "4: non|heavy", "4: heavy|light", "4: light|cut"),
        cut_rows, title="Cut points fitted on all 95 answers (the in-sample fit)",
    )
    return first + "\n\n" + second


def hardest_cases(answers: Sequence[Answer], name: str, count: int = 5) -> str:
    """The independent answers scored highest and the reused ones scored lowest: where the AUC is lost."""
    ranked = sorted(answers, key=lambda a: a.scores[name])
    non = [a for a in ranked if a.category not in REUSED][-count:][::-1]
    reused = [a for a in ranked if a.category in REUSED][:count]
    names = list(answers[0].scores)
    rows = [(a.file, a.category, *(a.scores[n] for n in names)) for a in non + reused]
    return table(("file", "category", *(SHORT_NAMES.get(n, n) for n in names)), rows,
                 title=f"Hardest cases by {name}: top-scored non, then lowest-scored reused")


if __name__ == "__main__":
    sys.exit(main())
