"""Output formats: each is a function of a Report or Comparison that returns a str."""

from __future__ import annotations

from enum import StrEnum

from reusecheck.formats import json_format, text_format
from reusecheck.report import Comparison, Comparisons, Report


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


def render(result: Report | Comparison | Comparisons, fmt: Format, *, color: bool = False,
           quiet: bool = False) -> str:
    """The result in the given format; colour and `quiet` (the verdict line only) apply to text."""
    if fmt is Format.JSON:
        return json_format.render(result)
    if fmt is Format.TEXT:
        if isinstance(result, Report):
            return text_format.render_report(result, color=color, quiet=quiet)
        if isinstance(result, Comparisons):
            return text_format.render_comparisons(result, color=color, quiet=quiet)
        return text_format.render_comparison(result, color=color, quiet=quiet)
    raise ValueError(f"no renderer for format {fmt!r}")
