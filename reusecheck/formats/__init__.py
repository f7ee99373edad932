"""Output formats: each is a function of a Report or Comparison that returns a str."""

from __future__ import annotations

from enum import StrEnum

from reusecheck.formats import json_format, text_format
from reusecheck.report import Comparison, Report


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


def render_report(report: Report, fmt: Format, *, color: bool = False) -> str:
    if fmt is Format.JSON:
        return json_format.render(report)
    if fmt is Format.TEXT:
        return text_format.render_report(report, color=color)
    raise ValueError(f"no renderer for format {fmt!r}")


def render_comparison(comparison: Comparison, fmt: Format, *, color: bool = False) -> str:
    if fmt is Format.JSON:
        return json_format.render(comparison)
    if fmt is Format.TEXT:
        return text_format.render_comparison(comparison, color=color)
    raise ValueError(f"no renderer for format {fmt!r}")
