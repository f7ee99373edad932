"""A Markdown job summary (for `$GITHUB_STEP_SUMMARY`): the verdict, the candidates, the findings.

GitHub refuses a step summary over 1 MiB, so the tables are capped and every cell is cut short; what is
left out is counted in a note.
"""

from __future__ import annotations

import re
from pathlib import Path

from reusecheck.checks import tool
from reusecheck.formats.located import Located, located, relative
from reusecheck.report import CandidateResult, Report

MAX_FINDINGS = 200
MAX_CANDIDATES = 300
MAX_ERRORS = 100
MAX_CELL = 400
"""Characters of one cell: with the caps above the summary stays far below 1 MiB."""
_HEADLINE = {"compliant": "✅ reusecheck: compliant", "violation": "❌ reusecheck: violation",
             "error": "⚠️ reusecheck: inputs could not be judged"}
_VERDICT_ORDER = {"violation": 0, "error": 1, "compliant": 2}
# Inline Markdown and HTML, escaped with a backslash wherever they stand (any ASCII punctuation may be).
_INLINE = re.compile(r"([\\`*_\[\]<>|&~!$])")
# At the start of a line (or of a list item) these open a heading, list, quote or rule.
_LEADING = re.compile(r"^(?:[#+\-=]|\d+[.)])")


def render(report: Report, root: str | Path | None = None) -> str:
    """The job summary as Markdown; file paths are relative to `root` (the repository root)."""
    rows = located(report)
    findings = [row for row in rows if row.kind != tool.INPUT_ERROR.kind]
    problems = [row for row in rows if row.kind == tool.INPUT_ERROR.kind]
    parts = [_heading(report, findings, problems)]
    if report.candidates:
        parts.append(_candidates(report.candidates, root))
    if findings:
        parts.append(_findings(findings, root))
    if problems:
        parts.append(_problems(problems, root))
    return "\n\n".join(parts) + "\n"


def cell(text: str) -> str:
    """Text as one table cell: one line, no markup, `|` kept inside the cell."""
    flat = " ".join(text.split())
    if len(flat) > MAX_CELL:
        flat = flat[:MAX_CELL - 1].rstrip() + "…"
    return escape(flat)


def escape(text: str) -> str:
    """Text that Markdown and HTML leave as written."""
    text = _INLINE.sub(r"\\\1", text)
    leading = _LEADING.match(text)
    if leading:
        cut = leading.end() - 1
        text = text[:cut] + "\\" + text[cut:]
    return text


def _heading(report: Report, findings: list[Located], problems: list[Located]) -> str:
    errors = sum(row.severity == "error" for row in findings)
    candidates = len(report.candidates) + sum(p.role == "candidate" for p in report.errors)
    counts = (f"{report.violations} of {_count(candidates, 'candidate')} "
              f"{'violates' if report.violations == 1 else 'violate'} the reuse terms · "
              f"{_count(errors, 'failing finding')} · {_count(len(findings) - errors, 'warning')} · "
              f"{_count(len(problems), 'input error')} · checked on {report.checked_on.isoformat()}")
    return f"## {_HEADLINE[report.verdict]}\n\n{counts}"


def _candidates(results: tuple[CandidateResult, ...], root: str | Path | None) -> str:
    ordered = sorted(results, key=lambda r: _VERDICT_ORDER[r.verdict])
    lines = ["### Candidates", "", "| Candidate | Verdict | Reused share | Originals used |",
             "| --- | --- | ---: | --- |"]
    for result in ordered[:MAX_CANDIDATES]:
        comparison = result.comparison
        used = [relative(c.measured.original.source, root) for c in result.originals
                if c.measured.overlap.uses_original]
        lines.append("| " + " | ".join((
            cell(relative(comparison.candidate.source, root)), cell(result.verdict),
            f"{comparison.share_of_candidate * 100:.1f}%", cell(", ".join(used)) if used else "none")) + " |")
    return "\n".join(lines) + _more(len(ordered) - MAX_CANDIDATES, "candidate")


def _findings(rows: list[Located], root: str | Path | None) -> str:
    lines = ["### Findings", "", "| Location | Rule | Severity | Message | Fix |", "| --- | --- | --- | --- | --- |"]
    for row in rows[:MAX_FINDINGS]:
        place = f"{relative(row.path, root)}:{row.region.start_line}"
        lines.append("| " + " | ".join((cell(place), cell(row.rule_id), row.severity, cell(row.message),
                                         cell(row.fix) if row.fix else "")) + " |")
    return "\n".join(lines) + _more(len(rows) - MAX_FINDINGS, "finding")


def _problems(rows: list[Located], root: str | Path | None) -> str:
    lines = ["### Input errors", ""]
    for row in rows[:MAX_ERRORS]:
        lines.append(f"- {cell(relative(row.path, root))}: {cell(row.message)}")
    return "\n".join(lines) + _more(len(rows) - MAX_ERRORS, "input error")


def _more(hidden: int, noun: str) -> str:
    if hidden <= 0:
        return ""
    return f"\n\n_{_count(hidden, 'more ' + noun)} not shown: see the full report (JSON or SARIF)._"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
