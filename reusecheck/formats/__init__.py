"""Output formats: each is a function of a Report or Comparison that returns a str."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from reusecheck.errors import UsageError
from reusecheck.formats import github, html_report, json_format, junit, sarif, summary, text_format
from reusecheck.report import Comparison, Comparisons, Report


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    GITHUB = "github"
    SUMMARY = "summary"
    HTML = "html"


_VERDICT_ONLY: dict[Format, Callable[[Report, str | Path | None], str]] = {
    Format.SARIF: sarif.render, Format.JUNIT: junit.render, Format.GITHUB: github.render,
    Format.SUMMARY: summary.render, Format.HTML: html_report.render,
}


def render(result: Report | Comparison | Comparisons, fmt: Format, *, color: bool = False,
           quiet: bool = False, root: str | Path | None = None) -> str:
    """The result in the given format; colour and `quiet` (the verdict line only) apply to text.

    SARIF, JUnit, GitHub, summary and HTML show verdicts, so they are made of a Report only; their paths
    are relative to `root`.
    """
    if fmt in _VERDICT_ONLY:
        if not isinstance(result, Report):
            raise UsageError(f"the {fmt} format shows verdicts: use it with `check` or `ci`, not `compare`",
                             option="format")
        return _VERDICT_ONLY[fmt](result, root)
    if fmt is Format.JSON:
        return json_format.render(result)
    if fmt is Format.TEXT:
        if isinstance(result, Report):
            return text_format.render_report(result, color=color, quiet=quiet)
        if isinstance(result, Comparisons):
            return text_format.render_comparisons(result, color=color, quiet=quiet)
        return text_format.render_comparison(result, color=color, quiet=quiet)
    raise ValueError(f"no renderer for format {fmt!r}")
