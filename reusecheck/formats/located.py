"""A report's failing findings as flat rows, each placed in the candidate's file as written.

SARIF, GitHub annotations, JUnit, the job summary and the HTML report all show the same findings at
the same places; they read them from here, most important first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reusecheck.checks import Finding, tool
from reusecheck.documents.locate import Region
from reusecheck.documents.model import Document
from reusecheck.report import Checked, Problem, Report

_KIND_ORDER = {"permission-required": 0, "max-share": 1, "hyperlink": 2}


@dataclass(frozen=True)
class Site:
    """One reused passage: where it stands in the candidate's file and in the original's."""

    candidate: Region
    original: Region
    candidate_text: str
    original_text: str
    words: int
    kind: str


@dataclass(frozen=True)
class Located:
    """A failing finding, or an input that could not be judged, with its place in the candidate's file."""

    path: str
    """The candidate's file as given (for an unreadable original, that file)."""
    pack: str
    rule: str
    kind: str
    severity: Literal["error", "warning"]
    message: str
    fix: str | None
    clause: str
    region: Region
    """Where a reader should look: the longest reused passage, or the front matter's `source:` line, or
    the first line."""
    original: str | None = None
    original_url: str | None = None
    sites: tuple[Site, ...] = ()
    """The reused passages, in the candidate's order."""
    finding: Finding | None = None

    @property
    def rule_id(self) -> str:
        """Stable across runs: the pack's id and the rule's, e.g. `qazmonitor/max-share`."""
        return f"{self.pack}/{self.rule}"


def located(report: Report) -> list[Located]:
    """Every failing finding and every input error of the report, most important first: errors before
    warnings, permission before share before link, larger measures first."""
    rows: list[Located] = [_problem(p) for p in report.errors]
    for result in report.candidates:
        candidate = result.comparison.candidate
        rows.extend(_problem(p) for p in result.errors)
        rows.extend(_whole(candidate, f) for f in result.findings if f.failed)
        for checked in result.originals:
            rows.extend(_pair(candidate, checked, f) for f in checked.findings if f.failed)
    return sorted(rows, key=_importance)


def sites(candidate: Document, checked: Checked) -> tuple[Site, ...]:
    """The passages of one pair, placed in both files, in the candidate's order."""
    original = checked.measured.original
    passages = sorted(checked.measured.overlap.passages, key=lambda p: p.candidate_start)
    return tuple(Site(candidate=candidate.region(p.candidate_start, p.candidate_end),
                      original=original.region(p.original_start, p.original_end),
                      candidate_text=candidate.text[p.candidate_start:p.candidate_end],
                      original_text=original.text[p.original_start:p.original_end],
                      words=p.words, kind=p.kind) for p in passages)


def relative(path: str, root: str | Path | None) -> str:
    """`path` relative to `root` with forward slashes, or as given when it lies outside `root`."""
    if root is None:
        return Path(path).as_posix()
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()
    return Path(path).as_posix() if rel.startswith("..") else Path(rel).as_posix()


def _importance(row: Located) -> tuple[int, int, float, str, int]:
    measured = row.finding.measured if row.finding and row.finding.measured is not None else 0.0
    return (row.severity != "error", _KIND_ORDER.get(row.kind, 3), -measured, row.path, row.region.start_line)


def _pair(candidate: Document, checked: Checked, finding: Finding) -> Located:
    placed = sites(candidate, checked)
    if finding.span is not None:
        region = candidate.region(*finding.span)
    elif finding.kind == "hyperlink" or not placed:
        region = candidate.head_region("source", "sources", "url")
    else:
        longest = max(placed, key=lambda s: s.words)
        region = longest.candidate
    return Located(path=candidate.source, pack=checked.pack.id, rule=finding.rule, kind=finding.kind,
                   severity=_severity(finding), message=finding.message, fix=finding.fix, clause=finding.clause,
                   region=region, original=checked.measured.original.source, original_url=checked.measured.url,
                   sites=placed if finding.kind != "hyperlink" else (), finding=finding)


def _whole(candidate: Document, finding: Finding) -> Located:
    return Located(path=candidate.source, pack=tool.PACK, rule=finding.rule, kind=finding.kind,
                   severity=_severity(finding), message=finding.message, fix=finding.fix, clause=finding.clause,
                   region=candidate.head_region("source", "sources"), finding=finding)


def _problem(problem: Problem) -> Located:
    line = problem.line or 1
    rule = tool.INPUT_ERROR
    return Located(path=problem.source, pack=tool.PACK, rule=rule.id, kind=rule.kind, severity="error",
                   message=problem.message, fix=None, clause=rule.clause, region=Region(line, 1, line, 1))


def _severity(finding: Finding) -> Literal["error", "warning"]:
    return "error" if finding.severity == "error" else "warning"
