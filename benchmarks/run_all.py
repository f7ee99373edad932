"""Every benchmark in one run, then the headline figures of reusecheck and the baselines side by side.

Runs, in turn and in one process: accuracy.py (Clough-Stevenson), controlled.py (derived BBC candidates
with exact truth), summaries.py (BBC extractive summaries), meter.py (METER show-business: newspaper
stories against agency copy), speed.py and extraction.py (the article of HTML pages), printing each one's
tables. Each script records its headline figures as it goes; the closing table puts reusecheck's figure
beside the baselines' from this same run (naive 3-gram containment and copydetect; 1- and 2-gram
containment too for METER; trafilatura alone and a tag stripper for extraction), with the product's target
and whether reusecheck has the best figure of those measured.

Run from the repository root:  python benchmarks/run_all.py [--corpora PATH] [--quick]
(--quick: fewer bootstrap resamples, summaries and timing repeats, for a look in about a minute.)
copydetect comes with the `bench` extra: pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import accuracy
import controlled
import extraction
import meter
import speed
import summaries
from common import DEFAULT_CORPORA, FIGURES, OURS, Figure, machine_lines, table
from common import METHODS as MATCHING_METHODS

METHODS = (*MATCHING_METHODS, extraction.TRAFILATURA, extraction.STRIPPER)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA,
                        help="folder holding the corpora (default: ../shared/corpora beside the repo)")
    parser.add_argument("--quick", action="store_true", help="smaller runs, for a first look")
    args = parser.parse_args(argv)
    corpora = ["--corpora", str(args.corpora)]
    quick = args.quick
    steps: list[tuple[str, Callable[[list[str]], int], list[str]]] = [
        ("Clough-Stevenson short answers (accuracy.py)", accuracy.main,
         corpora + (["--bootstrap", "200"] if quick else [])),
        ("Controlled reuse with exact truth (controlled.py)", controlled.main, corpora),
        ("BBC summaries as extractive reuse (summaries.py)", summaries.main,
         corpora + (["--limit", "500"] if quick else [])),
        ("METER show-business: newspaper stories against agency copy (meter.py)", meter.main,
         corpora + (["--bootstrap", "200"] if quick else [])),
        ("Speed (speed.py)", speed.main, corpora + (["--repeats", "2", "--cli-runs", "2"] if quick else [])),
        ("Article extraction from HTML pages (extraction.py)", extraction.main, ["--repeats", "2" if quick else "5"]),
    ]
    print("\n".join(machine_lines()))
    for title, step, step_args in steps:
        print(f"\n\n{'=' * len(title)}\n{title}\n{'=' * len(title)}\n")
        started = time.perf_counter()
        step(step_args)
        print(f"\n({time.perf_counter() - started:.0f} s)")
    print("\n\n" + headline_table(FIGURES))
    return 0


def _best(figures: Sequence[Figure]) -> str:
    values = {f.method: f.value for f in figures}
    if OURS not in values or len(values) < 2:
        return "-"
    ours = values.pop(OURS)
    higher = figures[0].higher_is_better
    others = list(values.values())
    wins = all(ours > v for v in others) if higher else all(ours < v for v in others)
    ties = all(ours >= v for v in others) if higher else all(ours <= v for v in others)
    return "yes" if wins else ("tied" if ties else "no")


def _met(figure: Figure | None) -> str:
    if figure is None or figure.target is None:
        return "-"
    ok = figure.value >= figure.target if figure.higher_is_better else figure.value <= figure.target
    return "yes" if ok else "NO"


def headline_table(figures: Sequence[Figure]) -> str:
    if not figures:
        return "No headline figures: no corpus was found."
    keys = list(dict.fromkeys((f.benchmark, f.name) for f in figures))
    methods = [m for m in METHODS if any(f.method == m for f in figures)]
    rows = []
    for benchmark, name in keys:
        group = [f for f in figures if (f.benchmark, f.name) == (benchmark, name)]
        by_method = {f.method: f for f in group}
        ours = by_method.get(OURS)
        target = "-" if ours is None or ours.target is None else (
            f"{'>=' if ours.higher_is_better else '<='} {ours.target:g}")
        cells = [f"{by_method[m].value:.4f}" if m in by_method else "-" for m in methods]
        direction = "higher" if group[0].higher_is_better else "lower"
        rows.append((f"{benchmark}: {name}", direction, *cells, target, _met(ours), _best(group)))
    return table(("figure", "better", *methods, "target", "target met", "reusecheck best"), rows,
                 title="Headline figures, all from this run")


if __name__ == "__main__":
    sys.exit(main())
