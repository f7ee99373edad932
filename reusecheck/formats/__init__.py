"""Output formats: each is a function of a Report or Comparison that returns a str."""

from __future__ import annotations

from enum import StrEnum

from reusecheck.formats import json_format, text_format
from reusecheck.report import Comparison, Report


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


def render(result: Report | Comparison, fmt: Format, *, color: bool = False) -> str:
    """The result in the given format; colour applies to text only."""
    if fmt is Format.JSON:
        return json_format.render(result)
    if fmt is Format.TEXT:
        if isinstance(result, Report):
            return text_format.render_report(result, color=color)
        return text_format.render_comparison(result, color=color)
    raise ValueError(f"no renderer for format {fmt!r}")
