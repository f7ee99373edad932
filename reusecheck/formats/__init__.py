"""Output formats: each is a function of a Report or Comparison that returns a str."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from reusecheck.errors import UsageError
from reusecheck.formats import json_format, text_format
from reusecheck.report import Comparison, Comparisons, Report


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    GITHUB = "github"
    SUMMARY = "summary"
    HTML = "html"


def _verdict_only(fmt: Format) -> Callable[[Report, str | Path | None], str] | None:
    """The renderer of a CI format, imported when asked for: the command line starts faster without."""
    from reusecheck.formats import github, html_report, junit, sarif, summary

    renderers: dict[Format, Callable[[Report, str | Path | None], str]] = {
        Format.SARIF: sarif.render, Format.JUNIT: junit.render, Format.GITHUB: github.render,
        Format.SUMMARY: summary.render, Format.HTML: html_report.render,
    }
    return renderers.get(fmt)


def render(result: Report | Comparison | Comparisons, fmt: Format, *, color: bool = False,
           quiet: bool = False, root: str | Path | None = None) -> str:
    """The result in the given format; colour and `quiet` (the verdict line only) apply to text.

    SARIF, JUnit, GitHub, summary and HTML show verdicts, so they are made of a Report only; their paths
    are relative to `root`.
    """
    if fmt not in (Format.TEXT, Format.JSON):
        renderer = _verdict_only(fmt)
        if renderer is None:
            raise ValueError(f"no renderer for format {fmt!r}")
        if not isinstance(result, Report):
            raise UsageError(f"the {fmt} format shows verdicts: use it with `check` or `ci`, not `compare`",
                             option="format")
        return renderer(result, root)
    if fmt is Format.JSON:
        return json_format.render(result)
    if fmt is Format.TEXT:
        if isinstance(result, Report):
            return text_format.render_report(result, color=color, quiet=quiet)
        if isinstance(result, Comparisons):
            return text_format.render_comparisons(result, color=color, quiet=quiet)
        return text_format.render_comparison(result, color=color, quiet=quiet)
    raise ValueError(f"no renderer for format {fmt!r}")
