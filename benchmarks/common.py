"""Helpers shared by the benchmark scripts: where the corpora live, the naive baseline, tables, statistics."""

from __future__ import annotations

import hashlib
import math
import os
import platform
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import reusecheck

# The corpora are research data under their owners' terms, so they sit beside the repository, never in it.
DEFAULT_CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"

_BASELINE_WORD = re.compile(r"\w+")


def baseline_words(text: str) -> list[str]:
    """Words as the naive baseline sees them: lowercased runs of \\w, no other normalisation."""
    return _BASELINE_WORD.findall(text.lower())


def trigrams(words: Sequence[str]) -> set[tuple[str, str, str]]:
    return {(words[i], words[i + 1], words[i + 2]) for i in range(len(words) - 2)}


def containment(candidate_words: Sequence[str], source_words: Sequence[str]) -> float:
    """Share of the candidate's distinct word trigrams that also occur in the source."""
    theirs = trigrams(candidate_words)
    if not theirs:
        return 0.0
    return len(theirs & trigrams(source_words)) / len(theirs)


def source_fingerprint() -> str:
    """A short hash of the installed package's source, so a printed table can be tied to the code it measured."""
    root = Path(reusecheck.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in {".py", ".yaml", ".json"}):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def machine_lines() -> list[str]:
    return [
        f"platform: {platform.platform()}",
        f"python:   {platform.python_implementation()} {platform.python_version()}",
        f"cpus:     {os.cpu_count()}",
        f"package:  reusecheck {reusecheck.__version__}, source sha256 {source_fingerprint()}",
    ]


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, title: str | None = None) -> str:
    """A plain-text table, first column left-aligned, the rest right-aligned, that pastes into Markdown."""
    cells = [[str(h) for h in headers]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        parts = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        return "| " + " | ".join(parts) + " |"

    rule = "|" + "|".join(
        "-" * (w + 1) + ":" if i else ":" + "-" * (w + 1) for i, w in enumerate(widths)
    ) + "|"
    out = [title, ""] if title else []
    out += [line(cells[0]), rule] + [line(row) for row in cells[1:]]
    return "\n".join(out)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "nan" if math.isnan(value) else f"{value:.3f}"
    return str(value)


def average_ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, tied values sharing the mean of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        mean = (start + end) / 2 + 1
        for k in range(start, end + 1):
            ranks[order[k]] = mean
        start = end + 1
    return ranks


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else float("nan")


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rho as Pearson's r of average ranks, which stays exact when either side has ties."""
    return pearson(average_ranks(x), average_ranks(y))


def auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """Mann-Whitney AUC: the chance a positive scores above a negative, ties counted half."""
    ranks = average_ranks(list(positives) + list(negatives))
    n_pos, n_neg = len(positives), len(negatives)
    rank_sum = sum(ranks[:n_pos])
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100), the same rule as statistics.quantiles' inclusive method."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q / 100
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


# Headline figures ------------------------------------------------------------------------------------
# Each script records the few figures its targets are about, so that run_all.py can put every method's
# figure beside the target and say which method did best, from the same run.

OURS, TRIGRAM, COPYDETECT = "reusecheck", "3-gram", "copydetect"
UNIGRAM, BIGRAM = "1-gram", "2-gram"
"""Word 1- and 2-gram containment: baselines of the METER benchmark (meter.py) only."""
METHODS = (OURS, UNIGRAM, BIGRAM, TRIGRAM, COPYDETECT)
"""Every headline method, in the order run_all.py's table gives them."""


@dataclass(frozen=True)
class Figure:
    benchmark: str
    name: str
    method: str
    """One of METHODS."""
    value: float
    higher_is_better: bool
    target: float | None = None
    """The product's target for reusecheck's figure (>= when higher is better, else <=)."""


FIGURES: list[Figure] = []


def record(benchmark: str, name: str, values: dict[str, float], *, higher_is_better: bool,
           target: float | None = None) -> None:
    """Keep one headline figure of each method (keys from METHODS; missing ones skipped)."""
    FIGURES.extend(Figure(benchmark, name, method, value, higher_is_better, target)
                   for method, value in values.items())


def method_of(name: str) -> str:
    """The headline method a script's column name stands for."""
    lowered = name.lower()
    if "copydetect" in lowered:
        return COPYDETECT
    if "3-gram" in lowered or "trigram" in lowered:
        return TRIGRAM
    if "2-gram" in lowered or "bigram" in lowered:
        return BIGRAM
    if "1-gram" in lowered or "unigram" in lowered:
        return UNIGRAM
    return OURS
