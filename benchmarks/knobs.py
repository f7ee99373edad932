"""How the matcher's knobs move its accuracy: the measurements behind MatchOptions' defaults.

Each row changes one knob from its default and scores reusecheck alone on three corpora:
- controlled.py's derived candidates (exact truth): MAE of share_of_original over all kinds and on the
  rewritten kind, decisions at a 30% cap, and the largest share measured on a same-topic negative;
- Clough-Stevenson (corrected labels): AUC of reused against independent answers and Spearman with the category order;
- BBC summaries (the first --summaries pairs): share with share_of_candidate >= 0.95.

Run from the repository root: python benchmarks/knobs.py [--corpora PATH] [--summaries 600]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import controlled
import summaries
from accuracy import REUSED, TIED_ORDER, corrected_labels, score_corpus
from common import DEFAULT_CORPORA, auc, machine_lines, spearman, table
from scorers import reusecheck_scorer

from reusecheck.matching import MatchOptions

CAP = 0.30
DEFAULT = MatchOptions()
VARIANTS: list[tuple[str, dict[str, object]]] = [
    ("defaults", {}),
    *[(f"min_words={n}", {"min_words": n}) for n in (4, 5, 7, 8, 10)],
    *[(f"max_gap={n}", {"max_gap": n}) for n in (2, 6)],
    *[(f"max_substitution={n}", {"max_substitution": n}) for n in (1, 3)],
    *[(f"stock_limit={n}", {"stock_limit": n}) for n in (3, 12)],
    ("rewrites=False", {"rewrites": False}),
    *[(f"rewrite_min_share={v}", {"rewrite_min_share": v}) for v in (0.4, 0.6, 0.7)],
]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA,
                        help="folder holding the corpora (default: ../shared/corpora beside the repo)")
    parser.add_argument("--summaries", type=int, default=600, help="BBC summaries to score per variant")
    args = parser.parse_args(argv)
    bbc, cs = args.corpora / "bbc-news-summary", args.corpora / "clough-stevenson"
    if not (bbc / "articles").is_dir() or not (cs / "file_information.csv").is_file():
        print(f"corpora not found under {args.corpora}: nothing to measure (pass --corpora PATH)")
        return 0

    print("\n".join(machine_lines()))
    print(f"defaults: {dataclasses.asdict(DEFAULT)}")
    started = time.perf_counter()
    cases = controlled.generate(bbc, controlled.DEFAULT_SEED, controlled.DEFAULT_CANDIDATES)
    rows = []
    for label, change in VARIANTS:
        options = dataclasses.replace(DEFAULT, **change)  # type: ignore[arg-type]
        rows.append((label, *measure(options, cases, bbc, cs, args.summaries)))
    print(f"{len(VARIANTS)} variants in {time.perf_counter() - started:.0f} s\n")
    print(table(("variant", "controlled MAE", "rewritten MAE", "right @30%", "max negative", "C-S AUC (corrected)",
                 "C-S Spearman", "summaries >= 0.95"), rows,
                title="One knob changed at a time; reusecheck only"))
    return 0


def measure(options: MatchOptions, cases: Sequence[controlled.Case], bbc: Path, cs: Path,
            limit: int) -> tuple[float, ...]:
    scorer = reusecheck_scorer(options)
    results = controlled.evaluate(cases, {"reusecheck": scorer})
    outcomes = results.outcomes["reusecheck"]
    errors = [abs(o.measured - c.true_share) for c, o in zip(cases, outcomes, strict=True)]
    rewritten = [e for c, e in zip(cases, errors, strict=True) if c.kind == "rewritten"]
    right = sum((o.measured > CAP) == (c.true_share > CAP) for c, o in zip(cases, outcomes, strict=True))
    negatives = [o.measured for c, o in zip(cases, outcomes, strict=True) if c.kind == "negative"]

    answers = corrected_labels(score_corpus(cs, options, with_copydetect=False))
    name = "reusecheck share_of_candidate"
    scores = [a.scores[name] for a in answers]
    positives = [s for a, s in zip(answers, scores, strict=True) if a.category in REUSED]
    independent = [s for a, s in zip(answers, scores, strict=True) if a.category not in REUSED]

    pairs, _ = summaries.evaluate(bbc, limit, scorers={"reusecheck": scorer})
    near_whole = sum(r.scores["reusecheck"][0] >= summaries.TARGET_SHARE for r in pairs) / len(pairs)
    return (statistics.mean(errors), statistics.mean(rewritten) if rewritten else float("nan"),
            right / len(cases), max(negatives), auc(positives, independent),
            spearman(scores, [TIED_ORDER[a.category] for a in answers]), near_whole)


if __name__ == "__main__":
    sys.exit(main())
