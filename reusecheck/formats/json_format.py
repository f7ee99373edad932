"""JSON: the report's own dict, schema version first."""

from __future__ import annotations

import json

from reusecheck.report import Comparison, Report


def render(result: Report | Comparison) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
