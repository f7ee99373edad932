"""GitHub Actions workflow commands: an `::error` or `::warning` annotation per finding.

GitHub shows at most ten error and ten warning annotations of a step and drops the rest silently, so
only the most important ten of each are written, followed by one notice that gives the totals and says
how many were left out.
"""

from __future__ import annotations

from pathlib import Path

from reusecheck.formats.located import Located, located, relative
from reusecheck.report import Report

LIMIT = 10
"""Annotations of one level that GitHub shows per step."""
_TITLE = 80


def render(report: Report, root: str | Path | None = None) -> str:
    """Workflow command lines for the report; file paths are relative to `root` (the repository root)."""
    rows = located(report)
    shown: list[Located] = []
    per_level = {"error": 0, "warning": 0}
    for row in rows:
        if per_level[row.severity] < LIMIT:
            per_level[row.severity] += 1
            shown.append(row)
    lines = [annotation(row, root) for row in shown]
    lines.append(f"::notice title=reusecheck::{escape_data(summary(report, rows, len(rows) - len(shown)))}")
    return "\n".join(lines) + "\n"


def annotation(row: Located, root: str | Path | None = None) -> str:
    """One `::error` or `::warning` line."""
    region = row.region
    props = [("file", relative(row.path, root)), ("line", str(region.start_line)),
             ("endLine", str(region.end_line))]
    # GitHub ignores columns on an annotation that spans lines; an empty span marks no text.
    if region.start_line == region.end_line and region.end_column > region.start_column:
        props += [("col", str(region.start_column)), ("endColumn", str(region.end_column))]
    props.append(("title", f"{row.rule_id}: {_short(row.message)}"))
    text = row.message + (f"\nFix: {row.fix}" if row.fix else "") + f"\nTerms: {' '.join(row.clause.split())}"
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{row.severity} {listed}::{escape_data(text)}"


def summary(report: Report, rows: list[Located], hidden: int) -> str:
    """The closing line: totals, and what the annotations left out."""
    errors = sum(row.severity == "error" for row in rows)
    warnings = len(rows) - errors
    candidates = len(report.candidates) + sum(p.role == "candidate" for p in report.errors)
    text = (f"reusecheck: {_count(len(rows), 'finding')} ({_count(errors, 'error')}, "
            f"{_count(warnings, 'warning')}); {report.violations} of {_count(candidates, 'candidate')} "
            f"{'violates' if report.violations == 1 else 'violate'} the reuse terms; ")
    if hidden:
        return text + (f"{hidden} not annotated (GitHub shows at most {LIMIT} errors and {LIMIT} warnings "
                       f"per step): see the full report.")
    return text + "all annotated."


def escape_data(text: str) -> str:
    """A command's message: GitHub decodes these three."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command's property value: also `:` and `,`, which end it."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _short(message: str) -> str:
    first = message.split(". ")[0].rstrip(".")
    flat = " ".join(first.split())
    return flat if len(flat) <= _TITLE else flat[:_TITLE - 1].rstrip() + "…"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
