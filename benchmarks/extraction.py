"""Article extraction from HTML pages: reusecheck against trafilatura alone and a tag stripper.

Two sets of pages, each NAME.html with its true article text in NAME.txt (see benchmarks/extraction/README.md
for what counts as the article): the dev set in benchmarks/extraction/pages, on which the extraction rules
were settled, and the held-out set in benchmarks/extraction/holdout, written afterwards. Three methods run
on every page in the same pass, each on the same decoded text of the page:

- reusecheck: the counted text of the Document (reusecheck.documents.parse_document, as load_document
  does after reading and decoding the file);
- trafilatura: trafilatura.extract(html) with its default options;
- tag stripper: all text of <body> except <script> and <style> (selectolax).

Scores are word-level: the multiset overlap of normalised words (reusecheck.matching.tokens' normal form) between the
extracted and the true text gives precision, recall and F1, micro-averaged over the pages (sums of overlaps
and words) and as the mean of the per-page figures. Times are the median per page of each method, in
milliseconds, from --repeats interleaved runs. The target, micro F1 >= 0.95 and at least trafilatura's, is
for the dev set.

Run from the repository root: python benchmarks/extraction.py [--pages DIR ...] [--repeats 5] [--page NAME]
[--show]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import trafilatura
from common import OURS, machine_lines, record, table
from selectolax.lexbor import LexborHTMLParser

from reusecheck.documents import parse_document
from reusecheck.documents.reading import decode
from reusecheck.errors import InputError
from reusecheck.matching.tokens import WORD_RE, normalise_word

HERE = Path(__file__).resolve().parent / "extraction"
SETS = {"pages": "dev set", "holdout": "held-out"}
TRAFILATURA, STRIPPER = "trafilatura", "tag stripper"
METHODS = (OURS, TRAFILATURA, STRIPPER)
F1_TARGET = 0.95


def reusecheck_text(html: str, source: str) -> str:
    try:
        doc = parse_document(html, source, "html")
    except InputError:
        return ""
    return "\n".join(doc.text[start:end] for start, end in doc.counted)


def trafilatura_text(html: str, _source: str) -> str:
    return trafilatura.extract(html) or ""


def stripped_text(html: str, _source: str) -> str:
    tree = LexborHTMLParser(html)
    for node in tree.css("script, style"):
        node.decompose()
    return tree.body.text(separator=" ") if tree.body is not None else ""


EXTRACTORS: dict[str, Callable[[str, str], str]] = {
    OURS: reusecheck_text, TRAFILATURA: trafilatura_text, STRIPPER: stripped_text}


def words(text: str) -> Counter[str]:
    return Counter(normalise_word(m.group()) for m in WORD_RE.finditer(text))


@dataclass(frozen=True)
class Score:
    overlap: int
    extracted: int
    true: int

    @property
    def precision(self) -> float:
        return self.overlap / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.overlap / self.true if self.true else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(extracted: str, truth: str) -> Score:
    got, want = words(extracted), words(truth)
    return Score(sum((got & want).values()), sum(got.values()), sum(want.values()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, action="append",
                        help="folder of NAME.html and NAME.txt pairs (repeatable; default: the dev and held-out sets)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of each method on each page")
    parser.add_argument("--page", action="append", default=[], help="only this page (NAME, repeatable)")
    parser.add_argument("--show", action="store_true", help="print the words each method got wrong")
    args = parser.parse_args(argv)
    folders = args.pages or [HERE / name for name in SETS]
    print("\n".join(machine_lines()))
    print(f"trafilatura {trafilatura.__version__}")
    for folder in folders:
        paths = sorted(p for p in folder.glob("*.html") if p.with_suffix(".txt").exists()
                       and (not args.page or p.stem in args.page))
        label = SETS.get(folder.name, folder.name)
        if not paths:
            print(f"\nNo pages in {folder}.")
            continue
        print(f"\n\n{label}: {len(paths)} pages from {folder.name}/\n")
        run(paths, label, args.repeats, args.show)
    return 0


def run(paths: list[Path], label: str, repeats: int, show: bool) -> None:
    """Score and time the three methods on `paths`, print the tables and record the headline figures."""
    scores: dict[str, dict[str, Score]] = {m: {} for m in METHODS}
    times: dict[str, list[float]] = {m: [] for m in METHODS}
    for path in paths:
        html, _encoding = decode(path.read_bytes(), str(path), html=True)
        truth = path.with_suffix(".txt").read_text(encoding="utf-8")
        per_method: dict[str, list[float]] = {m: [] for m in METHODS}
        for _ in range(max(1, repeats)):
            # Interleaved, so that noise on a shared machine hits every method alike.
            for method, extract in EXTRACTORS.items():
                started = time.perf_counter()
                extract(html, str(path))
                per_method[method].append(time.perf_counter() - started)
        for method, extract in EXTRACTORS.items():
            text = extract(html, str(path))
            scores[method][path.stem] = score(text, truth)
            times[method].append(statistics.median(per_method[method]))
            if show:
                _show(path.stem, method, text, truth)
    rows = []
    for path in paths:
        row: list[object] = [path.stem]
        for method in METHODS:
            s = scores[method][path.stem]
            row += [s.precision, s.recall, s.f1]
        rows.append(row)
    headers = ["page"] + [f"{short} {m}" for m in ("rc", "traf", "strip") for short in ("P", "R", "F1")]
    print(table(headers, rows, title="Per page: word precision (P), recall (R) and F1 "
                                     "(rc = reusecheck, traf = trafilatura, strip = tag stripper)"))
    summary = []
    micro: dict[str, float] = {}
    for method in METHODS:
        total = Score(*(sum(getattr(s, f) for s in scores[method].values()) for f in ("overlap", "extracted", "true")))
        per_page = list(scores[method].values())
        micro[method] = total.f1
        summary.append((method, total.precision, total.recall, total.f1,
                        statistics.mean(s.precision for s in per_page), statistics.mean(s.recall for s in per_page),
                        statistics.mean(s.f1 for s in per_page), min(s.f1 for s in per_page),
                        f"{statistics.median(times[method]) * 1000:.1f}"))
    print()
    print(table(("method", "micro P", "micro R", "micro F1", "mean P", "mean R", "mean F1", "worst F1",
                 "ms/page (median)"), summary, title=f"Overall, {label}, {len(paths)} pages"))
    dev = label == SETS["pages"]
    if dev:
        print(f"\nTarget: reusecheck's micro F1 >= {F1_TARGET} and at least trafilatura's: "
              f"{'met' if micro[OURS] >= max(F1_TARGET, micro[TRAFILATURA]) else 'NOT met'}.")
    record(f"Extraction, {label}", "word F1, micro over pages", micro, higher_is_better=True,
           target=F1_TARGET if dev else None)
    record(f"Extraction, {label}", "ms per page, median", {m: statistics.median(times[m]) * 1000 for m in METHODS},
           higher_is_better=False)


def _show(name: str, method: str, extracted: str, truth: str) -> None:
    got, want = words(extracted), words(truth)
    extra, missing = got - want, want - got
    if extra or missing:
        print(f"{name} / {method}: extra {sum(extra.values())}: {' '.join(sorted(extra.elements()))[:400]}")
        print(f"{' ' * len(name)}   missing {sum(missing.values())}: {' '.join(sorted(missing.elements()))[:400]}")


if __name__ == "__main__":
    sys.exit(main())
