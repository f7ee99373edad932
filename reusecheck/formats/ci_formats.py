"""The formats `reusecheck ci` writes, each a function of the report and the repository root."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reusecheck.formats import github as github_format
from reusecheck.formats import html_report, json_format, text_format
from reusecheck.formats import junit as junit_format
from reusecheck.formats import sarif as sarif_format
from reusecheck.formats import summary as summary_format
from reusecheck.report import Report

if TYPE_CHECKING:
    from reusecheck.ci import Run


def sarif(report: Report, root: Path) -> str:
    return sarif_format.render(report, root)


def junit(report: Report, root: Path) -> str:
    return junit_format.render(report, root)


def html(report: Report, root: Path) -> str:
    return html_report.render(report, root)


def summary(report: Report, root: Path) -> str:
    return summary_format.render(report, root)


def github(report: Report, root: Path) -> str:
    return github_format.render(report, root)


def json(report: Report, root: Path) -> str:
    # Paths stay as the run named them, like `check`'s JSON.
    return json_format.render(report)


def text(done: Run, *, color: bool, quiet: bool) -> str:
    shown = text_format.render_report(done.report, color=color, quiet=quiet)
    if quiet:
        return shown
    n = len(done.candidates) - len(done.empty)
    lines = [f"Checked {n} candidate{'s' if n != 1 else ''}"
             + (f"; {len(done.not_included)} not included by the configuration" if done.not_included else "")
             + (f"; {len(done.empty)} without article text, not judged" if done.empty else "") + "."]
    if done.everything_because:
        lines.append(f"Every included file was checked: {done.everything_because}.")
    if done.report.fail_on != "error":
        what = "warnings fail the run too" if done.report.fail_on == "warning" else "findings never fail the run"
        lines.append(f"fail_on: {done.report.fail_on} ({what}).")
    report = done.report
    return "\n".join(lines) + "\n" + ("\n" + shown if n or report.errors or report.notes else "")
