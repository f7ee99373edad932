"""Speed of one comparison of two news articles of about 800 words each (BBC News Summary corpus).

Each pair: the original is consecutive BBC articles of one topic run together to about 800 words; the
candidate takes about half of the original's paragraphs, in a new order with a few words changed, and
fills up to about 800 words with paragraphs of an article from another topic. On the same pairs, in the
same run, interleaved so that noise on a shared machine hits every method alike, the script times:

  (a) reusecheck.matching.compare on Documents built beforehand (tokenised once);
  (b) reusecheck from strings: documents.model.from_text for both texts, then compare;
  (c) difflib.SequenceMatcher(None, a, b).get_matching_blocks() on the same word lists as (a);
  (d) naive word-trigram containment on word lists built beforehand;
  (e) the same naive containment from strings (its own tokenising included);
  (f) copydetect from strings: benchmarks/scorers.copydetect_scorer (winnowing fingerprints of 25-character
      k-grams of both raw texts, compare_files, then mapping its slices to word shares); left out when
      copydetect is not installed (pip install -e '.[bench]');

and prints the ratio of the medians of (b) and (f) from the same run.

Then the many-pairs figures, on texts prepared once (reusecheck.matching.prepare: match keys, seed and
word-pair indexes), as a checker of many drafts or an archive scan uses them:

  (p) the time to prepare an original from its string (Document and Prepared);
  (r) a related pair: the pairs above, both texts prepared beforehand (reusecheck.matching.align);
  (u) an unrelated pair: the original of one pair against the original of another, of another topic;
  beside (d), the naive 3-gram containment on word lists built beforehand, timed in the same loop;
  (m) one candidate against 1,000 originals (single BBC articles, the first of which the candidate
      copies from): in process with the originals prepared beforehand and the candidate prepared in the
      timing, and through the command: `reusecheck check CANDIDATE --original A1 ... --original A1000`.

Last, the wall time of whole `reusecheck check` runs of one pair as a subprocess.

Run from the repository root: python benchmarks/speed.py [--corpora PATH] [--pairs 30] [--repeats 5]
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from common import COPYDETECT as COPYDETECT_METHOD
from common import DEFAULT_CORPORA, OURS, TRIGRAM, baseline_words, containment, machine_lines, percentile, record, table
from scorers import copydetect_scorer

from reusecheck.documents import load_document
from reusecheck.documents.model import Document, from_text
from reusecheck.matching import align, compare

# Stand-ins for an editor's small changes; common words, so they never create a match of their own.
SWAPS = ("new", "local", "major", "recent", "several", "senior", "early", "strong", "former", "main")
SOURCE_URL = "https://www.steppecourier.example/news/x"


@dataclass(frozen=True)
class Pair:
    original: str
    candidate: str
    reused_original_words: int
    """Words of the original whose paragraphs the candidate took (before the word changes)."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA,
                        help="folder holding bbc-news-summary/ (default: ../shared/corpora beside the repo)")
    parser.add_argument("--pairs", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=5, help="timed passes over all pairs")
    parser.add_argument("--words", type=int, default=800, help="target length of each text, in words")
    parser.add_argument("--cli-runs", type=int, default=5, help="timed `reusecheck check` subprocess runs")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--archive", type=int, default=1000, help="originals for the one-against-many figure")
    args = parser.parse_args(argv)

    folder = args.corpora / "bbc-news-summary" / "articles"
    if not folder.is_dir():
        print(f"corpus not found at {folder}: nothing to measure (pass --corpora PATH to point at it)")
        return 0

    print("\n".join(machine_lines()))
    print()
    pairs = build_pairs(folder, args.pairs, args.words, random.Random(args.seed))
    print(pair_summary(pairs))
    print()
    print(in_process_table(pairs, args.repeats))
    print()
    print(prepared_table(pairs, args.repeats))
    print()
    print(archive_table(folder, args.archive, args.cli_runs))
    print()
    return cli_table(pairs[0], args.cli_runs)


# Pairs -----------------------------------------------------------------------------------------------


def _paragraphs(path: Path) -> list[str]:
    # Read through load_document so that the texts are exactly what reusecheck would see from a file.
    text = load_document(path).text
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _words(text: str) -> int:
    return len(text.split())


