"""JSON: the report's own dict, schema version first."""

from __future__ import annotations

import json

from reusecheck.report import Comparison, Comparisons, Report
from reusecheck.terminal import SURROGATES


def render(result: Report | Comparison | Comparisons) -> str:
    # A file name with bytes that are not UTF-8 reaches Python as lone surrogates; JSON must be UTF-8.
    return SURROGATES.sub("\ufffd", json.dumps(result.to_dict(), ensure_ascii=False, indent=2)) + "\n"
