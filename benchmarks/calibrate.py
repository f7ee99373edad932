"""How the defaults of the use decision (reusecheck.matching.use.UseOptions) were chosen, rerun on data.

The decision says whether a candidate uses an original at all. It is calibrated on real reuse judged by
people, and checked against texts that share a topic but no text:

- METER show-business (meter.py): 175 newspaper stories judged wholly-, partially- or non-derived from the
  agency copy of their day and catchline. A story uses the agency copy when it uses any of its files;
  the aim is to call derived stories use and non-derived ones not (balanced accuracy).
- Controlled negatives (controlled.py, kind "negative"): BBC stories of the same topic as their original,
  sharing no text. None should be use.
- Clough-Stevenson short answers on corrected labels (accuracy.py): answers written without the source
  (non) should not be use; cut, light and heavy revisions should.

Every pair is measured once: the strict stage's passages (`UseOptions(decide=False)`), and how each
candidate sentence follows the original's sentences (follow.follow). Then the product's own
`use.decide` runs on them under every setting of a grid. The grid's settings are scored on METER with
leave-one-date-out cross-validation (the setting chosen on 12 days is applied to the 13th), which says
how well the procedure carries to stories it has not seen; the in-sample figures of single settings are
optimistic. The table shows the defaults beside the best settings found.

Run from the repository root: python benchmarks/calibrate.py [--corpora PATH] [--top 15]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

import controlled
from accuracy import MISLABELLED
from common import DEFAULT_CORPORA, machine_lines, table
from meter import load_stories

from reusecheck.documents import load_document
from reusecheck.documents.model import from_text
from reusecheck.matching import MatchOptions, UseOptions, align
from reusecheck.matching.follow import Followed, follow
from reusecheck.matching.overlap import Passage
from reusecheck.matching.pairs import shared_pairs
from reusecheck.matching.prepare import Prepared
from reusecheck.matching.use import decide

RAW = UseOptions(decide=False)
GRID = {
    "min_passage": (20, 30, 40, 10_000),
    "sentence_words": (8, 10, 12),
    "sentence_share": (0.8, 0.85, 0.9, 0.95),
    "follow_share": (0.25, 0.3, 0.35, 0.4),
    "follow_words": (4, 5, 6, 8),
    "min_followed": (0.25, 0.3, 0.35, 0.4, 0.45),
}
"""The settings tried; the others keep their defaults. 10,000 words stands for "no passage rule"."""


@dataclass(frozen=True)
class Pair:
    """What the decision needs of one (original, candidate) pair, measured once."""

    original: Prepared
    candidate: Prepared
    passages: tuple[Passage, ...]
    followed: tuple[Followed, ...]

    def uses(self, opts: UseOptions) -> bool:
        return decide(self.passages, self.followed, self.original, self.candidate, opts).uses


@dataclass(frozen=True)
class Item:
    """One candidate with the pairs it is judged by: it uses the originals when it uses any of them."""

    source: str
    """meter, negative or clough-stevenson."""
    label: str
    """The class the people who made the data gave it."""
    group: str
    """For METER the day: the unit of cross-validation."""
    pairs: tuple[Pair, ...]

    def uses(self, opts: UseOptions) -> bool:
        return any(p.uses(opts) for p in self.pairs)


def measure(original: Prepared, candidate: Prepared) -> Pair:
    overlap = align(original, candidate, MatchOptions(), RAW)
    return Pair(original, candidate, overlap.passages,
                tuple(follow(original, candidate, 1, shared_pairs(original, candidate))))


def meter_items(corpora: Path) -> list[Item]:
    items = []
    for story in load_stories(corpora):
        candidate = from_text(story.text).prepared
        pairs = tuple(measure(from_text(text).prepared, candidate) for _name, text in story.pa)
        items.append(Item("meter", story.classification, story.date, pairs))
    return items


def negative_items(corpora: Path) -> list[Item]:
    cases = [c for c in controlled.generate(corpora / "bbc-news-summary", controlled.DEFAULT_SEED,
                                            controlled.DEFAULT_CANDIDATES)
             if c.kind == "negative"]
    return [Item("negative", "negative", "", (measure(from_text(c.original).prepared,
                                                       from_text(c.candidate).prepared),))
            for c in cases]


def clough_stevenson_items(corpora: Path) -> list[Item]:
    folder = corpora / "clough-stevenson"
    items = []
    sources: dict[str, Prepared] = {}
    for line in (folder / "file_information.csv").read_text(encoding="utf-8").splitlines()[1:]:
        name, task, category = line.split(",")[:3]
        if category == "orig":
            continue
        if task not in sources:
            sources[task] = load_document(folder / f"orig_task{task}.txt").prepared
        label = "non" if name in MISLABELLED else category
        items.append(Item("clough-stevenson", label, task,
                          (measure(sources[task], load_document(folder / name).prepared),)))
    return items


def settings() -> list[UseOptions]:
    names = list(GRID)
    return [replace(UseOptions(), **dict(zip(names, values, strict=True)))
            for values in itertools.product(*(GRID[n] for n in names))]


def balanced_accuracy(items: Sequence[Item], used: Sequence[bool]) -> float:
    derived = [u for item, u in zip(items, used, strict=True) if item.label != "non-derived"]
    independent = [u for item, u in zip(items, used, strict=True) if item.label == "non-derived"]
    return (sum(derived) / len(derived) + 1 - sum(independent) / len(independent)) / 2


def rate(items: Sequence[Item], used: Sequence[bool], labels: set[str]) -> float:
    chosen = [u for item, u in zip(items, used, strict=True) if item.label in labels]
    return sum(chosen) / len(chosen) if chosen else float("nan")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--top", type=int, default=15, help="best settings to show")
    args = parser.parse_args(argv)
    if not (args.corpora / "meter-showbiz").is_dir():
        print(f"METER corpus not found under {args.corpora}: nothing to calibrate on")
        return 0
    print("\n".join(machine_lines()))
    started = time.perf_counter()
    meter = meter_items(args.corpora)
    others = negative_items(args.corpora) if (args.corpora / "bbc-news-summary").is_dir() else []
    if (args.corpora / "clough-stevenson").is_dir():
        others += clough_stevenson_items(args.corpora)
    grid = settings()
    print(f"{len(meter)} METER stories, {len(others)} other candidates measured in "
          f"{time.perf_counter() - started:.1f} s; {len(grid)} settings")

    started = time.perf_counter()
    defaults = UseOptions()
    if defaults not in grid:
        grid.append(defaults)
    used = {opts: [item.uses(opts) for item in meter] for opts in grid}
    print(f"decisions in {time.perf_counter() - started:.1f} s")

    # Leave one day out: the best setting on the other days decides the stories of this one.
    days = sorted({item.group for item in meter})
    cross = [False] * len(meter)
    chosen: list[UseOptions] = []
    for day in days:
        train = [i for i, item in enumerate(meter) if item.group != day]
        best = max(grid, key=lambda o: (balanced_accuracy([meter[i] for i in train],
                                                          [used[o][i] for i in train]), o == defaults))
        chosen.append(best)
        for i, item in enumerate(meter):
            if item.group == day:
                cross[i] = used[best][i]
    print(f"\nLeave-one-day-out on METER ({len(days)} days): balanced accuracy "
          f"{balanced_accuracy(meter, cross):.3f}; non-derived called use {rate(meter, cross, {'non-derived'}):.3f}, "
          f"wholly-derived {rate(meter, cross, {'wholly-derived'}):.3f}, partially-derived "
          f"{rate(meter, cross, {'partially-derived'}):.3f}")
    print(f"the defaults were chosen on {sum(c == defaults for c in chosen)} of the {len(days)} folds")

    ranked = sorted(grid, key=lambda o: -balanced_accuracy(meter, used[o]))[:args.top]
    if defaults not in ranked:
        ranked.append(defaults)
    rows = []
    for opts in ranked:
        other = [item.uses(opts) for item in others]
        rows.append((
            "defaults" if opts == defaults else "",
            *(getattr(opts, name) for name in GRID),
            balanced_accuracy(meter, used[opts]), rate(meter, used[opts], {"non-derived"}),
            rate(meter, used[opts], {"wholly-derived"}), rate(meter, used[opts], {"partially-derived"}),
            rate(others, other, {"negative"}), rate(others, other, {"non"}),
            rate(others, other, {"heavy", "light", "cut"}),
        ))
    print()
    print(table(("", *GRID, "METER bal. acc.", "non-derived used", "wholly used", "partially used",
                 "same-topic negatives used", "C-S non used", "C-S reused used"), rows,
                title=f"The {args.top} best settings on METER (in-sample, so optimistic), and the defaults"))
    print("\nThe other options keep their defaults: "
          + ", ".join(f"{f.name}={getattr(defaults, f.name)}" for f in fields(UseOptions) if f.name not in GRID))
    return 0


if __name__ == "__main__":
    sys.exit(main())