def build_pairs(folder: Path, count: int, target: int, rng: random.Random) -> list[Pair]:
    topics = {d.name: sorted(d.glob("*.txt")) for d in sorted(folder.iterdir()) if d.is_dir()}
    names = sorted(topics)
    pairs = []
    for n in range(count):
        topic = names[n % len(names)]
        files = topics[topic]
        start = rng.randrange(len(files))
        original: list[str] = []
        k = start
        while sum(map(_words, original)) < target:
            for paragraph in _paragraphs(files[k % len(files)]):
                if sum(map(_words, original)) >= target:
                    break
                original.append(paragraph)
            k += 1
        taken = rng.sample(original, k=max(1, len(original) // 2))
        reused = sum(map(_words, taken))
        edited = [_edit(p, rng) for p in taken]
        other_topic = rng.choice([t for t in names if t != topic])
        filler: list[str] = []
        other = topics[other_topic]
        k = rng.randrange(len(other))
        while reused + sum(map(_words, filler)) < target:
            filler.extend(_paragraphs(other[k % len(other)]))
            k += 1
        candidate: list[str] = []
        for paragraph in filler:
            if sum(map(_words, edited + candidate)) >= target:
                break
            candidate.append(paragraph)
        mixed = edited + candidate
        rng.shuffle(mixed)
        pairs.append(Pair("\n\n".join(original), "\n\n".join(mixed), reused))
    return pairs


def _edit(paragraph: str, rng: random.Random) -> str:
    """About one word in twenty-five swapped for another, as a light copy-edit would."""
    words = paragraph.split(" ")
    for _ in range(max(1, len(words) // 25)):
        words[rng.randrange(len(words))] = rng.choice(SWAPS)
    return " ".join(words)


def pair_summary(pairs: Sequence[Pair]) -> str:
    originals = [_words(p.original) for p in pairs]
    candidates = [_words(p.candidate) for p in pairs]
    built = [p.reused_original_words / _words(p.original) for p in pairs]
    measured = [compare(from_text(p.candidate), from_text(p.original)).share_of_original for p in pairs]
    rows = [
        ("original words", *_spread(originals, "{:.0f}")),
        ("candidate words", *_spread(candidates, "{:.0f}")),
        ("share of original taken (built)", *_spread(built, "{:.3f}")),
        ("share_of_original (reusecheck)", *_spread(measured, "{:.3f}")),
    ]
    return table(("pairs", "min", "median", "max"), rows,
                 title=f"{len(pairs)} pairs (whitespace-separated words; 'taken' counts whole paragraphs, "
                       "before the word changes)")


def _spread(values: Sequence[float], fmt: str) -> tuple[str, str, str]:
    return fmt.format(min(values)), fmt.format(statistics.median(values)), fmt.format(max(values))


# In-process timing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    pair: Pair
    original_doc: Document
    candidate_doc: Document
    original_tokens: list[str]
    candidate_tokens: list[str]
    original_words: list[str]
    candidate_words: list[str]


def _prepare(pair: Pair) -> Prepared:
    original, candidate = from_text(pair.original), from_text(pair.candidate)
    return Prepared(pair, original, candidate, list(original.tokens.words), list(candidate.tokens.words),
                    baseline_words(pair.original), baseline_words(pair.candidate))


METHODS: dict[str, Callable[[Prepared], object]] = {
    "(a) reusecheck compare, Documents built": lambda p: compare(p.candidate_doc, p.original_doc),
    "(b) reusecheck from strings": lambda p: compare(from_text(p.pair.candidate), from_text(p.pair.original)),
    "(c) difflib get_matching_blocks": lambda p: difflib.SequenceMatcher(
        None, p.original_tokens, p.candidate_tokens).get_matching_blocks(),
    "(d) naive 3-gram containment, words built": lambda p: containment(p.candidate_words, p.original_words),
    "(e) naive 3-gram containment from strings": lambda p: containment(
        baseline_words(p.pair.candidate), baseline_words(p.pair.original)),
}
REFERENCE = "(c) difflib get_matching_blocks"
RC_STRINGS = "(b) reusecheck from strings"
COPYDETECT = "(f) copydetect from strings"
if importlib.util.find_spec("copydetect") is not None:
    METHODS[COPYDETECT] = lambda p: copydetect_scorer(p.pair.original, p.pair.candidate)


def in_process_table(pairs: Sequence[Pair], repeats: int) -> str:
    prepared = [_prepare(p) for p in pairs]
    for item in prepared:  # warm-up: first calls pay for lazy imports and regex compilation
        for method in METHODS.values():
            method(item)
    times: dict[str, list[float]] = {name: [] for name in METHODS}
    for _ in range(repeats):
        for item in prepared:
            for name, method in METHODS.items():
                started = time.perf_counter()
                method(item)
                times[name].append((time.perf_counter() - started) * 1000)
    reference = statistics.median(times[REFERENCE])
    medians = {name: statistics.median(values) for name, values in times.items()}
    record("Speed", "median ms per compare, Documents built (3-gram: words built)",
           {OURS: medians["(a) reusecheck compare, Documents built"],
            TRIGRAM: medians["(d) naive 3-gram containment, words built"]}, higher_is_better=False, target=5.0)
    record("Speed", "median ms per compare, from strings",
           {OURS: medians[RC_STRINGS], TRIGRAM: medians["(e) naive 3-gram containment from strings"],
            **({COPYDETECT_METHOD: medians[COPYDETECT]} if COPYDETECT in medians else {})},
           higher_is_better=False)
    rows = []
    for name, values in times.items():
        median = statistics.median(values)
        rows.append((name, f"{median:.3f}", f"{percentile(values, 90):.3f}", f"{min(values):.3f}",
                     f"{median / reference:.2f}x"))
    out = table(("method", "median ms", "p90 ms", "min ms", "median vs difflib"), rows,
                title=f"In-process, per comparison: {len(pairs)} pairs x {repeats} repeats = "
                      f"{len(pairs) * repeats} calls per method, time.perf_counter")
    if COPYDETECT in times:
        ours, theirs = statistics.median(times[RC_STRINGS]), statistics.median(times[COPYDETECT])
        out += (f"\n\nreusecheck from strings / copydetect from strings, medians of this run: "
                f"{ours:.3f} ms / {theirs:.3f} ms = {ours / theirs:.2f}")
    else:
        out += "\n\ncopydetect is not installed (pip install -e '.[bench]'): (f) left out"
    return out


# Prepared texts --------------------------------------------------------------------------------------


def prepared_table(pairs: Sequence[Pair], repeats: int) -> str:
    """(p) preparing an original, (r) a related and (u) an unrelated pair of prepared texts, (d) beside them."""
    docs = [(from_text(p.original), from_text(p.candidate)) for p in pairs]
    words = [(baseline_words(p.original), baseline_words(p.candidate)) for p in pairs]
    # Unrelated: pairs are built topic by topic in turn, so the next pair's original is of another topic.
    unrelated = [(docs[i][0], docs[(i + 1) % len(docs)][0]) for i in range(len(docs))]
    unrelated_words = [(words[i][0], words[(i + 1) % len(words)][0]) for i in range(len(words))]
    for original, candidate in docs:
        original.prepared, candidate.prepared  # noqa: B018 - prepared once, as a scan would
    times: dict[str, list[float]] = {name: [] for name in PREPARED_ROWS}
    for _ in range(repeats):
        for i, pair in enumerate(pairs):
            started = time.perf_counter()
            from_text(pair.original).prepared  # noqa: B018
            times["(p) prepare an original from its string"].append(_ms(started))
            for name, (a, b) in (("(r) related pair, prepared", docs[i]),
                                 ("(u) unrelated pair, prepared", unrelated[i])):
                started = time.perf_counter()
                align(a.prepared, b.prepared)
                times[name].append(_ms(started))
            for name, (x, y) in (("(d) 3-gram containment, related, words built", words[i]),
                                 ("(d) 3-gram containment, unrelated, words built", unrelated_words[i])):
                started = time.perf_counter()
                containment(y, x)
                times[name].append(_ms(started))
    medians = {name: statistics.median(values) for name, values in times.items()}
    uses = sum(align(a.prepared, b.prepared).uses_original for a, b in unrelated)
    record("Speed", "median ms, unrelated pair of ~800-word texts, prepared",
           {OURS: medians["(u) unrelated pair, prepared"],
            TRIGRAM: medians["(d) 3-gram containment, unrelated, words built"]}, higher_is_better=False, target=0.3)
    record("Speed", "median ms, related pair of ~800-word texts, prepared",
           {OURS: medians["(r) related pair, prepared"],
            TRIGRAM: medians["(d) 3-gram containment, related, words built"]}, higher_is_better=False, target=2.0)
    rows = [(name, f"{medians[name]:.3f}", f"{percentile(values, 90):.3f}", f"{min(values):.3f}")
            for name, values in times.items()]
    return (table(("step", "median ms", "p90 ms", "min ms"), rows,
                  title=f"Prepared texts: {len(pairs)} pairs x {repeats} repeats, interleaved")
            + f"\n\nunrelated pairs judged to use the original: {uses} of {len(unrelated)}")


PREPARED_ROWS = ("(p) prepare an original from its string", "(r) related pair, prepared",
                 "(u) unrelated pair, prepared", "(d) 3-gram containment, related, words built",
                 "(d) 3-gram containment, unrelated, words built")


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def archive_table(folder: Path, count: int, runs: int) -> str:
    """(m) One candidate against `count` originals, in process and through `reusecheck check`."""
    every = sorted(folder.glob("*/*.txt"))
    texts = [load_document(path).text for path in every[:count]]
    # The candidate takes two paragraphs of the first article, and its own text from an article of
    # another topic that is not in the archive.
    first = [p for p in texts[0].split("\n\n") if p.strip()]
    own = [p for p in load_document(every[-1]).text.split("\n\n") if p.strip()]
    candidate_text = "\n\n".join(first[1:3] + own[1:6])
    originals = [from_text(text) for text in texts]
    for doc in originals:
        doc.prepared  # noqa: B018 - the archive, prepared beforehand
    archive_words = [baseline_words(text) for text in texts]
    ours, naive = [], []
    used = 0
    for _ in range(runs):
        started = time.perf_counter()
        candidate = from_text(candidate_text)
        overlaps = [align(doc.prepared, candidate.prepared) for doc in originals]
        ours.append(time.perf_counter() - started)
        used = sum(o.uses_original for o in overlaps)
        started = time.perf_counter()
        candidate_words = baseline_words(candidate_text)
        for words in archive_words:
            containment(candidate_words, words)
        naive.append(time.perf_counter() - started)
    with tempfile.TemporaryDirectory(prefix="reusecheck-archive-") as tmp:
        root = Path(tmp)
        for n, text in enumerate(texts):
            page = f"---\nurl: https://www.steppecourier.example/a/{n}\n---\n\n{text}\n"
            (root / f"a{n:04d}.md").write_text(page, encoding="utf-8")
        cand = root / "candidate.txt"
        cand.write_text(candidate_text + "\n", encoding="utf-8")
        command = [sys.executable, "-m", "reusecheck", "check", str(cand), "--rules", "steppe-courier",
                   "--format", "json", "--output", str(root / "report.json"),
                   *(a for n in range(len(texts)) for a in ("--original", str(root / f"a{n:04d}.md")))]
        walls, codes = [], set()
        for _ in range(runs):
            wall, code = _run(command)
            walls.append(wall)
            codes.add(code)
        size = (root / "report.json").stat().st_size
    record("Speed", f"seconds, one candidate against {len(texts)} originals, in process (prepared archive)",
           {OURS: statistics.median(ours), TRIGRAM: statistics.median(naive)}, higher_is_better=False, target=0.5)
    record("Speed", f"seconds, one candidate against {len(texts)} originals, through reusecheck check",
           {OURS: statistics.median(walls)}, higher_is_better=False)
    rows = [
        (f"in process, {len(texts)} prepared originals", f"{statistics.median(ours):.3f}", f"{min(ours):.3f}"),
        (f"naive 3-gram containment, {len(texts)} word lists", f"{statistics.median(naive):.3f}",
         f"{min(naive):.3f}"),
        (f"reusecheck check, {len(texts)} --original files", f"{statistics.median(walls):.3f}", f"{min(walls):.3f}"),
    ]
    return (table(("one candidate against many originals", "median s", "min s"), rows,
                  title=f"One candidate against {len(texts)} originals, {runs} runs each; exit codes {sorted(codes)}")
            + f"\n\noriginals the candidate uses: {used} (it copies from one); JSON report {size:,} bytes")


# Command line ----------------------------------------------------------------------------------------


def cli_table(pair: Pair, runs: int) -> int:
    with tempfile.TemporaryDirectory(prefix="reusecheck-bench-") as tmp:
        folder = Path(tmp)
        candidate, original = folder / "candidate.md", folder / "original.txt"
        candidate.write_text(f"---\nsource: {SOURCE_URL}\n---\n\n{pair.candidate}\n", encoding="utf-8")
        original.write_text(pair.original + "\n", encoding="utf-8")
        commands = {
            "reusecheck check (subprocess)": [sys.executable, "-m", "reusecheck", "check", str(candidate),
                                              "--original", str(original), "--rules", "steppe-courier"],
            # What any Python command costs, and what importing the CLI adds, put the total in proportion.
            "python -c pass": [sys.executable, "-c", "pass"],
            "python -c 'import reusecheck.cli'": [sys.executable, "-c", "import reusecheck.cli"],
        }
        rows = []
        codes: set[int] = set()
        for name, command in commands.items():
            first, code = _run(command)  # a cold first run also writes bytecode caches; shown apart
            if name.startswith("reusecheck"):
                codes.add(code)
            walls = []
            for _ in range(runs):
                wall, code = _run(command)
                walls.append(wall)
                if name.startswith("reusecheck"):
                    codes.add(code)
            rows.append((name, f"{statistics.median(walls):.3f}", f"{min(walls):.3f}", f"{max(walls):.3f}",
                         f"{first:.3f}"))
    print(table(("command", "median s", "min s", "max s", "untimed first run s"), rows,
                title=f"Whole command, wall time of {runs} runs after one first run; "
                      f"exit codes of reusecheck check: {sorted(codes)} (0 compliant, 1 violations)"))
    if 2 in codes:
        print("reusecheck check exited 2: the benchmark pair was refused as input")
        return 1
    return 0


def _run(command: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stderr.decode("utf-8", "replace"))
    return wall, done.returncode


if __name__ == "__main__":
    sys.exit(main())
